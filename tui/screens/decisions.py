"""Decisions of Klinisk ledning: filter by validity, area of care and review date; assess them."""

from __future__ import annotations

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
from riskreg.views import VALIDITY_ORDER, DecisionDetail, DecisionRow
from tui import format as fmt
from tui.i18n import t, word
from tui.screens.base import DETAIL_DELAY, RegisterScreen
from tui.widgets.detail import DetailPane, decision_content
from tui.widgets.item_table import Column, ItemTable

DUE_CHOICES = (0, 30, 90)


def decision_columns() -> list[Column[DecisionRow]]:
    def flags(r: DecisionRow) -> Text:
        text = Text(end="")
        if r.decision.needs_review:
            text.append(fmt.FLAG, style="bold #ffa726")
        if r.in_conflict or r.review_by_passed:
            text.append("!", style="bold #ef5350")
        return text

    return [
        Column("key", t("tui.col.key"), 12, lambda r: r.key, lambda r: r.key),
        Column("title", t("tui.col.title"), 16, lambda r: r.decision.title,
               lambda r: r.decision.title.casefold(), flex=True),
        Column("validity", t("tui.col.validity"), 28,
               lambda r: fmt.validity_chip(r.decision.validity),
               lambda r: (VALIDITY_ORDER.index(r.decision.validity), r.key)),
        Column("review_by", t("tui.col.review_by"), 10, lambda r: fmt.day(r.decision.review_by)
               if r.decision.review_by else "",
               lambda r: (r.decision.review_by is None, r.decision.review_by or r.key), drop=1),
        Column("care", t("tui.col.care_areas"), 16, lambda r: ", ".join(r.decision.care_areas),
               lambda r: ", ".join(r.decision.care_areas).casefold(), drop=3),
        Column("flags", fmt.FLAG, 2, flags,
               lambda r: (not (r.decision.needs_review or r.in_conflict), r.key)),
    ]


class DecisionsScreen(RegisterScreen):
    TITLE_KEY = "tui.screen.decisions"
    CSS_PATH = Path(__file__).with_name("decisions.tcss")
    AUTO_FOCUS = "#table"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", "tui.key.search", tooltip="tui.tip.search",
                id="decision-search"),
        Binding("f", "filters", "tui.key.filters", tooltip="tui.tip.filters",
                id="decision-filters", show=False),
        Binding("x", "clear_filters", "tui.key.clear", tooltip="tui.tip.clear",
                id="decision-clear-filters", show=False),
        Binding("v", "assess", "tui.key.assess", tooltip="tui.tip.assess", id="assess"),
        Binding("r", "review", "tui.key.review", tooltip="tui.tip.review_decision",
                id="decision-reviewed"),
        Binding("g", "dependencies", "tui.key.dependencies", tooltip="tui.tip.dependencies",
                id="decision-dependencies"),
        Binding("d", "focus_detail", "tui.key.detail", tooltip="tui.tip.detail",
                id="decision-detail", show=False),
        Binding("escape", "focus_table", "tui.key.table", tooltip="tui.tip.table",
                id="decision-table", show=False),
    ]

    @dataclass
    class RowsLoaded(Message):
        rows: list[DecisionRow]
        care_areas: list[str]

    @dataclass
    class Filtered(Message):
        rows: list[DecisionRow]
        token: int
        keep: str | None

    @dataclass
    class DetailLoaded(Message):
        detail: DecisionDetail

    @dataclass
    class HistoryLoaded(Message):
        key: str
        history: list[riskreg.Change]

    @dataclass
    class LoadFailed(Message):
        text: str

    def __init__(self) -> None:
        super().__init__()
        self._all_rows: list[DecisionRow] | None = None
        self._filter_token = 0
        self._care_areas: list[str] = []
        self._pending_key: str | None = None
        self._detail_timer: Timer | None = None
        self.detail: DecisionDetail | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="filters"):
            yield Select[riskreg.Validity](
                [(word("validity", v), v) for v in VALIDITY_ORDER],
                prompt=t("tui.filter.validity"), compact=True, id="f-validity")
            yield Select[str]([], prompt=t("tui.filter.care_area"), compact=True, id="f-care")
            yield Select[int]([(t(f"tui.filter.due_{d}"), d) for d in DUE_CHOICES],
                              prompt=t("tui.filter.due"), compact=True, id="f-due")
            with Horizontal(id="search-box"):
                yield Input(placeholder=t("tui.search.placeholder"), compact=True, id="search")
                yield Static("", id="count")
        with Container(id="body"):
            yield ItemTable(decision_columns(), lambda r: r.key, empty_text=t("tui.loading"),
                            id="table")
            yield DetailPane(t("tui.detail.none"), id="detail")
        yield Footer()

    def on_mount(self) -> None:
        self.table.focus()
        self.data_changed()

    @property
    def table(self) -> ItemTable[DecisionRow]:
        return self.query_one("#table", ItemTable)

    # --- loading ----------------------------------------------------------------------------
    def reload(self) -> None:
        self.load_rows()

    @work(thread=True, exclusive=True, exit_on_error=False, group="load", description="load")
    def load_rows(self) -> None:
        try:
            rows = self.rapp.service.decision_rows()
            care_areas = self.rapp.service.care_areas()
        except riskreg.RiskregError as exc:
            self.post_message(self.LoadFailed(exc.message(self.rapp.lang)))
            return
        self.post_message(self.RowsLoaded(rows, care_areas))

    def on_decisions_screen_rows_loaded(self, message: RowsLoaded) -> None:
        if self._care_areas != message.care_areas:
            self._care_areas = message.care_areas
            select = self.query_one("#f-care", Select)
            chosen = select.value
            with self.prevent(Select.Changed):
                select.set_options([(a, a) for a in message.care_areas])
                if chosen in message.care_areas:
                    select.value = chosen
        self._all_rows = message.rows
        self.table.empty_text = t("tui.no_match")
        self.apply_filter(keep=self._pending_key)

    def on_decisions_screen_load_failed(self, message: LoadFailed) -> None:
        self.show_error(message.text)

    def show_error(self, message: str) -> None:
        self.table.empty_text = message

    # --- filtering ------------------------------------------------------------------------------
    def current_filter(self) -> riskreg.DecisionFilter:
        def value(selector: str) -> Any:
            v = self.query_one(selector, Select).value
            return None if v is Select.NULL else v

        text = self.query_one("#search", Input).value.strip()
        return riskreg.DecisionFilter(validity=value("#f-validity"), care_area=value("#f-care"),
                                      due_within_days=value("#f-due"), text=text or None)

    @on(Select.Changed)
    @on(Input.Changed, "#search")
    def filter_changed(self) -> None:
        self.apply_filter()

    @on(Input.Submitted, "#search")
    def search_done(self) -> None:
        self.table.focus()

    def apply_filter(self, keep: str | None = None) -> None:
        info = self.rapp.info
        if self._all_rows is None or info is None:
            return
        self._filter_token += 1
        where = self.current_filter()
        if where == riskreg.DecisionFilter():
            self._show_rows(self._all_rows, keep)
        else:
            self.run_filter(self._all_rows, where, info.today, self._filter_token, keep)

    @work(thread=True, exclusive=True, exit_on_error=False, group="filter", description="filter")
    def run_filter(self, rows: list[DecisionRow], where: riskreg.DecisionFilter, today: Any,
                   token: int, keep: str | None) -> None:
        self.post_message(self.Filtered(
            riskreg.views.filter_decision_rows(rows, where, today), token, keep))

    def on_decisions_screen_filtered(self, message: Filtered) -> None:
        if message.token == self._filter_token:
            self._show_rows(message.rows, message.keep)

    def _show_rows(self, rows: list[DecisionRow], keep: str | None) -> None:
        self.table.set_rows(rows, keep=keep)
        self._pending_key = None
        self.query_one("#count", Static).update(
            t("tui.count_of", shown=len(rows), total=len(self._all_rows or [])), layout=False)

    def set_validity_filter(self, validity: riskreg.Validity) -> None:
        self._clear_filters()
        with self.prevent(Select.Changed):
            self.query_one("#f-validity", Select).value = validity
        self.apply_filter()

    def _clear_filters(self) -> None:
        with self.prevent(Select.Changed, Input.Changed):
            for select in self.query(Select):
                select.clear()
            self.query_one("#search", Input).value = ""

    # --- detail -----------------------------------------------------------------------------------
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
            detail = service.decision_detail(key)
        except riskreg.RiskregError as exc:
            self.post_message(self.LoadFailed(exc.message(self.rapp.lang)))
            return
        self.post_message(self.DetailLoaded(detail))
        self.post_message(self.HistoryLoaded(key, service.history(key)))

    def on_decisions_screen_detail_loaded(self, message: DetailLoaded) -> None:
        if message.detail.key != self.table.cursor_key:
            return
        self.detail = message.detail
        pane = self.query_one(DetailPane)
        pane.show(message.detail.key, decision_content(message.detail, None),
                  keep_scroll=pane.shown_key == message.detail.key)

    def on_decisions_screen_history_loaded(self, message: HistoryLoaded) -> None:
        if self.detail is None or self.detail.key != message.key:
            return
        self.query_one(DetailPane).show(message.key,
                                        decision_content(self.detail, message.history),
                                        keep_scroll=True)

    @on(ItemTable.Selected, "#table")
    def selected(self) -> None:
        self.action_focus_detail()

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

    # --- actions -----------------------------------------------------------------------
    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_filters(self) -> None:
        self.query_one("#f-validity", Select).focus()

    def action_clear_filters(self) -> None:
        self._clear_filters()
        self.apply_filter()

    def action_focus_detail(self) -> None:
        self.query_one(DetailPane).focus()

    def action_focus_table(self) -> None:
        self.table.focus()

    def _current(self) -> DecisionDetail | None:
        if self.detail is None or self.detail.key != self.table.cursor_key:
            self.notify(t("tui.nothing_selected"), severity="warning")
            return None
        return self.detail

    def action_assess(self) -> None:
        from tui.modals.assess import AssessModal

        detail = self._current()
        if detail is not None and self.rapp.info is not None:
            self.app.push_screen(AssessModal(detail.decision, self.rapp.info))

    def action_review(self) -> None:
        from tui.modals.review import ReviewModal

        detail = self._current()
        if detail is None:
            return
        if not detail.decision.needs_review:
            self.notify(t("tui.decision_not_flagged", key=detail.key), severity="warning")
            return
        self.app.push_screen(ReviewModal(detail.key, detail.decision.title))

    def action_dependencies(self) -> None:
        key = self.table.cursor_key
        if key is not None:
            self.rapp.show_dependencies(key)
