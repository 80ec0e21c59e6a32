"""The server store: a register in PostgreSQL, shared by many clients (psycopg 3).

Chosen by a URL wherever a path is taken::

    postgresql://anna@db.example.org/riskreg?register=millennium
    postgresql:///riskreg?host=/tmp/riskreg-pg-abc&register=demo

The URL is libpq's (user, host, port, database, ``sslmode``...; a password belongs in
``~/.pgpass`` or ``PGPASSWORD``, not in the URL) with one parameter of riskreg's own:
``register``, the register's name in the database (``main`` when not given). Several
registers live in one database side by side.

How the contract (:mod:`riskreg.storage`) is kept:

- a write transaction takes the register's advisory lock (the writers of one register,
  one at a time, like the file's lock), so the register takes in what others committed
  and validates the change against the current content; each item is then written
  ``UPDATE ... WHERE revision = <the revision read>`` (no row: ConflictError), and the
  history rows go in the same transaction;
- a trigger logs every row written or removed with the revision that did it (the table
  ``changes``), so ``changes_since`` reads only what changed;
- a commit sends ``NOTIFY riskreg`` with ``<register id>:<revision>``; :meth:`ServerStore.
  wait_for_change` listens on a connection of its own (the live view of the UI).

The schema (:mod:`riskreg.server.schema`) enforces what must hold whoever writes: unique,
never reused keys, links between existing items without cycles, an append-only history.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, date
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import psycopg
from psycopg import sql
from psycopg.types.json import Jsonb
from psycopg_pool import ConnectionPool

from riskreg.errors import (
    AccessError,
    ConflictError,
    CorruptRegisterError,
    DuplicateKeyError,
    LinkError,
    RegisterExistsError,
    RegisterNotFoundError,
    SchemaVersionError,
    StorageError,
    ValidationError,
)
from riskreg.server import schema
from riskreg.storage import (
    CATEGORIES,
    CONTACTS,
    DECISIONS,
    DELIVERIES,
    EDITIONS,
    LINKS,
    NOTES,
    ORGANISATIONS,
    PEOPLE,
    RETIRED,
    RISKS,
    SNAPSHOTS,
    Content,
    Delta,
    Document,
    Entry,
    Header,
    Version,
    Write,
    last_seq,
    link_key,
)

DEFAULT_REGISTER = "main"
# the pool reports failed connections through logging; riskreg reports them as errors
logging.getLogger("psycopg.pool").addHandler(logging.NullHandler())
CHANNEL = "riskreg"
#: store table -> (SQL table, item kind or None)
_ITEMS = {RISKS: "risk", DECISIONS: "decision"}
_DOCUMENTS = {
    CATEGORIES: "categories", ORGANISATIONS: "organisations", EDITIONS: "editions",
    SNAPSHOTS: "snapshots", RETIRED: "retired_keys", PEOPLE: "people", NOTES: "notes",
    CONTACTS: "contacts", DELIVERIES: "deliveries",
}
CONNECT_TIMEOUT_S = 10


def split_url(url: str) -> tuple[str, str, str]:
    """(libpq URL, register name, URL to show) from a riskreg server URL."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    names = [v for k, v in query if k == "register"]
    rest = [(k, v) for k, v in query if k != "register"]
    if not any(k == "connect_timeout" for k, _ in rest):
        rest.append(("connect_timeout", str(CONNECT_TIMEOUT_S)))
    name = names[-1] if names else DEFAULT_REGISTER
    conninfo = _join(parts.scheme, parts.netloc, parts.path, rest)
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, _, hostport = netloc.rpartition("@")
        user = userinfo.split(":", 1)[0]
        netloc = f"{user}@{hostport}"
    shown = _join(parts.scheme, netloc, parts.path,
                  [(k, v) for k, v in query if k != "password"])
    return conninfo, name, shown


def _join(scheme: str, netloc: str, path: str, query: list[tuple[str, str]]) -> str:
    """A URL from its parts, keeping ``//`` with an empty host (``postgresql:///db``)."""
    text = f"{scheme}://{netloc}{path}"
    return f"{text}?{urlencode(query, safe='/')}" if query else text


class ServerStore:
    """A register in a PostgreSQL database: the shared :class:`~riskreg.storage.Store`."""

    kind = "postgresql"

    def __init__(self, url: str, *, pool_size: int = 4) -> None:
        self._conninfo, self.name, self.location = split_url(url)
        self._pool_size = pool_size
        self._pool: ConnectionPool[psycopg.Connection[Any]] | None = None
        self._pool_lock = threading.Lock()
        self._id: int | None = None
        self._listener: psycopg.Connection[Any] | None = None
        self._notified = threading.Event()

    # --- connections ------------------------------------------------------------------
    def _connections(self) -> ConnectionPool[psycopg.Connection[Any]]:
        with self._pool_lock:
            if self._pool is None:
                try:  # once directly: a wrong URL or a server that is down fails at once
                    psycopg.connect(self._conninfo).close()
                except psycopg.Error as exc:
                    raise self._unreachable(exc) from None
                pool: ConnectionPool[psycopg.Connection[Any]] = ConnectionPool(
                    self._conninfo, min_size=1, max_size=self._pool_size, open=False,
                    timeout=CONNECT_TIMEOUT_S, name="riskreg",
                    # a connection the server dropped (a restart) is replaced, not handed out
                    check=ConnectionPool.check_connection,
                )
                try:
                    pool.open(wait=True, timeout=CONNECT_TIMEOUT_S)
                except psycopg.Error as exc:
                    pool.close()
                    raise self._unreachable(exc) from None
                except Exception as exc:  # the pool's timeout: the server did not answer
                    pool.close()
                    raise self._unreachable(exc) from None
                self._pool = pool
            return self._pool

    @contextlib.contextmanager
    def _connection(self) -> Iterator[psycopg.Connection[Any]]:
        """A connection of the pool; server errors become riskreg errors."""
        try:
            with self._connections().connection() as conn:
                yield conn
        except psycopg.OperationalError as exc:
            raise self._unreachable(exc) from None
        except psycopg.errors.UndefinedTable:
            raise StorageError("error.server_no_schema", location=self.location) from None
        except psycopg.errors.InsufficientPrivilege as exc:
            raise AccessError(detail=_first_line(exc)) from None

    def _unreachable(self, exc: BaseException) -> StorageError:
        return StorageError("error.server_unreachable", location=self.location,
                            problem=_first_line(exc))

    def _register_id(self, conn: psycopg.Connection[Any]) -> int:
        if self._id is None:
            version = schema.schema_version(conn)
            if version == 0:
                raise RegisterNotFoundError(path=self.location)
            if version != schema.LATEST:
                raise SchemaVersionError("error.server_schema", location=self.location,
                                         found=version, supported=schema.LATEST)
            row = conn.execute("SELECT id FROM riskreg.registers WHERE name = %s",
                               (self.name,)).fetchone()
            if row is None:
                raise RegisterNotFoundError(path=self.location)
            self._id = int(row[0])
        return self._id

    # --- the contract -----------------------------------------------------------------
    def exists(self) -> bool:
        with self._connection() as conn:
            if schema.schema_version(conn) == 0:
                return False
            row = conn.execute("SELECT 1 FROM riskreg.registers WHERE name = %s",
                               (self.name,)).fetchone()
            return row is not None

    def create(
        self, header: Header, tables: Mapping[str, Mapping[str, Document]],
        history: Sequence[Document] = (), revision: int = 0,
    ) -> Version:
        """Make the register (with a copied register's history); a database without riskreg's
        schema gets it first (a database with an older schema must be upgraded by ``riskreg
        db upgrade``)."""
        with self._connection() as conn:
            conn.commit()
            version = schema.schema_version(conn)
            if version == 0:
                schema.upgrade(conn)
            elif version != schema.LATEST:
                raise SchemaVersionError("error.server_schema", location=self.location,
                                         found=version, supported=schema.LATEST)
            with conn.transaction(), _storable():
                try:
                    row = conn.execute(
                        "INSERT INTO riskreg.registers (name, title, created, matrix, "
                        "revision, changes) VALUES (%s, %s, %s, %s, %s, %s) RETURNING id",
                        (self.name, header.name, date.fromisoformat(header.created),
                         Jsonb(dict(header.matrix)), revision, last_seq(history)),
                    ).fetchone()
                except psycopg.errors.UniqueViolation:
                    raise RegisterExistsError(path=self.location) from None
                except psycopg.errors.CheckViolation:
                    raise ValidationError("error.server_register_name", name=self.name) from None
                assert row is not None
                register = int(row[0])
                writes = [Write(table, key, doc) for table, docs in tables.items()
                          for key, doc in docs.items()]
                # retired keys first: the trigger then refuses nothing (a copied register
                # holds no item under a retired key), and items before the links to them
                order = {RETIRED: 0, CATEGORIES: 1, ORGANISATIONS: 1, RISKS: 2, DECISIONS: 2}
                writes.sort(key=lambda w: order.get(w.table, 3))
                self._write(conn, register, revision, writes)
                _insert_history(conn, register, history)
            conn.commit()
        self._id = register
        return Version(revision, register)

    def load(self) -> Content:
        with self._connection() as conn, _snapshot(conn):
            register = self._register_id(conn)
            header, revision = self._header(conn, register)
            tables = self._read(conn, register)
        return Content(header=header, tables=tables, version=Version(revision, register))

    def header(self) -> Header:
        with self._connection() as conn:
            header, _revision = self._header(conn, self._register_id(conn))
            conn.rollback()
        return header

    def _header(self, conn: psycopg.Connection[Any], register: int) -> tuple[Header, int]:
        row = conn.execute(
            "SELECT title, created, matrix, revision FROM riskreg.registers WHERE id = %s",
            (register,),
        ).fetchone()
        if row is None:
            raise RegisterNotFoundError(path=self.location)
        title, created, matrix, revision = row
        return Header(name=str(title), created=created.isoformat(), matrix=matrix or {}), int(
            revision)

    def _read(
        self, conn: psycopg.Connection[Any], register: int,
        keys: Mapping[str, set[str]] | None = None,
    ) -> dict[str, dict[str, Document]]:
        """Every table's documents (with ``keys``: only those keys, as they are now; a key
        missing from the answer was removed, or is no longer one this login may read)."""

        def only(table: str, column: str = "key") -> sql.Composable:
            if keys is None:
                return sql.SQL("")
            return sql.SQL(" AND {} = ANY({})").format(sql.Identifier(column),
                                                        sorted(keys.get(table, ())))

        tables: dict[str, dict[str, Document]] = {RISKS: {}, DECISIONS: {}}
        if keys is None or keys.get(RISKS) or keys.get(DECISIONS):
            wanted = sorted({*keys.get(RISKS, ()), *keys.get(DECISIONS, ())}) if keys else None
            where = sql.SQL("") if wanted is None else sql.SQL(" AND key = ANY({})").format(
                wanted)
            query = sql.SQL("SELECT kind, key, doc FROM riskreg.items WHERE register = {}{} "
                            "ORDER BY key").format(register, where)
            for kind, key, doc in conn.execute(query):
                tables[RISKS if kind == "risk" else DECISIONS][key] = doc
        tables[LINKS] = {}
        if keys is None or keys.get(LINKS):
            where = sql.SQL("") if keys is None else sql.SQL(
                " AND source || '|' || relation || '|' || target = ANY({})"
            ).format(sorted(keys.get(LINKS, ())))
            query = sql.SQL("SELECT doc FROM riskreg.links WHERE register = {}{} "
                            "ORDER BY source, relation, target").format(register, where)
            tables[LINKS] = {link_key(doc): doc for (doc,) in conn.execute(query)}
        for table, sql_table in _DOCUMENTS.items():
            tables[table] = {}
            if keys is not None and not keys.get(table):
                continue
            query = sql.SQL("SELECT key, doc FROM riskreg.{} WHERE register = {}{} "
                            "ORDER BY pos").format(sql.Identifier(sql_table), register,
                                                   only(table))
            tables[table] = {key: doc for key, doc in conn.execute(query)}
        return tables

    def changed_since(self, version: Version) -> bool:
        with self._connection() as conn:
            row = conn.execute("SELECT revision FROM riskreg.registers WHERE id = %s",
                               (self._register_id(conn),)).fetchone()
            conn.rollback()
        return row is None or int(row[0]) != version.revision

    def changes_since(self, version: Version) -> Delta | None:
        with self._connection() as conn, _snapshot(conn):
            return self._changes(conn, version)

    def _changes(self, conn: psycopg.Connection[Any], version: Version) -> Delta | None:
        register = self._register_id(conn)
        row = conn.execute("SELECT revision FROM riskreg.registers WHERE id = %s",
                           (register,)).fetchone()
        if row is None:
            raise RegisterNotFoundError(path=self.location)
        now = Version(int(row[0]), register)
        if version.token != register or now.revision < version.revision:
            return None  # another register, or one made anew: read it whole
        if now.revision == version.revision:
            return Delta(now)
        changed: dict[str, set[str]] = {}
        for tbl, key in conn.execute(
            "SELECT DISTINCT tbl, key FROM riskreg.changes WHERE register = %s AND revision > %s",
            (register, version.revision),
        ):
            changed.setdefault(tbl, set()).add(key)
        written = self._read(conn, register, changed)
        removed = {
            tbl: frozenset(keys - written.get(tbl, {}).keys())
            for tbl, keys in changed.items()
        }
        return Delta(now, {t: d for t, d in written.items() if d},
                     {t: k for t, k in removed.items() if k})

    def find(self, table: str, **equal: str) -> dict[str, Document]:
        with self._connection() as conn:
            register = self._register_id(conn)
            if table in _ITEMS:
                where = [sql.SQL("register = {}").format(register),
                         sql.SQL("kind = {}").format(_ITEMS[table])]
                for field, value in equal.items():
                    # doc->>field for the indexes (area, status, validity...), and a string
                    # there, as the file store compares: the number 1 is not the text "1"
                    where.append(sql.SQL("doc->>{} = {} AND jsonb_typeof(doc->{}) = 'string'")
                                 .format(sql.Literal(field), value, sql.Literal(field)))
                query = sql.SQL("SELECT key, doc FROM riskreg.items WHERE {} ORDER BY key").format(
                    sql.SQL(" AND ").join(where))
                found = {key: doc for key, doc in conn.execute(query)}
            elif table in _DOCUMENTS:  # that table alone
                query = sql.SQL("SELECT key, doc FROM riskreg.{} WHERE register = {} "
                                "ORDER BY pos").format(sql.Identifier(_DOCUMENTS[table]),
                                                       register)
                found = {key: doc for key, doc in conn.execute(query)
                         if all(doc.get(f) == v for f, v in equal.items())}
            else:
                found = {k: d for k, d in self._read(conn, register)[table].items()
                         if all(d.get(f) == v for f, v in equal.items())}
            conn.rollback()
        return found

    def get(self, table: str, key: str) -> Document | None:
        with self._connection() as conn:
            register = self._register_id(conn)
            if table in _ITEMS:
                row = conn.execute(
                    "SELECT doc FROM riskreg.items WHERE register = %s AND key = %s AND kind = %s",
                    (register, key, _ITEMS[table]),
                ).fetchone()
            elif table == LINKS:
                source, relation, target = key.split("|")
                row = conn.execute(
                    "SELECT doc FROM riskreg.links WHERE register = %s AND source = %s "
                    "AND relation = %s AND target = %s", (register, source, relation, target),
                ).fetchone()
            else:
                row = conn.execute(
                    sql.SQL("SELECT doc FROM riskreg.{} WHERE register = %s AND key = %s")
                    .format(sql.Identifier(_DOCUMENTS[table])), (register, key),
                ).fetchone()
            conn.rollback()
        return None if row is None else dict(row[0])

    @contextlib.contextmanager
    def transaction(self) -> Iterator[_ServerTransaction]:
        """The register's lock (pg_advisory_xact_lock), held until the commit or, without
        one, the end of the block (see Store.transaction)."""
        with self._connection() as conn:
            conn.rollback()
            register = self._register_id(conn)
            conn.execute("SELECT pg_advisory_xact_lock(%s, %s)", (schema.LOCK_CLASS, register))
            tx = _ServerTransaction(self, conn, register)
            try:
                yield tx
            finally:
                if not tx.committed:
                    conn.rollback()

    def history(self, key: str | None = None) -> list[Document]:
        query = ("SELECT revision, seq, at, \"user\", action, key, why, before, after "
                 "FROM riskreg.history WHERE register = %s")
        params: list[Any] = []
        if key is not None:
            query += (" AND (key = %s OR key LIKE %s OR key LIKE %s OR key LIKE %s)")
            like = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            params = [key, f"{like}|%", f"%|{like}", f"%|{like}|%"]
        with self._connection() as conn:
            rows = conn.execute(query + " ORDER BY seq",
                                [self._register_id(conn), *params]).fetchall()
            conn.rollback()
        entries = [
            {"rev": int(rev), "seq": int(seq),
             "at": at.astimezone(UTC).isoformat(timespec="seconds"),
             "user": user, "action": action, "key": k, "why": why, "before": before,
             "after": after}
            for rev, seq, at, user, action, k, why, before, after in rows
        ]
        if key is None:
            return entries
        return [e for e in entries if e["key"] == key or key in str(e["key"]).split("|")]

    def wait_for_change(self, version: Version, timeout: float) -> bool:
        """Wait up to ``timeout`` seconds for a commit after ``version`` (LISTEN on a
        connection of its own); whether one came. A dropped connection is made again."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                listener = self._listen()  # listening before looking: no commit falls between
            except StorageError:
                listener = None
            if self.changed_since(version):
                return True
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            if listener is None:
                time.sleep(min(0.2, remaining))
                continue
            try:
                for note in listener.notifies(timeout=remaining, stop_after=1):
                    if note.payload.split(":")[0] == str(self._id):
                        break
            except psycopg.OperationalError:
                self._drop_listener()
                time.sleep(min(0.2, max(0.0, deadline - time.monotonic())))

    def _listen(self) -> psycopg.Connection[Any]:
        if self._listener is None or self._listener.closed:
            try:
                conn = psycopg.connect(self._conninfo, autocommit=True)
            except psycopg.Error as exc:
                raise self._unreachable(exc) from None
            conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(CHANNEL)))
            self._listener = conn
        return self._listener

    def _drop_listener(self) -> None:
        if self._listener is not None:
            with contextlib.suppress(Exception):
                self._listener.close()
            self._listener = None

    def close(self) -> None:
        self._drop_listener()
        with self._pool_lock:
            if self._pool is not None:
                self._pool.close()
                self._pool = None

    def discard(self) -> None:
        with self._connection() as conn:
            if schema.schema_version(conn):
                conn.execute("DELETE FROM riskreg.registers WHERE name = %s", (self.name,))
            conn.commit()
        self._id = None
        self.close()

    def damaged(self, problem: Any) -> CorruptRegisterError:
        return CorruptRegisterError(path=self.location, problem=problem, backup="—")

    def identity(self) -> str | None:
        """The person behind the login (their name), else the login itself."""
        with self._connection() as conn:
            row = conn.execute(
                "SELECT coalesce((SELECT doc->>'name' FROM riskreg.people WHERE register = %s "
                "AND key = session_user::text), session_user::text)",
                (self._register_id(conn),),
            ).fetchone()
            conn.rollback()
        return None if row is None else str(row[0])

    def current_login(self) -> str | None:
        """The login role this store is connected as (``session_user``): the key of the
        register's ``people`` row that is the person working (:attr:`Register.me`)."""
        with self._connection() as conn:
            row = conn.execute("SELECT session_user::text").fetchone()
            conn.rollback()
        return None if row is None else str(row[0])

    def highest_key(self, prefix: str) -> int | None:
        with self._connection() as conn:
            row = conn.execute("SELECT riskreg.highest_key(%s, %s)",
                               (self._register_id(conn), prefix)).fetchone()
            conn.rollback()
        return int(row[0]) if row and row[0] is not None else 0

    def own_history(self) -> list[Document] | None:
        """The login's own history entries, whether or not it may read their items now
        (``riskreg.own_history``): revision, seq, user, action, key, why; no documents."""
        with self._connection() as conn:
            rows = conn.execute("SELECT * FROM riskreg.own_history(%s)",
                                (self._register_id(conn),)).fetchall()
            conn.rollback()
        return [{"rev": int(rev), "seq": int(seq), "user": user, "action": action, "key": key,
                 "why": why} for rev, seq, user, action, key, why in rows]

    def seen(self) -> int | None:
        """The login's own mark (row-level security: each login reads and writes its own row
        of ``riskreg.seen``)."""
        with self._connection() as conn:
            row = conn.execute(
                "SELECT revision FROM riskreg.seen WHERE register = %s "
                "AND login = session_user::text", (self._register_id(conn),)).fetchone()
            conn.rollback()
        return None if row is None else int(row[0])

    def mark_seen(self, revision: int) -> None:
        with self._connection() as conn:
            conn.execute(
                "INSERT INTO riskreg.seen (register, login, revision) "
                "VALUES (%s, session_user::text, %s) ON CONFLICT (register, login) "
                "DO UPDATE SET revision = greatest(riskreg.seen.revision, EXCLUDED.revision)",
                (self._register_id(conn), int(revision)))
            conn.commit()

    # --- writing ----------------------------------------------------------------------
    def _write(self, conn: psycopg.Connection[Any], register: int, revision: int,
               writes: Sequence[Write]) -> None:
        """Apply ``writes`` as of ``revision`` (inside the caller's transaction)."""
        for write in writes:
            try:
                self._write_one(conn, register, revision, write)
            except psycopg.errors.UniqueViolation as exc:
                if _hint(exc) == "riskreg:key_retired":
                    raise DuplicateKeyError("error.key_retired", key=write.key) from None
                raise DuplicateKeyError(key=write.key) from None
            except psycopg.errors.ForeignKeyViolation:
                raise LinkError("error.linked_item", key=write.key,
                                links="(" + write.key + ")") from None
            except psycopg.errors.CheckViolation as exc:
                if _hint(exc) == "riskreg:cycle":
                    raise LinkError("error.link_cycle", cycle=write.key) from None
                raise ValidationError("error.invalid", detail=_first_line(exc)) from None
            except psycopg.errors.InsufficientPrivilege as exc:
                raise AccessError(detail=f"{write.key}: {_first_line(exc)}") from None

    def _write_one(self, conn: psycopg.Connection[Any], register: int, revision: int,
                   write: Write) -> None:
        table, key, doc = write.table, write.key, write.doc
        if table in _ITEMS:
            if doc is None:
                cur = conn.execute(
                    "DELETE FROM riskreg.items WHERE register = %s AND key = %s"
                    + ("" if write.base is None else " AND revision = %s"),
                    (register, key) + (() if write.base is None else (write.base,)),
                )
                if cur.rowcount == 0 and write.base is not None:
                    raise ConflictError(key=key)
            elif write.base is None:
                conn.execute(
                    "INSERT INTO riskreg.items (register, key, kind, doc, revision, changed_in) "
                    "VALUES (%s, %s, %s, %s, %s, %s)",
                    (register, key, _ITEMS[table], Jsonb(doc), int(doc.get("revision", 0)),
                     revision),
                )
            else:
                cur = conn.execute(
                    "UPDATE riskreg.items SET doc = %s, revision = %s, changed_in = %s "
                    "WHERE register = %s AND key = %s AND revision = %s",
                    (Jsonb(doc), int(doc.get("revision", 0)), revision, register, key,
                     write.base),
                )
                if cur.rowcount == 0:
                    raise ConflictError(key=key)
        elif table == LINKS:
            source, relation, target = key.split("|")
            if doc is None:
                conn.execute("DELETE FROM riskreg.links WHERE register = %s AND source = %s "
                             "AND relation = %s AND target = %s",
                             (register, source, relation, target))
            else:
                conn.execute(
                    "INSERT INTO riskreg.links (register, source, relation, target, doc, "
                    "changed_in) VALUES (%s, %s, %s, %s, %s, %s) "
                    "ON CONFLICT (register, source, relation, target) "
                    "DO UPDATE SET doc = EXCLUDED.doc, changed_in = EXCLUDED.changed_in",
                    (register, source, relation, target, Jsonb(doc), revision),
                )
        else:
            name = sql.Identifier(_DOCUMENTS[table])
            if doc is None:
                conn.execute(sql.SQL("DELETE FROM riskreg.{} WHERE register = %s AND key = %s")
                             .format(name), (register, key))
            else:
                conn.execute(
                    sql.SQL("INSERT INTO riskreg.{} (register, key, doc, changed_in) "
                            "VALUES (%s, %s, %s, %s) ON CONFLICT (register, key) "
                            "DO UPDATE SET doc = EXCLUDED.doc, changed_in = EXCLUDED.changed_in")
                    .format(name), (register, key, Jsonb(doc), revision),
                )


class _ServerTransaction:
    """One write transaction on the register's own connection, under its lock."""

    def __init__(self, store: ServerStore, conn: psycopg.Connection[Any], register: int) -> None:
        self._store = store
        self._conn = conn
        self._register = register
        self.committed = False

    def changes_since(self, version: Version) -> Delta | None:
        return self._store._changes(self._conn, version)

    def load(self) -> Content:
        row = self._conn.execute(
            "SELECT title, created, matrix, revision FROM riskreg.registers WHERE id = %s",
            (self._register,),
        ).fetchone()
        if row is None:
            raise RegisterNotFoundError(path=self._store.location)
        title, created, matrix, revision = row
        tables = self._store._read(self._conn, self._register)
        header = Header(name=str(title), created=created.isoformat(), matrix=matrix or {})
        return Content(header=header, tables=tables,
                       version=Version(int(revision), self._register))

    def commit(self, writes: Sequence[Write], entries: Sequence[Entry]) -> Version:
        if self.committed:  # the lock went with the first commit
            raise RuntimeError("a transaction commits once")
        conn = self._conn
        row = conn.execute(
            "UPDATE riskreg.registers SET revision = revision + 1, changes = changes + %s "
            "WHERE id = %s RETURNING revision, changes", (len(entries), self._register),
        ).fetchone()
        if row is None:  # row-level security: this login may read the register, not change it
            raise AccessError(detail=self._store.location)
        revision, changes = int(row[0]), int(row[1])
        first = changes - len(entries) + 1
        with _storable():
            self._store._write(conn, self._register, revision, writes)
            _insert_history(conn, self._register, [
                {"seq": first + n, "rev": revision, "at": e.at, "user": e.user,
                 "action": e.action, "key": e.key, "why": e.why, "before": e.before,
                 "after": e.after}
                for n, e in enumerate(entries)
            ])
        conn.execute("SELECT pg_notify(%s, %s)", (CHANNEL, f"{self._register}:{revision}"))
        try:
            conn.commit()
        except psycopg.OperationalError as exc:
            raise StorageError("error.server_commit_unknown", location=self._store.location,
                               problem=_first_line(exc)) from None
        self.committed = True
        return Version(revision, self._register)


def _insert_history(
    conn: psycopg.Connection[Any], register: int, entries: Sequence[Document]
) -> None:
    """Append history rows (as :meth:`ServerStore.history` gives them)."""
    if not entries:
        return
    with conn.cursor() as cur:
        cur.executemany(
            "INSERT INTO riskreg.history (register, seq, revision, at, \"user\", action, key, "
            "why, before, after) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            [(register, int(e["seq"]), int(e["rev"]), e["at"], str(e["user"]),
              str(e["action"]), str(e["key"]), str(e.get("why", "")),
              None if e.get("before") is None else Jsonb(e["before"]),
              None if e.get("after") is None else Jsonb(e["after"]))
             for e in entries],
        )


#: SQLSTATEs of text the database cannot take (psycopg's own refusal of a NUL has none)
_BAD_TEXT = {None, "22P02", "22021", "22P05", "22025"}


@contextlib.contextmanager
def _storable() -> Iterator[None]:
    """A value the database cannot store is refused as the file store refuses it: a
    ValidationError (a lone surrogate from invalid UTF-8, a NUL), nothing written."""
    try:
        yield
    except UnicodeEncodeError:
        raise ValidationError("error.invalid",
                              detail="text with invalid characters cannot be saved") from None
    except psycopg.DataError as exc:
        detail = ("text with invalid characters cannot be saved" if exc.sqlstate in _BAD_TEXT
                  else f"cannot be saved: {_first_line(exc)}")
        raise ValidationError("error.invalid", detail=detail) from None


@contextlib.contextmanager
def _snapshot(conn: psycopg.Connection[Any]) -> Iterator[None]:
    """A read-only transaction that sees one committed state throughout."""
    conn.rollback()
    conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
    conn.read_only = True
    try:
        with conn.transaction():
            yield
    finally:
        conn.rollback()
        conn.isolation_level = None
        conn.read_only = None


def _hint(exc: psycopg.Error) -> str:
    return (exc.diag.message_hint or "") if exc.diag else ""


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:200]


__all__ = ["DEFAULT_REGISTER", "ServerStore", "split_url"]
