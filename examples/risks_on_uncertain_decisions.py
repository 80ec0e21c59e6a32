"""Which risks rest on decisions that are still being assessed, and when will we know?

An analyst's question before the next meeting of the project leads: for every
decision of Klinisk ledning that is *uncertain*, in the order they are due,
what would change if it came to apply (risks that would gain their only
mitigation, conflicts that would end), and what stays exposed if it does not.

    python examples/risks_on_uncertain_decisions.py [--db riskreg.json] [--lang en]

Without --db (or RISKREG_DB) and with no riskreg.json in the current folder, it
reads the example register, built for the run.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import riskreg

# the script's own labels; domain words (validity, levels, effects) come from riskreg's catalogue
LABELS = {
    "sv": {
        "none": "Inga beslut är under bedömning.",
        "due": "bedöms senast {date}",
        "no_date": "inget datum för bedömningen",
        "overdue": "  (FÖRSENAD)",
        "if_applies": "    om beslutet börjar gälla:",
        "nothing": "    inga risker eller beslut vilar på det",
        "stays_exposed": "    om det inte börjar gälla förblir exponerade: {keys}",
        "example": "(inget register här: exempelregistret används)",
    },
    "en": {
        "none": "No decision is under assessment.",
        "due": "review by {date}",
        "no_date": "no review-by date",
        "overdue": "  (OVERDUE)",
        "if_applies": "    if the decision comes to apply:",
        "nothing": "    no risks or decisions rest on it",
        "stays_exposed": "    if it does not apply, these stay exposed: {keys}",
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
    parser.add_argument("--db", help="the register: a file or a postgresql:// URL (default: "
                        "RISKREG_DB, else riskreg.json here, else the example register)")
    parser.add_argument("--lang", default="sv", choices=["sv", "en"])
    args = parser.parse_args(argv)
    say = LABELS[args.lang]
    try:
        with open_register(args.db, say["example"]) as register:
            show(register, args.lang)
    except riskreg.RiskregError as err:
        print(f"{parser.prog}: {err.message(args.lang)}", file=sys.stderr)
        return 2
    return 0


def show(register: riskreg.Register, lang: str) -> None:
    """Print, for each uncertain decision, what rests on it."""
    say = LABELS[lang]
    today = register.today()
    uncertain = register.decisions(validity=riskreg.Validity.UNCERTAIN)
    uncertain.sort(key=lambda d: (d.review_by or today, d.key))
    if not uncertain:
        print(say["none"])
    exposed = {e.key for e in register.graph.exposed_risks()}
    for decision in uncertain:
        when = (say["due"].format(date=decision.review_by.isoformat())
                if decision.review_by else say["no_date"])
        overdue = decision.review_by is not None and decision.review_by < today
        print(f"{decision.key}  {decision.title}")
        print(f"    {when}{say['overdue'] if overdue else ''}")
        # the graph answers "what if it applied?": every item reached, each effect with
        # the chain of links that explains it, and what the check would find differently
        prediction = register.graph.predict(decision.key,
                                            if_validity=riskreg.Validity.APPLIES)
        if not prediction.impacts:
            print(say["nothing"])
        else:
            print(say["if_applies"])
        for item in prediction.impacts:
            if item.kind is riskreg.ItemKind.RISK:
                risk = register.risk(item.key)
                level = register.level(risk).label(lang)
                print(f"      {risk.key} [{register.value(risk):>2} {level}] {risk.title}")
            else:
                print(f"      {item.key} {register.decision(item.key).title}")
            for effect in item.effects:  # one per link to the decision
                print(f"          -> {riskreg.word('effect', effect.effect, lang)}")
        # exposed now, and no longer exposed if the decision applied
        stays = sorted(x.key for x in prediction.exposed_resolved if x.key in exposed)
        if stays:
            print(say["stays_exposed"].format(keys=", ".join(stays)))
        print()


if __name__ == "__main__":
    sys.exit(main())
