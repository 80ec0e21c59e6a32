"""Mark a risk (or a flagged decision) reviewed, with a note of why."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Input, Static

from tui.i18n import N_, t
from tui.modals.base import FormModal, field_label, required


class ReviewModal(FormModal):
    SAVE_KEY = N_("tui.button.mark_reviewed")

    def __init__(self, key: str, title: str) -> None:
        super().__init__(t("tui.review.title", key=key))
        self.key = key
        self.item_title = title

    def fields(self) -> ComposeResult:
        yield Static(self.item_title, classes="hint")
        yield field_label(N_("tui.field.note"), required=True)
        yield Input(placeholder=t("tui.review.placeholder"), compact=True, id="note")

    def on_mount(self) -> None:
        self.query_one("#note", Input).focus()

    def on_input_submitted(self) -> None:
        self.action_save()

    def submit(self) -> None:
        note = required(self.query_one("#note", Input).value, t("tui.field.note"),
                    at="#note")
        key = self.key
        self.write(lambda service: service.mark_reviewed(key, note=note),
                   t("tui.saved.reviewed", key=key))
