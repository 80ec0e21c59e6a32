"""Two writers (and the TUI's reload path) on one register at once: nothing is overwritten.

Two processes and this test's own process (which polls ``has_outside_changes()``
and ``refresh()``-es the way the TUI does, and edits too) each make the same
number of acknowledged edits to one register at the same time: new risks, and
edits of one shared risk based on the revision they last saw
(``expected_revision``). An edit based on a revision someone else has since
replaced must be refused with ConflictError (then reloaded and retried, as a
user would); every acknowledged edit must be in the register and its history
afterwards, in one unbroken chain of revisions. It runs once per store: a register
file, and a register on the PostgreSQL server reached by every process through its URL.
"""

from __future__ import annotations

import itertools
import random
import textwrap
import time
from pathlib import Path

import faultkit
from faultcounts import count, scaled
from strategies import fixed_today, new_register

import riskreg
from riskreg import ConflictError, Rating

WRITER = textwrap.dedent(
    """
    import os, random, sys, time
    from pathlib import Path
    import riskreg

    location, go = sys.argv[1], Path(sys.argv[2])
    tag, n, seed = sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
    reg = riskreg.Register.open(location, user="process-" + tag)
    rng = random.Random(seed)
    say = lambda text: os.write(1, (text + "\\n").encode("utf-8"))
    say("READY")
    deadline = time.monotonic() + 60
    while not go.exists() and time.monotonic() < deadline:
        time.sleep(0.001)
    for i in range(n):
        text = f"{tag} {i}"
        if i % 3 == 2:  # edit the shared risk, from what this process last saw
            if rng.random() < 0.3:
                reg.refresh()
            attempt = 0
            while True:
                attempt += 1
                seen = reg.risk("R-001").revision
                time.sleep(rng.uniform(0, 0.005))
                tried = f"{text}.{attempt}"
                try:
                    new = reg.update_risk("R-001", expected_revision=seen, description=tried,
                                          why="delad risk")
                except riskreg.ConflictError:
                    say(f"CONFLICT {seen} {tried}")
                    reg.refresh()
                    continue
                say(f"UPD {seen} {new.revision} {tried}")
                break
        else:
            reg.new_risk(title=text, area="it", inherent=riskreg.Rating(1, 2),
                         why="samtidig skrivare")
            say(f"ADD {text}")
        time.sleep(rng.uniform(0, 0.004))  # a pace like the other two, so all three overlap
    say("DONE")
    """
)


def _parse(lines: list[str], adds: set[str], updates: dict[str, int], refused: list[str]) -> bool:
    done = False
    for line in lines:
        word, _, rest = line.partition(" ")
        if word == "ADD":
            adds.add(rest)
        elif word == "UPD":
            seen, _, rest = rest.partition(" ")
            _new, _, text = rest.partition(" ")
            updates[text] = int(seen)
        elif word == "CONFLICT":
            refused.append(rest.partition(" ")[2])
        elif word == "DONE":
            done = True
    return done


def test_two_processes_and_a_reloading_ui_lose_nothing(location: str, tmp_path: Path) -> None:
    n = scaled(50, 200)
    go = tmp_path / "go"
    reg = new_register(location)
    reg.new_risk(key="R-001", title="Delad risk som alla ändrar", area="vard",
                 inherent=Rating(3, 3), why="start")
    reg.close()

    procs = [faultkit.spawn(WRITER, location, str(go), tag, str(n), str(seed))
             for tag, seed in (("A", 1), ("B", 2))]
    readers = [faultkit.LineReader(p) for p in procs]
    adds: set[str] = set()
    updates: dict[str, int] = {}  # text -> the revision it was based on
    refused: list[str] = []
    rng = random.Random(3)
    try:
        for reader, proc in zip(readers, procs, strict=True):
            assert faultkit.first_line(reader, proc) == "READY"
        ui = riskreg.Register.open(location, user="tui", today=fixed_today)
        go.touch()
        last_rev, last_count, done, i, attempt = ui.revision, len(ui.risks()), [False, False], 0, 0
        deadline = time.monotonic() + 300
        while (i < n or not all(done)) and time.monotonic() < deadline:
            # the TUI's poll: reload what the others saved, never go backwards
            if ui.has_outside_changes():
                assert ui.refresh()
                count("reloads")
                assert ui.revision >= last_rev
                assert len(ui.risks()) >= last_count
                last_rev, last_count = ui.revision, len(ui.risks())
            if i < n and rng.random() < 0.5:  # else only poll, as the TUI does while idle
                text = f"T {i}"
                if i % 3 == 2:
                    seen = ui.risk("R-001").revision
                    attempt += 1
                    text = f"{text}.{attempt}"
                    try:
                        ui.update_risk("R-001", expected_revision=seen, description=text,
                                       why="delad risk")
                        updates[text] = seen
                        i += 1
                    except ConflictError:
                        refused.append(text)
                else:
                    ui.new_risk(title=text, area="it", inherent=Rating(1, 2), why="från UI")
                    adds.add(text)
                    i += 1
                last_rev, last_count = ui.revision, len(ui.risks())
            for k, reader in enumerate(readers):
                done[k] = _parse(list(reader.lines_until(time.monotonic() + 0.0005)),
                                 adds, updates, refused) or done[k]
            time.sleep(rng.uniform(0, 0.001))
        for proc in procs:
            proc.wait(timeout=60)
        for k, reader in enumerate(readers):
            done[k] = _parse(reader.rest(), adds, updates, refused) or done[k]
        for proc in procs:
            assert proc.returncode == 0, proc.stderr.read().decode() if proc.stderr else ""
        assert all(done)
    finally:
        for reader in readers:
            reader.close()
        for proc in procs:
            faultkit.stop(proc)

    made = len(adds) + len(updates)
    assert made == 3 * n
    count("writer_edits", made)
    count("conflicts_refused", len(refused))
    with riskreg.Register.open(location, today=fixed_today) as after:
        titles = {r.title for r in after.risks()} - {"Delad risk som alla ändrar"}
        assert titles == adds
        history = [c for c in after.history("R-001") if c.action == "update"]
        texts = [c.after["description"] for c in history if c.after]
        # every acknowledged edit of the shared risk is there once, no refused one is
        assert sorted(texts) == sorted(updates)
        assert not set(refused) & set(texts)
        # each was based on the revision it replaced: one unbroken chain, none overwritten
        for c in history:
            assert c.before is not None and c.after is not None
            assert c.before["revision"] == updates[c.after["description"]]
        for older, newer in itertools.pairwise(history):
            assert newer.before == older.after
        assert after.risk("R-001").description == texts[-1]
        lost = len(updates) - len(set(texts) & set(updates))
        count("conflicts_lost", lost)
        found = len(titles & adds) + len(set(texts) & set(updates))
        count("writer_edits_found", found)
        assert found == made
        assert [c.seq for c in after.history()] == list(range(1, after.revision + 1))


def test_a_save_keeps_the_register_shared(tmp_path: Path) -> None:
    """Two writers are often two people: a register their group may write must stay so after
    a save (the atomic replace writes a temp file, which mkstemp makes 0600)."""
    import stat

    path = tmp_path / "riskreg.json"
    reg = new_register(path)
    path.chmod(0o664)
    reg.new_risk(title="Delad", area="it", inherent=Rating(1, 2))
    assert stat.S_IMODE(path.stat().st_mode) == 0o664
    fresh = tmp_path / "ny.json"
    new_register(fresh).new_risk(title="Ny", area="it", inherent=Rating(1, 2))
    from riskreg.store import _NEW_FILE_MODE

    assert stat.S_IMODE(fresh.stat().st_mode) == _NEW_FILE_MODE  # as any new file of the user
