"""The models of issue 10 (people, roles, submissions, action owners, notes, acceptance):
validated like every model, round-tripped through serialize, and backwards compatible (a
register written before them opens and stores the same documents)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import attrs
import pytest
import strategies as s
from hypothesis import given
from strategies import refused

import riskreg
from riskreg import (
    Acceptance,
    Action,
    Decision,
    Note,
    Person,
    Rating,
    Risk,
    Role,
    ValidationError,
    Visibility,
    from_doc,
    to_doc,
)
from riskreg.storage import open_store


def _json(doc: Any) -> Any:
    return json.loads(json.dumps(doc, ensure_ascii=False).encode("utf-8"))


# --- round trips -----------------------------------------------------------------------------


@given(s.risks(accepted=True))
def test_risk_with_submission_and_acceptance_round_trip(risk: Risk) -> None:
    assert from_doc(_json(to_doc(risk)), Risk) == risk


@given(s.people)
def test_person_round_trip(person: Person) -> None:
    doc = _json(to_doc(person))
    assert from_doc(doc, Person) == person
    assert doc["role"] in {"redaktor", "bedomare", "projektledare", "lasare"}


@given(s.notes)
def test_note_round_trip(note: Note) -> None:
    assert from_doc(_json(to_doc(note)), Note) == note


@given(s.acceptances())
def test_acceptance_round_trip(acceptance: Acceptance) -> None:
    assert from_doc(_json(to_doc(acceptance)), Acceptance) == acceptance


@given(s.actions)
def test_action_with_organisation_round_trip(action: Action) -> None:
    doc = _json(to_doc(action))
    assert from_doc(doc, Action) == action
    assert ("organisation" in doc) == bool(action.organisation)


# --- backwards compatible ----------------------------------------------------------------------


def test_new_fields_are_left_out_while_unused() -> None:
    """A risk that uses none of the new fields has the document it always had (so the digests
    and hashes of existing registers stay as they were)."""
    risk = Risk(key="R-001", title="Fel dos", area="it", inherent=Rating(2, 3),
                created=date(2026, 1, 2), actions=[Action("Dubbelkontroll")])
    doc = to_doc(risk)
    assert "submitted_by" not in doc and "acceptance" not in doc
    assert "organisation" not in doc["actions"][0]
    submitted = attrs.evolve(risk, visibility=Visibility.SUBMITTED, submitted_by="1480",
                             actions=(Action("Rutin", organisation="1480"),))
    doc = to_doc(submitted)
    assert doc["submitted_by"] == "1480" and doc["actions"][0]["organisation"] == "1480"


def test_an_existing_register_keeps_every_document(example_path: Path) -> None:
    """The example register (written without the new fields) opens, and every stored risk and
    decision document comes back from its model exactly as it was stored."""
    store = open_store(example_path)
    try:
        tables = store.load().tables
    finally:
        store.close()
    with riskreg.Register.open(example_path, user="test") as reg:
        for risk in reg.risks():
            assert json.dumps(to_doc(risk), sort_keys=True) == json.dumps(
                tables["risks"][risk.key], sort_keys=True)
        for decision in reg.decisions():
            assert json.dumps(to_doc(decision), sort_keys=True) == json.dumps(
                tables["decisions"][decision.key], sort_keys=True)


# --- validation ----------------------------------------------------------------------------------


def _risk(**changes: Any) -> Risk:
    fields: dict[str, Any] = dict(key="R-001", title="Fel dos", area="it",
                                  inherent=Rating(2, 3), created=date(2026, 1, 2))
    fields.update(changes)
    return Risk(**fields)


def test_submitted_by_is_set_exactly_for_a_submission() -> None:
    assert _risk(visibility="submitted", submitted_by="1480").is_submission
    with refused(ValidationError, "error.field", field="submitted_by"):
        _risk(visibility="submitted")
    with refused(ValidationError, "error.field", field="submitted_by"):
        _risk(visibility="shared", submitted_by="1480")
    with refused(ValidationError, "error.field", field="submitted_by"):
        _risk(visibility="submitted", submitted_by="Partille kommun")


def test_only_a_risk_can_be_submitted() -> None:
    with refused(ValidationError, "error.field", field="visibility"):
        Decision(key="KL-2022-07", decided_on=date(2022, 6, 1), title="Lista",
                 visibility=Visibility.SUBMITTED)


def test_one_notion_of_shared() -> None:
    assert [v for v in Visibility if v.is_shared] == [Visibility.SHARED]
    assert _risk().is_shared
    assert not _risk(visibility="internal").is_shared
    assert not _risk(visibility="submitted", submitted_by="1480").is_shared


def _acceptance(**changes: Any) -> Acceptance:
    fields: dict[str, Any] = dict(proposed_by="anna", proposed_on=date(2026, 11, 1),
                                  rationale="Låg sannolikhet under pausen",
                                  expires=date(2027, 3, 31))
    fields.update(changes)
    return Acceptance(**fields)


def test_acceptance_rules() -> None:
    proposal = _acceptance()
    assert not proposal.approved and not proposal.in_force(date(2026, 11, 2))
    approved = attrs.evolve(proposal, approved_by="bo", approved_on=date(2026, 11, 3))
    assert approved.in_force(date(2027, 3, 31)) and not approved.in_force(date(2027, 4, 1))
    assert approved.expired(date(2027, 4, 1)) and not approved.expired(date(2027, 3, 31))
    risk = _risk(acceptance=approved)
    assert risk.accepted(date(2027, 1, 1)) and not risk.accepted(date(2027, 4, 1))
    with refused(ValidationError, "error.field", field="approved_by"):
        attrs.evolve(proposal, approved_by="anna", approved_on=date(2026, 11, 3))
    with refused(ValidationError, "error.field", field="approved_on"):
        attrs.evolve(proposal, approved_by="bo")
    with refused(ValidationError, "error.field", field="approved_on"):
        attrs.evolve(proposal, approved_on=date(2026, 11, 3))
    with refused(ValidationError, "error.field", field="expires"):
        _acceptance(expires=date(2026, 10, 31))
    with refused(ValidationError, "error.field", field="rationale"):
        _acceptance(rationale=" ")
    with refused(ValidationError, "error.field", field="acceptance"):
        _risk(visibility="submitted", submitted_by="1480", acceptance=proposal)


def test_person_fields() -> None:
    person = Person("anna.berg", "Anna Berg", "1480", "projektledare")
    assert person.role is Role.PROJEKTLEDARE
    for bad in ("", "anna berg", 'x"; drop', "a" * 64, "rad\n"):
        with refused(ValidationError, "error.field", field="login"):
            Person(bad, "Anna", "1480", Role.LASARE)
    with refused(ValidationError, "error.bad_choice"):
        from_doc({**to_doc(person), "role": "admin"}, Person)
    with refused(ValidationError, "error.field", field="organisation"):
        Person("anna", "Anna", "", Role.LASARE)


def test_note_fields() -> None:
    note = Note("N-12-1", "R-004", "1480", "anna", date(2026, 11, 22), "Vi ser samma sak 🏥")
    assert from_doc(to_doc(note), Note) == note
    Note("0b8f5bde-2b1c-4b4e-9a55-0d2b8a1f2c3d", "KL-2022-07", "", "anna", date(2026, 1, 1),
         "uuid-id")
    with refused(ValidationError, "error.field", field="key"):
        Note("N-1-1", "Vänersborg", "1480", "anna", date(2026, 1, 1), "x")
    with refused(ValidationError, "error.field", field="id"):
        Note("note-1", "R-004", "1480", "anna", date(2026, 1, 1), "x")
    with refused(ValidationError, "error.field", field="text"):
        Note("N-1-1", "R-004", "1480", "anna", date(2026, 1, 1), "")


def test_action_organisation_is_a_code() -> None:
    assert Action("Rutin", organisation="1480").organisation == "1480"
    with refused(ValidationError, "error.field", field="organisation"):
        Action("Rutin", organisation="Partille kommun")


@pytest.mark.parametrize("role", list(Role))
def test_every_role_has_both_words(role: Role) -> None:
    sv, en = riskreg.word("role", role, "sv"), riskreg.word("role", role, "en")
    assert sv != en and "role." not in sv + en
