"""Export screen: choose recipients and formats, watch the progress, see the files written."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Checkbox, Input, ProgressBar, Select, SelectionList, Static
from tui_helpers import reopen, until

import riskreg
from tui.app import RiskregApp
from tui.screens.export import ExportScreen

FYRBODAL = "association:Fyrbodal"


async def export_screen(pilot: Pilot[Any], app: RiskregApp) -> ExportScreen:
    await until(pilot, lambda: isinstance(app.screen, ExportScreen), "export screen")
    screen = app.screen
    assert isinstance(screen, ExportScreen)
    await until(pilot, lambda: len(screen.recipients_list.selected) == 49, "recipients loaded")
    return screen


def status(screen: ExportScreen) -> str:
    return str(screen.query_one("#status", Static).render())


def test_export_to_an_association_in_two_formats(
    app_factory: Callable[..., RiskregApp], register_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / "utskick"
    with reopen(register_path) as reg:
        fyrbodal = sorted(o.code for o in reg.directory.municipalities()
                          if o.association == "Fyrbodal")
    assert len(fyrbodal) == 14

    async def scenario() -> None:
        app = app_factory(start="overview")
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("5")
            screen = await export_screen(pilot, app)
            screen.query_one("#group", Select).value = FYRBODAL
            await until(pilot, lambda: sorted(screen.recipients_list.selected) == fyrbodal,
                        "Fyrbodal chosen")
            assert "14 av 49" in str(screen.query_one("#chosen", Static).render())
            for fmt in ("md", "xlsx", "json"):
                screen.query_one(f"#fmt-{fmt}", Checkbox).value = False
            screen.query_one("#out", Input).value = str(out)
            await pilot.press("ctrl+s")
            await until(pilot, lambda: screen.manifest is not None, "export done", timeout=30)
            bar = screen.query_one("#progress", ProgressBar)
            assert (bar.progress, bar.total) == (14, 14)
            assert "Utgåva 1: 14 mottagare, 30 filer" in status(screen)
            shown = screen.files_table.keys
            assert len(shown) == 14 * 2 + 1 and "index.html" in shown
            assert "1435-tanum.html" in shown and "1435-tanum.csv" in shown

    asyncio.run(scenario())
    written = sorted(p.name for p in out.iterdir())
    assert len(written) == 14 * 2 + 2 and "manifest.json" in written
    assert not [n for n in written if n.endswith((".md", ".xlsx", ".json"))
                and n != "manifest.json"]
    assert "Tanum" in (out / "1435-tanum.html").read_text("utf-8")
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert sorted(r["code"] for r in manifest["recipients"]) == fyrbodal
    with reopen(register_path) as reg:  # the edition is in the register's log
        [edition] = reg.editions()
        assert sorted(edition.recipients) == fyrbodal
        assert edition.formats == ("html", "csv")


def test_picking_recipients_one_by_one_and_a_preview(
    app_factory: Callable[..., RiskregApp], register_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / "preview"
    before = register_path.read_bytes()

    async def scenario() -> None:
        app = app_factory(start="export", lang="en")
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await export_screen(pilot, app)
            group = screen.query_one("#group", Select)
            recipients = screen.query_one("#recipients", SelectionList)
            recipients.deselect_all()
            await until(pilot, lambda: group.value == "-", "no group any more")
            await pilot.press("ctrl+s")  # nobody chosen: refused, nothing written
            await until(pilot, lambda: "at least one recipient" in status(screen), "refusal")
            recipients.select("1487")
            recipients.select("1480")
            await pilot.pause()
            screen.query_one("#preview", Checkbox).value = True
            screen.query_one("#out", Input).value = str(out)
            await pilot.press("ctrl+s")
            await until(pilot, lambda: screen.manifest is not None, "export done", timeout=30)
            assert "Preview: 2 recipients, 12 files" in status(screen)
            assert screen.manifest is not None and not screen.manifest.recorded

    asyncio.run(scenario())
    assert {"1480-goteborg.html", "1487-vanersborg.xlsx"} <= {p.name for p in out.iterdir()}
    assert register_path.read_bytes() == before  # a preview records no edition


def test_an_export_into_a_file_fails_clearly_and_records_nothing(
    app_factory: Callable[..., RiskregApp], register_path: Path, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    before = register_path.read_bytes()

    async def scenario() -> None:
        app = app_factory(start="export")
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await export_screen(pilot, app)
            screen.query_one("#out", Input).value = str(blocker)
            await pilot.press("ctrl+s")
            await until(pilot, lambda: "misslyckades" in status(screen), "failure shown")
            assert screen.manifest is None and not screen.running
            assert screen.files_table.row_count == 0

    asyncio.run(scenario())
    assert register_path.read_bytes() == before
    with reopen(register_path) as reg:
        assert reg.editions() == []


def test_the_palette_opens_the_export(app_factory: Callable[..., RiskregApp]) -> None:
    async def scenario() -> None:
        app = app_factory(start="risks")
        async with app.run_test(size=(100, 30)) as pilot:
            await until(pilot, lambda: app.info is not None, "register open")
            await pilot.press("ctrl+p")
            await pilot.press(*"exportera läg")
            await pilot.pause(0.3)
            await pilot.press("enter")
            await export_screen(pilot, app)

    asyncio.run(scenario())
    assert riskreg  # the library is what wrote, through the screen
