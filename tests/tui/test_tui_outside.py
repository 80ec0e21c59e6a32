"""Another process writes the register while the UI is open: shown, kept, never overwritten."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

from textual.widgets import Input, Static
from tui_helpers import detail_of, loaded, reopen, until

from tui.app import RiskregApp
from tui.modals.edit_risk import EditRiskModal
from tui.modals.review import ReviewModal
from tui.screens.risks import RisksScreen

ROOT = Path(__file__).resolve().parents[2]


def other_process(path: Path, code: str) -> None:
    """Run a small script that uses riskreg, as another writer would."""
    script = "import sys, riskreg\nreg = riskreg.Register.open(sys.argv[1], user='skript')\n"
    script += textwrap.dedent(code)
    env = {**os.environ, "RISKREG_TODAY": "2026-11-22"}
    subprocess.run([sys.executable, "-c", script, str(path)], check=True, cwd=ROOT, env=env,
                   timeout=60)


def test_the_ui_shows_another_writers_change_and_keeps_it(
    app_factory: Callable[..., RiskregApp], register_path: Path
) -> None:
    async def scenario() -> None:
        app = app_factory(start="risks", poll_interval=0.2)
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await loaded(pilot, RisksScreen, rows=48)
            screen.table.select_key("R-010")
            await detail_of(pilot, "R-010")
            revision = app.info.revision
            other_process(register_path, """
                reg.update_risk("R-002", title="Ändrad av ett skript", why="skriptet")
            """)
            await until(pilot, lambda: any(r.title == "Ändrad av ett skript"
                                           for r in screen.table.rows), "reloaded")
            assert app.info.revision == revision + 1
            assert screen.table.cursor_key == "R-010"  # the selection is kept
            # a change made in the UI afterwards lands on top of the script's change
            await pilot.press("r")
            await until(pilot, lambda: isinstance(app.screen, ReviewModal), "review form")
            await pilot.press(*"Sett efter skriptet", "enter")
            await until(pilot, lambda: isinstance(app.screen, RisksScreen), "saved")

    asyncio.run(scenario())
    with reopen(register_path) as reg:
        assert reg.risk("R-002").title == "Ändrad av ett skript"
        assert reg.history("R-002")[-1].user == "skript"
        assert reg.risk("R-010").last_reviewed is not None
        assert reg.history("R-010")[-1].why == "Sett efter skriptet"


def test_an_edit_that_conflicts_with_another_writer_is_refused(
    app_factory: Callable[..., RiskregApp], register_path: Path
) -> None:
    async def scenario() -> None:
        app = app_factory(start="risks")  # no polling: the form's revision is stale on save
        async with app.run_test(size=(100, 40)) as pilot:
            screen = await loaded(pilot, RisksScreen, rows=48)
            screen.table.select_key("R-007")
            await detail_of(pilot, "R-007")
            await pilot.press("e")
            await until(pilot, lambda: isinstance(app.screen, EditRiskModal), "edit form")
            form = app.screen
            other_process(register_path, """
                reg.update_risk("R-007", owner="Skriptets ägare", why="skriptet")
            """)
            form.query_one("#owner", Input).value = "Formulärets ägare"
            form.query_one("#why", Input).value = "från formuläret"
            await pilot.press("ctrl+s")
            await until(pilot, lambda: "R-007" in str(form.query_one("#error", Static).render()),
                        "conflict message")
            assert isinstance(app.screen, EditRiskModal)  # still open with what was typed
            assert form.query_one("#owner", Input).value == "Formulärets ägare"
            # the screens show the other writer's version
            await pilot.press("escape")
            await until(pilot, lambda: screen.detail is not None
                        and screen.detail.risk.owner == "Skriptets ägare", "reloaded detail")

    asyncio.run(scenario())
    with reopen(register_path) as reg:
        assert reg.risk("R-007").owner == "Skriptets ägare"
        assert all(c.why != "från formuläret" for c in reg.history("R-007"))


def test_another_writers_change_that_comes_as_the_ui_closes_is_let_go(
    app_factory: Callable[..., RiskregApp],
) -> None:
    """A poll's answer can arrive while the last screen goes (seen once in a full run: the
    UI ended with ScreenStackError); the closing UI lets it go."""
    async def scenario() -> None:
        app = app_factory(start="risks")
        async with app.run_test(size=(100, 30)) as pilot:
            await loaded(pilot, RisksScreen, rows=48)
            info = app.info
        assert info is not None and not app.screen_stack
        app.on_riskreg_app_reloaded(RiskregApp.Reloaded(info, outside=False))
        app.on_riskreg_app_open_failed(RiskregApp.OpenFailed("borta"))

    asyncio.run(scenario())
