"""One language at a time: every help text, command output, error and exported report in
Swedish holds no English word and no raw field name, and the other way round.

A register with neutral typed text (tests/language.py) is changed the ways that write the
history riskreg words itself (an assessment that flags risks, a link, an edit, a review);
then every command's help, the read commands, the usual mistakes and the four report
formats are rendered in each language and scanned with word lists made from the catalogues.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner
from language import leaks, neutral_register, only_in, raw_names, texts_of, visible_html

import riskreg
from riskreg.cli import cli

LANGS = ("sv", "en")


def run(db: Path, lang: str, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--db", str(db), "--lang", lang, *args],
                                catch_exceptions=False, terminal_width=100)
    assert "Traceback" not in result.output
    return result.stdout + result.stderr


@pytest.fixture(scope="module")
def registers(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return {lang: neutral_register(lang, tmp_path_factory.mktemp(f"r{lang}")) for lang in LANGS}


def test_the_word_lists_are_made_of_words_of_one_language() -> None:
    sv, en = only_in()["sv"], only_in()["en"]
    assert {"risk", "klinisk", "ledning"}.isdisjoint(sv | en)  # in both: never counted
    assert {"gäller", "åtgärder", "beslut"} <= sv and {"applies", "actions", "decisions"} <= en
    assert {"review_reasons", "last_reviewed", "mitigated_by"} <= raw_names()
    assert leaks("flaggade för granskning (review_reasons) — KL-2022-03: applies", "sv") == [
        "review_reasons", "applies"]
    assert leaks("linked R-019 förvärrar R-023", "en") == ["förvärrar"]


def test_the_english_texts_hold_no_swedish_word_but_names() -> None:
    """A Swedish word in the English catalogue would count as English for the word lists:
    Swedish letters in English texts are only in names (and the example of a level)."""
    names = {"västra", "götaland", "vänersborg", "göteborg", "ledningsråd", "hög"}
    found = {w for text in texts_of("en") for w in re.findall(r"\w*[åäöÅÄÖ]\w*", text)
             if w.casefold() not in names}
    assert not found, found


@cache
def cli_names() -> frozenset[str]:
    """The command line's own names (commands, options), the same in both languages."""
    names: set[str] = set()
    for path in _commands(cli, []):
        command = cli
        ctx = click.Context(cli)
        for name in path:
            found = command.get_command(ctx, name) if isinstance(command, click.Group) else None
            assert found is not None
            command = found
        names.update(w.casefold() for p in path for w in p.split("-"))
        for param in command.params:
            for opt in param.opts:
                names.update(w.casefold() for w in opt.lstrip("-").split("-"))
    return frozenset(names)


def _commands(command: click.Command, path: list[str]) -> Iterator[list[str]]:
    yield path
    if isinstance(command, click.Group):
        ctx = click.Context(command)
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            assert sub is not None
            yield from _commands(sub, [*path, name])


@pytest.mark.parametrize("lang", LANGS)
def test_every_help_text_is_in_one_language(lang: str, tmp_path: Path) -> None:
    found = {}
    for path in _commands(cli, []):
        text = run(tmp_path / "none.json", lang, *path, "--help")
        if leaked := leaks(text, lang, cli_names()):
            found[" ".join(path) or "riskreg"] = leaked
    assert not found, found


READ = (
    ["risk", "list"], ["risk", "show", "R-019"], ["risk", "show", "R-001"],
    ["risk", "show", "R-023"], ["decision", "list"], ["decision", "show", "KL-2022-03"],
    ["decision", "show", "KL-2022-07"], ["history"], ["history", "R-019"],
    ["history", "--limit", "0"], ["check"], ["impact", "KL-2022-07"],
    ["impact", "KL-2022-07", "--if", "suspended"], ["area", "list"],
    ["graph", "--format", "mermaid"], ["graph", "--format", "dot"], ["doctor"],
    ["template", "risks", "--out", "-"], ["template", "decisions", "--out", "-"],
    ["contacts", "template", "--out", "-"], ["deliveries"], ["--version"],
)
MISTAKES = (
    ["risk", "list", "--bogus"], ["decision", "assess"], ["decision", "list", "--validity",
                                                            "perhaps"],
    ["risk", "shw"], ["risk", "show", "R-999"], ["risk", "show", "R-001", "R-002"],
    ["risk", "list", "--status"], ["import", "no-such-file.csv"], ["link", "add", "R-001",
                                                                   "nearby", "R-002"],
    ["history", "--limit", "x9"], ["decision", "list", "--due-within", "-3"],
)


@pytest.mark.parametrize("lang", LANGS)
def test_every_command_output_and_error_is_in_one_language(lang: str,
                                                           registers: dict[str, Path]) -> None:
    found = {}
    for args in (*READ, *MISTAKES):
        text = run(registers[lang], lang, *args)
        if leaked := leaks(text, lang, cli_names()):
            found[" ".join(args)] = leaked
    assert not found, found


def _record(data: dict[str, Any], table: str, key: str | None = None) -> dict[str, Any]:
    return next(d for d in data[table].values() if key is None or d.get("key") == key)


FILE_TABLES = frozenset({"risks", "decisions", "links", "categories"})
#: a register file broken by hand, the ways a damaged file reads
DAMAGES: dict[str, Any] = {
    "empty": lambda raw: b"",
    "not json": lambda raw: raw[: len(raw) // 2],
    "likelihood 9": lambda d: _record(d, "risks", "R-001").update(inherent=[9, 2]),
    "unknown validity": lambda d: _record(d, "decisions").update(validity="x9"),
    "missing title": lambda d: _record(d, "risks", "R-003").pop("title"),
    "link to nothing": lambda d: _record(d, "links").update(target="KL-2099-99"),
    "schema text": lambda d: d["_meta"]["1"].update(schema="x1"),
    "table missing": lambda d: d.pop("decisions"),
}


@pytest.mark.parametrize("lang", LANGS)
def test_a_damaged_register_is_described_in_one_language(lang: str, registers: dict[str, Path],
                                                         tmp_path: Path) -> None:
    found = {}
    sound = registers[lang].read_bytes()
    for name, damage in DAMAGES.items():
        db = tmp_path / "riskreg.json"
        shutil.copy(registers[lang].with_name("riskreg.json.history.jsonl"),
                    db.with_name("riskreg.json.history.jsonl"))
        if name in ("empty", "not json"):
            db.write_bytes(damage(sound))
        else:
            data = json.loads(sound)
            damage(data)
            db.write_text(json.dumps(data), "utf-8")
        for args in (["check"], ["risk", "show", "R-001"], ["doctor"]):
            text = run(db, lang, *args)
            # the file's tables are named as they are in it (to find them there)
            if leaked := leaks(text, lang, cli_names() | FILE_TABLES):
                found[f"{name}: {' '.join(args)}"] = leaked
    assert not found, found


def _strings(doc: Any, key: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(doc, dict):
        for k, v in doc.items():
            yield from _strings(v, k)
    elif isinstance(doc, list):
        for v in doc:
            yield from _strings(v, key)
    elif isinstance(doc, str):
        yield key, doc


@pytest.mark.parametrize("lang", LANGS)
def test_every_exported_report_is_in_one_language(lang: str, registers: dict[str, Path],
                                                  tmp_path: Path) -> None:
    out = tmp_path / "out"
    text = run(registers[lang], lang, "export", "--out", str(out), "--format", "md,html,csv,json",
               "--to", "1487,1480,VGR", "--preview", "--quiet")
    assert not leaks(text, lang)
    assert {f.suffix for f in out.iterdir()} >= {".md", ".html", ".csv", ".json"}, text
    found: dict[str, list[str]] = {}
    for file in sorted(out.iterdir()):
        if file.suffix == ".json":
            doc = json.loads(file.read_text("utf-8"))
            # keys and machine values (codes, enum values) are the documented English API
            shown = " ".join(v for _, v in _strings(doc) if " " in v.strip())
        elif file.suffix == ".html":
            shown = visible_html(file.read_text("utf-8"))
        else:
            shown = file.read_text("utf-8-sig")
        if leaked := leaks(shown, lang):
            found[file.name] = sorted(set(leaked))
    assert found == {}, found


@pytest.mark.parametrize("lang", LANGS)
def test_help_is_in_the_language_asked_for_wherever_lang_stands(lang: str) -> None:
    """``riskreg risk list --help --lang en``: --help is handled before the options after it,
    the language it is shown in is not."""
    other = "sv" if lang == "en" else "en"
    found = {}
    for path in _commands(cli, []):
        result = CliRunner(env={"RISKREG_LANG": other}).invoke(
            cli, [*path, "--help", "--lang", lang], catch_exceptions=False, terminal_width=100)
        if leaked := leaks(result.output, lang, cli_names()):
            found[" ".join(path) or "riskreg"] = leaked
    assert not found, found


def _smtp_settings_problems(folder: Path) -> Iterator[Exception]:
    from riskreg.delivery.smtp import load_sender

    cases = {"missing.toml": None, "not-toml.toml": b"[smtp]\nhost = \n",
             "latin1.toml": b"[smtp]\nhost = 'v\xe4xj\xf6'\n"}
    for name, content in cases.items():
        if content is not None:
            (folder / name).write_bytes(content)
        with pytest.raises(riskreg.RiskregError) as refused:
            load_sender(folder / name, {})
        yield refused.value


def _address_problems() -> Iterator[Exception]:
    from riskreg.delivery.model import normalise_address

    for address in ("nisse", "anna@@vanersborg.se", "x" * 300 + "@kommun.se", 7):
        with pytest.raises(riskreg.RiskregError) as refused:
            normalise_address(address)
        yield refused.value


@pytest.mark.parametrize("lang", LANGS)
def test_delivery_settings_and_addresses_are_refused_in_one_language(
        lang: str, tmp_path: Path) -> None:
    """The SMTP settings file and contact addresses are checked by libraries that speak
    English (tomllib, email-validator, the OS): their refusals reach the user in riskreg's
    words, with what to fix (the file, the line, the address) kept."""
    found = {}
    messages = []
    for problem in (*_smtp_settings_problems(tmp_path), *_address_problems()):
        assert isinstance(problem, riskreg.RiskregError)
        text = problem.message(lang)
        messages.append(text)
        if leaked := leaks(text, lang):
            found[text] = leaked
    assert not found, found
    assert "missing.toml" in messages[0] and "not-toml.toml" in messages[1]
    assert ("rad 2, kolumn" if lang == "sv" else "line 2, column") in messages[1]
    assert "'nisse'" in messages[3]


@pytest.mark.parametrize("lang", LANGS)
def test_a_column_the_file_lacks_is_named_in_the_language_asked_for(
        lang: str, registers: dict[str, Path], tmp_path: Path) -> None:
    """The missing columns of an import are named in the command's language, not in the one
    the environment happens to say (RISKREG_LANG here is the other one)."""
    other = "sv" if lang == "en" else "en"
    sheet = tmp_path / "rows.csv"
    sheet.write_text("Titel;Title\nx;x\n", "utf-8")
    for as_json in (False, True):
        result = CliRunner(env={"RISKREG_LANG": other}).invoke(
            cli, ["--db", str(registers[lang]), "--lang", lang, "import", str(sheet), "--kind",
                  "risks", "--dry-run", *(["--json"] if as_json else [])], terminal_width=100)
        assert result.exit_code == 2
        text = result.stdout + result.stderr
        if as_json:  # its keys are English in both languages; its words are not
            problems = json.loads(result.stdout)["problems"]
            text = "\n".join(f"{p['column']}: {p['message']}" for p in problems)
        assert ("Sannolikhet" if lang == "sv" else "Likelihood") in text
        assert not leaks(text.replace("Titel", "").replace("Title", ""), lang, cli_names())


@pytest.mark.parametrize(("lang", "expected"), [
    ("sv", "Okänd flagga '--why'. Menade du --by?"),
    ("en", "No such option '--why'. Did you mean --by?"),
])
def test_an_unknown_option_and_its_suggestion_are_two_sentences(
        lang: str, expected: str, registers: dict[str, Path]) -> None:
    text = run(registers[lang], lang, "decision", "assess", "KL-2022-07", "--why", "x")
    assert expected in text


@pytest.mark.parametrize(("lang", "one_recipient", "one_day"), [
    ("sv", "1 mottagare,", "inom 1 dag)"), ("en", "1 recipient,", "within 1 day)")])
def test_counts_of_one_read_in_the_singular(lang: str, one_recipient: str, one_day: str,
                                            example_path: Path, tmp_path: Path) -> None:
    """"1 recipients" and "1 days" are gone: a counted noun is a plural message everywhere."""
    out = tmp_path / "utgava"
    text = run(example_path, lang, "export", "--out", str(out), "--to", "1487", "--why", "en")
    assert one_recipient in text and " 1 recipients" not in text
    assert one_day in run(example_path, lang, "digest", "--for", "Klinisk ledning", "--days", "1")


def test_addresses_and_flagged_titles_are_wrapped_never_cut(example_path: Path) -> None:
    """At 80 columns an e-mail address, a name or an organisation in the contacts list, and
    the title of an item an assessment flags, continue on the next line instead of ending
    in …: cut, they are lost (issue 11: text shortens only where meaning is kept)."""
    runner = CliRunner(env={"COLUMNS": "80", "RISKREG_TODAY": "2026-11-22"})
    listed = runner.invoke(cli, ["--db", str(example_path), "contacts", "list"])
    assert listed.exit_code == 0 and "…" not in listed.stdout
    assessed = runner.invoke(cli, ["--db", str(example_path), "decision", "assess", "KL-2022-03",
                                   "--validity", "suspended", "--rationale", "Pausad rutin"])
    assert assessed.exit_code == 0, assessed.output
    flagged = assessed.stdout.split("\n\n")[0]
    assert "…" not in flagged
    assert "verksamhetssystem" in flagged  # the end of R-001's title, on a line of its own


def test_no_help_shows_clicks_english_type_names_in_swedish(tmp_path: Path) -> None:
    """An option without a placeholder of its own shows its type's name: click's is English
    (``INTEGER``, ``FRACTION``); riskreg's is in the reader's language (``HELTAL``)."""
    found = {}
    for path in _commands(cli, []):
        text = run(tmp_path / "none.json", "sv", *path, "--help")
        if names := set(re.findall(r"\b(INTEGER|FLOAT|FRACTION|BOOLEAN|FILENAME)\b", text)):
            found[" ".join(path) or "riskreg"] = names
    assert not found, found
    assert "--limit HELTAL" in run(tmp_path / "none.json", "sv", "history", "--help")


@pytest.mark.parametrize(("lang", "mark"), [("sv", "(försenad)"), ("en", "(overdue)")])
def test_a_passed_assessment_date_is_marked_in_the_digest_and_the_status_message(
        lang: str, mark: str, example_path: Path, tmp_path: Path) -> None:
    """KL-2021-12 was to be assessed by 2026-06-30: on 2026-12-03 the digest and each
    municipality's status message say it is overdue, as the report does."""
    env = {"RISKREG_TODAY": "2026-12-03", "RISKREG_SMTP_FROM": "projekt@vastkom.example",
           "COLUMNS": "300"}
    runner = CliRunner(env=env)
    base = ["--db", str(example_path), "--lang", lang]
    digest = runner.invoke(cli, [*base, "digest", "--for", "Klinisk ledning"]).stdout
    line = next(x for x in digest.splitlines() if "KL-2021-12" in x)
    assert mark in line
    out, mails = tmp_path / "ut", tmp_path / "eml"
    assert runner.invoke(cli, [*base, "export", "--out", str(out), "--to", "1487", "--why",
                               "utgåva"]).exit_code == 0
    sent = runner.invoke(cli, [*base, "send", "--out", str(out), "--dry-run", str(mails)])
    assert sent.exit_code == 0, sent.output
    from email import message_from_bytes, policy

    for eml in mails.glob("*.eml"):
        body = message_from_bytes(eml.read_bytes(), policy=policy.default).get_body(
            ("plain",)).get_content()
        line = next(x for x in body.splitlines() if "KL-2021-12" in x)
        assert "(försenad)" in line, line  # in the recipient's language: Vänersborg's are sv


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("width", [60, 80])
def test_no_command_list_cuts_a_commands_help_short(lang: str, width: int) -> None:
    """A group's list of commands shows each command's first sentence whole, wrapped to the
    terminal (click cut it with "..." and ended it at "t.ex." or "e.g.")."""
    from riskreg.cli.localized import first_sentence
    from riskreg.messages import translate

    groups = [path for path in _commands(cli, [])
              if isinstance(_command_at(path), click.Group)]
    for path in groups:
        result = CliRunner().invoke(cli, ["--lang", lang, *path, "--help"],
                                    terminal_width=width)
        heading = "Kommandon:" if lang == "sv" else "Commands:"
        listed = " ".join(result.stdout.partition(heading)[2].split())
        assert listed and "..." not in listed, (path, result.stdout)
        group = _command_at(path)
        assert isinstance(group, click.Group)
        for name in group.list_commands(click.Context(group)):
            help_id = _command_at([*path, name]).help or ""
            sentence = first_sentence(translate(help_id, lang))
            assert sentence.endswith(".") and not sentence.endswith(("t.ex.", "e.g."))
            assert f"{name} {sentence}" in listed, (path, name, sentence)


def _command_at(path: list[str]) -> click.Command:
    command: click.Command = cli
    for name in path:
        assert isinstance(command, click.Group)
        found = command.get_command(click.Context(command), name)
        assert found is not None
        command = found
    return command


@pytest.mark.parametrize(("lang", "expected"), [("sv", "'TYP'"), ("en", "'KIND'")])
def test_a_bad_choice_names_the_argument_not_its_list(lang: str, expected: str,
                                                      tmp_path: Path) -> None:
    text = run(tmp_path / "none.json", lang, "template", "x")
    assert expected in text and "[" not in text.splitlines()[-1].split(":")[1]
