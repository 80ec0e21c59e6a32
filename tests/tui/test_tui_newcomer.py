"""A newcomer's first hour (issue 11): nothing cut off at 80×24, no surprises.

Each test is one thing a new user would notice: the footer holds the view's keys (or says
F1 has them all) and quit; q quits where it is not text; nothing shows a raw template;
numbers are never what is cut; forms do not wipe or throw away what was typed; marks are
explained; focus is visible in 256 colours; boxes say whether they are ticked; who changes
are recorded as is shown and can be named; a flagged item says why.
"""

from __future__ import annotations

import asyncio
import io
import re
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rich.color import ColorSystem
from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Input, Select, SelectionList
from tui_helpers import detail_of, loaded, make_app, notices, reopen, screen_text, until

import riskreg
from tui.app import RiskregApp
from tui.i18n import set_app_language
from tui.modals.base import DiscardModal
from tui.modals.edit_risk import EditRiskModal
from tui.modals.who import WhoModal
from tui.requests import Navigate
from tui.screens.dependencies import DependencyTree
from tui.screens.export import ExportScreen
from tui.screens.help import HelpScreen
from tui.screens.overview import OverviewScreen
from tui.screens.risks import RisksScreen
from tui.service import RegisterService
from tui.widgets.chips import ChipLine
from tui.widgets.detail import DetailBody
from tui.widgets.footer import FooterItem, fit
from tui.widgets.ticks import TickBox

WORDS = {
    "sv": {"help": "Hjälp", "all": "Alla tangenter", "quit": "Avsluta"},
    "en": {"help": "Help", "all": "All keys", "quit": "Quit"},
}


def _footer(app: RiskregApp) -> str:
    return screen_text(app).splitlines()[-1]


def _detail(app: RiskregApp) -> str:
    return str(app.screen.query_one("#detail-body", DetailBody).render())


# --- the footer ------------------------------------------------------------------------------
def test_the_footer_keeps_help_and_quit_and_says_when_keys_gave_way() -> None:
    own = [FooterItem(k, f"word {k}", k, f"act_{k}") for k in "abcdef"]
    views = [FooterItem("1–5", "Views", None)]
    general = [FooterItem("f1", "Help", "f1", "help"), FooterItem("q", "Quit", "q", "quit")]
    wide, dropped = fit(own, views, general, None, width=200)
    assert dropped == 0 and [i.label for i in wide][-2:] == ["Help", "Quit"]
    assert [i.keys for i in wide] == [*"abcdef", "1–5", "f1", "q"]
    set_app_language("en")
    narrow, dropped = fit(own, views, general, None, width=56)
    assert dropped > 0
    shown = [i.keys for i in narrow]
    assert "f1" in shown and "q" in shown
    assert shown[:2] == ["a", "b"] and "1–5" in shown  # the first keys, then the views
    assert next(i for i in narrow if i.keys == "f1").label == "All keys"
    assert sum(i.width for i in narrow) <= 56
    # the view's keys give way from the last: never a later one shown for an earlier one
    kept = [k for k in "abcdef" if k in shown]
    assert kept == list("abcdef")[:len(kept)]


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_view_at_80x24_shows_its_keys_help_and_quit_and_no_raw_template(
        app_factory: Callable[..., RiskregApp], lang: str) -> None:
    """Each view's footer fits 80 columns with F1 and quit on it; the screen shows no "{" of
    an unfilled template; the numbers that matter are whole (a warnings count, the level
    with its value, the matrix's impact names)."""
    words = WORDS[lang]

    async def scenario() -> None:
        app = app_factory(lang=lang)
        async with app.run_test(size=(80, 24)) as pilot:
            overview = await loaded(pilot, OverviewScreen, "#findings")
            await until(pilot, lambda: overview.query_one("#findings-title", ChipLine).chips,
                        "check counted")
            with reopen(app.service.location) as reg:
                warnings = sum(f.severity is riskreg.Severity.WARNING for f in reg.check())
            text = screen_text(app)
            assert (f"{warnings} varningar" if lang == "sv" else f"{warnings} warnings") in text
            impact_names = ("Katastrofal", "Betydande") if lang == "sv" else (
                "Catastrophic", "Major")
            assert all(name in text for name in impact_names)
            for key in ("1", "2", "3", "4", "5", "f1"):
                await pilot.press(key)
                await pilot.pause(0.3)
                text = screen_text(app)
                footer = text.splitlines()[-1]
                assert ("F1 " + words["help"] in footer
                        or "F1 " + words["all"] in footer
                        or isinstance(app.screen, HelpScreen)), (key, footer)
                assert isinstance(app.screen, HelpScreen) or f"q {words['quit']}" in footer
                assert "{" not in text and "}" not in text, (key, text)
                if key == "f1":
                    await pilot.press("escape")
            # sorted by level, highest first: the highest level shows its value whole
            await pilot.press("2")
            risks = await loaded(pilot, RisksScreen, rows=48)
            risks.table.sort_by("level", reverse=True)
            await pilot.pause()
            top = risks.table.rows[0]
            label = f"{top.band.label(lang)} {top.value}"
            assert label in screen_text(app), label

    asyncio.run(scenario())


def test_nothing_shows_a_raw_template_before_the_register_is_open(
        register_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """For the time the register takes to open, every view shows words, not "{n}"."""
    release = threading.Event()
    opening = RegisterService.open

    def slow_open(self: RegisterService) -> Any:
        release.wait(10)
        return opening(self)

    monkeypatch.setattr(RegisterService, "open", slow_open)

    async def scenario() -> None:
        app = make_app(register_path)
        async with app.run_test(size=(120, 36)) as pilot:
            for key in ("1", "2", "3", "4", "5"):
                await pilot.press(key)
                await pilot.pause(0.2)
                text = screen_text(app)
                assert "{" not in text and "}" not in text, (key, text)
                assert app.info is None
            release.set()
            await until(pilot, lambda: app.info is not None, "opened")

    try:
        asyncio.run(scenario())
    finally:
        release.set()


def test_dependency_lines_are_shortened_with_an_ellipsis_and_shown_whole_below(
        app_factory: Callable[..., RiskregApp]) -> None:
    async def scenario() -> None:
        app = app_factory(start="dependencies")
        async with app.run_test(size=(80, 24)) as pilot:
            await until(pilot, lambda: app.info is not None, "opened")
            app.post_message(Navigate("R-019", view="dependencies"))
            tree = app.screen.query_one(DependencyTree)
            await until(pilot, lambda: tree.root.data is not None
                        and tree.root.data.key == "R-019", "tree")
            await pilot.press("down", "down")  # "förvärrar R-023 …", a long title
            await pilot.pause(0.2)
            node = tree.cursor_node
            assert node is not None and node.data is not None and node.data.key == "R-023"
            lines = screen_text(app).splitlines()
            row = next(line for line in lines if "R-023" in line and "förvärrar" in line)
            assert row.rstrip().endswith("…")  # shortened where it ends, not cut hard
            with reopen(app.service.location) as reg:
                title = reg.risk("R-023").title
            below = " ".join(" ".join(lines[-4:-1]).split())
            assert title in below  # the highlighted line in full under the tree

    asyncio.run(scenario())


def test_a_list_opened_from_a_choice_is_closed_in_the_apps_words(
        app_factory: Callable[..., RiskregApp]) -> None:
    """Textual's own "esc Dismiss menu" is worded by the catalogue (or not shown)."""

    async def scenario() -> None:
        app = app_factory(start="risks")
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await loaded(pilot, RisksScreen, rows=48)
            screen.query_one("#f-status", Select).focus()
            await pilot.press("enter")
            await pilot.pause(0.3)
            footer = _footer(app)
            assert "Dismiss" not in footer and "Esc Stäng listan" in footer, footer
            await pilot.press("escape")

    asyncio.run(scenario())


# --- quitting --------------------------------------------------------------------------------
def test_q_quits_from_a_list(app_factory: Callable[..., RiskregApp]) -> None:
    async def scenario() -> None:
        app = app_factory(start="risks")
        async with app.run_test(size=(80, 24)) as pilot:
            await loaded(pilot, RisksScreen, rows=48)
            assert "q Avsluta" in _footer(app)
            await pilot.press("ctrl+c")  # says how to quit, in the app's language
            await until(pilot, lambda: any("Tryck q" in n for n in notices(app)), "hint")
            await pilot.press("q")
            await until(pilot, lambda: not app.is_running, "quit")

    asyncio.run(scenario())


def test_q_is_a_letter_in_a_text_field(app_factory: Callable[..., RiskregApp]) -> None:
    async def scenario() -> None:
        app = app_factory(start="risks")
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await loaded(pilot, RisksScreen, rows=48)
            await pilot.press("slash", "q")
            await pilot.pause()
            assert screen.query_one("#search", Input).value == "q"
            assert app.is_running
            footer = _footer(app)
            assert not re.search(r"(?<!\+)q Avsluta", footer) and "Ctrl+Q Avsluta" in footer

    asyncio.run(scenario())


# --- forms -----------------------------------------------------------------------------------
async def _edit(pilot: Pilot[Any], key: str) -> EditRiskModal:
    screen = await loaded(pilot, RisksScreen, rows=48)
    screen.focus_key(key)
    await detail_of(pilot, key)
    await pilot.press("e")
    await until(pilot, lambda: isinstance(pilot.app.screen, EditRiskModal), "edit form")
    form = pilot.app.screen
    assert isinstance(form, EditRiskModal)
    await pilot.pause()
    return form


def test_typing_in_the_edit_form_adds_to_the_title_and_esc_asks_before_discarding(
        app_factory: Callable[..., RiskregApp], register_path: Path) -> None:
    before = register_path.read_bytes()
    with reopen(register_path) as reg:
        title = reg.risk("R-005").title

    async def scenario() -> None:
        app = app_factory(start="risks")
        async with app.run_test(size=(80, 24)) as pilot:
            form = await _edit(pilot, "R-005")
            field = form.query_one("#title", Input)
            assert app.focused is field and field.selected_text == ""
            await pilot.press("x")
            assert field.value == title + "x"  # added to, not replaced
            await pilot.press("escape")
            await until(pilot, lambda: isinstance(app.screen, DiscardModal), "asked")
            await pilot.press("escape")  # keep editing
            await until(pilot, lambda: app.screen is form, "back in the form")
            assert field.value == title + "x"
            await pilot.press("escape")
            await until(pilot, lambda: isinstance(app.screen, DiscardModal), "asked again")
            await pilot.click("#discard")
            await until(pilot, lambda: isinstance(app.screen, RisksScreen), "discarded")
            # a form nothing was typed in closes at once
            await pilot.press("e")
            await until(pilot, lambda: isinstance(app.screen, EditRiskModal), "edit again")
            await pilot.pause()
            await pilot.press("escape")
            await until(pilot, lambda: isinstance(app.screen, RisksScreen), "closed")

    asyncio.run(scenario())
    assert register_path.read_bytes() == before


def test_a_refused_save_puts_the_cursor_in_the_field_it_names(
        app_factory: Callable[..., RiskregApp], register_path: Path) -> None:
    async def scenario() -> None:
        app = app_factory(start="risks")
        async with app.run_test(size=(100, 40)) as pilot:
            form = await _edit(pilot, "R-005")
            form.query_one("#owner", Input).value = "MAS Vänersborg"
            await pilot.press("ctrl+s")  # no "why": the form says so, the cursor goes there
            await until(pilot, lambda: "Varför" in str(form.query_one("#error").render()),
                        "why required")
            assert app.focused is form.query_one("#why", Input)
            form.query_one("#why", Input).value = "Ny ägare"
            form.query_one("#reported-by", Input).value = "Vänersborg, Ingenstans"
            form.query_one("#title", Input).focus()
            await pilot.press("ctrl+s")
            await until(pilot, lambda: "Ingenstans" in str(form.query_one("#error").render()),
                        "unknown organisation")
            assert app.focused is form.query_one("#reported-by", Input)

    asyncio.run(scenario())


def test_the_edit_form_shows_names_and_takes_names_or_codes(
        app_factory: Callable[..., RiskregApp], register_path: Path) -> None:
    with reopen(register_path) as reg:
        risk = reg.risk("R-005")
        names = {o.code: o.name for o in riskreg.views.organisations(reg)}

    async def scenario() -> None:
        app = app_factory(start="risks")
        async with app.run_test(size=(100, 40)) as pilot:
            form = await _edit(pilot, "R-005")
            shown = form.query_one("#reported-by", Input).value
            assert shown == ", ".join(names[c] for c in risk.reported_by)
            assert not re.search(r"\b\d{4}\b", shown)  # no municipality codes
            form.query_one("#reported-by", Input).value = "vänersborg, 1480"
            form.query_one("#why", Input).value = "Göteborg känner igen risken"
            await pilot.press("ctrl+s")
            await until(pilot, lambda: isinstance(app.screen, RisksScreen), "saved")

    asyncio.run(scenario())
    with reopen(register_path) as reg:
        assert reg.risk("R-005").reported_by == ("1480", "1487")


# --- what the lists and the detail say -----------------------------------------------------------
def test_a_flagged_risk_shows_the_path_that_flagged_it_and_the_marks_are_explained(
        app_factory: Callable[..., RiskregApp], register_path: Path) -> None:
    with riskreg.Register.open(register_path, user="anna") as reg:
        reg.assess("KL-2022-07", "suspended", rationale="Bygger på pausad design")

    async def scenario() -> None:
        app = app_factory(start="risks")
        async with app.run_test(size=(100, 40)) as pilot:
            screen = await loaded(pilot, RisksScreen, rows=48)
            screen.focus_key("R-023")
            await detail_of(pilot, "R-023")
            await until(pilot, lambda: "via" in _detail(app), "path")
            detail = _detail(app)
            why = detail.split("Därför behöver den granskas")[1].split("\n\n")[0]
            assert "applies" not in why and "suspended" not in why
            assert "KL-2022-07 ändrades: gäller nu → gäller inte under pausen" in detail
            assert "via R-019 mildras av KL-2022-07 → R-019 förvärrar R-023" in detail
            row = next(line for line in screen_text(app).splitlines() if "R-023" in line)
            assert "⚑ granska" in row and "Flaggor" in screen_text(app)
            await pilot.press("f1")
            await until(pilot, lambda: isinstance(app.screen, HelpScreen), "help")
            help_screen = app.screen
            assert isinstance(help_screen, HelpScreen)
            console = Console(width=100, file=io.StringIO(), record=True)
            console.print(help_screen.content())
            legend = console.export_text()
            assert "⚑ granska" in legend and "flaggad för granskning" in legend
            assert "! konflikt" in legend and "Parter" in legend

    asyncio.run(scenario())


def test_a_done_action_shows_when_it_was_done(
        app_factory: Callable[..., RiskregApp], register_path: Path) -> None:
    with riskreg.Register.open(register_path, user="anna") as reg:
        reg.set_action_status("R-001", 1, "done", why="Klart")
        done_on = reg.history("R-001")[-1].at.date().isoformat()

    async def scenario() -> None:
        app = app_factory(start="risks")
        async with app.run_test(size=(100, 60)) as pilot:
            await loaded(pilot, RisksScreen, rows=48)
            await detail_of(pilot, "R-001")
            await until(pilot, lambda: f"klar {done_on}" in " ".join(_detail(app).split()),
                        "done date")
            # a revision is a "version" in Swedish, as everywhere else
            assert "Version " in _detail(app) and "Revision" not in _detail(app)

    asyncio.run(scenario())


# --- the palette, the export, focus ----------------------------------------------------------
def test_the_palette_keeps_the_filters_and_a_jump_that_clears_them_says_so(
        app_factory: Callable[..., RiskregApp]) -> None:
    async def scenario() -> None:
        app = app_factory(start="risks")
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await loaded(pilot, RisksScreen, rows=48)
            await pilot.press("slash", *"SAMSA", "enter")
            await until(pilot, lambda: 0 < screen.table.row_count < 48, "filtered")
            shown = screen.table.row_count
            await pilot.press("ctrl+p")
            await pilot.pause(0.3)
            await pilot.press("escape")
            await pilot.pause(0.3)
            assert screen.query_one("#search", Input).value == "SAMSA"
            assert screen.table.row_count == shown
            hidden = next(k for k in ("R-048", "R-047", "R-046") if k not in screen.table.keys)
            app.jump(hidden)
            await until(pilot, lambda: screen.table.cursor_key == hidden, "jumped")
            assert screen.query_one("#search", Input).value == ""
            assert any(hidden in n and ("Filtren" in n) for n in notices(app)), notices(app)

    asyncio.run(scenario())


def test_export_boxes_draw_x_only_when_ticked(app_factory: Callable[..., RiskregApp]) -> None:
    async def scenario() -> None:
        app = app_factory(start="export")
        async with app.run_test(size=(100, 30)) as pilot:
            await until(pilot, lambda: isinstance(app.screen, ExportScreen), "export")
            screen = app.screen
            recipients = screen.query_one("#recipients", SelectionList)
            await until(pilot, lambda: recipients.option_count == 49, "recipients")
            screen.query_one("#fmt-md", TickBox).value = False
            recipients.deselect("1440")
            await pilot.pause()
            text = screen_text(app)
            assert "▐ ▌ md" in text and "▐X▌ html" in text
            assert "▐ ▌ Förhandsversion" in text
            ale = next(line for line in text.splitlines() if "1440 Ale" in line)
            alingsas = next(line for line in text.splitlines() if "1489 Alingsås" in line)
            assert "X" not in ale.split("1440")[0] and "X" in alingsas.split("1489")[0]

    asyncio.run(scenario())


def _rgb256(color: Any) -> tuple[int, int, int]:
    triplet = color.downgrade(ColorSystem.EIGHT_BIT).get_truecolor()
    return triplet.red, triplet.green, triplet.blue


def test_focus_is_visible_in_256_colours(app_factory: Callable[..., RiskregApp]) -> None:
    """The focused pane carries a bar whose colour, in 256 colours, is far from the ground;
    the pane that lost focus carries none."""

    async def scenario() -> None:
        app = app_factory(start="risks")
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await loaded(pilot, RisksScreen, rows=48)
            await detail_of(pilot, screen.table.keys[0])

            def left_edge(widget: Any) -> tuple[str, Any]:
                region = widget.region
                segments = list(app.screen._compositor.render_strips())[region.y + 1]
                x = 0
                for segment in segments:
                    if x >= region.x:
                        return segment.text[0], segment.style
                    x += segment.cell_length
                raise AssertionError("no cell")

            table, pane = screen.table, screen.query_one("#detail")
            mark, style = left_edge(table)
            assert app.focused is table and mark.strip() != ""
            ground = _rgb256(style.bgcolor) if style.bgcolor else (0, 0, 0)
            colour = _rgb256(style.color)
            assert sum((a - b) ** 2 for a, b in zip(colour, ground, strict=True)) ** 0.5 > 100
            assert left_edge(pane)[0].strip() == ""
            await pilot.press("d")  # focus to the detail: the bar moves with it
            await pilot.pause()
            assert left_edge(pane)[0].strip() != "" and left_edge(table)[0].strip() == ""

    asyncio.run(scenario())


# --- who changes are recorded as ----------------------------------------------------------------
def test_who_am_i_is_shown_and_can_be_named(app_factory: Callable[..., RiskregApp],
                                           register_path: Path) -> None:
    async def scenario() -> None:
        app = app_factory(start="risks")
        async with app.run_test(size=(100, 30)) as pilot:
            await loaded(pilot, RisksScreen, rows=48)
            assert "som test (en användare)" in screen_text(app).splitlines()[0]
            await pilot.press("f3")
            await until(pilot, lambda: isinstance(app.screen, WhoModal), "who form")
            name = app.screen.query_one("#name", Input)
            name.value = "Anna Andersson"
            await pilot.press("ctrl+s")
            await until(pilot, lambda: isinstance(app.screen, RisksScreen), "named")
            await until(pilot, lambda: "som Anna Andersson" in screen_text(app).splitlines()[0],
                        "header")
            await detail_of(pilot, "R-001")
            await pilot.press("r")
            await until(pilot, lambda: app.screen.query("#note"), "review form")
            app.screen.query_one("#note", Input).value = "Oförändrad"
            await pilot.press("ctrl+s")
            await until(pilot, lambda: isinstance(app.screen, RisksScreen), "reviewed")

    asyncio.run(scenario())
    with reopen(register_path) as reg:
        assert reg.history("R-001")[-1].user == "Anna Andersson"


# --- the UI's own structure ---------------------------------------------------------------------
TUI = Path(__file__).resolve().parents[2] / "tui"


def test_the_ui_uses_no_private_textual_api() -> None:
    private = re.compile(r"textual\._|\._bindings\b|_context\b")
    offenders = [f"{p.relative_to(TUI)}:{n}" for p in TUI.rglob("*.py")
                 for n, line in enumerate(p.read_text("utf-8").splitlines(), 1)
                 if private.search(line)]
    assert not offenders, offenders


def test_one_registry_of_views_feeds_modes_keys_and_palette(
        app_factory: Callable[..., RiskregApp]) -> None:
    from tui.views import VIEWS

    app = app_factory()
    assert list(app.MODES) == [v.name for v in VIEWS]
    keys = {b.id: b.key for b in app.BINDINGS if hasattr(b, "id") and b.id}  # type: ignore[union-attr]
    assert {f"show-{v.name}": v.key for v in VIEWS}.items() <= keys.items()
    assert all(v.name == v.screen.VIEW for v in VIEWS)


def test_screens_and_forms_tell_the_app_by_message_and_never_call_it() -> None:
    """Screens read the app's state (info, service, language) and post messages; the app's
    methods are not called from them."""
    reads = {"info", "service", "lang", "generation", "load_error"}
    calls = re.compile(r"\b(?:self\.rapp|self\.app)\.(\w+)\(")
    offenders = []
    for folder in ("screens", "modals", "widgets"):
        for path in (TUI / folder).glob("*.py"):
            for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
                for name in calls.findall(line):
                    if name not in reads | {"push_screen", "post_message", "run_action",
                                            "get_key_display", "notify", "simulate_key"}:
                        offenders.append(f"{folder}/{path.name}:{n}: {name}")
    assert not offenders, offenders
