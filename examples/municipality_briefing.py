"""A one-page briefing for one municipality's project lead.

What applies now, what is still being assessed (and by when), which risks
concern this municipality and how serious they are, which of them it reported
itself, and which have lost every mitigation that applies now.

    python examples/municipality_briefing.py 1487 [--db riskreg.json] [--lang en]
    python examples/municipality_briefing.py Vänersborg

Without --db (or RISKREG_DB) and with no riskreg.json in the current folder, it
reads the example register, built for the run.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import riskreg

# the script's own labels; domain words (validity, levels) come from riskreg's catalogue
LABELS = {
    "sv": {
        "as_of": "per {date}",
        "decisions": "Beslut i Klinisk ledning: {applies} gäller nu, {uncertain} under bedömning, "
                     "{suspended} gäller inte under pausen",
        "uncertain": "  under bedömning: {key} {title} (senast {date})",
        "risks": "Risker som berör {name}: {count}",
        "worst": "  allvarligast:",
        "exposed_mark": "  EXPONERAD",
        "own": "  rapporterade av {name} själv: {keys}",
        "exposed": "  exponerade (inget mildrande beslut gäller): {keys}",
        "none": "inga",
        "example": "(inget register här: exempelregistret används)",
    },
    "en": {
        "as_of": "as of {date}",
        "decisions": "Decisions of Klinisk ledning: {applies} apply now, {uncertain} under "
                     "assessment, {suspended} suspended during the pause",
        "uncertain": "  under assessment: {key} {title} (by {date})",
        "risks": "Risks concerning {name}: {count}",
        "worst": "  most serious:",
        "exposed_mark": "  EXPOSED",
        "own": "  reported by {name} itself: {keys}",
        "exposed": "  exposed (no applying mitigation): {keys}",
        "none": "none",
        "example": "(no register here: using the example register)",
    },
}


@contextlib.contextmanager
def open_register(db: str | None, note: str) -> Iterator[riskreg.Register]:
    """The register: ``--db``, else RISKREG_DB, else riskreg.json here; when none of those
    names one (the script run from anywhere), the example register built afresh in a
    temporary folder (``note`` says so on stderr). A ``--db`` naming no register is an error."""
    chosen = db or os.environ.get("RISKREG_DB")
    if chosen or Path("riskreg.json").exists():
        with riskreg.Register.open(chosen or "riskreg.json") as register:
            yield register
        return
    print(note, file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="riskreg-example-") as folder, \
            riskreg.build_example(Path(folder) / "riskreg.json") as register:
        yield register


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("municipality", help="municipality code (e.g. 1487) or name")
    parser.add_argument("--db", help="the register: a file or a postgresql:// URL (default: "
                        "RISKREG_DB, else riskreg.json here, else the example register)")
    parser.add_argument("--lang", default="sv", choices=["sv", "en"])
    args = parser.parse_args(argv)
    say = LABELS[args.lang]
    try:
        with open_register(args.db, say["example"]) as register:
            brief(register, register.directory.get(args.municipality), args.lang)
    except riskreg.RiskregError as err:
        print(f"{parser.prog}: {err.message(args.lang)}", file=sys.stderr)
        return 2
    return 0


def brief(register: riskreg.Register, org: riskreg.Organisation, lang: str) -> None:
    """Print the briefing for ``org``."""
    say = LABELS[lang]
    # the municipality's own status report, as data: shared items that concern it alone
    # (an internal decision, or one for another municipality, never shows through)
    report = riskreg.recipient_reports(register, [org])[0]
    decisions = [item.decision for item in report.decisions]
    risks = report.open_risks
    exposed = {x.key for x in report.exposed}

    print(f"{org.name} ({org.code}) - {org.association}, {org.care_area}")
    print(say["as_of"].format(date=register.today().isoformat()) + "\n")
    counts = Counter(d.validity for d in decisions)
    V = riskreg.Validity
    print(say["decisions"].format(applies=counts[V.APPLIES], uncertain=counts[V.UNCERTAIN],
                                  suspended=counts[V.SUSPENDED]))
    for d in decisions:
        if d.validity is V.UNCERTAIN:
            print(say["uncertain"].format(key=d.key, title=d.title, date=d.review_by))

    print("\n" + say["risks"].format(name=org.name, count=len(risks)))
    by_level = Counter(r.entry.band.label(lang) for r in risks)
    print("  " + ", ".join(f"{n} {level}" for level, n in by_level.most_common()))
    worst = sorted(risks, key=lambda r: (-r.entry.value, r.key))[:5]
    print(say["worst"])
    for r in worst:
        flag = say["exposed_mark"] if r.key in exposed else ""
        print(f"    {r.key} [{r.entry.value:>2}] {r.risk.title}{flag}")
    own = ", ".join(r.key for r in risks if r.reported)
    print(say["own"].format(name=org.name, keys=own or say["none"]))
    touching = ", ".join(sorted(k for k in exposed if any(r.key == k for r in risks)))
    print(say["exposed"].format(keys=touching or say["none"]))


if __name__ == "__main__":
    sys.exit(main())
