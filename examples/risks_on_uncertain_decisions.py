"""Which risks rest on decisions that are still being assessed, and when will we know?

An analyst's question before the next meeting of the project leads: for every
decision of Klinisk ledning that is *uncertain*, which risks does it mitigate,
how serious are they, and would they be left without any mitigation if the
decision ended up not applying during the pause?

    python examples/risks_on_uncertain_decisions.py [--db riskreg.json] [--lang en]
"""

from __future__ import annotations

import argparse
import sys

import riskreg


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="riskreg.json", help="register file (default riskreg.json)")
    parser.add_argument("--lang", default="sv", choices=["sv", "en"])
    args = parser.parse_args(argv)
    try:
        register = riskreg.Register.open(args.db)
    except riskreg.RiskregError as err:
        print(f"{parser.prog}: {err.message(args.lang)}", file=sys.stderr)
        return 2
    with register:
        uncertain = register.decisions(validity=riskreg.Validity.UNCERTAIN)
        uncertain.sort(key=lambda d: (d.review_by or register.today(), d.key))
        for decision in uncertain:
            overdue = decision.review_by is not None and decision.review_by < register.today()
            when = decision.review_by.isoformat() if decision.review_by else "?"
            print(f"{decision.key}  {decision.title}")
            print(f"    review by {when}{'  (OVERDUE)' if overdue else ''}")
            # What would happen if it turned out not to apply?
            impact = register.graph.impact(decision.key, if_validity=riskreg.Validity.SUSPENDED)
            risks = [i for i in impact if i.kind is riskreg.ItemKind.RISK]
            if not risks:
                print("    no risks rest on it")
            for item in sorted(risks, key=lambda i: -register.value(register.risk(i.key))):
                risk = register.risk(item.key)
                level = register.level(risk).label(args.lang)
                effect = riskreg.translate(f"effect.{item.effect}", args.lang)
                print(f"    {risk.key} [{register.value(risk):>2} {level}] {risk.title}")
                print(f"        -> {effect}")
            print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
