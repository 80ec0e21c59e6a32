"""The message catalogues: every message the code can show is there, in each language, with the
same placeholders; nothing is there that no code shows; no message id is made at run time;
a message that cannot be shown is an error, never its id in front of a user."""

from __future__ import annotations

import ast
import io
import re
import string
from collections.abc import Iterator
from pathlib import Path

import attrs
import message_tools
import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

from riskreg.messages import (
    LANGUAGES,
    LIBRARY,
    Counted,
    MessageError,
    Term,
    translate,
    translate_n,
)
from riskreg.words import WORDS, word

ROOT = Path(__file__).resolve().parent.parent
tools = message_tools.load()
DOMAINS = tools.DOMAINS


def catalogue(domain: str, lang: str) -> Catalog:
    with tools.po_path(domain, lang).open("rb") as f:
        return read_po(f, locale=lang, domain=domain)


def messages(domain: str, lang: str) -> dict[str, Message]:
    return {_id(m): m for m in catalogue(domain, lang) if m.id}


def _id(message: Message) -> str:
    return message.id if isinstance(message.id, str) else message.id[0]


def _forms(message: Message) -> tuple[str, ...]:
    return message.string if isinstance(message.string, tuple) else (message.string,)


def python_files() -> Iterator[Path]:
    for package in ("riskreg", "tui"):
        yield from sorted((ROOT / package).rglob("*.py"))


@pytest.fixture(scope="module")
def expected() -> dict[str, dict[str, tuple[str, ...]]]:
    return tools.expected_ids()  # type: ignore[no-any-return]


def _mentions(key: str) -> list[str]:
    found = []
    for path in python_files():
        for n, line in enumerate(path.read_text().splitlines(), 1):
            if f'"{key}"' in line or f"'{key}'" in line:
                found.append(f"{path.relative_to(ROOT)}:{n}")
    return found


CATALOGUES = [(d, lang) for d in DOMAINS for lang in LANGUAGES] + [
    (tools.CLICK, lang) for lang in tools.CLICK_LANGUAGES]


@pytest.mark.parametrize(("domain", "lang"), CATALOGUES)
def test_every_message_the_code_shows_is_in_the_catalogue_and_nothing_else(
        domain: str, lang: str, expected: dict[str, dict[str, tuple[str, ...]]]) -> None:
    have = messages(domain, lang)
    wanted = expected[domain]
    missing = sorted(set(wanted) - set(have))
    unused = sorted(set(have) - set(wanted))
    lines = [f"missing in {tools.po_path(domain, lang).relative_to(ROOT)} "
             f"(run `make messages`, then write the texts): {k}" for k in missing]
    for key in unused:
        where = _mentions(key)
        hint = (f"named at {', '.join(where[:3])} but not where extraction looks: mark it "
                "N_(\"...\") or add the function to the keywords in pyproject.toml"
                if where else "no code uses it: `make messages` drops it")
        lines.append(f"unused in {domain}/{lang}: {key} ({hint})")
    assert not lines, "\n".join(lines)
    plural = sorted(k for k, ids in wanted.items() if k in have
                    and (len(ids) > 1) != isinstance(have[k].id, (list, tuple)))
    assert not plural, f"singular in the code and plural in the catalogue, or the reverse: {plural}"


@pytest.mark.parametrize(("domain", "lang"), CATALOGUES)
def test_every_message_has_its_text_and_every_plural_form(domain: str, lang: str) -> None:
    catalog = catalogue(domain, lang)
    empty = [_id(m) for m in catalog if m.id and not all(_forms(m))]
    fuzzy = [_id(m) for m in catalog if m.id and m.fuzzy]
    forms = [_id(m) for m in catalog if m.id and isinstance(m.id, (list, tuple))
             and len(_forms(m)) != catalog.num_plurals]
    assert not empty, f"no text in {lang}: {empty}"
    assert not fuzzy, f"marked fuzzy (a guess, not compiled): {fuzzy}"
    assert not forms, f"not {catalog.num_plurals} plural forms: {forms}"


def _placeholders(text: str) -> set[str]:
    names = set()
    for _, name, _, _ in string.Formatter().parse(text):
        if name is not None:
            names.add(re.split(r"[.\[!:]", name, maxsplit=1)[0])
    return names


@pytest.mark.parametrize("domain", DOMAINS)
def test_placeholders_are_the_same_in_every_language(domain: str) -> None:
    """A placeholder only one language has would be left out or fail in the other. In a plural
    form the number ``{n}`` may be left out ("1 ändring"), nothing else."""
    texts = {lang: messages(domain, lang) for lang in LANGUAGES}
    differ = []
    for key, message in texts[LANGUAGES[0]].items():
        seen = {lang: [_placeholders(f) for f in _forms(texts[lang][key])]
                for lang in LANGUAGES if key in texts[lang]}
        plural = isinstance(message.id, (list, tuple))
        sets = [s - {"n"} if plural else s for forms in seen.values() for s in forms]
        if any(s != sets[0] for s in sets):
            differ.append(f"{key}: {seen}")
        if plural and not any("n" in s for forms in seen.values() for s in forms[1:]):
            differ.append(f"{key}: a plural form for many without {{n}}")
    assert not differ, "\n".join(differ)


def test_clicks_own_messages_keep_their_placeholders() -> None:
    """click fills in its texts itself: a Swedish text must name what the English one does."""
    differ = []
    for lang in tools.CLICK_LANGUAGES:
        for message in catalogue(tools.CLICK, lang):
            if not message.id:
                continue
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            wanted = set().union(*(_placeholders(i) for i in ids)) | set(
                re.findall(r"%\((\w+)\)", " ".join(ids)))
            for form in _forms(message):
                got = _placeholders(form) | set(re.findall(r"%\((\w+)\)", form))
                if got - wanted or (not isinstance(message.id, tuple) and got != wanted):
                    differ.append(f"{ids[0]!r}: {form!r}")
    assert not differ, "\n".join(differ)


def test_every_text_formats_with_its_own_placeholders() -> None:
    """No stray brace or bad conversion: each text formats when given what it names."""
    broken = []
    for domain in DOMAINS:
        for lang in LANGUAGES:
            for key, message in messages(domain, lang).items():
                for form in _forms(message):
                    try:
                        form.format(**dict.fromkeys(_placeholders(form), "x"))
                    except (ValueError, KeyError, IndexError) as exc:
                        broken.append(f"{domain}/{lang} {key}: {exc}")
    assert not broken, "\n".join(broken)


def test_the_layers_keep_their_messages() -> None:
    """The review UI's own messages (``tui.*``) are in tui/locale; the library's and the
    command line's in riskreg/locale; the same id never in both."""
    library, ui = messages("riskreg", "sv"), messages("tui", "sv")
    assert not [k for k in library if k.startswith("tui.")]
    assert not [k for k in ui if not k.startswith("tui.")]
    assert not set(library) & set(ui)


def _id_prefixes() -> set[str]:
    prefixes = set()
    for domain in DOMAINS:
        for key in messages(domain, "sv"):
            parts = key.split(".")
            prefixes.update(".".join(parts[:n]) + "." for n in range(1, len(parts)))
    return prefixes - {"riskreg.", "tui."}  # module names, never message ids


def test_no_message_id_is_made_at_run_time() -> None:
    """An id built from a value (``t(f"status.{s}")``) is invisible to extraction, so no test
    would see it missing: every id is written out (a table of ids marked ``N_``)."""
    prefixes = _id_prefixes()
    built = []
    for path in python_files():
        for node in ast.walk(ast.parse(path.read_text())):
            head: str | None = None
            if isinstance(node, ast.JoinedStr) and node.values and isinstance(
                    node.values[0], ast.Constant) and len(node.values) > 1:
                head = str(node.values[0].value)
            elif isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)) \
                    and isinstance(node.left, ast.Constant) and isinstance(node.left.value, str):
                head = node.left.value
            if head is not None and any(head.startswith(p) for p in prefixes) \
                    and not re.search(r"\.(j2|json|css|md|html|csv|xlsx)\b", head):
                built.append(f"{path.relative_to(ROOT)}:{node.lineno}: {head!r}…")
    assert not built, "message ids made at run time:\n" + "\n".join(built)


def _keywords() -> set[str]:
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    spec = config["tool"]["babel"]["extract_messages"]["keywords"].split()
    return {k.split(":")[0] for k in spec}


def _name(call: ast.Call) -> str | None:
    func = call.func
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)


def test_every_written_out_id_is_in_the_catalogue() -> None:
    """A string in the code that is written like a message id ("report.field.title") is one:
    it must be there even where extraction does not look (a table not marked N_ would show
    MessageError to the user, and the missing-message test could not see it)."""
    ids = {i for domain in DOMAINS for m in catalogue(domain, "sv") if m.id
           for i in (m.id if isinstance(m.id, tuple) else (m.id,))}
    prefixes = "|".join(sorted({i.split(".")[0] for i in ids}))
    looks_like = re.compile(rf"^(?:{prefixes})\.[a-z0-9_]+(?:\.[a-z0-9_]+)*$")
    not_ids = set(WORDS) | {"contacts.csv"}  # the vocabularies' names, a file
    unknown = [f"{path.relative_to(ROOT)}:{node.lineno}: {node.value}"
               for path in python_files() for node in ast.walk(ast.parse(path.read_text()))
               if isinstance(node, ast.Constant) and isinstance(node.value, str)
               and looks_like.match(node.value) and node.value not in ids
               and node.value not in not_ids
               and not re.search(r"\.(j2|json|csv|md|html)$", node.value)]
    assert not unknown, "\n".join(unknown)


def test_every_error_class_is_a_keyword_of_extraction() -> None:
    """``raise SomeError("error.x")`` names a message: extraction sees it only if the class is
    one of the keywords in pyproject.toml (a new error class must be added there)."""
    import importlib
    import pkgutil

    import riskreg
    from riskreg.errors import RiskregError

    for info in pkgutil.walk_packages(riskreg.__path__, "riskreg."):
        if not info.name.endswith("__main__"):
            importlib.import_module(info.name)
    importlib.import_module("tui.modals.base")

    def below(cls: type) -> set[type]:
        return {c for sub in cls.__subclasses__() for c in (sub, *below(sub))}

    classes = {c.__name__ for c in below(RiskregError)
               if c.__module__.startswith(("riskreg", "tui"))} | {"RiskregError"}
    assert classes <= _keywords(), sorted(classes - _keywords())


def test_no_message_is_asked_for_inside_an_f_string() -> None:
    """``f"{t('tui.needs_review')}"``: extraction does not look inside an f-string, so such a
    message would be missing without any test noticing."""
    names = _keywords()
    hidden = []
    for path in python_files():
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.JoinedStr):
                continue
            for call in ast.walk(node):
                if isinstance(call, ast.Call) and _name(call) in names:
                    hidden.append(f"{path.relative_to(ROOT)}:{call.lineno}")
    assert not hidden, "a message asked for inside an f-string: " + ", ".join(hidden)


def test_a_message_id_is_one_written_out_id_or_a_value_holding_one() -> None:
    """``t("a" if x else "b")`` is extracted as one id "ab": an id chosen by a condition is
    chosen among ``N_("a")`` and ``N_("b")`` before the call."""
    def bare(node: ast.expr) -> bool:  # a string not marked N_ where an id is chosen or made
        if isinstance(node, ast.JoinedStr):
            return True
        if isinstance(node, ast.Constant):
            return isinstance(node.value, str)
        parts = ([node.body, node.orelse] if isinstance(node, ast.IfExp)
                 else node.values if isinstance(node, ast.BoolOp)
                 else [node.left, node.right] if isinstance(node, ast.BinOp) else [])
        return any(bare(p) for p in parts)

    names = _keywords()
    chosen = []
    for path in python_files():
        for call in ast.walk(ast.parse(path.read_text())):
            if isinstance(call, ast.Call) and _name(call) in names and call.args and isinstance(
                    call.args[0], (ast.IfExp, ast.BoolOp, ast.BinOp, ast.JoinedStr)) and bare(
                    call.args[0]):
                chosen.append(f"{path.relative_to(ROOT)}:{call.lineno}")
    assert not chosen, "an id made inside the call: " + ", ".join(chosen)


def test_the_compiled_catalogues_are_those_of_the_po_files() -> None:
    for po in tools.catalogue_files():
        with po.open("rb") as f:
            source = read_po(f)
        compiled = io.BytesIO()
        write_mo(compiled, source)
        compiled.seek(0)
        with po.with_suffix(".mo").open("rb") as f:
            used = read_mo(f)
        assert {_id(m): m.string for m in used if m.id} == {
            _id(m): m.string for m in read_mo(compiled) if m.id}, f"{po}: run make"


def test_a_message_that_cannot_be_shown_is_an_error_not_its_id() -> None:
    with pytest.raises(MessageError, match=r"no\.such\.message"):
        translate("no.such.message", "sv")
    with pytest.raises(MessageError, match=r"error\.not_found"):
        translate("error.not_found", "en")  # {key} not given
    with pytest.raises(MessageError):
        translate("error.generic", "sv", detail=Term("no.such.message"))
    with pytest.raises(MessageError):
        word("validity", "perhaps")
    assert translate("error.not_found", "en", key="R-001") == "R-001 does not exist in the register"
    assert translate("error.not_found", "xx", key="R-001") == "R-001 finns inte i registret"


def test_plural_forms_follow_the_number() -> None:
    def changes(n: int, lang: str) -> str:
        return translate_n("doctor.sound", "doctor.sound.plural", n, lang, path="r.json", rev=3)

    assert changes(1, "sv").endswith("1 ändring i historiken")
    assert changes(2, "sv").endswith("2 ändringar i historiken")
    assert changes(1, "en").endswith("1 change in the history")
    assert changes(0, "en").endswith("0 changes in the history")
    problems = Counted("count.problems", "count.problems.plural", 1)
    assert translate("error.import.rejected", "en", path="f.csv", problems=problems) == (
        "The file f.csv was rejected: 1 problem. Nothing changed in the register")


def test_every_text_can_be_read_in_every_language() -> None:
    assert LIBRARY.spellings("validity.suspended") == (
        "gäller inte under pausen", "suspended during the pause")


# --- the vocabularies ----------------------------------------------------------------------


def test_every_value_of_every_vocabulary_has_a_word() -> None:
    from riskreg.checks import FINDINGS, Finding, Severity
    from riskreg.delivery.model import Contact, ContactRole, Delivery
    from riskreg.editions import Edition
    from riskreg.graph import EFFECTS
    from riskreg.model import Category, Decision, Link, Note, Risk
    from riskreg.vocabulary import (
        ActionStatus,
        ItemKind,
        Relation,
        RiskStatus,
        Role,
        ScopeKind,
        Validity,
        Visibility,
    )

    vocabularies = {
        "validity": Validity, "status": RiskStatus, "action": ActionStatus,
        "visibility": Visibility, "role": Role, "contact_role": ContactRole,
        "scope": ScopeKind, "relation": Relation, "relation.rev": Relation,
        "severity": Severity, "kind": ItemKind,
    }
    for kind, enum in vocabularies.items():
        assert set(WORDS[kind]) == {str(m.value) for m in enum}, kind
    assert set(WORDS["effect"]) == set(EFFECTS)
    stored = [Risk, Decision, Link, Note, Category, Edition, Contact, Delivery]
    fields = {f.name for cls in stored for f in attrs.fields(cls)}
    assert fields <= set(WORDS["field"]), sorted(fields - set(WORDS["field"]))
    for kind, values in WORDS.items():  # and each word is there, in each language
        for value in values:
            for lang in LANGUAGES:
                assert word(kind, value, lang, names="x")
    with pytest.raises(ValueError):
        Finding("no_such_finding", Severity.INFO, "R-001")
    assert set(FINDINGS)  # every finding code has its message (Finding refuses any other)


def _recorded_actions() -> set[str]:
    """The actions the register writes into the history (``self._record(..., "action", ...)``)."""
    actions = set()
    for path in sorted((ROOT / "riskreg").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and node.func.attr == "_record" and len(node.args) >= 5:
                action = node.args[4]
                if isinstance(action, ast.Name):  # a module's constant (UNDO_ACTION)
                    import riskreg.register

                    actions.add(str(getattr(riskreg.register, action.id)))
                    continue
                assert isinstance(action, ast.Constant), f"{path}:{node.lineno}"
                actions.add(str(action.value))
    return actions


def test_every_history_action_has_words_in_the_cli_and_the_ui() -> None:
    from tui.format import CHANGE_ACTIONS

    actions = _recorded_actions()
    assert actions and actions <= set(WORDS["history"]), actions - set(WORDS["history"])
    assert set(CHANGE_ACTIONS) == set(WORDS["history"])
