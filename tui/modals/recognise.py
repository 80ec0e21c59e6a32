"""Record that the person's municipality recognises a joint risk (it joins those reporting it:
:meth:`riskreg.Register.recognise`)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Input, Static

import riskreg
from tui.i18n import N_, t, tn
from tui.modals.base import FormModal, field_label


class RecogniseModal(FormModal):
    SAVE_KEY = N_("tui.button.recognise")

    def __init__(self, risk: riskreg.Risk, organisation: riskreg.Organisation) -> None:
        super().__init__(t("tui.recognise.title", key=risk.key))
        self.risk = risk
        self.organisation = organisation

    def fields(self) -> ComposeResult:
        yield Static(self.risk.title, classes="hint")
        yield Static(tn("tui.recognise.text", "tui.recognise.text.plural", self.risk.recognition,
                        org=self.organisation.name, key=self.risk.key))
        yield field_label(N_("tui.field.why"))
        yield Input(placeholder=t("tui.recognise.placeholder"), compact=True, id="why")

    def on_mount(self) -> None:
        self.query_one("#why", Input).focus()

    def on_input_submitted(self) -> None:
        self.action_save()

    def submit(self) -> None:
        why = self.query_one("#why", Input).value.strip()
        key = self.risk.key
        self.write(lambda service: service.recognise(key, why=why),
                   t("tui.saved.recognised", key=key, org=self.organisation.name))
