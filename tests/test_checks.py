"""Health checks: each finding appears when its condition holds, and only then.

Today is fixed at 2026-11-22.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from strategies import TODAY, fixed_today, new_register

from riskreg import Action, ActionStatus, Rating, Register, Relation, Severity, next_review_due

A = "KL-2022-01"
B = "KL-2023-02"
C = "KL-2024-03"


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "riskreg.json"


@pytest.fixture
def reg(path: Path) -> Register:
    """A healthy register: nothing to report."""
    register = new_register(path)
    with register.batch():
        register.new_decision(key=A, decided_on="2022-02-01", title="Läkemedelsavstämning",
                              validity="applies")
        register.new_risk(key="R-001", title="Låg risk", area="it", inherent=Rating(1, 1),
                          created=date(2026, 10, 1))
        register.new_risk(key="R-002", title="Hög risk med åtgärd", area="lakemedel",
                          inherent=Rating(3, 3), created=date(2026, 10, 1),
                          actions=[Action("Dubbelkontroll")])
        register.link("R-001", Relation.MITIGATED_BY, A)
        register.link("R-002", Relation.MITIGATED_BY, A)
    return register


def found(register: Register) -> set[tuple[str, str]]:
    return {(f.code, f.key) for f in register.check()}


def test_healthy_register_has_no_findings(reg: Register) -> None:
    assert reg.check() == []


def add_decision(reg: Register, key: str, validity: str, **fields: Any) -> None:
    year = key.split("-")[1]
    reg.new_decision(key=key, decided_on=f"{year}-01-10", title=f"Beslut {key}", validity=validity,
                     **fields)


def add_risk(reg: Register, key: str, rating: tuple[int, int], created: str = "2026-10-01",
             mitigated_by: str | None = A, **fields: Any) -> None:
    reg.new_risk(key=key, title=f"Risk {key}", area="vard", inherent=Rating(*rating),
                 created=created, **fields)
    if mitigated_by:
        reg.link(key, Relation.MITIGATED_BY, mitigated_by)


def _depends_on_suspended(reg: Register) -> None:
    add_decision(reg, B, "suspended")
    reg.link(A, Relation.DEPENDS_ON, B)


def _depends_on_uncertain(reg: Register) -> None:
    add_decision(reg, B, "uncertain", review_by="2027-01-01")
    reg.link(A, Relation.DEPENDS_ON, B)


def _depends_on_applying(reg: Register) -> None:
    add_decision(reg, B, "applies")
    reg.link(A, Relation.DEPENDS_ON, B)


def _suspended_depends_on_suspended(reg: Register) -> None:
    add_decision(reg, B, "suspended")
    add_decision(reg, C, "suspended")
    reg.link(B, Relation.DEPENDS_ON, C)


def _only_mitigation_suspended(reg: Register) -> None:
    add_decision(reg, B, "suspended")
    add_risk(reg, "R-003", (1, 2), mitigated_by=B)


def _one_of_two_mitigations_applies(reg: Register) -> None:
    add_decision(reg, B, "suspended")
    add_risk(reg, "R-003", (1, 2), mitigated_by=B)
    reg.link("R-003", Relation.MITIGATED_BY, A)


def _high_without_mitigation(reg: Register) -> None:
    add_risk(reg, "R-003", (3, 3), mitigated_by=None, actions=[Action("Utbildning")])


def _low_without_mitigation(reg: Register) -> None:
    add_risk(reg, "R-003", (1, 2), mitigated_by=None)


def _closed_exposed(reg: Register) -> None:
    add_decision(reg, B, "suspended")
    add_risk(reg, "R-003", (4, 4), mitigated_by=B, status="closed")


def _review_by_passed(reg: Register) -> None:
    add_decision(reg, B, "uncertain", review_by="2026-11-21")


def _review_by_today(reg: Register) -> None:
    add_decision(reg, B, "uncertain", review_by="2026-11-22")


def _high_overdue(reg: Register) -> None:  # high: every 90 days; due 2026-08-30
    add_risk(reg, "R-003", (3, 3), created="2026-06-01", actions=[Action("Rutin")])


def _high_due_today(reg: Register) -> None:  # 2026-08-24 + 90 days = 2026-11-22
    add_risk(reg, "R-003", (3, 3), created="2026-08-24", actions=[Action("Rutin")])


def _medium_overdue(reg: Register) -> None:  # medium: every 180 days; due 2026-10-28
    add_risk(reg, "R-003", (2, 2), created="2026-05-01")


def _medium_not_yet_due(reg: Register) -> None:  # due 2026-11-28
    add_risk(reg, "R-003", (2, 2), created="2026-06-01")


def _low_old_but_reviewed(reg: Register) -> None:  # low: 365 days from the last review
    add_risk(reg, "R-003", (1, 1), created="2024-01-01", last_reviewed="2026-01-05")


def _low_overdue(reg: Register) -> None:
    add_risk(reg, "R-003", (1, 1), created="2024-01-01", last_reviewed="2025-11-01")


def _very_high_overdue_by_residual(reg: Register) -> None:  # residual counts: very high, 30 days
    add_risk(reg, "R-003", (1, 1), created="2026-10-01", residual=[4, 4],
             actions=[Action("Rutin")])


def _closed_overdue(reg: Register) -> None:
    add_risk(reg, "R-003", (3, 3), created="2020-01-01", status="closed")


def _high_without_actions(reg: Register) -> None:
    add_risk(reg, "R-003", (3, 3))


def _high_with_only_done_actions(reg: Register) -> None:
    add_risk(reg, "R-003", (3, 3), actions=[Action("Klart", status=ActionStatus.DONE)])


def _action_past_due(reg: Register) -> None:
    add_risk(reg, "R-003", (1, 2), actions=[Action("Ring MAS", due=date(2026, 11, 21))])


def _action_due_today(reg: Register) -> None:
    add_risk(reg, "R-003", (1, 2), actions=[Action("Ring MAS", due=date(2026, 11, 22))])


def _done_action_past_due(reg: Register) -> None:
    add_risk(reg, "R-003", (1, 2),
             actions=[Action("Ring MAS", status="done", due=date(2026, 1, 1))])


def _assess_suspends_the_mitigation(reg: Register) -> None:
    reg.assess(A, "suspended", rationale="Pausen")


def _assess_flags_a_dependent_decision(reg: Register) -> None:
    add_decision(reg, B, "applies")
    reg.link(B, Relation.DEPENDS_ON, A)
    reg.assess(A, "suspended", rationale="Pausen")


def _successor_applies_too(reg: Register) -> None:
    add_decision(reg, B, "applies")
    reg.link(B, Relation.SUPERSEDES, A)


def _successor_suspended(reg: Register) -> None:
    add_decision(reg, B, "suspended")
    reg.link(B, Relation.SUPERSEDES, A)


SCENARIOS: list[tuple[Callable[[Register], None], set[tuple[str, str]]]] = [
    (_depends_on_suspended, {("conflict", A)}),
    (_depends_on_uncertain, {("conflict", A)}),
    (_depends_on_applying, set()),
    (_suspended_depends_on_suspended, set()),
    (_only_mitigation_suspended, {("exposed", "R-003")}),
    (_one_of_two_mitigations_applies, set()),
    (_high_without_mitigation, {("exposed", "R-003")}),
    (_low_without_mitigation, set()),
    (_closed_exposed, set()),
    (_review_by_passed, {("review_by_passed", B)}),
    (_review_by_today, set()),
    (_high_overdue, {("review_overdue", "R-003")}),
    (_high_due_today, set()),
    (_medium_overdue, {("review_overdue", "R-003")}),
    (_medium_not_yet_due, set()),
    (_low_old_but_reviewed, set()),
    (_low_overdue, {("review_overdue", "R-003")}),
    (_very_high_overdue_by_residual, {("review_overdue", "R-003")}),
    (_closed_overdue, set()),
    (_high_without_actions, {("high_without_actions", "R-003")}),
    (_high_with_only_done_actions, set()),
    (_action_past_due, {("action_past_due", "R-003")}),
    (_action_due_today, set()),
    (_done_action_past_due, set()),
    (
        _assess_suspends_the_mitigation,
        {("exposed", "R-001"), ("exposed", "R-002"),
         ("needs_review", "R-001"), ("needs_review", "R-002")},
    ),
    (
        _assess_flags_a_dependent_decision,
        {("conflict", B), ("exposed", "R-001"), ("exposed", "R-002"),
         ("needs_review", "R-001"), ("needs_review", "R-002"), ("needs_review", B)},
    ),
    (_successor_applies_too, {("superseded_applies", A)}),
    (_successor_suspended, set()),
]


@pytest.mark.parametrize(("scenario", "expected"), SCENARIOS,
                         ids=[f.__name__.strip("_") for f, _ in SCENARIOS])
def test_finding_appears_exactly_when_it_should(
    reg: Register, path: Path, scenario: Callable[[Register], None], expected: set[tuple[str, str]]
) -> None:
    with reg.batch():
        scenario(reg)
    assert found(reg) == expected
    # the same answer from the file, as another process (the CLI, the TUI) would see it
    assert found(Register.open(path, today=fixed_today)) == expected
    for finding in reg.check():
        for lang in ("sv", "en"):
            text = finding.message(lang)
            assert finding.key in text and "{" not in text


def test_closed_high_risk_without_actions_is_not_reported(reg: Register) -> None:
    add_risk(reg, "R-003", (3, 3), status="closed")
    assert found(reg) == set()


def test_findings_sorted_errors_first(reg: Register) -> None:
    with reg.batch():
        _depends_on_suspended(reg)
        _action_past_due(reg)
        reg.assess(B, "uncertain", review_by=date(2026, 11, 1))
    findings = reg.check()
    order = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
    assert [order[f.severity] for f in findings] == sorted(order[f.severity] for f in findings)
    assert {f.code: f.severity for f in findings}["conflict"] is Severity.ERROR
    assert {f.code: f.severity for f in findings}["action_past_due"] is Severity.WARNING
    assert ("review_by_passed", B) in found(reg)


def test_mark_reviewed_clears_overdue(reg: Register) -> None:
    _high_overdue(reg)
    assert ("review_overdue", "R-003") in found(reg)
    reg.mark_reviewed("R-003", note="Genomgången på riskmötet")
    assert ("review_overdue", "R-003") not in found(reg)
    assert next_review_due(reg.risk("R-003"), reg.matrix) == date(2027, 2, 20)  # 90 days on


def test_overdue_follows_the_register_matrix(tmp_path: Path) -> None:
    from riskreg import RiskMatrix

    register = new_register(tmp_path / "iso.json", matrix=RiskMatrix.iso_5x5())
    register.new_decision(key=A, decided_on="2022-01-01", title="Beslut", validity="applies")
    # 3 x 3 = 9 is medium (180 days) on the 5x5 matrix, high (90 days) on the 4x4
    add_risk(register, "R-001", (3, 3), created="2026-07-01")
    assert found(register) == set()
    add_risk(register, "R-002", (5, 4), created="2026-10-01", actions=[Action("Rutin")])
    assert found(register) == {("review_overdue", "R-002")}  # very high: 30 days


def test_today_comes_from_the_register(path: Path, reg: Register) -> None:
    _high_overdue(reg)
    assert ("review_overdue", "R-003") in found(reg)
    earlier = Register.open(path, today=lambda: date(2026, 8, 1))
    assert ("review_overdue", "R-003") not in found(earlier)
    assert reg.today() == TODAY


def test_cycle_written_by_hand_is_found(path: Path, reg: Register) -> None:
    with reg.batch():
        add_decision(reg, B, "applies")
        add_decision(reg, C, "applies")
        reg.link(B, Relation.DEPENDS_ON, C)
    assert found(reg) == set()
    # bypass the API (which refuses it): close the cycle in the file itself
    data = json.loads(path.read_bytes())
    links = data["links"]
    links[str(max(int(i) for i in links) + 1)] = {
        "source": C, "relation": "supersedes", "target": B, "note": "handskriven"
    }
    data["_meta"]["1"]["counts"]["links"] += 1  # the header counts each table's records
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    with Register.open(path, today=fixed_today) as reopened:
        findings = [f for f in reopened.check() if f.code == "cycle"]
        assert [(f.key, f.severity) for f in findings] == [(B, Severity.ERROR)]
        assert f"{B} -> {C} -> {B}" in findings[0].message("en")
        # C supersedes B and both apply: a warning besides the cycle
        assert found(reopened) == {("cycle", B), ("superseded_applies", B)}


def test_flagged_decisions_are_findings_like_flagged_risks(example: Register) -> None:
    """An assessment that flags risks and decisions: check lists a finding for each flag,
    and the CLI (text and JSON) counts them the same way."""
    from click.testing import CliRunner

    from riskreg.cli import cli

    key = "KL-2022-03"
    flagged = set(example.graph.affected(key))
    example.assess(key, "suspended", rationale="Pausen")
    decisions = {k for k in flagged if k.startswith("KL-")}
    assert decisions and len(flagged) == 17
    findings = example.check()
    review = [f for f in findings if f.code == "needs_review"]
    assert {f.key for f in review} == flagged and len(review) == 17
    for finding in review:
        assert finding.severity is Severity.INFO
        assert key in finding.message("sv") and key in finding.message("en")

    def cli_run(*args: str) -> str:
        result = CliRunner().invoke(cli, ["--db", str(example.path), "check", *args],
                                    env={"RISKREG_TODAY": TODAY.isoformat()})
        assert result.exit_code == 1, result.stdout
        return result.stdout

    doc = json.loads(cli_run("--json"))
    assert doc["counts"]["info"] == 17
    assert {f["key"] for f in doc["findings"] if f["code"] == "needs_review"} == flagged
    assert len(doc["findings"]) == len(findings)
    text = cli_run()
    assert "Information (17)" in text and "information: 17" in text
    for decision in decisions:
        assert f"{decision} behöver granskas" in text
    # marking a decision reviewed clears its finding
    example.mark_reviewed(sorted(decisions)[0], note="Granskad")
    assert len([f for f in example.check() if f.code == "needs_review"]) == 16


def test_a_flagged_closed_risk_is_a_finding_too(example: Register) -> None:
    """An assessment flags what the graph reaches, closed risks included (``risk show`` says
    they need review): check lists every flag, so its count is what the assessment said."""
    key = "KL-2024-07"
    flagged = set(example.graph.affected(key))
    example.assess(key, "suspended", rationale="Pausen")
    closed = {r.key for r in example.risks() if r.key in flagged and not r.is_open}
    assert closed, "the example should flag a closed risk here"
    review = {f.key for f in example.check() if f.code == "needs_review"}
    assert review == flagged
