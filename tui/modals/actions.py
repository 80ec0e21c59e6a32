"""Add an action to a risk, or set the status of one of its actions."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.widgets import Input, Select, Static

import riskreg
from tui import format as fmt
from tui.i18n import N_, t, word
from tui.modals.base import FormError, FormModal, field_label, parse_day, required


class AddActionModal(FormModal):
    SAVE_KEY = N_("tui.button.add")

    def __init__(self, risk: riskreg.Risk) -> None:
        super().__init__(t("tui.action.add_title", key=risk.key))
        self.risk = risk
        self.revision = risk.revision  # what the user saw when the form opened

    def fields(self) -> ComposeResult:
        yield Static(self.risk.title, classes="hint")
        yield field_label(N_("tui.field.action_text"), required=True)
        yield Input(compact=True, id="text")
        yield field_label(N_("tui.field.owner"))
        yield Input(compact=True, id="owner")
        yield field_label(N_("tui.field.action_status"))
        yield Select([(word("action", s), s) for s in riskreg.ActionStatus],
                     value=riskreg.ActionStatus.PROPOSED, allow_blank=False, compact=True,
                     id="status")
        yield field_label(N_("tui.field.due"))
        yield Input(placeholder=t("tui.date_placeholder"), compact=True, id="due")
        yield field_label(N_("tui.field.why"), required=True)
        yield Input(placeholder=t("tui.why_placeholder"), compact=True, id="why")

    def on_mount(self) -> None:
        self.query_one("#text", Input).focus()

    def submit(self) -> None:
        text = required(self.query_one("#text", Input).value, t("tui.field.action_text"),
                    at="#text")
        due = parse_day(self.query_one("#due", Input).value, at="#due")
        why = required(self.query_one("#why", Input).value, t("tui.field.why"),
                    at="#why")
        status = self.query_one("#status", Select).value
        action = riskreg.Action(text=text, owner=self.query_one("#owner", Input).value.strip(),
                                status=status, due=due)
        actions = (*self.risk.actions, action)
        key, revision = self.risk.key, self.revision
        self.write(lambda service: service.update_risk(
            key, why=why, expected_revision=revision, actions=actions),
            t("tui.saved.action_added", key=key))


class ActionStatusModal(FormModal):
    """Set the status of one of a risk's actions (done, by default): among the actions the
    person may change (an editor: all; a project lead: their organisation's), through
    :meth:`riskreg.Register.set_action_status`, which changes the status and nothing else."""

    SAVE_KEY = N_("tui.button.set_status")

    def __init__(self, risk: riskreg.Risk, allowed: Sequence[int],
                 index: int | None = None) -> None:
        super().__init__(t("tui.action.status_title", key=risk.key))
        self.risk = risk
        self.revision = risk.revision
        self.allowed = list(allowed)
        # the action asked for, else the first open one the person may change
        self.index = index if index in self.allowed else next(
            (n for n in self.allowed if risk.actions[n].is_open),
            self.allowed[0] if self.allowed else None)

    def fields(self) -> ComposeResult:
        yield Static(self.risk.title, classes="hint")
        yield field_label(N_("tui.field.action"), required=True)
        options = [
            (f"{n + 1}. [{word('action', self.risk.actions[n].status)}] "
             f"{fmt.clip(self.risk.actions[n].text, 60)}", n)
            for n in self.allowed
        ]
        yield Select(options, value=self.index if self.index is not None else Select.NULL,
                     allow_blank=False, compact=True, id="action")
        yield field_label(N_("tui.field.action_status"), required=True)
        yield Select([(word("action", s), s) for s in riskreg.ActionStatus],
                     value=riskreg.ActionStatus.DONE, allow_blank=False, compact=True,
                     id="status")
        yield field_label(N_("tui.field.why"), required=True)
        yield Input(placeholder=t("tui.why_placeholder"), compact=True, id="why")

    def on_mount(self) -> None:
        self.query_one("#action", Select).focus()

    def submit(self) -> None:
        chosen = self.query_one("#action", Select).value
        if not isinstance(chosen, int):
            raise FormError(t("tui.form.required", field=t("tui.field.action")), "#action")
        status = self.query_one("#status", Select).value
        if not isinstance(status, riskreg.ActionStatus):
            raise FormError(t("tui.form.required", field=t("tui.field.action_status")),
                            "#status")
        why = required(self.query_one("#why", Input).value, t("tui.field.why"),
                    at="#why")
        key, revision = self.risk.key, self.revision
        self.write(lambda service: service.set_action_status(
            key, chosen, status, why=why, expected_revision=revision),
            t("tui.saved.action_status", key=key, number=chosen + 1,
              status=word("action", status)))
