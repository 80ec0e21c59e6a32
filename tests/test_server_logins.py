"""Issue 10: a redaktör administers the people of their register, never the server's logins.

Login roles belong to the whole PostgreSQL server. A redaktör of one register could make any
existing role a person (``riskreg.put_person``), set its password (``riskreg.set_password``)
and remove the person again, leaving another application's login, ``riskreg_owner``, or a
person of another register in their hands. Tried here with raw SQL as the redaktör's login
(psql could do the same), through the library and the command line.

Logins are the server's, shared by every test database of the session: each test uses login
names of its own (``lg_…``), but for the registers' people added by the administrator.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import psycopg
import pytest
from click.testing import CliRunner

import riskreg
from riskreg.cli import cli
from riskreg.errors import AccessError
from riskreg.server import logins_sql, schema
from riskreg.server.admin import people, put_person, upgrade_schema
from riskreg.server.local import LocalServer
from riskreg.server.store import split_url

PERSON = '{"name": "x", "organisation": "VGR", "role": "lasare"}'


@pytest.fixture
def database(pg_server: LocalServer) -> Iterator[str]:
    """A database with two registers, ``delad`` (redaktör: anna) and ``annan`` (redaktör:
    bo); the administrator's URL of ``delad``."""
    url = pg_server.create_database()
    for name, editor in (("delad", "anna"), ("annan", "bo")):
        location = f"{url}&register={name}"
        with riskreg.Register.create(location, name=name, user="admin"):
            pass
        put_person(location, editor, editor.title(), "VGR", "redaktor")
    yield f"{url}&register=delad"


def as_login(url: str, login: str) -> str:
    return url.replace("postgresql://postgres@", f"postgresql://{quote(login)}@")


def other_register(url: str) -> str:
    return url.replace("register=delad", "register=annan")


def connect(url: str, login: str = "postgres") -> psycopg.Connection[Any]:
    return psycopg.connect(split_url(as_login(url, login))[0], autocommit=True)


def password(url: str, login: str) -> str | None:
    """The login's stored password (verifier), read by the superuser."""
    with connect(url) as conn:
        row = conn.execute("SELECT rolpassword FROM pg_authid WHERE rolname = %s",
                           (login,)).fetchone()
    assert row is not None, f"no role {login}"
    return None if row[0] is None else str(row[0])


def is_member_of_riskreg_user(url: str, login: str) -> bool:
    with connect(url) as conn:
        row = conn.execute("SELECT pg_has_role(%s, 'riskreg_user', 'MEMBER')",
                           (login,)).fetchone()
    return bool(row and row[0])


def refused(conn: psycopg.Connection[Any], query: str, *args: Any) -> str:
    """The server refuses ``query`` as an access refusal; its message."""
    with pytest.raises(psycopg.errors.InsufficientPrivilege) as caught:
        conn.execute(query, args)
    assert caught.value.diag.message_hint == "riskreg:access"
    return str(caught.value.diag.message_primary)


def in_register(url: str, register: str, login: str) -> bool:
    with connect(url) as conn:
        row = conn.execute(
            "SELECT 1 FROM riskreg.people p JOIN riskreg.registers r ON r.id = p.register "
            "WHERE r.name = %s AND p.key = %s", (register, login)).fetchone()
    return row is not None


def test_a_redaktor_cannot_take_over_a_login_riskreg_did_not_make(database: str) -> None:
    with connect(database) as conn:
        conn.execute("CREATE ROLE lg_otherapp LOGIN PASSWORD 'orig'")
    before = password(database, "lg_otherapp")
    with connect(database, "anna") as anna:
        refused(anna, "SELECT riskreg.put_person('delad', 'lg_otherapp', %s)", PERSON)
        refused(anna, "SELECT riskreg.set_password('lg_otherapp', 'hijacked')")
        # a person row written by hand (the redaktör's own register) does not make it theirs
        anna.execute("INSERT INTO riskreg.people (register, key, doc, changed_in) "
                     "SELECT id, 'lg_otherapp', %s, 0 FROM riskreg.registers "
                     "WHERE name = 'delad'", (PERSON,))
        refused(anna, "SELECT riskreg.set_password('lg_otherapp', 'hijacked')")
        anna.execute("SELECT riskreg.put_person('delad', 'lg_otherapp', %s)", (PERSON,))
        refused(anna, "SELECT riskreg.set_password('lg_otherapp', 'hijacked')")
    assert password(database, "lg_otherapp") == before
    assert not is_member_of_riskreg_user(database, "lg_otherapp")


def test_riskreg_owner_an_administrator_and_a_superuser_are_nobodys_person(
        database: str) -> None:
    with connect(database) as conn:
        conn.execute("CREATE ROLE lg_dba LOGIN PASSWORD 'orig'")
        conn.execute("GRANT riskreg_owner TO lg_dba")
    before = {login: password(database, login) for login in ("riskreg_owner", "lg_dba",
                                                             "postgres")}
    with connect(database, "anna") as anna:
        for login in before:
            refused(anna, "SELECT riskreg.put_person('delad', %s, %s)", login, PERSON)
            refused(anna, "SELECT riskreg.set_password(%s, 'hijacked')", login)
        refused(anna, "SELECT riskreg.put_person('delad', 'RiskReg_Owner', %s)", PERSON)
    with connect(database) as admin:  # not even an administrator makes them people
        for login in before:
            refused(admin, "SELECT riskreg.put_person('delad', %s, %s)", login, PERSON)
        refused(admin, "SELECT riskreg.set_password('riskreg_owner', 'x')")
        refused(admin, "SELECT riskreg.put_person('delad', 'riskreg_x', %s)", PERSON)
    assert {login: password(database, login) for login in before} == before
    assert not any(in_register(database, "delad", login) for login in before)
    with pytest.raises(AccessError) as caught:
        put_person(as_login(database, "anna"), "riskreg_owner", "Ägaren", "VGR", "lasare")
    assert "riskreg_owner" in caught.value.message("en")


def test_a_redaktor_cannot_reset_the_password_of_a_person_of_another_register(
        database: str) -> None:
    # bo, redaktör of the other register, adds a person there with a password
    put_person(as_login(other_register(database), "bo"), "lg_karin", "Karin", "VGR",
               "lasare", password="karins")
    before = password(database, "lg_karin")
    with connect(database, "anna") as anna:
        refused(anna, "SELECT riskreg.set_password('lg_karin', 'hijacked')")
        # anna may make Karin a person of her register too (riskreg made the login) ...
        anna.execute("SELECT riskreg.put_person('delad', 'lg_karin', %s)", (PERSON,))
        # ... but not reset the password of someone also in a register she does not edit
        refused(anna, "SELECT riskreg.set_password('lg_karin', 'hijacked')")
        # nor remove her from the other register
        refused(anna, "SELECT riskreg.drop_person('annan', 'lg_karin')")
        assert anna.execute(
            "SELECT riskreg.drop_person('delad', 'lg_karin')").fetchone() == (True,)
    assert password(database, "lg_karin") == before
    assert in_register(database, "annan", "lg_karin")
    with pytest.raises(AccessError) as caught:
        put_person(as_login(database, "anna"), "lg_karin", "Karin", "VGR", "lasare",
                   password="hijacked")
    assert "lg_karin" in caught.value.message("en")
    assert password(database, "lg_karin") == before
    assert not in_register(database, "delad", "lg_karin")  # the refusal wrote nothing
    # an administrator may
    put_person(database, "lg_karin", "Karin", "VGR", "lasare", password="ny")
    assert password(database, "lg_karin") != before


def test_an_administrator_adopts_a_login_and_it_becomes_a_riskreg_login(
        database: str) -> None:
    """A role riskreg did not make becomes a person only by an administrator; from then on it
    is a riskreg login like those riskreg makes (a member of riskreg_user and nothing more),
    whose password the redaktör of every register it is a person of may set."""
    with connect(database) as conn:
        conn.execute("CREATE ROLE lg_peer LOGIN PASSWORD 'orig'")
    before = password(database, "lg_peer")
    put_person(database, "lg_peer", "Per Peer", "1487", "projektledare")
    assert is_member_of_riskreg_user(database, "lg_peer")
    anna = as_login(database, "anna")
    # anna changes the role of a person of her register, not the login's password
    put_person(anna, "lg_peer", "Per Peer", "1487", "lasare")
    assert ("lg_peer", "lasare") in {(p.login, p.role) for p in people(anna)}
    put_person(anna, "lg_peer", "Per Peer", "1487", "lasare", password="ny")
    assert password(database, "lg_peer") != before


def test_a_redaktor_adds_a_new_person_and_sets_their_password(database: str) -> None:
    anna = as_login(database, "anna")
    put_person(anna, "lg_nils", "Nils Ny", "1487", "projektledare", password="första")
    first = password(database, "lg_nils")
    assert first is not None and first.startswith("SCRAM-SHA-256$")
    put_person(anna, "lg_nils", "Nils Ny", "1487", "lasare", password="andra")
    assert password(database, "lg_nils") not in (None, first)
    # a new login of a register anna edits: she may add it to her other one, too
    with connect(database) as conn:
        conn.execute("INSERT INTO riskreg.people (register, key, doc, changed_in) "
                     "SELECT id, 'anna', '{\"login\": \"anna\", \"name\": \"Anna\", "
                     "\"organisation\": \"VGR\", \"role\": \"redaktor\"}', 0 "
                     "FROM riskreg.registers WHERE name = 'annan'")
    put_person(as_login(other_register(database), "anna"), "lg_nils", "Nils Ny", "1487",
               "lasare", password="tredje")
    assert in_register(database, "annan", "lg_nils")
    assert {p.login for p in people(anna)} >= {"anna", "lg_nils"}


def test_a_person_sets_their_own_password_only(database: str) -> None:
    anna = as_login(database, "anna")
    put_person(anna, "lg_lisa", "Lisa", "1487", "lasare")
    put_person(anna, "lg_olle", "Olle", "1487", "lasare", password="olles")
    olles = password(database, "lg_olle")
    with connect(database, "lg_lisa") as lisa:
        lisa.execute("SELECT riskreg.set_password('lg_lisa', 'SCRAM-SHA-256$4096:x')")
        refused(lisa, "SELECT riskreg.set_password('lg_olle', 'hijacked')")
    assert password(database, "lg_lisa") is not None
    assert password(database, "lg_olle") == olles


def test_the_command_line_says_a_refusal_in_one_line(database: str) -> None:
    with connect(database) as conn:
        conn.execute("CREATE ROLE lg_cli_app LOGIN")
    put_person(other_register(database), "lg_cli_shared", "Delad", "VGR", "lasare")
    put_person(database, "lg_cli_shared", "Delad", "VGR", "lasare")
    anna = as_login(database, "anna")
    for args, stdin in (
            (["user", "add", "lg_cli_app", "--name", "App", "--org", "VGR", "--role",
              "lasare"], None),
            (["user", "add", "riskreg_owner", "--name", "Ägare", "--org", "VGR", "--role",
              "lasare"], None),
            (["user", "role", "lg_cli_shared", "lasare", "--password-stdin"], "hemligt\n")):
        for lang in ("sv", "en"):
            result = CliRunner().invoke(cli, ["--db", anna, "--lang", lang, *args],
                                        input=stdin)
            assert result.exit_code == 2, result.output
            lines = result.output.strip().splitlines()
            assert len(lines) == 1 and args[2] in lines[0], result.output
            assert "Traceback" not in result.output
    assert not in_register(database, "delad", "lg_cli_app")


def test_an_upgraded_database_keeps_its_people_plain_logins_as_riskregs(pg_url: str) -> None:
    """Migration 9 on a database made by an earlier riskreg: the people's logins that are
    plain logins count as made by riskreg; a login with more is the administrator's."""
    with psycopg.connect(split_url(pg_url)[0], autocommit=True) as conn:
        before = schema.MIGRATIONS.index(logins_sql.V9)
        for n, migration in enumerate(schema.MIGRATIONS[:before]):
            conn.execute(migration.encode())
            if n:
                conn.execute("UPDATE riskreg.schema_version SET version = %s", (n + 1,))
        conn.execute("INSERT INTO riskreg.registers (name, title, created, matrix) "
                     "VALUES ('gammal', 'Gammal', current_date, '{}')")
        for login, role, attributes in (("lg_old_editor", "redaktor", ""),
                                         ("lg_old_plain", "lasare", ""),
                                         ("lg_old_maker", "lasare", " CREATEDB")):
            conn.execute(f"CREATE ROLE {login} LOGIN{attributes}")
            conn.execute(f"GRANT riskreg_user TO {login}")
            conn.execute("INSERT INTO riskreg.people (register, key, doc, changed_in) "
                         "SELECT id, %s, jsonb_build_object('login', %s::text, 'name', "
                         "%s::text, 'organisation', 'VGR', 'role', %s::text), 0 "
                         "FROM riskreg.registers", (login, login, login, role))
    assert upgrade_schema(pg_url) == (before, schema.LATEST)
    with connect(pg_url, "lg_old_editor") as editor:
        editor.execute("SELECT riskreg.set_password('lg_old_plain', 'x')")
        refused(editor, "SELECT riskreg.set_password('lg_old_maker', 'x')")
    assert password(pg_url, "lg_old_plain") is not None
    assert password(pg_url, "lg_old_maker") is None


def test_a_person_of_another_database_on_the_server_is_added_as_a_new_one(
        pg_server: LocalServer) -> None:
    """Logins belong to the server, registers to a database: a redaktör adds a person whose
    login a register in another database made (and sets the password) as if it were new,
    as ``riskreg user add`` did before."""
    first = pg_server.create_database() + "&register=forsta"
    second = pg_server.create_database() + "&register=andra"
    for url in (first, second):
        with riskreg.Register.create(url, name=url.rpartition("=")[2], user="admin"):
            pass
        put_person(url, "lg_red", "Red Aktör", "VGR", "redaktor")
    put_person(as_login(first, "lg_red"), "lg_twice", "Tu Gånger", "1487", "projektledare",
               password="ett")
    put_person(as_login(second, "lg_red"), "lg_twice", "Tu Gånger", "1487", "lasare",
               password="två")
    assert ("lg_twice", "lasare") in {(p.login, p.role) for p in people(as_login(second,
                                                                                   "lg_red"))}
