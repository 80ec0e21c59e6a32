"""How fast the review UI shows a big register: python -m bench.tui_bench [--runs 5] [--risks 10000]

Measures, on a synthetic register (10,000 risks, 1,000 decisions by default;
made once by bench/synthetic.py and cached in bench/.cache/):

- first paint of the risk table with all rows available: from creating the app
  (register not yet open) to the first screen refresh after the table holds
  every row;
- filter keystroke -> updated table: from a key typed into the search field to
  the first refresh after the table shows the filtered rows;
- the floor: first paint of an empty Textual app, measured in the same run the
  same way (headless, same terminal size).

Prints a table (median of several runs, ratio to the floor) and writes
bench/tui_results.json.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import platform
import statistics
import time
from pathlib import Path
from typing import Any

from textual.app import App, ComposeResult
from textual.widgets import Input, Static

from bench.synthetic import cached_register

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "tui_results.json"
SIZE = (160, 48)
SEARCH = "journal"  # typed one key at a time


async def _until(condition: Any, timeout: float = 60.0) -> None:
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("the app did not get there in time")
        await asyncio.sleep(0.001)


class EmptyApp(App[None]):
    """The floor: a Textual app with one line of text."""

    painted_at = 0.0

    def compose(self) -> ComposeResult:
        yield Static("riskreg")

    def on_mount(self) -> None:
        self.call_after_refresh(self._painted)

    def _painted(self) -> None:
        self.painted_at = time.perf_counter()


async def empty_first_paint() -> float:
    start = time.perf_counter()
    app = EmptyApp()
    async with app.run_test(size=SIZE):
        await _until(lambda: app.painted_at > 0)
        return app.painted_at - start


async def risk_table_run(path: Path, expected_rows: int) -> tuple[float, list[float]]:
    """First paint of the full risk table, then one timing per search keystroke."""
    from tui.app import RiskregApp
    from tui.screens.risks import RisksScreen
    from tui.widgets.item_table import ItemTable

    start = time.perf_counter()
    app = RiskregApp(path, lang="sv", start="risks", poll_interval=3600)
    async with app.run_test(size=SIZE) as pilot:
        def table() -> ItemTable[Any] | None:
            screen = app.screen
            if not isinstance(screen, RisksScreen) or not screen.is_mounted:
                return None
            return screen.query_one("#table", ItemTable)

        def full_paint() -> float | None:
            t = table()
            if t is None:
                return None
            return next((at for _, rows, at in t.paint_log if rows == expected_rows), None)

        await _until(lambda: full_paint() is not None)
        first = table()
        assert first is not None
        first_paint = (full_paint() or 0.0) - start
        # the models the filters work on (and the graph details need) are read after the
        # first paint: type once the app has settled, as a reader would
        screen = app.screen
        assert isinstance(screen, RisksScreen)
        await _until(lambda: screen._all_rows is not None
                     and not any(w.is_running for w in app.workers))
        await pilot.pause(0.3)

        search = app.screen.query_one("#search", Input)
        search.focus()
        await pilot.pause()
        keystrokes = []
        for char in SEARCH:
            generation = first.rows_generation
            pressed = time.perf_counter()
            await pilot.press(char)
            await _until(lambda g=generation: first.painted_generation > g)
            keystrokes.append(first.painted_at - pressed)
        assert 0 < first.row_count < expected_rows, "the search should narrow the table"
        return first_paint, keystrokes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--risks", type=int, default=10_000)
    args = parser.parse_args()

    path = cached_register(args.risks)
    import riskreg

    with riskreg.Register.open(path) as reg:
        n_risks, n_decisions = len(reg.risks()), len(reg.decisions())

    floors, paints, keys = [], [], []
    for _ in range(args.runs):
        # each run starts as a fresh process would: the previous run's garbage collected
        gc.collect()
        floors.append(asyncio.run(empty_first_paint()))
        gc.collect()
        paint, strokes = asyncio.run(risk_table_run(path, n_risks))
        paints.append(paint)
        keys.extend(strokes)

    floor = statistics.median(floors)
    paint = statistics.median(paints)
    key = statistics.median(keys)
    rows = [
        ("empty Textual app, first paint (floor)", floor, min(floors), max(floors), 1.0, None),
        ("risk table, first paint with all rows", paint, min(paints), max(paints),
         paint / floor, 1.0),
        ("filter keystroke -> updated table", key, min(keys), max(keys), key / floor, 0.1),
    ]
    print(f"\nriskreg TUI bench: {n_risks} risks, {n_decisions} decisions, "
          f"{args.runs} runs, terminal {SIZE[0]}x{SIZE[1]}, {len(keys)} keystrokes")
    print(f"{'measure':42} {'median':>9} {'min':>9} {'max':>9} {'x floor':>8} {'target':>8}")
    for name, med, lo, hi, ratio, target in rows:
        target_text = f"<{target:.2f}s" if target else ""
        print(f"{name:42} {med:8.3f}s {lo:8.3f}s {hi:8.3f}s {ratio:8.1f} {target_text:>8}")
    results = {
        "register": {"file": path.name, "risks": n_risks, "decisions": n_decisions},
        "runs": args.runs,
        "terminal": list(SIZE),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "floor_empty_app_first_paint_s": {"median": floor, "all": floors},
        "risk_table_first_paint_s": {"median": paint, "all": paints, "ratio_to_floor":
                                     paint / floor, "target": 1.0},
        "filter_keystroke_s": {"median": key, "all": keys, "ratio_to_floor": key / floor,
                               "target": 0.1, "typed": SEARCH},
    }
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nwritten {RESULTS.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
