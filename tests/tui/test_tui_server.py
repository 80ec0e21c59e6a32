"""Two review UIs on one register on a PostgreSQL server: each sees the other's change within a
second (LISTEN/NOTIFY), keeps its place, and never overwrites what the other saved."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from textual.widgets import Input
from tui_helpers import detail_of, fixed_today, loaded, until

import riskreg
from riskreg.server.local import LocalServer
from tui.app import RiskregApp
from tui.modals.edit_risk import EditRiskModal
from tui.modals.review import ReviewModal
from tui.screens.risks import RisksScreen

WITHIN_S = 1.0


def app_on(url: str, user: str) -> RiskregApp:
    return RiskregApp(url, lang="sv", user=user, today=fixed_today, poll_interval=1.0,
                      start="risks")


def as_person(url: str, login: str, name: str) -> str:
    """``url`` for the login of a redaktör ``name`` of the register (made if needed)."""
    from riskreg.server.admin import put_person

    put_person(url, login, name, "VGR", "redaktor")
    return url.replace("postgresql://postgres@", f"postgresql://{login}@")


def test_two_uis_see_each_others_changes_within_a_second(
    register_path: Path, pg_url: str
) -> None:
    riskreg.copy_register(register_path, pg_url)
    anna_url = as_person(pg_url, "anna", "Anna Andersson")
    bo_url = as_person(pg_url, "bo", "Bo Berg")
    seen: dict[str, float] = {}

    async def scenario() -> None:
        anna, bo = app_on(anna_url, "anna"), app_on(bo_url, "bo")
        async with anna.run_test(size=(110, 32)) as a, bo.run_test(size=(110, 32)) as b:
            risks_a = await loaded(a, RisksScreen, rows=48)
            risks_b = await loaded(b, RisksScreen, rows=48)
            risks_b.table.select_key("R-030")
            await detail_of(b, "R-030")
            revision = anna.info.revision if anna.info else -1

            # Anna marks R-010 reviewed in her UI; Bo's UI shows the new revision
            risks_a.table.select_key("R-010")
            await detail_of(a, "R-010")
            await a.press("r")
            await until(a, lambda: isinstance(anna.screen, ReviewModal), "review form")
            await a.press(*"Granskad av Anna", "enter")
            await until(a, lambda: anna.info is not None and anna.info.revision == revision + 1,
                        "Anna's change saved")
            saved = time.monotonic()  # her UI says saved: from there, Bo's must show it
            await until(b, lambda: bo.info is not None and bo.info.revision == revision + 1,
                        "Bo sees Anna's change", timeout=10)
            seen["bo"] = time.monotonic() - saved
            assert risks_b.table.cursor_key == "R-030"  # Bo keeps his place

            # Bo edits R-030's owner; Anna's UI shows it in her table
            await b.press("e")
            await until(b, lambda: isinstance(bo.screen, EditRiskModal), "edit form")
            form = bo.screen
            form.query_one("#owner", Input).value = "Bos nya ägare"
            form.query_one("#why", Input).value = "Bo ändrade ägaren"
            await b.press("ctrl+s")
            await until(b, lambda: bo.info is not None and bo.info.revision == revision + 2,
                        "Bo's change saved")
            saved = time.monotonic()
            await until(a, lambda: anna.info is not None and anna.info.revision == revision + 2,
                        "Anna sees Bo's change", timeout=10)
            seen["anna"] = time.monotonic() - saved
            assert risks_a.table.cursor_key == "R-010"

    asyncio.run(scenario())
    with riskreg.Register.open(pg_url) as reg:
        assert reg.history("R-010")[-1].why == "Granskad av Anna"
        # who the server authenticated, whatever the UI was started with
        assert reg.history("R-010")[-1].user == "Anna Andersson"
        assert reg.risk("R-030").owner == "Bos nya ägare"
        assert reg.history("R-030")[-1].user == "Bo Berg"
    print(f"a change shown in the other UI after: {seen}")
    assert max(seen.values()) < WITHIN_S, seen


def test_a_ui_whose_server_goes_away_says_so_and_carries_on(
    register_path: Path, pg_private_server: LocalServer
) -> None:
    """The server crashes while the UI is open: the UI says so (never hangs), and once the
    server is back it shows what others changed meanwhile, without being restarted."""
    server = pg_private_server
    url = server.create_database() + "&register=ui"
    riskreg.copy_register(register_path, url)

    async def scenario() -> None:
        app = app_on(url, "anna")
        async with app.run_test(size=(110, 32)) as pilot:
            await loaded(pilot, RisksScreen, rows=48)
            revision = app.info.revision if app.info else -1
            server.stop(mode="immediate")
            await until(pilot, lambda: app._poll_error is not None, "the UI says so",
                        timeout=30)
            assert "servern" in (app._poll_error or "").lower()
            server.start()
            with riskreg.Register.open(url, user="skript") as other:
                other.update_risk("R-002", title="Ändrad medan servern var borta",
                                  why="skriptet")
            await until(pilot, lambda: app.info is not None and app.info.revision == revision + 1,
                        "the change made meanwhile", timeout=30)
            await pilot.press("down")  # and it still answers keys

    asyncio.run(scenario())
