"""Bidirectional text is contained (issue 8, item 6).

A right-to-left override (U+202E) at the start of a title reverses everything after it on
the same line: in a report, the generated "(Hög 9, identifierad, …)" after the title, in
a terminal the rest of the row. New text with such a control is refused where it enters
the register (API, import, command line, review UI, with a message naming the field);
text already stored with one still opens and stays editable, and every output neutralises
it: HTML isolates each user-supplied value (``<bdi>``) and drops the controls, Markdown,
CSV, XLSX, the terminal and the TUI drop them, JSON escapes them (``\\u202e``), so the
data is kept and nothing is reversed.
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import re
import zipfile
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner
from strategies import AREAS, fixed_today, new_register

import riskreg
from riskreg import (
    Action,
    Assessment,
    Category,
    Decision,
    Organisation,
    Rating,
    Risk,
    RiskMatrix,
    Scope,
    Validity,
)
from riskreg.cli import cli
from riskreg.exchange import dumps

TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 9, 30, tzinfo=UTC)
RLO = "\u202e"
CONTROLS = ("\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068",
            "\u2069", "\u200e", "\u200f", "\u061c")
BIDI = re.compile("[" + "".join(CONTROLS) + "]")
HEBREW = "שלום"  # right-to-left letters: allowed, and isolated in HTML
MARK = "@BIDI@"  # stands for U+202E until the file is edited by hand (see legacy_register)


def _text(name: str) -> str:
    return f"{MARK}{name} {HEBREW}"


# --- refused on input ---------------------------------------------------------------------


@pytest.fixture
def reg(tmp_path: Path) -> riskreg.Register:
    register = new_register(tmp_path / "riskreg.json", today=fixed_today)
    with register.batch(why="uppbyggnad"):
        register.add_risk(Risk(key="R-001", title="Risk", area="it", inherent=Rating(2, 2),
                               created=TODAY))
        register.add_decision(Decision(key="KL-2022-01", decided_on=date(2022, 1, 5),
                                       title="Beslut", validity=Validity.APPLIES))
    return register


@pytest.mark.parametrize("control", CONTROLS)
def test_new_text_with_a_bidi_control_is_refused_with_the_field_named(
    reg: riskreg.Register, control: str
) -> None:
    before = reg.path.read_bytes()
    attempts = {
        "title": lambda: reg.new_risk(title=f"{control}Ny risk", area="it",
                                      inherent=Rating(1, 1)),
        "description": lambda: reg.update_risk("R-001", description=f"a{control}b"),
        "consequences": lambda: reg.update_risk("R-001", consequences=["ok", f"x{control}"]),
        "actions": lambda: reg.update_risk("R-001", actions=[Action(f"{control}Gör")]),
        "summary": lambda: reg.update_decision("KL-2022-01", summary=f"{control}x"),
        "assessment": lambda: reg.assess("KL-2022-01", "suspended", rationale=f"{control}x"),
        "note": lambda: reg.link("R-001", "mitigated_by", "KL-2022-01", note=f"{control}x"),
        "why": lambda: reg.update_risk("R-001", owner="MAS", why=f"{control}x"),
        "name": lambda: reg.add_category(Category("ny", f"{control}Område")),
    }
    for field, attempt in attempts.items():
        with pytest.raises(riskreg.ValidationError) as info:
            attempt()
        assert info.value.key == "error.bidi_control", (field, info.value)
        assert info.value.params["field"] == field
        assert "U+" in info.value.message("sv") and field in info.value.message("en")
    assert reg.path.read_bytes() == before


def test_a_register_created_with_a_bidi_control_in_its_name_is_refused(tmp_path: Path) -> None:
    with pytest.raises(riskreg.ValidationError) as info:
        riskreg.Register.create(tmp_path / "r.json", name=f"{RLO}Register", categories=AREAS)
    assert info.value.key == "error.bidi_control"
    assert not (tmp_path / "r.json").exists()


def test_the_command_line_refuses_a_bidi_control_in_one_line(reg: riskreg.Register) -> None:
    db = reg.path
    reg.close()
    before = db.read_bytes()
    result = CliRunner().invoke(cli, ["--db", str(db), "risk", "add", "--title", f"{RLO}Ny",
                                      "--area", "it", "--likelihood", "1", "--impact", "1"])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "U+202E" in result.stderr
    assert RLO not in result.stderr  # the message names the character, it does not hold it
    assert db.read_bytes() == before


def test_an_import_with_a_bidi_control_is_rejected_with_row_and_column(
    reg: riskreg.Register, tmp_path: Path
) -> None:
    path = tmp_path / "in.csv"
    path.write_text("Titel;Riskområde;Sannolikhet;Konsekvens\n"
                    "Bra rad;it;1;1\n"
                    f"{RLO}Dålig rad;it;2;2\n", encoding="utf-8")
    before = reg.path.read_bytes()
    with pytest.raises(riskreg.ImportRejected) as info:
        riskreg.import_file(reg, path)
    assert [(p.row, p.column, p.key) for p in info.value.problems] == [
        (3, "Titel", "error.bidi_control")]
    assert reg.path.read_bytes() == before


# --- a register that already holds them -------------------------------------------------------


def _legacy(tmp_path: Path) -> Path:
    """A register whose stored text holds U+202E and Hebrew in every user-supplied field (as
    an older riskreg or a hand edit left it)."""
    matrix = RiskMatrix.swedish_4x4()
    matrix = attrs.evolve(matrix, bands=tuple(
        attrs.evolve(b, name=_text(b.name), name_en=_text(b.name_en)) if b.key == "high" else b
        for b in matrix.bands))
    path = tmp_path / "legacy" / "riskreg.json"
    path.parent.mkdir()
    org = Organisation("9001", _text("Kommun"), association="Fyrbodal", care_area="Fyrbodal")
    register = riskreg.Register.create(
        path, name=_text("Register"), matrix=matrix,
        categories=[Category("it", _text("Område")), *AREAS[1:]],
        organisations=[org], user=_text("Användare"), today=fixed_today)
    with register.batch(why="uppbyggnad"):
        register.add_risk(Risk(
            key="R-001", title=_text("Titel"), area="it", inherent=Rating(4, 4),
            description=_text("Beskrivning"), consequences=(_text("Konsekvens"),),
            actions=(Action(_text("Åtgärd"), owner=_text("Ägare")),), owner=_text("Ägare"),
            scope=Scope.municipalities("9001", "1480"), reported_by=("9001",), created=TODAY))
        register.add_decision(Decision(
            key="KL-2022-01", decided_on=date(2022, 1, 5), title=_text("Beslut"),
            summary=_text("Sammanfattning"), care_areas=(_text("Vårdområde"),),
            target_groups=(_text("Målgrupp"),), validity=Validity.UNCERTAIN,
            review_by=date(2026, 12, 31),
            assessment=Assessment(by=_text("Bedömare"), on=TODAY, rationale=_text("Skäl"))))
        register.add_decision(Decision(key="KL-2022-02", decided_on=date(2022, 2, 1),
                                       title=_text("Annat"), validity=Validity.APPLIES))
        register.link("R-001", "mitigated_by", "KL-2022-01", note=_text("Not"))
        register.link("KL-2022-02", "depends_on", "KL-2022-01")
    register.close()
    for file in (path, path.with_name(path.name + ".history.jsonl")):
        file.write_bytes(file.read_bytes().replace(MARK.encode(), RLO.encode()))
    return path


@pytest.fixture
def legacy(tmp_path: Path) -> Path:
    return _legacy(tmp_path)


def test_stored_bidi_text_still_opens_and_stays_editable(legacy: Path) -> None:
    with riskreg.Register.open(legacy, user="anna", today=fixed_today) as reg:
        risk = reg.risk("R-001")
        assert risk.title.startswith(RLO)  # kept as stored, not "corrupt"
        reg.update_risk("R-001", owner="MAS", status="treating")  # other fields change
        reg.update_risk("R-001", consequences=["Ny konsekvens", *risk.consequences])
        reg.assess("KL-2022-01", "suspended", rationale="Pausen")  # flags R-001
        reg.mark_reviewed("R-001", note="Granskad")
        assert reg.risk("R-001").title == risk.title
        assert not reg.check() or all(f.message("sv") for f in reg.check())


# --- every output neutralises them ------------------------------------------------------------


class _Isolation(HTMLParser):
    """Finds text with right-to-left letters that is not inside ``<bdi>`` or ``dir="auto"``."""

    VOID = frozenset({"meta", "br", "img", "hr", "input", "link", "col", "wbr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []
        self.loose: list[str] = []
        self.isolated: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.VOID:
            self.stack.append((tag, tag == "bdi" or ("dir", "auto") in attrs))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        if HEBREW not in data:
            return
        tags = [t for t, _ in self.stack]
        if "title" in tags:  # the window title is text only: controls dropped, nothing to wrap
            return
        if any(isolated for _, isolated in self.stack):
            self.isolated.append(data)
        else:
            self.loose.append(data)


def _texts_of(name: str, data: bytes) -> str:
    if name.endswith(".xlsx"):
        archive = zipfile.ZipFile(io.BytesIO(data))
        return "\n".join(archive.read(n).decode("utf-8") for n in archive.namelist())
    return data.decode("utf-8-sig")


def test_every_report_format_neutralises_bidi_controls(legacy: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    with riskreg.Register.open(legacy, today=fixed_today) as reg:
        riskreg.export_reports(reg, out, recipients="9001,1480", now=NOW, record=False,
                               generated_by=f"{RLO}Användare {HEBREW}")
    files = {p.name: p.read_bytes() for p in out.iterdir()}
    assert "9001-kommun.html" in files
    for name, data in files.items():
        text = _texts_of(name, data)
        assert not BIDI.search(text), (name, BIDI.search(text))
        if name.endswith(".html"):
            parser = _Isolation()
            parser.feed(text)
            assert parser.loose == [], (name, parser.loose[:5])
            if name.startswith("9001"):
                assert len(parser.isolated) > 20
        elif name.startswith("9001"):
            assert HEBREW in text, name  # the text itself is kept
    doc = json.loads(files["9001-kommun.json"])
    assert doc["risks"][0]["title"] == f"{RLO}Titel {HEBREW}"  # JSON keeps it, escaped
    assert doc["recipient"]["name"] == f"{RLO}Kommun {HEBREW}"
    rows = list(csv.reader(io.StringIO(files["9001-kommun.csv"].decode("utf-8-sig")),
                           delimiter=";"))
    assert [r[2] for r in rows if r[1] == "R-001"] == [f"Titel {HEBREW}"]
    md = files["9001-kommun.md"].decode("utf-8")
    assert f"R-001 Titel {HEBREW}" in md


def test_the_shared_dump_and_graph_escape_bidi_controls(legacy: Path) -> None:
    with riskreg.Register.open(legacy, today=fixed_today) as reg:
        text = dumps(reg, shared_only=True)
    assert not BIDI.search(text)
    assert json.loads(text)["risks"][0]["title"] == f"{RLO}Titel {HEBREW}"


def test_the_command_line_shows_no_bidi_control(legacy: Path) -> None:
    runner = CliRunner()
    env = {"RISKREG_TODAY": TODAY.isoformat(), "COLUMNS": "200"}
    for args in (["risk", "list"], ["risk", "show", "R-001"], ["decision", "list"],
                 ["decision", "show", "KL-2022-01"], ["check"], ["history", "R-001"],
                 ["impact", "KL-2022-01", "--if", "suspended"], ["graph", "--format", "json"],
                 ["graph", "--format", "graphml"], ["dump"], ["dump", "--shared-only"]):
        result = runner.invoke(cli, ["--db", str(legacy), *args], env=env)
        assert result.exit_code in (0, 1), (args, result.output)
        assert not BIDI.search(result.stdout), (args, result.stdout[:300])
        assert HEBREW in result.stdout or args[0] in ("impact", "check") or "graphml" in args
    for args in (["risk", "show", "R-001"], ["risk", "list"], ["decision", "show", "KL-2022-01"],
                 ["history", "R-001"]):
        result = runner.invoke(cli, ["--db", str(legacy), *args, "--json"], env=env)
        assert result.exit_code == 0, (args, result.output)
        assert not BIDI.search(result.stdout), args
        assert RLO in json.dumps(json.loads(result.stdout), ensure_ascii=False), args


def test_the_review_ui_shows_no_bidi_control(legacy: Path) -> None:
    import sys

    sys.path.insert(0, str(Path(__file__).parent / "tui"))
    from tui_helpers import loaded, make_app, screen_text

    from tui.screens.risks import RisksScreen

    async def scenario() -> str:
        app = make_app(legacy, start="risks")
        async with app.run_test(size=(160, 40)) as pilot:
            screen = await loaded(pilot, RisksScreen, rows=1)
            await pilot.pause(0.3)
            assert screen is not None
            return screen_text(app)

    shown = asyncio.run(scenario())
    assert HEBREW in shown
    assert not BIDI.search(shown), shown


def test_editing_stored_bidi_text_in_the_review_ui_saves_it_without_the_control(
    legacy: Path,
) -> None:
    """The form shows the text as it reads; saving saves what it shows (a refusal naming an
    invisible character the user cannot find would leave them stuck)."""
    import sys

    sys.path.insert(0, str(Path(__file__).parent / "tui"))
    from textual.widgets import Input
    from tui_helpers import detail_of, loaded, make_app, until

    from tui.modals.edit_risk import EditRiskModal
    from tui.screens.risks import RisksScreen

    async def scenario() -> None:
        app = make_app(legacy, start="risks")
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await loaded(pilot, RisksScreen, rows=1)
            assert screen.table.select_key("R-001")
            await detail_of(pilot, "R-001")
            await pilot.press("e")
            await until(pilot, lambda: isinstance(app.screen, EditRiskModal), "edit form")
            form = app.screen
            assert form.query_one("#title", Input).value == f"Titel {HEBREW}"
            form.query_one("#owner", Input).value = "MAS"
            form.query_one("#why", Input).value = "Ny ägare"
            await pilot.press("ctrl+s")
            await until(pilot, lambda: isinstance(app.screen, RisksScreen), "form closed")

    asyncio.run(scenario())
    with riskreg.Register.open(legacy, today=fixed_today) as reg:
        risk = reg.risk("R-001")
    assert (risk.owner, risk.title) == ("MAS", f"Titel {HEBREW}")
    assert not any(BIDI.search(c) for c in (risk.description, *risk.consequences))
