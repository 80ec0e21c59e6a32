"""Edit a risk: its fields, with scales named by the register's matrix; saved with why.

Stored text is shown without bidi controls (text stored before they were refused may hold
one, invisible); saving the form saves what it shows, so such a control goes with the edit.
"""

from __future__ import annotations

import re
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Input, Select, Static, TextArea

import riskreg
from riskreg.bidi import neutral
from tui import format as fmt
from tui.i18n import N_, t, word
from tui.modals.base import FormError, FormModal, field_label, required
from tui.service import RegisterInfo


def _scale(matrix: riskreg.RiskMatrix, what: str) -> list[tuple[str, int]]:
    steps = len(matrix.likelihood if what == "likelihood" else matrix.impact)
    return [(fmt.scale_step(matrix, what, s), s) for s in range(1, steps + 1)]


class RatingFields(FormModal):
    """A form with the inherent and residual ratings (``#inherent-l``, ``#inherent-i``,
    ``#residual-l``, ``#residual-i``) and the levels they give, computed by the matrix
    (``#level-preview``)."""

    info: RegisterInfo

    def rating_fields(self, inherent: riskreg.Rating | None,
                      residual: riskreg.Rating | None) -> ComposeResult:
        matrix = self.info.matrix
        with Horizontal(classes="row"):
            yield field_label(N_("tui.field.inherent_likelihood"), required=True)
            yield field_label(N_("tui.field.inherent_impact"), required=True)
        with Horizontal(classes="row"):
            yield Select(_scale(matrix, "likelihood"), prompt=t("tui.not_assessed"),
                         value=inherent.likelihood if inherent else Select.NULL,
                         allow_blank=inherent is None, compact=True, id="inherent-l")
            yield Select(_scale(matrix, "impact"), prompt=t("tui.not_assessed"),
                         value=inherent.impact if inherent else Select.NULL,
                         allow_blank=inherent is None, compact=True, id="inherent-i")
        with Horizontal(classes="row"):
            yield field_label(N_("tui.field.residual_likelihood"))
            yield field_label(N_("tui.field.residual_impact"))
        with Horizontal(classes="row"):
            yield Select(_scale(matrix, "likelihood"), prompt=t("tui.not_assessed"),
                         value=residual.likelihood if residual else Select.NULL,
                         compact=True, id="residual-l")
            yield Select(_scale(matrix, "impact"), prompt=t("tui.not_assessed"),
                         value=residual.impact if residual else Select.NULL,
                         compact=True, id="residual-i")
        yield Static("", id="level-preview")

    # --- the level the chosen ratings give (computed by the matrix) --------------------------
    def _rating(self, prefix: str) -> riskreg.Rating | None:
        likelihood = self.query_one(f"#{prefix}-l", Select).value
        impact = self.query_one(f"#{prefix}-i", Select).value
        if isinstance(likelihood, int) and isinstance(impact, int):
            return riskreg.Rating(likelihood, impact)
        return None

    @on(Select.Changed)
    def _preview(self) -> None:
        matrix = self.info.matrix
        parts: list[Content] = []
        for prefix, key in (("inherent", N_("tui.field.inherent")), ("residual",
                                                                     N_("tui.field.residual"))):
            rating = self._rating(prefix)
            parts.append(Content.styled(t(key) + ": ", "$text-muted"))
            if rating is None:
                parts.append(Content(t("tui.not_assessed")))
            else:
                value = matrix.value(rating)
                parts.append(Content.from_rich_text(fmt.band_chip(matrix.band_for(value), value)))
            parts.append(Content("   "))
        self.query_one("#level-preview", Static).update(Content.assemble(*parts))

    def ratings(self) -> tuple[riskreg.Rating, riskreg.Rating | None]:
        """The inherent rating (required) and the residual one (both scales, or neither)."""
        inherent = self._rating("inherent")
        if inherent is None:
            raise FormError(t("tui.form.required", field=t("tui.field.inherent")),
                            "#inherent-l")
        residual_l = self.query_one("#residual-l", Select).value
        residual_i = self.query_one("#residual-i", Select).value
        residual = self._rating("residual")
        if residual is None and (residual_l is not Select.NULL or residual_i is not Select.NULL):
            raise FormError(t("tui.form.both_scales"),
                            "#residual-l" if residual_l is Select.NULL else "#residual-i")
        return inherent, residual


def lines_of(area: TextArea) -> tuple[str, ...]:
    """The non-empty lines of a text area (one consequence a line)."""
    return tuple(line.strip() for line in area.text.splitlines() if line.strip())


class EditRiskModal(RatingFields):
    """Edit a risk. For a person who may not edit joint risks (a project lead editing their
    municipality's pending submission), the fields that are the central team's (who reports
    it, its visibility) are not offered."""

    def __init__(self, risk: riskreg.Risk, info: RegisterInfo) -> None:
        super().__init__(t("tui.edit.title", key=risk.key, revision=risk.revision))
        self.risk = risk
        self.info = info
        self.revision = risk.revision  # what the user saw when the form opened
        self.editor = info.may(riskreg.Operation.EDIT)

    def fields(self) -> ComposeResult:
        risk = self.risk
        yield field_label(N_("tui.field.title"), required=True)
        yield Input(neutral(risk.title), compact=True, id="title")
        with Horizontal(classes="row"):
            yield field_label(N_("tui.field.area"), required=True)
            yield field_label(N_("tui.field.status"), required=True)
        with Horizontal(classes="row"):
            yield Select([(c.name, c.key) for c in self.info.categories], value=risk.area,
                         allow_blank=False, compact=True, id="area")
            yield Select([(word("status", s), s) for s in riskreg.RiskStatus], value=risk.status,
                         allow_blank=False, compact=True, id="status")
        yield field_label(N_("tui.field.owner"))
        yield Input(neutral(risk.owner), compact=True, id="owner")
        yield from self.rating_fields(risk.inherent, risk.residual)
        yield field_label(N_("tui.field.description"))
        yield TextArea(neutral(risk.description), compact=True, id="description")
        yield field_label(N_("tui.field.consequences"))
        yield TextArea(neutral("\n".join(risk.consequences)), compact=True,
                       id="consequences")
        if self.editor:  # who reports it and whether it is shared: the central team's
            yield field_label(N_("tui.field.reported_by"))
            yield Input(", ".join(self.org_name(code) for code in risk.reported_by),
                        compact=True, id="reported-by",
                        placeholder=t("tui.reported_by_placeholder"))
            yield field_label(N_("tui.field.visibility"))
            # "submitted" is what a municipality's own risk is until an editor takes it in
            # (Register.submit_risk / take_submission): offered only for a risk that is one
            visibilities = [v for v in riskreg.Visibility
                            if v is not riskreg.Visibility.SUBMITTED or v is risk.visibility]
            yield Select([(word("visibility", v), v) for v in visibilities],
                         value=risk.visibility, allow_blank=False, compact=True,
                         id="visibility")
        yield field_label(N_("tui.field.why"), required=True)
        yield Input(placeholder=t("tui.why_placeholder"), compact=True, id="why")

    def on_mount(self) -> None:
        self.query_one("#title", Input).focus()
        self._preview()

    # --- saving --------------------------------------------------------------------------------
    def changes(self) -> dict[str, Any]:
        """The fields that differ from the risk as it was when the form opened."""
        risk = self.risk
        title = required(self.query_one("#title", Input).value, t("tui.field.title"),
                    at="#title")
        inherent, residual = self.ratings()
        values: dict[str, Any] = {
            "title": title,
            "area": self.query_one("#area", Select).value,
            "status": self.query_one("#status", Select).value,
            "owner": self.query_one("#owner", Input).value.strip(),
            "inherent": inherent,
            "residual": residual,
            "description": self.query_one("#description", TextArea).text.strip(),
            "consequences": lines_of(self.query_one("#consequences", TextArea)),
        }
        if self.editor:
            reported = self.reported_by()
            values["reported_by"] = (risk.reported_by if set(reported) == set(risk.reported_by)
                                     else reported)
            values["visibility"] = self.query_one("#visibility", Select).value
        return {name: value for name, value in values.items() if getattr(risk, name) != value}

    def org_name(self, code: str) -> str:
        """The name of the organisation ``code`` (the code, if the register does not know it)."""
        return next((o.name for o in self.info.organisations if o.code == code), code)

    def reported_by(self) -> tuple[str, ...]:
        """The organisations typed in "reported by", by name or code, as codes (sorted)."""
        directory = riskreg.Directory(self.info.organisations)
        codes: set[str] = set()
        for part in re.split(r"[,;\n]+", self.query_one("#reported-by", Input).value):
            if part.strip():
                try:
                    codes.add(directory.get(part.strip()).code)
                except riskreg.RiskregError as exc:
                    raise FormError(exc.message(self.rapp.lang), "#reported-by") from None
        return tuple(sorted(codes))

    def submit(self) -> None:
        changes = self.changes()
        why = required(self.query_one("#why", Input).value, t("tui.field.why"),
                    at="#why")
        if not changes:
            raise FormError(t("tui.form.no_changes"))
        key, revision = self.risk.key, self.revision
        self.write(lambda service: service.update_risk(
            key, why=why, expected_revision=revision, **changes),
            t("tui.saved.risk", key=key))
