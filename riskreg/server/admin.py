"""Administration of a riskreg database: its schema version, upgrades, the registers in it."""

from __future__ import annotations

from typing import Any

import attrs
import psycopg

from riskreg.errors import SchemaVersionError, StorageError
from riskreg.server import schema
from riskreg.server.store import split_url


@attrs.frozen
class RegisterRow:
    """One register in a database."""

    name: str
    title: str
    revision: int
    items: int


@attrs.frozen
class ServerStatus:
    """A database's riskreg schema version, the version this riskreg reads, its registers."""

    schema: int
    supported: int
    registers: tuple[RegisterRow, ...]


def _connect(url: str) -> psycopg.Connection[tuple[Any, ...]]:
    conninfo, _name, shown = split_url(url)
    try:
        return psycopg.connect(conninfo)
    except psycopg.Error as exc:
        raise StorageError("error.server_unreachable", location=shown,
                           problem=str(exc).strip().splitlines()[0][:200]) from None


def upgrade_schema(url: str) -> tuple[int, int]:
    """Apply the migrations the database at ``url`` lacks; (version before, version after).

    A database with a newer schema than this riskreg knows is refused (SchemaVersionError).
    """
    _conninfo, _name, shown = split_url(url)
    with _connect(url) as conn:
        found = schema.schema_version(conn)
        conn.rollback()
        if found > schema.LATEST:
            raise SchemaVersionError("error.server_schema", location=shown, found=found,
                                     supported=schema.LATEST)
        return schema.upgrade(conn)


def server_status(url: str) -> ServerStatus:
    """The schema version of the database at ``url`` and the registers in it."""
    with _connect(url) as conn:
        version = schema.schema_version(conn)
        rows: list[RegisterRow] = []
        if version:
            for name, title, revision, items in conn.execute(
                "SELECT r.name, r.title, r.revision, "
                "(SELECT count(*) FROM riskreg.items i WHERE i.register = r.id) "
                "FROM riskreg.registers r ORDER BY r.name"
            ):
                rows.append(RegisterRow(str(name), str(title), int(revision), int(items)))
        return ServerStatus(version, schema.LATEST, tuple(rows))


__all__ = ["RegisterRow", "ServerStatus", "server_status", "upgrade_schema"]
