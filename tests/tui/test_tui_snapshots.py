"""SVG snapshots of the main screens (fixed today, fixed history times, fixed sizes).

Update the baselines with: pytest tests/tui/test_tui_snapshots.py --snapshot-update
and look at the SVGs in tests/tui/__snapshots__/ before committing them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Select
from tui_helpers import PIA, detail_of, fixed_today, loaded, make_app, until

import riskreg
from tui.app import RiskregApp
from tui.modals.assess import AssessModal
from tui.screens.decisions import DecisionsScreen
from tui.screens.dependencies import DependenciesScreen, DependencyTree
from tui.screens.home import HomeScreen
from tui.screens.overview import OverviewScreen
from tui.screens.risks import RisksScreen
from tui.widgets.detail import DetailBody

SnapCompare = Callable[..., bool]


async def _history_shown(pilot: Pilot[Any]) -> None:
    body = pilot.app.screen.query_one("#detail-body", DetailBody)
    await until(pilot, lambda: "Historik (…)" not in str(body.render())
                and "Historik (" in str(body.render()), "history")


def test_overview_80x24(snap_compare: SnapCompare, app_factory: Callable[..., RiskregApp]) -> None:
    async def ready(pilot: Pilot[Any]) -> None:
        await loaded(pilot, OverviewScreen, "#findings")
        await loaded(pilot, OverviewScreen, "#areas", rows=8)
        await pilot.pause()

    assert snap_compare(app_factory(), terminal_size=(80, 24), run_before=ready)


def test_overview_wide(snap_compare: SnapCompare, app_factory: Callable[..., RiskregApp]) -> None:
    async def ready(pilot: Pilot[Any]) -> None:
        await loaded(pilot, OverviewScreen, "#findings")
        await loaded(pilot, OverviewScreen, "#areas", rows=8)
        await pilot.pause()

    assert snap_compare(app_factory(lang="en"), terminal_size=(140, 40), run_before=ready)


def test_risks_with_detail(snap_compare: SnapCompare,
                           app_factory: Callable[..., RiskregApp]) -> None:
    async def ready(pilot: Pilot[Any]) -> None:
        screen = await loaded(pilot, RisksScreen, rows=48)
        screen.query_one("#f-status", Select).value = riskreg.RiskStatus.TREATING
        await until(pilot, lambda: screen.table.row_count < 48, "filtered")
        await detail_of(pilot, screen.table.keys[0])
        await _history_shown(pilot)
        await pilot.pause()

    assert snap_compare(app_factory(start="risks"), terminal_size=(100, 30), run_before=ready)


def test_assess_with_preview(snap_compare: SnapCompare,
                             app_factory: Callable[..., RiskregApp]) -> None:
    async def ready(pilot: Pilot[Any]) -> None:
        screen = await loaded(pilot, DecisionsScreen, rows=69)
        screen.focus_key("KL-2022-07")
        await detail_of(pilot, "KL-2022-07")
        await pilot.press("v")
        await until(pilot, lambda: isinstance(pilot.app.screen, AssessModal), "assess form")
        form = pilot.app.screen
        form.query_one("#validity", Select).value = riskreg.Validity.SUSPENDED
        await until(pilot, lambda: form.preview is not None
                    and form.preview.proposed is riskreg.Validity.SUSPENDED, "preview")
        await pilot.pause()

    assert snap_compare(app_factory(start="decisions"), terminal_size=(100, 36),
                        run_before=ready)


def test_dependencies(snap_compare: SnapCompare, app_factory: Callable[..., RiskregApp]) -> None:
    async def ready(pilot: Pilot[Any]) -> None:
        screen = await loaded(pilot, RisksScreen, rows=48)
        screen.table.select_key("R-001")
        await pilot.press("g")
        await until(pilot, lambda: isinstance(pilot.app.screen, DependenciesScreen), "deps")
        tree = pilot.app.screen.query_one(DependencyTree)
        await until(pilot, lambda: tree.root.data is not None and tree.root.data.key == "R-001",
                    "tree")
        await pilot.press("down", "down", "down", "space")
        await until(pilot, lambda: tree.cursor_node is not None
                    and len(tree.cursor_node.children) > 0, "expanded")
        await pilot.pause()

    assert snap_compare(app_factory(start="risks"), terminal_size=(100, 30), run_before=ready)


def _vanersborgs_actions(path: Path) -> None:
    with riskreg.Register.open(path, today=fixed_today) as reg:
        risk = reg.risk("R-001")
        reg.update_risk("R-001", why="kommunernas åtgärder", actions=[
            *risk.actions,
            riskreg.Action("Rutin för dubbeldokumentation i Vänersborg", owner="MAS Vänersborg",
                           organisation="1487", due=date(2026, 11, 1)),
            riskreg.Action("Utbilda sjuksköterskor i SAMSA-rutinen", organisation="1487",
                           due=date(2027, 2, 28), status="in_progress")])


@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=["80x24", "120x36"])
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_start_page(snap_compare: SnapCompare, register_path: Path, lang: str,
                    size: tuple[int, int]) -> None:
    """Vänersborg's project lead's start page (a file register opened as the person)."""
    _vanersborgs_actions(register_path)

    async def ready(pilot: Pilot[Any]) -> None:
        await loaded(pilot, HomeScreen, "#home-risks")
        await loaded(pilot, HomeScreen, "#home-changed")
        await pilot.pause()

    app = make_app(register_path, lang=lang, start=None, person=PIA)
    assert snap_compare(app, terminal_size=size, run_before=ready)
