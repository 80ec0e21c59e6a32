"""Schema 8: what a person writes with psql, the library can read; the library's own rules
for a bedömare's flags and for an approval hold on the server too (issue 10: "access that only
the client enforces is no access"). Each case was accepted before and left the register
unreadable for everyone, or did what the library refuses."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import attrs
import psycopg
import pytest
from hypothesis import HealthCheck, given, settings
from strategies import decisions, notes, risks

import riskreg
from riskreg import Register, Role, model
from riskreg.server.admin import put_person
from riskreg.server.local import LocalServer
from riskreg.server.shape_sql import FIELDS, VOCABULARIES
from riskreg.server.store import split_url
from tests.test_internal_flags import ASSESSOR, EDITOR, PROJECT_LEAD, as_login


def test_the_checked_fields_and_words_are_the_models() -> None:
    assert {
        "risk": tuple(f.name for f in attrs.fields(model.Risk)),
        "decision": tuple(f.name for f in attrs.fields(model.Decision)),
        "action": tuple(f.name for f in attrs.fields(model.Action)),
        "note": tuple(f.name for f in attrs.fields(model.Note)),
    } == FIELDS
    assert {
        "status": tuple(str(x) for x in model.RiskStatus),
        "visibility": tuple(str(x) for x in model.Visibility),
        "validity": tuple(str(x) for x in model.Validity),
        "action_status": tuple(str(x) for x in model.ActionStatus),
        "scope": tuple(str(x) for x in model.ScopeKind),
    } == VOCABULARIES


@pytest.fixture()
def server(pg_server: LocalServer) -> Iterator[str]:
    admin = pg_server.create_database() + "&register=delad"
    riskreg.build_example(admin, user="admin").close()
    for who in (EDITOR, PROJECT_LEAD, ASSESSOR):
        put_person(admin, who.login, who.name, who.organisation, str(who.role))
    put_person(admin, "bo", "Bo Redaktör", "VGR", str(Role.REDAKTOR))
    yield admin


def sql(admin: str, login: str, statement: str, *args: Any) -> None:
    """Run ``statement`` as ``login`` (``%(reg)s``: the register's id)."""
    conninfo, _name, _ = split_url(as_login(admin, login))
    with psycopg.connect(conninfo) as conn:
        reg = conn.execute("SELECT id FROM riskreg.registers WHERE name = 'delad'").fetchone()
        assert reg is not None
        conn.execute(statement.replace("%(reg)s", str(reg[0])), args)


def refused(admin: str, login: str, statement: str, *args: Any) -> None:
    with pytest.raises((psycopg.errors.InsufficientPrivilege, psycopg.errors.CheckViolation)):
        sql(admin, login, statement, *args)


def everyone_still_reads(admin: str) -> None:
    for login in ("anna", "kl", "pl_vbg"):
        with Register.open(as_login(admin, login)) as reg:
            reg.check()
            reg.risks()
            reg.notes() if hasattr(reg, "notes") else None


SUBMISSION = ("INSERT INTO riskreg.items (register, key, kind, doc, revision, changed_in) "
              "VALUES (%(reg)s, 'R-777', 'risk', %s::jsonb, 0, 0)")


@pytest.mark.parametrize("doc", [
    '{"key":"R-777","title":5,"visibility":"submitted","submitted_by":"1487"}',
    '{"key":"R-777","title":"x","area":"teknik","inherent":[3,40],"visibility":"submitted",'
    '"submitted_by":"1487","created":"2026-12-01"}',
    '{"key":"R-777","title":"x","area":"teknik","inherent":[3,4],"visibility":"submitted",'
    '"submitted_by":"1487","created":"2026-13-45"}',
    '{"key":"R-777","title":"x","area":"teknik","inherent":[3,4],"visibility":"submitted",'
    '"submitted_by":"1487","created":"2026-12-01","surprise":1}',
    '{"key":"R-778","title":"x","area":"teknik","inherent":[3,4],"visibility":"submitted",'
    '"submitted_by":"1487","created":"2026-12-01"}',
])
def test_a_project_lead_cannot_write_a_submission_nobody_can_read(server: str, doc: str) -> None:
    refused(server, "pl_vbg", SUBMISSION, doc)
    everyone_still_reads(server)


def test_a_project_lead_cannot_rename_retype_or_break_what_they_may_change(
    server: str,
) -> None:
    with Register.open(as_login(server, "pl_vbg")) as reg:
        joint = next(r for r in reg.risks() if r.actions and r.is_shared)
        decision = next(d.key for d in reg.decisions())
    refused(server, "pl_vbg", f"UPDATE riskreg.items SET key = 'R-999' WHERE key = '{joint.key}'")
    refused(server, "pl_vbg", f"UPDATE riskreg.items SET kind = 'risk' WHERE key = '{decision}'")
    refused(server, "pl_vbg", "UPDATE riskreg.items SET doc = jsonb_set(doc, "
            "'{actions,0,status}', '5') WHERE key = %s", joint.key)
    refused(server, "pl_vbg", "INSERT INTO riskreg.retired_keys (register, key, doc, changed_in) "
            "VALUES (%(reg)s, 'R-99999999999', '{}', 0)")
    everyone_still_reads(server)
    with Register.open(as_login(server, "anna")) as reg:
        reg.new_risk(title="Ny risk", area=reg.categories()[0].key, inherent=(2, 2), why="x")


def test_a_note_is_readable_and_signed_by_its_writer(server: str) -> None:
    note = ('{"id":"N-9001","key":"R-001","organisation":"1487","by":"%s",'
            '"on":"2026-12-01","text":"x"}')
    insert = ("INSERT INTO riskreg.notes (register, key, doc, changed_in) "
              "VALUES (%(reg)s, 'N-9001', %s::jsonb, 0)")
    refused(server, "pl_vbg", insert, note % PROJECT_LEAD.name)  # an id the library refuses
    good = note.replace("N-9001", "N-1-1")
    refused(server, "pl_vbg", insert.replace("'N-9001'", "'N-1-1'"), good % EDITOR.name)
    sql(server, "pl_vbg", insert.replace("'N-9001'", "'N-1-1'"), good % PROJECT_LEAD.name)
    everyone_still_reads(server)


def test_a_bedomare_flags_but_never_clears_and_lapses_only_with_a_cause(server: str) -> None:
    with Register.open(as_login(server, "anna")) as reg:
        applying = {d.key for d in reg.decisions() if str(d.validity) == "applies"}
        # an accepted risk whose every mitigation applies: nothing lets its acceptance lapse
        accepted = next(r.key for r in reg.risks() if r.is_shared and all(
            x.target in applying for x in reg.links(r.key) if x.relation == "mitigated_by"))
        reg.propose_acceptance(accepted, "Låg sannolikhet", "2099-12-31")
        decision = sorted(applying & {d.key for d in reg.decisions() if d.is_shared})[0]
        flagged = next(r.key for r in reg.risks() if r.is_shared and r.key != accepted)
        reg.link(flagged, "mitigated_by", decision, why="x")
    with Register.open(as_login(server, "kl")) as reg:
        reg.assess(decision, "suspended", rationale="x")  # flags the risk: allowed
    with Register.open(as_login(server, "bo")) as reg:
        reg.approve_acceptance(accepted)
    # clearing its flags (the document's revision moved with the column's)
    refused(server, "kl", "UPDATE riskreg.items SET doc = doc || jsonb_build_object("
            "'review_reasons', '[]'::jsonb, 'revision', revision + 1), revision = revision + 1 "
            "WHERE key = %s", flagged)
    refused(server, "kl", "UPDATE riskreg.items SET doc = (doc - 'acceptance') || "
            "jsonb_build_object('revision', revision + 1), revision = revision + 1 "
            "WHERE key = %s", accepted)
    with Register.open(as_login(server, "anna")) as reg:
        assert reg.risk(flagged).needs_review and reg.risk(accepted).acceptance is not None


def test_a_redaktor_cannot_approve_their_own_proposal_with_psql(server: str) -> None:
    with Register.open(as_login(server, "anna")) as reg:
        reg.propose_acceptance("R-001", "Låg sannolikhet", "2099-12-31")
    refused(server, "anna", "UPDATE riskreg.items SET doc = jsonb_set(jsonb_set(doc, "
            "'{acceptance,approved_by}', %s::jsonb), '{acceptance,approved_on}', "
            "'\"2026-12-01\"') WHERE key = 'R-001'", f'"{EDITOR.name}"')
    with Register.open(as_login(server, "bo")) as reg:
        reg.approve_acceptance("R-001")  # another redaktör, through the library: allowed


def test_a_bedomare_undoes_an_assessment_that_reached_internal_risks(
    server: str, tmp_path: Path,
) -> None:
    """The rows the server wrote for the internal risks are the server's: the assessor's own
    history names none of them, and their undo is not refused over them."""
    with Register.open(as_login(server, "anna")) as reg:
        internal = sorted(r.key for r in reg.risks() if str(r.visibility) == "internal")[0]
        decision = next(d.key for d in reg.decisions() if d.is_shared
                        and str(d.validity) == "applies")
        reg.link(internal, "mitigated_by", decision, why="x")
    with Register.open(as_login(server, "kl")) as reg:
        reg.assess(decision, "suspended", rationale="x")
        reg.undo(why="fel")
        assert str(reg.decision(decision).validity) == "applies"
    conninfo, _name, _ = split_url(as_login(server, "kl"))
    with psycopg.connect(conninfo) as conn:
        own = conn.execute("SELECT key FROM riskreg.own_history("
                           "(SELECT id FROM riskreg.registers WHERE name = 'delad'))").fetchall()
    assert internal not in {row[0] for row in own}


def test_an_assessment_reaches_what_the_assessor_reads_through_what_they_do_not(
    server: str, tmp_path: Path,
) -> None:
    """A shared risk the assessor reads, reached only through an internal risk: flagged on
    the server as on a file."""
    def setup(url: str) -> tuple[str, str]:
        with Register.open(url, user="anna") as reg:
            internal = sorted(r.key for r in reg.risks() if str(r.visibility) == "internal")[0]
            shared = next(r.key for r in reg.risks() if r.is_shared
                          and not reg.neighbours(r.key))
            decision = next(d.key for d in reg.decisions() if d.is_shared
                            and str(d.validity) == "applies")
            reg.link(internal, "mitigated_by", decision, why="x")
            reg.link(internal, "aggravates", shared, why="x")
        return decision, shared

    path = str(tmp_path / "reg.json")
    riskreg.build_example(path, user="anna").close()
    decision, shared = setup(path)
    with Register.open(path, user="anna") as reg:
        reg.assess(decision, "suspended", rationale="x")
        expected = [(r.kind, r.trigger, r.detail) for r in reg.risk(shared).review_reasons]
    assert expected
    setup(as_login(server, "anna"))
    with Register.open(as_login(server, "kl")) as reg:
        reg.assess(decision, "suspended", rationale="x")
    with Register.open(as_login(server, "anna")) as reg:
        got = [(r.kind, r.trigger, r.detail) for r in reg.risk(shared).review_reasons]
    assert got == expected


# --- the server's checks take whatever the library writes --------------------------------


@pytest.fixture(scope="module")
def checker(pg_server: LocalServer) -> Iterator[psycopg.Connection[Any]]:
    """A connection to a database at the latest schema, to call riskreg.doc_problem."""
    url = pg_server.create_database() + "&register=prov"
    with Register.create(url, name="prov", user="admin"):
        pass
    conninfo, _name, _ = split_url(url)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        yield conn


def problem(conn: psycopg.Connection[Any], kind: str, item: Any) -> Any:
    from psycopg.types.json import Jsonb

    from riskreg.serialize import to_doc

    row = conn.execute("SELECT riskreg.doc_problem(%s, %s)", (kind, Jsonb(to_doc(item))))
    found = row.fetchone()
    assert found is not None
    return found[0]


def test_every_item_of_the_example_passes(checker: psycopg.Connection[Any],
                                          tmp_path: Path) -> None:
    path = str(tmp_path / "reg.json")
    riskreg.build_example(path, user="anna").close()
    with Register.open(path) as reg:
        items = [("risk", r) for r in reg.risks()] + [("decision", d) for d in reg.decisions()]
        assert all(problem(checker, kind, item) is None for kind, item in items)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(risk=risks(), decision=decisions(), note=notes)
def test_what_the_library_writes_the_server_takes(
    checker: psycopg.Connection[Any], risk: model.Risk, decision: model.Decision,
    note: model.Note,
) -> None:
    """Property: every model the library can make passes the server's check of a person's
    document (so a project lead's or bedömare's write through the library is never refused
    for its shape)."""
    assert problem(checker, "risk", risk) is None
    assert problem(checker, "decision", decision) is None
    assert problem(checker, "note", note) is None


def test_a_bedomare_assesses_a_decision_with_long_texts(server: str) -> None:
    """The server's limits are the models' (a care area of 500 characters is one)."""
    with Register.open(as_login(server, "anna")) as reg:
        key = next(d.key for d in reg.decisions() if d.is_shared)
        reg.update_decision(key, care_areas=["v" * 500], summary="s" * 15000, why="x")
    with Register.open(as_login(server, "kl")) as reg:
        reg.assess(key, "uncertain", rationale="r" * 15000, review_by=date(2027, 1, 31))
    with Register.open(as_login(server, "anna")) as reg:
        assert str(reg.decision(key).validity) == "uncertain"
