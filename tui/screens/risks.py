"""Risks: a filterable, searchable, sortable table of every risk, and the selected one in detail."""

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
from riskreg.views import RiskDetail, RiskRow, RiskSummary
from tui import format as fmt
from tui.i18n import N_, current_lang, t, word
from tui.requests import Request
from tui.screens.item_list import DETAIL_KEYS, SEARCH_KEYS, ItemListScreen
from tui.service import RegisterInfo, RegisterService
from tui.widgets.detail import DetailPane, Doc, risk_content
from tui.widgets.footer import KeyFooter
from tui.widgets.header import RegisterHeader
from tui.widgets.item_table import Column, ItemTable
from tui.widgets.search import SearchInput

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
               lambda r: STATUS_ORDER.index(r.status), drop=1),
        Column("owner", t("tui.col.owner"), 14, lambda r: r.owner,
               lambda r: r.owner.casefold(), drop=4),
        Column("review", t("tui.col.flags"), fmt.review_flag().cell_len,
               lambda r: fmt.review_flag() if r.needs_review else "",
               lambda r: (not r.needs_review, r.key)),
        Column("recognition", t("tui.col.recognition"), 4, lambda r: str(r.recognition),
               lambda r: (-r.recognition, r.key), right=True, drop=2),
    ]


class RisksScreen(ItemListScreen[RiskRow, RiskDetail, riskreg.RiskFilter]):
    VIEW = "risks"
    TITLE_KEY = N_("tui.screen.risks")
    CSS_PATH = Path(__file__).with_name("risks.tcss")
    FIRST_FILTER = "#f-area"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "edit", N_("tui.key.edit"), tooltip=N_("tui.tip.edit_risk"), id="edit-risk"),
        Binding("r", "review", N_("tui.key.review"), tooltip=N_("tui.tip.review"),
                id="mark-reviewed"),
        *SEARCH_KEYS,
        Binding("a", "add_action", N_("tui.key.add_action"), tooltip=N_("tui.tip.add_action"),
                id="add-action"),
        Binding("c", "complete_action", N_("tui.key.complete_action"),
                tooltip=N_("tui.tip.complete_action"), id="complete-action"),
        Binding("g", "dependencies", N_("tui.key.dependencies"), tooltip=N_("tui.tip.dependencies"),
                id="risk-dependencies"),
        Binding("plus", "recognise", N_("tui.key.recognise"), tooltip=N_("tui.tip.recognise"),
                id="risk-recognise"),
        Binding("n", "note", N_("tui.key.note"), tooltip=N_("tui.tip.note"), id="risk-note"),
        Binding("p", "acceptance", N_("tui.key.acceptance"), tooltip=N_("tui.tip.acceptance"),
                id="risk-acceptance"),
        Binding("i", "submit", N_("tui.key.submit"), tooltip=N_("tui.tip.submit"),
                id="risk-submit"),
        *DETAIL_KEYS,
    ]
    GATES: ClassVar[dict[str, tuple[riskreg.Operation, ...]]] = {
        "edit": (riskreg.Operation.EDIT, riskreg.Operation.EDIT_SUBMISSION),
        "review": (riskreg.Operation.REVIEW,),
        "recognise": (riskreg.Operation.RECOGNISE,),
        "note": (riskreg.Operation.NOTE,),
        "add_action": (riskreg.Operation.EDIT,),
        "complete_action": (riskreg.Operation.ACTION_STATUS,),
        "acceptance": (riskreg.Operation.PROPOSE_ACCEPTANCE,
                       riskreg.Operation.APPROVE_ACCEPTANCE),
        "submit": (riskreg.Operation.SUBMIT,),
    }
    # they act for the person's organisation (notes are an organisation's word to the central
    # team): offered where there are people
    NEEDS_PERSON = frozenset({"recognise", "note", "submit"})

    @dataclass
    class SummariesLoaded(Message):
        rows: list[RiskSummary]
        generation: int

    @dataclass
    class RowsLoaded(Message):
        rows: list[RiskRow]
        generation: int

    def __init__(self) -> None:
        super().__init__()
        self._options: dict[str, list[tuple[str, str]]] = {}

    def compose(self) -> ComposeResult:
        yield RegisterHeader()
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
                yield SearchInput([t("tui.search.placeholder"), t("tui.search.placeholder_short")],
                                  id="search")
                yield Static("", id="count")
        with Container(id="body"):
            table: ItemTable[Row] = ItemTable(
                risk_columns(), lambda r: r.key, empty_text=t("tui.loading"), id="table")
            yield table
            yield DetailPane(t("tui.detail.none"), id="detail")
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one("#table", ItemTable)
        table.focus()
        self.data_changed()

    # --- loading ------------------------------------------------------------------------
    def reload(self) -> None:
        self._update_options()
        info = self.rapp.info
        if info is not None:  # as wide as the widest level: a value is never cut
            self.table.set_column_width("level", fmt.band_chip_width(info.matrix))
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
        if self.current_filter() == self.no_filter():
            self._show_rows(message.rows, self._pending_key, total=len(message.rows))

    def on_risks_screen_rows_loaded(self, message: RowsLoaded) -> None:
        self.rows_loaded(message.rows)

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
        org_code = self.chosen("#f-org")
        organisation = None
        if org_code is not None and info is not None:
            organisation = next((o for o in info.organisations if o.code == org_code), None)
        return riskreg.RiskFilter(
            area=self.chosen("#f-area"), status=self.chosen("#f-status"),
            level=self.chosen("#f-level"),
            organisation=organisation, needs_review=self.chosen("#f-review"),
            text=self.searched(),
        )

    def no_filter(self) -> riskreg.RiskFilter:
        return riskreg.RiskFilter()

    def filter_rows(self, rows: list[RiskRow], where: riskreg.RiskFilter,
                    info: RegisterInfo) -> list[RiskRow]:
        return riskreg.views.filter_risk_rows(rows, where, info.matrix)

    # --- detail ---------------------------------------------------------------------------
    def read_detail(self, service: RegisterService, key: str) -> RiskDetail:
        return service.risk_detail(key)

    def detail_content(self, detail: RiskDetail, history: list[riskreg.Change] | None,
                       notes: list[riskreg.Note] | None = None) -> Doc:
        return risk_content(detail, history, notes)

    def set_area_filter(self, area: str) -> None:
        self._set_only_filter("#f-area", area)

    def take_request(self, request: Request) -> None:
        if request.area is not None:
            self.set_area_filter(request.area)
        super().take_request(request)

    # --- actions: offered by the role (GATES), allowed or not per risk by the library --------
    def action_edit(self) -> None:
        from tui.modals.edit_risk import EditRiskModal

        detail, info = self.current(), self.rapp.info
        if detail is not None and info is not None:
            risk = detail.risk
            self.when_allowed(riskreg.Operation.EDIT, risk.key,
                              lambda: self.app.push_screen(EditRiskModal(risk, info)))

    def action_review(self) -> None:
        from tui.modals.review import ReviewModal

        detail = self.current()
        if detail is not None:
            key, title = detail.key, detail.risk.title
            self.when_allowed(riskreg.Operation.REVIEW, key,
                              lambda: self.app.push_screen(ReviewModal(key, title)))

    def action_add_action(self) -> None:
        from tui.modals.actions import AddActionModal

        detail = self.current()
        if detail is not None:
            risk = detail.risk
            self.when_allowed(riskreg.Operation.EDIT, risk.key,
                              lambda: self.app.push_screen(AddActionModal(risk)))

    def action_complete_action(self) -> None:
        detail = self.current()
        if detail is None:
            return
        if not any(a.is_open for a in detail.risk.actions):
            self.notify(t("tui.no_open_actions", key=detail.key), severity="warning")
            return
        self.open_action_status(detail.key)

    def action_recognise(self) -> None:
        from tui.modals.recognise import RecogniseModal

        detail, info = self.current(), self.rapp.info
        if detail is None or info is None or info.organisation is None:
            return
        risk, org = detail.risk, info.organisation
        if risk.is_submission:
            self.refuse(t("error.is_a_submission", key=risk.key))
        elif org.code in risk.reported_by:
            self.notify(t("tui.recognise.already", key=risk.key, org=org.name), timeout=5)
        else:
            self.when_allowed(riskreg.Operation.RECOGNISE, risk.key,
                              lambda: self.app.push_screen(RecogniseModal(risk, org)),
                              organisation=org.code)

    def action_note(self) -> None:
        from tui.modals.note import NoteModal

        detail = self.current()
        if detail is not None:
            key, title = detail.key, detail.risk.title
            self.when_allowed(riskreg.Operation.NOTE, key,
                              lambda: self.app.push_screen(NoteModal(key, title)))

    def action_acceptance(self) -> None:
        detail = self.current()
        if detail is not None:
            self.open_acceptance(detail.key)

    def action_submit(self) -> None:
        from tui.modals.submit_risk import SubmitRiskModal

        info = self.rapp.info
        if info is not None:
            self.app.push_screen(SubmitRiskModal(info))
