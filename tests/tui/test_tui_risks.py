"""Risks: filter, incremental search, sort, and the detail pane, driven from the keyboard."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from textual.widgets import Input, Select
from tui_helpers import detail_of, loaded, reopen, until

from tui.app import RiskregApp
from tui.screens.risks import RisksScreen
from tui.widgets.detail import DetailPane


def test_filter_and_search_show_what_the_library_finds(
    app_factory: Callable[..., RiskregApp], register_path: Path
) -> None:
    before = register_path.read_bytes()
    with reopen(register_path) as reg:
        first_area = reg.categories()[0]
        expected_area = [r.key for r in reg.risks(area=first_area.key)]
        expected_search = [r.key for r in reg.risks(area=first_area.key, text="samsa")]
        expected_high = [r.key for r in reg.risks(level="high")]

    async def scenario() -> None:
        app = app_factory(start="risks")
        async with app.run_test(size=(120, 36)) as pilot:
            screen = await loaded(pilot, RisksScreen, rows=48)
            table = screen.table
            # the area filter, from the keyboard: f focuses it, Enter opens it, pick the first
            await pilot.press("f")
            assert app.focused is screen.query_one("#f-area", Select)
            await pilot.press("enter", "down", "enter")
            await until(pilot, lambda: table.keys == expected_area, "area filter")
            # incremental search narrows further, keystroke by keystroke
            await pilot.press("slash")
            assert app.focused is screen.query_one("#search", Input)
            await pilot.press(*"samsa")
            await until(pilot, lambda: table.keys == expected_search, "search")
            assert "/" not in screen.query_one("#search", Input).value
            # Enter goes back to the table; x clears every filter
            await pilot.press("enter")
            assert app.focused is table
            await pilot.press("x")
            await until(pilot, lambda: table.row_count == 48, "cleared")
            # level filter set like a mouse user would
            screen.query_one("#f-level", Select).value = "high"
            await until(pilot, lambda: table.keys == expected_high, "level filter")

    asyncio.run(scenario())
    assert register_path.read_bytes() == before  # reading changes nothing


def test_sort_by_column_and_detail_pane(app_factory: Callable[..., RiskregApp],
                                        register_path: Path) -> None:
    with reopen(register_path) as reg:
        by_value = sorted(reg.risks(), key=lambda r: (reg.value(r), r.key))
        highest = by_value[-1]
        linked = {link.target for link in reg.links(highest.key) if link.source == highest.key}

    async def scenario() -> None:
        app = app_factory(start="risks")
        async with app.run_test(size=(160, 48)) as pilot:
            screen = await loaded(pilot, RisksScreen, rows=48)
            table = screen.table
            table.sort_by("level", reverse=True)
            await pilot.pause()
            assert table.keys[0] == highest.key
            assert table.cursor_key == table.keys[0] or table.cursor_key is not None
            table.action_first()
            detail = await detail_of(pilot, highest.key)
            assert detail.band.key == "very_high" or detail.band.is_high
            pane = screen.query_one(DetailPane)
            await until(pilot, lambda: "Historik" in str(pane.query_one("#detail-body")
                                                       .render()), "history shown")
            text = str(pane.query_one("#detail-body").render())
            for key in linked:
                assert key in text
            assert "Konsekvenser" in text and "Åtgärder" in text
            # s cycles the sort column from the keyboard
            table.sort_by(None)
            await pilot.press("s")
            assert table.sort_column == "key"
            await pilot.press("S")
            assert table.sort_reverse and table.keys[0] == max(table.keys)

    asyncio.run(scenario())
