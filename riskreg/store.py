"""Durable storage of a register: one TinyDB JSON file, written so no acknowledged change is lost.

TinyDB's own JSONStorage rewrites the file in place (a crash leaves a torn
file) and is not safe for two processes. :class:`AtomicJSONStorage` writes a
temporary file in the same folder, fsyncs it, keeps the previous version as a
backup (a hard link, no copy), ``os.replace``-s it over the register and fsyncs
the folder. :class:`FileStore` adds the lock held across read-change-write, the
detection of changes made by other processes, the schema version, and the
history, which lives in an append-only JSON-lines file beside the register so
that saving stays as fast with a long history as with none.

:class:`FileStore` is the embedded :class:`riskreg.storage.Store`; the register talks to it
only through that contract, as it talks to the server store.
"""

from __future__ import annotations

import contextlib
import json
import operator
import os
import tempfile
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import attrs

from riskreg.errors import (
    ConflictError,
    CorruptRegisterError,
    DuplicateKeyError,
    LockTimeoutError,
    NotDurableError,
    RegisterExistsError,
    RegisterNotFoundError,
    SchemaVersionError,
    StorageError,
    ValidationError,
)
from riskreg.history_log import log_path, parse_entries, read_entries
from riskreg.messages import N_, Phrase, Term, phrase
from riskreg.storage import (
    CORE_TABLES,
    DECISIONS,
    KEY_OF,
    RETIRED,
    RISKS,
    Content,
    Delta,
    Document,
    Entry,
    Header,
    Version,
    Write,
    last_seq,
)

if TYPE_CHECKING:
    from filelock import FileLock
    from tinydb import TinyDB

SCHEMA_VERSION = 1
META_TABLE = "_meta"
BACKUPS_KEPT = 5
LOCK_TIMEOUT_S = 15.0
POLL_S = 0.2  # how often wait_for_change looks at the file
CHUNK_DOCS = 64  # documents encoded together; one edit re-encodes one chunk

_MAKING_LOCKS = threading.Lock()

# Migrations: MIGRATIONS[n] turns a schema-n document into schema n+1.
MIGRATIONS: dict[int, Any] = {}


@attrs.frozen
class Fingerprint:
    """What identifies one written version of the file (atomic replace gives a new inode)."""

    inode: int
    size: int
    mtime_ns: int

    @classmethod
    def of(cls, path: Path) -> Fingerprint | None:
        try:
            st = os.stat(path)
        except FileNotFoundError:
            return None
        return cls(st.st_ino, st.st_size, st.st_mtime_ns)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _umask_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


_NEW_FILE_MODE = _umask_mode()  # read once, at import: os.umask can only be read by setting it


def _mode_for(path: Path) -> int:
    """The permissions the new version gets: the old file's (a register shared by a group
    stays shared), else what the umask gives a new file; mkstemp alone would give 0600."""
    try:
        return os.stat(path).st_mode & 0o7777
    except OSError:
        return _NEW_FILE_MODE


def write_atomically(path: Path, payload: bytes, backup: Path | None = None) -> None:
    """Replace ``path`` with ``payload`` so a reader sees the old or the new file, never a mix.

    With ``backup``, the old file is kept under that name (a hard link). On any
    failure the file at ``path`` is unchanged and a StorageError is raised.
    """
    folder = path.parent
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:  # disk full, folder gone or read-only: nothing written yet
        raise StorageError(
            "error.write_failed", path=str(path), problem=exc.strerror or str(exc)
        ) from exc
    tmp = Path(tmp_name)
    try:
        with contextlib.suppress(OSError):  # a file system without modes: keep what it gives
            os.fchmod(fd, _mode_for(path))
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        linked = False
        if backup is not None and path.exists():
            with contextlib.suppress(FileExistsError):
                os.link(path, backup)
                linked = True
        try:
            os.replace(tmp, path)
        except OSError:
            if linked:  # the old version stays the register: it needs no backup link yet
                with contextlib.suppress(OSError):
                    os.unlink(backup)  # type: ignore[arg-type]
            raise
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise StorageError(
            "error.write_failed", path=str(path), problem=exc.strerror or str(exc)
        ) from exc
    try:
        _fsync_dir(folder)
    except OSError as exc:  # the new version is in place, but its folder entry may not be durable
        raise NotDurableError(path=str(path), problem=exc.strerror or str(exc)) from exc


class AtomicJSONStorage:
    """A TinyDB storage that never leaves a torn file: read whole, write by atomic replace.

    :func:`open_tinydb` opens a register file with it for ad-hoc TinyDB queries; riskreg
    itself goes through :class:`FileStore` (and does not import TinyDB: a register's
    commands start faster without it).
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)

    def read(self) -> dict[str, dict[str, Any]] | None:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        if not raw.strip():
            return None
        data: dict[str, dict[str, Any]] = json.loads(raw)
        return data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        write_atomically(self.path, encode(data))

    def close(self) -> None:
        pass


def encode(data: Any) -> bytes:
    """The register's on-disk form: compact, key order kept, UTF-8 (å, ä, ö as they are)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def open_tinydb(path: str | os.PathLike[str]) -> TinyDB:
    """The register file as a TinyDB database, for ad-hoc queries (do not write through it)."""
    from tinydb import TinyDB
    from tinydb.storages import Storage

    Storage.register(AtomicJSONStorage)  # a TinyDB storage by its methods, imported on demand
    return TinyDB(path, storage=cast(type[Storage], AtomicJSONStorage))


@attrs.define
class Loaded:
    """A register file as read: its tables (TinyDB layout) and the version it came from."""

    tables: dict[str, dict[str, Any]]
    meta: dict[str, Any]
    fingerprint: Fingerprint


class FileStore:
    """A register file with its lock, backups and history log: the embedded
    :class:`~riskreg.storage.Store`.

    It keeps the file as last read or written (TinyDB's layout: each table maps a
    document id to a document) and which id each key has, so a commit writes the
    new file from it re-encoding only what changed.
    """

    kind = "file"

    def __init__(self, path: str | os.PathLike[str]) -> None:
        # a symlinked register is the file it points to: lock, history and backups live beside
        # the target, and a save replaces the target, never the link
        self.path = Path(os.path.realpath(path))
        self.lock_path = self.path.with_name(self.path.name + ".lock")
        self.history_path = log_path(self.path)
        self.backup_dir = self.path.with_name(self.path.name + ".backups")
        self._lock: FileLock | None = None  # made when first held (readers never hold it)
        self._chunks: dict[str, tuple[list[str], list[Any], list[bytes]]] = {}
        self._swept = False
        self.location = str(self.path)
        self._file: Loaded | None = None  # the file as last read or written
        self._ids: dict[str, dict[str, str]] = {}  # table -> key -> TinyDB document id
        self._seen: int | None = None  # the "last seen" mark: in memory (see Store.seen)

    # --- locking ----------------------------------------------------------
    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the register's lock (re-entrant within a process) across read-change-write.

        The first time a process holds it, temp files that killed writers left beside the
        register are removed (a writer holds the lock while its temp file exists, so under
        the lock every one of them is stale).
        """
        from filelock import FileLock, Timeout

        with _MAKING_LOCKS:  # one lock object per store, whichever thread comes first
            if self._lock is None:
                self._lock = FileLock(str(self.lock_path), timeout=LOCK_TIMEOUT_S)
        try:
            self._lock.acquire()
        except Timeout:
            raise LockTimeoutError(path=str(self.path)) from None
        try:
            if not self._swept:
                self._swept = True
                for stale in self.stale_temp_files():
                    with contextlib.suppress(OSError):
                        stale.unlink()
            yield
        finally:
            self._lock.release()

    def stale_temp_files(self) -> list[Path]:
        """Temp files of interrupted saves (stale only while the lock is held)."""
        prefix = f".{self.path.name}."
        try:
            names = os.listdir(self.path.parent)
        except OSError:
            return []
        return sorted(
            self.path.parent / name for name in names
            if name.startswith(prefix) and name.endswith(".tmp")
        )

    def _refuse_hard_links(self) -> None:
        """A register file with a second hard link would split in two on the next save (a save
        writes a new file): refuse it. Checked under the lock, where no save of ours is halfway
        (a save links the old version into the backups just before replacing it)."""
        links = self._foreign_links()
        if links:
            raise StorageError("error.hard_links", path=str(self.path), links=links + 1)

    def _foreign_links(self) -> int:
        """Hard links to the register file other than its own name and its backups (a save
        killed between linking the backup and replacing the file leaves such a backup)."""
        try:
            st = os.stat(self.path)
        except OSError:
            return 0
        if st.st_nlink <= 1:
            return 0
        ours = 0
        with contextlib.suppress(OSError):
            for entry in os.scandir(self.backup_dir):
                with contextlib.suppress(OSError):
                    found = entry.stat(follow_symlinks=False)
                    if (found.st_ino, found.st_dev) == (st.st_ino, st.st_dev):
                        ours += 1
        return max(0, st.st_nlink - 1 - ours)

    # --- reading ------------------------------------------------------------
    def exists(self) -> bool:
        return self.path.exists()

    def read_file(self) -> Loaded:
        """Read, parse and check the file (TinyDB layout); migrate an older schema in memory."""
        for _attempt in range(5):
            fingerprint = Fingerprint.of(self.path)
            if fingerprint is None:
                raise RegisterNotFoundError(path=str(self.path))
            try:
                raw = self.path.read_bytes()
            except FileNotFoundError:
                continue
            except OSError as exc:
                raise StorageError("error.storage", path=str(self.path), detail=str(exc)) from None
            if Fingerprint.of(self.path) == fingerprint:
                break
        else:  # pragma: no cover - the file kept changing under us
            raise LockTimeoutError(path=str(self.path))
        tables = self._parse(raw)
        meta = self._meta(tables)
        if self._foreign_links():  # maybe a save of another process halfway: ask again
            with self.locked():
                self._refuse_hard_links()
        return Loaded(tables=tables, meta=meta, fingerprint=fingerprint)

    def _corrupt(self, problem: str | Phrase) -> CorruptRegisterError:
        return CorruptRegisterError(path=str(self.path), problem=problem,
                                    backup=self._backup_text())

    def _backup_text(self) -> str | Term:
        """The newest backup that parses, for an error message (the way back)."""
        backup = self.newest_backup()
        return str(backup) if backup else Term(N_("error.no_backup"))

    def _parse(self, raw: bytes) -> dict[str, dict[str, Any]]:
        if not raw.strip():
            raise self._corrupt(phrase("corrupt.empty"))
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise self._corrupt(phrase("corrupt.json", line=exc.lineno, column=exc.colno)
                                ) from None
        except (ValueError, UnicodeDecodeError):
            raise self._corrupt(phrase("corrupt.encoding")) from None
        if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
            raise self._corrupt(phrase("corrupt.not_register"))
        return data

    def _meta(self, tables: dict[str, dict[str, Any]]) -> dict[str, Any]:
        meta_table = tables.get(META_TABLE)
        if not meta_table or "1" not in meta_table or not isinstance(meta_table["1"], dict):
            raise self._corrupt(phrase("corrupt.no_header"))
        meta: dict[str, Any] = meta_table["1"]
        version = meta.get("schema")
        if not isinstance(version, int) or version < 0:
            raise self._corrupt(phrase("corrupt.schema", version=repr(version)))
        if version > SCHEMA_VERSION:
            raise SchemaVersionError(path=str(self.path), found=version, supported=SCHEMA_VERSION,
                                     backup=self._backup_text())
        while version < SCHEMA_VERSION:
            migrate = MIGRATIONS.get(version)
            if migrate is None:
                raise SchemaVersionError(
                    path=str(self.path), found=version, supported=SCHEMA_VERSION,
                    backup=self._backup_text(),
                )
            tables = migrate(tables)
            version += 1
            meta = tables[META_TABLE]["1"]
            meta["schema"] = version
        for field in ("rev", "history_bytes", "changes"):
            if not isinstance(meta.get(field), int):
                raise self._corrupt(phrase("corrupt.header_lacks", field=field))
        counts = meta.get("counts")
        if counts is not None:  # files written before the header counted its tables have none
            if not isinstance(counts, dict):
                raise self._corrupt(phrase("corrupt.counts"))
            for table, count in counts.items():
                found = tables.get(table)
                if found is None:
                    raise self._corrupt(phrase("corrupt.table_missing", table=table))
                if len(found) != count:
                    raise self._corrupt(phrase("corrupt.table_count", table=table,
                                               found=len(found), count=count))
        return meta

    def newest_backup(self) -> Path | None:
        """The newest backup that parses as a register, if any."""
        for candidate in self.backups():
            try:
                data = json.loads(candidate.read_bytes())
                if isinstance(data, dict) and META_TABLE in data:
                    return candidate
            except (OSError, ValueError):
                continue
        return None

    def backups(self) -> list[Path]:
        """Backups, newest first."""
        if not self.backup_dir.is_dir():
            return []
        return sorted(self.backup_dir.glob("rev-*.json"), reverse=True)

    # --- writing ------------------------------------------------------------
    def create(
        self, header: Header, tables: Mapping[str, Mapping[str, Document]],
        history: Sequence[Document] = (), revision: int = 0,
    ) -> Version:
        """Write a new register file (with a copied register's history); refuse if one
        exists."""
        layout: dict[str, dict[str, Any]] = {
            META_TABLE: {"1": {"name": header.name, "created": header.created,
                               "matrix": dict(header.matrix)}},
        }
        for table in CORE_TABLES:
            layout[table] = {}
        for table, docs in tables.items():
            layout[table] = {str(i): doc for i, doc in enumerate(docs.values(), 1)}
        with self.locked():
            if self.path.exists():
                raise RegisterExistsError(path=str(self.path))
            with contextlib.suppress(FileNotFoundError):
                self.history_path.unlink()
            lines = b"".join(encode(dict(entry)) + b"\n" for entry in history)
            if lines:
                write_atomically(self.history_path, lines)
            changes = last_seq(history)
            layout[META_TABLE]["1"].update(schema=SCHEMA_VERSION, rev=revision,
                                           history_bytes=len(lines), changes=changes,
                                           counts=table_counts(layout))
            if changes > len(history):  # lost from the original's history: say so (doctor)
                layout[META_TABLE]["1"]["history_lost"] = changes - len(history)
            write_atomically(self.path, encode(layout))
        return self.load().version

    # --- the contract (riskreg.storage.Store) ----------------------------------------
    def load(self) -> Content:
        """The whole register as of the file now on disk."""
        loaded = self.read_file()
        content, ids = self.content_of(loaded)
        self._file, self._ids = loaded, ids
        return content

    def header(self) -> Header:
        """The header, as of the file now on disk (the file is read whole)."""
        return self.content_of(self._current())[0].header

    def content_of(self, loaded: Loaded) -> tuple[Content, dict[str, dict[str, str]]]:
        """A file as read, as the register's content: each table's documents by key (and each
        key's document id in the file)."""
        tables: dict[str, dict[str, Document]] = {}
        ids: dict[str, dict[str, str]] = {}
        for table, docs in loaded.tables.items():
            key_of = KEY_OF.get(table)
            if table == META_TABLE or key_of is None:
                continue  # the header; or a table of a newer riskreg: kept in the file as it is
            by_key: dict[str, Document] = {}
            table_ids: dict[str, str] = {}
            for doc_id, doc in docs.items():
                try:
                    key = key_of(doc)
                except (KeyError, TypeError):
                    raise self._corrupt(phrase("corrupt.record", table=table, record=doc_id)
                                        ) from None
                if key in by_key:
                    raise self._corrupt(phrase("corrupt.twice", key=key, table=table))
                by_key[key] = doc
                table_ids[key] = doc_id
            tables[table] = by_key
            ids[table] = table_ids
        meta = loaded.meta
        header = Header(name=str(meta.get("name", "")), created=str(meta.get("created", "")),
                        matrix=meta.get("matrix") or {})
        return Content(header=header, tables=tables, version=self._version_of(loaded)), ids

    @staticmethod
    def _version_of(loaded: Loaded) -> Version:
        return Version(int(loaded.meta["rev"]), loaded.fingerprint)

    def changed_since(self, version: Version) -> bool:
        """Whether another writer replaced the file since ``version`` was read."""
        return bool(Fingerprint.of(self.path) != version.token)

    def changes_since(self, version: Version) -> Delta | None:
        """Nothing, or None: a file that changed must be read again whole."""
        return None if self.changed_since(version) else Delta(version)

    def wait_for_change(self, version: Version, timeout: float) -> bool:
        """Look at the file every POLL_S seconds for up to ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while not self.changed_since(version):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            time.sleep(min(POLL_S, remaining))
        return True

    def _current(self) -> Loaded:
        if self._file is None or Fingerprint.of(self.path) != self._file.fingerprint:
            self.load()
        assert self._file is not None
        return self._file

    def find(self, table: str, **equal: str) -> dict[str, Document]:
        """The documents of ``table`` whose fields equal ``equal`` (the file is read whole)."""
        self._current()
        docs = self._file.tables.get(table, {}) if self._file else {}
        key_of = KEY_OF[table]
        return {
            key_of(doc): doc for doc in docs.values()
            if all(doc.get(name) == value for name, value in equal.items())
        }

    def get(self, table: str, key: str) -> Document | None:
        self._current()
        doc_id = self._ids.get(table, {}).get(key)
        if doc_id is None or self._file is None:
            return None
        doc: Document = self._file.tables[table][doc_id]
        return doc

    @contextlib.contextmanager
    def transaction(self) -> Iterator[_FileTransaction]:
        """The file's lock, held until the block ends (see Store.transaction)."""
        with self.locked():
            yield _FileTransaction(self)

    def commit(self, writes: Sequence[Write], entries: Sequence[Entry]) -> Version:
        """Write a new version of the file with ``writes`` applied and ``entries`` appended to
        the history. Only inside :meth:`transaction`, after :meth:`load` (or a commit)."""
        loaded = self._file
        assert loaded is not None, "commit after load, inside a transaction"
        self._refuse_stale(loaded, writes)
        undo: list[tuple[str, str, str, Document | None]] = []
        made: list[str] = []
        last_id: dict[str, int] = {}  # per table: the highest document id, found once a commit
        for write in writes:
            if write.table not in loaded.tables:
                loaded.tables[write.table] = {}
                self._ids[write.table] = {}
                made.append(write.table)
            docs, ids = loaded.tables[write.table], self._ids[write.table]
            doc_id = ids.get(write.key)
            if write.doc is None:
                if doc_id is not None:
                    undo.append((write.table, write.key, doc_id, docs.pop(doc_id)))
                    del ids[write.key]
                continue
            if doc_id is None:
                if write.table not in last_id:
                    last_id[write.table] = max((int(i) for i in docs if i.isdigit()), default=0)
                last_id[write.table] += 1
                doc_id = str(last_id[write.table])
                ids[write.key] = doc_id
                undo.append((write.table, write.key, doc_id, None))
            else:
                undo.append((write.table, write.key, doc_id, docs[doc_id]))
            docs[doc_id] = write.doc
        changes = [
            {"action": e.action, "key": e.key, "why": e.why, "before": e.before,
             "after": e.after, "at": e.at, "user": e.user}
            for e in entries
        ]
        try:
            fingerprint, meta = self.save(loaded.tables, changes)
        except NotDurableError:
            self._file = None  # on disk, but unsure: read it again before anything else
            raise
        except BaseException:
            for table, key, doc_id, old in reversed(undo):
                if old is None:
                    loaded.tables[table].pop(doc_id, None)
                    self._ids[table].pop(key, None)
                else:
                    loaded.tables[table][doc_id] = old
                    self._ids[table][key] = doc_id
            for table in made:
                loaded.tables.pop(table, None)
                self._ids.pop(table, None)
            raise
        loaded.tables[META_TABLE] = {"1": meta}
        self._file = Loaded(tables=loaded.tables, meta=meta, fingerprint=fingerprint)
        return self._version_of(self._file)

    def _refuse_stale(self, loaded: Loaded, writes: Sequence[Write]) -> None:
        """Refuse, before anything changes, what the contract refuses of a risk or decision:
        a write whose ``base`` is not the stored revision (ConflictError), a new item under a
        key in use or retired (DuplicateKeyError). Writes are checked in order, each against
        the content as the writes before it leave it."""
        pending: dict[tuple[str, str], Document | None] = {}
        retired = self._ids.get(RETIRED, {}).keys()
        for write in writes:
            if write.table not in (RISKS, DECISIONS):
                continue
            where = (write.table, write.key)
            if where in pending:
                stored = pending[where]
            else:
                doc_id = self._ids.get(write.table, {}).get(write.key)
                stored = None if doc_id is None else loaded.tables[write.table][doc_id]
            if write.base is not None:
                if stored is None or stored.get("revision") != write.base:
                    raise ConflictError(key=write.key)
            elif write.doc is not None:
                if stored is not None:
                    raise DuplicateKeyError(key=write.key)
                if write.key in retired:
                    raise DuplicateKeyError("error.key_retired", key=write.key)
            pending[where] = write.doc

    def history(self, key: str | None = None) -> list[Document]:
        """The recorded changes the file acknowledges, oldest first; with ``key``, those whose
        key is ``key`` or a link key holding it."""
        loaded = self._current()
        return read_entries(self.history_path, int(loaded.meta["history_bytes"]), key)

    def close(self) -> None:
        self._file = None
        self._ids = {}
        self._chunks = {}

    def damaged(self, problem: str | Phrase) -> CorruptRegisterError:
        return self._corrupt(problem)

    def identity(self) -> str | None:
        return None  # the register says who (one user; the file's permissions are its access)

    def highest_key(self, prefix: str) -> int | None:
        return None  # the register holds every key

    def current_login(self) -> str | None:
        return None  # no people: everything is allowed (Register.me is None)

    def own_history(self) -> list[Document] | None:
        return None  # one user, who reads the whole history

    def seen(self) -> int | None:
        return self._seen  # one user: the mark lives as long as this store is open

    def mark_seen(self, revision: int) -> None:
        self._seen = max(revision, self._seen or 0)

    def save(
        self, tables: dict[str, dict[str, Any]], changes: list[dict[str, Any]]
    ) -> tuple[Fingerprint, dict[str, Any]]:
        """Write a new version with ``changes`` appended to the history (each given its ``seq``
        and the new ``rev``). Caller holds the lock.

        ``tables[META_TABLE]["1"]`` is the header of the version being replaced;
        the new header (next ``rev``, history length) is returned with the new
        fingerprint and is only in effect once the file is durably replaced.
        """
        meta = tables[META_TABLE]["1"]
        new_rev = meta["rev"] + 1
        self._refuse_hard_links()
        base = int(meta["changes"])
        changes = [{"rev": new_rev, **change, "seq": base + n} for n, change in
                   enumerate(changes, 1)]
        try:
            history_bytes, lost = self._append_history(
                meta["history_bytes"], meta["changes"] - int(meta.get("history_lost", 0)),
                new_rev, changes,
            )
        except UnicodeEncodeError:  # a lone surrogate (invalid UTF-8 let through): not saved
            raise ValidationError(
                "error.invalid", detail="text with invalid characters cannot be saved"
            ) from None
        new_meta = {
            **meta, "rev": new_rev, "history_bytes": history_bytes,
            "changes": meta["changes"] + len(changes),
            "counts": table_counts(tables),
        }
        if lost:
            new_meta["history_lost"] = int(meta.get("history_lost", 0)) + lost
        backup = None
        try:
            if self.path.exists():
                self.backup_dir.mkdir(exist_ok=True)
                backup = self.backup_dir / f"rev-{new_rev - 1:09d}.json"
            payload = self._encode_tables({**tables, META_TABLE: {"1": new_meta}})
            write_atomically(self.path, payload, backup)
        except UnicodeEncodeError:
            raise ValidationError(
                "error.invalid", detail="text with invalid characters cannot be saved"
            ) from None
        except OSError as exc:  # e.g. the backup folder cannot be made: the file is unchanged
            raise StorageError(
                "error.write_failed", path=str(self.path), problem=exc.strerror or str(exc)
            ) from exc
        self._prune_backups()
        fingerprint = Fingerprint.of(self.path)
        assert fingerprint is not None
        return fingerprint, new_meta

    def _encode_tables(self, tables: dict[str, dict[str, Any]]) -> bytes:
        """The file's bytes, same as :func:`encode`, re-encoding only chunks that changed.

        Each table is encoded in chunks of documents; a chunk is reused when it
        holds the same ids and the very same document objects as last time
        (the register replaces a document object on every change), so a save
        after one edit re-encodes one chunk, not the whole register.
        """
        parts = [b"{"]
        for index, (table, docs) in enumerate(tables.items()):
            if index:
                parts.append(b",")
            parts.append(encode(table) + b":{")
            parts.append(self._encode_table(table, docs))
            parts.append(b"}")
        parts.append(b"}")
        return b"".join(parts)

    def _encode_table(self, table: str, docs: dict[str, Any]) -> bytes:
        ids, values = list(docs), list(docs.values())
        old = self._chunks.get(table)
        chunks: list[bytes] = []
        for n, start in enumerate(range(0, len(ids), CHUNK_DOCS)):
            end = start + CHUNK_DOCS
            if (
                old is not None
                and n < len(old[2])
                and old[0][start:end] == ids[start:end]
                and all(map(operator.is_, old[1][start:end], values[start:end]))
            ):
                chunks.append(old[2][n])
            else:
                chunks.append(b",".join(
                    encode(doc_id) + b":" + encode(doc)
                    for doc_id, doc in zip(ids[start:end], values[start:end], strict=True)
                ))
        self._chunks[table] = (ids, values, chunks)
        return b",".join(chunks)

    def _append_history(
        self, valid_bytes: int, acknowledged: int, rev: int, changes: list[dict[str, Any]]
    ) -> tuple[int, int]:
        """Append ``changes`` after the first ``valid_bytes`` (dropping a tail a crash left).

        Returns the new length of the valid history and how many of the ``acknowledged``
        entries were found missing: a history file lost or cut short from outside is not
        padded to its old length (that would put the new entries after a run of NUL bytes,
        where no reader finds them); the new entries go after what is left, on a line of
        their own, and the loss is counted in the header so ``doctor`` can tell it.
        """
        if not changes:
            return valid_bytes, 0
        lines = b"".join(encode(change) + b"\n" for change in changes)
        lost = 0
        try:
            fd = os.open(self.history_path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                size = os.fstat(fd).st_size
                if size < valid_bytes:  # lost or torn from outside: keep what is left
                    lost = acknowledged - len(self._entries(os.pread(fd, size, 0)))
                    if size and os.pread(fd, 1, size - 1) != b"\n":
                        lines = b"\n" + lines
                    valid_bytes = size
                elif valid_bytes and os.pread(fd, 1, valid_bytes - 1) != b"\n":
                    # overwritten from outside (NUL bytes where the last entries were): every
                    # entry this store writes ends a line, so what follows the last whole line
                    # is damage; it is dropped, the new entries go where a reader finds them,
                    # and the loss is counted
                    kept = os.pread(fd, valid_bytes, 0)
                    kept = kept[: kept.rfind(b"\n") + 1]
                    lost = acknowledged - len(self._entries(kept))
                    valid_bytes = len(kept)
                os.ftruncate(fd, valid_bytes)
                os.lseek(fd, valid_bytes, os.SEEK_SET)
                view = memoryview(lines)
                while view:
                    written = os.write(fd, view)
                    view = view[written:]
                os.fsync(fd)
            finally:
                os.close(fd)
        except OSError as exc:
            raise StorageError(
                "error.write_failed", path=str(self.history_path), problem=exc.strerror or str(exc)
            ) from exc
        return valid_bytes + len(lines), max(lost, 0)

    def _prune_backups(self) -> None:
        for old in self.backups()[BACKUPS_KEPT:]:
            with contextlib.suppress(OSError):
                old.unlink()

    def discard(self) -> None:
        """Delete the file, its history, backups, lock file and read cache."""
        from riskreg import readcache

        self.close()
        readcache.remove(self.path)
        for path in (self.path, self.history_path, self.lock_path, *self.backups()):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
        with contextlib.suppress(OSError):
            self.backup_dir.rmdir()

    # --- history --------------------------------------------------------------
    def history_entries(
        self, valid_bytes: int, contains: bytes | None = None
    ) -> list[dict[str, Any]]:
        """The history entries the current version acknowledges (the first ``valid_bytes``).

        With ``contains``, only lines holding those bytes are parsed (a cheap pre-filter
        for one item's history; the caller still checks each entry).
        """
        if valid_bytes <= 0:
            return []
        try:
            with open(self.history_path, "rb") as handle:
                raw = handle.read(valid_bytes)
        except FileNotFoundError:
            return []
        return self._entries(raw, contains)

    @staticmethod
    def _entries(raw: bytes, contains: bytes | None = None) -> list[dict[str, Any]]:
        """The whole, parseable entries of a piece of the history (a torn line is skipped)."""
        return parse_entries(raw, contains)


class _FileTransaction:
    """The file store's side of a transaction: the lock is held while it lives."""

    def __init__(self, store: FileStore) -> None:
        self._store = store
        self._committed = False

    def changes_since(self, version: Version) -> Delta | None:
        return self._store.changes_since(version)

    def load(self) -> Content:
        return self._store.load()

    def commit(self, writes: Sequence[Write], entries: Sequence[Entry]) -> Version:
        if self._committed:
            raise RuntimeError("a transaction commits once")
        if self._store._file is None or self._store.changed_since(
            self._store._version_of(self._store._file)
        ):
            self._store.load()
        version = self._store.commit(writes, entries)
        self._committed = True
        return version


def table_counts(tables: dict[str, dict[str, Any]]) -> dict[str, int]:
    """How many records each table holds, for the header (a table emptied or dropped from
    outside is then told from an empty register)."""
    return {name: len(docs) for name, docs in tables.items() if name != META_TABLE}
