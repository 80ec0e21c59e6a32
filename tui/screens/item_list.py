"""What the risks and decisions screens share: a filtered table and the selected item in detail.

A subclass composes its filters (``Select`` widgets, an ``Input`` with id
``search``, a ``Static`` with id ``count``), an :class:`ItemTable` with id
``table`` and a :class:`DetailPane`, and says how to filter its rows, how to
read an item's detail and how to show it. Filtering runs in a thread worker and
only the latest filter's answer is shown; the detail is read once the cursor
has rested on a row for :data:`DETAIL_DELAY`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from textual import on, work
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input, Select, Static

import riskreg
from tui.i18n import N_, t
from tui.requests import Navigate
from tui.screens.base import DETAIL_DELAY, RegisterScreen
from tui.service import RegisterInfo, RegisterService
from tui.widgets.detail import DetailPane, Doc
from tui.widgets.item_table import ItemTable


class Keyed(Protocol):
    """A row or a detail: something with the key of a risk or decision."""

    @property
    def key(self) -> str: ...


RowT = TypeVar("RowT", bound=Keyed)
DetailT = TypeVar("DetailT", bound=Keyed)
FilterT = TypeVar("FilterT")


#: the keys of every list (a subclass places them among its own: the footer shows them in
#: that order, as room allows)
SEARCH_KEYS: list[BindingType] = [
    Binding("slash", "search", N_("tui.key.search"), tooltip=N_("tui.tip.search"), id="search"),
    Binding("f", "filters", N_("tui.key.filters"), tooltip=N_("tui.tip.filters"), id="filters"),
    Binding("x", "clear_filters", N_("tui.key.clear"), tooltip=N_("tui.tip.clear"),
            id="clear-filters"),
]
DETAIL_KEYS: list[BindingType] = [
    Binding("d", "focus_detail", N_("tui.key.detail"), tooltip=N_("tui.tip.detail"),
            id="focus-detail"),
    Binding("escape", "focus_table", N_("tui.key.table"), tooltip=N_("tui.tip.table"),
            id="focus-table", show=False),
]


class ItemListScreen(RegisterScreen, Generic[RowT, DetailT, FilterT]):
    """A table of items with filters, search and a detail pane; see the module doc."""

    AUTO_FOCUS = "#table"
    FIRST_FILTER = ""  # the selector ``f`` focuses

    @dataclass
    class Filtered(Message):
        rows: list[Any]
        token: int
        keep: str | None

    @dataclass
    class DetailLoaded(Message):
        detail: Any

    @dataclass
    class HistoryLoaded(Message):
        key: str
        history: list[riskreg.Change]
        notes: list[riskreg.Note]

    @dataclass
    class LoadFailed(Message):
        text: str

    def __init__(self) -> None:
        super().__init__()
        self._all_rows: list[RowT] | None = None
        self._filter_token = 0
        self._pending_key: str | None = None
        self._detail_timer: Timer | None = None
        self.detail: DetailT | None = None

    # --- what a subclass says ---------------------------------------------------------------
    def current_filter(self) -> FilterT:
        """The filter the widgets show now."""
        raise NotImplementedError

    def no_filter(self) -> FilterT:
        """The filter that lets every row through."""
        raise NotImplementedError

    def filter_rows(self, rows: list[RowT], where: FilterT, info: RegisterInfo) -> list[RowT]:
        """The rows ``where`` lets through (called in a worker thread; a library call)."""
        raise NotImplementedError

    def read_detail(self, service: RegisterService, key: str) -> DetailT:
        """The detail of ``key`` (called in a worker thread)."""
        raise NotImplementedError

    def detail_content(self, detail: DetailT, history: list[riskreg.Change] | None,
                       notes: list[riskreg.Note] | None = None) -> Doc:
        """What the detail pane shows (the history and notes once they are read)."""
        raise NotImplementedError

    # --- the table --------------------------------------------------------------------------
    @property
    def table(self) -> ItemTable[Any]:
        return self.query_one("#table", ItemTable)

    def show_error(self, message: str) -> None:
        self.table.empty_text = message

    def on_item_list_screen_load_failed(self, message: LoadFailed) -> None:
        self.show_error(message.text)

    def rows_loaded(self, rows: list[RowT]) -> None:
        """Every row, as the register holds them now: show them through the filter."""
        self._all_rows = rows
        self.table.empty_text = t("tui.no_match")
        self.apply_filter(keep=self._pending_key)

    # --- filtering --------------------------------------------------------------------------
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
        if where == self.no_filter():
            self._show_rows(self._all_rows, keep)
        else:
            self.run_filter(self._all_rows, where, info, self._filter_token, keep)

    @work(thread=True, exclusive=True, exit_on_error=False, group="filter", description="filter")
    def run_filter(self, rows: list[RowT], where: FilterT, info: RegisterInfo, token: int,
                   keep: str | None) -> None:
        self.post_message(self.Filtered(self.filter_rows(rows, where, info), token, keep))

    def on_item_list_screen_filtered(self, message: Filtered) -> None:
        if message.token == self._filter_token:
            self._show_rows(message.rows, message.keep)

    def _show_rows(self, rows: Sequence[Any], keep: str | None, total: int | None = None) -> None:
        self.table.set_rows(rows, keep=keep)
        if self._all_rows is not None:
            self._pending_key = None
        total = len(self._all_rows or []) if total is None else total
        self.query_one("#count", Static).update(
            t("tui.count_of", shown=len(rows), total=total), layout=False)

    def chosen(self, selector: str) -> Any:
        """The value chosen in the ``Select`` at ``selector``, or None."""
        value = self.query_one(selector, Select).value
        return None if value is Select.NULL else value

    def searched(self) -> str | None:
        """The search text, or None."""
        return self.query_one("#search", Input).value.strip() or None

    def _clear_filters(self) -> None:
        with self.prevent(Select.Changed, Input.Changed):
            for select in self.query(Select):
                select.clear()
            self.query_one("#search", Input).value = ""

    def _set_only_filter(self, selector: str, value: object) -> None:
        """Clear every filter, then filter by ``value`` in the ``Select`` at ``selector``."""
        with self.prevent(Select.Changed, Input.Changed):
            self._clear_filters()
            self.query_one(selector, Select).value = value
        self.apply_filter()

    # --- detail -----------------------------------------------------------------------------
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
            detail = self.read_detail(service, key)
        except riskreg.RiskregError as exc:
            self.post_message(self.LoadFailed(exc.message(self.rapp.lang)))
            return
        self.post_message(self.DetailLoaded(detail))
        try:
            history, notes = service.history(key), service.notes(key)
        except riskreg.RiskregError as exc:
            self.post_message(self.LoadFailed(exc.message(self.rapp.lang)))
            return
        self.post_message(self.HistoryLoaded(key, history, notes))

    def on_item_list_screen_detail_loaded(self, message: DetailLoaded) -> None:
        detail: DetailT = message.detail
        if detail.key != self.table.cursor_key:
            return
        self.detail = detail
        pane = self.query_one(DetailPane)
        pane.show(detail.key, self.detail_content(detail, None),
                  keep_scroll=pane.shown_key == detail.key)

    def on_item_list_screen_history_loaded(self, message: HistoryLoaded) -> None:
        if self.detail is None or self.detail.key != message.key:
            return
        self.query_one(DetailPane).show(
            message.key, self.detail_content(self.detail, message.history, message.notes),
            keep_scroll=True)

    @on(ItemTable.Selected, "#table")
    def selected(self) -> None:
        self.action_focus_detail()

    def current(self) -> DetailT | None:
        """The detail of the row under the cursor, or None (with a word to the user)."""
        if self.detail is None or self.detail.key != self.table.cursor_key:
            self.notify(t("tui.nothing_selected"), severity="warning")
            return None
        return self.detail

    # --- jumping here from elsewhere ----------------------------------------------------------
    def focus_key(self, key: str) -> None:
        if self._all_rows is None:
            self._pending_key = key
            return
        if self.table.select_key(key):
            self.table.focus()
            return
        if any(r.key == key for r in self._all_rows):
            # hidden by the filters: clear them to show it, and say so
            self._clear_filters()
            self.apply_filter(keep=key)
            self.table.focus()
            self.notify(t("tui.filters_cleared", key=key), timeout=6)
        else:
            self.notify(t("error.not_found", key=key), severity="warning")

    # --- actions ------------------------------------------------------------------------------
    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_filters(self) -> None:
        self.query_one(self.FIRST_FILTER, Select).focus()

    def action_clear_filters(self) -> None:
        self._clear_filters()
        self.apply_filter()

    def action_focus_detail(self) -> None:
        self.query_one(DetailPane).focus()

    def action_focus_table(self) -> None:
        self.table.focus()

    def action_dependencies(self) -> None:
        key = self.table.cursor_key
        if key is not None:
            self.post_message(Navigate(key, view="dependencies"))
