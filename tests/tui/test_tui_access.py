"""The UI knows who you are (issue 10): the header says who is working and who changes are
recorded as; views, keys, help and palette offer only what the person's role may do (every
answer from Register.may); a project lead starts on their municipality's page; a file
register (``make run``) works as before, single user.

Roles are tried on a file register opened as a person (``RiskregApp(person=...)``, which
``Register.open(person=...)`` backs); the pilot on a real server is test_tui_server_access.py.
"""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Select, Static, TabbedContent, TextArea
from tui_helpers import (
    PIA,
    TODAY,
    as_person,
    detail_of,
    fixed_today,
    loaded,
    make_app,
    screen_text,
    until,
)

import riskreg
from riskreg import Role
from tui.app import RiskregApp
from tui.i18n import UI
from tui.modals.acceptance import AcceptanceModal
from tui.modals.actions import ActionStatusModal
from tui.modals.note import NoteModal
from tui.screens.base import RegisterScreen
from tui.screens.decisions import DecisionsScreen
from tui.screens.help import HelpScreen
from tui.screens.home import HomeScreen
from tui.screens.overview import OverviewScreen
from tui.screens.risks import RisksScreen
from tui.views import VIEWS as VIEWS_LIST
from tui.widgets.detail import DetailBody
from tui.widgets.item_table import ItemTable

#: the views each role is offered (0 municipality page ... 5 export, 6 submissions)
VIEWS = {
    None: {"overview", "risks", "decisions", "dependencies", "export"},
    Role.REDAKTOR: {"home", "overview", "risks", "decisions", "dependencies", "export",
                    "submissions"},
    Role.BEDOMARE: {"home", "overview", "risks", "decisions", "dependencies"},
    Role.PROJEKTLEDARE: {"home", "overview", "risks", "decisions", "dependencies", "export",
                         "submissions"},
    Role.LASARE: {"home", "overview", "risks", "decisions", "dependencies"},
}
#: the keys of the risks and decisions views each role is offered (beside reading: search,
#: filters, detail, dependencies)
READING = {"search", "filters", "clear-filters", "focus-detail", "focus-table",
           "risk-dependencies"}
RISK_KEYS = {
    None: READING | {"edit-risk", "mark-reviewed", "add-action", "complete-action",
                     "risk-acceptance"},
    Role.REDAKTOR: READING | {"edit-risk", "mark-reviewed", "risk-recognise", "risk-note",
                              "add-action", "complete-action", "risk-acceptance",
                              "risk-submit"},
    Role.BEDOMARE: READING | {"risk-note"},
    Role.PROJEKTLEDARE: READING | {"edit-risk", "risk-recognise", "risk-note",
                                   "complete-action", "risk-submit"},
    Role.LASARE: READING,
}
DECISION_KEYS = {
    None: {"assess", "decision-reviewed"},
    Role.REDAKTOR: {"assess", "decision-reviewed", "decision-note"},
    Role.BEDOMARE: {"assess", "decision-reviewed", "decision-note"},
    Role.PROJEKTLEDARE: {"decision-note"},
    Role.LASARE: set(),
}


def offered(screen: RegisterScreen) -> set[str]:
    return {b.id for b in screen.offered_bindings() if b.id is not None}


def help_texts(screen: RegisterScreen) -> set[str]:
    return {b.description for _title, bindings in HelpScreen.for_screen(screen).sections
            for b in bindings}


async def _show(pilot: Pilot[Any], key: str, cls: type[RegisterScreen], rows: int | None = None
                ) -> Any:
    await pilot.press(key)
    return await loaded(pilot, cls, rows=rows)


@pytest.mark.parametrize("role", [None, *Role], ids=lambda r: str(r or "file"))
def test_each_role_is_offered_what_it_may_do(register_path: Path, role: Role | None) -> None:
    person = None if role is None else as_person(PIA, role)

    async def scenario() -> None:
        app = make_app(register_path, start=None, person=person)
        async with app.run_test(size=(120, 36)) as pilot:
            await until(pilot, lambda: app.info is not None, "opened")
            home = role in (Role.PROJEKTLEDARE, Role.LASARE)
            start = HomeScreen if home else OverviewScreen
            await until(pilot, lambda: isinstance(app.screen, start), start.__name__)
            assert {mode for mode in app.MODES if app.offers(mode)} == VIEWS[role]
            palette = {name for name, _help, _run in app.palette_commands(app.screen)}
            for mode, key in ((v.name, v.label) for v in VIEWS_LIST):  # the palette: the same views
                shown = UI.text("tui.palette.show", "sv", view=UI.text(key, "sv"))
                assert (shown in palette) is (mode in VIEWS[role]), mode
            general = {a.binding.id for a in app.screen.active_bindings.values()}
            assert ("show-export" in general) is ("export" in VIEWS[role])

            risks = await _show(pilot, "2", RisksScreen)
            assert offered(risks) == RISK_KEYS[role]
            texts = help_texts(risks)
            assert ("Ändra" in texts) is ("edit-risk" in RISK_KEYS[role])
            assert ("Känner igen" in texts) is ("risk-recognise" in RISK_KEYS[role])
            decisions = await _show(pilot, "3", DecisionsScreen)
            assert offered(decisions) & {"assess", "decision-reviewed", "decision-note"} == (
                DECISION_KEYS[role])

    asyncio.run(scenario())


def test_the_header_says_who_is_working_and_who_changes_are_recorded_as(
    register_path: Path,
) -> None:
    async def scenario() -> None:
        for person, lang, expected in (
            (None, "sv", "som test (en användare)"),
            (None, "en", "as test (single user)"),
            (PIA, "sv", "som Pia Persson (projektledare, Vänersborg)"),
            (PIA, "en", "as Pia Persson (project lead, Vänersborg)"),
        ):
            app = make_app(register_path, lang=lang, person=person)
            async with app.run_test(size=(120, 30)) as pilot:
                await loaded(pilot, OverviewScreen, "#findings")
                assert expected in screen_text(app).splitlines()[0]
                assert app.info is not None
                # the name shown is who the register records as making changes
                assert app.info.user == ("test" if person is None else person.name)

    asyncio.run(scenario())


def test_make_run_a_file_register_works_as_before(register_path: Path) -> None:
    """What ``make run`` opens (``riskreg tui`` on the demo file, no start view given): the
    overview first, views 1-5, the keys of before; editing works as before (the other UI
    tests); the single user may do everything, and the start page is not offered."""

    async def scenario() -> None:
        app = RiskregApp(register_path, lang="sv", user="test", today=fixed_today,
                         poll_interval=3600.0)
        async with app.run_test(size=(80, 24)) as pilot:
            overview = await loaded(pilot, OverviewScreen, "#findings")
            for _ in range(50):  # the footer lays out its keys after the screen's first frame
                footer = screen_text(app).splitlines()[-1]
                if "Vyer" in footer:
                    break
                await pilot.pause(0.05)
            assert "1–5 Vyer" in footer  # views 1 to 5: not 0 or 6
            assert app.info is not None and app.info.me is None
            assert app.info.allowed == frozenset(riskreg.Operation)
            assert offered(overview) == {"toggle-matrix"}
            await pilot.press("0")  # not offered: nothing happens
            await pilot.press("6")
            await pilot.pause()
            assert isinstance(app.screen, OverviewScreen)
        assert app.shown_revision is None  # no start page: no "last seen" mark
        with riskreg.Register.open(register_path) as reg:
            assert reg.last_seen() is None

    asyncio.run(scenario())


def _with_vanersborgs_action(path: Path) -> None:
    with riskreg.Register.open(path, today=fixed_today) as reg:
        risk = reg.risk("R-001")
        reg.update_risk("R-001", why="kommunernas åtgärder", actions=[
            *risk.actions,
            riskreg.Action("Rutin i Vänersborg", organisation="1487", due=date(2026, 11, 1)),
            riskreg.Action("Rutin i Uddevalla", organisation="1485", due=date(2026, 11, 1))])


def test_a_project_lead_sets_their_actions_status_and_adds_a_note(register_path: Path) -> None:
    _with_vanersborgs_action(register_path)

    async def scenario() -> None:
        app = make_app(register_path, start=None, person=PIA)
        async with app.run_test(size=(120, 36)) as pilot:
            home = await loaded(pilot, HomeScreen, "#home-risks")
            home.query_one(TabbedContent).active = "tab-actions"
            actions = home.query_one("#home-actions", ItemTable)
            await until(pilot, lambda: app.focused is actions, "actions tab")
            assert [a.action.text for a in actions.rows] == ["Rutin i Vänersborg"]
            await pilot.press("t")
            await until(pilot, lambda: isinstance(app.screen, ActionStatusModal), "form")
            form = app.screen
            # only the actions Vänersborg owns are offered (Register.may per action)
            offered_actions = [v for _label, v in form.query_one("#action", Select)._options]
            assert offered_actions == [actions.rows[0].index]
            form.query_one("#status", Select).value = riskreg.ActionStatus.IN_PROGRESS
            form.query_one("#why", Input).value = "Rutinen skrivs"
            await pilot.press("ctrl+s")
            await until(pilot, lambda: isinstance(app.screen, HomeScreen), "saved")
            await until(pilot, lambda: [a.action.status for a in actions.rows] == [
                riskreg.ActionStatus.IN_PROGRESS], "the page shows it")

            risks = await _show(pilot, "2", RisksScreen)
            assert risks.table.select_key("R-001")
            await detail_of(pilot, "R-001")
            await pilot.press("n")
            await until(pilot, lambda: isinstance(app.screen, NoteModal), "note form")
            app.screen.query_one("#text", TextArea).text = "Gäller även korttidsboendet"
            await pilot.press("ctrl+s")
            await until(pilot, lambda: isinstance(app.screen, RisksScreen), "saved")
            body = risks.query_one("#detail-body", DetailBody)
            await until(pilot, lambda: "Gäller även korttidsboendet" in str(body.render()),
                        "the note in the detail")

    asyncio.run(scenario())
    with riskreg.Register.open(register_path) as reg:
        risk = reg.risk("R-001")
        assert [a.status for a in risk.actions if a.organisation] == [
            riskreg.ActionStatus.IN_PROGRESS, riskreg.ActionStatus.PROPOSED]
        assert reg.history("R-001")[-1].action == "action_status"
        assert [(n.organisation, n.text) for n in reg.notes("R-001")] == [
            ("1487", "Gäller även korttidsboendet")]


def test_acceptance_is_proposed_by_one_editor_and_approved_by_another(
    register_path: Path,
) -> None:
    anna = riskreg.Person("anna", "Anna Andersson", "VGR", Role.REDAKTOR)
    bo = riskreg.Person("bo", "Bo Berg", "VGR", Role.REDAKTOR)

    async def open_form(pilot: Pilot[Any], app: RiskregApp) -> AcceptanceModal:
        risks = await loaded(pilot, RisksScreen, rows=48)
        assert risks.table.select_key("R-010")
        await detail_of(pilot, "R-010")
        await pilot.press("p")
        await until(pilot, lambda: isinstance(app.screen, AcceptanceModal), "acceptance form")
        form = app.screen
        assert isinstance(form, AcceptanceModal)
        return form

    async def scenario() -> None:
        app = make_app(register_path, start="risks", person=anna)
        async with app.run_test(size=(120, 40)) as pilot:
            form = await open_form(pilot, app)
            assert form.choices == ["propose"]
            form.query_one("#rationale", TextArea).text = "Låg sannolikhet under pausen"
            form.query_one("#expires", Input).value = "2027-03-31"
            await pilot.press("ctrl+s")
            await until(pilot, lambda: isinstance(app.screen, RisksScreen), "proposed")
            await detail_of(pilot, "R-010")
            form = await open_form(pilot, app)
            # her own proposal: she may turn it down, not approve it, and the form says why
            assert form.choices == ["reject"]
            assert "Anna Andersson föreslog själv" in str(
                form.query_one("#not-offered", Static).render())
        app = make_app(register_path, start="risks", person=bo)
        async with app.run_test(size=(120, 40)) as pilot:
            form = await open_form(pilot, app)
            assert form.choices == ["approve", "reject"]
            await pilot.press("ctrl+s")
            await until(pilot, lambda: isinstance(app.screen, RisksScreen), "approved")

    asyncio.run(scenario())
    with riskreg.Register.open(register_path, today=fixed_today) as reg:
        acceptance = reg.risk("R-010").acceptance
        assert acceptance is not None
        assert (acceptance.proposed_by, acceptance.approved_by) == ("Anna Andersson", "Bo Berg")
        assert reg.risk("R-010").accepted(TODAY)
