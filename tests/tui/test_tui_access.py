"""The UI knows who you are (issue 10): the header says who is working and who changes are
recorded as; views, keys, help and palette offer only what the person's role may do (every
answer from Register.may); a project lead starts on their municipality's page; a file
register (``make run``) works as before, single user.

Roles are tried on a file register opened as a person (``RiskregApp(person=...)``, which
``Register.open(person=...)`` backs); the pilot on a real server is test_tui_server_access.py.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from tui_helpers import PIA, as_person, fixed_today, loaded, make_app, screen_text, until

import riskreg
from riskreg import Role
from tui.app import RiskregApp
from tui.screens.base import RegisterScreen
from tui.screens.decisions import DecisionsScreen
from tui.screens.help import HelpScreen
from tui.screens.home import HomeScreen
from tui.screens.overview import OverviewScreen
from tui.screens.risks import RisksScreen

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
            assert {mode for mode, _ in app.VIEW_KEYS if app.offers(mode)} == VIEWS[role]
            palette = {name for name, _help, _run in app.palette_commands(app.screen)}
            for mode, key in app.VIEW_KEYS:  # the palette offers the same views
                shown = riskreg.translate("tui.palette.show", "sv",
                                          view=riskreg.translate(key, "sv"))
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
            footer = screen_text(app).splitlines()[-1]
            assert "12345 Vyer" in footer and "0" not in footer.split("Vyer")[0].split()[-1]
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
