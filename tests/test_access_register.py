"""The access matrix through the Register API: a file register opened as a person
(``Register.open(path, person=...)``) applies their role's rules as a server register does.

Every row of ``tests/test_access_rules.py`` that the Register has an operation for runs here
as that operation on a fresh copy of one small register: allowed, it is written (and the
history names the person, by name, as a server records them); refused, it raises
AccessError (or NotFoundError for an item the person cannot read, as on the server, where
they would not see it) and the register's files are byte for byte as they were.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import strategies as s
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import fixed_today, new_register

import riskreg
from riskreg import (
    AccessError,
    Action,
    NotFoundError,
    Person,
    Rating,
    Register,
    Risk,
    Role,
    Scope,
    Visibility,
)
from riskreg.access import Operation
from riskreg.store import FileStore

PARTILLE, GOTEBORG, UDDEVALLA = "1402", "1480", "1485"
TODAY = date(2026, 11, 22)
GR = Scope.association("Göteborgsregionen")
ROLES = (Role.REDAKTOR, Role.BEDOMARE, Role.PROJEKTLEDARE, Role.LASARE)


def person(role: Role, organisation: str = PARTILLE) -> Person:
    return Person(f"{role}_{organisation}", f"{role} i {organisation}", organisation, role)


def build(path: Path) -> Path:
    """The register every row starts from (see the module doc of test_access_rules)."""
    reg = new_register(path, user="anna")
    with reg.batch(why="uppbyggnad"):
        reg.new_decision(key="KL-2022-01", decided_on="2022-03-01", title="Delat beslut",
                         validity="applies", scope=GR)
        reg.new_decision(key="KL-2022-02", decided_on="2022-03-01", title="Internt beslut",
                         visibility="internal", scope=GR)
        reg.new_decision(key="KL-2022-03", decided_on="2022-03-01", title="Uddevallas beslut",
                         scope=Scope.municipalities(UDDEVALLA))
        reg.new_risk(key="R-001", title="Delad risk", area="it", inherent=(2, 2), scope=GR,
                     actions=[Action("Partilles rutin", organisation=PARTILLE),
                              Action("Göteborgs rutin", organisation=GOTEBORG)])
        reg.new_risk(key="R-002", title="Uddevallas risk", area="it", inherent=(2, 2),
                     scope=Scope.municipalities(UDDEVALLA))
        reg.new_risk(key="R-003", title="Intern risk", area="it", inherent=(2, 2), scope=GR,
                     visibility="internal")
        reg.add_risk(Risk(key="R-004", title="Läkemedelslistan saknas vid utskrivning",
                          area="vard", inherent=Rating(3, 3), created=TODAY,
                          visibility=Visibility.SUBMITTED, submitted_by=PARTILLE,
                          reported_by=(PARTILLE,), scope=Scope.municipalities(PARTILLE)))
        reg.add_risk(Risk(key="R-005", title="Göteborgs inlämning", area="it",
                          inherent=Rating(2, 2), created=TODAY,
                          visibility=Visibility.SUBMITTED, submitted_by=GOTEBORG,
                          reported_by=(GOTEBORG,), scope=Scope.municipalities(GOTEBORG)))
        reg.new_risk(key="R-006", title="Risk att acceptera", area="it", inherent=(2, 2),
                     scope=GR)
        reg.link("R-001", "mitigated_by", "KL-2022-01")
    reg.propose_acceptance("R-006", "Låg sannolikhet under pausen", date(2027, 3, 31))
    reg.close()
    return path


@pytest.fixture(scope="module")
def _built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("access") / "riskreg.json")


@pytest.fixture
def path(_built: Path, tmp_path: Path) -> Path:
    target = tmp_path / "riskreg.json"
    for suffix in ("", ".history.jsonl"):
        shutil.copy2(_built.with_name(_built.name + suffix),
                     target.with_name(target.name + suffix))
    return target


def open_as(path: Path, who: Person | None) -> Register:
    return Register.open(path, person=who, today=fixed_today, user="test")


def files(path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(path.parent.iterdir()) if p.is_file()
            and not p.name.endswith(".lock")}


def _export(reg: Register, to: str, record: bool = False) -> None:
    with tempfile.TemporaryDirectory(prefix="riskreg-export-") as out:
        riskreg.export_reports(reg, out, recipients=to, formats="json", record=record)


Y, N = True, False
#: (row, the operation as the Register does it, (redaktör, bedömare, projektledare, läsare))
ROWS: list[tuple[str, Callable[[Register], Any], tuple[bool, bool, bool, bool]]] = [
    ("read shared risk concerning own org", lambda r: r.risk("R-001"), (Y, Y, Y, Y)),
    ("read shared decision concerning own org", lambda r: r.decision("KL-2022-01"),
     (Y, Y, Y, Y)),
    ("read shared risk not concerning own org", lambda r: r.risk("R-002"), (Y, Y, N, N)),
    ("read shared decision not concerning own org", lambda r: r.decision("KL-2022-03"),
     (Y, Y, N, N)),
    ("read internal risk", lambda r: r.risk("R-003"), (Y, N, N, N)),
    ("read internal decision", lambda r: r.decision("KL-2022-02"), (Y, Y, N, N)),
    ("read own org's submission", lambda r: r.risk("R-004"), (Y, N, Y, Y)),
    ("read other org's submission", lambda r: r.risk("R-005"), (Y, N, N, N)),
    ("add a risk", lambda r: r.new_risk(title="Ny", area="it", inherent=(1, 1)), (Y, N, N, N)),
    ("add a decision", lambda r: r.new_decision(key="KL-2023-01", decided_on="2023-01-01",
                                                title="Nytt"), (Y, N, N, N)),
    ("add an area", lambda r: r.add_category(riskreg.Category("ny", "Nytt område")),
     (Y, N, N, N)),
    ("edit a risk", lambda r: r.update_risk("R-001", title="Ändrad"), (Y, N, N, N)),
    ("edit a decision", lambda r: r.update_decision("KL-2022-01", summary="Ändrad"),
     (Y, N, N, N)),
    ("remove a risk", lambda r: r.remove_risk("R-006"), (Y, N, N, N)),
    ("assess a decision", lambda r: r.assess("KL-2022-01", "suspended", rationale="paus"),
     (Y, Y, N, N)),
    ("assess an internal decision", lambda r: r.assess("KL-2022-02", "applies"),
     (Y, Y, N, N)),
    ("mark a decision reviewed", lambda r: r.mark_reviewed("KL-2022-01"), (Y, Y, N, N)),
    ("link", lambda r: r.link("R-006", "mitigated_by", "KL-2022-01"), (Y, N, N, N)),
    ("unlink", lambda r: r.unlink("R-001", "mitigated_by", "KL-2022-01"), (Y, N, N, N)),
    ("mark a risk reviewed", lambda r: r.mark_reviewed("R-001"), (Y, N, N, N)),
    ("submit own org's risk", lambda r: r.submit_risk(
        organisation=PARTILLE, title="Vår risk", area="it", inherent=(2, 3)), (Y, N, Y, N)),
    ("submit another org's risk", lambda r: r.submit_risk(
        organisation=GOTEBORG, title="Deras risk", area="it", inherent=(2, 3)), (Y, N, N, N)),
    ("edit own pending submission", lambda r: r.update_risk("R-004", title="Bättre titel"),
     (Y, N, Y, N)),
    ("withdraw own pending submission", lambda r: r.withdraw_submission("R-004"),
     (Y, N, Y, N)),
    ("edit other org's pending submission", lambda r: r.update_risk("R-005", title="x"),
     (Y, N, N, N)),
    ("withdraw other org's pending submission", lambda r: r.withdraw_submission("R-005"),
     (Y, N, N, N)),
    ("take a submission in", lambda r: r.take_submission("R-004"), (Y, N, N, N)),
    ("match a submission to a joint risk", lambda r: r.take_submission("R-004", into="R-001"),
     (Y, N, N, N)),
    ("recognise a joint risk for own org", lambda r: r.recognise("R-001", PARTILLE),
     (Y, N, Y, N)),
    ("recognise a joint risk for another org", lambda r: r.recognise("R-001", GOTEBORG),
     (Y, N, N, N)),
    ("update status of own org's action", lambda r: r.set_action_status("R-001", 0, "done"),
     (Y, N, Y, N)),
    ("update status of another org's action",
     lambda r: r.set_action_status("R-001", 1, "done"), (Y, N, N, N)),
    ("add a note on a readable item", lambda r: r.add_note("R-001", "Vi ser det också"),
     (Y, Y, Y, N)),
    ("propose acceptance", lambda r: r.propose_acceptance("R-001", "Låg", "2027-06-30"),
     (Y, N, N, N)),
    ("approve acceptance (not own proposal)", lambda r: r.approve_acceptance("R-006"),
     (Y, N, N, N)),
    ("reject acceptance", lambda r: r.reject_acceptance("R-006"), (Y, N, N, N)),
    ("export to own org (a preview)", lambda r: _export(r, PARTILLE), (Y, N, Y, N)),
    ("export to another org", lambda r: _export(r, GOTEBORG), (Y, N, N, N)),
    ("record an export in the edition log", lambda r: _export(r, PARTILLE, record=True),
     (Y, N, N, N)),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("row", "operation", "expected"), ROWS, ids=[r[0] for r in ROWS])
def test_matrix_row_through_the_register(
    path: Path, role: Role, row: str, operation: Callable[[Register], Any],
    expected: tuple[bool, ...],
) -> None:
    who = person(role)
    may = expected[ROLES.index(role)]
    before = files(path)
    revision = None
    with open_as(path, who) as reg:
        revision = reg.revision
        if may:
            operation(reg)
        else:
            with pytest.raises((AccessError, NotFoundError)) as info:
                operation(reg)
            assert "\n" not in info.value.message("sv")
    if not may:
        assert files(path) == before, row
        return
    with open_as(path, None) as reg:
        if reg.revision != revision:  # a change: recorded as the person's
            assert reg.history()[-1].user == who.name


def test_an_unreadable_item_is_not_found_rather_than_refused(path: Path) -> None:
    """A project lead changing an internal risk learns nothing of it: the answer is the one
    for a key that does not exist, as on the server."""
    with open_as(path, person(Role.PROJEKTLEDARE)) as reg:
        with pytest.raises(NotFoundError) as info:
            reg.update_risk("R-003", title="x")
        assert info.value.key == "error.not_found"
        assert "R-003" not in reg and "R-001" in reg
        with pytest.raises(AccessError) as refused:
            reg.update_risk("R-001", title="x")
        assert refused.value.key == "error.access.edit"
        assert refused.value.message("sv").startswith("Som projektledare får du inte")


def test_what_a_person_lists_is_what_they_may_read(path: Path) -> None:
    expected = {
        Role.REDAKTOR: ({"R-001", "R-002", "R-003", "R-004", "R-005", "R-006"},
                        {"KL-2022-01", "KL-2022-02", "KL-2022-03"}),
        Role.BEDOMARE: ({"R-001", "R-002", "R-006"}, {"KL-2022-01", "KL-2022-02", "KL-2022-03"}),
        Role.PROJEKTLEDARE: ({"R-001", "R-004", "R-006"}, {"KL-2022-01"}),
        Role.LASARE: ({"R-001", "R-004", "R-006"}, {"KL-2022-01"}),
    }
    for role, (risks, decisions) in expected.items():
        with open_as(path, person(role)) as reg:
            assert {r.key for r in reg.risks()} == risks, role
            assert {d.key for d in reg.decisions()} == decisions, role
            assert {r.key for r in reg.risks(area="it")} == risks - {"R-004"}, role
            links = {(x.source, x.target) for x in reg.links()}
            assert links == {("R-001", "KL-2022-01")}
            keys = {c.key for c in reg.history()}
            assert keys <= risks | decisions | {"it", "vard", "lakemedel", "samverkan"} | {
                "R-001|mitigated_by|KL-2022-01"}, role
            assert {f.key for f in reg.check()} <= risks | decisions


def test_may_answers_what_a_ui_asks(path: Path) -> None:
    with open_as(path, person(Role.PROJEKTLEDARE)) as reg:
        assert not reg.may(Operation.EDIT, "R-001")
        assert reg.may(Operation.EDIT, "R-004")  # their own pending submission
        assert reg.may("action_status", "R-001", action=0)
        verdict = reg.may("action_status", "R-001", action=1)
        assert not verdict and verdict.message("en") == (
            "The action is owned by Göteborg: as project lead you change the status of "
            "Partille's actions only")
        assert reg.may(Operation.SUBMIT) and reg.may(Operation.NOTE, "R-001")
        assert reg.may(Operation.EXPORT, organisation=PARTILLE)
        assert not reg.may(Operation.EXPORT, organisation=GOTEBORG)
        assert reg.may(Operation.READ, "R-003").reason_key == "error.access.read"
        assert reg.me == person(Role.PROJEKTLEDARE) and reg.user == "projektledare i 1402"
    with open_as(path, None) as reg:
        assert reg.me is None and reg.may(Operation.ADMIN) and reg.may("edit", "R-003")


def test_a_store_with_people_gives_the_register_its_person(path: Path) -> None:
    """On a store that keeps people (the server), ``me`` is the person of the login the
    store is connected as (store method ``current_login``, table ``people``); a record that
    does not read as a person makes no register unreadable."""

    class PeopleStore(FileStore):
        def current_login(self) -> str:
            return "pl_partille"

    store = PeopleStore(path)
    lead = Person("pl_partille", "Pia Partille", PARTILLE, Role.PROJEKTLEDARE)
    with store.transaction() as tx:
        store.load()
        tx.commit([riskreg.storage.Write("people", lead.login, riskreg.to_doc(lead)),
                   riskreg.storage.Write("people", "trasig", {"login": "trasig", "role": "x"})],
                  [])
    reg = Register(store, store.load(), today=fixed_today, user="someone")
    try:
        assert reg.me == lead and reg.people() == [lead] and reg.user == "Pia Partille"
        assert "R-003" not in reg
        with pytest.raises(AccessError):
            reg.update_risk("R-001", title="x")
        reg.recognise("R-001")
        assert reg.risk("R-001").reported_by == (PARTILLE,)
        assert reg.history("R-001")[-1].user == "Pia Partille"
        # what recognise does, as a change of the field: allowed as on the server
        assert reg.update_risk("R-006", reported_by=[PARTILLE]).reported_by == (PARTILLE,)
        with pytest.raises(AccessError) as info:
            reg.update_risk("R-006", reported_by=[PARTILLE, GOTEBORG])
        assert info.value.key == "error.access.recognise_other"
    finally:
        reg.close()


def test_a_person_is_given_to_a_file_register_only() -> None:
    class ServerLike:
        kind = "postgresql"

    with pytest.raises(riskreg.ValidationError) as info:
        Register(ServerLike(), None, person=person(Role.LASARE))  # type: ignore[arg-type]
    assert info.value.key == "error.person_file_only"


@settings(max_examples=30, deadline=None)
@given(content=s.contents(max_risks=8),
       code=st.sampled_from(sorted(o.code for o in riskreg.Directory().municipalities())),
       role=st.sampled_from([Role.PROJEKTLEDARE, Role.LASARE]))
def test_a_project_lead_reads_exactly_what_their_report_holds(
    tmp_path_factory: pytest.TempPathFactory, content: s.Contents, code: str, role: Role,
) -> None:
    """One scope rule, two uses: the shared items a project lead (or reader) can read
    through the API are those of their organisation's report; beside them they read their
    own organisation's submissions, nothing else."""
    folder = tmp_path_factory.mktemp("property")
    reg = new_register(folder / "riskreg.json")
    s.fill(reg, content)
    report = riskreg.recipient_reports(reg, [code])[0]
    reg.close()
    with open_as(folder / "riskreg.json", person(role, code)) as mine:
        items = [*mine.risks(), *mine.decisions()]
        assert {i.key for i in items if i.is_shared} == set(report.visible)
        assert {i.key for i in items if not i.is_shared} == {
            r.key for r in content.risks if r.is_submission and r.submitted_by == code}
