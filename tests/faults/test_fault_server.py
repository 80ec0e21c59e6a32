"""Faults of the server store (PostgreSQL): a client killed mid-transaction, the server stopped
with ``immediate`` (a crash) in the middle of a run and started again. Nothing partial, every
acknowledged change there, clients told clearly and carrying on afterwards.

CI runs a sample; ``make torture`` (RISKREG_TORTURE=1) the full number of kills and crashes.
"""

from __future__ import annotations

import random
import textwrap
import threading
import time
from pathlib import Path

import faultkit
from faultcounts import count, scaled

import riskreg
from riskreg.server.local import LocalServer

PAIRS = 20  # each change sets the owners of a pair of risks: both or neither, never one

CHILD = textwrap.dedent(
    """
    import sys
    import riskreg
    url, start = sys.argv[1], int(sys.argv[2])
    reg = riskreg.Register.open(url, user="barn")
    n = start
    while True:
        a, b = f"R-{n % {pairs} * 2 + 1:03d}", f"R-{n % {pairs} * 2 + 2:03d}"
        with reg.batch(why=f"par {n}"):
            reg.update_risk(a, owner=f"tag {n}", expected_revision=reg.risk(a).revision)
            reg.update_risk(b, owner=f"tag {n}", expected_revision=reg.risk(b).revision)
        print(n, flush=True)
        n += 1
    """
).replace("{pairs}", str(PAIRS))


def tag(owner: str) -> int:
    return int(owner.split()[1]) if owner.startswith("tag ") else -1


def check_pairs(url: str, acked: dict[int, int]) -> None:
    """Every pair's two owners carry the same tag, at least the last acknowledged one."""
    with riskreg.Register.open(url) as reg:
        for pair in range(PAIRS):
            a = reg.risk(f"R-{pair * 2 + 1:03d}").owner
            b = reg.risk(f"R-{pair * 2 + 2:03d}").owner
            assert a == b, f"pair {pair}: half a transaction ({a!r}, {b!r})"
            assert tag(a) >= acked.get(pair, -1), f"pair {pair}: acknowledged tag lost"


def test_a_client_killed_mid_transaction_leaves_nothing_partial(
    pg_url: str, tmp_path: Path
) -> None:
    faultkit.make_register(tmp_path / "seed.json", risks=PAIRS * 2, decisions=8).close()
    riskreg.copy_register(tmp_path / "seed.json", pg_url)
    rng = random.Random(20261202)
    acked: dict[int, int] = {}
    n = 0
    for _kill in range(scaled(6, 60)):
        proc = faultkit.spawn(CHILD, pg_url, str(n))
        reader = faultkit.LineReader(proc)
        try:
            faultkit.first_line(reader, proc)  # it runs: now kill it at a random moment
            time.sleep(rng.uniform(0.0, 0.4))
            proc.kill()
            proc.wait(timeout=10)
            for line in reader.rest():
                done = int(line)
                acked[done % PAIRS] = max(acked.get(done % PAIRS, -1), done)
                n = max(n, done + 1)
        finally:
            reader.close()
            faultkit.stop(proc)
        count("server_client_kills")
        check_pairs(pg_url, acked)
        # the killed client's lock went with its connection: the next writer gets in at once
        started = time.monotonic()
        with riskreg.Register.open(pg_url, user="nästa") as reg:
            reg.update_risk("R-001", description=f"efter död {n}", why="lås fritt?")
        assert time.monotonic() - started < 5
        n += 1_000  # a fresh range of tags for the next child
        count("server_acked_checked", len(acked))


def test_a_server_crash_mid_run_is_told_clearly_and_the_clients_carry_on(
    pg_private_server: LocalServer, tmp_path: Path
) -> None:
    server = pg_private_server
    url = server.create_database() + "&register=krasch"
    faultkit.make_register(tmp_path / "seed.json", risks=PAIRS * 2, decisions=8).close()
    riskreg.copy_register(tmp_path / "seed.json", url)
    reg = riskreg.Register.open(url, user="klient")
    acked: dict[int, int] = {}
    errors: list[str] = []
    conflicts: list[int] = []
    done = [0]  # acknowledged changes so far
    stop = threading.Event()

    def writer() -> None:
        n = 0
        while not stop.is_set():
            a, b = f"R-{n % PAIRS * 2 + 1:03d}", f"R-{n % PAIRS * 2 + 2:03d}"
            try:
                with reg.batch(why=f"par {n}"):
                    reg.update_risk(a, owner=f"tag {n}", expected_revision=reg.risk(a).revision)
                    reg.update_risk(b, owner=f"tag {n}", expected_revision=reg.risk(b).revision)
            except riskreg.StorageError as exc:
                errors.append(exc.message("en"))
                time.sleep(0.05)
            except riskreg.ConflictError:
                # a change that landed although its answer was lost comes back as another
                # writer's: the client reads again, as the message says, and carries on
                conflicts.append(n)
            else:
                acked[n % PAIRS] = n
                done[0] += 1
            n += 1

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        for _crash in range(scaled(2, 12)):
            time.sleep(0.3)
            server.stop(mode="immediate")
            time.sleep(0.3)
            server.start()
            count("server_crashes")
            after_restart = done[0]
            deadline = time.monotonic() + 30
            while done[0] == after_restart:  # the same client carries on by itself
                assert time.monotonic() < deadline, errors[-3:]
                time.sleep(0.05)
    finally:
        stop.set()
        thread.join(timeout=60)
    reg.close()
    assert errors, "a crash mid-run must be told, not hidden"
    for text in errors:
        assert "server" in text and "\n" not in text, text
    count("server_crash_errors", len(errors))
    check_pairs(url, acked)
    count("server_acked_checked", len(acked))
