"""Benchmarks of the server store (PostgreSQL), side by side with the file store, in one run.

    python -m bench.server_bench --sizes 10000,100000

A throwaway local server (riskreg.server.local, fsync on) holds the synthetic registers.
Every figure has its floor measured in the same run:

- open: ``Register.open`` on the server against fetching the same rows raw with psycopg
  (what any client must at least do), and the file store's open of the same register;
- one edit: ``update_risk`` (durable) against a raw transaction doing the least an edit
  must (lock, update one row, insert one history row, commit);
- ``riskreg risk list --area X --json`` as a whole process against Taskwarrior's
  ``task project:X export`` on the same items (goal: at most half its time);
- edits per second with 1, 10 and 50 writers (processes), server against file;
- how long a change takes to appear in another client (LISTEN/NOTIFY, then the reload).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path
from typing import Any

from bench import core
from bench.core import Row, Settings, repeat, say

RESULTS = core.HERE / "server_results.json"


def _today() -> date:
    return core.TODAY


def _raw_fetch(url: str) -> None:
    """The floor of opening: every row of the register fetched, nothing built."""
    import psycopg

    from riskreg.server.store import split_url

    conninfo, name, _ = split_url(url)
    with psycopg.connect(conninfo) as conn:
        (register,) = conn.execute("SELECT id FROM riskreg.registers WHERE name = %s",
                                   (name,)).fetchone() or (None,)
        for table in ("items", "links", "categories", "organisations"):
            conn.execute(f"SELECT * FROM riskreg.{table} WHERE register = %s",
                         (register,)).fetchall()


def _raw_edit(url: str, key: str) -> Any:
    """The floor of an edit: lock, one row updated, one history row, commit (durable)."""
    import psycopg
    from psycopg.types.json import Jsonb

    from riskreg.server.store import split_url

    conninfo, name, _ = split_url(url)
    conn = psycopg.connect(conninfo)
    (register,) = conn.execute("SELECT id FROM riskreg.registers WHERE name = %s",
                               (name,)).fetchone() or (None,)
    conn.commit()
    counter = [10_000_000]

    def edit() -> None:
        counter[0] += 1
        conn.execute("SELECT pg_advisory_xact_lock(1380075847, %s)", (register,))
        row = conn.execute("UPDATE riskreg.registers SET revision = revision + 1, changes = "
                           "changes + 1 WHERE id = %s RETURNING revision, changes",
                           (register,)).fetchone()
        assert row is not None
        conn.execute("UPDATE riskreg.items SET doc = jsonb_set(doc, '{owner}', %s), "
                     "changed_in = %s WHERE register = %s AND key = %s",
                     (Jsonb(f"floor {counter[0]}"), row[0], register, key))
        conn.execute("INSERT INTO riskreg.history (register, seq, revision, at, \"user\", "
                      "action, key, why) VALUES (%s, %s, %s, now(), 'golv', 'update', %s, "
                      "'golv')", (register, row[1], row[0], key))
        conn.commit()

    return edit, conn


def measure_sizes(server: Any, sizes: list[int], s: Settings) -> tuple[list[Row], list[str]]:
    import riskreg

    rows: list[Row] = []
    notes: list[str] = []
    for size in sizes:
        say(f"  server, {size:,} risks ...")
        if size > 10_000:  # exporting editions of 100,000 risks takes longer than all the rest
            from bench.synthetic import cached_register

            path = cached_register(size)
            notes.append(f"{size:,} risks: the synthetic register without exported editions")
        else:
            path = core.synthetic(size)
        url = server.create_database() + "&register=bench"
        started = time.perf_counter()
        riskreg.copy_register(path, url)
        notes.append(f"{size:,} risks copied file -> server in "
                     f"{time.perf_counter() - started:.1f} s")
        runs = max(3, s.runs // (2 if size >= 100_000 else 1))

        def open_server(u: str = url) -> None:
            riskreg.Register.open(u, today=_today).close()

        def open_file(p: Path = path) -> None:
            riskreg.Register.open(p, today=_today).close()

        fetch = repeat(lambda: _raw_fetch(url), runs)  # noqa: B023 - called right here
        server_open = Row(size, "server", "open a register on the server",
                          repeat(open_server, runs), fetch,
                          "fetch the same rows raw (psycopg)", "<= 2x floor")
        server_open.met = server_open.ratio is not None and server_open.ratio <= 2.0
        rows.append(server_open)
        rows.append(Row(size, "server", "  the same register from its file (file store)",
                        repeat(open_file, runs), fetch, "fetch the same rows raw (psycopg)"))

        reg = riskreg.Register.open(url, user="bench", today=_today)
        keys = [r.key for r in reg.risks()][:50]
        edits = repeat(_editor(reg, keys), s.edits)
        raw, conn = _raw_edit(url, keys[-1])
        floor = repeat(raw, s.edits)
        conn.close()
        reg.close()
        edit = Row(size, "server", "one durable edit on the server", edits, floor,
                   "the least an edit does (lock, 1 row, 1 history row, commit)",
                   "<= 3x floor")
        edit.met = edit.ratio is not None and edit.ratio <= 3.0
        rows.append(edit)
        if size == 10_000:
            more, more_notes = measure_list(size, path, url, s)
            rows += more
            notes += more_notes
    return rows, notes


def _editor(reg: Any, keys: list[str]) -> Any:
    n = [0]

    def one_edit() -> None:
        n[0] += 1
        reg.update_risk(keys[n[0] % len(keys)], owner=f"bench {n[0]}", why="bench")

    return one_edit


def _reload_when_told(reader: Any, got: threading.Event) -> None:
    if reader.wait_for_change(10.0):
        reader.refresh()
        got.set()


def measure_list(size: int, path: Path, url: str, s: Settings) -> tuple[list[Row], list[str]]:
    """``riskreg risk list --area X --json`` on the server, whole process, vs Taskwarrior."""
    import riskreg

    notes: list[str] = []
    with riskreg.Register.open(path, today=_today) as reg:
        counts: dict[str, int] = {}
        for r in reg.risks():
            counts[r.area] = counts.get(r.area, 0) + 1
        area = sorted(counts)[0]
        items = core._task_items(reg)
    env = core._cli_env()
    argv = [*core._riskreg_exe(), "--db", url, "risk", "list", "--area", area, "--json"]

    def run(cmd: list[str], environ: dict[str, str]) -> Any:
        def go() -> None:
            subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                           env=environ, check=True)
        return go

    run(argv, env)()
    ours = repeat(run(argv, env), s.cli_runs)
    theirs = None
    task = shutil.which("task")
    if task is None:
        notes.append("Taskwarrior not installed (apt-get install taskwarrior): server list "
                     "comparison skipped")
    else:
        with core.scratch() as folder:
            data = folder / "taskdata"
            data.mkdir()
            rc = folder / "taskrc"
            rc.write_text(f"data.location={data}\nconfirmation=off\nverbose=nothing\n"
                          "hooks=off\nnews.version=2.6.2\n")
            tenv = {**os.environ, "TASKDATA": str(data), "TASKRC": str(rc)}
            file = folder / "tasks.json"
            file.write_text(json.dumps(items, ensure_ascii=False))
            subprocess.run([task, "import", str(file)], env=tenv, check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=1200)
            theirs = repeat(run([task, f"project:{area}", "export"], tenv), s.cli_runs)
    row = Row(size, "server", f"riskreg risk list --area {area} --json on the server "
              f"({counts[area]:,} risks)", ours, theirs,
              "Taskwarrior: task project:X export, same items", "<= 0.5x Taskwarrior")
    row.met = None if row.ratio is None else row.ratio <= 0.5
    # what any client of the server pays before its first question
    psycopg_import = repeat(run([sys.executable, "-c", "import psycopg"], env), s.cli_runs)
    floor = Row(size, "server", "  of which: python -c 'import psycopg'", psycopg_import, theirs,
                "Taskwarrior: task project:X export, same items")
    return [row, floor], notes


def measure_writers(server: Any, s: Settings) -> tuple[list[Row], list[str]]:
    """Edits per second with 1, 10 and 50 writer processes, server against file."""
    from bench.server_load import prepare, run_load, verify

    rows: list[Row] = []
    notes: list[str] = []
    edits = 40
    for writers in (1, 10, 50):
        say(f"  {writers} writers ...")
        url = server.create_database() + "&register=last"
        prepare(url, writers)
        load = run_load(url, writers, edits)
        problems = verify(url, load)
        with core.scratch() as folder:
            path = str(folder / "last.json")
            prepare(path, writers)
            on_file = run_load(path, writers, edits)
            problems += verify(path, on_file)
        if problems:
            notes.append(f"{writers} writers: " + "; ".join(problems[:3]))
        row = Row(0, "writers", f"{writers} writers x {edits} edits: seconds per acknowledged "
                  f"edit, server ({load.edits_per_second:.0f} edits/s, "
                  f"{load.refused} refused)",
                  [load.seconds / max(1, load.acked)],
                  [on_file.seconds / max(1, on_file.acked)],
                  f"the file store, same load ({on_file.edits_per_second:.0f} edits/s, "
                  f"{on_file.refused} refused, {on_file.timed_out} timed out on the lock)")
        row.extra.update(server_edits_per_s=load.edits_per_second,
                         file_edits_per_s=on_file.edits_per_second,
                         server_p50_ms=statistics.median(load.latencies) * 1e3,
                         server_p95_ms=load.percentile(95) * 1e3,
                         server_max_ms=max(load.latencies) * 1e3,
                         file_p50_ms=statistics.median(on_file.latencies) * 1e3,
                         file_p95_ms=on_file.percentile(95) * 1e3)
        if writers == 50:
            row.goal = "server >= file (<= 1x)"
            row.met = row.ratio is not None and row.ratio <= 1.0
        rows.append(row)
        notes.append(f"{writers} writers: server {load.summary()}; file {on_file.summary()}")
    return rows, notes


def measure_notify(server: Any, s: Settings) -> list[Row]:
    """From one client's commit to another client having reloaded the change."""
    import riskreg
    from bench.server_load import prepare

    url = server.create_database() + "&register=syns"
    prepare(url, 4)
    writer = riskreg.Register.open(url, user="a", today=_today)
    reader = riskreg.Register.open(url, user="b", today=_today)
    times: list[float] = []
    for n in range(max(10, s.runs * 2)):
        got = threading.Event()
        committed = [0.0]
        thread = threading.Thread(target=_reload_when_told, args=(reader, got))
        thread.start()
        time.sleep(0.05)  # the reader is listening
        writer.update_risk("R-0001", owner=f"n {n}", why="syns")
        committed[0] = time.perf_counter()
        thread.join(timeout=15)
        assert got.is_set()
        times.append(time.perf_counter() - committed[0])
        assert reader.risk("R-0001").owner == f"n {n}"
    writer.close()
    reader.close()
    row = Row(0, "live", "a change appears in another client (commit -> reloaded)", times,
              goal="< 1 s")
    row.met = statistics.median(times) < 1.0 and max(times) < 1.0
    return [row]


def run(sizes: list[int], s: Settings) -> tuple[list[Row], list[str]]:
    from riskreg.server.local import LocalServer

    rows: list[Row] = []
    notes: list[str] = []
    with LocalServer(max_connections=300) as server:
        more, more_notes = measure_sizes(server, sizes, s)
        rows += more
        notes += more_notes
        more, more_notes = measure_writers(server, s)
        rows += more
        notes += more_notes
        rows += measure_notify(server, s)
    return rows, notes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.server_bench")
    parser.add_argument("--sizes", default="10000")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    sizes = [int(x) for x in args.sizes.split(",") if x.strip()]
    rows, notes = run(sizes, Settings())
    from bench.__main__ import table

    print(table(rows))
    for note in notes:
        print(f"note: {note}")
    args.out.write_text(json.dumps({"results": [r.to_doc() for r in rows], "notes": notes},
                                   indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
