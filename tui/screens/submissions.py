"""Submissions: the municipalities' own risks waiting to be taken into the joint analysis.

The central team sees every municipality's, a project lead their own. The detail shows the
submission and, for the central team, the joint risks most like it
(:meth:`riskreg.Register.submission_matches`): ``t`` takes it in as a new joint risk, ``m``
matches it into the likeliest one (the form lists the others). A project lead changes
(``e``) or withdraws (``w``) their municipality's submission, or submits another (``i``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container
from textual.content import Content
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Static

import riskreg
from riskreg import Operation
from riskreg.views import RiskDetail, RiskRow
from tui import format as fmt
from tui.i18n import N_, t, tn
from tui.screens.base import DETAIL_DELAY, RegisterScreen
from tui.widgets.detail import DetailPane, risk_content
from tui.widgets.footer import KeyFooter
from tui.widgets.header import RegisterHeader
from tui.widgets.item_table import Column, ItemTable

Match = tuple[riskreg.Risk, float]


def submission_columns(names: dict[str, str]) -> list[Column[RiskRow]]:
    def by(r: RiskRow) -> str:
        return names.get(r.risk.submitted_by, r.risk.submitted_by)

    return [
        Column("key", t("tui.col.key"), 7, lambda r: r.key, lambda r: r.key),
        Column("by", t("tui.col.submitted_by"), 14, by, lambda r: (by(r).casefold(), r.key)),
        Column("title", t("tui.col.title"), 24, lambda r: r.title,
               lambda r: r.title.casefold(), flex=True),
        Column("level", t("tui.col.level"), 15, lambda r: fmt.band_chip(r.band, r.value),
               lambda r: (r.value, r.key)),
        Column("created", t("tui.col.created"), 10, lambda r: fmt.day(r.risk.created),
               lambda r: (str(r.risk.created), r.key), drop=1),
    ]


def matches_content(matches: Sequence[Match] | None) -> Content:
    """The joint risks most like the submission, with how alike (from the library)."""
    parts = [Content.assemble("\n", (t("tui.submissions.matches"), "bold $accent"), "\n")]
    if matches is None:
        parts.append(Content.styled("  " + t("tui.loading") + "\n", "$text-muted"))
    elif not matches:
        parts.append(Content.styled("  " + t("tui.take.no_matches") + "\n", "$text-muted"))
    for risk, score in matches or ():
        parts.append(Content.assemble(
            "  ", (f"{round(score * 100):>3} %", "bold"), "  ", (risk.key, "bold"), "  ",
            risk.title, "\n"))
    return Content.assemble(*parts)


class SubmissionsScreen(RegisterScreen):
    """Pending submissions and the selected one in detail; see the module doc."""

    VIEW = "submissions"
    TITLE_KEY = N_("tui.screen.submissions")
    CSS_PATH = Path(__file__).with_name("submissions.tcss")
    AUTO_FOCUS = "#table"
    GATES: ClassVar[dict[str, tuple[Operation, ...]]] = {
        "take": (Operation.TAKE_SUBMISSION,),
        "match": (Operation.TAKE_SUBMISSION,),
        "edit": (Operation.EDIT_SUBMISSION,),
        "withdraw": (Operation.EDIT_SUBMISSION,),
        "submit": (Operation.SUBMIT,),
        "note": (Operation.NOTE,),
    }
    NEEDS_PERSON = frozenset({"submit", "note"})

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("t", "take", N_("tui.key.take"), tooltip=N_("tui.tip.take"), id="submission-take"),
        Binding("m", "match", N_("tui.key.match"), tooltip=N_("tui.tip.match"),
                id="submission-match"),
        Binding("e", "edit", N_("tui.key.edit"), tooltip=N_("tui.tip.edit_submission"),
                id="submission-edit"),
        Binding("w", "withdraw", N_("tui.key.withdraw"), tooltip=N_("tui.tip.withdraw"),
                id="submission-withdraw"),
        Binding("i", "submit", N_("tui.key.submit"), tooltip=N_("tui.tip.submit"),
                id="submission-submit"),
        Binding("n", "note", N_("tui.key.note"), tooltip=N_("tui.tip.note"), id="submission-note"),
    ]

    @dataclass
    class RowsLoaded(Message):
        rows: list[RiskRow]

    @dataclass
    class DetailLoaded(Message):
        detail: RiskDetail
        history: list[riskreg.Change] | None
        notes: list[riskreg.Note] | None
        matches: list[Match] | None

    @dataclass
    class LoadFailed(Message):
        text: str

    def __init__(self) -> None:
        super().__init__()
        self.names: dict[str, str] = {}
        self.detail: RiskDetail | None = None
        self.matches: list[Match] | None = None
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield RegisterHeader()
        yield Static("", id="count")
        with Container(id="body"):
            yield ItemTable(submission_columns(self.names), lambda r: r.key,
                            empty_text=t("tui.loading"), id="table")
            yield DetailPane(t("tui.detail.none"), id="detail")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.table.focus()
        self.data_changed()

    @property
    def table(self) -> ItemTable[RiskRow]:
        return self.query_one("#table", ItemTable)

    # --- loading ------------------------------------------------------------------------------
    def reload(self) -> None:
        info = self.rapp.info
        if info is not None:
            self.names.update((o.code, o.name) for o in info.organisations)
        self.load_rows()

    @work(thread=True, exclusive=True, exit_on_error=False, group="load", description="load")
    def load_rows(self) -> None:
        try:
            rows = self.rapp.service.submissions()
        except riskreg.RiskregError as exc:
            self.post_message(self.LoadFailed(exc.message(self.rapp.lang)))
            return
        self.post_message(self.RowsLoaded(rows))

    def on_submissions_screen_rows_loaded(self, message: RowsLoaded) -> None:
        table = self.table
        table.empty_text = t("tui.submissions.none")
        table.set_rows(message.rows)
        self.query_one("#count", Static).update(
            tn("tui.submissions.count", "tui.submissions.count.plural", len(message.rows)))
        if not message.rows:
            self.detail = None
            self.query_one(DetailPane).clear(t("tui.submissions.none"))

    def on_submissions_screen_load_failed(self, message: LoadFailed) -> None:
        self.show_error(message.text)

    def show_error(self, message: str) -> None:
        self.table.empty_text = message

    @on(ItemTable.Highlighted, "#table")
    def highlighted(self, message: ItemTable.Highlighted) -> None:
        if self._timer is not None:
            self._timer.stop()
        key = message.key
        if key is not None:
            self._timer = self.set_timer(DETAIL_DELAY, lambda: self.load_detail(key))

    @work(thread=True, exclusive=True, exit_on_error=False, group="detail", description="detail")
    def load_detail(self, key: str) -> None:
        service = self.rapp.service
        info = self.rapp.info
        try:
            detail = service.risk_detail(key)
            history, notes = service.history(key), service.notes(key)
            matches = (service.submission_matches(key)
                       if info is not None and info.may(Operation.TAKE_SUBMISSION) else None)
        except riskreg.RiskregError as exc:
            self.post_message(self.LoadFailed(exc.message(self.rapp.lang)))
            return
        self.post_message(self.DetailLoaded(detail, history, notes, matches))

    def on_submissions_screen_detail_loaded(self, message: DetailLoaded) -> None:
        detail = message.detail
        if detail.key != self.table.cursor_key:
            return
        self.detail, self.matches = detail, message.matches
        doc = risk_content(detail, message.history, message.notes)
        if message.matches is not None:
            doc = (matches_content(message.matches), *doc)
        self.query_one(DetailPane).show(detail.key, doc)

    def current(self) -> RiskDetail | None:
        if self.detail is None or self.detail.key != self.table.cursor_key:
            self.notify(t("tui.nothing_selected"), severity="warning")
            return None
        return self.detail

    @on(ItemTable.Selected, "#table")
    def selected(self) -> None:
        self.query_one(DetailPane).focus()

    def focus_key(self, key: str) -> None:
        self.table.select_key(key)

    # --- actions ------------------------------------------------------------------------------
    def _take(self, best: bool) -> None:
        from tui.modals.submission import TakeSubmissionModal

        detail = self.current()
        if detail is None:
            return
        risk, matches = detail.risk, list(self.matches or ())
        into = matches[0][0].key if best and matches else None
        if best and not matches:
            self.refuse(t("tui.take.no_matches"))
            return
        org = self.names.get(risk.submitted_by, risk.submitted_by)
        self.when_allowed(Operation.TAKE_SUBMISSION, risk.key, lambda: self.app.push_screen(
            TakeSubmissionModal(risk, org, matches, into=into)))

    def action_take(self) -> None:
        self._take(best=False)

    def action_match(self) -> None:
        self._take(best=True)

    def action_edit(self) -> None:
        from tui.modals.edit_risk import EditRiskModal

        detail, info = self.current(), self.rapp.info
        if detail is not None and info is not None:
            risk = detail.risk
            self.when_allowed(Operation.EDIT_SUBMISSION, risk.key,
                              lambda: self.app.push_screen(EditRiskModal(risk, info)))

    def action_withdraw(self) -> None:
        from tui.modals.submission import WithdrawSubmissionModal

        detail = self.current()
        if detail is not None:
            risk = detail.risk
            self.when_allowed(Operation.EDIT_SUBMISSION, risk.key,
                              lambda: self.app.push_screen(WithdrawSubmissionModal(risk)))

    def action_submit(self) -> None:
        from tui.modals.submit_risk import SubmitRiskModal

        info = self.rapp.info
        if info is not None:
            self.app.push_screen(SubmitRiskModal(info))

    def action_note(self) -> None:
        from tui.modals.note import NoteModal

        detail = self.current()
        if detail is not None:
            key, title = detail.key, detail.risk.title
            self.when_allowed(Operation.NOTE, key,
                              lambda: self.app.push_screen(NoteModal(key, title)))


__all__ = ["SubmissionsScreen", "matches_content", "submission_columns"]
