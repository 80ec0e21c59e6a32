"""Add an action to a risk, or mark one of its open actions done."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Input, Select, Static

import riskreg
from tui import format as fmt
from tui.i18n import t, word
from tui.modals.base import FormError, FormModal, field_label, parse_day, required


class AddActionModal(FormModal):
    SAVE_KEY = "tui.button.add"

    def __init__(self, risk: riskreg.Risk) -> None:
        super().__init__(t("tui.action.add_title", key=risk.key))
        self.risk = risk
        self.revision = risk.revision  # what the user saw when the form opened

    def fields(self) -> ComposeResult:
        yield Static(self.risk.title, classes="hint")
        yield field_label("tui.field.action_text", required=True)
        yield Input(compact=True, id="text")
        yield field_label("tui.field.owner")
        yield Input(compact=True, id="owner")
        yield field_label("tui.field.action_status")
        yield Select([(word("action", s), s) for s in riskreg.ActionStatus],
                     value=riskreg.ActionStatus.PROPOSED, allow_blank=False, compact=True,
                     id="status")
        yield field_label("tui.field.due")
        yield Input(placeholder=t("tui.date_placeholder"), compact=True, id="due")
        yield field_label("tui.field.why", required=True)
        yield Input(placeholder=t("tui.why_placeholder"), compact=True, id="why")

    def on_mount(self) -> None:
        self.query_one("#text", Input).focus()

    def submit(self) -> None:
        text = required(self.query_one("#text", Input).value, t("tui.field.action_text"))
        due = parse_day(self.query_one("#due", Input).value)
        why = required(self.query_one("#why", Input).value, t("tui.field.why"))
        status = self.query_one("#status", Select).value
        action = riskreg.Action(text=text, owner=self.query_one("#owner", Input).value.strip(),
                                status=status, due=due)
        key, revision = self.risk.key, self.revision
        self.write(lambda service: service.add_action(
            key, action, why=why, expected_revision=revision),
            t("tui.saved.action_added", key=key))


class CompleteActionModal(FormModal):
    SAVE_KEY = "tui.button.complete"

    def __init__(self, risk: riskreg.Risk) -> None:
        super().__init__(t("tui.action.complete_title", key=risk.key))
        self.risk = risk
        self.revision = risk.revision

    def fields(self) -> ComposeResult:
        yield Static(self.risk.title, classes="hint")
        yield field_label("tui.field.action", required=True)
        options = [  # the value is the action's number, as the register counts them
            (f"{n}. [{word('action', a.status)}] {fmt.clip(a.text, 60)}", n)
            for n, a in enumerate(self.risk.actions, 1) if a.is_open
        ]
        yield Select(options, value=options[0][1] if options else Select.NULL,
                     allow_blank=False, compact=True, id="action")
        yield field_label("tui.field.why", required=True)
        yield Input(placeholder=t("tui.why_placeholder"), compact=True, id="why")

    def on_mount(self) -> None:
        self.query_one("#action", Select).focus()

    def submit(self) -> None:
        chosen = self.query_one("#action", Select).value
        if not isinstance(chosen, int):
            raise FormError(t("tui.form.required", field=t("tui.field.action")))
        why = required(self.query_one("#why", Input).value, t("tui.field.why"))
        key, revision = self.risk.key, self.revision
        self.write(lambda service: service.complete_action(
            key, chosen, why=why, expected_revision=revision),
            t("tui.saved.action_done", key=key))
