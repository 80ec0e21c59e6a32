"""The message catalogues: extract the ids the code uses, update the ``.po`` files, compile them.

    .venv/bin/python tools/messages.py update    # what `make messages` runs
    .venv/bin/python tools/messages.py compile   # .po -> .mo where the .mo is older

``update`` runs ``pybabel extract`` over ``riskreg/`` and over ``tui/`` (keywords and mapping
in ``pyproject.toml``, ``[tool.babel]``), then gives each language's ``.po`` the ids of its
layer: ``riskreg.po`` every id the library and the command line use, ``tui.po`` the ids only
the review UI uses (what it shares with the library it reads from the library's catalogue). A
new id gets an empty text in each language (fill them in: the tests refuse an empty one), an
id no code uses any more is dropped, the rest is left as it is. The files are written as
``pybabel update`` writes them (sorted by id, no source locations), so a diff shows only
messages.

``riskreg/locale/sv/LC_MESSAGES/click.po`` is click's own messages in Swedish (click marks
them for gettext; :mod:`riskreg.cli.clicktext` shows them in the user's language): its ids
are click's English texts, extracted from the installed click; English needs no catalogue.

``tests/test_messages.py`` uses :func:`expected_ids` to fail on a missing or unused message.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
import tempfile
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.frontend import CommandLineInterface
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("sv", "en")
DOMAINS = ("riskreg", "tui")  # a domain's code is the package of that name, its .po beside it
CLICK = "click"
CLICK_LANGUAGES = ("sv",)
#: what click translates without marking it where it is written (``_(extra["required"])``)
CLICK_UNMARKED = {"required": ("required",)}
WIDTH = 76


def po_path(domain: str, lang: str, suffix: str = ".po") -> Path:
    folder = "riskreg" if domain == CLICK else domain
    return ROOT / folder / "locale" / lang / "LC_MESSAGES" / f"{domain}{suffix}"


def languages(domain: str) -> tuple[str, ...]:
    return CLICK_LANGUAGES if domain == CLICK else LANGUAGES


def catalogue_files() -> list[Path]:
    return [po_path(d, lang) for d in (*DOMAINS, CLICK) for lang in languages(d)]


def extract(package: str) -> dict[str, tuple[str, ...]]:
    """Every message id ``pybabel extract`` finds in ``package`` (with the project's keywords):
    id -> the ids it is written with (one, or singular and plural)."""
    with tempfile.TemporaryDirectory() as tmp:
        pot = Path(tmp) / f"{package}.pot"
        here = Path.cwd()
        os.chdir(ROOT)  # pybabel reads [tool.babel] from ./pyproject.toml
        try:
            with contextlib.redirect_stderr(io.StringIO()):
                CommandLineInterface().run(
                    ["pybabel", "-q", "extract", "-o", str(pot), package])
        finally:
            os.chdir(here)
        return _ids(pot)


def extract_click() -> dict[str, tuple[str, ...]]:
    """The messages the installed click marks for gettext (``_``, ``ngettext``)."""
    import click

    folder = Path(click.__file__).parent
    with tempfile.TemporaryDirectory() as tmp:
        pot = Path(tmp) / "click.pot"
        with contextlib.redirect_stderr(io.StringIO()):
            CommandLineInterface().run(
                ["pybabel", "-q", "extract", "--no-default-keywords", "-k", "_",
                 "-k", "ngettext:1,2", "--no-location", "-o", str(pot), str(folder)])
        return {**_ids(pot), **CLICK_UNMARKED}


def _ids(pot: Path) -> dict[str, tuple[str, ...]]:
    """id -> the ids it is written with (one, or singular and plural), from a template."""
    with pot.open("rb") as f:
        template = read_po(f)
    found: dict[str, tuple[str, ...]] = {}
    for message in template:
        if not message.id:
            continue
        ids = tuple(message.id) if isinstance(message.id, (list, tuple)) else (message.id,)
        found[ids[0]] = ids
    return found


def expected_ids() -> dict[str, dict[str, tuple[str, ...]]]:
    """The ids each domain's catalogue must hold: the library's every id its code uses, the
    UI's the ids only the UI uses, click's every message click marks."""
    library = extract("riskreg")
    ui = {k: v for k, v in extract("tui").items() if k not in library}
    return {"riskreg": library, "tui": ui, CLICK: extract_click()}


def load(domain: str, lang: str) -> Catalog:
    with po_path(domain, lang).open("rb") as f:
        return read_po(f, locale=lang, domain=domain)


def save(catalog: Catalog, path: Path) -> None:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=WIDTH, sort_output=True, ignore_obsolete=True)
    if not path.exists() or path.read_bytes() != buffer.getvalue():
        path.write_bytes(buffer.getvalue())


def update() -> int:
    """Bring every ``.po`` file in line with the code (see the module's docstring)."""
    expected = expected_ids()
    empty = []
    for domain in (*DOMAINS, CLICK):
        wanted = expected[domain]
        for lang in languages(domain):
            catalog = load(domain, lang)
            for message in list(catalog):
                if message.id and (message.id if isinstance(message.id, str)
                                   else message.id[0]) not in wanted:
                    catalog.delete(message.id, message.context)
            for key, ids in wanted.items():
                present = catalog.get(key)
                if present is None or tuple(
                        present.id if isinstance(present.id, (list, tuple)) else (present.id,)
                ) != ids:
                    if present is not None:
                        catalog.delete(key)
                    catalog.add(ids if len(ids) > 1 else ids[0],
                                ("",) * catalog.num_plurals if len(ids) > 1 else "")
            for message in catalog:
                texts = message.string if isinstance(message.string, tuple) else (
                    message.string,)
                if message.id and not all(texts):
                    empty.append(f"{po_path(domain, lang).relative_to(ROOT)}: {message.id}")
            save(catalog, po_path(domain, lang))
    for line in empty:
        print(f"to translate: {line}")
    return 0


def compile_catalogue(po: Path, mo: Path) -> None:
    """Compile one ``.po`` file to ``mo`` (written whole, then moved into place)."""
    with po.open("rb") as f:
        catalog = read_po(f)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    mo.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=mo.parent, prefix=f".{mo.name}.")
    with os.fdopen(fd, "wb") as out:
        out.write(buffer.getvalue())
    os.replace(tmp, mo)


def compile_all(force: bool = False) -> list[Path]:
    """Compile each ``.po`` whose ``.mo`` is missing or older; the ``.mo`` files written."""
    written = []
    for po in catalogue_files():
        mo = po.with_suffix(".mo")
        if force or not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            compile_catalogue(po, mo)
            written.append(mo)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=("update", "compile"))
    args = parser.parse_args(argv)
    if args.command == "update":
        return update()
    for mo in compile_all():
        print(f"compiled {mo.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
