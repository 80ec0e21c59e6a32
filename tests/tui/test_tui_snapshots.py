"""SVG snapshots of every view, the help and the forms at 80×24 and 120×36, in Swedish and
English (fixed today, fixed history times).

One app per language and size walks through the views and compares a screenshot of each
(pytest-textual-snapshot's SVG extension of syrupy; one app run instead of one per view
keeps this quick). Update the baselines with
``pytest tests/tui/test_tui_snapshots.py --snapshot-update`` and look at the SVGs in
``tests/tui/__snapshots__/`` before committing them; a mismatch writes the SVG it got
beside the test's temporary folder (the failure says where).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pytest_textual_snapshot import SVGImageExtension
from syrupy.assertion import SnapshotAssertion
from textual.pilot import Pilot
from textual.widgets import SelectionList
from tui_helpers import PIA, detail_of, fixed_today, loaded, make_app, until

import riskreg
from tui.app import RiskregApp
from tui.modals.assess import AssessModal
from tui.modals.edit_risk import EditRiskModal
from tui.requests import Navigate
from tui.screens.decisions import DecisionsScreen
from tui.screens.dependencies import DependenciesScreen, DependencyTree
from tui.screens.export import ExportScreen
from tui.screens.help import HelpScreen
from tui.screens.home import HomeScreen
from tui.screens.overview import OverviewScreen
from tui.screens.risks import RisksScreen
from tui.screens.submissions import SubmissionsScreen
from tui.widgets.chips import ChipLine
from tui.widgets.detail import DetailBody
from tui.widgets.heat_map import HeatMapView

SIZES = [(80, 24), (120, 36)]
LANGS = ["sv", "en"]

Step = Callable[[Pilot[Any]], Awaitable[None]]


async def _history_shown(pilot: Pilot[Any]) -> None:
    body = pilot.app.screen.query_one("#detail-body", DetailBody)
    await until(pilot, lambda: "(…)" not in str(body.render())
                and str(body.render()).count("(") > 2, "history")


def _cursor_near_top(screen: Any) -> None:
    """The same scroll position whatever size the table had when the cursor moved."""
    table = screen.table
    table.scroll_to(y=max(0, table.cursor - 2), animate=False, immediate=True)


async def _overview(pilot: Pilot[Any]) -> None:
    await pilot.press("1")
    screen = await loaded(pilot, OverviewScreen, "#findings")
    await loaded(pilot, OverviewScreen, "#areas", rows=8)
    await until(pilot, lambda: screen.query_one(HeatMapView).heat is not None
                and screen.query_one("#findings-title", ChipLine).chips, "counts")


async def _risks(pilot: Pilot[Any]) -> None:
    await pilot.press("2")
    screen = await loaded(pilot, RisksScreen, rows=48)
    await detail_of(pilot, screen.table.keys[0])
    await _history_shown(pilot)


async def _decisions(pilot: Pilot[Any]) -> None:
    await pilot.press("3")
    screen = await loaded(pilot, DecisionsScreen, rows=69)
    screen.focus_key("KL-2021-12")  # uncertain, its review-by date passed
    await detail_of(pilot, "KL-2021-12")
    await _history_shown(pilot)
    _cursor_near_top(screen)


async def _dependencies(pilot: Pilot[Any]) -> None:
    pilot.app.post_message(Navigate("R-019", view="dependencies"))
    await until(pilot, lambda: isinstance(pilot.app.screen, DependenciesScreen), "deps")
    tree = pilot.app.screen.query_one(DependencyTree)
    await until(pilot, lambda: tree.root.data is not None and tree.root.data.key == "R-019",
                "tree")
    await pilot.press("down", "down", "down", "space")
    await until(pilot, lambda: tree.cursor_node is not None
                and len(tree.cursor_node.children) > 0, "expanded")


async def _export(pilot: Pilot[Any]) -> None:
    await pilot.press("5")
    await until(pilot, lambda: isinstance(pilot.app.screen, ExportScreen), "export")
    screen = pilot.app.screen
    recipients = screen.query_one("#recipients", SelectionList)
    await until(pilot, lambda: recipients.option_count == 49, "recipients")
    screen.query_one("#out").value = "/tmp/export"  # the same in every run
    recipients.deselect("1440")  # one not chosen: its box is empty


async def _help(pilot: Pilot[Any]) -> None:
    await pilot.press("2")
    await loaded(pilot, RisksScreen, rows=48)
    await pilot.press("f1")
    await until(pilot, lambda: isinstance(pilot.app.screen, HelpScreen), "help")


async def _edit_form(pilot: Pilot[Any]) -> None:
    await pilot.press("escape")  # the help
    screen = await loaded(pilot, RisksScreen, rows=48)
    screen.focus_key("R-005")
    await detail_of(pilot, "R-005")
    await pilot.press("e")
    await until(pilot, lambda: isinstance(pilot.app.screen, EditRiskModal), "edit form")


async def _assess_form(pilot: Pilot[Any]) -> None:
    pilot.app.pop_screen()  # the edit form, unchanged
    await pilot.press("3")
    screen = await loaded(pilot, DecisionsScreen, rows=69)
    screen.focus_key("KL-2022-07")
    await detail_of(pilot, "KL-2022-07")
    _cursor_near_top(screen)
    await pilot.press("v")
    await until(pilot, lambda: isinstance(pilot.app.screen, AssessModal), "assess form")
    form = pilot.app.screen
    form.query_one("#validity").value = riskreg.Validity.SUSPENDED
    await until(pilot, lambda: form.preview is not None
                and form.preview.proposed is riskreg.Validity.SUSPENDED, "preview")


async def _home(pilot: Pilot[Any]) -> None:
    await loaded(pilot, HomeScreen, "#home-risks")
    await loaded(pilot, HomeScreen, "#home-changed")


async def _submissions(pilot: Pilot[Any]) -> None:
    await pilot.press("6")
    await until(pilot, lambda: isinstance(pilot.app.screen, SubmissionsScreen), "submissions")
    await pilot.pause(0.3)


#: what the central team's single user sees (a file register), in this order
CENTRAL: list[tuple[str, Step]] = [
    ("overview", _overview), ("risks", _risks), ("decisions", _decisions),
    ("dependencies", _dependencies), ("export", _export), ("help", _help),
    ("edit", _edit_form), ("assess", _assess_form),
]
#: what Vänersborg's project lead sees besides (a file register opened as the person)
PROJECT_LEAD: list[tuple[str, Step]] = [("home", _home), ("submissions", _submissions)]


def _vanersborgs_actions(path: Path) -> None:
    with riskreg.Register.open(path, today=fixed_today) as reg:
        risk = reg.risk("R-001")
        reg.update_risk("R-001", why="kommunernas åtgärder", actions=[
            *risk.actions,
            riskreg.Action("Rutin för dubbeldokumentation i Vänersborg", owner="MAS Vänersborg",
                           organisation="1487", due=date(2026, 11, 1)),
            riskreg.Action("Utbilda sjuksköterskor i SAMSA-rutinen", organisation="1487",
                           due=date(2027, 2, 28), status="in_progress")])


def _walk(app: RiskregApp, size: tuple[int, int], steps: list[tuple[str, Step]]
          ) -> dict[str, str]:
    """Run ``app`` at ``size`` through ``steps``; the screenshot after each, by name."""
    shots: dict[str, str] = {}

    async def scenario() -> None:
        async with app.run_test(size=size) as pilot:
            await until(pilot, lambda: app.info is not None, "opened")
            for name, step in steps:
                await step(pilot)
                await pilot.pause()
                await pilot.wait_for_scheduled_animations()
                await pilot.pause()
                shots[name] = app.export_screenshot(title=app.title)

    asyncio.run(scenario())
    return shots


def _compare(snapshot: SnapshotAssertion, shots: dict[str, str], tmp_path: Path) -> None:
    svg = snapshot.use_extension(SVGImageExtension)
    different = []
    for name, shot in shots.items():
        if not svg(name=name) == shot:  # noqa: SIM201 (syrupy's comparison records it)
            (tmp_path / f"{name}.svg").write_text(shot, "utf-8")
            different.append(name)
    assert not different, f"differs from the snapshot: {different} (got: {tmp_path})"


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", LANGS)
def test_central_team_views(snapshot: SnapshotAssertion, register_path: Path, lang: str,
                            size: tuple[int, int], tmp_path: Path) -> None:
    """Overview, risks, decisions, dependencies, export, help and the two forms."""
    app = make_app(register_path, lang=lang, start="overview")
    _compare(snapshot, _walk(app, size, CENTRAL), tmp_path)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", LANGS)
def test_project_lead_views(snapshot: SnapshotAssertion, register_path: Path, lang: str,
                            size: tuple[int, int], tmp_path: Path) -> None:
    """Vänersborg's project lead's start page and submissions."""
    _vanersborgs_actions(register_path)
    app = make_app(register_path, lang=lang, start=None, person=PIA)
    _compare(snapshot, _walk(app, size, PROJECT_LEAD), tmp_path)
