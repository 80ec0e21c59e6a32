"""Assess a decision's validity during the pause, seeing first what it would do (from the graph)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Select, Static, TextArea

import riskreg
from riskreg.views import VALIDITY_ORDER, AssessPreview
from tui import format as fmt
from tui.i18n import N_, current_lang, t, tn, word
from tui.modals.base import FormError, FormModal, field_label, parse_day, required
from tui.service import RegisterInfo, RegisterService

ASSESSABLE = [v for v in VALIDITY_ORDER if v is not riskreg.Validity.UNREVIEWED]


def _keys(keys: Sequence[str], limit: int = 12) -> str:
    return ", ".join(keys[:limit]) + (" …" if len(keys) > limit else "")


def preview_content(preview: AssessPreview) -> Content:
    """The preview as ``riskreg impact --if`` shows it: the findings check would add and
    resolve, what is flagged, the items affected directly with every effect, the rest."""
    parts: list[Content] = []
    if not preview.changes_validity:
        return Content.styled(t("tui.assess.unchanged"), "$text-muted")
    parts.append(Content.styled(
        t("tui.assess.if", key=preview.key, validity=word("validity", preview.proposed)) + "\n",
        "bold"))
    parts.append(Content.styled(
        t("tui.assess.check", resolved=len(preview.resolved),
          added=tn("count.new_findings", "count.new_findings.plural", len(preview.added)))
        + "\n",
        "bold $error" if preview.added else "bold $success" if preview.resolved
        else "$text-muted"))
    for sign, findings, style in (("+", preview.added, "$error"),
                                  ("−", preview.resolved, "$success")):
        for finding in findings:
            parts.append(Content.assemble(f"  {sign} ", (finding.message(current_lang()),
                                                         style), "\n"))
    parts.append(Content.styled(
        t("tui.assess.flagged", n=len(preview.flagged), keys=_keys(preview.flagged)) + "\n",
        "bold $warning" if preview.flagged else "$text-muted"))
    direct = [i for i in preview.impacts if i.effect != "indirect"]
    indirect = [i.key for i in preview.impacts if i.effect == "indirect"]
    parts.append(Content.styled(t("tui.assess.direct", n=len(direct)) + "\n",
                                "bold" if direct else "$text-muted"))
    for impact in direct:
        for n, effect in enumerate(impact.effects):
            path = fmt.path_text(effect.path)
            style = "$error" if effect.changes_findings else ""
            parts.append(Content.assemble(
                "  ", (impact.key if n == 0 else " " * len(impact.key), "bold"), "  ",
                (word("effect", effect.effect), style), (f"  ({path})", "$text-muted"), "\n"))
    parts.append(Content.styled(
        t("tui.assess.indirect", n=len(indirect), keys=_keys(indirect)) + "\n", "$text-muted"))
    return Content.assemble(*parts)


class AssessModal(FormModal):
    SAVE_KEY = N_("tui.button.confirm_assess")

    @dataclass
    class PreviewReady(Message):
        preview: AssessPreview

    def __init__(self, decision: riskreg.Decision, info: RegisterInfo) -> None:
        super().__init__(t("tui.assess.title", key=decision.key))
        self.decision = decision
        self.info = info
        self.revision = decision.revision
        self.preview: AssessPreview | None = None

    def fields(self) -> ComposeResult:
        d = self.decision
        yield Static(Content.assemble(d.title, "  ", Content.from_rich_text(
            fmt.validity_chip(d.validity))), classes="hint")
        yield field_label(N_("tui.field.validity"), required=True)
        yield Select([(word("validity", v), v) for v in ASSESSABLE],
                     value=d.validity if d.validity in ASSESSABLE else riskreg.Validity.UNCERTAIN,
                     allow_blank=False, compact=True, id="validity")
        yield field_label(N_("tui.assess.preview"))
        yield Static(t("tui.loading"), id="preview")
        yield field_label(N_("tui.field.rationale"), required=True)
        yield TextArea(compact=True, id="rationale")
        yield field_label(N_("tui.field.review_by"))
        yield Input(d.review_by.isoformat() if d.review_by else "", compact=True,
                    placeholder=t("tui.date_placeholder"), id="review-by")
        yield Static(t("tui.assess.review_by_hint"), classes="hint", id="review-by-hint")

    def on_mount(self) -> None:
        self.query_one("#validity", Select).focus()
        self._validity_changed()

    @on(Select.Changed, "#validity")
    def _validity_changed(self) -> None:
        validity = self.query_one("#validity", Select).value
        if not isinstance(validity, riskreg.Validity):
            return
        uncertain = validity is riskreg.Validity.UNCERTAIN
        self.query_one("#review-by", Input).disabled = not uncertain
        self.query_one("#preview", Static).update(Content.styled(t("tui.loading"),
                                                                 "$text-muted"))
        self.preview = None
        self.load_preview(self.rapp.service, self.decision.key, validity)

    @work(thread=True, exclusive=True, exit_on_error=False, group="preview", description="preview")
    def load_preview(self, service: RegisterService, key: str,
                     validity: riskreg.Validity) -> None:
        try:
            preview = service.assess_preview(key, validity)
        except riskreg.RiskregError as exc:
            self.post_message(self.Failed(exc.message(self.rapp.lang), False))
            return
        self.post_message(self.PreviewReady(preview))

    def on_assess_modal_preview_ready(self, message: PreviewReady) -> None:
        current = self.query_one("#validity", Select).value
        if message.preview.proposed is not current:
            return
        self.preview = message.preview
        self.query_one("#preview", Static).update(preview_content(message.preview))

    def submit(self) -> None:
        validity = self.query_one("#validity", Select).value
        if not isinstance(validity, riskreg.Validity):
            raise FormError(t("tui.form.required", field=t("tui.field.validity")), "#validity")
        rationale = required(self.query_one("#rationale", TextArea).text,
                             t("tui.field.rationale"), at="#rationale")
        review_by = None
        if validity is riskreg.Validity.UNCERTAIN:
            review_by = parse_day(self.query_one("#review-by", Input).value, required=True,
                                  field=t("tui.field.review_by"), at="#review-by")
        if self.preview is None or self.preview.proposed is not validity:
            raise FormError(t("tui.assess.wait_preview"))
        key, revision = self.decision.key, self.revision
        flagged = len(self.preview.flagged)
        self.write(lambda service: service.assess(
            key, validity, rationale=rationale, review_by=review_by,
            expected_revision=revision),
            tn("tui.saved.assessed", "tui.saved.assessed.plural", flagged, key=key,
               validity=word("validity", validity)))
