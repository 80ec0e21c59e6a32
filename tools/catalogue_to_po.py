"""Carry the old hand-made catalogue (``CATALOGUE`` in ``riskreg/messages.py``) into the gettext
catalogues (``riskreg/locale/<lang>/LC_MESSAGES/riskreg.po``, ``tui/locale/.../tui.po``).

The move to gettext happened while others still added entries to ``CATALOGUE`` on main, so
the conversion is a script that can be run again after every ``git rebase main``::

    .venv/bin/python tools/catalogue_to_po.py            # from main
    .venv/bin/python tools/catalogue_to_po.py --ref HEAD # from another commit

It reads ``CATALOGUE`` as it is in the given commit (``git show REF:riskreg/messages.py``,
never the work tree) and compares it with the ``CATALOGUE`` of the commit it last converted
(named in ``riskreg/locale/CONVERTED_FROM``; nothing on the first run). Only what changed
between the two is applied to the ``.po`` files: an added entry is added, a changed one
rewritten, a removed one removed. Entries nobody changed on main keep what was done to them in
the ``.po`` files since (plural forms, better wording, removal as unused). An entry that
changed on main but was also changed here in a way the script cannot merge (made plural,
renamed) is listed on stderr to be merged by hand. Then ``CONVERTED_FROM`` names REF's commit.

Which catalogue an entry goes to follows the layers as ``tools/messages.py`` extracts them
(ids only the review UI uses in ``tui/locale``, the rest in ``riskreg/locale``); an entry no
code uses is not carried over. An id the code uses that the ``.po`` files lack but
``CATALOGUE`` has (its code merged since) is carried over too.

When main has no ``CATALOGUE`` any more there is nothing to carry, and the script says so.
A conflict in ``riskreg/messages.py`` during a rebase (someone added entries on main to the
dict this branch removed) is resolved by keeping this branch's file and running the script.
"""

from __future__ import annotations

import argparse
import ast
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("sv", "en")
MARK = ROOT / "riskreg" / "locale" / "CONVERTED_FROM"
SOURCE = "riskreg/messages.py"
#: the header date of catalogues made by the first conversion (fixed, so a re-run is stable)
CREATED = datetime(2026, 12, 2, 0, 0, tzinfo=UTC)
WIDTH = 76  # pybabel's default, so `make messages` rewrites nothing the script wrote

Entries = dict[str, tuple[str, str]]


def domain_of(key: str) -> str:
    """``tui`` for the review UI's texts, ``riskreg`` for everything else (by name; used when
    the code does not say, see :func:`layers`)."""
    return "tui" if key.startswith("tui.") else "riskreg"


def layers() -> dict[str, str]:
    """Each id the code uses -> the domain whose catalogue holds it."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import messages

    return {key: domain for domain, ids in messages.expected_ids().items() for key in ids}


def po_path(domain: str, lang: str) -> Path:
    return ROOT / domain / "locale" / lang / "LC_MESSAGES" / f"{domain}.po"


def git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, check=True, capture_output=True,
                          text=True).stdout


def catalogue_at(commit: str | None) -> Entries:
    """``CATALOGUE`` of ``riskreg/messages.py`` in ``commit`` ({} if there is none)."""
    if commit is None:
        return {}
    try:
        text = git("show", f"{commit}:{SOURCE}")
    except subprocess.CalledProcessError:
        return {}
    for node in ast.parse(text).body:
        target = node.target if isinstance(node, ast.AnnAssign) else (
            node.targets[0] if isinstance(node, ast.Assign) else None)
        if isinstance(target, ast.Name) and target.id == "CATALOGUE" and node.value is not None:
            entries = ast.literal_eval(node.value)
            return {key: (sv, en) for key, (sv, en) in entries.items()}
    return {}


def load(domain: str, lang: str) -> Catalog:
    path = po_path(domain, lang)
    if path.exists():
        with path.open("rb") as f:
            return read_po(f, locale=lang, domain=domain)
    return Catalog(locale=lang, domain=domain, project="riskreg", version="1",
                   copyright_holder="riskreg", fuzzy=False, msgid_bugs_address="riskreg",
                   last_translator="riskreg", language_team="riskreg", creation_date=CREATED,
                   revision_date=CREATED,
                   header_comment=f"# {'Swedish' if lang == 'sv' else 'English'} texts of "
                                  f"{'the review UI' if domain == 'tui' else 'riskreg'}.\n"
                                  "# How to add a message: README.md, 'Messages'.")


def save(catalog: Catalog, domain: str, lang: str) -> None:
    path = po_path(domain, lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        write_po(f, catalog, width=WIDTH, sort_output=True, ignore_obsolete=True)


def convert(ref: str) -> int:
    commit = git("rev-parse", ref).strip()
    try:
        git("merge-base", "--is-ancestor", commit, "HEAD")
    except subprocess.CalledProcessError:
        print(f"catalogue_to_po: HEAD does not contain {ref} ({commit[:10]}): rebase first "
              "(which ids the code uses decides what is carried over)", file=sys.stderr)
        return 2
    base_commit = MARK.read_text().strip() if MARK.exists() else None
    new = catalogue_at(commit)
    old = new if base_commit == commit else catalogue_at(base_commit)
    if not new and not old:
        print(f"catalogue_to_po: {ref} has no CATALOGUE; nothing to carry")
        MARK.write_text(commit + "\n")
        return 0
    catalogues = {(d, lang): load(d, lang) for d in ("riskreg", "tui") for lang in LANGUAGES}
    used = layers()
    present = {m.id if isinstance(m.id, str) else m.id[0]  # an empty text is not there
               for c in catalogues.values() for m in c if m.id and m.string}
    added = [k for k in new if k not in old or (k in used and k not in present)]
    changed = [k for k in new if k in old and new[k] != old[k] and k not in added]
    removed = [k for k in old if k not in new]
    unused = [k for k in added if k not in used]
    added = [k for k in added if k not in unused]
    by_hand: list[str] = []
    for key in added + changed:
        for i, lang in enumerate(LANGUAGES):
            catalog = catalogues[used.get(key) or domain_of(key), lang]
            present = catalog.get(key)
            if present is not None and present.pluralizable:
                by_hand.append(key)
                continue
            if present is not None and present.string == new[key][i]:
                continue  # the same already
            if present is not None and key in changed and present.string != old[key][i]:
                by_hand.append(key)  # changed here and on main: keep ours, say so
                continue
            if present is None and key in changed:
                by_hand.append(key)  # removed or renamed here, changed on main: added back
            if present is not None and present.string and key not in changed:
                continue  # there already (carried before, or written here): kept
            catalog.delete(key)  # (Catalog.add keeps an existing message's text)
            catalog.add(key, new[key][i])
    for key in removed:
        for catalog in catalogues.values():
            catalog.delete(key)
    for (domain, lang), catalog in catalogues.items():
        save(catalog, domain, lang)
    MARK.write_text(commit + "\n")
    print(f"catalogue_to_po: {base_commit and base_commit[:10]} -> {commit[:10]}: "
          f"{len(added)} added, {len(changed)} changed, {len(removed)} removed, "
          f"{len(unused)} not carried (no code uses them)")
    for key in sorted(set(by_hand)):
        print(f"  merge by hand: {key}: main has {new[key]!r}", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ref", default="main", help="the commit to convert (default main)")
    return convert(parser.parse_args(argv).ref)


if __name__ == "__main__":
    sys.exit(main())
