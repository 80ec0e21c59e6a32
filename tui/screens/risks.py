"""Risks: a filterable, searchable, sortable table of every risk, and the selected one in detail."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, Horizontal
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Footer, Header, Input, Select, Static

import riskreg
from riskreg.views import RiskDetail, RiskRow, RiskSummary
from tui import format as fmt
from tui.i18n import current_lang, t, word
from tui.screens.base import DETAIL_DELAY, RegisterScreen
from tui.widgets.detail import DetailPane, risk_content
from tui.widgets.item_table import Column, ItemTable

STATUS_ORDER = list(riskreg.RiskStatus)


Row = RiskRow | RiskSummary


def risk_columns() -> list[Column[Row]]:
    return [
        Column("key", t("tui.col.key"), 8, lambda r: r.key, lambda r: r.key),
        Column("area", t("tui.col.area"), 14, lambda r: r.area_name,
               lambda r: r.area_name.casefold(), drop=3),
        Column("title", t("tui.col.title"), 26, lambda r: r.title,
               lambda r: r.title.casefold(), flex=True),
        Column("level", t("tui.col.level"), 14, lambda r: fmt.band_chip(r.band, r.value),
               lambda r: (r.value, r.key)),
        Column("status", t("tui.col.status"), 12, lambda r: word("status", r.status),
               lambda r: STATUS_ORDER.index(r.status), drop=2),
        Column("owner", t("tui.col.owner"), 14, lambda r: r.owner,
               lambda r: r.owner.casefold(), drop=4),
        Column("review", fmt.FLAG, 1,
               lambda r: Text(fmt.FLAG, style="bold #ffa726") if r.needs_review else "",
               lambda r: (not r.needs_review, r.key)),
        Column("recognition", t("tui.col.recognition"), 4, lambda r: str(r.recognition),
               lambda r: (-r.recognition, r.key), right=True, drop=1),
    ]


class RisksScreen(RegisterScreen):
    TITLE_KEY = "tui.screen.risks"
    CSS_PATH = Path(__file__).with_name("risks.tcss")
    AUTO_FOCUS = "#table"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", "tui.key.search", tooltip="tui.tip.search", id="search"),
        Binding("f", "filters", "tui.key.filters", tooltip="tui.tip.filters", id="filters",
                show=False),
        Binding("x", "clear_filters", "tui.key.clear", tooltip="tui.tip.clear",
                id="clear-filters", show=False),
        Binding("e", "edit", "tui.key.edit", tooltip="tui.tip.edit_risk", id="edit-risk"),
        Binding("r", "review", "tui.key.review", tooltip="tui.tip.review", id="mark-reviewed"),
        Binding("a", "add_action", "tui.key.add_action", tooltip="tui.tip.add_action",
                id="add-action", show=False),
        Binding("c", "complete_action", "tui.key.complete_action",
                tooltip="tui.tip.complete_action", id="complete-action", show=False),
        Binding("g", "dependencies", "tui.key.dependencies", tooltip="tui.tip.dependencies",
                id="risk-dependencies"),
        Binding("d", "focus_detail", "tui.key.detail", tooltip="tui.tip.detail",
                id="focus-detail", show=False),
        Binding("escape", "focus_table", "tui.key.table", tooltip="tui.tip.table",
                id="focus-table", show=False),
    ]

    @dataclass
    class SummariesLoaded(Message):
        rows: list[RiskSummary]
        generation: int

    @dataclass
    class RowsLoaded(Message):
        rows: list[RiskRow]
        generation: int

    @dataclass
    class Filtered(Message):
        rows: list[RiskRow]
        token: int
        keep: str | None

    @dataclass
    class DetailLoaded(Message):
        detail: RiskDetail

    @dataclass
    class HistoryLoaded(Message):
        key: str
        history: list[riskreg.Change]

    @dataclass
    class LoadFailed(Message):
        text: str

    def __init__(self) -> None:
        super().__init__()
        self._all_rows: list[RiskRow] | None = None
        self._filter_token = 0
        self._options: dict[str, list[tuple[str, str]]] = {}
        self._pending_key: str | None = None
        self._detail_timer: Timer | None = None
        self.detail: RiskDetail | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="filters"):
            yield Select[str]([], prompt=t("tui.filter.area"), compact=True, id="f-area")
            yield Select[riskreg.RiskStatus](
                [(t("tui.filter.status_value", value=word("status", s)), s)
                 for s in riskreg.RiskStatus],
                prompt=t("tui.filter.status"), compact=True, id="f-status")
            yield Select[str]([], prompt=t("tui.filter.level"), compact=True, id="f-level")
            yield Select[str]([], prompt=t("tui.filter.organisation"), compact=True, id="f-org")
            yield Select[bool]([(t("tui.filter.review_yes"), True),
                                (t("tui.filter.review_no"), False)],
                               prompt=t("tui.filter.needs_review"), compact=True, id="f-review")
            with Horizontal(id="search-box"):
                yield Input(placeholder=t("tui.search.placeholder"), compact=True, id="search")
                yield Static("", id="count")
        with Container(id="body"):
            table: ItemTable[Row] = ItemTable(
                risk_columns(), lambda r: r.key, empty_text=t("tui.loading"), id="table")
            yield table
            yield DetailPane(t("tui.detail.none"), id="detail")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#table", ItemTable)
        table.focus()
        self.data_changed()

    # --- loading ------------------------------------------------------------------------
    @property
    def table(self) -> ItemTable[Row]:
        return self.query_one("#table", ItemTable)

    def reload(self) -> None:
        self._update_options()
        self.load_rows(self.rapp.generation)

    @work(thread=True, exclusive=True, exit_on_error=False, group="load", description="load")
    def load_rows(self, generation: int) -> None:
        # First the rows as stored (milliseconds, enough to show the table), then the
        # validated models the filters work on (a fraction of a second for 10,000 risks).
        service = self.rapp.service
        try:
            self.post_message(self.SummariesLoaded(service.risk_summaries(), generation))
            rows = service.risk_rows()
        except riskreg.RiskregError as exc:
            self.post_message(self.LoadFailed(exc.message(self.rapp.lang)))
            return
        self.post_message(self.RowsLoaded(rows, generation))
        service.warm_up()

    def on_risks_screen_summaries_loaded(self, message: SummariesLoaded) -> None:
        if message.generation != self.rapp.generation:
            return
        self.table.empty_text = t("tui.no_match")
        if self.current_filter() == riskreg.RiskFilter():
            self._show_rows(message.rows, self._pending_key, total=len(message.rows))

    def on_risks_screen_rows_loaded(self, message: RowsLoaded) -> None:
        self._all_rows = message.rows
        self.table.empty_text = t("tui.no_match")
        self.apply_filter(keep=self._pending_key)

    def on_risks_screen_load_failed(self, message: LoadFailed) -> None:
        self.show_error(message.text)

    def show_error(self, message: str) -> None:
        self.table.empty_text = message

    def _update_options(self) -> None:
        """Fill the area, level and organisation filters (keeping what is chosen)."""
        info = self.rapp.info
        if info is None:
            return
        lang = current_lang()
        choices = {
            "#f-area": [(c.name, c.key) for c in info.categories],
            "#f-level": [(t("tui.filter.level_value", value=b.label(lang)), b.key)
                         for b in info.matrix.bands],
            "#f-org": [(o.name, o.code) for o in info.organisations],
        }
        with self.prevent(Select.Changed):
            for selector, options in choices.items():
                if self._options.get(selector) == options:
                    continue
                self._options[selector] = options
                select = self.query_one(selector, Select)
                chosen = select.value
                select.set_options(options)
                if any(value == chosen for _, value in options):
                    select.value = chosen

    # --- filtering ----------------------------------------------------------------------
    def current_filter(self) -> riskreg.RiskFilter:
        info = self.rapp.info

        def value(selector: str) -> Any:
            v = self.query_one(selector, Select).value
            return None if v is Select.NULL else v

        org_code = value("#f-org")
        organisation = None
        if org_code is not None and info is not None:
            organisation = next((o for o in info.organisations if o.code == org_code), None)
        text = self.query_one("#search", Input).value.strip()
        return riskreg.RiskFilter(
            area=value("#f-area"), status=value("#f-status"), level=value("#f-level"),
            organisation=organisation, needs_review=value("#f-review"), text=text or None,
        )

    @on(Select.Changed)
    @on(Input.Changed, "#search")
    def filter_changed(self) -> None:
        self.apply_filter()

    @on(Input.Submitted, "#search")
    def search_done(self) -> None:
        self.table.focus()

    def apply_filter(self, keep: str | None = None) -> None:
        if self._all_rows is None or self.rapp.info is None:
            return
        self._filter_token += 1
        where = self.current_filter()
        if where == riskreg.RiskFilter():
            self._show_rows(self._all_rows, keep)
        else:
            self.run_filter(self._all_rows, where, self.rapp.info.matrix, self._filter_token,
                            keep)

    @work(thread=True, exclusive=True, exit_on_error=False, group="filter", description="filter")
    def run_filter(self, rows: list[RiskRow], where: riskreg.RiskFilter,
                   matrix: riskreg.RiskMatrix, token: int, keep: str | None) -> None:
        self.post_message(self.Filtered(riskreg.views.filter_risk_rows(rows, where, matrix),
                                        token, keep))

    def on_risks_screen_filtered(self, message: Filtered) -> None:
        if message.token == self._filter_token:
            self._show_rows(message.rows, message.keep)

    def _show_rows(self, rows: Sequence[RiskRow | RiskSummary], keep: str | None,
                   total: int | None = None) -> None:
        self.table.set_rows(rows, keep=keep)
        if self._all_rows is not None:
            self._pending_key = None
        total = len(self._all_rows or []) if total is None else total
        self.query_one("#count", Static).update(
            t("tui.count_of", shown=len(rows), total=total), layout=False)

    # --- detail ---------------------------------------------------------------------------
    @on(ItemTable.Highlighted, "#table")
    def highlighted(self, message: ItemTable.Highlighted) -> None:
        if message.key is None:
            self.detail = None
            self.query_one(DetailPane).clear(t("tui.detail.none"))
            return
        # wait for the cursor (or the typing) to settle before reading the detail
        if self._detail_timer is not None:
            self._detail_timer.stop()
        key = message.key
        self._detail_timer = self.set_timer(DETAIL_DELAY, lambda: self.load_detail(key))

    @work(thread=True, exclusive=True, exit_on_error=False, group="detail", description="detail")
    def load_detail(self, key: str) -> None:
        service = self.rapp.service
        try:
            detail = service.risk_detail(key)
        except riskreg.RiskregError as exc:
            self.post_message(self.LoadFailed(exc.message(self.rapp.lang)))
            return
        self.post_message(self.DetailLoaded(detail))
        self.post_message(self.HistoryLoaded(key, service.history(key)))

    def on_risks_screen_detail_loaded(self, message: DetailLoaded) -> None:
        if message.detail.key != self.table.cursor_key:
            return
        self.detail = message.detail
        pane = self.query_one(DetailPane)
        pane.show(message.detail.key, risk_content(message.detail, None),
                  keep_scroll=pane.shown_key == message.detail.key)

    def on_risks_screen_history_loaded(self, message: HistoryLoaded) -> None:
        if self.detail is None or self.detail.key != message.key:
            return
        self.query_one(DetailPane).show(message.key, risk_content(self.detail, message.history),
                                        keep_scroll=True)

    @on(ItemTable.Selected, "#table")
    def selected(self) -> None:
        self.action_focus_detail()

    # --- jumping here from elsewhere ---------------------------------------------------------
    def focus_key(self, key: str) -> None:
        if self._all_rows is None:
            self._pending_key = key
            return
        if self.table.select_key(key):
            self.table.focus()
            return
        if any(r.key == key for r in self._all_rows):
            self._clear_filters()
            self.apply_filter(keep=key)
            self.table.focus()
        else:
            self.notify(t("error.not_found", key=key), severity="warning")

    def _clear_filters(self) -> None:
        with self.prevent(Select.Changed, Input.Changed):
            for select in self.query(Select):
                select.clear()
            self.query_one("#search", Input).value = ""

    def set_area_filter(self, area: str) -> None:
        with self.prevent(Select.Changed, Input.Changed):
            self._clear_filters()
            self.query_one("#f-area", Select).value = area
        self.apply_filter()

    # --- actions --------------------------------------------------------------------------------
    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_filters(self) -> None:
        self.query_one("#f-area", Select).focus()

    def action_clear_filters(self) -> None:
        self._clear_filters()
        self.apply_filter()

    def action_focus_detail(self) -> None:
        self.query_one(DetailPane).focus()

    def action_focus_table(self) -> None:
        self.table.focus()

    def _current(self) -> RiskDetail | None:
        if self.detail is None or self.detail.key != self.table.cursor_key:
            self.notify(t("tui.nothing_selected"), severity="warning")
            return None
        return self.detail

    def action_edit(self) -> None:
        from tui.modals.edit_risk import EditRiskModal

        detail = self._current()
        if detail is not None and self.rapp.info is not None:
            self.app.push_screen(EditRiskModal(detail.risk, self.rapp.info))

    def action_review(self) -> None:
        from tui.modals.review import ReviewModal

        detail = self._current()
        if detail is not None:
            self.app.push_screen(ReviewModal(detail.key, detail.risk.title))

    def action_add_action(self) -> None:
        from tui.modals.actions import AddActionModal

        detail = self._current()
        if detail is not None:
            self.app.push_screen(AddActionModal(detail.risk))

    def action_complete_action(self) -> None:
        from tui.modals.actions import CompleteActionModal

        detail = self._current()
        if detail is None:
            return
        if not any(a.is_open for a in detail.risk.actions):
            self.notify(t("tui.no_open_actions", key=detail.key), severity="warning")
            return
        self.app.push_screen(CompleteActionModal(detail.risk))

    def action_dependencies(self) -> None:
        key = self.table.cursor_key
        if key is not None:
            self.rapp.show_dependencies(key)
