"""Add a note on a risk or decision (read by the writer's organisation, the central team and
the assessors: :meth:`riskreg.Register.add_note`)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static, TextArea

from tui.i18n import N_, t
from tui.modals.base import FormModal, field_label, required


class NoteModal(FormModal):
    SAVE_KEY = N_("tui.button.add")

    def __init__(self, key: str, title: str) -> None:
        super().__init__(t("tui.note.title", key=key))
        self.key = key
        self.item_title = title

    def fields(self) -> ComposeResult:
        yield Static(self.item_title, classes="hint")
        yield field_label(N_("tui.field.note_text"), required=True)
        yield TextArea(compact=True, id="text")
        yield Static(t("tui.note.hint"), classes="hint")

    def on_mount(self) -> None:
        self.query_one("#text", TextArea).focus()

    def submit(self) -> None:
        text = required(self.query_one("#text", TextArea).text, t("tui.field.note_text"),
                    at="#text")
        key = self.key
        self.write(lambda service: service.add_note(key, text), t("tui.saved.note", key=key))
