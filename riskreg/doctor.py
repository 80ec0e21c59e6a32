"""The way back from a broken register file: diagnose it, restore the newest good backup.

A register file can only be damaged from outside riskreg (a disk error, a copy
cut short, an edit by hand, a newer riskreg): riskreg itself replaces the file
atomically. :func:`diagnose` says what is wrong and which backup is the newest
one that is whole; :func:`restore` puts that backup back and replays, from the
history log, every change saved after it whose "before" matches what the
backup holds, so the changes acknowledged since that backup are recovered too.
The damaged file is kept beside the backups (``damaged-*.json``), never deleted,
and history lines that could not be replayed are copied out before the next
save would drop them.

    diagnosis = diagnose("riskreg.json")
    if not diagnosis.ok:
        recovery = restore("riskreg.json")
        print(recovery.backup, len(recovery.replayed))
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import attrs

from riskreg.errors import RiskregError, StorageError
from riskreg.messages import Term, phrase
from riskreg.model import NOTE_ID
from riskreg.store import (
    META_TABLE,
    FileStore,
    Fingerprint,
    Loaded,
    encode,
    table_counts,
    write_atomically,
)
from riskreg.words import word_id

_HEADER = re.compile(
    rb'"rev"\s*:\s*(\d+)\s*,\s*"history_bytes"\s*:\s*(\d+)\s*,\s*"changes"\s*:\s*(\d+)'
)
_BACKUP_NAME = re.compile(r"^rev-(\d+)\.json\Z")


@attrs.frozen
class BackupState:
    """One file in ``<register>.backups/``: its revision and what, if anything, is wrong with it."""

    path: Path
    rev: int | None
    problem: Any = None  # a Phrase or text (None: sound)
    checked: bool = True  # backups older than the newest good one are not checked

    @property
    def ok(self) -> bool:
        return self.checked and self.problem is None


@attrs.frozen
class Diagnosis:
    """What :func:`diagnose` found."""

    path: Path
    problem: Any  # a Phrase or text (None: sound)
    rev: int | None
    changes: int | None
    backups: tuple[BackupState, ...]
    history_entries: int
    replayable: int
    stale_temp_files: tuple[Path, ...]
    history_missing: int = 0  # acknowledged changes neither in the history nor noted as lost
    history_lost: int = 0  # changes the header notes as lost from the history earlier

    @property
    def ok(self) -> bool:
        """The file opens, every record in it is valid, ``check`` runs on it, and the history
        holds every change the header counts (or the header notes their loss)."""
        return self.problem is None and self.history_missing == 0

    @property
    def newest_good(self) -> BackupState | None:
        return next((b for b in self.backups if b.ok), None)


@attrs.frozen
class Replayed:
    """One change of the history replayed on top of the restored backup."""

    rev: int
    seq: int
    action: str
    key: str
    user: str
    at: str


@attrs.frozen
class Recovery:
    """What :func:`restore` did."""

    path: Path
    backup: Path
    backup_rev: int
    rev: int
    replayed: tuple[Replayed, ...]
    not_replayed: int
    header_known: bool
    damaged_copy: Path | None
    unreplayed_copy: Path | None
    removed_temp_files: int


# --- checking a file ------------------------------------------------------------------------


def _problem_of(exc: RiskregError) -> Any:
    """What is wrong, as the error says it (a :class:`~riskreg.messages.Phrase`, worded in the
    reader's language where it is shown; ``str()`` gives its English)."""
    problem = exc.params.get("problem")
    return problem if problem else exc.phrase()


def check_bytes(store: FileStore, raw: bytes) -> tuple[Any, dict[str, Any] | None]:
    """Parse and fully validate a register file's bytes: (problem or None, meta if readable)."""
    try:
        tables = store._parse(raw)
        meta = store._meta(tables)
    except RiskregError as exc:
        return _problem_of(exc), None
    return check_tables(store, tables, meta), meta


def check_tables(store: FileStore, tables: dict[str, Any], meta: dict[str, Any]) -> Any:
    """Every record valid against the register's rules (not only parseable), and check() runs."""
    from riskreg.register import Register

    try:
        fingerprint = Fingerprint.of(store.path) or Fingerprint(0, 0, 0)
        content, _ids = store.content_of(
            Loaded(tables=tables, meta=meta, fingerprint=fingerprint)
        )
        reg = Register(store, content, user="doctor", today=date.today)
        return validate_register(reg)
    except RiskregError as exc:
        return _problem_of(exc)


def validate_register(reg: Any) -> Any:
    """The first problem in an open register's records, or None (a deep check, O(size))."""
    try:
        reg.categories()
        for risk in reg.risks():
            reg._validate_risk(risk)
        for decision in reg.decisions():
            reg._validate_scope(decision)
        for link in reg.links():
            for end in (link.source, link.target):
                if end not in reg:
                    return phrase("corrupt.link_end", source=link.source, target=link.target,
                                  end=end, relation=Term(word_id("relation", link.relation)))
        reg.check()
    except RiskregError as exc:
        return _problem_of(exc)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        return phrase("corrupt.content", detail=repr(exc)[:200])
    return None


def _header_of(raw: bytes) -> tuple[int, int, int] | None:
    """(rev, history_bytes, changes) from a damaged file, if its header can still be found."""
    try:
        data = json.loads(raw)
        meta = data[META_TABLE]["1"]
        values = (meta["rev"], meta["history_bytes"], meta["changes"])
        if all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in values):
            return values
    except (ValueError, KeyError, TypeError, IndexError, UnicodeDecodeError):
        pass
    found = _HEADER.search(raw[:1_000_000])
    if found:
        rev, history_bytes, changes = (int(g) for g in found.groups())
        return rev, history_bytes, changes
    return None


def _backup_states(store: FileStore) -> list[BackupState]:
    """The backups, newest first, checked one by one until the first good one."""
    states: list[BackupState] = []
    found_good = False
    for candidate in store.backups():
        match = _BACKUP_NAME.match(candidate.name)
        named_rev = int(match.group(1)) if match else None
        if found_good:
            states.append(BackupState(candidate, named_rev, None, checked=False))
            continue
        try:
            raw = candidate.read_bytes()
        except OSError as exc:
            states.append(BackupState(candidate, named_rev, exc.strerror or str(exc)))
            continue
        problem, meta = check_bytes(store, raw)
        rev = int(meta["rev"]) if meta else named_rev
        states.append(BackupState(candidate, rev, problem))
        found_good = problem is None
    return states


def _stale_temp_files(store: FileStore) -> list[Path]:
    """Temp files an interrupted save left (only stale while the lock is held by us)."""
    return store.stale_temp_files()


def _history_lines(
    store: FileStore, start: int, end: int | None
) -> Iterator[tuple[int, dict[str, Any]]]:
    """(offset after the line, entry) for whole, parseable lines from ``start``; stops at a tear."""
    try:
        with open(store.history_path, "rb") as handle:
            handle.seek(start)
            raw = handle.read() if end is None else handle.read(max(0, end - start))
    except FileNotFoundError:
        return
    offset = start
    for line in raw.splitlines(keepends=True):
        if not line.endswith(b"\n"):
            return  # a torn last line: the save it belongs to never completed
        try:
            entry = json.loads(line)
        except ValueError:
            return
        if not isinstance(entry, dict):
            return
        offset += len(line)
        yield offset, entry


def _read(store: FileStore) -> tuple[bytes | None, str | None]:
    """The file's bytes, or None and why not."""
    try:
        return store.path.read_bytes(), None
    except FileNotFoundError:
        return None, "file missing"
    except OSError as exc:
        return None, exc.strerror or str(exc)


def diagnose(path: str | os.PathLike[str]) -> Diagnosis:
    """Say whether the register file is sound, and if not, what is wrong and the way back."""
    store = FileStore(path)
    raw, problem = _read(store)
    meta = None
    if raw is not None:
        problem, meta = check_bytes(store, raw)
    header = (meta["rev"], meta["history_bytes"], meta["changes"]) if meta else (
        _header_of(raw) if raw is not None else None
    )
    backups = _backup_states(store)
    good = next((b for b in backups if b.ok), None)
    history_entries = sum(1 for _ in _history_lines(store, 0, None))
    replayable = 0
    if problem is not None and good is not None:
        replayable = sum(len(g[1]) for g in _plan(store, good, header)[0])
    missing = lost = 0
    if meta is not None:
        lost = int(meta.get("history_lost", 0))
        missing = max(0, int(meta["changes"]) - lost - len(_acknowledged(store, meta)[0]))
    return Diagnosis(
        path=store.path, problem=problem,
        rev=header[0] if header else None, changes=header[2] if header else None,
        backups=tuple(backups), history_entries=history_entries, replayable=replayable,
        stale_temp_files=tuple(_stale_temp_files(store)),
        history_missing=missing, history_lost=lost,
    )


def _acknowledged(store: FileStore, meta: dict[str, Any]) -> tuple[list[dict[str, Any]], int]:
    """The entries of the history the header acknowledges, and where the whole lines of that
    part end (shorter than the header says when the file was lost or cut from outside)."""
    try:
        with open(store.history_path, "rb") as handle:
            raw = handle.read(int(meta["history_bytes"]))
    except FileNotFoundError:
        return [], 0
    return FileStore._entries(raw), raw.rfind(b"\n") + 1


def repair_history(path: str | os.PathLike[str]) -> int:
    """Note in the header the acknowledged changes the history no longer holds (lost or cut
    from outside; they cannot be brought back), so the history and the header agree again.

    Returns how many were noted; 0 if nothing was missing. The register's content is not
    touched. Refused (StorageError) while the file itself is damaged: restore it first.
    """
    store = FileStore(path)
    with store.locked():
        loaded = store.read_file()
        meta = dict(loaded.meta)
        entries, end = _acknowledged(store, meta)
        missing = int(meta["changes"]) - int(meta.get("history_lost", 0)) - len(entries)
        if missing <= 0:
            return 0
        meta.update(history_bytes=end, history_lost=int(meta.get("history_lost", 0)) + missing)
        loaded.tables[META_TABLE] = {"1": meta}
        write_atomically(store.path, encode(loaded.tables))
        return missing


# --- restoring ---------------------------------------------------------------------------------


def _table_of(key: str, action: object = None) -> str | None:
    """The table a history entry changed; None for one doctor cannot replay (the export log,
    whose snapshots are not in the history)."""
    if action in ("export", "export_complete"):
        return None
    if "|" in key:
        return "links"
    if NOTE_ID.match(key):
        return "notes"
    if key.startswith("R-"):
        return "risks"
    if key.startswith("KL-"):
        return "decisions"
    return "categories"


def _doc_key(table: str, doc: dict[str, Any]) -> str:
    if table == "links":
        return f"{doc['source']}|{doc['relation']}|{doc['target']}"
    if table == "notes":
        return str(doc["id"])
    return str(doc["key"])


class _Docs:
    """A table's documents indexed by key, for replaying changes onto them."""

    def __init__(self, table: str, docs: dict[str, Any]) -> None:
        self.table = table
        self.docs = docs
        self.ids = {_doc_key(table, doc): doc_id for doc_id, doc in docs.items()}
        self.next_id = max((int(i) for i in docs if i.isdigit()), default=0) + 1

    def get(self, key: str) -> Any:
        doc_id = self.ids.get(key)
        return None if doc_id is None else self.docs[doc_id]

    def put(self, key: str, doc: Any) -> None:
        doc_id = self.ids.get(key)
        if doc is None:
            if doc_id is not None:
                del self.docs[doc_id]
                del self.ids[key]
            return
        if doc_id is None:
            doc_id = str(self.next_id)
            self.next_id += 1
            self.ids[key] = doc_id
        self.docs[doc_id] = doc


def _plan(
    store: FileStore, good: BackupState, header: tuple[int, int, int] | None
) -> tuple[list[tuple[int, list[dict[str, Any]], int]], dict[str, Any], int]:
    """The history groups (rev, entries, end offset) that replay cleanly onto ``good``.

    Returns the groups, the tables after replaying them, and how many whole history
    lines after the backup were left out.
    """
    tables: dict[str, Any] = json.loads(good.path.read_bytes())
    meta = tables[META_TABLE]["1"]
    start = int(meta["history_bytes"])
    end = header[1] if header is not None and header[1] >= start else None
    groups: list[tuple[int, list[dict[str, Any]], int]] = []
    for offset, entry in _history_lines(store, start, end):
        rev = entry.get("rev")
        if not isinstance(rev, int):
            break
        if groups and groups[-1][0] == rev:
            groups[-1][1].append(entry)
            groups[-1] = (rev, groups[-1][1], offset)
        else:
            groups.append((rev, [entry], offset))
    total = sum(len(g[1]) for g in groups)
    indexes: dict[str, _Docs] = {}
    applied: list[tuple[int, list[dict[str, Any]], int]] = []
    last_rev = int(meta["rev"])
    for rev, entries, offset in groups:
        if rev <= last_rev:
            break
        undo: list[tuple[_Docs, str, Any]] = []
        consistent = True
        for entry in entries:
            key = entry.get("key")
            if not isinstance(key, str) or not isinstance(entry.get("seq"), int):
                consistent = False
                break
            table = _table_of(key, entry.get("action"))
            if table is None:
                consistent = False
                break
            if table not in indexes:
                indexes[table] = _Docs(table, tables.setdefault(table, {}))
            docs = indexes[table]
            current = docs.get(key)
            if current != entry.get("before") or not (
                entry.get("after") is None or isinstance(entry.get("after"), dict)
            ):
                consistent = False
                break
            undo.append((docs, key, current))
            docs.put(key, entry.get("after"))
            if entry.get("after") is None and table in ("risks", "decisions"):
                # a removed item's key (removed, a submission withdrawn or taken into another
                # risk) is retired with it (never given out again)
                if "retired" not in indexes:
                    indexes["retired"] = _Docs("retired", tables.setdefault("retired", {}))
                retired = indexes["retired"]
                undo.append((retired, key, retired.get(key)))
                retired.put(key, {"key": key, "on": str(entry.get("at", ""))[:10]})
        if not consistent or not _entries_valid(entries):
            for docs, key, old in reversed(undo):
                docs.put(key, old)
            break
        applied.append((rev, entries, offset))
        last_rev = rev
    replayed = sum(len(g[1]) for g in applied)
    return applied, tables, total - replayed


def _entries_valid(entries: list[dict[str, Any]]) -> bool:
    """Each replayed document is a valid model of its kind (the whole is checked at the end)."""
    from riskreg.model import Category, Decision, Link, Note, Risk
    from riskreg.serialize import from_doc

    kinds = {"risks": Risk, "decisions": Decision, "links": Link, "categories": Category,
             "notes": Note}
    for entry in entries:
        after = entry.get("after")
        if after is None:
            continue
        try:
            from_doc(after, kinds[str(_table_of(entry["key"]))])
        except RiskregError:
            return False
    return True


def _aside(store: FileStore, stem: str, suffix: str) -> Path:
    store.backup_dir.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = store.backup_dir / f"{stem}-{stamp}{suffix}"
    n = 1
    while target.exists():
        n += 1
        target = store.backup_dir / f"{stem}-{stamp}-{n}{suffix}"
    return target


def restore(path: str | os.PathLike[str], *, force: bool = False) -> Recovery | None:
    """Restore the newest good backup and replay the history after it; None if nothing to do.

    Holds the register's lock throughout. A sound file is left alone unless
    ``force``. Raises :class:`~riskreg.errors.StorageError` (``error.doctor_no_backup``)
    when no backup is whole.
    """
    store = FileStore(path)
    with store.locked():
        diagnosis = diagnose(store.path)
        stale = _stale_temp_files(store)
        for tmp in stale:
            with contextlib.suppress(OSError):
                tmp.unlink()
        if diagnosis.problem is None and not force:
            return None  # a sound file (a history that lacks entries: see repair_history)
        good = diagnosis.newest_good
        if good is None:
            raise StorageError("error.doctor_no_backup", path=str(store.path),
                               folder=str(store.backup_dir))
        raw, _ = _read(store)
        header = _header_of(raw) if raw is not None else None
        groups, tables, left_out = _plan(store, good, header)
        meta = dict(tables[META_TABLE]["1"])
        backup_rev = int(meta["rev"])
        replayed: list[Replayed] = []
        if groups:
            rev, entries, offset = groups[-1]
            meta.update(rev=rev, history_bytes=offset, changes=int(entries[-1]["seq"]),
                        counts=table_counts(tables))
            for g_rev, g_entries, _ in groups:
                replayed.extend(
                    Replayed(g_rev, int(e["seq"]), str(e.get("action", "")), str(e["key"]),
                             str(e.get("user", "")), str(e.get("at", "")))
                    for e in g_entries
                )
        tables[META_TABLE] = {"1": meta}
        problem = check_tables(store, json.loads(encode(tables)), dict(meta))
        if problem is not None and groups:  # the replay made it worse: the backup alone
            return _restore_plain(store, good, raw, diagnosis, len(stale), header, left_out
                                  + len(replayed))
        return _write(store, good, raw, tables, meta, backup_rev, tuple(replayed), left_out,
                      header is not None, len(stale))


def _restore_plain(store: FileStore, good: BackupState, raw: bytes | None, diagnosis: Diagnosis,
                   removed: int, header: tuple[int, int, int] | None, left_out: int) -> Recovery:
    tables = json.loads(good.path.read_bytes())
    meta = dict(tables[META_TABLE]["1"])
    return _write(store, good, raw, tables, meta, int(meta["rev"]), (), left_out,
                  header is not None, removed)


def _write(store: FileStore, good: BackupState, raw: bytes | None, tables: dict[str, Any],
           meta: dict[str, Any], backup_rev: int, replayed: tuple[Replayed, ...], left_out: int,
           header_known: bool, removed: int) -> Recovery:
    damaged_copy = None
    if raw is not None:
        damaged_copy = _aside(store, "damaged", ".json")
        try:
            os.link(store.path, damaged_copy)
        except OSError:
            damaged_copy.write_bytes(raw)
    unreplayed_copy = None
    if left_out:
        with open(store.history_path, "rb") as handle:
            handle.seek(int(meta["history_bytes"]))
            tail = handle.read()
        if tail.strip():
            unreplayed_copy = _aside(store, "unreplayed", ".jsonl")
            unreplayed_copy.write_bytes(tail)
    write_atomically(store.path, encode(tables))
    return Recovery(
        path=store.path, backup=good.path, backup_rev=backup_rev, rev=int(meta["rev"]),
        replayed=replayed, not_replayed=left_out, header_known=header_known,
        damaged_copy=damaged_copy, unreplayed_copy=unreplayed_copy, removed_temp_files=removed,
    )


__all__ = [
    "BackupState", "Diagnosis", "Recovery", "Replayed", "diagnose", "repair_history", "restore",
]
