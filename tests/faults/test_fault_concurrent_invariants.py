"""Invariants that span items hold when clients race: in every store, through the register.

Worker processes (each a client of its own, reaching a server register through its URL)
are told what to do, open the register, and then all start at the same moment:

- two clients whose links together would close a depends_on cycle: exactly one is refused;
- one client removes a risk while another links it: exactly one is refused, and no link
  ever points at a removed item;
- several processes add risks with ``new_risk`` (the next free key) and remove some of
  their own: no key is given out twice, none is given again after its risk was removed.

A CI-sized number of rounds in make test (4 of each race), the full count in make torture.
The server's schema is also asked directly (raw SQL, as a client that is not riskreg might
write): its triggers refuse the second half of a cycle, a retired key and a link to nothing.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import faultkit
import psycopg
import pytest
import stores
from faultcounts import count, scaled
from strategies import fixed_today, new_register

import riskreg
from riskreg import Rating, Relation

WORKER = r"""
import json, os, sys, time
from pathlib import Path
import riskreg

say = lambda doc: os.write(1, (json.dumps(doc) + "\n").encode("utf-8"))
say({"ready": True})
for line in sys.stdin:
    task = json.loads(line)
    if task["op"] == "quit":
        break
    reg = riskreg.Register.open(task["location"], user=task["user"])
    reg.risks(), reg.decisions(), reg.links()  # what this client has seen before it acts
    say({"set": task["round"]})
    go = Path(task["go"])
    deadline = time.monotonic() + 60
    while not go.exists() and time.monotonic() < deadline:
        time.sleep(0.0002)
    result = {"round": task["round"], "refused": None, "added": [], "removed": []}
    try:
        if task["op"] == "link":
            reg.link(*task["args"], why="samtidigt")
        elif task["op"] == "remove":
            reg.remove_risk(task["args"][0], why="samtidigt")
        elif task["op"] == "adds":
            for i in range(task["args"][0]):
                key = reg.new_risk(title=f"{task['user']} {i}", area="it",
                                   inherent=riskreg.Rating(1, 2), why="samtidig").key
                result["added"].append(key)
                if i % 3 == 2:
                    reg.remove_risk(key, why="egen, tas bort")
                    result["removed"].append(key)
    except riskreg.RiskregError as exc:
        result["refused"] = exc.key
    reg.close()
    say(result)
"""


class Workers:
    """Client processes that race on the tasks they are given (one task each per round)."""

    def __init__(self, n: int, folder: Path) -> None:
        self.folder = folder
        self.rounds = 0
        self.procs = [
            subprocess.Popen([sys.executable, "-c", WORKER], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             env=faultkit.child_env())
            for _ in range(n)
        ]
        self.readers = [faultkit.LineReader(p) for p in self.procs]
        for reader, proc in zip(self.readers, self.procs, strict=True):
            assert json.loads(faultkit.first_line(reader, proc)) == {"ready": True}

    def race(self, location: str, tasks: list[tuple[str, list[Any]]]) -> list[dict[str, Any]]:
        """Give worker k ``tasks[k]`` on the register at ``location``; start them together;
        each one's result."""
        self.rounds += 1
        go = self.folder / f"go-{self.rounds}"
        for k, (op, args) in enumerate(tasks):
            self._send(k, {"op": op, "args": args, "location": location, "go": str(go),
                           "round": self.rounds, "user": f"klient-{k}"})
        for k in range(len(tasks)):
            assert self._next(k) == {"set": self.rounds}
        go.touch()
        results = [self._next(k) for k in range(len(tasks))]
        assert all(r["round"] == self.rounds for r in results)
        return results

    def _send(self, k: int, task: dict[str, Any]) -> None:
        stdin = self.procs[k].stdin
        assert stdin is not None
        stdin.write((json.dumps(task) + "\n").encode("utf-8"))
        stdin.flush()

    def _next(self, k: int) -> Any:
        return json.loads(faultkit.first_line(self.readers[k], self.procs[k], timeout=120))

    def close(self) -> None:
        for k, proc in enumerate(self.procs):
            if proc.poll() is None:
                with contextlib.suppress(OSError):
                    self._send(k, {"op": "quit"})
        for reader in self.readers:
            reader.close()
        for proc in self.procs:
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=10)
            if proc.stdin is not None:
                with contextlib.suppress(OSError):
                    proc.stdin.close()
            faultkit.stop(proc)


@pytest.fixture(scope="module")
def pool(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workers]:
    """Three client processes for every race of this module (starting Python with riskreg
    and psycopg costs more than a race)."""
    workers = Workers(3, tmp_path_factory.mktemp("races"))
    yield workers
    workers.close()


DECISIONS = [f"KL-2022-{n:02d}" for n in range(1, 7)]


def chained(location: str, length: int) -> riskreg.Register:
    """A register with decisions KL-2022-01..06, the first ``length`` of them in a depends_on
    chain (01 -> 02 -> ...), a risk R-001 on its own and one linked."""
    reg = new_register(location)
    with reg.batch(why="start"):
        for key in DECISIONS:
            reg.new_decision(key=key, decided_on=date(2022, 3, 1), title=f"Beslut {key}",
                             validity="applies")
        for a, b in itertools.pairwise(DECISIONS[:length]):
            reg.link(a, Relation.DEPENDS_ON, b)
        reg.new_risk(key="R-001", title="Ensam risk", area="it", inherent=Rating(2, 2))
        reg.new_risk(key="R-002", title="Länkad risk", area="it", inherent=Rating(2, 2))
        reg.link("R-002", Relation.MITIGATED_BY, DECISIONS[0])
    return reg


def test_two_halves_of_a_cycle_one_is_refused(locations: stores.Locations,
                                              pool: Workers) -> None:
    for n in range(scaled(4, 60)):
        length = 1 + n % 4  # the cycle closes over 2..5 decisions
        location = locations.new()
        chained(location, length).close()
        last, beyond = DECISIONS[length - 1], DECISIONS[length]
        # each link alone is fine; together: 01 -> ... -> last -> beyond -> 01
        halves = [[last, "depends_on", beyond], [beyond, "depends_on", DECISIONS[0]]]
        if n % 2:
            halves.reverse()
        results = pool.race(location, [("link", halves[0]), ("link", halves[1])])
        refused = [r["refused"] for r in results if r["refused"]]
        assert refused == ["error.link_cycle"], results
        with riskreg.Register.open(location, today=fixed_today) as after:
            made = {(x.source, str(x.relation), x.target) for x in after.links()}
            done = [h for h, r in zip(halves, results, strict=True) if not r["refused"]]
            assert [tuple(h) in made for h in halves] == [not r["refused"] for r in results]
            assert len(done) == 1
            assert after.graph.cycles() == []
            assert len(after.history()) == len(after.links()) + 8  # the refused one: none
        count("races")
        count("races_one_refused")


def test_a_removal_and_a_link_to_it_one_is_refused(locations: stores.Locations,
                                                   pool: Workers) -> None:
    for n in range(scaled(4, 60)):
        location = locations.new()
        chained(location, 1).close()
        tasks = [("remove", ["R-001"]), ("link", ["R-001", "mitigated_by", DECISIONS[1]])]
        if n % 2:
            tasks.reverse()
        results = dict(zip((op for op, _ in tasks),
                           pool.race(location, tasks), strict=True))
        removed, linked = results["remove"], results["link"]
        assert [removed["refused"], linked["refused"]].count(None) == 1, results
        with riskreg.Register.open(location, today=fixed_today) as after:
            if removed["refused"] is None:
                assert linked["refused"] == "error.link_missing"
                assert "R-001" not in after and after.links("R-001") == []
            else:
                assert removed["refused"] == "error.linked_item"
                assert "R-001" in after and len(after.links("R-001")) == 1
            # no link to nothing: every end is an item of the register
            for link in after.links():
                assert link.source in after and link.target in after
            after.check()  # builds the graph: a link to nothing would be damage
        count("races")
        count("races_one_refused")


def test_concurrent_adds_never_give_a_key_twice_or_again(locations: stores.Locations,
                                                          pool: Workers) -> None:
    clients, adds = 3, scaled(24, 150)
    location = locations.new()
    reg = new_register(location)
    reg.new_risk(title="Första", area="it", inherent=Rating(1, 1))
    reg.remove_risk("R-001", why="bort före start")  # R-001 is never given out again
    reg.close()
    results = pool.race(location, [("adds", [adds])] * clients)
    assert all(r["refused"] is None for r in results), results
    added = [key for r in results for key in r["added"]]
    removed = {key for r in results for key in r["removed"]}
    given = Counter(added)
    assert len(added) == clients * adds
    assert [key for key, n in given.items() if n > 1] == []  # no key given out twice
    assert "R-001" not in given  # nor one that was removed
    with riskreg.Register.open(location, today=fixed_today) as after:
        assert {r.key for r in after.risks()} == set(added) - removed
        adds_in_history = Counter(c.key for c in after.history() if c.action == "add")
        assert [key for key, n in adds_in_history.items() if n > 1] == []
        assert after.next_risk_key() == f"R-{len(added) + 2:03d}"
        assert after.revision == 2 + len(added) + len(removed)
    count("concurrent_adds", len(added))


# --- the server's schema, as any client might write it -------------------------------------


def _register_id(conn: psycopg.Connection[Any], location: str) -> int:
    from riskreg.server.store import split_url

    row = conn.execute("SELECT id FROM riskreg.registers WHERE name = %s",
                       (split_url(location)[1],)).fetchone()
    assert row is not None
    return int(row[0])


@pytest.mark.postgres
def test_the_schema_refuses_the_second_half_of_a_cycle_written_by_hand(
    server_location: str
) -> None:
    chained(server_location, 2).close()  # 01 -> 02
    url = stores.database_url(server_location)
    with psycopg.connect(url) as first, psycopg.connect(url) as second:
        register = _register_id(first, server_location)
        insert = ("INSERT INTO riskreg.links (register, source, relation, target, doc, "
                  "changed_in) VALUES (%(r)s, %(s)s, 'depends_on', %(t)s, jsonb_build_object("
                  "'source', %(s)s::text, 'relation', 'depends_on', 'target', %(t)s::text, "
                  "'note', ''), 1)")
        first.execute(insert, {"r": register, "s": DECISIONS[1], "t": DECISIONS[2]})  # 02 -> 03
        outcome: list[BaseException | None] = []

        def close_it() -> None:  # 03 -> 01: with the first, a cycle
            try:
                second.execute(insert, {"r": register, "s": DECISIONS[2], "t": DECISIONS[0]})
                second.commit()
                outcome.append(None)
            except psycopg.Error as exc:
                second.rollback()
                outcome.append(exc)

        racer = threading.Thread(target=close_it)
        racer.start()
        racer.join(0.3)  # it waits for the first (the register's lock), then sees its link
        first.commit()
        racer.join(30)
        assert len(outcome) == 1 and isinstance(outcome[0], psycopg.errors.CheckViolation)
        assert outcome[0].diag.message_hint == "riskreg:cycle"
    with riskreg.Register.open(server_location) as after:
        assert after.graph.cycles() == []
        assert len(after.links()) == 3  # R-002's, 01 -> 02 and 02 -> 03


@pytest.mark.postgres
def test_the_schema_refuses_a_retired_key_and_a_link_to_nothing_written_by_hand(
    server_location: str
) -> None:
    reg = chained(server_location, 1)
    reg.remove_risk("R-001", why="bort")
    reg.close()
    url = stores.database_url(server_location)
    with stores.unchanged(server_location), psycopg.connect(url) as conn:
        register = _register_id(conn, server_location)
        with pytest.raises(psycopg.errors.UniqueViolation) as retired:
            conn.execute("INSERT INTO riskreg.items (register, key, kind, doc, revision, "
                         "changed_in) VALUES (%s, 'R-001', 'risk', '{}', 1, 9)", (register,))
        assert retired.value.diag.message_hint == "riskreg:key_retired"
        conn.rollback()
        with pytest.raises(psycopg.errors.ForeignKeyViolation):
            conn.execute("INSERT INTO riskreg.links (register, source, relation, target, doc, "
                         "changed_in) VALUES (%s, 'R-001', 'mitigated_by', %s, '{}', 9)",
                         (register, DECISIONS[0]))
        conn.rollback()
        with pytest.raises(psycopg.errors.ForeignKeyViolation):  # R-002 is linked
            conn.execute("DELETE FROM riskreg.items WHERE register = %s AND key = 'R-002'",
                         (register,))
        conn.rollback()
