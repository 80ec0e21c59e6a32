"""How values look on screen: chips for levels and validity, dates, ratings, relation labels.

Only presentation lives here; every value shown (level, value, validity,
relation) comes from the library.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.color import Color
from textual.filter import LineFilter

import riskreg
from riskreg.bidi import find, neutral
from tui.i18n import N_, current_lang, t, word

# The matrix names its band colours; these are the shades used for them (readable in light and
# dark themes, black text on top).
BAND_SHADES = {
    "green": "#66bb6a",
    "yellow": "#fdd835",
    "orange": "#ffa726",
    "red": "#ef5350",
}
VALIDITY_SHADES = {
    riskreg.Validity.APPLIES: "#66bb6a",
    riskreg.Validity.UNCERTAIN: "#fdd835",
    riskreg.Validity.SUSPENDED: "#ef9a9a",
    riskreg.Validity.UNREVIEWED: "#bdbdbd",
}
SEVERITY_SHADES = {
    riskreg.Severity.ERROR: "#ef5350",
    riskreg.Severity.WARNING: "#fdd835",
    riskreg.Severity.INFO: "#90caf9",
}
FLAG = "⚑"
ALERT = "!"
FLAG_STYLE = "bold #ffa726"
ALERT_STYLE = "bold #ef5350"


def review_flag() -> Text:
    """The mark of an item flagged for review, in words: "⚑ granska"."""
    return Text(f"{FLAG} " + t("tui.flag.review"), style=FLAG_STYLE, end="")


#: what can need attention on a decision, most serious first, and its word
DECISION_ALERTS = {"conflict": N_("tui.flag.conflict"),
                   "review_by_passed": N_("tui.flag.review_by_passed"),
                   "superseded": N_("tui.flag.superseded")}


def decision_flags(row: riskreg.views.DecisionRow) -> Text:
    """What needs attention on a decision, in words: the most serious ("! konflikt",
    "! försenad", "! ersatt", then "⚑ granska") and how many more ("+1"); the detail
    lists them all."""
    alerts = [name for name, on in zip(DECISION_ALERTS, (
        row.in_conflict, row.review_by_passed, row.superseded_applies), strict=True) if on]
    marks = [(ALERT, t(DECISION_ALERTS[name]), ALERT_STYLE) for name in alerts]
    if row.decision.needs_review:
        marks.append((FLAG, t("tui.flag.review"), FLAG_STYLE))
    if not marks:
        return Text(end="")
    mark, words, style = marks[0]
    text = Text(f"{mark} {words}", style=style, end="")
    if len(marks) > 1:
        text.append(f" +{len(marks) - 1}", style="bold")
    return text


def decision_flags_width() -> int:
    """How wide the widest :func:`decision_flags` is, in the app's language."""
    words = [t(key) for key in (*DECISION_ALERTS.values(), N_("tui.flag.review"))]
    return max(cell_len(f"! {w} +{len(words) - 1}") for w in words)


def shade(colour: str) -> str:
    return BAND_SHADES.get(colour, colour)


def chip_style(colour: str) -> str:
    """A Textual/Rich style string: black text on the colour."""
    return f"#000000 on {colour}"


def band_label(band: riskreg.LevelBand) -> str:
    return band.label(current_lang())


def _chip(label: str, colour: str) -> Text:
    # the colour is a span, so padding added around the chip (table cells) stays uncoloured
    text = Text(end="")
    text.append(f" {label} ", style=Style.parse(chip_style(colour)))
    return text


def band_chip(band: riskreg.LevelBand, value: int | None = None) -> Text:
    label = band_label(band) if value is None else f"{band_label(band)} {value}"
    return _chip(label, shade(band.colour))


def band_chip_width(matrix: riskreg.RiskMatrix) -> int:
    """How wide the widest level chip of ``matrix`` is ("Mycket hög 16" and its padding): a
    column of levels this wide never cuts a value."""
    top = matrix.value(riskreg.Rating(len(matrix.likelihood), len(matrix.impact)))
    return max(cell_len(f" {band_label(b)} {top} ") for b in matrix.bands)


def validity_chip_width() -> int:
    """How wide the widest validity chip is, in the app's language."""
    return max(cell_len(f" {word('validity', v)} ") for v in riskreg.Validity)


def validity_chip(validity: riskreg.Validity) -> Text:
    return _chip(word("validity", validity), VALIDITY_SHADES[validity])


def severity_chip(severity: riskreg.Severity) -> Text:
    return _chip(word("severity", severity), SEVERITY_SHADES[severity])


def day(value: date | None) -> str:
    return value.isoformat() if value else "–"


def moment(value: datetime) -> str:
    """A history timestamp (UTC, minutes)."""
    return value.strftime("%Y-%m-%d %H:%M")


def yes_no(value: bool) -> str:
    return t("yes") if value else t("no")


def scale_step(matrix: riskreg.RiskMatrix, what: str, step: int) -> str:
    """"3 – Stor": a step of the likelihood or impact scale with its name."""
    name = (matrix.likelihood_name(step, current_lang()) if what == "likelihood"
            else matrix.impact_name(step, current_lang()))
    return f"{step} – {name}"


def rating_text(matrix: riskreg.RiskMatrix, rating: riskreg.Rating) -> str:
    lang = current_lang()
    return t("tui.rating", likelihood=matrix.likelihood_name(rating.likelihood, lang),
             impact=matrix.impact_name(rating.impact, lang))


#: a history entry's action, as the UI says who did it ("lade till", "added")
CHANGE_ACTIONS = {
    "add": N_("tui.change.add"),
    "update": N_("tui.change.update"),
    "review": N_("tui.change.review"),
    "remove": N_("tui.change.remove"),
    "assess": N_("tui.change.assess"),
    "flag": N_("tui.change.flag"),
    "link": N_("tui.change.link"),
    "unlink": N_("tui.change.unlink"),
    "submit": N_("tui.change.submit"),
    "withdraw": N_("tui.change.withdraw"),
    "take": N_("tui.change.take"),
    "recognise": N_("tui.change.recognise"),
    "action_status": N_("tui.change.action_status"),
    "note": N_("tui.change.note"),
    "propose_acceptance": N_("tui.change.propose_acceptance"),
    "approve_acceptance": N_("tui.change.approve_acceptance"),
    "reject_acceptance": N_("tui.change.reject_acceptance"),
    "lapse": N_("tui.change.lapse"),
    "export": N_("tui.change.export"),
    "export_complete": N_("tui.change.export_complete"),
    "undo": N_("tui.change.undo"),
    "contact_add": N_("tui.change.contact_add"),
    "contact_update": N_("tui.change.contact_update"),
    "contact_remove": N_("tui.change.contact_remove"),
    "delivery": N_("tui.change.delivery"),
}


def change_action(action: str) -> str:
    """A history entry's action in words."""
    return t(CHANGE_ACTIONS[action])


def relation_label(relation: riskreg.Relation, outgoing: bool) -> str:
    return word("relation" if outgoing else "relation.rev", relation)


def path_text(path: Sequence[riskreg.Step]) -> str:
    """A chain of links as the impact preview shows it: "R-019 mildras av KL-2022-07 →
    R-019 förvärrar R-023"."""
    return " → ".join(f"{s.source} {relation_label(s.relation, True)} {s.target}"
                      for s in path)


def scope_text(scope: riskreg.views.ScopeView) -> str:
    return word("scope", scope.kind, names=", ".join(scope.names))


def clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


class NoBidiControls(LineFilter):
    """Drops bidi controls from every line drawn: a terminal, like a browser, would let a
    right-to-left override in a stored title turn the rest of the row around. The controls
    take no cells, so the layout stays as computed."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        if not any(find(s.text) for s in segments):
            return segments
        return [Segment(neutral(s.text), s.style, s.control) if find(s.text) else s
                for s in segments]
