"""``make bench`` / ``python -m bench``: every benchmark of riskreg, one table, bench/results.json.

    python -m bench                          # 1,000 and 10,000 risks
    python -m bench --sizes 1000,10000,100000
    python -m bench --quick                  # fewer runs, 1,000 risks, no TUI/export
    python -m bench --no-tui --no-export --no-taskwarrior --no-cli

The register's own figures come from :mod:`bench.core`; the export and the TUI
have their own benchmarks (``bench/export_bench.py``, ``bench/tui_bench.py``),
run here at 10,000 risks when they are present; the command line and the UI's first
frame as processes on the example register come from ``bench/cli_bench.py``.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from bench import core

RESULTS = core.HERE / "results.json"
GOAL_SIZE = 10_000


def machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import riskreg

    return {
        "cpu": cpu, "cores": os.cpu_count(), "machine": platform.machine(),
        "system": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(), "riskreg": riskreg.__version__,
        "date": datetime.now().astimezone().isoformat(timespec="seconds"),
        "load_average_at_start": list(os.getloadavg()),
    }


def fmt_time(seconds: float | None) -> str:
    if seconds is None or math.isnan(seconds):
        return "–"
    if seconds < 1e-3:
        return f"{seconds * 1e6:.0f} µs"
    if seconds < 1:
        return f"{seconds * 1e3:.1f} ms"
    return f"{seconds:.2f} s"


def table(rows: list[core.Row]) -> str:
    head = ["size", "measure", "median", "floor", "x floor", "goal", "met"]
    lines = [head]
    for r in rows:
        ratio = r.ratio
        met = "" if r.met is None else ("yes" if r.met else "NOT MET")
        lines.append([f"{r.size:,}", r.name, fmt_time(r.median), fmt_time(r.floor),
                      "" if ratio is None else f"{ratio:.2f}x", r.goal, met])
    widths = [max(len(line[i]) for line in lines) for i in range(len(head))]
    right = {0, 2, 3, 4}
    out = []
    for n, line in enumerate(lines):
        out.append("  ".join(c.rjust(w) if i in right else c.ljust(w)
                             for i, (c, w) in enumerate(zip(line, widths, strict=True))).rstrip())
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=None,
                        help="register sizes in risks, comma-separated (default 1000,10000)")
    parser.add_argument("--quick", action="store_true",
                        help="fewer runs, 1,000 risks only unless --sizes, no TUI/export")
    parser.add_argument("--runs", type=int, help="repetitions of each cheap measurement")
    parser.add_argument("--no-tui", action="store_true")
    parser.add_argument("--no-export", action="store_true")
    parser.add_argument("--no-taskwarrior", action="store_true")
    parser.add_argument("--no-cli", action="store_true",
                        help="leave out the example register's command line (bench/cli_bench.py)")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)

    sizes = [int(x.replace("_", "")) for x in (args.sizes or (
        "1000" if args.quick else "1000,10000")).split(",") if x.strip()]
    s = core.Settings()
    if args.quick:
        s = core.Settings(runs=3, edits=5, cli_runs=3, batch_runs=2,
                          history_steps=(0, 1_000, 10_000))
    if args.runs:
        s.runs = args.runs
    s.taskwarrior = not args.no_taskwarrior
    parts = not args.quick

    info = machine()
    core.say(f"riskreg benchmarks on {info['cpu']} ({info['cores']} cores), "
             f"Python {info['python']}: sizes {', '.join(f'{n:,}' for n in sizes)}")
    rows: list[core.Row] = []
    notes: list[str] = []
    timings: dict[str, float] = {}
    started = time.perf_counter()
    for size in sizes:
        t0 = time.perf_counter()
        core.say(f"- {size:,} risks")
        path = core.synthetic(size)
        scaled = s
        if size >= 100_000:  # every run is long here: fewer of them
            scaled = core.Settings(runs=max(3, s.runs // 2), edits=max(5, s.edits // 3),
                                   cli_runs=3, batch_runs=2, history_steps=s.history_steps,
                                   taskwarrior=s.taskwarrior)
        for name, step in (("open", core.measure_open), ("edit", core.measure_edits),
                           ("batch", core.measure_batch), ("graph", core.measure_queries)):
            core.say(f"  {name} ...")
            rows += step(size, path, scaled)
        core.say("  command line ...")
        cli_rows, cli_notes = core.measure_cli(size, path, scaled)
        rows += cli_rows
        notes += cli_notes
        timings[f"{size}"] = time.perf_counter() - t0
    goal_size = GOAL_SIZE if GOAL_SIZE in sizes else max(n for n in sizes if n <= GOAL_SIZE) \
        if any(n <= GOAL_SIZE for n in sizes) else sizes[0]
    if not args.no_cli:
        core.say("- command line on the example register (bench/cli_bench.py) ...")
        more, more_notes = core.measure_cli_bench(s, tui=parts and not args.no_tui)
        rows += more
        notes += more_notes
    if parts and not args.no_export:
        core.say(f"- export bench ({goal_size:,} risks) ...")
        more, more_notes = core.measure_export(goal_size, s)
        rows += more
        notes += more_notes
    if parts and not args.no_tui:
        core.say(f"- TUI bench ({goal_size:,} risks) ...")
        more, more_notes = core.measure_tui(goal_size, s)
        rows += more
        notes += more_notes

    for r in rows:  # the issue sets its goals at 10,000 risks; other sizes are reported
        if r.size != GOAL_SIZE and r.goal and r.group != "cli-example":
            r.extra["goal_at_10000"] = r.goal
            r.goal, r.met = "", None
    print()
    print(f"riskreg benchmarks — {info['cpu']}, {info['cores']} cores, {info['system']}, "
          f"Python {info['python']}, {info['date']}")
    print(f"median of {s.runs} runs ({s.edits} durable edits per history length); "
          "floors measured in the same run; goals are those set at 10,000 risks\n")
    print(table(rows))
    if notes:
        print()
        for note in notes:
            print(f"note: {note}")
    goals = [r for r in rows if r.met is not None]
    missed = [r for r in goals if not r.met]
    print(f"\ngoals met: {len(goals) - len(missed)} of {len(goals)}"
          + (f"; not met: {'; '.join(f'{r.size:,} {r.name}' for r in missed)}" if missed else ""))
    doc = {
        "machine": info,
        "sizes": sizes,
        "settings": {"runs": s.runs, "edits": s.edits, "cli_runs": s.cli_runs,
                     "batch_runs": s.batch_runs, "history_steps": list(s.history_steps),
                     "quick": args.quick},
        "seconds_per_size": timings,
        "total_seconds": time.perf_counter() - started,
        "results": [r.to_doc() for r in rows],
        "notes": notes,
    }
    args.out.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"written {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
