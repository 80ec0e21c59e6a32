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
from textual.widgets import Button, Checkbox, Input, Label, Select, Static, TextArea

import riskreg
from tui.i18n import N_, t
from tui.requests import Stale, Written
from tui.service import RegisterInfo, RegisterService
from tui.widgets.footer import KeyFooter

if TYPE_CHECKING:
    from tui.app import RiskregApp


class FormError(Exception):
    """A value in the form is not acceptable (message already in the user's language);
    ``at`` is the selector of the field it is about (focus goes there)."""

    def __init__(self, message: str, at: str | None = None) -> None:
        super().__init__(message)
        self.at = at


def parse_day(text: str, *, required: bool = False, field: str = "",
              at: str | None = None) -> date | None:
    """A date typed as YYYY-MM-DD (empty: None, unless required)."""
    text = text.strip()
    if not text:
        if required:
            raise FormError(t("tui.form.required", field=field), at)
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise FormError(t("error.bad_date", value=text), at) from None


def required(text: str, field: str, at: str | None = None) -> str:
    if not text.strip():
        raise FormError(t("tui.form.required", field=field), at)
    return text.strip()


FieldValue = str | object


class DiscardModal(ModalScreen[bool]):
    """Asks before a form with changes is closed: discard them (True) or go on (False)."""

    DEFAULT_CSS = """
    DiscardModal { align: center middle; background: $background 60%; }
    DiscardModal #discard-dialog {
        width: 60; max-width: 100%; height: auto; padding: 1 2;
        border: thick $warning 80%; background: $surface;
    }
    DiscardModal #discard-buttons { height: auto; align-horizontal: right; padding-top: 1; }
    DiscardModal Button { margin-left: 2; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "keep", N_("tui.key.keep_editing"), tooltip=N_("tui.tip.keep_editing"),
                id="discard-keep"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="discard-dialog"):
            yield Label(t("tui.form.discard_question"))
            with Horizontal(id="discard-buttons"):
                yield Button(t("tui.button.keep_editing"), variant="primary", compact=True,
                             id="keep")
                yield Button(t("tui.button.discard"), variant="error", compact=True,
                             id="discard")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#keep", Button).focus()

    @on(Button.Pressed, "#keep")
    def action_keep(self) -> None:
        self.dismiss(False)

    @on(Button.Pressed, "#discard")
    def discard(self) -> None:
        self.dismiss(True)


class FormModal(ModalScreen[bool]):
    """A modal form: subclasses yield their fields in :meth:`fields`, implement :meth:`submit`."""

    CSS_PATH = Path(__file__).with_name("form.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", N_("tui.key.cancel"), tooltip=N_("tui.tip.cancel"),
                id="form-cancel"),
        Binding("ctrl+s", "save", N_("tui.key.save"), tooltip=N_("tui.tip.save"), id="form-save"),
    ]
    TITLE_KEY = ""
    SAVE_KEY = N_("tui.button.save")

    @dataclass
    class Saved(Message):
        text: str
        info: RegisterInfo

    @dataclass
    class Failed(Message):
        text: str
        conflict: bool
        field: str | None = None  # the field the library named

    def __init__(self, title: str) -> None:
        super().__init__()
        self.form_title = title
        self.busy = False
        self._opened_with: dict[str, FieldValue] | None = None
        self._focus_before_save: str | None = None

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

    def on_mount(self) -> None:
        # typing into a field adds to what is there: a keystroke never replaces a whole value
        for field in self.query(Input):
            field.select_on_focus = False
        self.call_after_refresh(self._remember_values)

    def _remember_values(self) -> None:
        self._opened_with = self.values()

    def values(self) -> dict[str, FieldValue]:
        """What the fields hold now, by id (to tell whether anything was typed)."""
        values: dict[str, FieldValue] = {}
        for widget in self.query("#form *"):
            if widget.id is None:
                continue
            if isinstance(widget, Input | Select | Checkbox):
                values[widget.id] = widget.value
            elif isinstance(widget, TextArea):
                values[widget.id] = widget.text
        return values

    @property
    def changed(self) -> bool:
        """Whether any field differs from what the form opened with."""
        return self._opened_with is not None and self.values() != self._opened_with

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
            self.show_error(str(exc), exc.at)
        except riskreg.RiskregError as exc:  # a model refused a value while building it
            field = exc.params.get("field")
            self.show_error(exc.message(self.rapp.lang),
                            self.selector_of(field if isinstance(field, str) else None))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close the form; when something was typed, only after asking."""
        if not self.changed:
            self.dismiss(False)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(False)

        self.app.push_screen(DiscardModal(), answered)

    def selector_of(self, field: str | None) -> str | None:
        """The selector of the field a library error names (``field="reported_by"`` is
        ``#reported-by``), if the form has one."""
        if not field:
            return None
        selector = "#" + field.split(" ", 1)[0].replace("_", "-")
        return selector if self.query(selector) else None

    def show_error(self, text: str, at: str | None = None) -> None:
        """Show ``text`` under the fields and put the cursor in the field it is about (else
        where it was when the form was saved)."""
        error = self.query_one("#error", Static)
        error.update(text)
        error.set_class(bool(text), "-shown")
        target = at or self._focus_before_save
        if text and target and self.query(target):
            field = self.query_one(target)
            if field.focusable:
                field.focus()
                field.scroll_visible(animate=False)

    def write(self, change: Callable[[RegisterService], Any], saved_text: str) -> None:
        """Run ``change`` against the register in a worker; close when it is durably saved."""
        self.busy = True
        focused = self.focused
        self._focus_before_save = f"#{focused.id}" if focused is not None and focused.id else None
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
            field = exc.params.get("field")
            self.post_message(self.Failed(exc.message(lang),
                                          isinstance(exc, riskreg.ConflictError),
                                          field if isinstance(field, str) else None))
            return
        self.post_message(self.Saved(saved_text, info))

    def on_form_modal_saved(self, message: Saved) -> None:
        self.app.post_message(Written(message.info, message.text))
        self.dismiss(True)

    def on_form_modal_failed(self, message: Failed) -> None:
        self.busy = False
        self.query_one("#save", Button).disabled = False
        self.show_error(message.text, self.selector_of(message.field))
        if message.conflict:
            # the register now holds the other writer's version: let the screens show it
            self.post_message(Stale())


def field_label(key: str, required: bool = False) -> Label:
    return Label(t(key) + (" *" if required else ""), classes="field-label")
