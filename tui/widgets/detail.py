"""The detail pane: every field of a risk or decision, its links, its history."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.geometry import Size
from textual.reactive import reactive
from textual.widget import Widget

import riskreg
from riskreg.views import DecisionDetail, FlaggedBecause, LinkedItem, RiskDetail
from riskreg.words import change_why, changed_fields, describe_reason, field_words, link_words
from tui import format as fmt
from tui.i18n import N_, current_lang, t, tn, word

LABEL_WIDTH = 16


def _rich(text: Text) -> Content:
    return Content.from_rich_text(text)


@dataclass(frozen=True)
class Field:
    """A labelled field of the detail: its value wraps beside the label, never under it."""

    label: str
    value: Content


#: what the detail pane shows: text, and fields laid out at the pane's width
Block = Content | Field
Doc = tuple[Block, ...]


def _field(key: str, *value: str | Content) -> Field:
    return Field(t(key), Content.assemble(*value))


def lay_out(doc: Doc, width: int) -> Content:
    """``doc`` as text ``width`` cells wide: each field's value wraps in its own column
    (a hanging indent), so a label is never lost among values."""
    parts: list[Content] = []
    room = max(10, width - LABEL_WIDTH - 1)
    indent = " " * (LABEL_WIDTH + 1)
    for block in doc:
        if isinstance(block, Content):
            parts.append(block)
            continue
        lines = block.value.wrap(room) or [Content("")]
        label = Content.styled(block.label.ljust(LABEL_WIDTH) + " ", "$text-muted")
        if cell_len(block.label) > LABEL_WIDTH:  # a long label on a line of its own
            parts.append(Content.assemble(Content.styled(block.label, "$text-muted"), "\n"))
            label = Content(indent)
        for n, line in enumerate(lines):
            parts.append(Content.assemble(label if n == 0 else indent, line, "\n"))
    return Content.assemble(*parts)


def _heading(key: str, **params: object) -> Content:
    return Content.assemble("\n", (t(key, **params), "bold $accent"), "\n")


def _link(key: str) -> Content:
    # keys are validated patterns (R-001, KL-2022-07): safe inside markup
    return Content.from_markup(f"[@click=app.jump('{key}')]{key}[/]").stylize("underline")


def _title(key: str, title: str) -> Content:
    return Content.assemble((key, "bold"), "  ", (title, "bold"), "\n")


def reason_text(reason: riskreg.ReviewReason) -> str:
    """Why an item is flagged, as the library words it, with the day it was flagged."""
    text = describe_reason(reason.kind, reason.trigger, reason.detail, current_lang())
    return f"{text} ({fmt.day(reason.on)})" if reason.on else text


def flagged_section(flagged: Sequence[FlaggedBecause]) -> list[Block]:
    """Why the item needs review: each reason and the chain of links that made it flagged."""
    if not flagged:
        return []
    parts: list[Block] = [_heading(N_("tui.detail.review_reasons"))]
    for because in flagged:
        parts.append(Content.assemble("  ", (f"{fmt.FLAG} ", fmt.FLAG_STYLE),
                                      reason_text(because.reason), "\n"))
        if because.path:
            parts.append(Content.assemble(
                "    ", (t("tui.detail.flag_path"), "$text-muted"), " ",
                (fmt.path_text(because.path), "italic"), "\n"))
    return parts


def _linked_line(item: LinkedItem) -> Content:
    status: Content
    if item.validity is not None:
        status = _rich(fmt.validity_chip(item.validity))
    elif item.band is not None:
        status = _rich(fmt.band_chip(item.band, item.value))
    else:
        status = Content("")
    note = Content.styled(f"  — {item.note}", "$text-muted") if item.note else Content("")
    return Content.assemble(
        "  ", (fmt.relation_label(item.relation, item.outgoing).ljust(16), "italic"), " ",
        _link(item.key), "  ", item.title, " ", status, note, "\n",
    )


def _links_section(links: Sequence[LinkedItem]) -> list[Content]:
    parts: list[Content] = []
    decisions = [x for x in links if x.kind is riskreg.ItemKind.DECISION]
    risks = [x for x in links if x.kind is riskreg.ItemKind.RISK]
    parts.append(_heading(N_("tui.detail.linked_decisions"), n=len(decisions)))
    parts.extend(_linked_line(x) for x in decisions)
    if not decisions:
        parts.append(Content.styled("  " + t("tui.none") + "\n", "$text-muted"))
    parts.append(_heading(N_("tui.detail.linked_risks"), n=len(risks)))
    parts.extend(_linked_line(x) for x in risks)
    if not risks:
        parts.append(Content.styled("  " + t("tui.none") + "\n", "$text-muted"))
    return parts


def _changed_fields(change: riskreg.Change) -> str:
    """The fields a change touched, as the reader says them (none for additions)."""
    if not change.before or not change.after:
        return ""
    touched = changed_fields(change.before, change.after)
    return ", ".join(field_words(touched, current_lang()))


def history_section(history: Sequence[riskreg.Change] | None) -> list[Content]:
    parts = [_heading(N_("tui.detail.history"), n=len(history) if history is not None else "…")]
    if history is None:
        parts.append(Content.styled("  " + t("tui.loading") + "\n", "$text-muted"))
        return parts
    for change in reversed(history):
        action = fmt.change_action(change.action)
        fields = _changed_fields(change)
        what = link_words(change.key, current_lang())
        why = change_why(change.action, change.why, change.before, change.after, current_lang())
        parts.append(Content.assemble(
            "  ", (fmt.moment(change.at), "$text-muted"), "  ", (change.user, "bold"), "  ",
            action, f" ({fields})" if fields else "", f" {what}" if "|" in change.key else "",
            Content.styled(f" — {why}", "italic") if why else "", "\n",
        ))
    if not history:
        parts.append(Content.styled("  " + t("tui.none") + "\n", "$text-muted"))
    return parts


def notes_section(notes: Sequence[riskreg.Note] | None) -> list[Content]:
    """The notes on an item (none shown when there are none: a register without people)."""
    if not notes:
        return []
    parts = [_heading(N_("tui.detail.notes"), n=len(notes))]
    for note in reversed(notes):
        who = f"{note.by} ({note.organisation})" if note.organisation else note.by
        parts.append(Content.assemble(
            "  ", (fmt.day(note.on), "$text-muted"), "  ", (who, "bold"), "  ", note.text,
            "\n"))
    return parts


def acceptance_text(acceptance: riskreg.Acceptance) -> str:
    if acceptance.approved:
        return t("tui.acceptance.approved", by=acceptance.proposed_by,
                 on=fmt.day(acceptance.proposed_on), expires=fmt.day(acceptance.expires),
                 approver=acceptance.approved_by)
    return t("tui.acceptance.proposed", by=acceptance.proposed_by,
             on=fmt.day(acceptance.proposed_on), expires=fmt.day(acceptance.expires),
             approver="")


def risk_content(detail: RiskDetail, history: Sequence[riskreg.Change] | None,
                 notes: Sequence[riskreg.Note] | None = None) -> Doc:
    risk = detail.risk
    matrix = detail.matrix
    parts: list[Block] = [_title(risk.key, risk.title)]
    flags: list[Content] = [_rich(fmt.band_chip(detail.band, detail.residual_value
                                                or detail.inherent_value)),
                            Content("  "), Content(word("status", risk.status))]
    if risk.needs_review:
        flags.append(Content.styled(f"  {fmt.FLAG} " + t("tui.needs_review"), "bold $warning"))
    if detail.review_overdue:
        flags.append(Content.styled("  " + t("tui.review_overdue"), "bold $error"))
    parts.append(Content.assemble(*flags, "\n\n"))
    parts.append(_field(N_("tui.field.area"), detail.area_name))
    parts.append(_field(N_("tui.field.owner"), risk.owner or "–"))
    parts.append(_field(N_("tui.field.status"), word("status", risk.status)))
    parts.append(_field(
        N_("tui.field.inherent"), fmt.rating_text(matrix, risk.inherent), " = ",
        _rich(fmt.band_chip(detail.inherent_band, detail.inherent_value))))
    if risk.residual is not None and detail.residual_band is not None:
        parts.append(_field(
            N_("tui.field.residual"), fmt.rating_text(matrix, risk.residual), " = ",
            _rich(fmt.band_chip(detail.residual_band, detail.residual_value))))
    else:
        parts.append(_field(N_("tui.field.residual"), t("tui.not_assessed")))
    parts.append(_field(N_("tui.field.scope"), fmt.scope_text(detail.scope)))
    parts.append(_field(N_("tui.field.visibility"), word("visibility", risk.visibility)))
    recognition = tn("tui.recognition_text", "tui.recognition_text.plural", risk.recognition)
    parts.append(_field(N_("tui.field.recognition"), recognition))
    parts.append(_field(N_("tui.field.created"), fmt.day(risk.created)))
    parts.append(_field(N_("tui.field.last_reviewed"), fmt.day(risk.last_reviewed)))
    parts.append(_field(N_("tui.field.next_review"), fmt.day(detail.next_review),
                        Content.styled("  " + t("tui.review_overdue"), "bold $error")
                        if detail.review_overdue else ""))
    parts.append(_field(N_("tui.field.revision"), str(risk.revision)))
    if risk.is_submission:
        parts.append(_field(N_("tui.field.submitted_by"), risk.submitted_by))
    if risk.acceptance is not None:
        parts.append(_field(N_("tui.field.acceptance"), acceptance_text(risk.acceptance)))
    parts.extend(flagged_section(detail.flagged))
    if detail.reported_by:
        parts.append(_heading(N_("tui.detail.reported_by"), n=len(detail.reported_by)))
        parts.append(Content(f"{', '.join(detail.reported_by)}\n"))
    parts.append(_heading(N_("tui.detail.description")))
    parts.append(Content(f"{risk.description or '–'}\n"))
    parts.append(_heading(N_("tui.detail.consequences"), n=len(risk.consequences)))
    parts.extend(Content(f"  • {c}\n") for c in risk.consequences)
    parts.append(_heading(N_("tui.detail.actions"), n=len(risk.actions)))
    completed = (riskreg.views.action_completions(risk, history) if history is not None
                 else (None,) * len(risk.actions))
    for n, (action, done_on) in enumerate(zip(risk.actions, completed, strict=True), 1):
        style = "$text-muted" if not action.is_open else ""
        extra = ", ".join(x for x in (
            action.owner, t("tui.due", date=fmt.day(action.due)) if action.due else "",
            t("tui.done_on", date=fmt.day(done_on)) if done_on else "") if x)
        parts.append(Content.assemble(
            f"  {n}. ", (f"[{word('action', action.status)}]", "bold"), " ",
            (action.text, style), Content.styled(f" — {extra}", "$text-muted") if extra else "",
            "\n"))
    if not risk.actions:
        parts.append(Content.styled("  " + t("tui.none") + "\n", "$text-muted"))
    parts.extend(_links_section(detail.links))
    parts.extend(notes_section(notes))
    parts.extend(history_section(history))
    return tuple(parts)


def decision_content(detail: DecisionDetail, history: Sequence[riskreg.Change] | None,
                     notes: Sequence[riskreg.Note] | None = None) -> Doc:
    decision = detail.decision
    parts: list[Block] = [_title(decision.key, decision.title)]
    flags: list[Content] = [_rich(fmt.validity_chip(decision.validity))]
    if decision.needs_review:
        flags.append(Content.styled(f"  {fmt.FLAG} " + t("tui.needs_review"), "bold $warning"))
    if detail.conflicts:
        flags.append(Content.styled("  " + t("tui.in_conflict"), "bold $error"))
    parts.append(Content.assemble(*flags, "\n\n"))
    parts.append(_field(N_("tui.field.decided_on"), fmt.day(decision.decided_on)))
    parts.append(_field(N_("tui.field.validity"), word("validity", decision.validity)))
    if decision.assessment is not None:
        a = decision.assessment
        parts.append(_field(N_("tui.field.assessed"), t("tui.assessed_by", by=a.by,
                                                      on=fmt.day(a.on))))
    if decision.review_by is not None:
        parts.append(_field(N_("tui.field.review_by"), fmt.day(decision.review_by),
                            Content.styled("  " + t("tui.review_by_passed"), "bold $error")
                            if detail.review_by_passed else ""))
    parts.append(_field(N_("tui.field.care_areas"), ", ".join(decision.care_areas) or "–"))
    parts.append(_field(N_("tui.field.target_groups"), ", ".join(decision.target_groups) or "–"))
    parts.append(_field(N_("tui.field.scope"), fmt.scope_text(detail.scope)))
    parts.append(_field(N_("tui.field.visibility"), word("visibility", decision.visibility)))
    parts.append(_field(N_("tui.field.revision"), str(decision.revision)))
    for finding in detail.findings:  # as the check words them
        style = "$error" if finding.severity is riskreg.Severity.ERROR else "$warning"
        parts.append(Content.styled("\n" + finding.message(current_lang()) + "\n", style))
    parts.extend(flagged_section(detail.flagged))
    if decision.assessment is not None and decision.assessment.rationale:
        parts.append(_heading(N_("tui.field.rationale")))
        parts.append(Content(f"{decision.assessment.rationale}\n"))
    parts.append(_heading(N_("tui.detail.summary")))
    parts.append(Content(f"{decision.summary or '–'}\n"))
    parts.extend(_links_section(detail.links))
    parts.extend(notes_section(notes))
    parts.extend(history_section(history))
    return tuple(parts)


class DetailBody(Widget):
    """The detail's text, laid out at the widget's width (see :func:`lay_out`)."""

    DEFAULT_CSS = """
    DetailBody { width: 1fr; height: auto; }
    """

    doc: reactive[Doc] = reactive((), layout=True)

    def render(self) -> Content:
        return lay_out(self.doc, self.content_region.width or 80)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(lay_out(self.doc, width).wrap(width))


class DetailPane(VerticalScroll, can_focus=True):
    """A scrollable pane showing one item's details (focusable, so it scrolls by keyboard)."""

    DEFAULT_CSS = """
    DetailPane {
        background: $surface;
        padding: 0 1;
        &:focus { background-tint: $foreground 5%; }
    }
    """

    def __init__(self, placeholder: str = "", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._placeholder = placeholder
        self.shown_key: str | None = None

    def compose(self) -> ComposeResult:
        body = DetailBody(id="detail-body")
        body.doc = (Content.styled(self._placeholder, "$text-muted"),)
        yield body

    def show(self, key: str | None, doc: Doc | Content, *, keep_scroll: bool = False) -> None:
        body = self.query_one("#detail-body", DetailBody)
        body.doc = (doc,) if isinstance(doc, Content) else doc
        if key != self.shown_key or not keep_scroll:
            self.scroll_home(animate=False)
        self.shown_key = key

    def clear(self, message: str) -> None:
        self.show(None, Content.styled(message, "$text-muted"))
