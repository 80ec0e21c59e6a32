"""Storage: what is saved comes back; a failed write leaves the file and the register as they were;
a broken file is an error with a way back; two writers never lose each other's changes.

The promises of the storage contract (round trip, refusals, history, two writers) run against
both stores (the ``location`` fixture, tests/stores.py); what only a file has (its bytes on
disk, atomic replace, backups, injected OS faults, broken files, the lock file) runs on a file.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from datetime import date
from pathlib import Path
from typing import Any

import attrs
import pytest
import stores
import strategies as s
from hypothesis import given, settings
from stores import unchanged
from strategies import TODAY, fixed_today, new_register, refused

import riskreg
from riskreg import (
    ConflictError,
    CorruptRegisterError,
    NotFoundError,
    Rating,
    Register,
    RegisterExistsError,
    RegisterNotFoundError,
    Relation,
    Risk,
    SchemaVersionError,
    StorageError,
)
from riskreg import store as store_module
from riskreg.storage import is_url, open_store


def history_file(path: Path) -> Path:
    return path.with_name(path.name + ".history.jsonl")


def backups(path: Path) -> list[Path]:
    return sorted(path.with_name(path.name + ".backups").glob("rev-*.json"), reverse=True)


def temp_files(path: Path) -> list[Path]:
    return [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]


def a_risk(key: str = "R-001", **changes: Any) -> Risk:
    fields: dict[str, Any] = {
        "key": key, "title": f"Risk {key}: remiss försvinner mellan Melior och NCS Cross",
        "area": "it", "inherent": Rating(2, 3), "created": date(2026, 10, 1),
    }
    fields.update(changes)
    return Risk(**fields)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    """A register file (for what only the file store has)."""
    return tmp_path / "riskreg.json"


@pytest.fixture
def file_reg(path: Path) -> Register:
    register = new_register(path)
    register.add_risk(a_risk("R-001"), why="första risken")
    return register


@pytest.fixture
def reg(location: str) -> Register:
    """A register with one risk, in each store."""
    register = new_register(location)
    register.add_risk(a_risk("R-001"), why="första risken")
    return register


# --- round trip -----------------------------------------------------------------------


@pytest.mark.torture
def test_everything_saved_comes_back_after_reopen(locations: stores.Locations) -> None:
    """A property per store; on the server a smaller sample in make test (each example makes
    a register there), the full count in make torture."""

    @settings(max_examples=settings.default.max_examples if locations.kind == stores.FILE
              else s.examples(15, 200))
    @given(s.contents(max_decisions=5, max_risks=5, max_links=10))
    def saved_comes_back(content: s.Contents) -> None:
        with tempfile.TemporaryDirectory() as folder:
            location = (str(Path(folder) / "riskreg.json") if locations.kind == stores.FILE
                        else locations.new())
            _round_trip(location, content)
            if locations.kind == stores.FILE:
                assert not temp_files(Path(location))

    saved_comes_back()


def _round_trip(location: str, content: s.Contents) -> None:
    with new_register(location) as register:
        # the first decision alone, the rest in a batch: both write paths
        register.add_decision(content.decisions[0])
        s.fill(register, attrs.evolve(content, decisions=content.decisions[1:]))
        with Register.open(location, today=fixed_today) as reopened:
            stamp = {"revision": 1, "updated": TODAY}
            assert reopened.risks() == sorted(
                (attrs.evolve(r, **stamp) for r in content.risks), key=lambda r: r.key
            )
            assert reopened.decisions() == sorted(
                (attrs.evolve(d, **stamp) for d in content.decisions), key=lambda d: d.key
            )
            assert set(reopened.links()) == set(content.links)
            assert reopened.categories() == list(s.AREAS)
            assert reopened.name == "Testregister"
            assert reopened.history() == register.history()
            n_items = len(content.risks) + len(content.decisions) + len(content.links)
            assert len(reopened.history()) == n_items
            # one write for the first decision, one for the batch (none for an empty batch)
            assert reopened.revision == register.revision == (2 if n_items > 1 else 1)


def test_create_refuses_existing_register_and_open_refuses_missing(
    locations: stores.Locations
) -> None:
    location, missing = locations.new(), locations.new()
    new_register(location).close()
    with unchanged(location), refused(RegisterExistsError):
        new_register(location)
    with refused(RegisterNotFoundError):
        Register.open(missing)
    assert stores.fingerprint(missing) is None
    assert not open_store(missing).exists() and open_store(location).exists()


def test_file_is_utf8_json_without_escapes(file_reg: Register, path: Path) -> None:
    file_reg.update_risk("R-001", description="Åtgärden gäller även Öckerö 🏥")
    raw = path.read_bytes()
    assert "Åtgärden gäller även Öckerö 🏥".encode() in raw
    assert json.loads(raw)["risks"]


# --- atomic write, backups, history -----------------------------------------------------------


def test_a_reader_of_the_old_file_never_sees_a_mix(file_reg: Register, path: Path) -> None:
    before = path.read_bytes()
    with open(path, "rb") as old_reader:
        file_reg.add_risk(a_risk("R-002"))
        assert old_reader.read() == before  # the old version stays whole (replaced, not rewritten)
    assert b"R-002" in path.read_bytes()
    assert not temp_files(path)


def test_write_goes_through_a_temp_file_in_the_same_folder(
    file_reg: Register, path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[Path, bytes]] = []
    real_replace = os.replace

    def spy(src: Any, dst: Any) -> None:
        seen.append((Path(src), Path(src).read_bytes()))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", spy)
    file_reg.add_risk(a_risk("R-002"))
    (tmp, payload), = seen
    assert tmp.parent == path.parent and tmp != path
    assert payload == path.read_bytes()
    assert not tmp.exists()


def test_backups_are_rotated_to_five(file_reg: Register, path: Path) -> None:
    versions = [path.read_bytes()]
    for i in range(8):
        file_reg.update_risk("R-001", description=f"version {i}")
        versions.append(path.read_bytes())
    kept = backups(path)
    assert len(kept) == 5
    # the newest backup is the version before the last save, and the others follow in order
    assert [b.read_bytes() for b in kept] == versions[-2:-7:-1]


def test_register_file_does_not_grow_with_history(file_reg: Register, path: Path) -> None:
    file_reg.update_risk("R-001", description="kort")
    size = path.stat().st_size
    for i in range(30):
        file_reg.update_risk("R-001", description=f"kort {i % 10}", why="lång historik " * 5)
    assert path.stat().st_size <= size + 40
    assert len(file_reg.history("R-001")) == 32


def test_history_survives_reopen_and_is_filtered_per_key(reg: Register, location: str) -> None:
    reg.add_risk(a_risk("R-002"))
    reg.new_decision(key="KL-2022-07", decided_on=date(2022, 3, 1), title="Rutin för remisser")
    reg.update_risk("R-001", owner="Anna Berg", why="ny ägare")
    reg.link("R-001", Relation.MITIGATED_BY, "KL-2022-07", why="rutinen minskar risken")
    with Register.open(location, today=fixed_today) as reopened:
        everything = reopened.history()
        assert [c.action for c in everything] == ["add", "add", "add", "update", "link"]
        assert [c.seq for c in everything] == [1, 2, 3, 4, 5]
        assert [c.action for c in reopened.history("R-001")] == ["add", "update", "link"]
        assert [c.action for c in reopened.history("R-002")] == ["add"]
        assert [c.action for c in reopened.history("KL-2022-07")] == ["add", "link"]
        assert reopened.history("R-999") == []
        update = reopened.history("R-001")[1]
        assert update.why == "ny ägare"
        assert update.before is not None and update.before["owner"] == ""
        assert update.after is not None and update.after["owner"] == "Anna Berg"


# --- failed writes ---------------------------------------------------------------------------


def _cut_off_midway(monkeypatch: pytest.MonkeyPatch, location: str) -> None:
    """The next commit fails half-way: a file's replace fails (EIO) after its history was
    appended; a server's connection is ended by the server after the item rows are written,
    before the history rows."""
    if not is_url(location):
        _fail_nth(monkeypatch, os, "replace", 1, EIO)
        return
    import psycopg

    from riskreg.server import store as server_store

    real = server_store._insert_history

    def cut(conn: Any, *args: Any) -> None:
        with psycopg.connect(stores.database_url(location)) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (conn.info.backend_pid,))
        real(conn, *args)

    monkeypatch.setattr(server_store, "_insert_history", cut)


def test_a_commit_cut_off_midway_leaves_everything_as_it_was(
    reg: Register, location: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    revision = reg.revision
    _cut_off_midway(monkeypatch, location)
    with unchanged(location), refused(StorageError), reg.batch(why="misslyckas"):
        reg.add_risk(a_risk("R-002"))
        reg.update_risk("R-001", title="Ändrad i en batch som inte sparas")
    monkeypatch.undo()
    assert "R-002" not in reg and reg.revision == revision
    assert reg.risk("R-001").title.startswith("Risk R-001")
    with Register.open(location, today=fixed_today) as reopened:
        assert [r.key for r in reopened.risks()] == ["R-001"]
        assert reopened.revision == revision
        assert reopened.risk("R-001") == reg.risk("R-001")
    # the next change saves whole, with none of the failed one
    reg.add_risk(a_risk("R-003"), why="lyckad ändring")
    with Register.open(location, today=fixed_today) as reopened:
        assert [r.key for r in reopened.risks()] == ["R-001", "R-003"]
        assert [(c.seq, c.key) for c in reopened.history()] == [(1, "R-001"), (2, "R-003")]
        assert all(c.why != "misslyckas" for c in reopened.history())
        assert reopened.revision == revision + 1



def _assert_untouched(reg: Register, path: Path, before: bytes, revision: int) -> None:
    assert path.read_bytes() == before
    assert "R-002" not in reg
    with pytest.raises(NotFoundError):
        reg.risk("R-002")
    assert reg.revision == revision
    assert [r.key for r in reg.risks()] == ["R-001"]
    assert not temp_files(path)
    with Register.open(path, today=fixed_today) as reopened:
        assert [r.key for r in reopened.risks()] == ["R-001"]
        assert reopened.revision == revision


def _assert_clean_history_after_next_save(reg: Register, path: Path) -> None:
    reg.add_risk(a_risk("R-003"), why="lyckad ändring")
    lines = history_file(path).read_bytes().splitlines()
    entries = [json.loads(line) for line in lines]
    assert [e["key"] for e in entries] == ["R-001", "R-003"]
    assert [e["seq"] for e in entries] == [1, 2]
    assert all(e.get("why") != "misslyckas" for e in entries)
    with Register.open(path, today=fixed_today) as reopened:
        assert [c.key for c in reopened.history()] == ["R-001", "R-003"]
        assert [r.key for r in reopened.risks()] == ["R-001", "R-003"]


@pytest.mark.parametrize("how", ["os.replace", "write_atomically"])
def test_crash_between_history_append_and_replace(
    file_reg: Register, path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    before, revision = path.read_bytes(), file_reg.revision
    history_size = history_file(path).stat().st_size

    def crash(*_args: Any, **_kwargs: Any) -> None:
        assert history_file(path).stat().st_size > history_size  # the history was appended first
        raise OSError(errno.EIO, "Input/output error")

    if how == "os.replace":
        monkeypatch.setattr(os, "replace", crash)
    else:
        monkeypatch.setattr(store_module, "write_atomically", crash)
    with refused(StorageError):
        file_reg.add_risk(a_risk("R-002"), why="misslyckas")
    monkeypatch.undo()
    _assert_untouched(file_reg, path, before, revision)
    assert [c.key for c in file_reg.history()] == ["R-001"]
    _assert_clean_history_after_next_save(file_reg, path)


def test_failed_update_is_rolled_back_in_memory(
    file_reg: Register, path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = path.read_bytes()
    old = file_reg.risk("R-001")

    def crash(*_args: Any) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "replace", crash)
    with refused(StorageError):
        file_reg.update_risk("R-001", title="Ny titel som inte sparas")
    monkeypatch.undo()
    assert file_reg.risk("R-001") == old
    assert path.read_bytes() == before
    assert file_reg.update_risk("R-001", owner="Anna").revision == old.revision + 1
    # the next save writes the rolled-back state, not the failed change
    saved = Register.open(path).risk("R-001")
    assert (saved.title, saved.owner) == (old.title, "Anna")


def _fail_nth(
    monkeypatch: pytest.MonkeyPatch, module: Any, name: str, n: int, err: OSError
) -> None:
    real = getattr(module, name)
    calls = {"n": 0}

    def failing(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == n:
            raise err
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, failing)


ENOSPC = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
EIO = OSError(errno.EIO, os.strerror(errno.EIO))


class _FullDisk:
    """A file object whose writes fail as on a full disk."""

    def __init__(self, handle: Any) -> None:
        self.handle = handle

    def __enter__(self) -> _FullDisk:
        return self

    def __exit__(self, *exc: object) -> None:
        self.handle.close()

    def write(self, _data: bytes) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def _full_disk_for_the_register(monkeypatch: pytest.MonkeyPatch, _path: Path) -> None:
    """Writing the new version of the register fails with ENOSPC (the history append works)."""
    real = os.fdopen
    monkeypatch.setattr(os, "fdopen", lambda fd, *a, **k: _FullDisk(real(fd, *a, **k)))


def _no_room_for_backups(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    """The backups folder is gone and cannot be made again."""
    folder = path.with_name(path.name + ".backups")
    shutil.rmtree(folder)
    real = Path.mkdir

    def fail(self: Path, *args: Any, **kwargs: Any) -> None:
        if self == folder:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self))
        real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "mkdir", fail)


@pytest.mark.parametrize(
    "inject",
    [
        pytest.param(lambda mp, _: _fail_nth(mp, os, "fsync", 1, EIO), id="fsync-history"),
        pytest.param(lambda mp, _: _fail_nth(mp, os, "fsync", 2, EIO), id="fsync-temp-file"),
        pytest.param(lambda mp, _: _fail_nth(mp, os, "replace", 1, EIO), id="replace"),
        pytest.param(lambda mp, _: _fail_nth(mp, os, "write", 1, ENOSPC), id="disk-full-history"),
        pytest.param(_full_disk_for_the_register, id="disk-full-register"),
        pytest.param(lambda mp, _: _fail_nth(mp, tempfile, "mkstemp", 1, ENOSPC),
                     id="disk-full-temp"),
        pytest.param(_no_room_for_backups, id="disk-full-backups"),
    ],
)
def test_injected_failures_leave_the_file_unchanged(
    file_reg: Register, path: Path, monkeypatch: pytest.MonkeyPatch, inject: Any
) -> None:
    before, revision = path.read_bytes(), file_reg.revision
    inject(monkeypatch, path)
    with refused(StorageError, "error.write_failed") as info:
        file_reg.add_risk(a_risk("R-002"), why="misslyckas")
    monkeypatch.undo()
    assert info.value.message("sv") and info.value.message("en")
    _assert_untouched(file_reg, path, before, revision)
    _assert_clean_history_after_next_save(file_reg, path)


def test_a_failed_folder_sync_after_replace_says_so_and_keeps_the_written_change(
    file_reg: Register, path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The third fsync (the folder) fails after the new file is in place: the change is on
    disk, so the register must show it (not roll it back) and say it could not confirm it."""
    from riskreg import NotDurableError

    _fail_nth(monkeypatch, os, "fsync", 3, EIO)
    with refused(NotDurableError, "error.not_durable"):
        file_reg.add_risk(a_risk("R-002"), why="skriven men inte bekräftad")
    monkeypatch.undo()
    assert "R-002" in file_reg
    assert "R-002" in Register.open(path)
    file_reg.update_risk("R-002", title="Nästa ändring går bra")  # no DuplicateKey, no conflict


def test_failed_batch_write_rolls_back_every_change(
    file_reg: Register, path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before, revision = path.read_bytes(), file_reg.revision
    _fail_nth(monkeypatch, os, "replace", 1, EIO)
    with refused(StorageError), file_reg.batch(why="misslyckas"):
        file_reg.add_risk(a_risk("R-002"))
        file_reg.update_risk("R-001", title="Ändrad i en batch som inte sparas")
    monkeypatch.undo()
    _assert_untouched(file_reg, path, before, revision)
    assert file_reg.risk("R-001").title.startswith("Risk R-001")


# --- broken files ------------------------------------------------------------------------------


def _with_saves(path: Path, n: int) -> Register:
    register = new_register(path)
    for i in range(n):
        register.add_risk(a_risk(f"R-{i + 1:03d}"))
    return register


BROKEN: dict[str, Any] = {
    "empty": lambda raw: b"",
    "whitespace": lambda raw: b"  \n",
    "truncated": lambda raw: raw[: len(raw) // 2],
    "not-json": lambda raw: "Detta är inget register – åäö".encode(),
    "binary": lambda raw: b"\xff\xfe\x00garbage",
    "json-list": lambda raw: b"[1, 2, 3]",
    "no-header": lambda raw: json.dumps(
        {k: v for k, v in json.loads(raw).items() if k != "_meta"}
    ).encode(),
    "header-without-rev": lambda raw: _edit_meta(raw, rev=None),
    "bad-schema-type": lambda raw: _edit_meta(raw, schema="1"),
    "bad-item-key": lambda raw: _edit_table(raw, "risks", {"1": {"key": 5}}),
    "bad-matrix": lambda raw: _edit_meta(raw, matrix={"likelihood": ["en"]}),
}


def _edit_meta(raw: bytes, **changes: Any) -> bytes:
    data = json.loads(raw)
    for name, value in changes.items():
        if value is None:
            data["_meta"]["1"].pop(name)
        else:
            data["_meta"]["1"][name] = value
    return json.dumps(data).encode()


def _edit_table(raw: bytes, table: str, docs: dict[str, Any]) -> bytes:
    data = json.loads(raw)
    data[table] = docs
    return json.dumps(data).encode()


@pytest.mark.parametrize("damage", list(BROKEN))
def test_broken_file_names_newest_backup(path: Path, damage: str) -> None:
    _with_saves(path, 3).close()
    good_backups = backups(path)
    assert len(good_backups) == 3
    path.write_bytes(BROKEN[damage](path.read_bytes()))
    with refused(CorruptRegisterError, "error.corrupt", backup=str(good_backups[0])) as info:
        Register.open(path)
    assert str(good_backups[0]) in str(info.value)
    assert str(good_backups[0]) in info.value.message("sv")
    # the way back: the named backup is the version before the last save, and it opens
    restored = path.with_name("återställt.json")
    restored.write_bytes(good_backups[0].read_bytes())
    with Register.open(restored) as register:
        assert [r.key for r in register.risks()] == ["R-001", "R-002"]


@pytest.mark.parametrize("damage", ["empty", "truncated", "not-json", "no-header"])
def test_broken_file_without_backups_says_so(path: Path, damage: str) -> None:
    new_register(path).close()
    assert backups(path) == []
    path.write_bytes(BROKEN[damage](path.read_bytes()))
    with refused(CorruptRegisterError, "error.corrupt") as info:
        Register.open(path)
    assert ".backups" not in str(info.value)


def test_broken_newest_backup_is_skipped(path: Path) -> None:
    _with_saves(path, 3).close()
    newest, second = backups(path)[:2]
    newest.write_bytes(b"{")  # the newest backup is itself damaged
    path.write_bytes(b"")
    with refused(CorruptRegisterError, backup=str(second)):
        Register.open(path)


def test_newer_schema_refused(path: Path) -> None:
    _with_saves(path, 1).close()
    path.write_bytes(_edit_meta(path.read_bytes(), schema=store_module.SCHEMA_VERSION + 1))
    before = path.read_bytes()
    with refused(SchemaVersionError, found=store_module.SCHEMA_VERSION + 1,
                 supported=store_module.SCHEMA_VERSION) as info:
        Register.open(path)
    assert str(store_module.SCHEMA_VERSION + 1) in str(info.value)
    assert path.read_bytes() == before  # never "upgraded" or overwritten


def test_older_schema_without_migration_refused(path: Path) -> None:
    new_register(path).close()
    path.write_bytes(_edit_meta(path.read_bytes(), schema=0))
    with refused(SchemaVersionError, found=0):
        Register.open(path)


def test_lock_held_by_another_holder_times_out(
    file_reg: Register, path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from filelock import FileLock

    monkeypatch.setattr(store_module, "LOCK_TIMEOUT_S", 0.2)
    waiting = Register.open(path, today=fixed_today)
    before = path.read_bytes()
    with FileLock(str(path) + ".lock"), refused(riskreg.LockTimeoutError):
        waiting.add_risk(a_risk("R-002"))
    assert path.read_bytes() == before
    assert "R-002" not in waiting
    waiting.add_risk(a_risk("R-002"))
    assert "R-002" in Register.open(path)


# --- two writers ---------------------------------------------------------------------------------


def test_stale_writer_keeps_the_other_writers_change(reg: Register, location: str) -> None:
    reg.add_risk(a_risk("R-002"))
    a = Register.open(location, user="anna", today=fixed_today)
    b = Register.open(location, user="bertil", today=fixed_today)
    a.update_risk("R-001", owner="Anna")
    assert b.risk("R-001").owner == ""  # b has not looked yet
    b.update_risk("R-002", owner="Bertil")  # b is stale, but saves on top of a's change
    with Register.open(location) as reopened:
        assert reopened.risk("R-001").owner == "Anna"
        assert reopened.risk("R-002").owner == "Bertil"
        assert [(c.user, c.key) for c in reopened.history()][-2:] == [
            (a.user, "R-001"), (b.user, "R-002"),
        ]
    assert b.risk("R-001").owner == "Anna"  # b reloaded what a wrote


def test_update_based_on_old_revision_is_a_conflict(reg: Register, location: str) -> None:
    a = Register.open(location, user="anna", today=fixed_today)
    b = Register.open(location, user="bertil", today=fixed_today)
    seen_by_b = b.risk("R-001").revision
    a.update_risk("R-001", title="Annas titel", expected_revision=seen_by_b)
    with unchanged(location), refused(ConflictError, key="R-001"):
        b.update_risk("R-001", title="Bertils titel", expected_revision=seen_by_b)
    assert Register.open(location).risk("R-001").title == "Annas titel"
    assert b.risk("R-001").title == "Annas titel"
    # with the current revision, b's change goes through
    b.update_risk("R-001", title="Bertils titel", expected_revision=b.risk("R-001").revision)
    assert Register.open(location).risk("R-001").title == "Bertils titel"


def test_outside_changes_are_seen_and_refreshed(reg: Register, location: str) -> None:
    other = Register.open(location, today=fixed_today)
    assert not reg.has_outside_changes()
    assert not other.has_outside_changes()
    assert other.refresh() is False
    reg.add_risk(a_risk("R-002"))
    assert not reg.has_outside_changes()  # its own write is not an outside change
    assert other.has_outside_changes()
    assert "R-002" not in other
    assert other.refresh() is True
    assert "R-002" in other
    assert other.revision == reg.revision
    assert not other.has_outside_changes()


WRITER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    import riskreg

    location, signals, tag, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    register = riskreg.Register.open(location, user="process-" + tag)
    Path(signals, tag + ".ready").touch()
    go = Path(signals, "go")
    deadline = time.monotonic() + 30
    while not go.exists() and time.monotonic() < deadline:
        time.sleep(0.002)
    for i in range(n):
        register.new_risk(title=f"{tag} {i}", area="it", inherent=riskreg.Rating(1, 2),
                          why="samtidig skrivare")
    """
)


@pytest.mark.slow
def test_two_processes_fifty_edits_each_lose_nothing(
    location: str, store_kind: str, tmp_path: Path
) -> None:
    new_register(location).close()
    other = subprocess.Popen(
        [sys.executable, "-c", WRITER, location, str(tmp_path), "B", "50"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    try:
        ready = tmp_path / "B.ready"
        deadline = time.monotonic() + 30
        while not ready.exists() and other.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
        assert ready.exists(), other.communicate()[1].decode()
        here = Register.open(location, user="process-A", today=fixed_today)
        (tmp_path / "go").touch()
        for i in range(50):
            here.new_risk(title=f"A {i}", area="it", inherent=Rating(1, 2), why="samtidig skrivare")
        _, err = other.communicate(timeout=60)
        assert other.returncode == 0, err.decode()
    finally:
        if other.poll() is None:
            other.kill()
    with Register.open(location) as reopened:
        titles = {r.title for r in reopened.risks()}
        assert titles == {f"{tag} {i}" for tag in "AB" for i in range(50)}
        assert len(reopened.risks()) == 100
        assert reopened.revision == 100
        history = reopened.history()
        assert sorted(c.after["title"] for c in history if c.after) == sorted(titles)
        if store_kind == stores.FILE:  # on the server: the login's person for both
            users = [c.user for c in history]
            assert users.count("process-A") == users.count("process-B") == 50
        assert [c.seq for c in reopened.history()] == list(range(1, 101))
