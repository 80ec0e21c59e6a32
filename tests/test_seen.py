"""What changed since a person last looked: the per-person "last seen" mark
(``Register.last_seen`` / ``mark_seen``, the stores' ``seen`` / ``mark_seen``) and
``Register.unseen_changes``, the history entries the person may read committed after it.

On a server each login has a mark of its own (table ``riskreg.seen``, row-level security:
each login its own row); a file register has one user and keeps the mark while it is open.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from strategies import fixed_today, new_register

import riskreg
from riskreg import Register, Scope, ValidationError
from riskreg.server.admin import put_person

PARTILLE = "1402"
GR = Scope.association("Göteborgsregionen")


def test_unseen_changes_are_those_after_the_mark(location: str) -> None:
    with new_register(location) as reg:
        reg.new_risk(key="R-001", title="Första", area="it", inherent=(2, 2), why="ny")
        reg.new_risk(key="R-002", title="Andra", area="it", inherent=(2, 3), why="ny")
        assert reg.last_seen() is None  # never looked: everything is new
        assert [c.key for c in reg.unseen_changes()] == ["R-001", "R-002"]
        assert [c.revision for c in reg.history()] == [1, 2]

        assert reg.mark_seen() == 2 and reg.last_seen() == 2
        assert reg.unseen_changes() == []
        revision, history = reg.revision, reg.history()
        reg.mark_seen(1)  # a mark never moves back (another window marked later)
        assert reg.last_seen() == 2
        assert (reg.revision, reg.history()) == (revision, history)  # no change of the register

        reg.update_risk("R-002", title="Andra, ändrad", why="rättning")
        unseen = reg.unseen_changes()
        assert [(c.key, c.action, c.why, c.revision) for c in unseen] == [
            ("R-002", "update", "rättning", 3)]
        assert [c.key for c in reg.unseen_changes(since=0)] == ["R-001", "R-002", "R-002"]
        for bad in (-1, 4, "2", True):
            with pytest.raises(ValidationError):
                reg.mark_seen(bad)  # type: ignore[arg-type]
        assert reg.last_seen() == 2


def test_a_file_register_keeps_the_mark_while_it_is_open(tmp_path: Path) -> None:
    """One user, whose access is the file's permissions: the mark is not written to the file
    (reading the register changes nothing in it) and a new opening starts without one."""
    path = tmp_path / "riskreg.json"
    with new_register(path) as reg:
        reg.new_risk(key="R-001", title="Första", area="it", inherent=(2, 2))
    before = path.read_bytes()
    with Register.open(path, today=fixed_today) as reg:
        reg.mark_seen()
        assert reg.last_seen() == 1
    assert path.read_bytes() == before
    with Register.open(path, today=fixed_today) as reg:
        assert reg.last_seen() is None


def _as(url: str, login: str) -> str:
    return url.replace("postgresql://postgres@", f"postgresql://{quote(login)}@")


def test_on_a_server_each_person_has_their_own_mark_and_sees_what_they_may_read(
    pg_url: str,
) -> None:
    url = pg_url + "&register=seen"
    with new_register(url, user="bygge") as reg:
        reg.new_risk(key="R-001", title="Delad", area="it", inherent=(2, 2), scope=GR)
        reg.new_risk(key="R-002", title="Intern", area="it", inherent=(2, 2), scope=GR,
                     visibility="internal")
    put_person(url, "pia", "Pia Partille", PARTILLE, "projektledare")
    put_person(url, "bo", "Bo Redaktör", "VGR", "redaktor")
    with Register.open(_as(url, "pia"), today=fixed_today) as pia:
        assert pia.last_seen() is None
        assert [c.key for c in pia.unseen_changes()] == ["R-001"]  # never the internal one
        pia.mark_seen()
        seen_at = pia.revision
    with Register.open(_as(url, "bo"), today=fixed_today) as bo:
        assert bo.last_seen() is None  # Pia's mark is hers
        bo.update_risk("R-002", title="Intern, ändrad", why="internt")
        bo.update_risk("R-001", owner="Bo", why="ägare")
        bo.mark_seen()
    with Register.open(_as(url, "pia"), today=fixed_today) as pia:
        assert pia.last_seen() == seen_at
        assert [(c.key, c.why, c.user) for c in pia.unseen_changes()] == [
            ("R-001", "ägare", "Bo Redaktör")]
    # psql as Pia: her own row, and nobody else's
    conninfo = _as(url, "pia").replace("&register=seen", "")
    with psycopg.connect(conninfo) as conn:
        rows = conn.execute("SELECT login, revision FROM riskreg.seen").fetchall()
        assert rows == [("pia", seen_at)]
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("INSERT INTO riskreg.seen (register, login, revision) "
                          "SELECT id, 'bo', 0 FROM riskreg.registers")


def test_the_start_page_shows_what_the_municipalitys_report_holds(example_path: Path) -> None:
    """A project lead's start page: the risks and decisions of their municipality's report
    (one scope rule), which of those risks it reported, the uncertain decisions by when,
    its open actions and pending submissions, and what changed since the last look."""
    lead = riskreg.Person("pl_vbg", "Pia Persson", "1487", riskreg.Role.PROJEKTLEDARE)
    with Register.open(example_path, today=fixed_today) as editor:
        editor.update_risk("R-001", actions=[
            *editor.risk("R-001").actions,
            riskreg.Action("Rutin för dubbeldokumentation i Vänersborg", organisation="1487",
                           due=date(2026, 11, 1)),
            riskreg.Action("Uddevallas rutin", organisation="1485")])
        report = riskreg.recipient_reports(editor, ["1487"])[0]
    with Register.open(example_path, person=lead, today=fixed_today) as reg:
        submission = reg.submit_risk(title="Läkemedelslistor saknas", area=reg.categories()[0].key,
                                     inherent=(3, 3), why="inlämnad")
        page = riskreg.start_page(reg)
        assert page.organisation.name == "Vänersborg" and page.person == lead
        assert {r.key for r in page.risks} == {item.key for item in report.risks}
        assert {r.key for r in page.risks if r.reported} == {
            item.key for item in report.risks if item.reported}
        values = [r.value for r in page.risks]
        assert values == sorted(values, reverse=True)
        decisions = [d.key for d in page.applies] + [d.key for d in page.uncertain]
        assert set(decisions) == {item.key for item in report.decisions
                                  if item.decision.validity in (riskreg.Validity.APPLIES,
                                                                riskreg.Validity.UNCERTAIN)}
        due = [d.review_by for d in page.uncertain]
        assert due == sorted(due)  # type: ignore[type-var]
        assert [(a.key, a.action.text, a.overdue) for a in page.actions] == [
            ("R-001", "Rutin för dubbeldokumentation i Vänersborg", True)]
        assert [s.key for s in page.submissions] == [submission.key]
        assert page.last_seen is None and submission.key in {c.key for c in page.changed}
        reg.mark_seen()
        assert riskreg.start_page(reg).changed == ()
