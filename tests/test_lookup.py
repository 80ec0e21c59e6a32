"""riskreg.lookup: one question asked of the store gets the register's answer.

``riskreg risk list --area X`` on a server asks for the area's rows only
(:class:`riskreg.lookup.Lookup`); what it lists must be what the register lists: the
same risks (for each person, those their role may read), the same computed fields, the
same errors. Tried on a real server with the example register's people, and on a file.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from click.testing import CliRunner

import riskreg
from riskreg.cli import cli
from riskreg.cli.core import State
from riskreg.cli.reading import Live, Queried
from riskreg.cli_output import risk_json
from riskreg.lookup import Lookup
from riskreg.server.local import LocalServer

PEOPLE = {
    "anna": ("Anna Redaktör", "VGR", "redaktor"),
    "pl_vbg": ("Per Projektledare", "1487", "projektledare"),
    "pl_par": ("Pia Projektledare", "1402", "projektledare"),
    "las": ("Lars Läsare", "1487", "lasare"),
}
TODAY = "2026-11-22"


@pytest.fixture(scope="module")
def server_register(pg_server: LocalServer) -> Iterator[str]:
    """The example register on a server with four people, one risk made internal and one
    scoped to Vänersborg; the admin URL."""
    from riskreg.server.admin import put_person

    admin = pg_server.create_database() + "&register=uppslag"
    with riskreg.build_example(admin, user="admin") as reg:
        keys = [r.key for r in reg.risks()]
        reg.update_risk(keys[0], visibility="internal", why="test")
        reg.update_risk(keys[1], scope=riskreg.Scope(riskreg.ScopeKind.MUNICIPALITIES,
                                                     ("1487",)), why="test")
    for login, (name, org, role) in PEOPLE.items():
        put_person(admin, login, name, org, role)
    yield admin


def _as(admin_url: str, login: str | None) -> str:
    if login is None:
        return admin_url
    return admin_url.replace("postgresql://postgres@", f"postgresql://{quote(login)}@")


def _criteria(reg: riskreg.Register) -> list[dict[str, object]]:
    areas = [c.key for c in reg.categories()]
    found: list[dict[str, object]] = [{}]
    found += [{"area": a} for a in areas]
    found += [{"status": s} for s in riskreg.RiskStatus]
    found += [{"area": areas[0], "status": riskreg.RiskStatus.TREATING}]
    return found


@pytest.mark.parametrize("login", [None, *sorted(PEOPLE)])
def test_the_lookup_lists_what_the_register_lists(server_register: str,
                                                   login: str | None) -> None:
    url = _as(server_register, login)
    with riskreg.Register.open(url) as reg, Lookup.open(url) as lookup:
        assert (lookup.me is None) == (login is None)
        if lookup.me is not None:
            assert lookup.me == reg.me
        for criteria in _criteria(reg):
            expected = reg.risks(**criteria)  # type: ignore[arg-type]
            got = lookup.risks(**criteria)  # type: ignore[arg-type]
            assert got == expected, (login, criteria)
            assert [risk_json(lookup, r) for r in got] == [risk_json(reg, r) for r in expected]


def test_the_lookup_refuses_what_the_register_refuses(server_register: str) -> None:
    with riskreg.Register.open(server_register) as reg, Lookup.open(server_register) as lookup:
        for bad in ({"area": "no-such-area"}, {"status": "no-such-status"}):
            with pytest.raises(riskreg.RiskregError) as expected:
                reg.risks(**bad)
            with pytest.raises(type(expected.value)) as got:
                lookup.risks(**bad)
            assert got.value.message("sv") == expected.value.message("sv")


def test_the_lookup_on_a_file_lists_what_the_register_lists(example_path: Path) -> None:
    with riskreg.Register.open(example_path) as reg, Lookup.open(example_path) as lookup:
        for criteria in _criteria(reg):
            assert lookup.risks(**criteria) == reg.risks(**criteria)  # type: ignore[arg-type]


def test_risk_list_on_a_server_answers_as_before(server_register: str,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """The command line's answers through the lookup equal those of the register (the source
    the command line used before), text and JSON, for a person and for the owner."""
    monkeypatch.setenv("RISKREG_TODAY", TODAY)
    monkeypatch.setenv("COLUMNS", "120")
    for login in (None, "pl_vbg"):
        url = _as(server_register, login)
        with riskreg.Register.open(url) as reg:
            areas = [c.key for c in reg.categories()]
        for argv in (["risk", "list", "--json"], ["risk", "list", "--area", areas[1], "--json"],
                     ["risk", "list", "--area", areas[1]],
                     ["risk", "list", "--status", "treating", "--json"],
                     ["risk", "list", "--area", "nowhere"],
                     ["risk", "list", "--area", areas[0], "--level", "hög", "--json"]):
            got = CliRunner().invoke(cli, ["--db", url, *argv])
            monkeypatch.setattr(Queried, "risks", lambda self, **kw: self.live.risks(**kw))
            before = CliRunner().invoke(cli, ["--db", url, *argv])
            monkeypatch.undo()
            monkeypatch.setenv("RISKREG_TODAY", TODAY)
            monkeypatch.setenv("COLUMNS", "120")
            assert (got.exit_code, got.stdout, got.stderr) == (
                before.exit_code, before.stdout, before.stderr), (login, argv)


def test_a_server_list_by_area_does_not_read_the_whole_register(server_register: str) -> None:
    """Only the area's rows come over: the decisions, links and other areas' risks are not
    read (the store's load is never called)."""
    program = f'''
import json, sys
from riskreg.server.store import ServerStore
def refuse(self):
    raise AssertionError("the whole register was read")
ServerStore.load = refuse
from riskreg.cli import main
sys.argv = ["riskreg", "--db", {server_register!r}, "risk", "list", "--area",
            sys.argv[1], "--json"]
main()
'''
    with riskreg.Register.open(server_register) as reg:
        area = reg.categories()[1].key
        expected = len(reg.risks(area=area))
    env = {**os.environ, "RISKREG_TODAY": TODAY}
    done = subprocess.run([sys.executable, "-c", program, area], capture_output=True, text=True,
                          env=env, check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["count"] == expected > 0


def test_the_live_and_queried_sources_agree_on_words(server_register: str) -> None:
    state = State(db=server_register, user=None, lang="sv")
    queried = Queried(state)
    try:
        with riskreg.Register.open(server_register) as reg:
            assert vars(queried.words) == vars(Live(reg).words)
    finally:
        queried.close()


def test_a_missing_server_register_is_the_same_one_line_error(server_register: str) -> None:
    missing = server_register.replace("register=uppslag", "register=finns-inte")
    by_lookup = CliRunner().invoke(cli, ["--db", missing, "risk", "list", "--area", "x"])
    by_register = CliRunner().invoke(cli, ["--db", missing, "risk", "list", "--level", "hög"])
    assert by_lookup.exit_code == by_register.exit_code == 2
    assert by_lookup.stderr == by_register.stderr
    assert by_lookup.stderr.count("\n") == 1 and "finns-inte" in by_lookup.stderr
