"""Overview: risks per area, the risk matrix as a heat map, decisions by validity, findings."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Label, Static

import riskreg
from riskreg.views import AreaCount, HeatMap
from tui import format as fmt
from tui.i18n import N_, Nn_, current_lang, t, tn, word
from tui.requests import DataShown, Navigate
from tui.screens.base import RegisterScreen
from tui.widgets.chips import Chip, ChipLine
from tui.widgets.footer import KeyFooter
from tui.widgets.header import RegisterHeader
from tui.widgets.heat_map import HeatMapView
from tui.widgets.item_table import Column, ItemTable

SEVERITY_ORDER = list(riskreg.Severity)


@dataclass(frozen=True)
class FindingRow:
    """A finding with its text in the UI's language, and a row id unique in the list."""

    id: str
    finding: riskreg.Finding
    text: str


def area_columns() -> list[Column[AreaCount]]:
    return [
        Column("name", t("tui.col.area"), 14, lambda a: a.name, lambda a: a.name.casefold(),
               flex=True),
        Column("total", t("tui.col.risks"), 6, lambda a: str(a.total), lambda a: -a.total,
               right=True),
        Column("open", t("tui.col.open"), 6, lambda a: str(a.open), lambda a: -a.open,
               right=True, drop=2),
        Column("high", t("tui.col.high"), 5, lambda a: str(a.high), lambda a: -a.high,
               right=True, drop=1),
    ]


#: the check's counts in the summary line: (the message's ids, severity or finding code)
SUMMARY_PARTS: tuple[tuple[tuple[str, str], riskreg.Severity | str], ...] = (
    (Nn_("tui.overview.check.errors", "tui.overview.check.errors.plural"),
     riskreg.Severity.ERROR),
    (Nn_("tui.overview.check.warnings", "tui.overview.check.warnings.plural"),
     riskreg.Severity.WARNING),
    (Nn_("tui.overview.check.conflicts", "tui.overview.check.conflicts.plural"), "conflict"),
    (Nn_("tui.overview.check.exposed", "tui.overview.check.exposed.plural"), "exposed"),
    (Nn_("tui.overview.check.overdue", "tui.overview.check.overdue.plural"), "review_overdue"),
    (Nn_("tui.overview.check.review_by", "tui.overview.check.review_by.plural"),
     "review_by_passed"),
    (Nn_("tui.overview.check.review", "tui.overview.check.review.plural"), "needs_review"),
)


def summary_chips(rows: Sequence[FindingRow]) -> tuple[Chip, ...]:
    """What the check found, counted: errors and warnings first (coloured as in the table),
    then each kind of finding; the line wraps between counts, never inside one."""
    counts: Counter[riskreg.Severity | str] = Counter()
    for row in rows:
        counts[row.finding.severity] += 1
        counts[row.finding.code] += 1
    chips = []
    for ids, what in SUMMARY_PARTS:
        style = (fmt.chip_style(fmt.SEVERITY_SHADES[what])
                 if isinstance(what, riskreg.Severity) and counts[what] else "")
        chips.append(Chip(tn(*ids, counts[what]), style))
    return tuple(chips)


def finding_columns() -> list[Column[FindingRow]]:
    return [
        Column("severity", t("tui.col.severity"), 9,
               lambda f: fmt.severity_chip(f.finding.severity),
               lambda f: (SEVERITY_ORDER.index(f.finding.severity), f.id)),
        Column("key", t("tui.col.key"), 10, lambda f: f.finding.key,
               lambda f: (f.finding.key, f.id), drop=1),
        Column("text", t("tui.col.finding"), 60, lambda f: f.text, lambda f: f.text.casefold(),
               flex=True),
    ]


class OverviewScreen(RegisterScreen):
    VIEW = "overview"
    TITLE_KEY = N_("tui.screen.overview")
    CSS_PATH = Path(__file__).with_name("overview.tcss")
    AUTO_FOCUS = "#findings"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("i", "toggle_matrix", N_("tui.key.toggle_matrix"),
                tooltip=N_("tui.tip.toggle_matrix"),
                id="toggle-matrix"),
    ]

    @dataclass
    class CountsLoaded(Message):
        areas: list[AreaCount]
        inherent: HeatMap
        residual: HeatMap
        validity: list[tuple[riskreg.Validity, int]]

    @dataclass
    class FindingsLoaded(Message):
        rows: list[FindingRow]

    @dataclass
    class LoadFailed(Message):
        text: str

    def __init__(self) -> None:
        super().__init__()
        self.residual = True
        self._maps: tuple[HeatMap, HeatMap] | None = None
        self._findings_next: str | None = None  # the check's language, once the counts are in

    def compose(self) -> ComposeResult:
        yield RegisterHeader()
        with Horizontal(id="ov-top"):
            with Vertical(id="ov-areas"):
                yield Label(t("tui.overview.areas"), classes="section-title")
                yield ItemTable(area_columns(), lambda a: a.key, empty_text=t("tui.loading"),
                                id="areas")
            with Vertical(id="ov-matrix"):
                yield Label(self._matrix_title(None), classes="section-title",
                            id="matrix-title")
                yield HeatMapView(id="heat")
        yield ChipLine(id="validity")
        with Vertical(id="ov-findings"):
            yield ChipLine(id="findings-title", classes="section-title")
            yield ItemTable(finding_columns(), lambda f: f.id, empty_text=t("tui.loading"),
                            id="findings")
            yield Static("", id="finding-text")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#findings", ItemTable).focus()
        self.query_one("#findings-title", ChipLine).heading = t("tui.overview.findings")
        self.data_changed()

    def reload(self) -> None:
        # the counts first, the check once they are shown: the check builds the dependency
        # graph (and imports its library), and the first frame with data need not wait for it
        self._findings_next = current_lang()
        self.load_counts()

    def _load_findings_next(self) -> None:
        lang, self._findings_next = self._findings_next, None
        if lang is not None:
            self.load_findings(lang)

    @work(thread=True, exclusive=True, exit_on_error=False, group="counts", description="counts")
    def load_counts(self) -> None:
        try:
            areas, inherent, residual, validity = self.rapp.service.overview(True)
        except riskreg.RiskregError as exc:
            self.post_message(self.LoadFailed(exc.message(self.rapp.lang)))
            return
        self.post_message(self.CountsLoaded(areas, inherent, residual, validity))

    @work(thread=True, exclusive=True, exit_on_error=False, group="findings",
          description="findings")
    def load_findings(self, lang: str) -> None:
        try:
            findings = self.rapp.service.check()
        except riskreg.RiskregError as exc:
            self.post_message(self.LoadFailed(exc.message(lang)))
            return
        rows = [FindingRow(f"{n}", f, f.message(lang)) for n, f in enumerate(findings)]
        self.post_message(self.FindingsLoaded(rows))

    def on_overview_screen_counts_loaded(self, message: CountsLoaded) -> None:
        self.call_after_refresh(self._load_findings_next)
        table = self.query_one("#areas", ItemTable)
        table.set_rows(message.areas)
        self._maps = (message.inherent, message.residual)
        self._show_map()
        line = self.query_one("#validity", ChipLine)
        line.heading = t("tui.overview.validity")
        line.chips = tuple(
            Chip(f"{word('validity', validity)} {count}",
                 fmt.chip_style(fmt.VALIDITY_SHADES[validity]),
                 f"app.decisions_with('{validity}')")
            for validity, count in message.validity
        )
        self.post_message(DataShown((table,)))

    def on_overview_screen_findings_loaded(self, message: FindingsLoaded) -> None:
        table = self.query_one("#findings", ItemTable)
        table.empty_text = t("tui.overview.no_findings")
        table.set_rows(message.rows)
        self.query_one("#findings-title", ChipLine).chips = summary_chips(message.rows)

    def on_overview_screen_load_failed(self, message: LoadFailed) -> None:
        self.show_error(message.text)
        self._load_findings_next()

    def show_error(self, message: str) -> None:
        for table in self.query(ItemTable):
            table.empty_text = message
        self.query_one("#validity", ChipLine).heading = message

    def _show_map(self) -> None:
        if self._maps is None:
            return
        heat = self._maps[1] if self.residual else self._maps[0]
        self.query_one(HeatMapView).heat = heat
        self.query_one("#matrix-title", Label).update(self._matrix_title(heat.total))

    def _matrix_title(self, total: int | None) -> str:
        """The matrix's title, with the number of open risks once they are counted."""
        if total is None:
            return t(N_("tui.overview.matrix_residual_loading") if self.residual
                     else N_("tui.overview.matrix_inherent_loading"))
        if self.residual:
            return tn("tui.overview.matrix_residual", "tui.overview.matrix_residual.plural",
                      total)
        return tn("tui.overview.matrix_inherent", "tui.overview.matrix_inherent.plural", total)

    @on(ItemTable.Highlighted, "#findings")
    def finding_highlighted(self, message: ItemTable.Highlighted) -> None:
        """The whole text of the finding under the cursor (the table shortens it)."""
        table = self.query_one("#findings", ItemTable)
        row = next((r for r in table.rows if r.id == message.key), None)
        self.query_one("#finding-text", Static).update(
            Content.styled(row.text, "$text-muted") if row is not None else "")

    def action_toggle_matrix(self) -> None:
        self.residual = not self.residual
        self._show_map()

    @on(ItemTable.Selected, "#findings")
    def finding_selected(self, message: ItemTable.Selected) -> None:
        table = self.query_one("#findings", ItemTable)
        row = next((r for r in table.rows if r.id == message.key), None)
        if row is not None:
            self.post_message(Navigate(row.finding.key))

    @on(ItemTable.Selected, "#areas")
    def area_selected(self, message: ItemTable.Selected) -> None:
        self.post_message(Navigate(view="risks", area=message.key))
