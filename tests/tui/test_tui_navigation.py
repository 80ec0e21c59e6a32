"""Getting around: overview findings, the dependency tree, the palette, help, languages, sizes."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from tui_helpers import detail_of, loaded, reopen, screen_text, until

import riskreg
from tui.app import RiskregApp, run
from tui.screens.decisions import DecisionsScreen
from tui.screens.dependencies import DependenciesScreen, DependencyTree
from tui.screens.export import ExportScreen
from tui.screens.help import HelpScreen
from tui.screens.overview import OverviewScreen
from tui.screens.risks import RisksScreen
from tui.widgets.heat_map import HeatMapView


def test_overview_counts_and_a_finding_leads_to_its_item(
    app_factory: Callable[..., RiskregApp], register_path: Path
) -> None:
    before = register_path.read_bytes()
    with reopen(register_path) as reg:
        findings = reg.check()
        open_risks = [r for r in reg.risks() if r.is_open]

    async def scenario() -> None:
        app = app_factory()
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await loaded(pilot, OverviewScreen, "#findings", rows=len(findings))
            await loaded(pilot, OverviewScreen, "#areas", rows=8)
            validity = str(screen.query_one("#validity").render())
            assert "gäller nu 16" in validity and "under bedömning 5" in validity
            assert "gäller inte under pausen 48" in validity
            heat = screen.query_one(HeatMapView).heat
            assert heat is not None and heat.residual and heat.total == len(open_risks)
            await pilot.press("i")
            heat = screen.query_one(HeatMapView).heat
            assert heat is not None and not heat.residual
            # the first finding is a conflict of a decision: Enter shows it in Decisions
            first = findings[0]
            assert first.code == "conflict"
            await pilot.press("enter")
            await loaded(pilot, DecisionsScreen)
            await detail_of(pilot, first.key)
            # back to the overview (1), down to an exposed risk, Enter shows it in Risks
            await pilot.press("1")
            await until(pilot, lambda: isinstance(app.screen, OverviewScreen), "overview")
            exposed = next(n for n, f in enumerate(findings) if f.code == "exposed")
            await pilot.press(*["down"] * exposed, "enter")
            await loaded(pilot, RisksScreen)
            await detail_of(pilot, findings[exposed].key)

    asyncio.run(scenario())
    assert register_path.read_bytes() == before


def test_dependency_tree_walks_and_jumps(app_factory: Callable[..., RiskregApp],
                                         register_path: Path) -> None:
    with reopen(register_path) as reg:
        first_out = next(n for n in reg.graph.neighbours("R-001") if n.outgoing
                         and riskreg.kind_of_key(n.key) is riskreg.ItemKind.DECISION)

    async def scenario() -> None:
        app = app_factory(start="risks")
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await loaded(pilot, RisksScreen, rows=48)
            screen.table.select_key("R-001")
            await pilot.press("g")
            await until(pilot, lambda: isinstance(app.screen, DependenciesScreen), "deps")
            deps = app.screen
            tree = deps.query_one(DependencyTree)
            await until(pilot, lambda: tree.root.data is not None
                        and tree.root.data.key == "R-001", "tree for R-001")
            labels = [str(n.label) for n in tree.root.children]
            assert "R-001 vilar på" in labels[0] and "Vilar på R-001" in labels[1]
            # down to the decision and Enter: shown in Decisions
            keys = [c.data.key for c in tree.root.children[0].children]
            steps = 2 + keys.index(first_out.key)
            await pilot.press(*["down"] * steps)
            assert tree.cursor_node is not None and tree.cursor_node.data.key == first_out.key
            label = str(tree.cursor_node.label)
            assert riskreg.word("relation", first_out.relation, "sv") in label
            # space expands the decision's own links (loaded on demand)
            await pilot.press("space")
            await until(pilot, lambda: len(tree.cursor_node.children) > 0, "children")
            await pilot.press("enter")
            await loaded(pilot, DecisionsScreen)
            await detail_of(pilot, first_out.key)
            # g from Decisions: the tree of the decision; o re-roots, backspace goes back
            await pilot.press("g")
            await until(pilot, lambda: tree.root.data.key == first_out.key, "decision tree")
            await pilot.press("down", "down", "o")
            await until(pilot, lambda: tree.root.data.key not in (first_out.key, None), "o")
            await pilot.press("backspace")
            await until(pilot, lambda: tree.root.data.key == first_out.key, "back")
            # / and a typed key show that item's tree
            await pilot.press("slash", *"r-019", "enter")
            await until(pilot, lambda: tree.root.data.key == "R-019", "typed key")
            assert app.focused is tree

    asyncio.run(scenario())
    with reopen(register_path) as reg:  # reading changed nothing
        assert reg.history()[-1].why == "Exempelregistret byggt från källfilerna"


def test_palette_jumps_by_key_or_title_and_runs_the_check(
    app_factory: Callable[..., RiskregApp], register_path: Path
) -> None:
    before = register_path.read_bytes()

    async def scenario() -> None:
        app = app_factory(start="risks")
        async with app.run_test(size=(100, 30)) as pilot:
            await loaded(pilot, RisksScreen, rows=48)
            await until(pilot, lambda: len(app.index) == 48 + 69, "index")
            await pilot.press("ctrl+p")
            await pilot.press(*"KL-2023-04")
            await pilot.pause(0.3)
            await pilot.press("enter")
            await loaded(pilot, DecisionsScreen)
            await detail_of(pilot, "KL-2023-04")
            await pilot.press("ctrl+p")
            await pilot.press(*"dubbeldok")
            await pilot.pause(0.3)
            await pilot.press("enter")
            await loaded(pilot, RisksScreen)
            await detail_of(pilot, "R-001")
            await pilot.press("ctrl+p")
            await pilot.press(*"kör ko")
            await pilot.pause(0.3)
            await pilot.press("enter")
            await until(pilot, lambda: isinstance(app.screen, OverviewScreen), "overview")

    asyncio.run(scenario())
    assert register_path.read_bytes() == before


def test_help_lists_the_keys_in_the_chosen_language(
    app_factory: Callable[..., RiskregApp]
) -> None:
    async def scenario(lang: str, words: tuple[str, ...]) -> None:
        app = app_factory(start="risks", lang=lang)
        async with app.run_test(size=(80, 24)) as pilot:
            await loaded(pilot, RisksScreen, rows=48)
            await pilot.press("f1")
            await until(pilot, lambda: isinstance(app.screen, HelpScreen), "help")
            await pilot.pause()
            text = screen_text(app)
            for word in words:
                assert word in text, word
            await pilot.press("escape")
            await until(pilot, lambda: isinstance(app.screen, RisksScreen), "closed")

    asyncio.run(scenario("sv", ("Risker", "Ändra", "Granskad", "Sök", "Ny åtgärd", "Beroenden")))
    asyncio.run(scenario("en", ("Risks", "Edit", "Reviewed", "Search", "Add action",
                                "Dependencies")))


def test_every_screen_survives_resizing(app_factory: Callable[..., RiskregApp]) -> None:
    async def scenario() -> None:
        app = app_factory()
        async with app.run_test(size=(80, 24)) as pilot:
            for key, cls in (("1", OverviewScreen), ("2", RisksScreen),
                             ("3", DecisionsScreen), ("4", DependenciesScreen),
                             ("5", ExportScreen)):
                await pilot.press(key)
                await until(pilot, lambda c=cls: isinstance(app.screen, c), cls.__name__)
                for size in ((160, 48), (60, 18), (80, 24)):
                    await pilot.resize_terminal(*size)
                    await pilot.pause()
                    assert app.screen.has_class("-wide") is (size[0] >= 120)

    asyncio.run(scenario())


def test_command_line_entry(tmp_path: Path) -> None:
    missing = tmp_path / "nope.json"
    assert run(missing, "en") == 2
    out = subprocess.run([sys.executable, "-m", "tui", "--help"], capture_output=True,
                         text=True, check=True, cwd=Path(__file__).resolve().parents[2])
    assert "--db" in out.stdout and "--lang" in out.stdout and "--user" in out.stdout


def test_the_mouse_works_too(app_factory: Callable[..., RiskregApp]) -> None:
    async def scenario() -> None:
        app = app_factory()
        async with app.run_test(size=(100, 30)) as pilot:
            overview = await loaded(pilot, OverviewScreen, "#findings")
            chips = overview.query_one("#validity")
            await until(pilot, lambda: len(chips.chips) == 4, "validity chips")
            # click the "under bedömning" chip: Decisions, filtered to the five uncertain
            heading = len(chips.heading) + 1
            first = len(chips.chips[0].text) + 3
            await pilot.click(chips, offset=(heading + first + 2, 0))
            decisions = await loaded(pilot, DecisionsScreen)
            await until(pilot, lambda: decisions.table.row_count == 5, "uncertain only")
            await pilot.press("2")
            screen = await loaded(pilot, RisksScreen, rows=48)
            table = screen.table
            # a click on a header sorts by it; a second click reverses
            x = 1 + sum(w + 1 for c, w in table._layout[: [c.key for c, _ in table._layout]
                                                        .index("level")])
            await pilot.click(table, offset=(x + 1, 0))
            assert table.sort_column == "level" and not table.sort_reverse
            await pilot.click(table, offset=(x + 1, 0))
            assert table.sort_reverse
            # a click on a row moves the cursor there; a click on the cursor row opens it
            expected = table.keys[int(table.scroll_y) + 2]  # line 0 is the header
            await pilot.click(table, offset=(10, 3))
            key = table.cursor_key
            assert key == expected
            await detail_of(pilot, key)
            await pilot.click(table, offset=(10, 3))
            await until(pilot, lambda: app.focused is screen.query_one("#detail"), "detail")

    asyncio.run(scenario())
