"""The access matrix of issue 10, row by row, through :func:`riskreg.access.allowed`.

Each row names an operation on an item kind and the answer for redaktör, bedömare,
projektledare and läsare, as the table in ``riskreg/access.py`` (and access.md) has it. The
people are of Partille (1402, Göteborgsregionen); "concerning" items are scoped to
Göteborgsregionen, "not concerning" ones to Uddevalla (Fyrbodal). The same rows run through
the Register API in ``tests/test_access_register.py``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs
import pytest

from riskreg import (
    Acceptance,
    Action,
    Decision,
    Directory,
    Note,
    Person,
    Rating,
    Risk,
    Role,
    Scope,
    Visibility,
)
from riskreg.access import Operation, Verdict, allowed, readable

PARTILLE, GOTEBORG, UDDEVALLA = "1402", "1480", "1485"
DIRECTORY = Directory()
ROLES = (Role.REDAKTOR, Role.BEDOMARE, Role.PROJEKTLEDARE, Role.LASARE)
TODAY = date(2026, 11, 22)


def person(role: Role, organisation: str = PARTILLE) -> Person:
    return Person(f"{role}_{organisation}", f"{role} i {organisation}", organisation, role)


def risk(key: str = "R-001", **fields: Any) -> Risk:
    fields.setdefault("scope", Scope.association("Göteborgsregionen"))
    return Risk(key=key, title=f"Risk {key}", area="it", inherent=Rating(2, 2), created=TODAY,
                **fields)


def decision(key: str = "KL-2022-01", **fields: Any) -> Decision:
    fields.setdefault("scope", Scope.association("Göteborgsregionen"))
    return Decision(key=key, decided_on=date(2022, 3, 1), title=f"Beslut {key}", **fields)


SHARED = risk()
NOT_CONCERNING = risk(scope=Scope.municipalities(UDDEVALLA))
INTERNAL_RISK = risk(visibility=Visibility.INTERNAL)
INTERNAL_DECISION = decision(visibility=Visibility.INTERNAL)
SHARED_DECISION = decision()
NOT_CONCERNING_DECISION = decision(scope=Scope.municipalities(UDDEVALLA))
OWN_SUBMISSION = risk(visibility=Visibility.SUBMITTED, submitted_by=PARTILLE,
                      scope=Scope.municipalities(PARTILLE))
OTHER_SUBMISSION = risk(visibility=Visibility.SUBMITTED, submitted_by=GOTEBORG,
                        scope=Scope.municipalities(GOTEBORG))
PROPOSED = risk(acceptance=Acceptance("someone_else", TODAY, "låg", date(2027, 1, 1)))
OWN_NOTE = Note("N-1-1", "R-001", PARTILLE, "a", TODAY, "vår anteckning")
OTHER_NOTE = Note("N-1-2", "R-001", GOTEBORG, "b", TODAY, "deras anteckning")
Y, N = True, False

#: (row, operation, item, keywords, (redaktör, bedömare, projektledare, läsare))
MATRIX: list[tuple[str, Operation, Any, dict[str, Any], tuple[bool, bool, bool, bool]]] = [
    ("read shared risk concerning own org", Operation.READ, SHARED, {}, (Y, Y, Y, Y)),
    ("read shared decision concerning own org", Operation.READ, SHARED_DECISION, {},
     (Y, Y, Y, Y)),
    ("read shared risk not concerning own org", Operation.READ, NOT_CONCERNING, {},
     (Y, Y, N, N)),
    ("read shared decision not concerning own org", Operation.READ, NOT_CONCERNING_DECISION,
     {}, (Y, Y, N, N)),
    ("read internal risk", Operation.READ, INTERNAL_RISK, {}, (Y, N, N, N)),
    ("read internal decision", Operation.READ, INTERNAL_DECISION, {}, (Y, Y, N, N)),
    ("read own org's submission", Operation.READ, OWN_SUBMISSION, {}, (Y, N, Y, Y)),
    ("read other org's submission", Operation.READ, OTHER_SUBMISSION, {}, (Y, N, N, N)),
    ("add a risk or decision", Operation.ADD, None, {}, (Y, N, N, N)),
    ("edit a risk", Operation.EDIT, SHARED, {}, (Y, N, N, N)),
    ("edit a decision", Operation.EDIT, SHARED_DECISION, {}, (Y, N, N, N)),
    ("remove a risk", Operation.REMOVE, SHARED, {}, (Y, N, N, N)),
    ("assess a decision", Operation.ASSESS, SHARED_DECISION, {}, (Y, Y, N, N)),
    ("assess an internal decision", Operation.ASSESS, INTERNAL_DECISION, {}, (Y, Y, N, N)),
    ("mark a decision reviewed", Operation.REVIEW, SHARED_DECISION, {}, (Y, Y, N, N)),
    ("link / unlink", Operation.LINK, None, {}, (Y, N, N, N)),
    ("mark a risk reviewed", Operation.REVIEW, SHARED, {}, (Y, N, N, N)),
    ("submit own org's risk", Operation.SUBMIT, None, {"organisation": PARTILLE},
     (Y, N, Y, N)),
    ("submit another org's risk", Operation.SUBMIT, None, {"organisation": GOTEBORG},
     (Y, N, N, N)),
    ("edit own pending submission", Operation.EDIT_SUBMISSION, OWN_SUBMISSION, {},
     (Y, N, Y, N)),
    ("edit (as EDIT) own pending submission", Operation.EDIT, OWN_SUBMISSION, {},
     (Y, N, Y, N)),
    ("withdraw (as REMOVE) own pending submission", Operation.REMOVE, OWN_SUBMISSION, {},
     (Y, N, Y, N)),
    ("edit other org's pending submission", Operation.EDIT_SUBMISSION, OTHER_SUBMISSION, {},
     (Y, N, N, N)),
    ("take a submission into the joint analysis", Operation.TAKE_SUBMISSION, OWN_SUBMISSION,
     {}, (Y, N, N, N)),
    ("recognise a joint risk for own org", Operation.RECOGNISE, SHARED,
     {"organisation": PARTILLE}, (Y, N, Y, N)),
    ("recognise a joint risk for another org", Operation.RECOGNISE, SHARED,
     {"organisation": GOTEBORG}, (Y, N, N, N)),
    ("recognise a risk that does not concern own org", Operation.RECOGNISE, NOT_CONCERNING,
     {"organisation": PARTILLE}, (Y, N, N, N)),
    ("update status of an action owned by own org", Operation.ACTION_STATUS, SHARED,
     {"action": Action("Rutin", organisation=PARTILLE)}, (Y, N, Y, N)),
    ("update status of an action owned by another org", Operation.ACTION_STATUS, SHARED,
     {"action": Action("Rutin", organisation=GOTEBORG)}, (Y, N, N, N)),
    ("update status of an action owned by nobody", Operation.ACTION_STATUS, SHARED,
     {"action": Action("Rutin")}, (Y, N, N, N)),
    ("add a note on a readable item", Operation.NOTE, SHARED, {}, (Y, Y, Y, N)),
    ("add a note on an unreadable item", Operation.NOTE, INTERNAL_RISK, {}, (Y, N, N, N)),
    ("read own org's note", Operation.READ, OWN_NOTE, {}, (Y, Y, Y, Y)),
    ("read another org's note", Operation.READ, OTHER_NOTE, {}, (Y, Y, N, N)),
    ("propose acceptance", Operation.PROPOSE_ACCEPTANCE, SHARED, {}, (Y, N, N, N)),
    ("approve acceptance (not own proposal)", Operation.APPROVE_ACCEPTANCE, PROPOSED, {},
     (Y, N, N, N)),
    ("export to own org", Operation.EXPORT, None, {"organisation": PARTILLE}, (Y, N, Y, N)),
    ("record an export", Operation.RECORD_EDITION, None, {}, (Y, N, N, N)),
    ("export to another org", Operation.EXPORT, None, {"organisation": GOTEBORG},
     (Y, N, N, N)),
    ("user administration", Operation.ADMIN, None, {}, (Y, N, N, N)),
    ("keep the contacts", Operation.CONTACTS, None, {}, (Y, N, N, N)),
    ("send the status, write the delivery log", Operation.DELIVER, None, {}, (Y, N, N, N)),
]


@pytest.mark.parametrize(("row", "operation", "item", "keywords", "expected"), MATRIX,
                         ids=[row[0] for row in MATRIX])
def test_matrix_row(row: str, operation: Operation, item: Any, keywords: dict[str, Any],
                    expected: tuple[bool, ...]) -> None:
    got = tuple(bool(allowed(person(role), operation, item, directory=DIRECTORY, **keywords))
                for role in ROLES)
    assert got == expected, row


@pytest.mark.parametrize(("row", "operation", "item", "keywords", "expected"), MATRIX,
                         ids=[row[0] for row in MATRIX])
def test_a_register_without_people_allows_everything(
    row: str, operation: Operation, item: Any, keywords: dict[str, Any],
    expected: tuple[bool, ...],
) -> None:
    assert allowed(None, operation, item, directory=DIRECTORY, **keywords) == Verdict(True)


def test_every_operation_has_a_row() -> None:
    assert {op for _row, op, *_rest in MATRIX} == set(Operation)


def test_an_editor_may_not_approve_their_own_proposal() -> None:
    editor = person(Role.REDAKTOR)
    own = attrs.evolve(PROPOSED, acceptance=attrs.evolve(PROPOSED.acceptance,
                                                         proposed_by=editor.login))
    verdict = allowed(editor, Operation.APPROVE_ACCEPTANCE, own, directory=DIRECTORY)
    assert not verdict and verdict.reason_key == "error.access.approve_own"
    assert verdict.message("en") == (
        f"{editor.login} proposed accepting R-001: another editor must approve it")


def test_reading_follows_the_export_scope_rule() -> None:
    """One rule, two uses: a project lead reads a shared item exactly when its scope concerns
    their organisation, as the export decides what their report holds."""
    scopes = [Scope.everyone(), Scope.region(), Scope.association("Göteborgsregionen"),
              Scope.association("Fyrbodal"), Scope.care_area("Göteborgsområdet"),
              Scope.care_area("Fyrbodal"), Scope.municipalities(PARTILLE),
              Scope.municipalities(GOTEBORG, UDDEVALLA)]
    for org in DIRECTORY:
        lead = person(Role.PROJEKTLEDARE, org.code)
        for scope in scopes:
            assert readable(lead, risk(scope=scope), DIRECTORY) == scope.concerns(org)
            assert readable(lead, decision(scope=scope), DIRECTORY) == scope.concerns(org)


def test_an_organisation_outside_the_directory_reads_what_concerns_everyone() -> None:
    vastkom = person(Role.LASARE, "VASTKOM")
    assert readable(vastkom, risk(scope=Scope.everyone()), DIRECTORY)
    assert not readable(vastkom, risk(scope=Scope.region()), DIRECTORY)
    assert not readable(vastkom, SHARED, DIRECTORY)


@pytest.mark.parametrize(("row", "operation", "item", "keywords", "expected"), MATRIX,
                         ids=[row[0] for row in MATRIX])
def test_every_refusal_says_why_in_one_line_in_both_languages(
    row: str, operation: Operation, item: Any, keywords: dict[str, Any],
    expected: tuple[bool, ...],
) -> None:
    for role, may in zip(ROLES, expected, strict=True):
        verdict = allowed(person(role), operation, item, directory=DIRECTORY, **keywords)
        if may:
            assert verdict.reason_key == "" and verdict.message() == ""
            continue
        assert verdict.reason_key.startswith("error.access."), row
        sv, en = verdict.message("sv"), verdict.message("en")
        for text in (sv, en):
            assert text and "\n" not in text and "{" not in text and "error." not in text
        assert sv != en
        error = verdict.error()
        assert error.key == verdict.reason_key and error.message("sv") == sv
        # the role is named, in the message's language
        assert {Role.REDAKTOR: "redaktör", Role.BEDOMARE: "bedömare",
                Role.PROJEKTLEDARE: "projektledare", Role.LASARE: "läsare"}[role] in sv
        assert {Role.REDAKTOR: "editor", Role.BEDOMARE: "assessor",
                Role.PROJEKTLEDARE: "project lead", Role.LASARE: "reader"}[role] in en


def test_the_message_names_the_role_and_the_reason() -> None:
    verdict = allowed(person(Role.PROJEKTLEDARE), Operation.EDIT, SHARED, directory=DIRECTORY)
    assert verdict.message("sv") == (
        "Som projektledare får du inte lägga till, ändra eller ta bort risker och beslut: "
        "det gör redaktörerna")
    assert verdict.message("en") == (
        "As project lead you may not add, change or remove risks and decisions: the editors do")
    other = allowed(person(Role.PROJEKTLEDARE), Operation.SUBMIT, None, directory=DIRECTORY,
                    organisation=GOTEBORG)
    assert other.message("sv") == "Som projektledare lämnar du in risker för Partille, inte för " \
        "Göteborg"
