"""Editing and reviewing a risk: invalid input refused (file untouched), valid input saved."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from textual.widgets import Input, Select, Static
from tui_helpers import TODAY, detail_of, loaded, reopen, until

import riskreg
from tui.app import RiskregApp
from tui.modals.actions import ActionStatusModal, AddActionModal
from tui.modals.edit_risk import EditRiskModal
from tui.modals.review import ReviewModal
from tui.screens.risks import RisksScreen


def error_text(modal: object) -> str:
    return str(modal.query_one("#error", Static).render())  # type: ignore[attr-defined]


async def select_risk(pilot: object, key: str) -> RisksScreen:
    screen = await loaded(pilot, RisksScreen, rows=48)  # type: ignore[arg-type]
    assert screen.table.select_key(key)
    await detail_of(pilot, key)  # type: ignore[arg-type]
    return screen


def test_edit_refuses_an_invalid_value_then_saves_a_valid_one(
    app_factory: Callable[..., RiskregApp], register_path: Path
) -> None:
    with reopen(register_path) as reg:
        old = reg.risk("R-005")

    async def scenario() -> None:
        app = app_factory(start="risks")
        async with app.run_test(size=(100, 40)) as pilot:
            await select_risk(pilot, "R-005")
            await pilot.press("e")
            await until(pilot, lambda: isinstance(app.screen, EditRiskModal), "edit form")
            form = app.screen
            assert isinstance(form, EditRiskModal)
            title = form.query_one("#title", Input)
            assert app.focused is title and title.value == old.title
            # 1. a required field left empty: refused by the form, nothing written
            before = register_path.read_bytes()
            title.value = ""
            form.query_one("#why", Input).value = "Omformulerad efter mötet"
            await pilot.press("ctrl+s")
            await until(pilot, lambda: "Titel" in error_text(form), "required-field error")
            # 2. an unknown organisation code: refused by the library, nothing written
            title.value = "Pappersrutiner vid driftstopp i SAMSA"
            form.query_one("#reported-by", Input).value = "1487, 9999"
            await pilot.press("ctrl+s")
            await until(pilot, lambda: "9999" in error_text(form), "library refusal")
            assert isinstance(app.screen, EditRiskModal)
            assert register_path.read_bytes() == before
            # 3. valid values: saved, the form closes, the table shows the new title
            form.query_one("#reported-by", Input).value = "1487, 1480"
            form.query_one("#owner", Input).value = "MAS Vänersborg"
            form.query_one("#residual-l", Select).value = 1
            form.query_one("#residual-i", Select).value = 2
            await pilot.press("ctrl+s")
            await until(pilot, lambda: isinstance(app.screen, RisksScreen),
                        lambda: f"form closed ({error_text(form)})")
            screen = app.screen
            await until(pilot, lambda: any(
                r.title == "Pappersrutiner vid driftstopp i SAMSA" for r in screen.table.rows),
                "table updated")

    asyncio.run(scenario())
    with reopen(register_path) as reg:
        new = reg.risk("R-005")
        assert new.title == "Pappersrutiner vid driftstopp i SAMSA"
        assert new.owner == "MAS Vänersborg"
        assert new.reported_by == ("1480", "1487")
        assert new.residual == riskreg.Rating(1, 2)
        assert new.revision == old.revision + 1
        last = reg.history("R-005")[-1]
        assert (last.user, last.action, last.why) == ("test", "update",
                                                      "Omformulerad efter mötet")


def test_mark_reviewed_with_a_note(app_factory: Callable[..., RiskregApp],
                                   register_path: Path) -> None:
    async def scenario() -> None:
        app = app_factory(start="risks")
        async with app.run_test(size=(100, 30)) as pilot:
            await select_risk(pilot, "R-003")
            await pilot.press("r")
            await until(pilot, lambda: isinstance(app.screen, ReviewModal), "review form")
            form = app.screen
            before = register_path.read_bytes()
            await pilot.press("enter")  # no note: refused
            await until(pilot, lambda: error_text(form) != "", "note required")
            assert register_path.read_bytes() == before
            await pilot.press(*"Genomgången", "enter")
            await until(pilot, lambda: isinstance(app.screen, RisksScreen), "form closed")

    asyncio.run(scenario())
    with reopen(register_path) as reg:
        risk = reg.risk("R-003")
        assert risk.last_reviewed == TODAY
        last = reg.history("R-003")[-1]
        assert (last.action, last.why, last.user) == ("review", "Genomgången", "test")


def test_add_an_action_with_a_checked_date_and_complete_one(
    app_factory: Callable[..., RiskregApp], register_path: Path
) -> None:
    with reopen(register_path) as reg:
        old = reg.risk("R-001")
    open_before = [a.text for a in old.actions if a.is_open]

    async def scenario() -> None:
        app = app_factory(start="risks")
        async with app.run_test(size=(100, 40)) as pilot:
            await select_risk(pilot, "R-001")
            await pilot.press("a")
            await until(pilot, lambda: isinstance(app.screen, AddActionModal), "action form")
            form = app.screen
            form.query_one("#text", Input).value = "Följa upp rutinen i januari"
            form.query_one("#due", Input).value = "2027-13-45"
            form.query_one("#why", Input).value = "Beslutat på mötet"
            before = register_path.read_bytes()
            await pilot.press("ctrl+s")
            await until(pilot, lambda: "2027-13-45" in error_text(form), "bad date")
            assert register_path.read_bytes() == before
            form.query_one("#due", Input).value = "2027-01-31"
            await pilot.press("ctrl+s")
            await until(pilot, lambda: isinstance(app.screen, RisksScreen), "saved")
            await detail_of(pilot, "R-001")
            await until(pilot, lambda: app.screen.detail.risk.revision == old.revision + 1,
                        "detail reloaded")
            await pilot.press("c")
            await until(pilot, lambda: isinstance(app.screen, ActionStatusModal), "complete")
            form = app.screen
            form.query_one("#why", Input).value = "Klar"
            await pilot.press("ctrl+s")
            await until(pilot, lambda: isinstance(app.screen, RisksScreen), "saved")

    asyncio.run(scenario())
    with reopen(register_path) as reg:
        actions = reg.risk("R-001").actions
        added = actions[-1]
        assert added.text == "Följa upp rutinen i januari"
        assert added.due is not None and added.due.isoformat() == "2027-01-31"
        done = [a for a in actions if a.text == open_before[0]]
        assert done[0].status is riskreg.ActionStatus.DONE
        assert [c.why for c in reg.history("R-001")[-2:]] == ["Beslutat på mötet", "Klar"]


def test_the_edit_form_offers_no_submitted_visibility_for_a_joint_risk(
    app_factory: Callable[..., RiskregApp],
) -> None:
    """A joint risk is made shared or internal here; "submitted" is a municipality's own
    risk, made by submitting (Register.submit_risk), so the form does not offer it."""

    async def scenario() -> None:
        app = app_factory(start="risks")
        async with app.run_test(size=(100, 40)) as pilot:
            await select_risk(pilot, "R-005")
            await pilot.press("e")
            await until(pilot, lambda: isinstance(app.screen, EditRiskModal), "edit form")
            select = app.screen.query_one("#visibility", Select)
            offered = [value for _label, value in select._options]
            assert riskreg.Visibility.SHARED in offered
            assert riskreg.Visibility.INTERNAL in offered
            assert riskreg.Visibility.SUBMITTED not in offered

    asyncio.run(scenario())
