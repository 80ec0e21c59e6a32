"""A municipality's pending submission: taken into the joint analysis by the central team, as
a new joint risk or matched into one it is the same as (the library suggests the likeliest:
:meth:`riskreg.Register.submission_matches`), or withdrawn by its municipality."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.widgets import Input, Select, Static

import riskreg
from tui import format as fmt
from tui.i18n import N_, t
from tui.modals.base import FormError, FormModal, field_label, required

AS_NEW = "-"


class TakeSubmissionModal(FormModal):
    """Take a submission in: as a new joint risk (the first choice when no joint risk is much
    like it), or into one of the suggested joint risks."""

    SAVE_KEY = N_("tui.button.take")

    def __init__(self, submission: riskreg.Risk, organisation: str,
                 matches: Sequence[tuple[riskreg.Risk, float]], *, into: str | None = None
                 ) -> None:
        super().__init__(t("tui.take.title", key=submission.key, org=organisation))
        self.submission = submission
        self.matches = list(matches)
        self.into = into

    def fields(self) -> ComposeResult:
        yield Static(self.submission.title, classes="hint")
        yield field_label(N_("tui.field.take_into"), required=True)
        options = [(t("tui.take.as_new", key=self.submission.key), AS_NEW)]
        options.extend(
            (t("tui.take.into", key=risk.key, title=fmt.clip(risk.title, 44),
               score=round(score * 100)), risk.key)
            for risk, score in self.matches)
        chosen = self.into if self.into in {r.key for r, _ in self.matches} else AS_NEW
        yield Select(options, value=chosen, allow_blank=False, compact=True, id="into")
        if not self.matches:
            yield Static(t("tui.take.no_matches"), classes="hint")
        yield field_label(N_("tui.field.why"))
        yield Input(placeholder=t("tui.why_placeholder"), compact=True, id="why")

    def on_mount(self) -> None:
        self.query_one("#into", Select).focus()

    def submit(self) -> None:
        into = self.query_one("#into", Select).value
        if not isinstance(into, str):
            raise FormError(t("tui.form.required", field=t("tui.field.take_into")))
        target = None if into == AS_NEW else into
        why = self.query_one("#why", Input).value.strip()
        key, revision = self.submission.key, self.submission.revision
        text = (t("tui.saved.taken_new", key=key) if target is None
                else t("tui.saved.taken_into", key=key, into=target))
        self.write(lambda service: service.take_submission(
            key, target, why=why, expected_revision=revision), text)


class WithdrawSubmissionModal(FormModal):
    SAVE_KEY = N_("tui.button.withdraw")

    def __init__(self, submission: riskreg.Risk) -> None:
        super().__init__(t("tui.withdraw.title", key=submission.key))
        self.submission = submission

    def fields(self) -> ComposeResult:
        yield Static(self.submission.title, classes="hint")
        yield Static(t("tui.withdraw.text"))
        yield field_label(N_("tui.field.why"), required=True)
        yield Input(placeholder=t("tui.why_placeholder"), compact=True, id="why")

    def on_mount(self) -> None:
        self.query_one("#why", Input).focus()

    def on_input_submitted(self) -> None:
        self.action_save()

    def submit(self) -> None:
        why = required(self.query_one("#why", Input).value, t("tui.field.why"),
                    at="#why")
        key, revision = self.submission.key, self.submission.revision
        self.write(lambda service: service.withdraw_submission(
            key, why=why, expected_revision=revision), t("tui.saved.withdrawn", key=key))
