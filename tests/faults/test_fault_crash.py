"""Crash: a process saving changes is killed with SIGKILL at random moments; nothing acknowledged
is lost, the file is never torn, and no lock is left behind that blocks the next writer.

The child edits the register through the public API and reports each change on
a pipe: ``B <op>`` before it starts and ``A <revision>`` once the call has
returned (the change is acknowledged). After each kill the register must hold
every acknowledged change, and the one change in flight either wholly or not at
all (a batch included).
"""

from __future__ import annotations

import json
import random
import textwrap
import time
from pathlib import Path
from typing import Any

import faultkit
from faultcounts import TORTURE, count, scaled
from filelock import FileLock
from strategies import fixed_today

import riskreg
from riskreg.doctor import diagnose, restore, validate_register
from riskreg.store import FileStore

CHILD = textwrap.dedent(
    """
    import json, os, random, sys
    import riskreg
    from riskreg import Relation

    path, seed = sys.argv[1], int(sys.argv[2])
    reg = riskreg.Register.open(path, user="crash-" + sys.argv[2])
    rng = random.Random(seed)
    say = lambda text: os.write(1, (text + "\\n").encode("utf-8"))
    say("READY")
    n = 0
    while True:
        n += 1
        tag = f"{seed}-{n}"
        risks = [r.key for r in reg.risks()]
        decisions = [d.key for d in reg.decisions()]
        roll = rng.random()
        if roll < 0.3:
            op = {"op": "add", "key": reg.next_risk_key(), "title": f"Ny risk {tag} åäö"}
        elif roll < 0.6:
            op = {"op": "edit", "key": rng.choice(risks), "owner": f"Ägare {tag}"}
        elif roll < 0.8:
            op = {"op": "batch", "edits": [[k, f"Batch {tag}"] for k in rng.sample(risks, 3)],
                  "add": [reg.next_risk_key(), f"Batchrisk {tag}"]}
        elif roll < 0.9:
            r, d = rng.choice(risks), rng.choice(decisions)
            linked = any(l.target == d and str(l.relation) == "mitigated_by"
                         for l in reg.links(r) if l.source == r)
            op = {"op": "unlink" if linked else "link", "risk": r, "decision": d}
        else:
            key = rng.choice(decisions)
            validity = rng.choice(["applies", "suspended"])
            op = {"op": "assess", "key": key, "validity": validity}
        say("B " + json.dumps(op, ensure_ascii=False))
        if op["op"] == "add":
            reg.new_risk(key=op["key"], title=op["title"], area="it",
                         inherent=riskreg.Rating(2, 2), why="krocktest")
        elif op["op"] == "edit":
            reg.update_risk(op["key"], owner=op["owner"], why="krocktest")
        elif op["op"] == "batch":
            with reg.batch(why="krocktest, batch"):
                for key, owner in op["edits"]:
                    reg.update_risk(key, owner=owner)
                reg.new_risk(key=op["add"][0], title=op["add"][1], area="vard",
                             inherent=riskreg.Rating(3, 1))
        elif op["op"] == "link":
            reg.link(op["risk"], Relation.MITIGATED_BY, op["decision"], why="krocktest")
        elif op["op"] == "unlink":
            reg.unlink(op["risk"], Relation.MITIGATED_BY, op["decision"], why="krocktest")
        else:
            reg.assess(op["key"], op["validity"], rationale="krocktest")
        say(f"A {reg.revision}")
    """
)


def apply(model: faultkit.Projection, op: dict[str, Any]) -> faultkit.Projection:
    """The model after one acknowledged operation of the child."""
    risks, decisions, links = dict(model[0]), dict(model[1]), set(model[2])
    kind = op["op"]
    if kind == "add":
        risks[op["key"]] = (op["title"], "")
    elif kind == "edit":
        risks[op["key"]] = (risks[op["key"]][0], op["owner"])
    elif kind == "batch":
        for key, owner in op["edits"]:
            risks[key] = (risks[key][0], owner)
        risks[op["add"][0]] = (op["add"][1], "")
    elif kind == "link":
        links.add((op["risk"], "mitigated_by", op["decision"]))
    elif kind == "unlink":
        links.discard((op["risk"], "mitigated_by", op["decision"]))
    else:
        decisions[op["key"]] = op["validity"]
    return risks, decisions, frozenset(links)


def header(path: Path) -> dict[str, Any]:
    """The register file's header (the file store's own bookkeeping)."""
    return FileStore(path).read_file().meta


def history_tail(path: Path, reg: riskreg.Register) -> int:
    """Bytes in the history file beyond what the register acknowledges (a save cut short)."""
    history = path.with_name(path.name + ".history.jsonl")
    size = history.stat().st_size if history.exists() else 0
    return size - int(header(path)["history_bytes"])


def test_sigkill_at_random_moments_loses_nothing_acknowledged(tmp_path: Path) -> None:
    path = tmp_path / "riskreg.json"
    faultkit.make_register(path).close()
    with riskreg.Register.open(path, today=fixed_today) as reg:
        model = faultkit.project(reg)
        revision = reg.revision
    kills = scaled(20, 220)
    rng = random.Random(20261122)
    # mostly short lives (a kill soon after start), now and then a long one
    longest = 0.25 if TORTURE else 0.12
    for kill in range(kills):
        temps_before = set(faultkit.temp_files(path))
        proc = faultkit.spawn(CHILD, str(path), str(kill + 1))
        reader = faultkit.LineReader(proc)
        try:
            assert faultkit.first_line(reader, proc) == "READY"
            lines = []
            if kill % 2:  # at a random moment of its life
                lines += reader.lines_until(time.monotonic() + rng.uniform(0.0, longest))
            else:  # a moment after it began its n-th change: most of these land inside a save
                begun, nth = 0, rng.randint(1, 8)
                for line in reader.lines_until(time.monotonic() + 10):
                    lines.append(line)
                    begun += line.startswith("B ")
                    if begun == nth:
                        break
                time.sleep(rng.uniform(0.0, 0.004))
            proc.kill()
            proc.wait(timeout=10)
            lines += reader.rest()
        finally:
            reader.close()
            faultkit.stop(proc)
        count("kills")

        # what the child acknowledged, and the one operation it may have been in the middle of
        acked, pending, acked_rev = [], None, revision
        for line in lines:
            if line.startswith("B "):
                pending = json.loads(line[2:])
            elif line.startswith("A "):
                assert pending is not None
                acked.append(pending)
                acked_rev = int(line[2:])
                pending = None
        expected = model
        for op in acked:
            expected = apply(expected, op)
        with_pending = apply(expected, pending) if pending is not None else None

        # the file is whole: it parses, opens, and every record in it is valid
        json.loads(path.read_bytes())
        with riskreg.Register.open(path, today=fixed_today) as reg:
            actual = faultkit.project(reg)
            assert validate_register(reg) is None
            # the revisions the file may be at: all acknowledged, or the change in flight too
            allowed = {acked_rev} if actual == expected else set()
            if pending is not None and actual == with_pending:
                allowed.add(acked_rev + 1)
            assert allowed, (
                f"kill {kill + 1}: acknowledged changes missing or a torn change; "
                f"pending {pending}"
            )
            assert reg.revision in allowed
            changes = reg.history()
            assert [c.seq for c in changes] == list(range(1, int(header(path)["changes"]) + 1))
            tail = history_tail(path, reg)
            assert tail >= 0
            model, revision = actual, reg.revision
        if tail > 0 or set(faultkit.temp_files(path)) - temps_before:
            count("kills_mid_save")
        count("crash_acked", len(acked))
        count("crash_acked_found", len(acked))

        # no lock is left that blocks the next writer
        lock = FileLock(str(path) + ".lock", timeout=1.0)
        lock.acquire()
        lock.release()
        count("kills_survived")

    # the doctor finds the file sound and clears the temp files of interrupted saves
    found = diagnose(path)
    assert found.ok, found.problem
    assert restore(path) is None
    assert faultkit.temp_files(path) == []
    with riskreg.Register.open(path, today=fixed_today) as reg:
        assert faultkit.project(reg) == model
        reg.update_risk("R-001", owner="Efter krockarna", why="nästa skrivare")
