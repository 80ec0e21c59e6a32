"""Risk acceptance with an approver and an expiry (issue 10): proposed by one editor,
approved by another; it lapses, and the risk is flagged for review with the reason, when
the risk's value goes up, a mitigating decision stops applying, or it expires."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from strategies import new_register, refused

from riskreg import (
    AccessError,
    NotFoundError,
    Person,
    Register,
    Role,
    ValidationError,
    Validity,
    Visibility,
)

TODAY = date(2026, 11, 22)
EXPIRES = date(2026, 12, 31)


class Clock:
    """A register's today that a test can move."""

    def __init__(self) -> None:
        self.day = TODAY

    def __call__(self) -> date:
        return self.day


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def path(tmp_path: Path, clock: Clock) -> Path:
    target = tmp_path / "riskreg.json"
    reg = new_register(target, user="anna", today=clock)
    with reg.batch(why="uppbyggnad"):
        reg.new_decision(key="KL-2022-01", decided_on="2022-03-01", title="Rutin",
                         validity="applies")
        reg.new_decision(key="KL-2022-02", decided_on="2022-03-01", title="Annan rutin",
                         validity="applies")
        reg.new_risk(key="R-001", title="Parallella system", area="it", inherent=(3, 3),
                     residual=(2, 2))
        reg.new_risk(key="R-002", title="Annan risk", area="it", inherent=(2, 2))
        reg.link("R-001", "mitigated_by", "KL-2022-01")
    reg.close()
    return target


def as_user(path: Path, clock: Clock, user: str) -> Register:
    return Register.open(path, user=user, today=clock)


def accepted(path: Path, clock: Clock) -> None:
    """R-001 accepted until EXPIRES: proposed by anna, approved by bo."""
    with as_user(path, clock, "anna") as reg:
        reg.propose_acceptance("R-001", "Låg sannolikhet under pausen", EXPIRES)
    with as_user(path, clock, "bo") as reg:
        reg.approve_acceptance("R-001")


# --- propose, approve, reject -------------------------------------------------------------------


def test_an_acceptance_is_proposed_by_one_and_approved_by_another(path: Path,
                                                                  clock: Clock) -> None:
    with as_user(path, clock, "anna") as reg:
        risk = reg.propose_acceptance("R-001", "Låg sannolikhet under pausen", "2026-12-31")
        assert risk.acceptance is not None and risk.acceptance.proposed_by == "anna"
        assert not risk.accepted(TODAY)  # proposed, not yet approved
        with refused(AccessError, "error.access.approve_own", key="R-001", who="anna"):
            reg.approve_acceptance("R-001")  # on a file register: another user name
        assert reg.history("R-001")[-1].action == "propose_acceptance"
    with as_user(path, clock, "bo") as reg:
        risk = reg.approve_acceptance("R-001", why="Ledningsrådet")
        assert risk.accepted(TODAY) and risk.accepted(EXPIRES)
        assert not risk.accepted(date(2027, 1, 1))
        assert risk.acceptance is not None
        assert (risk.acceptance.approved_by, risk.acceptance.approved_on) == ("bo", TODAY)
        change = reg.history("R-001")[-1]
        assert (change.action, change.user, change.why) == (
            "approve_acceptance", "bo", "Ledningsrådet")
        with refused(ValidationError, "error.acceptance_approved"):
            reg.approve_acceptance("R-001")


def test_an_editor_cannot_approve_their_own_proposal_as_a_person(path: Path,
                                                                 clock: Clock) -> None:
    anna = Person("anna", "Anna", "VGR", Role.REDAKTOR)
    bo = Person("bo", "Bo", "VGR", Role.REDAKTOR)
    with Register.open(path, person=anna, today=clock) as reg:
        reg.propose_acceptance("R-001", "Låg", EXPIRES)
        with refused(AccessError, "error.access.approve_own"):
            reg.approve_acceptance("R-001")
        assert not reg.may("approve_acceptance", "R-001")
    with Register.open(path, person=bo, today=clock) as reg:
        assert reg.may("approve_acceptance", "R-001")
        assert reg.approve_acceptance("R-001").accepted(TODAY)


def test_what_cannot_be_proposed_or_approved(path: Path, clock: Clock) -> None:
    with as_user(path, clock, "anna") as reg:
        with refused(ValidationError, "error.no_acceptance", key="R-002"):
            reg.approve_acceptance("R-002")
        with refused(ValidationError, "error.acceptance_expires"):
            reg.propose_acceptance("R-001", "Låg", date(2026, 11, 21))
        with refused(ValidationError, "error.field", field="rationale"):
            reg.propose_acceptance("R-001", "", EXPIRES)
        with refused(ValidationError, "error.unsupported_change"):
            reg.update_risk("R-001", acceptance=None)
        reg.submit_risk(organisation="1402", title="Inlämnad", area="it", inherent=(1, 1))
        with refused(ValidationError, "error.is_a_submission"):
            reg.propose_acceptance("R-003", "Låg", EXPIRES)
    lead = Person("pl", "Pia", "1402", Role.PROJEKTLEDARE)
    with Register.open(path, person=lead, today=clock) as reg, refused(
            AccessError, "error.access.propose_acceptance"):
        reg.propose_acceptance("R-001", "Låg", EXPIRES)


def test_a_proposal_can_be_turned_down_and_an_acceptance_revoked(path: Path,
                                                                 clock: Clock) -> None:
    with as_user(path, clock, "anna") as reg:
        reg.propose_acceptance("R-001", "Låg", EXPIRES)
    with as_user(path, clock, "bo") as reg:
        risk = reg.reject_acceptance("R-001", why="Inte utan åtgärd")
        assert risk.acceptance is None
        assert reg.history("R-001")[-1].action == "reject_acceptance"
        with refused(ValidationError, "error.no_acceptance"):
            reg.reject_acceptance("R-001")
    accepted(path, clock)
    with as_user(path, clock, "anna") as reg:
        assert reg.reject_acceptance("R-001").acceptance is None


# --- lapses on a material change -------------------------------------------------------------


def test_it_lapses_when_the_risk_value_goes_up(path: Path, clock: Clock) -> None:
    accepted(path, clock)
    with as_user(path, clock, "anna") as reg:
        # a change that does not raise the value keeps it
        risk = reg.update_risk("R-001", title="Parallella system, nytt namn", residual=(1, 2))
        assert risk.accepted(TODAY)
        risk = reg.update_risk("R-001", residual=(3, 4), why="Fler patienter berörs")
        assert risk.acceptance is None and not risk.accepted(TODAY)
        assert reg.risk("R-001") == risk
        reason = risk.review_reasons[-1]
        assert (reason.kind, reason.trigger, reason.detail) == (
            "acceptance_lapsed", "R-001", "value 2 -> 12")
        assert [c.action for c in reg.history("R-001")[-2:]] == ["update", "lapse"]
        finding = next(f for f in reg.check() if f.key == "R-001" and f.code == "needs_review")
        assert finding.message("sv") == (
            "R-001 behöver granskas: Acceptansen upphörde: riskvärdet steg från 2 till 12")
        assert finding.message("en") == (
            "R-001 needs review: The acceptance lapsed: the risk value rose from 2 to 12")


def test_it_lapses_when_the_inherent_value_goes_up(path: Path, clock: Clock) -> None:
    accepted(path, clock)
    with as_user(path, clock, "anna") as reg:
        risk = reg.update_risk("R-001", inherent=(4, 4))
        assert risk.acceptance is None
        assert risk.review_reasons[-1].detail == "inherent 9 -> 16"


def test_it_lapses_when_a_mitigating_decision_stops_applying(path: Path,
                                                             clock: Clock) -> None:
    accepted(path, clock)
    with as_user(path, clock, "anna") as reg:
        reg.assess("KL-2022-02", Validity.SUSPENDED)  # mitigates nothing of R-001
        assert reg.risk("R-001").accepted(TODAY)
        reg.assess("KL-2022-01", Validity.UNCERTAIN, review_by=date(2027, 2, 1),
                   rationale="Bygger på pausad design")
        risk = reg.risk("R-001")
        assert risk.acceptance is None
        kinds = {(r.kind, r.trigger, r.detail) for r in risk.review_reasons}
        assert ("acceptance_lapsed", "KL-2022-01", "validity applies -> uncertain") in kinds
        assert ("validity_changed", "KL-2022-01", "applies -> uncertain") in kinds
        finding = next(f for f in reg.check() if f.key == "R-001"
                       and f.params.get("reason_kind") == "acceptance_lapsed")
        assert finding.message("sv").endswith(
            "KL-2022-01, som mildrar risken, ändrades: gäller nu → under bedömning")


def test_a_decision_that_did_not_apply_before_lapses_nothing(path: Path, clock: Clock) -> None:
    with as_user(path, clock, "anna") as reg:
        reg.assess("KL-2022-01", Validity.UNCERTAIN, review_by=date(2027, 2, 1))
    accepted(path, clock)
    with as_user(path, clock, "anna") as reg:
        reg.assess("KL-2022-01", Validity.SUSPENDED)
        assert reg.risk("R-001").accepted(TODAY)


def test_it_lapses_when_the_mitigation_is_unlinked(path: Path, clock: Clock) -> None:
    accepted(path, clock)
    with as_user(path, clock, "anna") as reg:
        reg.unlink("R-001", "mitigated_by", "KL-2022-01")
        reason = reg.risk("R-001").review_reasons[-1]
        assert reg.risk("R-001").acceptance is None
        assert (reason.kind, reason.trigger, reason.detail) == (
            "acceptance_lapsed", "KL-2022-01", "unlinked")


def test_a_refused_change_lapses_nothing(path: Path, clock: Clock) -> None:
    accepted(path, clock)
    before = path.read_bytes()
    with as_user(path, clock, "anna") as reg, pytest.raises(NotFoundError):
        reg.update_risk("R-001", residual=(4, 4), area="finns-inte")
    assert path.read_bytes() == before


# --- expiry --------------------------------------------------------------------------------


def test_an_expired_acceptance_is_a_finding_then_a_flag_at_the_next_write(
    path: Path, clock: Clock,
) -> None:
    accepted(path, clock)
    clock.day = date(2027, 1, 2)
    with as_user(path, clock, "anna") as reg:
        risk = reg.risk("R-001")
        assert not risk.accepted(clock.day) and risk.acceptance is not None
        codes = [(f.code, f.key) for f in reg.check() if f.key == "R-001"]
        assert ("acceptance_expired", "R-001") in codes
        finding = next(f for f in reg.check() if f.code == "acceptance_expired")
        assert finding.message("en") == (
            "The acceptance of R-001 expired on 2026-12-31: review the risk")
        revision = risk.revision
        # the next write (of anything) clears it and flags the risk
        reg.update_risk("R-002", title="Annan risk, ny titel")
        risk = reg.risk("R-001")
        assert risk.acceptance is None and risk.revision == revision + 1
        reason = risk.review_reasons[-1]
        assert (reason.kind, reason.trigger, reason.detail) == (
            "acceptance_expired", "R-001", "2026-12-31")
        assert reg.history("R-001")[-1].action == "lapse"
        codes = [(f.code, f.params.get("reason_kind")) for f in reg.check() if f.key == "R-001"]
        assert ("acceptance_expired", None) not in codes
        assert ("needs_review", "acceptance_expired") in codes
        reg.mark_reviewed("R-001", note="Ny bedömning behövs")
        assert not reg.risk("R-001").needs_review


def test_a_change_based_on_the_expired_risk_is_no_conflict(path: Path, clock: Clock) -> None:
    """The write that clears an expired acceptance is the caller's own: an edit of that very
    risk, based on the revision the caller read, goes through."""
    accepted(path, clock)
    clock.day = date(2027, 1, 2)
    with as_user(path, clock, "anna") as reg:
        held = reg.risk("R-001")
        risk = reg.update_risk("R-001", owner="MAS", expected_revision=held.revision)
        assert risk.owner == "MAS" and risk.acceptance is None
        assert risk.revision == held.revision + 2  # the lapse, then the edit
        assert reg.risk("R-001") == risk


def test_reviewing_an_expired_acceptance_clears_the_finding(path: Path, clock: Clock) -> None:
    accepted(path, clock)
    clock.day = date(2027, 1, 2)
    with as_user(path, clock, "anna") as reg:
        reg.mark_reviewed("R-001")
        risk = reg.risk("R-001")
        assert risk.acceptance is None and not risk.needs_review
        assert not [f for f in reg.check() if f.key == "R-001"
                    and f.code in ("acceptance_expired", "needs_review")]


def test_an_expired_proposal_cannot_be_approved(path: Path, clock: Clock) -> None:
    with as_user(path, clock, "anna") as reg:
        reg.propose_acceptance("R-001", "Låg", EXPIRES)
    clock.day = date(2027, 1, 1)
    before = path.read_bytes()
    with as_user(path, clock, "bo") as reg, refused(
            ValidationError, "error.acceptance_expired", key="R-001", expires="2026-12-31"):
        reg.approve_acceptance("R-001")
    assert path.read_bytes() == before


def test_a_project_leads_write_leaves_expired_acceptances_to_the_editors(
    path: Path, clock: Clock,
) -> None:
    accepted(path, clock)
    clock.day = date(2027, 1, 2)
    lead = Person("pl", "Pia", "1402", Role.PROJEKTLEDARE)
    with Register.open(path, person=lead, today=clock) as reg:
        reg.submit_risk(title="Vår risk", area="it", inherent=(1, 1))
    with as_user(path, clock, "anna") as reg:
        assert reg.risk("R-001").acceptance is not None
        assert reg.risk("R-003").visibility is Visibility.SUBMITTED
