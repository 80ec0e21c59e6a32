"""What every form shares: a title, fields, an error line, Save / Cancel, and a write in a worker.

A form never writes itself: it hands a change to :meth:`FormModal.write`, which
runs it through the register service in a thread. Only when the library has
durably saved it does the form close and the app say "saved"; a refusal
(invalid value, a conflict with another writer) is shown in the form, which
stays open with what the user typed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

import riskreg
from tui.i18n import t
from tui.requests import Stale, Written
from tui.service import RegisterInfo, RegisterService
from tui.widgets.footer import KeyFooter

if TYPE_CHECKING:
    from tui.app import RiskregApp


class FormError(Exception):
    """A value in the form is not acceptable (message already in the user's language)."""


def parse_day(text: str, *, required: bool = False, field: str = "") -> date | None:
    """A date typed as YYYY-MM-DD (empty: None, unless required)."""
    text = text.strip()
    if not text:
        if required:
            raise FormError(t("tui.form.required", field=field))
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise FormError(t("error.bad_date", value=text)) from None


def required(text: str, field: str) -> str:
    if not text.strip():
        raise FormError(t("tui.form.required", field=field))
    return text.strip()


class FormModal(ModalScreen[bool]):
    """A modal form: subclasses yield their fields in :meth:`fields`, implement :meth:`submit`."""

    CSS_PATH = Path(__file__).with_name("form.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "tui.key.cancel", tooltip="tui.tip.cancel", id="form-cancel"),
        Binding("ctrl+s", "save", "tui.key.save", tooltip="tui.tip.save", id="form-save"),
    ]
    TITLE_KEY = ""
    SAVE_KEY = "tui.button.save"

    @dataclass
    class Saved(Message):
        text: str
        info: RegisterInfo

    @dataclass
    class Failed(Message):
        text: str
        conflict: bool

    def __init__(self, title: str) -> None:
        super().__init__()
        self.form_title = title
        self.busy = False

    @property
    def rapp(self) -> RiskregApp:
        return cast("RiskregApp", self.app)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(self.form_title, id="dialog-title")
            with VerticalScroll(id="form"):
                yield from self.fields()
            yield Static("", id="error")
            with Horizontal(id="buttons"):
                yield Button(t(self.SAVE_KEY), variant="primary", compact=True, id="save")
                yield Button(t("tui.button.cancel"), compact=True, id="cancel")
        yield KeyFooter()

    def fields(self) -> ComposeResult:
        yield from ()

    def submit(self) -> None:
        """Read the fields and call :meth:`write` (or raise FormError)."""

    # --- saving ---------------------------------------------------------------------------
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        if self.busy:
            return
        try:
            self.submit()
        except FormError as exc:
            self.show_error(str(exc))
        except riskreg.RiskregError as exc:  # a model refused a value while building it
            self.show_error(exc.message(self.rapp.lang))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)

    def show_error(self, text: str) -> None:
        error = self.query_one("#error", Static)
        error.update(text)
        error.set_class(bool(text), "-shown")

    def write(self, change: Callable[[RegisterService], Any], saved_text: str) -> None:
        """Run ``change`` against the register in a worker; close when it is durably saved."""
        self.busy = True
        self.show_error("")
        self.query_one("#save", Button).disabled = True
        self._write(self.rapp.service, change, saved_text, self.rapp.lang)

    @work(thread=True, exclusive=True, exit_on_error=False, group="write", description="write")
    def _write(self, service: RegisterService, change: Callable[[RegisterService], Any],
               saved_text: str, lang: str) -> None:
        try:
            change(service)
            info = service.info()
        except riskreg.RiskregError as exc:
            self.post_message(self.Failed(exc.message(lang),
                                          isinstance(exc, riskreg.ConflictError)))
            return
        self.post_message(self.Saved(saved_text, info))

    def on_form_modal_saved(self, message: Saved) -> None:
        self.app.post_message(Written(message.info, message.text))
        self.dismiss(True)

    def on_form_modal_failed(self, message: Failed) -> None:
        self.busy = False
        self.query_one("#save", Button).disabled = False
        self.show_error(message.text)
        if message.conflict:
            # the register now holds the other writer's version: let the screens show it
            self.post_message(Stale())


def field_label(key: str, required: bool = False) -> Label:
    return Label(t(key) + (" *" if required else ""), classes="field-label")
