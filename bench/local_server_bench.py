"""What the throwaway PostgreSQL server costs the tests: ``python -m bench.local_server_bench``.

Per fsync setting: a fresh server (initdb + start + its database), a restart after
``stop(mode="immediate")`` (crash recovery) and after a fast stop, and one fresh database per
test (``CREATE DATABASE … TEMPLATE``, each strategy) with its drop. Medians of ``--runs`` runs.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from riskreg.server.local import LocalServer


def _timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def measure(fsync: bool, runs: int) -> dict[str, float]:
    fresh: list[float] = []
    for _ in range(runs):
        server = LocalServer(fsync=fsync)
        fresh.append(_timed(server.start))
        server.close()
    figures: dict[str, list[float]] = {"fresh server": fresh}
    with LocalServer(fsync=fsync) as server:
        for strategy in ("WAL_LOG", "FILE_COPY"):
            created, dropped = [], []
            for run in range(runs):
                name = f"{strategy.lower()}_{run}"
                sql = f"CREATE DATABASE {name} STRATEGY {strategy}"
                created.append(_timed(partial(server._admin_connection().execute, sql)))
                dropped.append(_timed(partial(server.drop_database, name)))
            figures[f"create database ({strategy})"] = created
            figures[f"drop database (after {strategy})"] = dropped
        per_test = []
        for run in range(runs):
            name = f"db_test_{run}"
            per_test.append(_timed(partial(server.create_database, name))
                            + _timed(partial(server.drop_database, name)))
        figures["create_database + drop_database"] = per_test
        figures.update(_supplied(server, runs))
        immediate, fast = [], []
        for _ in range(runs):
            server.stop("immediate")
            immediate.append(_timed(server.start))
            server.stop("fast")
            fast.append(_timed(server.start))
        figures["start after stop(immediate)"] = immediate
        figures["start after stop(fast)"] = fast
    return {name: statistics.median(values) for name, values in figures.items()}


def _supplied(server: LocalServer, runs: int) -> dict[str, list[float]]:
    """What pg_url costs a test (tests/pg.py's DatabaseSupply): taking a database made ahead
    and giving it back, for tests that take no time and tests that take 0.2 s (sleeping, as a
    test waiting on the server would)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    import pg

    figures: dict[str, list[float]] = {}
    for test_time in (0.0, 0.2):
        supply = pg.DatabaseSupply(server)
        overheads = []
        for _ in range(runs):
            started = time.perf_counter()
            url = supply.take()
            taken = time.perf_counter() - started
            time.sleep(test_time)
            overheads.append(taken + _timed(partial(supply.give_back, url)))
        supply.close()
        figures[f"pg_url (made ahead), tests of {test_time:.1f} s"] = overheads
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"load average at start: {os.getloadavg()}")
    for fsync in (True, False):
        print(f"\nfsync {'on' if fsync else 'off'} (median of {args.runs})")
        for name, seconds in measure(fsync, args.runs).items():
            print(f"  {name:40} {seconds * 1000:8.0f} ms")


if __name__ == "__main__":
    main()
