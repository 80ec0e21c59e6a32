"""Synthetic registers for benchmarks: seeded, realistic in shape, any size.

N risks over eight areas, N/10 decisions with the pause's validity mix (about
23 % apply, 7 % uncertain, 70 % suspended), about three links per risk,
scopes spread over the municipalities, a history of edits, and (on request) exported
editions in the export log.

    python -m bench.synthetic OUT.json --risks 10000 [--seed 7] [--edits 200] [--editions 3]
"""

from __future__ import annotations

import argparse
import contextlib
import random
import shutil
import tempfile
from datetime import date, timedelta
from pathlib import Path

import riskreg
from riskreg import (
    Action,
    ActionStatus,
    Category,
    Decision,
    Rating,
    Relation,
    Risk,
    RiskStatus,
    Scope,
    Validity,
    Visibility,
)

AREAS = [
    ("parallella-system", "Parallella system och arbetssätt"),
    ("informationsoverforing", "Informationsöverföring region–kommun"),
    ("kompetens", "Kompetens och utbildning"),
    ("arbetsmiljo", "Arbetsmiljö"),
    ("ekonomi", "Ekonomi och avtal"),
    ("styrning", "Styrning och mandat"),
    ("teknik", "Teknik och integrationer"),
    ("kommunikation", "Kommunikation"),
]
WORDS = (
    "dubbeldokumentation", "journal", "läkemedelslista", "hemsjukvård", "utskrivning",
    "samordning", "SAMSA", "behörighet", "integration", "avtal", "kostnad", "utbildning",
    "superanvändare", "arbetsmiljö", "beslut", "mandat", "kommunikation",
    "informationsöverföring", "patientsäkerhet", "vårdplan", "rutin", "förvaltning",
)


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize()


def make_register(
    path: str | Path,
    risks: int = 10_000,
    *,
    seed: int = 7,
    edits: int = 200,
    today: date = date(2026, 11, 22),
    editions: int = 0,
) -> riskreg.Register:
    """Create a synthetic register at ``path`` and return it open.

    ``editions`` exported editions (JSON reports to three municipalities each, recorded
    in the register's export log), each after a few edits, are made last when the export
    API (``riskreg.export_reports``) is there.
    """
    rng = random.Random(seed)
    n_decisions = max(10, risks // 10)
    municipalities = [m.code for m in riskreg.municipalities()]
    associations = sorted({m.association for m in riskreg.municipalities()})
    care_areas = sorted({m.care_area for m in riskreg.municipalities()})
    reg = riskreg.Register.create(
        path,
        name=f"Syntetiskt register ({risks} risker)",
        user="bench",
        categories=[Category(k, n) for k, n in AREAS],
        today=lambda: today,
    )

    def scope() -> Scope:
        roll = rng.random()
        if roll < 0.5:
            return Scope.everyone()
        if roll < 0.7:
            return Scope.association(rng.choice(associations))
        if roll < 0.85:
            return Scope.care_area(rng.choice(care_areas))
        if roll < 0.95:
            return Scope.municipalities(*rng.sample(municipalities, rng.randint(1, 4)))
        return Scope.region()

    decision_keys = []
    with reg.batch(why="synthetic decisions"):
        per_year: dict[int, int] = {}
        for _ in range(n_decisions):
            year = rng.randint(2020, 2024)
            per_year[year] = per_year.get(year, 0) + 1
            key = f"KL-{year}-{per_year[year]:04d}"
            roll = rng.random()
            validity = (
                Validity.APPLIES
                if roll < 0.23
                else Validity.UNCERTAIN
                if roll < 0.30
                else Validity.SUSPENDED
            )
            reg.add_decision(
                Decision(
                    key=key,
                    decided_on=date(year, rng.randint(1, 12), rng.randint(1, 28)),
                    title=_text(rng, 6),
                    summary=_text(rng, 25),
                    care_areas=(
                        rng.choice(["Hemsjukvård", "Primärvård", "Slutenvård", "Elevhälsa"]),
                    ),
                    target_groups=("Projektledare", "Ledningsråd"),
                    validity=validity,
                    review_by=today + timedelta(days=rng.randint(-60, 120))
                    if validity is Validity.UNCERTAIN
                    else None,
                    scope=scope(),
                )
            )
            decision_keys.append(key)
    with reg.batch(why="synthetic risks"):
        for i in range(1, risks + 1):
            inherent = Rating(rng.randint(1, 4), rng.randint(1, 4))
            reg.add_risk(
                Risk(
                    key=f"R-{i:05d}",
                    title=_text(rng, 7),
                    area=rng.choice(AREAS)[0],
                    inherent=inherent,
                    residual=Rating(max(1, inherent.likelihood - 1), inherent.impact),
                    description=_text(rng, 30),
                    consequences=tuple(_text(rng, 8) for _ in range(rng.randint(1, 3))),
                    actions=tuple(
                        Action(
                            _text(rng, 8),
                            owner="Projektledare",
                            status=rng.choice(list(ActionStatus)),
                            due=today + timedelta(days=rng.randint(-90, 300)),
                        )
                        for _ in range(rng.randint(0, 3))
                    ),
                    owner=rng.choice(["MAS", "Projektledare", "IT-samordnare", "Verksamhetschef"]),
                    status=rng.choice(list(RiskStatus)),
                    scope=scope(),
                    visibility=Visibility.INTERNAL if rng.random() < 0.05 else Visibility.SHARED,
                    reported_by=tuple(rng.sample(municipalities, rng.randint(0, 6))),
                    created=date(2025, 1, 1) + timedelta(days=rng.randint(0, 90)),
                    last_reviewed=today - timedelta(days=rng.randint(0, 300)),
                )
            )
    with reg.batch(why="synthetic links"):
        for i in range(1, risks + 1):
            for target in rng.sample(decision_keys, rng.randint(1, 3)):
                reg.link(f"R-{i:05d}", Relation.MITIGATED_BY, target)
        ordered = sorted(decision_keys)
        for index, key in enumerate(ordered[1:], 1):  # only on older decisions: no cycles
            if rng.random() < 0.3:
                reg.link(key, Relation.DEPENDS_ON, ordered[rng.randrange(index)])
        for _ in range(risks // 20):
            a, b = rng.sample(range(1, risks + 1), 2)
            with contextlib.suppress(riskreg.LinkError):  # a cycle or a duplicate: skip it
                reg.link(f"R-{a:05d}", Relation.AGGRAVATES, f"R-{b:05d}")
    for n in range(edits):
        key = f"R-{rng.randint(1, risks):05d}"
        reg.update_risk(key, owner=f"Granskare {n}", why="synthetic edit")
    export = getattr(riskreg, "export_reports", None)
    if editions and export is not None:
        out = Path(tempfile.mkdtemp(prefix=".editions-", dir=Path(path).absolute().parent))
        try:
            for n in range(editions):
                for _ in range(5):
                    key = f"R-{rng.randint(1, risks):05d}"
                    reg.update_risk(key, owner=f"Före utgåva {n + 1}", why="synthetic edit")
                export(reg, out / f"utgava-{n + 1}", recipients=rng.sample(municipalities, 3),
                       formats="json", lang="sv", why=f"synthetic edition {n + 1}")
        finally:
            shutil.rmtree(out, ignore_errors=True)
    return reg


CACHE = Path(__file__).resolve().parent / ".cache"


def cached_register(risks: int, *, editions: int = 0) -> Path:
    """The synthetic register of ``risks`` risks (and ``editions`` exported editions), made
    once into ``bench/.cache/`` and reused by every benchmark; a half-made one never counts."""
    import os
    import sys
    import time

    CACHE.mkdir(exist_ok=True)
    ignore = CACHE / ".gitignore"
    if not ignore.exists():
        ignore.write_text("*\n")
    name = f"synthetic-{risks}" + (f"-{editions}-editions" if editions else "")
    path = CACHE / f"{name}.json"
    if path.exists():
        return path
    partial = CACHE / f"partial-{name}.json"
    leftovers = [partial, partial.with_name(partial.name + ".history.jsonl"),
                 partial.with_name(partial.name + ".lock")]
    for leftover in leftovers:
        leftover.unlink(missing_ok=True)
    started = time.perf_counter()
    print(f"  making {path.name} (once; ~{max(1, risks // 1000)} s) ...", file=sys.stderr,
          flush=True)
    make_register(partial, risks, editions=editions).close()
    os.replace(leftovers[1], path.with_name(path.name + ".history.jsonl"))
    os.replace(partial, path)  # last: the register counts as made only when it is whole
    leftovers[2].unlink(missing_ok=True)
    shutil.rmtree(partial.with_name(partial.name + ".backups"), ignore_errors=True)
    print(f"  made in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description="Write a synthetic register.")
    parser.add_argument("out", type=Path)
    parser.add_argument("--risks", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--edits", type=int, default=200)
    parser.add_argument("--editions", type=int, default=0)
    args = parser.parse_args()
    make_register(
        args.out, args.risks, seed=args.seed, edits=args.edits, editions=args.editions
    ).close()


if __name__ == "__main__":
    main()
