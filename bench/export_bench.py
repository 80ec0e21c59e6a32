"""Benchmark: the status export to all 49 municipalities in all five formats.

    python -m bench.export_bench [--risks 10000] [--repeat 1]

Two registers: the illustrative example (48 risks, 69 decisions) and a synthetic
one (``bench/synthetic.py``, 10,000 risks, 1,000 decisions; built once, about
ten seconds, and cached in ``bench/.cache/``). Each is copied to a temporary
folder first, so the export's edition log never touches the cached file. For
each register: the whole ``export_reports`` call (build, render, write, record
the edition), then a breakdown (building the 49 reports, and rendering each
format for all 49 with fresh renderers). Writes ``bench/export_results.json``
and prints a table. Goal: under 60 s for the 10,000-risk register.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path
from typing import Any

import riskreg
from bench.core import copy_register
from bench.synthetic import cached_register
from riskreg.report.build import build_reports
from riskreg.report.export import FORMATS, _renderers, select_recipients
from riskreg.report.text import Words

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "export_results.json"
TODAY = date(2026, 11, 22)
GOAL_S = 60.0


def _today() -> date:
    return TODAY


def example(folder: Path) -> Path:
    path = folder / "example.json"
    riskreg.build_example(path, user="bench", today=TODAY).close()
    return path


def measure(name: str, source: Path, work: Path, repeat: int) -> dict[str, Any]:
    """Time the whole export, then the build and each format separately."""
    db = copy_register(source, work / source.name)
    runs = []
    manifest = None
    for i in range(repeat):
        with riskreg.Register.open(db, user="bench", today=_today) as reg:
            out = work / f"out-{i}"
            started = time.perf_counter()
            manifest = riskreg.export_reports(reg, out, recipients="all")
            runs.append(time.perf_counter() - started)
    assert manifest is not None
    sizes = {fmt: sum(f.size for f in manifest.files if f.format == fmt and f.recipient)
             for fmt in FORMATS}
    with riskreg.Register.open(db, user="bench", today=_today) as reg:
        risks, decisions = len(reg.risks()), len(reg.decisions())
        orgs = select_recipients(reg, "all")
        started = time.perf_counter()
        reports, _snapshot = build_reports(
            reg, orgs, edition=99, generated_at=datetime.now().astimezone(),
            generated_by="bench", recorded=False)
        build_s = time.perf_counter() - started
        words = Words("sv", reg.matrix, {o.code: o.name for o in reg.directory})
    per_format = {}
    for fmt in FORMATS:
        render = _renderers()[fmt]
        started = time.perf_counter()
        for report in reports:
            render(report, words)
        per_format[fmt] = time.perf_counter() - started
    return {
        "register": name,
        "risks": risks,
        "decisions": decisions,
        "recipients": len(orgs),
        "files": len(manifest.files) + 1,
        "risks_per_report": round(sum(len(r.risks) for r in reports) / len(reports), 1),
        "export_s": round(min(runs), 2),
        "export_runs_s": [round(r, 2) for r in runs],
        "build_s": round(build_s, 2),
        "render_s": {fmt: round(t, 2) for fmt, t in per_format.items()},
        "bytes": sizes,
        "goal_s": GOAL_S,
        "within_goal": min(runs) < GOAL_S,
    }


def table(results: list[dict[str, Any]]) -> str:
    head = ["register", "risks", "reports", "export s", "build s", *[f"{f} s" for f in FORMATS],
            "MB"]
    rows = [head]
    for r in results:
        rows.append([
            r["register"], str(r["risks"]), str(r["recipients"] * len(FORMATS)),
            f"{r['export_s']:.2f}", f"{r['build_s']:.2f}",
            *[f"{r['render_s'][f]:.2f}" for f in FORMATS],
            f"{sum(r['bytes'].values()) / 1e6:.1f}",
        ])
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    lines = ["  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in
                       enumerate(zip(row, widths, strict=True))) for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--risks", type=int, default=10_000, help="size of the synthetic register")
    parser.add_argument("--repeat", type=int, default=1,
                        help="export runs per register (the best is kept)")
    args = parser.parse_args(argv)
    results = []
    with tempfile.TemporaryDirectory(prefix="riskreg-export-bench-") as tmp:
        folder = Path(tmp)
        (folder / "source").mkdir()
        (folder / "example").mkdir()
        results.append(measure("example", example(folder / "source"), folder / "example",
                               args.repeat))
        (folder / "synthetic").mkdir()
        results.append(measure(f"synthetic-{args.risks}", cached_register(args.risks),
                               folder / "synthetic", args.repeat))
    doc = {
        "benchmark": "export of all municipalities in md, html, csv, xlsx, json",
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "results": results,
    }
    RESULTS.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    print(table(results))
    print(f"\nwritten {RESULTS.relative_to(HERE.parent)}")
    return 0 if all(r["within_goal"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
