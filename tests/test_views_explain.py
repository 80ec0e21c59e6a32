"""What the library tells a UI beyond the stored fields: why an item is flagged (the path of
links from what changed), when a done action was done, and who changes are recorded as."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import riskreg
from riskreg.graph import Step
from riskreg.model import Relation

TODAY = date(2026, 11, 22)


def _open(path: Path, **kwargs: object) -> riskreg.Register:
    return riskreg.Register.open(path, today=lambda: TODAY, **kwargs)  # type: ignore[arg-type]


def test_a_flagged_risk_says_the_path_that_flagged_it(example_path: Path) -> None:
    """KL-2022-07 stops applying: R-023 is flagged through R-019 (which KL-2022-07 mitigates
    and which aggravates R-023); the detail gives that path, the direct one for R-019."""
    with _open(example_path, user="anna") as reg:
        reg.assess("KL-2022-07", "suspended", rationale="Bygger på pausad design")
        far = riskreg.views.risk_detail(reg, "R-023").flagged
        near = riskreg.views.risk_detail(reg, "R-019").flagged
        decision = riskreg.views.decision_detail(reg, "KL-2023-07").flagged
    assert [f.reason.trigger for f in far] == ["KL-2022-07"]
    assert far[0].path == (Step("R-019", Relation.MITIGATED_BY, "KL-2022-07"),
                           Step("R-019", Relation.AGGRAVATES, "R-023"))
    assert near[0].path == (Step("R-019", Relation.MITIGATED_BY, "KL-2022-07"),)
    assert decision[0].path == (Step("KL-2023-07", Relation.DEPENDS_ON, "KL-2022-07"),)
    # every path starts at the trigger and ends at the item, as DependencyGraph.affected says
    with _open(example_path) as reg:
        for risk in reg.risks():
            for because in riskreg.views.flagged_because(reg, risk):
                steps = because.path
                assert steps, risk.key
                assert because.reason.trigger in (steps[0].source, steps[0].target)
                assert risk.key in (steps[-1].source, steps[-1].target)


def test_a_flag_whose_trigger_is_no_longer_linked_has_no_path(example_path: Path) -> None:
    with _open(example_path, user="anna") as reg:
        reg.assess("KL-2022-07", "suspended", rationale="Bygger på pausad design")
        assert riskreg.views.risk_detail(reg, "R-001").flagged[0].path
        reg.unlink("R-001", "mitigated_by", "KL-2022-07", why="Fel koppling")
        flagged = riskreg.views.risk_detail(reg, "R-001").flagged
    assert [f.reason.trigger for f in flagged] == ["KL-2022-07"]
    assert flagged[0].path == ()


def test_a_done_action_says_when_it_was_done(example_path: Path) -> None:
    with _open(example_path, user="anna") as reg:
        risk = reg.risk("R-001")
        assert risk.actions[1].status is not riskreg.ActionStatus.DONE
        before = riskreg.views.action_completions(risk, reg.history("R-001"))
        reg.set_action_status("R-001", 1, "done", why="Klart")
        risk = reg.risk("R-001")
        history = reg.history("R-001")
        after = riskreg.views.action_completions(risk, history)
        done_at = history[-1].at.date()
        # reopened: no date; done again: the later day
        reg.set_action_status("R-001", 1, "in_progress", why="Öppnad igen")
        reopened = riskreg.views.action_completions(reg.risk("R-001"), reg.history("R-001"))
    assert before[1] is None
    assert after[1] == done_at
    assert reopened[1] is None
    assert len(after) == len(risk.actions)


@pytest.mark.parametrize("name", ["", "   ", "två\nrader", "x" * 500])
def test_record_as_refuses_what_history_cannot_hold(example_path: Path, name: str) -> None:
    with _open(example_path, user="anna") as reg:
        with pytest.raises(riskreg.ValidationError):
            reg.record_as(name)
        assert reg.user == "anna"


def test_record_as_names_who_the_history_records(example_path: Path) -> None:
    with _open(example_path, user="root") as reg:
        assert not reg.user_is_fixed
        reg.record_as("  Anna Andersson ")
        reg.mark_reviewed("R-004", note="Oförändrad")
        assert reg.history("R-004")[-1].user == "Anna Andersson"


def test_record_as_is_refused_where_the_person_decides(example_path: Path) -> None:
    pia = riskreg.Person("pl_vbg", "Pia Persson", "1487", riskreg.Role.PROJEKTLEDARE)
    with _open(example_path, person=pia) as reg:
        assert reg.user_is_fixed
        with pytest.raises(riskreg.AccessError) as refused:
            reg.record_as("Någon annan")
        assert reg.user == "Pia Persson"
    assert "Pia Persson" in refused.value.message("sv")
