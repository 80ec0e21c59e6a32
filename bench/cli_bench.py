"""The command line as people meet it: whole processes on the example register, caches warm.

    python -m bench.cli_bench [--runs 21] [--tui-runs 7] [--no-tui]

Every command runs as its own process (the ``riskreg`` console script of this
environment), with ``.pyc`` caches in place (``PYTHONDONTWRITEBYTECODE`` is unset for
the children and every command runs once before timing, which also makes the read
cache beside the register), on a copy of the illustrative example register (48 risks,
69 decisions). Rounds are interleaved: each round runs the floors and every command
once, so whatever else the machine does falls on all of them alike. Figures are
medians; the ratios are to floors measured in the same run:

- ``python -c pass`` (the bare interpreter of this environment);
- ``python -c 'import networkx'`` (what the graph's library costs to import).

Goals (issue 12): every read command that walks no graph (``risk list/show``,
``decision list/show``, ``history KEY``, with and without ``--json``) at most 3x the
bare interpreter; ``--help`` and a usage error at most 2x; ``check`` and ``impact`` at
most 3x the bare interpreter plus the import of networkx. Also reported, without a
goal: each read the first time after a change (the read cache made again), and the
user + system CPU time of every command (less disturbed by other work on the machine).

The review UI as a whole process: ``riskreg tui`` in a pseudo-terminal of 160x48 with
``RISKREG_TUI_EXIT_AFTER_FIRST_DATA=1``, which makes the app exit once its start view
(the overview) has drawn the register's data. Two figures from each run: from process
start to the first output holding the name of the register's first risk area (the
overview's table of areas shows it once its counts are loaded), and from process start
to the process's end after that frame; the goal (under 1 s) is judged on the second,
which also holds the app's shutdown.

Writes ``bench/cli_results.json`` and prints a table.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "cli_results.json"
TODAY = "2026-11-22"
TUI_SIZE = (48, 160)  # rows, columns

READS = [
    ("risk list", ["risk", "list"]),
    ("risk list --json", ["risk", "list", "--json"]),
    ("risk show R-001", ["risk", "show", "R-001"]),
    ("risk show R-001 --json", ["risk", "show", "R-001", "--json"]),
    ("decision list", ["decision", "list"]),
    ("decision list --json", ["decision", "list", "--json"]),
    ("decision show KL-2022-07", ["decision", "show", "KL-2022-07"]),
    ("decision show KL-2022-07 --json", ["decision", "show", "KL-2022-07", "--json"]),
    ("history R-001", ["history", "R-001"]),
    ("history R-001 --json", ["history", "R-001", "--json"]),
]
QUICK = [
    ("--help", ["--help"], 0),
    ("usage error: risk list --colour", ["risk", "list", "--colour"], 2),
]
GRAPH = [
    ("check", ["check"]),
    ("check --json", ["check", "--json"]),
    ("impact KL-2022-07 --if suspended", ["impact", "KL-2022-07", "--if", "suspended"]),
    ("impact KL-2022-07 --if suspended --json",
     ["impact", "KL-2022-07", "--if", "suspended", "--json"]),
]


def child_env() -> dict[str, str]:
    """The environment of every measured process: .pyc caches used and written, a fixed day."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("RISKREG_") and k != "PYTHONDONTWRITEBYTECODE"}
    env.update(RISKREG_TODAY=TODAY, RISKREG_USER="bench", COLUMNS="120", LANG="C.UTF-8")
    return env


def riskreg_exe() -> list[str]:
    exe = Path(sys.executable).with_name("riskreg")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "riskreg.cli"]


@dataclass
class Timing:
    """A command's runs: wall seconds and user + system CPU seconds."""

    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)

    def run(self, argv: list[str], env: dict[str, str], code: int | None = None) -> None:
        started = time.perf_counter()
        process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   env=env)
        _pid, status, usage = os.wait4(process.pid, 0)
        self.wall.append(time.perf_counter() - started)
        self.cpu.append(usage.ru_utime + usage.ru_stime)
        got = os.waitstatus_to_exitcode(status)
        if code is not None and got != code:
            raise RuntimeError(f"{' '.join(argv)}: exit {got}, expected {code}")

    @property
    def median(self) -> float:
        return statistics.median(self.wall)

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu)


def make_example(folder: Path, env: dict[str, str]) -> Path:
    db = folder / "riskreg.json"
    subprocess.run([*riskreg_exe(), "--db", str(db), "init", "--example"], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    return db


def measure_commands(db: Path, runs: int, env: dict[str, str]) -> dict[str, Any]:
    """Floors and every command, interleaved round by round."""
    exe = riskreg_exe()
    base = [*exe, "--db", str(db)]
    commands: list[tuple[str, list[str], int | None]] = [
        ("python -c pass", [sys.executable, "-c", "pass"], 0),
        ("python -c 'import networkx'", [sys.executable, "-c", "import networkx"], 0),
    ]
    commands += [(name, [*base, *argv], code) for name, argv, code in QUICK]
    commands += [(name, [*base, *argv], 0) for name, argv in READS]
    commands += [(name, [*base, *argv], None) for name, argv in GRAPH]  # check: 1 on errors
    timings = {name: Timing() for name, _argv, _code in commands}
    for _name, argv, _code in commands:  # warm: .pyc files written, the read cache made
        subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       check=False)
    for _ in range(runs):
        for name, argv, code in commands:
            timings[name].run(argv, env, code)
    # each read the first time after a change (the read cache made again), and without the
    # read cache at all (as the command line answered before it had one)
    cold = {name: Timing() for name, _argv in READS}
    plain = {name: Timing() for name, _argv in READS}
    cache = db.with_name(db.name + ".readcache")
    without = {**env, "RISKREG_READ_CACHE": "off"}
    for _ in range(max(3, runs // 3)):
        for name, argv in READS:
            cache.unlink(missing_ok=True)
            cold[name].run([*base, *argv], env, 0)
            plain[name].run([*base, *argv], without, 0)
    return {"timings": timings, "cold": cold, "plain": plain}


# --- the review UI ----------------------------------------------------------------------------

_ESCAPE = re.compile(  # CSI sequences, OSC strings, charset selections
    rb"\x1b\[[0-9;?<>=]*[a-zA-Z~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-B]")


def tui_first_frame(db: Path, needle: str, env: dict[str, str], timeout: float = 30.0
                    ) -> tuple[float, float]:
    """``riskreg tui`` in a pseudo-terminal, with ``RISKREG_TUI_EXIT_AFTER_FIRST_DATA=1`` (the
    app exits once its start view has drawn the register's data): seconds from starting the
    process to the first output that holds ``needle`` (escape sequences removed), and to the
    process's end."""
    import fcntl
    import termios
    import tty

    started = time.perf_counter()
    # our own pseudo-terminal, whose terminal side this process keeps open too: the UI's
    # last frame is read after it ended (with pty.fork, a read on the master side may fail
    # with EIO once the UI has closed its side, before everything it wrote was read)
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", *TUI_SIZE, 0, 0))
    pid = os.fork()
    if pid == 0:  # the child: the UI, in a terminal of TUI_SIZE
        try:
            os.close(master)
            os.setsid()
            fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
            for fd in (0, 1, 2):
                os.dup2(slave, fd)
            argv = [*riskreg_exe(), "--db", str(db), "tui"]
            os.execve(argv[0], argv, {**env, "TERM": "xterm-256color",
                                      "RISKREG_TUI_EXIT_AFTER_FIRST_DATA": "1"})
        finally:
            os._exit(127)
    tty.setraw(slave)  # as the UI will set it: no echo of what is read back
    seen = b""
    wanted = needle.encode("utf-8")
    shown: float | None = None
    finished: float | None = None
    status = 0
    ended = os.pidfd_open(pid)  # readable once the UI has ended
    try:
        while True:
            left = timeout - (time.perf_counter() - started)
            if left <= 0:
                raise TimeoutError(f"'{needle}' not shown, or the UI not ended, within "
                                   f"{timeout} s")
            waiting = [master] if finished is not None else [master, ended]
            ready, _, _ = select.select(waiting, [], [], 0.0 if finished else left)
            if ended in ready:
                finished = time.perf_counter() - started
                _pid, status = os.waitpid(pid, 0)
            if master not in ready:
                if finished is not None and ended not in ready:
                    break  # ended, and everything it wrote is read
                continue
            chunk = os.read(master, 1 << 16)
            if shown is None:
                seen += chunk
                if wanted in _ESCAPE.sub(b"", seen):
                    now = time.perf_counter() - started
                    shown = now if finished is None else finished  # written before it ended
        if shown is None or finished is None:
            raise RuntimeError("the UI ended before showing data")
        if os.waitstatus_to_exitcode(status) != 0:
            raise RuntimeError(f"the UI ended with {os.waitstatus_to_exitcode(status)}")
        return shown, finished
    finally:
        if finished is None:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        for fd in (ended, master, slave):
            os.close(fd)


def measure_tui(db: Path, runs: int, env: dict[str, str]) -> dict[str, Any]:
    import riskreg

    with riskreg.Register.open(db) as reg:
        needle = reg.categories()[0].name
    tui_first_frame(db, needle, env)  # warm: .pyc files of the UI
    frames, ends, floors = [], [], []
    for _ in range(runs):
        floors.append(_run_floor(env))
        shown, finished = tui_first_frame(db, needle, env)
        frames.append(shown)
        ends.append(finished)
    return {"needle": needle, "first_frame_s": frames, "exit_after_first_frame_s": ends,
            "floor_s": floors}


def _run_floor(env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], env=env, check=True)
    return time.perf_counter() - started


# --- the table ---------------------------------------------------------------------------------


def rows_of(found: dict[str, Any]) -> list[dict[str, Any]]:
    timings: dict[str, Timing] = found["timings"]
    cold: dict[str, Timing] = found["cold"]
    floor = timings["python -c pass"]
    nx = timings["python -c 'import networkx'"]
    rows = []

    def row(name: str, t: Timing, goal: str, limit: float | None, ratio: float,
            cpu_ratio: float, group: str) -> None:
        rows.append({"group": group, "name": name, "median_s": t.median, "runs_s": t.wall,
                     "cpu_median_s": t.cpu_median, "cpu_runs_s": t.cpu, "ratio": ratio,
                     "cpu_ratio": cpu_ratio, "goal": goal,
                     "met": None if limit is None else ratio <= limit})

    row("python -c pass", floor, "", None, 1.0, 1.0, "floor")
    row("python -c 'import networkx'", nx, "", None, nx.median / floor.median,
        nx.cpu_median / floor.cpu_median, "floor")
    for name, _argv, _code in QUICK:
        t = timings[name]
        row(f"riskreg {name}", t, "<= 2x pass", 2.0, t.median / floor.median,
            t.cpu_median / floor.cpu_median, "quick")
    for name, _argv in READS:
        t = timings[name]
        row(f"riskreg {name}", t, "<= 3x pass", 3.0, t.median / floor.median,
            t.cpu_median / floor.cpu_median, "read")
    for name, _argv in GRAPH:
        t = timings[name]
        # the goal as a ratio: (command - networkx's import) / pass <= 3
        row(f"riskreg {name}", t, "<= 3x pass + import networkx", 3.0,
            (t.median - nx.median) / floor.median,
            (t.cpu_median - nx.cpu_median) / floor.cpu_median, "graph")
    for name, _argv in READS:
        t = cold[name]
        row(f"riskreg {name} (first after a change)", t, "", None, t.median / floor.median,
            t.cpu_median / floor.cpu_median, "read, cache made")
    for name, _argv in READS:
        t = found["plain"][name]
        row(f"riskreg {name} (RISKREG_READ_CACHE=off)", t, "", None, t.median / floor.median,
            t.cpu_median / floor.cpu_median, "read, no cache")
    return rows


def fmt_ms(seconds: float) -> str:
    return f"{seconds * 1e3:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def print_table(rows: list[dict[str, Any]], tui: dict[str, Any] | None) -> None:
    head = ["measure", "median", "x floor", "CPU", "CPU x floor", "goal", "met"]
    lines = [head]
    for r in rows:
        met = "" if r["met"] is None else ("yes" if r["met"] else "NOT MET")
        lines.append([r["name"], fmt_ms(r["median_s"]), f"{r['ratio']:.2f}",
                      fmt_ms(r["cpu_median_s"]), f"{r['cpu_ratio']:.2f}", r["goal"], met])
    if tui is not None:
        frame = statistics.median(tui["first_frame_s"])
        ended = statistics.median(tui["exit_after_first_frame_s"])
        floor = statistics.median(tui["floor_s"])
        lines.append(["riskreg tui: start to the first frame with data", fmt_ms(frame),
                      f"{frame / floor:.2f}", "", "", "", ""])
        lines.append(["riskreg tui: start to exit after that frame", fmt_ms(ended),
                      f"{ended / floor:.2f}", "", "", "< 1 s",
                      "yes" if ended < 1.0 else "NOT MET"])
    widths = [max(len(line[i]) for line in lines) for i in range(len(head))]
    for n, line in enumerate(lines):
        print("  ".join(c.rjust(w) if i in (1, 2, 3, 4) else c.ljust(w)
                        for i, (c, w) in enumerate(zip(line, widths, strict=True))).rstrip())
        if n == 0:
            print("  ".join("-" * w for w in widths))
    print("(graph commands: 'x floor' is (median - networkx's import) / pass)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--tui-runs", type=int, default=7)
    parser.add_argument("--no-tui", action="store_true")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)

    env = child_env()
    cache = HERE / ".cache"
    cache.mkdir(exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="cli-", dir=cache))
    try:
        db = make_example(folder, env)
        print(f"example register: {db} ({args.runs} interleaved rounds)", file=sys.stderr)
        found = measure_commands(db, args.runs, env)
        tui = None if args.no_tui else measure_tui(db, args.tui_runs, env)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    rows = rows_of(found)
    print()
    print_table(rows, tui)
    doc = {
        "machine": {"python": platform.python_version(), "machine": platform.machine(),
                    "cores": os.cpu_count(), "load_average_at_end": list(os.getloadavg()),
                    "date": datetime.now().astimezone().isoformat(timespec="seconds")},
        "runs": args.runs, "results": rows,
        "tui": None if tui is None else {
            **tui, "median_s": statistics.median(tui["first_frame_s"]),
            "exit_median_s": statistics.median(tui["exit_after_first_frame_s"]), "goal_s": 1.0,
            # judged on the whole process: start to its end once the first data frame is drawn
            "met": statistics.median(tui["exit_after_first_frame_s"]) < 1.0},
    }
    args.out.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"written {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
