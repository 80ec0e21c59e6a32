"""Issue 10 (with issue 8 items 4/5): a flag set by an internal decision never reaches a person
who may not read that decision.

When an internal decision's validity changes, ``Register.assess`` flags what the graph
reaches, shared risks included. Today the reason (``trigger``: the internal key, ``detail``:
its old and new validity) is written into the shared risk's own document and a ``flag``
history row under the shared risk's key, so a projektledare reads the internal key, and that
it changed, through ``risk``, ``history`` and ``check``, and with raw SQL on the server.

Now such a flag is kept on the decision's side (``Decision.raised``) and its history row is
the decision's: the library shows it on the risk to those who may read the decision (the
central team), and PostgreSQL's row-level security on the decision keeps it, and its
history, from everyone else.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import psycopg
import pytest

import riskreg
from riskreg import Person, Register, Role, Scope
from riskreg.serialize import to_doc
from riskreg.server.admin import put_person
from riskreg.server.local import LocalServer

INTERNAL = "KL-2024-11"  # an internal decision of the example register
SHARED_RISK = "R-001"  # a shared risk that concerns Vänersborg (1487)
PROJECT_LEAD = Person("pl_vbg", "Per Projektledare", "1487", Role.PROJEKTLEDARE)
EDITOR = Person("anna", "Anna Redaktör", "VGR", Role.REDAKTOR)
ASSESSOR = Person("kl", "Karin Bedömare", "VGR", Role.BEDOMARE)


def link_and_assess(target: str, assessor: str | None = None) -> None:
    """Mitigate the shared risk by the internal decision, then change the decision's
    validity (an internal-only change), as ``assessor`` (a URL) if given."""
    with Register.open(target, user="anna") as reg:
        assert str(reg.decision(INTERNAL).visibility) == "internal"
        reg.link(SHARED_RISK, "mitigated_by", INTERNAL, why="x")
    with Register.open(assessor or target, user="anna") as reg:
        reg.assess(INTERNAL, "applies", rationale="x")


def what_a_reader_sees(reg: Register) -> str:
    """Everything the library hands a reader about the register's risks, as one text."""
    return json.dumps({
        "risks": [to_doc(r) for r in reg.risks()],
        "history": [[c.action, c.key, c.why, c.before, c.after] for c in reg.history()],
        "check": [[f.code, f.key, dict(f.params)] for f in reg.check()],
    }, ensure_ascii=False, default=str)


def assert_editor_sees_flag(reg: Register) -> None:
    reasons = reg.risk(SHARED_RISK).review_reasons
    assert [r.trigger for r in reasons] == [INTERNAL]
    assert any(f.code == "needs_review" and f.key == SHARED_RISK
               and f.params.get("trigger") == INTERNAL for f in reg.check())


def test_a_project_lead_never_reads_a_flag_an_internal_decision_set_file_store(
    tmp_path: Path,
) -> None:
    path = str(tmp_path / "reg.json")
    riskreg.build_example(path, user="anna").close()
    with Register.open(path, person=PROJECT_LEAD) as reg:
        before = to_doc(reg.risk(SHARED_RISK))
    link_and_assess(path)
    with Register.open(path, person=PROJECT_LEAD) as reg:
        assert INTERNAL not in what_a_reader_sees(reg)
        # the shared risk is, for them, exactly as it was: only internal content changed
        assert to_doc(reg.risk(SHARED_RISK)) == before
    with Register.open(path, person=EDITOR) as reg:
        assert_editor_sees_flag(reg)
        assert INTERNAL in what_a_reader_sees(reg)
        assert reg.risk(SHARED_RISK).needs_review
        assert SHARED_RISK in {r.key for r in reg.risks(needs_review=True)}
        flag = [c for c in reg.history(INTERNAL) if c.action == "flag"]
        assert len(flag) == 1 and SHARED_RISK in flag[0].why


def test_reviewing_the_flagged_risk_clears_a_flag_kept_on_the_decisions_side(
    tmp_path: Path,
) -> None:
    path = str(tmp_path / "reg.json")
    riskreg.build_example(path, user="anna").close()
    link_and_assess(path)
    with Register.open(path, person=EDITOR) as reg:
        reg.mark_reviewed(SHARED_RISK, note="granskad")
    with Register.open(path, person=EDITOR) as reg:
        assert not reg.risk(SHARED_RISK).needs_review
        assert not any(f.key == SHARED_RISK and f.code == "needs_review" for f in reg.check())
        assert all(f.item != SHARED_RISK for f in reg.decision(INTERNAL).raised)


def test_undoing_the_assessment_takes_its_flags_back(tmp_path: Path) -> None:
    path = str(tmp_path / "reg.json")
    riskreg.build_example(path, user="anna").close()
    link_and_assess(path)
    with Register.open(path, user="anna") as reg:
        reg.undo(why="fel")
    with Register.open(path, person=EDITOR) as reg:
        assert not reg.risk(SHARED_RISK).needs_review
        assert str(reg.decision(INTERNAL).validity) != "applies"


# --- on a real server, through raw SQL as the person's login -------------------------------


@pytest.fixture()
def server_register(pg_server: LocalServer) -> Iterator[str]:
    """The example register on the session's server with a redaktör and Vänersborg's
    project lead; the admin URL."""
    admin = pg_server.create_database() + "&register=delad"
    riskreg.build_example(admin, user="admin").close()
    for who in (EDITOR, PROJECT_LEAD, ASSESSOR):
        put_person(admin, who.login, who.name, who.organisation, str(who.role))
    yield admin


def as_login(admin_url: str, login: str) -> str:
    return admin_url.replace("postgresql://postgres@", f"postgresql://{quote(login)}@")


def raw_rows(admin_url: str, login: str) -> str:
    """Every row the login can select from the tables that hold items and their history."""
    from riskreg.server.store import split_url

    conninfo, _name, _ = split_url(as_login(admin_url, login))
    rows: list[Any] = []
    with psycopg.connect(conninfo) as conn:
        for table in ("items", "history", "changes"):
            rows += conn.execute(f"SELECT to_jsonb(t)::text FROM riskreg.{table} t").fetchall()
    return "\n".join(row[0] for row in rows)


@pytest.mark.parametrize("assessor", ["anna", "kl"])
def test_a_project_lead_never_reads_a_flag_an_internal_decision_set_on_the_server(
    server_register: str, assessor: str,
) -> None:
    assert INTERNAL not in raw_rows(server_register, "pl_vbg")  # the starting point holds
    link_and_assess(as_login(server_register, "anna"), as_login(server_register, assessor))
    assert INTERNAL in raw_rows(server_register, "anna")
    assert INTERNAL not in raw_rows(server_register, "pl_vbg")
    with Register.open(as_login(server_register, "pl_vbg")) as reg:
        assert INTERNAL not in what_a_reader_sees(reg)
    with Register.open(as_login(server_register, "anna")) as reg:
        assert_editor_sees_flag(reg)


def test_a_bedomare_reviews_a_decision_an_internal_decision_flagged_on_the_server(
    server_register: str,
) -> None:
    with Register.open(as_login(server_register, "anna")) as reg:
        shared = next(d.key for d in reg.decisions() if d.is_shared)
        reg.link(shared, "depends_on", INTERNAL, why="x")
    with Register.open(as_login(server_register, "kl")) as reg:
        reg.assess(INTERNAL, "applies", rationale="x")
        assert [r.trigger for r in reg.decision(shared).review_reasons] == [INTERNAL]
        reg.mark_reviewed(shared, note="granskad")  # allowed by row-level security
    with Register.open(as_login(server_register, "anna")) as reg:
        assert not reg.decision(shared).needs_review


def test_a_shared_decision_that_does_not_concern_the_project_lead_flags_unseen_too(
    tmp_path: Path,
) -> None:
    """The same rule for a shared decision the project lead may not read (its scope does not
    concern their municipality): its flag on a risk they read stays with it."""
    path = str(tmp_path / "reg.json")
    riskreg.build_example(path, user="anna").close()
    other = "KL-2026-90"
    with Register.open(path, user="anna") as reg:
        reg.new_decision(key=other, decided_on="2026-01-15", title="Partilles beslut",
                         validity="applies", scope=Scope.municipalities("1402"), why="x")
        reg.link(SHARED_RISK, "mitigated_by", other, why="x")
    with Register.open(path, person=PROJECT_LEAD) as reg:
        before = to_doc(reg.risk(SHARED_RISK))
        assert other not in {d.key for d in reg.decisions()}
    with Register.open(path, user="anna") as reg:
        reg.assess(other, "suspended", rationale="x")
    with Register.open(path, person=PROJECT_LEAD) as reg:
        assert other not in what_a_reader_sees(reg)
        assert to_doc(reg.risk(SHARED_RISK)) == before
    with Register.open(path, person=EDITOR) as reg:
        assert [r.trigger for r in reg.risk(SHARED_RISK).review_reasons] == [other]


# --- acceptances, and items or decisions whose visibility changes later --------------------


def accept(path: str, key: str) -> None:
    with Register.open(path, user="anna") as reg:
        reg.propose_acceptance(key, "Låg sannolikhet under pausen", "2099-12-31")
    with Register.open(path, user="bo") as reg:
        reg.approve_acceptance(key)


@pytest.mark.parametrize("how", ["assess", "unlink"])
def test_an_acceptance_an_internal_decision_ends_lapses_without_naming_it(
    tmp_path: Path, how: str,
) -> None:
    """The acceptance of a shared risk lapses when an internal decision that mitigates it stops
    applying or stops mitigating it: the project lead reads that it lapsed, never why; the
    central team reads the reason as before."""
    path = str(tmp_path / "reg.json")
    riskreg.build_example(path, user="anna").close()
    link_and_assess(path)  # the internal decision applies and mitigates the shared risk
    accept(path, SHARED_RISK)
    with Register.open(path, user="anna") as reg:
        if how == "assess":
            reg.assess(INTERNAL, "suspended", rationale="Pausad")
        else:
            reg.unlink(SHARED_RISK, "mitigated_by", INTERNAL, why="fel länk")
    with Register.open(path, person=PROJECT_LEAD) as reg:
        seen = what_a_reader_sees(reg)
        assert INTERNAL not in seen and "Pausad" not in seen and "fel länk" not in seen
        risk = reg.risk(SHARED_RISK)
        assert risk.acceptance is None and not risk.review_reasons
        lapse = [c for c in reg.history(SHARED_RISK) if c.action == "lapse"]
        assert len(lapse) == 1
    with Register.open(path, person=EDITOR) as reg:
        reasons = reg.risk(SHARED_RISK).review_reasons
        assert ("acceptance_lapsed", INTERNAL) in {(r.kind, r.trigger) for r in reasons}
        assert {r.trigger for r in reasons} == {INTERNAL}
        assert any(f.key == SHARED_RISK and f.params.get("trigger") == INTERNAL
                   for f in reg.check())
    from click.testing import CliRunner

    from riskreg.cli import cli

    result = CliRunner().invoke(cli, ["--db", path, "--lang", "en", "history", SHARED_RISK],
                                env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "The acceptance lapsed" in result.stdout


def test_a_decision_made_internal_takes_its_flags_with_it(tmp_path: Path) -> None:
    """A shared decision (scope: everyone) flags a shared risk in the risk's own document;
    once the decision is made internal, or its scope narrowed away from the project lead,
    the flag moves to its side: the project lead no longer reads its key on the risk."""
    path = str(tmp_path / "reg.json")
    riskreg.build_example(path, user="anna").close()
    with Register.open(path, user="anna") as reg:
        shared = next(d.key for d in reg.decisions()
                      if d.is_shared and d.scope == Scope.everyone()
                      and str(d.validity) == "applies")
        reg.link(SHARED_RISK, "mitigated_by", shared, why="x")
        reg.assess(shared, "suspended", rationale="x")
        assert [r.trigger for r in reg.risk(SHARED_RISK).review_reasons] == [shared]
        reg.update_decision(shared, visibility="internal", why="Intern nu")
    with Register.open(path, person=PROJECT_LEAD) as reg:
        assert shared not in json.dumps([to_doc(r) for r in reg.risks()])
        assert shared not in json.dumps([[f.key, dict(f.params)] for f in reg.check()])
        assert not reg.risk(SHARED_RISK).needs_review
        assert "Intern nu" not in json.dumps([c.why for c in reg.history(SHARED_RISK)])
    with Register.open(path, person=EDITOR) as reg:
        assert [r.trigger for r in reg.risk(SHARED_RISK).review_reasons] == [shared]
        reg.mark_reviewed(SHARED_RISK, note="granskad")
        assert not reg.risk(SHARED_RISK).needs_review


def test_an_internal_risk_made_shared_leaves_an_internal_decisions_flag_behind(
    tmp_path: Path,
) -> None:
    """An internal risk flagged by an internal decision holds the flag itself (only the
    central team reads either); shared later, the flag moves to the decision's side."""
    path = str(tmp_path / "reg.json")
    riskreg.build_example(path, user="anna").close()
    with Register.open(path, user="anna") as reg:
        reg.update_risk(SHARED_RISK, visibility="internal", why="x")
    link_and_assess(path)
    with Register.open(path, user="anna") as reg:
        assert [r.trigger for r in reg.risk(SHARED_RISK).review_reasons] == [INTERNAL]
        reg.update_risk(SHARED_RISK, visibility="shared", why="x")
    with Register.open(path, person=PROJECT_LEAD) as reg:
        assert INTERNAL not in json.dumps(to_doc(reg.risk(SHARED_RISK)))
        # nor in its history: what changed while it was internal stays out of sight
        assert INTERNAL not in what_a_reader_sees(reg)
        assert [c.action for c in reg.history(SHARED_RISK)][-1] == "update"
    with Register.open(path, person=EDITOR) as reg:
        assert [r.trigger for r in reg.risk(SHARED_RISK).review_reasons] == [INTERNAL]


def test_an_internal_risk_made_shared_on_the_server_shows_no_internal_history(
    server_register: str,
) -> None:
    anna = as_login(server_register, "anna")
    with Register.open(anna) as reg:
        reg.update_risk(SHARED_RISK, visibility="internal", why="x")
    link_and_assess(anna)
    with Register.open(anna) as reg:
        reg.update_risk(SHARED_RISK, visibility="shared", why="x")
    assert INTERNAL not in raw_rows(server_register, "pl_vbg")
    with Register.open(as_login(server_register, "pl_vbg")) as reg:
        assert INTERNAL not in what_a_reader_sees(reg)
    with Register.open(anna) as reg:
        assert [r.trigger for r in reg.risk(SHARED_RISK).review_reasons] == [INTERNAL]


def findings_of(reg: Register) -> list[Any]:
    return sorted([f.code, f.key, json.dumps(dict(f.params), sort_keys=True, default=str)]
                  for f in reg.check())


def test_a_project_leads_check_names_no_decision_they_may_not_read(
    tmp_path: Path, pg_server: LocalServer,
) -> None:
    """A shared decision resting on one made internal is a conflict for the central team; a
    project lead's check is made of what they read alone (no finding names the internal
    decision), the same on the file store as on a server, where row-level security hands
    them nothing else."""
    path = str(tmp_path / "reg.json")
    riskreg.build_example(path, user="anna").close()
    admin = pg_server.create_database() + "&register=delad"
    riskreg.build_example(admin, user="admin").close()
    put_person(admin, PROJECT_LEAD.login, PROJECT_LEAD.name, PROJECT_LEAD.organisation,
               str(PROJECT_LEAD.role))
    readers = []
    for target in (path, admin):
        with Register.open(target, user="anna") as reg:
            resting = [x for x in reg.links() if x.relation == "depends_on"
                       and reg.decision(x.source).is_shared
                       and str(reg.decision(x.source).validity) == "applies"
                       and reg.decision(x.target).scope == Scope.everyone()]
            base = resting[0].target
            reg.assess(base, "suspended", rationale="x")
            reg.update_decision(base, visibility="internal", why="x")
            assert any(f.params.get("target") == base for f in reg.check())
        readers.append(Register.open(target, person=PROJECT_LEAD) if target == path
                       else Register.open(as_login(admin, PROJECT_LEAD.login)))
    try:
        file_findings, server_findings = (findings_of(reg) for reg in readers)
        assert base not in json.dumps(file_findings)
        assert file_findings == server_findings
    finally:
        for reg in readers:
            reg.close()


def test_a_project_leads_graph_and_neighbours_are_of_what_they_read(tmp_path: Path) -> None:
    """Impact, exposure and an item's neighbours, as a project lead asks for them, name no
    item they may not read."""
    path = str(tmp_path / "reg.json")
    riskreg.build_example(path, user="anna").close()
    with Register.open(path, user="anna") as reg:
        reg.link(SHARED_RISK, "mitigated_by", INTERNAL, why="x")
    with Register.open(path, person=PROJECT_LEAD) as reg:
        seen = {r.key for r in reg.risks()} | {d.key for d in reg.decisions()}
        assert INTERNAL not in {n.key for n in reg.neighbours(SHARED_RISK)}
        assert reg.link_count(SHARED_RISK) == len(reg.neighbours(SHARED_RISK))
        graph = reg.graph
        assert {n["key"] for n in graph.to_json()["nodes"]} <= seen
        answers = [graph.to_json(), graph.exposed_risks()]
        answers += [graph.impact(key) for key in sorted(seen) if key.startswith("KL-")]
        assert INTERNAL not in repr(answers)


def test_a_bedomare_ending_an_internal_mitigation_lapses_an_acceptance_unseen_on_the_server(
    server_register: str,
) -> None:
    """On a server, by a bedömare: the lapse is allowed by row-level security, and neither
    the project lead's library nor their raw SQL names the internal decision."""
    put_person(server_register, "bo", "Bo Redaktör", "VGR", str(Role.REDAKTOR))
    link_and_assess(as_login(server_register, "anna"), as_login(server_register, "kl"))
    with Register.open(as_login(server_register, "anna")) as reg:
        reg.mark_reviewed(SHARED_RISK, note="granskad")
        reg.propose_acceptance(SHARED_RISK, "Låg sannolikhet under pausen", "2099-12-31")
    with Register.open(as_login(server_register, "bo")) as reg:
        reg.approve_acceptance(SHARED_RISK)
    with Register.open(as_login(server_register, "kl")) as reg:
        reg.assess(INTERNAL, "suspended", rationale="Pausad")
    assert INTERNAL not in raw_rows(server_register, "pl_vbg")
    with Register.open(as_login(server_register, "pl_vbg")) as reg:
        assert reg.risk(SHARED_RISK).acceptance is None
        assert INTERNAL not in what_a_reader_sees(reg)
    with Register.open(as_login(server_register, "anna")) as reg:
        reasons = reg.risk(SHARED_RISK).review_reasons
        assert [(r.kind, r.trigger) for r in reasons] == [
            ("validity_changed", INTERNAL), ("acceptance_lapsed", INTERNAL)]
