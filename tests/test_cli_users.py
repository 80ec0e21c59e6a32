"""``riskreg user add/list/role/remove``: the people of a register on a real server, kept by a
redaktör through the command line; everyone else is refused by the server in one line."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import psycopg
import pytest
from click.testing import CliRunner, Result

import riskreg
from riskreg.cli import cli
from riskreg.server.local import LocalServer
from riskreg.server.store import split_url


@pytest.fixture
def admin_url(pg_server: LocalServer) -> Iterator[str]:
    """A small register on its own database of the session's server: the administrator's URL."""
    url = pg_server.create_database() + "&register=delad"
    with riskreg.Register.create(url, name="Delat register", user="admin"):
        pass
    yield url


def as_login(url: str, login: str) -> str:
    return url.replace("postgresql://postgres@", f"postgresql://{quote(login)}@")


def run(url: str, *args: str, lang: str = "sv", stdin: str | None = None) -> Result:
    return CliRunner().invoke(cli, ["--db", url, "--lang", lang, *args], input=stdin)


def listed(url: str) -> list[dict[str, Any]]:
    result = run(url, "user", "list", "--json")
    assert result.exit_code == 0, result.output
    people: list[dict[str, Any]] = json.loads(result.output)["people"]
    return people


# A redaktör makes only new logins (or ones riskreg made in this database), and the logins of
# the session's server outlive each test's database: the logins a redaktör adds here are
# named for this file alone.


def add(url: str, login: str, name: str, org: str, role: str) -> Result:
    return run(url, "user", "add", login, "--name", name, "--org", org, "--role", role)


def test_a_redaktor_adds_people_who_then_work_as_themselves(admin_url: str) -> None:
    first = add(admin_url, "anna", "Anna Andersson", "VGR", "redaktor")
    assert first.exit_code == 0, first.output
    assert "anna" in first.output and "redaktör" in first.output
    anna = as_login(admin_url, "anna")
    # the redaktör adds a project lead by the municipality's name; the code is kept
    second = add(anna, "cli_pl_vbg", "Per Persson", "Vänersborg", "projektledare")
    assert second.exit_code == 0, second.output
    assert "Vänersborg" in second.output
    assert listed(anna) == [
        {"login": "anna", "name": "Anna Andersson", "organisation": "VGR", "role": "redaktor"},
        {"login": "cli_pl_vbg", "name": "Per Persson", "organisation": "1487",
         "role": "projektledare"},
    ]
    # the project lead sees only themselves, and the register knows who they are
    assert [p["login"] for p in listed(as_login(admin_url, "cli_pl_vbg"))] == ["cli_pl_vbg"]
    with riskreg.Register.open(as_login(admin_url, "cli_pl_vbg")) as reg:
        assert reg.me is not None and reg.me.organisation == "1487"
        assert reg.user == "Per Persson"
    table = run(anna, "user", "list", lang="en")
    assert table.exit_code == 0
    assert "project lead" in table.output and "Vänersborg (1487)" in table.output


def test_only_a_redaktor_changes_people_and_nothing_is_written_otherwise(
        admin_url: str) -> None:
    assert add(admin_url, "anna", "Anna Andersson", "VGR", "redaktor").exit_code == 0
    assert add(admin_url, "pl_vbg", "Per Persson", "1487", "projektledare").exit_code == 0
    before = listed(admin_url)
    lead = as_login(admin_url, "pl_vbg")
    for args in (["user", "add", "mallory", "--name", "M", "--org", "1487", "--role",
                  "redaktor"],
                 ["user", "role", "pl_vbg", "redaktor"],
                 ["user", "remove", "anna"]):
        refused = run(lead, *args)
        assert refused.exit_code == 2, (args, refused.output)
        lines = refused.output.strip().splitlines()
        assert len(lines) == 1 and "redaktör" in lines[0], refused.output
        assert "Traceback" not in refused.output
    assert listed(admin_url) == before
    with psycopg.connect(split_url(admin_url)[0]) as conn:
        assert conn.execute("SELECT 1 FROM pg_roles WHERE rolname = 'mallory'").fetchone() is None


def test_role_and_organisation_change_and_removal(admin_url: str) -> None:
    assert add(admin_url, "anna", "Anna Andersson", "VGR", "redaktor").exit_code == 0
    assert add(admin_url, "pl", "Per Persson", "1487", "projektledare").exit_code == 0
    anna = as_login(admin_url, "anna")
    moved = run(anna, "user", "role", "pl", "lasare", "--org", "Partille")
    assert moved.exit_code == 0, moved.output
    assert {"login": "pl", "name": "Per Persson", "organisation": "1402",
            "role": "lasare"} in listed(anna)
    removed = run(anna, "user", "remove", "pl")
    assert removed.exit_code == 0, removed.output
    assert [p["login"] for p in listed(anna)] == ["anna"]
    again = run(anna, "user", "remove", "pl")
    assert again.exit_code == 2 and "pl" in again.output
    # the login stays on the server (other registers may know it); this register is closed to it
    with pytest.raises(riskreg.RiskregError):
        riskreg.Register.open(as_login(admin_url, "pl")).close()


def test_the_last_redaktor_stays(admin_url: str) -> None:
    assert add(admin_url, "anna", "Anna Andersson", "VGR", "redaktor").exit_code == 0
    anna = as_login(admin_url, "anna")
    for args in (["user", "role", "anna", "lasare"], ["user", "remove", "anna"]):
        refused = run(anna, *args, lang="en")
        assert refused.exit_code == 2, refused.output
        assert "only editor" in refused.output
    assert listed(anna)[0]["role"] == "redaktor"
    assert add(anna, "cli_bo", "Bo Berg", "VGR", "redaktor").exit_code == 0
    assert run(anna, "user", "role", "anna", "lasare").exit_code == 0  # now there is another


def test_bad_input_is_one_line_and_writes_nothing(admin_url: str) -> None:
    assert add(admin_url, "anna", "Anna Andersson", "VGR", "redaktor").exit_code == 0
    before = listed(admin_url)
    cases = [
        ("anna", "Anna Igen", "VGR", "redaktor"),  # already there
        ("ny", "Ny Person", "Atlantis", "lasare"),  # no such organisation
        ("ny", "Ny Person", "1487", "kung"),  # no such role
        ("Ny Person; DROP", "Ny Person", "1487", "lasare"),  # not a login
        ("ny", "Ny\nPerson", "1487", "lasare"),  # a name is one line
    ]
    for login, name, org, role in cases:
        result = add(admin_url, login, name, org, role)
        assert result.exit_code == 2, (login, result.output)
        assert len(result.output.strip().splitlines()) == 1, result.output
        assert "Traceback" not in result.output
    assert listed(admin_url) == before


def test_a_register_file_has_no_people(tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    riskreg.Register.create(path, name="Fil").close()
    result = CliRunner().invoke(cli, ["--db", str(path), "--lang", "en", "user", "list"])
    assert result.exit_code == 2
    assert "file's permissions" in result.output and "postgresql://" in result.output


def test_a_password_goes_to_the_server_as_a_scram_verifier_only(admin_url: str) -> None:
    secret = "Hemligt-lösen-ÅÄÖ-42"
    result = run(admin_url, "user", "add", "anna", "--name", "Anna Andersson", "--org", "VGR",
                 "--role", "redaktor", "--password-stdin", stdin=secret + "\n")
    assert result.exit_code == 0, result.output
    assert secret not in result.output
    with psycopg.connect(split_url(admin_url)[0]) as conn:
        row = conn.execute("SELECT rolpassword FROM pg_authid WHERE rolname = 'anna'").fetchone()
    assert row is not None and row[0].startswith("SCRAM-SHA-256$")
    assert secret not in row[0]
