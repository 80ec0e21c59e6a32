"""Who the register records as making changes: shown in the header, named here.

On a register without people (a file) the one user names themselves for the rest of the
session (``--user NAME`` or ``RISKREG_USER`` names them from the start); on a server, and
for a file opened as a person, the login decides and the form only says so.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Input, Static

from tui.i18n import N_, t
from tui.modals.base import FormModal, field_label, required
from tui.service import RegisterInfo


class WhoModal(FormModal):
    SAVE_KEY = N_("tui.button.save")

    def __init__(self, info: RegisterInfo) -> None:
        super().__init__(t("tui.who.title"))
        self.info = info

    def fields(self) -> ComposeResult:
        yield Static(t("tui.who.now", user=self.info.user), classes="hint")
        if self.info.user_fixed:
            yield Static(t("error.user_fixed", user=self.info.user), classes="hint")
            return
        yield field_label(N_("tui.who.name"), required=True)
        yield Input(self.info.user, compact=True, id="name")
        yield Static(t("tui.who.hint"), classes="hint")

    def on_mount(self) -> None:
        if not self.info.user_fixed:
            self.query_one("#name", Input).focus()

    def submit(self) -> None:
        if self.info.user_fixed:
            self.dismiss(False)
            return
        name = required(self.query_one("#name", Input).value, t("tui.who.name"), at="#name")
        self.write(lambda service: service.record_as(name), t("tui.who.saved", user=name))
