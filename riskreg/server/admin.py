"""Administration of a riskreg database: its schema version, upgrades, the registers in it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import attrs
import psycopg
import psycopg.types.json

from riskreg.errors import (
    AccessError,
    NotFoundError,
    SchemaVersionError,
    StorageError,
    ValidationError,
)
from riskreg.messages import N_
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


__all__ = ["ROLES", "PersonRow", "RegisterRow", "ServerStatus", "drop_person", "people",
           "put_person", "server_status", "upgrade_schema"]


# --- people -----------------------------------------------------------------------------------

ROLES = ("redaktor", "bedomare", "projektledare", "lasare")


@attrs.frozen
class PersonRow:
    """One person of a register: login, name, organisation code, role."""

    login: str
    name: str
    organisation: str
    role: str


def _person_doc(login: str, name: str, organisation: str, role: str) -> dict[str, Any]:
    """The person's document, checked as the register checks it (riskreg.model.Person)."""
    from riskreg.model import Person
    from riskreg.serialize import to_doc

    doc: dict[str, Any] = to_doc(Person(login=login, name=name, organisation=organisation,
                                        role=role))
    return doc


#: the server's refusals of a login (the detail its functions give, logins_sql) and what they say
_LOGIN_REFUSALS = {
    "riskreg:reserved_login": N_("error.access.reserved_login"),
    "riskreg:foreign_login": N_("error.access.foreign_login"),
    "riskreg:password": N_("error.access.password"),
}


@contextmanager
def _administering(url: str, login: str = "") -> Iterator[None]:
    """Server refusals of an administration call as riskreg errors (one line each)."""
    _conninfo, register, shown = split_url(url)
    try:
        yield
    except psycopg.errors.InsufficientPrivilege as exc:
        key = _LOGIN_REFUSALS.get(exc.diag.message_detail or "", N_("error.access.people"))
        raise AccessError(key, login=login) from None
    except psycopg.errors.NoDataFound:
        raise NotFoundError("error.server_no_register", name=register,
                            location=shown) from None
    except psycopg.errors.UndefinedFunction:
        raise SchemaVersionError("error.server_no_schema", location=shown) from None
    except psycopg.Error as exc:
        raise StorageError("error.server_denied", location=shown,
                           problem=str(exc).strip().splitlines()[0][:200]) from None


def _keep_an_editor(conn: psycopg.Connection[Any], register: str, login: str) -> None:
    """Refuse to leave a register without an editor: ``login`` may stop being one only while
    another person is (the register's people locked until the change commits)."""
    editors = [str(key) for (key,) in conn.execute(
        "SELECT p.key FROM riskreg.people p JOIN riskreg.registers r ON r.id = p.register "
        "WHERE r.name = %s AND p.doc->>'role' = 'redaktor' FOR UPDATE OF p", (register,))]
    if editors == [login]:
        raise ValidationError("error.last_editor", login=login)


def put_person(url: str, login: str, name: str, organisation: str, role: str,
               password: str | None = None) -> None:
    """Add a person to the register at ``url`` or change their name, organisation or role:
    their own login role on the server is made if it does not exist. Only a redaktör of the
    register (or an administrator) may (else :class:`AccessError`); a login that exists and
    that riskreg did not make in this database only an administrator makes a person, and no
    one an administrator's or riskreg's own role. A password, if given, is sent as a SCRAM
    verifier made by libpq, never as text; a redaktör sets it only for a login riskreg made
    that is in no register but the ones they edit."""
    _conninfo, register, _shown = split_url(url)
    doc = _person_doc(login, name, organisation, role)
    with _connect(url) as conn, _administering(url, login):
        if doc["role"] != "redaktor":
            _keep_an_editor(conn, register, login)
        conn.execute("SELECT riskreg.put_person(%s, %s, %s)",
                     (register, login, psycopg.types.json.Jsonb(doc)))
        if password is not None:
            verifier = conn.pgconn.encrypt_password(password.encode(), login.encode(),
                                                    b"scram-sha-256")
            conn.execute("SELECT riskreg.set_password(%s, %s)", (login, verifier.decode()))
        conn.commit()


def drop_person(url: str, login: str) -> bool:
    """Remove a person from the register (their login role stays: other registers may know
    it); whether they were there."""
    _conninfo, register, _shown = split_url(url)
    with _connect(url) as conn, _administering(url, login):
        _keep_an_editor(conn, register, login)
        row = conn.execute("SELECT riskreg.drop_person(%s, %s)", (register, login)).fetchone()
        conn.commit()
    return bool(row and row[0])


def people(url: str) -> list[PersonRow]:
    """The people of the register this login may see (a redaktör: everyone; others: self)."""
    _conninfo, register, _shown = split_url(url)
    with _connect(url) as conn, _administering(url):
        rows = conn.execute(
            "SELECT p.doc FROM riskreg.people p JOIN riskreg.registers r ON r.id = p.register "
            "WHERE r.name = %s ORDER BY p.key", (register,)).fetchall()
    return [PersonRow(d["login"], d.get("name", ""), d.get("organisation", ""), d["role"])
            for (d,) in rows]
