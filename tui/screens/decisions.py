"""Decisions of Klinisk ledning: filter by validity, area of care and review date; assess them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, Horizontal
from textual.message import Message
from textual.widgets import Select, Static

import riskreg
from riskreg.views import VALIDITY_ORDER, DecisionDetail, DecisionRow
from tui import format as fmt
from tui.i18n import N_, t, word
from tui.requests import Request
from tui.screens.item_list import DETAIL_KEYS, SEARCH_KEYS, ItemListScreen
from tui.service import RegisterInfo, RegisterService
from tui.widgets.detail import DetailPane, Doc, decision_content
from tui.widgets.footer import KeyFooter
from tui.widgets.header import RegisterHeader
from tui.widgets.item_table import Column, ItemTable
from tui.widgets.search import SearchInput

DUE_CHOICES = {0: N_("tui.filter.due_0"), 30: N_("tui.filter.due_30"),
               90: N_("tui.filter.due_90")}  # days ahead -> the filter's name


def decision_columns() -> list[Column[DecisionRow]]:
    return [
        Column("key", t("tui.col.key"), 10, lambda r: r.key, lambda r: r.key),
        Column("title", t("tui.col.title"), 16, lambda r: r.decision.title,
               lambda r: r.decision.title.casefold(), flex=True),
        Column("validity", t("tui.col.validity"), fmt.validity_chip_width(),
               lambda r: fmt.validity_chip(r.decision.validity),
               lambda r: (VALIDITY_ORDER.index(r.decision.validity), r.key)),
        Column("review_by", t("tui.col.review_by"), 10, lambda r: fmt.day(r.decision.review_by)
               if r.decision.review_by else "",
               lambda r: (r.decision.review_by is None, r.decision.review_by or r.key), drop=1),
        Column("care", t("tui.col.care_areas"), 16, lambda r: ", ".join(r.decision.care_areas),
               lambda r: ", ".join(r.decision.care_areas).casefold(), drop=3),
        Column("flags", t("tui.col.flags"), fmt.decision_flags_width(), fmt.decision_flags,
               lambda r: (not (r.decision.needs_review or r.in_conflict or r.review_by_passed
                               or r.superseded_applies), r.key)),
    ]


class DecisionsScreen(ItemListScreen[DecisionRow, DecisionDetail, riskreg.DecisionFilter]):
    VIEW = "decisions"
    TITLE_KEY = N_("tui.screen.decisions")
    CSS_PATH = Path(__file__).with_name("decisions.tcss")
    FIRST_FILTER = "#f-validity"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("v", "assess", N_("tui.key.assess"), tooltip=N_("tui.tip.assess"), id="assess"),
        Binding("r", "review", N_("tui.key.review"), tooltip=N_("tui.tip.review_decision"),
                id="decision-reviewed"),
        *SEARCH_KEYS,
        Binding("g", "dependencies", N_("tui.key.dependencies"), tooltip=N_("tui.tip.dependencies"),
                id="decision-dependencies"),
        Binding("n", "note", N_("tui.key.note"), tooltip=N_("tui.tip.note"), id="decision-note"),
        *DETAIL_KEYS,
    ]
    # marking a decision reviewed is the assessors' (the same row of the matrix as assessing)
    GATES: ClassVar[dict[str, tuple[riskreg.Operation, ...]]] = {
        "assess": (riskreg.Operation.ASSESS,),
        "review": (riskreg.Operation.ASSESS,),
        "note": (riskreg.Operation.NOTE,),
    }
    NEEDS_PERSON = frozenset({"note"})

    @dataclass
    class RowsLoaded(Message):
        rows: list[DecisionRow]
        care_areas: list[str]

    def __init__(self) -> None:
        super().__init__()
        self._care_areas: list[str] = []

    def compose(self) -> ComposeResult:
        yield RegisterHeader()
        with Horizontal(id="filters"):
            yield Select[riskreg.Validity](
                [(word("validity", v), v) for v in VALIDITY_ORDER],
                prompt=t("tui.filter.validity"), compact=True, id="f-validity")
            yield Select[str]([], prompt=t("tui.filter.care_area"), compact=True, id="f-care")
            yield Select[int]([(t(name), d) for d, name in DUE_CHOICES.items()],
                              prompt=t("tui.filter.due"), compact=True, id="f-due")
            with Horizontal(id="search-box"):
                yield SearchInput([t("tui.search.placeholder"), t("tui.search.placeholder_short")],
                                  id="search")
                yield Static("", id="count")
        with Container(id="body"):
            yield ItemTable(decision_columns(), lambda r: r.key, empty_text=t("tui.loading"),
                            id="table")
            yield DetailPane(t("tui.detail.none"), id="detail")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.table.focus()
        self.data_changed()

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
        self.rows_loaded(message.rows)

    # --- filtering ------------------------------------------------------------------------------
    def current_filter(self) -> riskreg.DecisionFilter:
        return riskreg.DecisionFilter(
            validity=self.chosen("#f-validity"), care_area=self.chosen("#f-care"),
            due_within_days=self.chosen("#f-due"), text=self.searched())

    def no_filter(self) -> riskreg.DecisionFilter:
        return riskreg.DecisionFilter()

    def filter_rows(self, rows: list[DecisionRow], where: riskreg.DecisionFilter,
                    info: RegisterInfo) -> list[DecisionRow]:
        return riskreg.views.filter_decision_rows(rows, where, info.today)

    def set_validity_filter(self, validity: riskreg.Validity) -> None:
        self._set_only_filter("#f-validity", validity)

    def take_request(self, request: Request) -> None:
        if request.validity is not None:
            self.set_validity_filter(request.validity)
        super().take_request(request)

    # --- detail -----------------------------------------------------------------------------------
    def read_detail(self, service: RegisterService, key: str) -> DecisionDetail:
        return service.decision_detail(key)

    def detail_content(self, detail: DecisionDetail, history: list[riskreg.Change] | None,
                       notes: list[riskreg.Note] | None = None) -> Doc:
        return decision_content(detail, history, notes)

    # --- actions ---------------------------------------------------------------------------
    def action_assess(self) -> None:
        from tui.modals.assess import AssessModal

        detail, info = self.current(), self.rapp.info
        if detail is not None and info is not None:
            decision = detail.decision
            self.when_allowed(riskreg.Operation.ASSESS, decision.key,
                              lambda: self.app.push_screen(AssessModal(decision, info)))

    def action_review(self) -> None:
        from tui.modals.review import ReviewModal

        detail = self.current()
        if detail is None:
            return
        if not detail.decision.needs_review:
            self.notify(t("tui.decision_not_flagged", key=detail.key), severity="warning")
            return
        key, title = detail.key, detail.decision.title
        self.when_allowed(riskreg.Operation.REVIEW, key,
                          lambda: self.app.push_screen(ReviewModal(key, title)))

    def action_note(self) -> None:
        from tui.modals.note import NoteModal

        detail = self.current()
        if detail is not None:
            key, title = detail.key, detail.decision.title
            self.when_allowed(riskreg.Operation.NOTE, key,
                              lambda: self.app.push_screen(NoteModal(key, title)))
