"""Submit a risk of one's own municipality (a project lead): it stays the municipality's,
read by it and the central team, until the central team takes it into the joint analysis
(:meth:`riskreg.Register.submit_risk`)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Input, Select, Static, TextArea

from tui.i18n import N_, t
from tui.modals.base import FormError, field_label, required
from tui.modals.edit_risk import RatingFields, lines_of
from tui.service import RegisterInfo


class SubmitRiskModal(RatingFields):
    SAVE_KEY = N_("tui.button.submit")

    def __init__(self, info: RegisterInfo) -> None:
        org = info.organisation
        super().__init__(t("tui.submit.title", org=org.name if org else "–"))
        self.info = info

    def fields(self) -> ComposeResult:
        yield Static(t("tui.submit.hint"), classes="hint")
        yield field_label(N_("tui.field.title"), required=True)
        yield Input(compact=True, id="title")
        yield field_label(N_("tui.field.area"), required=True)
        yield Select([(c.name, c.key) for c in self.info.categories],
                     prompt=t("tui.submit.choose_area"), compact=True, id="area")
        yield from self.rating_fields(None, None)
        yield field_label(N_("tui.field.description"))
        yield TextArea(compact=True, id="description")
        yield field_label(N_("tui.field.consequences"))
        yield TextArea(compact=True, id="consequences")
        yield field_label(N_("tui.field.why"))
        yield Input(placeholder=t("tui.submit.why_placeholder"), compact=True, id="why")

    def on_mount(self) -> None:
        self.query_one("#title", Input).focus()
        self._preview()

    def submit(self) -> None:
        title = required(self.query_one("#title", Input).value, t("tui.field.title"),
                    at="#title")
        area = self.query_one("#area", Select).value
        if not isinstance(area, str):
            raise FormError(t("tui.form.required", field=t("tui.field.area")))
        inherent, residual = self.ratings()
        fields = {
            "title": title, "area": area, "inherent": inherent, "residual": residual,
            "description": self.query_one("#description", TextArea).text.strip(),
            "consequences": lines_of(self.query_one("#consequences", TextArea)),
        }
        why = self.query_one("#why", Input).value.strip()
        self.write(lambda service: service.submit_risk(why=why, **fields),
                   t("tui.saved.submitted", title=title))
