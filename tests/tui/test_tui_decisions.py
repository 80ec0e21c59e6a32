"""Decisions: filter by validity, assess with the impact preview, see the flags appear."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from textual.widgets import Input, Select, Static, TextArea
from tui_helpers import detail_of, loaded, reopen, until

import riskreg
from tui.app import RiskregApp
from tui.modals.assess import AssessModal
from tui.screens.decisions import DecisionsScreen
from tui.screens.overview import OverviewScreen
from tui.screens.risks import RisksScreen
from tui.widgets.chips import ChipLine

KEY = "KL-2022-07"  # applies; risks rest on it, and decisions that apply depend on it


def test_validity_filter_counts_match_the_pause_review(
    app_factory: Callable[..., RiskregApp], register_path: Path
) -> None:
    async def scenario() -> None:
        app = app_factory(start="decisions")
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await loaded(pilot, DecisionsScreen, rows=69)
            select = screen.query_one("#f-validity", Select)
            for validity, count in ((riskreg.Validity.APPLIES, 16),
                                    (riskreg.Validity.UNCERTAIN, 5),
                                    (riskreg.Validity.SUSPENDED, 48)):
                select.value = validity
                await until(pilot, lambda n=count: screen.table.row_count == n, str(validity))
            select.clear()
            screen.query_one("#f-due", Select).value = 0  # review-by today or passed
            await until(pilot, lambda: sorted(screen.table.keys) == ["KL-2021-12",
                                                                     "KL-2022-14"], "due")

    asyncio.run(scenario())


def test_assess_shows_the_impact_first_then_flags_the_affected_risks(
    app_factory: Callable[..., RiskregApp], register_path: Path
) -> None:
    with reopen(register_path) as reg:
        preview = riskreg.views.assess_preview(reg, KEY, riskreg.Validity.SUSPENDED)
    losing = [i.key for i in preview.impacts if i.effect == "loses_mitigation"]
    conflicts = [f.key for f in preview.added if f.code == "conflict"]
    assert losing and conflicts and preview.flagged
    with reopen(register_path) as reg:
        reviews_before = len([f for f in reg.check() if f.code == "needs_review"])

    async def scenario() -> None:
        app = app_factory(start="decisions")
        async with app.run_test(size=(100, 40)) as pilot:
            screen = await loaded(pilot, DecisionsScreen, rows=69)
            screen.focus_key(KEY)
            await detail_of(pilot, KEY)
            await pilot.press("v")
            await until(pilot, lambda: isinstance(app.screen, AssessModal), "assess form")
            form = app.screen
            assert isinstance(form, AssessModal)
            form.query_one("#validity", Select).value = riskreg.Validity.SUSPENDED
            await until(pilot, lambda: form.preview is not None
                        and form.preview.proposed is riskreg.Validity.SUSPENDED, "preview")
            shown = str(form.query_one("#preview", Static).render())
            for key in [*losing, *conflicts]:
                assert key in shown
            assert "förlorar" in shown
            for finding in preview.added:  # worded as the check words them
                assert finding.message("sv") in shown
            # uncertain without a review-by date is refused
            before = register_path.read_bytes()
            form.query_one("#validity", Select).value = riskreg.Validity.UNCERTAIN
            form.query_one("#rationale", TextArea).text = "Bygger på pausad design"
            form.query_one("#review-by", Input).value = ""
            await until(pilot, lambda: form.preview is not None
                        and form.preview.proposed is riskreg.Validity.UNCERTAIN, "preview 2")
            await pilot.press("ctrl+s")
            await until(pilot, lambda: "Bedöms senast" in str(
                form.query_one("#error", Static).render()), "review-by required")
            assert register_path.read_bytes() == before
            # suspended, with a rationale: confirmed
            form.query_one("#validity", Select).value = riskreg.Validity.SUSPENDED
            await until(pilot, lambda: form.preview is not None
                        and form.preview.proposed is riskreg.Validity.SUSPENDED, "preview 3")
            await pilot.press("ctrl+s")
            await until(pilot, lambda: isinstance(app.screen, DecisionsScreen), "form closed")
            # the affected risks now show "needs review" in the risks table
            await pilot.press("2")
            risks = await loaded(pilot, RisksScreen, rows=48)
            await until(pilot, lambda: all(
                r.needs_review for r in risks.table.rows if r.key in losing), "flags")
            flagged = {r.key for r in risks.table.rows if r.needs_review}
            assert set(losing) <= flagged
            # the overview counts every flag, on risks and decisions, as the check does
            await pilot.press("1")
            overview = await loaded(pilot, OverviewScreen, "#findings")
            reviews = reviews_before + len(preview.flagged)
            await until(pilot, lambda: f"{reviews} flaggor för granskning" in str(
                overview.query_one("#findings-title", ChipLine).render()), "flags counted")

    asyncio.run(scenario())
    with reopen(register_path) as reg:
        decision = reg.decision(KEY)
        assert decision.validity is riskreg.Validity.SUSPENDED
        assert decision.assessment is not None
        assert decision.assessment.rationale == "Bygger på pausad design"
        assert decision.assessment.by == "test"
        for key in losing:
            reasons = reg.risk(key).review_reasons
            assert reasons and reasons[0].trigger == KEY
        for key in conflicts:
            assert reg.decision(key).needs_review
