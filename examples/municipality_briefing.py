"""A one-page briefing for one municipality's project lead.

What applies now, what is still being assessed (and by when), which risks
concern this municipality and how serious they are, which of them it reported
itself, and which have lost every mitigation that applies now.

    python examples/municipality_briefing.py 1487 [--db riskreg.json]
    python examples/municipality_briefing.py Vänersborg
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter

import riskreg


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("municipality", help="municipality code (e.g. 1487) or name")
    parser.add_argument("--db", default="riskreg.json", help="register file (default riskreg.json)")
    args = parser.parse_args(argv)
    try:
        register = riskreg.Register.open(args.db)
        org = register.directory.get(args.municipality)
    except riskreg.RiskregError as err:
        print(f"{parser.prog}: {err.message('en')}", file=sys.stderr)
        return 2
    with register:
        shared = riskreg.Visibility.SHARED
        decisions = [d for d in register.decisions(organisation=org) if d.visibility is shared]
        risks = [
            r
            for r in register.risks(organisation=org)
            if r.visibility is shared and r.is_open and register.concerns(r, org)
        ]
        exposed = {e.key for e in register.graph.exposed_risks()}

        print(f"{org.name} ({org.code}) - {org.association}, {org.care_area}")
        print(f"as of {register.today().isoformat()}\n")
        counts = Counter(d.validity for d in decisions)
        print(
            f"Decisions of Klinisk ledning: {counts[riskreg.Validity.APPLIES]} apply now, "
            f"{counts[riskreg.Validity.UNCERTAIN]} under assessment, "
            f"{counts[riskreg.Validity.SUSPENDED]} suspended during the pause"
        )
        for d in decisions:
            if d.validity is riskreg.Validity.UNCERTAIN:
                print(f"  under assessment: {d.key} {d.title} (by {d.review_by})")

        print(f"\nRisks concerning {org.name}: {len(risks)}")
        by_level = Counter(register.level(r).label("en") for r in risks)
        print("  " + ", ".join(f"{n} {level}" for level, n in by_level.most_common()))
        worst = sorted(risks, key=lambda r: (-register.value(r), r.key))[:5]
        print("  most serious:")
        for r in worst:
            flag = "  EXPOSED" if r.key in exposed else ""
            print(f"    {r.key} [{register.value(r):>2}] {r.title}{flag}")
        own = [r for r in risks if org.code in r.reported_by]
        print(f"  reported by {org.name} itself: {', '.join(r.key for r in own) or 'none'}")
        touching = sorted(k for k in exposed if any(r.key == k for r in risks))
        print(f"  exposed (no applying mitigation): {', '.join(touching) or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
