"""Registers in either store, for the contract suite: where to make one, and what "nothing was
written" means for each.

A test that states a promise of the storage contract takes the ``location`` fixture (or
``locations``, for more than one register) and runs once per store: ``[file]`` with a
register file in the test's folder, ``[postgresql]`` with a register of its own in a database
the test process shares with the other contract tests (registers live side by side in one
database, so a test needs no database of its own; see conftest.py). Tests of what only one
store has (a file's atomic replace, backups, injected OS faults; the server's schema) stay
with that store.

:func:`fingerprint` is everything a store holds of one register, as stored: a file's bytes
with the history it acknowledges, or every row of the register in every table of the server, so
``with unchanged(location): ...`` says "nothing was written" to either.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import pytest

from riskreg.storage import is_url

FILE, SERVER = "file", "postgresql"
STORES = (FILE, SERVER)

#: every table of the server schema that holds a register's rows (tests/test_storage_contract.py
#: checks this list against the schema, so a new table cannot be left out)
SERVER_TABLES = ("items", "links", "categories", "organisations", "editions", "snapshots",
                 "retired_keys", "people", "notes", "seen", "changes", "history", "contacts",
                 "deliveries")


def params() -> list[Any]:
    """The store parameters: the server's carries the ``postgres`` marker."""
    return [pytest.param(FILE, id=FILE),
            pytest.param(SERVER, id=SERVER, marks=pytest.mark.postgres)]


def with_register(url: str, name: str) -> str:
    """``url`` (a database) with ``register=name`` (replacing any register named there)."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "register"]
    query.append(("register", name))
    return urlunsplit(parts._replace(query=urlencode(query, safe="/")))


def split_name(url: str) -> str:
    """The register's name in a server URL."""
    from riskreg.server.store import split_url

    return split_url(url)[1]


def database_url(url: str) -> str:
    """The database of a register's URL, for psycopg (without ``register=``)."""
    from riskreg.server.store import split_url

    return split_url(url)[0]


_SERVER_NAMES = itertools.count(1)  # register names, unique in the process's shared database


class Locations:
    """New register locations of one kind: files in ``folder``, or registers in ``database``."""

    def __init__(self, kind: str, folder: Path, database: str | None = None) -> None:
        self.kind = kind
        self.folder = folder
        self.database = database
        self._n = 0

    def new(self) -> str:
        """Where a new register can be made (nothing is there yet)."""
        self._n += 1
        if self.kind == FILE:
            name = "riskreg.json" if self._n == 1 else f"riskreg-{self._n}.json"
            return str(self.folder / name)
        assert self.database is not None
        return with_register(self.database, f"t{os.getpid()}-{next(_SERVER_NAMES)}")


def fingerprint(location: str | os.PathLike[str]) -> Any:
    """Everything stored of the register at ``location`` (None when there is none)."""
    if is_url(location):
        return _server_rows(str(location))
    path = Path(os.path.realpath(location))
    if not path.exists():
        return None
    raw = path.read_bytes()
    history = path.with_name(path.name + ".history.jsonl")
    logged = history.read_bytes() if history.exists() else b""
    # the history the file acknowledges (a failed save may leave a tail nobody reads)
    with contextlib.suppress(ValueError, KeyError, TypeError):
        logged = logged[: json.loads(raw)["_meta"]["1"]["history_bytes"]]
    return raw, logged


_CONNECTIONS: dict[str, Any] = {}  # database URL -> a connection kept for fingerprints


def _server_rows(url: str) -> Any:
    """The register's row and, per table, its rows as canonical JSON text (jsonb sorts keys),
    in one round trip on a connection kept for the purpose."""
    import psycopg

    from riskreg.server.store import split_url

    conninfo, name, _ = split_url(url)
    columns = ", ".join(
        f"(SELECT coalesce(array_agg(to_jsonb(t)::text ORDER BY to_jsonb(t)::text), '{{}}') "
        f"FROM riskreg.{table} t WHERE t.register = r.id)"
        for table in SERVER_TABLES
    )
    query = f"SELECT to_jsonb(r)::text, {columns} FROM riskreg.registers r WHERE r.name = %s"
    for attempt in (1, 2):
        conn = _CONNECTIONS.get(conninfo)
        if conn is None or conn.closed:
            conn = _CONNECTIONS[conninfo] = psycopg.connect(conninfo, autocommit=True)
        try:
            row = conn.execute(query, (name,)).fetchone()
        except psycopg.errors.UndefinedTable:
            return None  # no riskreg schema in the database: no register
        except psycopg.OperationalError:  # the server ended it (a database dropped, a restart)
            conn.close()
            if attempt == 2:
                raise
            continue
        return None if row is None else tuple(row)
    raise AssertionError("unreachable")


@contextlib.contextmanager
def unchanged(location: str | os.PathLike[str]) -> Iterator[None]:
    """Assert that nothing in the block writes to the register at ``location`` (also when the
    block raises, which is when it matters: a refused change)."""
    before = fingerprint(location)
    try:
        yield
    finally:
        after = fingerprint(location)
        assert after == before, f"the register at {location} was written"
