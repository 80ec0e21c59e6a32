"""Accepting a risk: an editor proposes it (rationale, until when), another editor approves
or turns it down (:meth:`riskreg.Register.propose_acceptance`, ``approve_acceptance``,
``reject_acceptance``). The form offers what the library allows this person on this risk
and says why the rest is not offered."""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.widgets import Input, Select, Static, TextArea

import riskreg
from tui import format as fmt
from tui.i18n import N_, current_lang, t
from tui.modals.base import FormError, FormModal, field_label, parse_day, required

PROPOSE, APPROVE, REJECT = "propose", "approve", "reject"
CHOICES = {PROPOSE: N_("tui.acceptance.choice.propose"),
           APPROVE: N_("tui.acceptance.choice.approve"),
           REJECT: N_("tui.acceptance.choice.reject")}


class AcceptanceModal(FormModal):
    SAVE_KEY = N_("tui.button.save")

    def __init__(self, risk: riskreg.Risk, today: date, *, may_propose: riskreg.Verdict,
                 may_approve: riskreg.Verdict) -> None:
        super().__init__(t("tui.acceptance.title", key=risk.key))
        self.risk = risk
        self.today = today
        proposal = risk.acceptance
        # what may be done: a pending proposal is approved or turned down; otherwise a new
        # one is proposed (replacing an approved one), or the approved one revoked
        self.choices: list[str] = []
        self.not_offered = ""
        if proposal is not None and not proposal.approved:
            if may_approve:
                self.choices.append(APPROVE)
            else:
                self.not_offered = may_approve.message(current_lang())
            if may_propose:
                self.choices.append(REJECT)
        elif may_propose:
            self.choices.append(PROPOSE)
            if proposal is not None:
                self.choices.append(REJECT)

    def fields(self) -> ComposeResult:
        risk, proposal = self.risk, self.risk.acceptance
        yield Static(risk.title, classes="hint")
        if proposal is None:
            yield Static(t("tui.acceptance.none"))
        else:
            state = (N_("tui.acceptance.approved") if proposal.approved
                     else N_("tui.acceptance.proposed"))
            yield Static(t(state, by=proposal.proposed_by, on=fmt.day(proposal.proposed_on),
                           expires=fmt.day(proposal.expires), approver=proposal.approved_by))
            yield Static(proposal.rationale, classes="hint")
        if self.not_offered:
            yield Static(self.not_offered, classes="hint", id="not-offered")
        yield field_label(N_("tui.field.acceptance_choice"), required=True)
        yield Select([(t(CHOICES[c]), c) for c in self.choices],
                     value=self.choices[0] if self.choices else Select.NULL,
                     allow_blank=not self.choices, compact=True, id="choice")
        yield field_label(N_("tui.field.rationale"))
        yield TextArea(compact=True, id="rationale")
        yield field_label(N_("tui.field.expires"))
        yield Input(placeholder=t("tui.date_placeholder"), compact=True, id="expires")
        yield field_label(N_("tui.field.why"))
        yield Input(placeholder=t("tui.why_placeholder"), compact=True, id="why")

    def on_mount(self) -> None:
        self.query_one("#choice", Select).focus()
        self._choice_changed()

    def on_select_changed(self) -> None:
        self._choice_changed()

    def _choice_changed(self) -> None:
        proposing = self.query_one("#choice", Select).value == PROPOSE
        self.query_one("#rationale", TextArea).disabled = not proposing
        self.query_one("#expires", Input).disabled = not proposing

    def submit(self) -> None:
        choice = self.query_one("#choice", Select).value
        if not isinstance(choice, str):
            raise FormError(t("tui.acceptance.nothing"))
        why = self.query_one("#why", Input).value.strip()
        key = self.risk.key
        if choice == APPROVE:
            self.write(lambda service: service.approve_acceptance(key, why=why),
                       t("tui.saved.acceptance_approved", key=key))
        elif choice == REJECT:
            self.write(lambda service: service.reject_acceptance(key, why=why),
                       t("tui.saved.acceptance_rejected", key=key))
        else:
            rationale = required(self.query_one("#rationale", TextArea).text,
                                 t("tui.field.rationale"), at="#rationale")
            expires = parse_day(self.query_one("#expires", Input).value, required=True,
                                field=t("tui.field.expires"), at="#expires")
            assert expires is not None
            self.write(lambda service: service.propose_acceptance(
                key, rationale=rationale, expires=expires, why=why),
                t("tui.saved.acceptance_proposed", key=key, expires=fmt.day(expires)))
