"""Changes and paths in words, for the Markdown, HTML and tabular reports.

:func:`field_change` says what became of one field of a changed item (its label, the
value before and the value after, or a description of the difference when a list
changed); :func:`path_words` the chain of links from a changed decision to an item it
reaches. Values are formatted as the report shows them elsewhere (level names, status
words, area names, scope in words); long texts are cut to the part that changed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from riskreg.graph import Step
from riskreg.messages import N_
from riskreg.report.model import FieldChange, Report
from riskreg.report.text import Words

#: The label of each field a change names (catalogue keys).
LABELS = {
    "title": N_("report.field.title"), "area": N_("report.field.area"),
    "inherent": N_("report.field.inherent"), "residual": N_("report.field.residual"),
    "owner": N_("report.field.owner"), "description": N_("report.field.description"),
    "consequences": N_("report.field.consequences"), "actions": N_("report.field.actions"),
    "scope": N_("report.field.scope"), "reported_by": N_("report.field.recognition"),
    "summary": N_("report.field.summary"), "decided_on": N_("report.field.decided_on"),
    "review_by": N_("report.field.review_by"), "target_groups": N_("report.field.target_groups"),
    "care_areas": N_("report.field.care_areas"), "assessment": N_("report.field.assessment"),
}
SHORT = 60  # characters of text shown whole; longer text is cut to what changed
CONTEXT = 18  # characters kept on each side of a change in a long text


def field_change(change: FieldChange, report: Report, w: Words) -> tuple[str, str, str]:
    """``(label, before, after)``: ``before`` is "" when ``after`` describes the difference
    (a list with items added and removed, the actions)."""
    label = w(LABELS.get(change.field, N_("report.field.change")))
    before, after = change.before, change.after
    name = change.field
    if name in ("inherent", "residual"):
        return label, _rating(before, report, w), _rating(after, report, w)
    if name == "area":
        areas = {a.key: a.name for a in report.areas}
        return label, areas.get(str(before), str(before)), areas.get(str(after), str(after))
    if name == "scope":
        return label, _scope(before, w), _scope(after, w)
    if name == "reported_by":
        return label, str(len(before or ())), str(len(after or ()))
    if name == "actions":
        return label, "", _actions(before or [], after or [], w)
    if name == "assessment":
        old, new = before or {}, after or {}
        texts = excerpts(str(old.get("rationale", "")), str(new.get("rationale", "")))
        return (label, _dated(old.get("on"), texts[0]), _dated(new.get("on"), texts[1]))
    if isinstance(before, list) or isinstance(after, list):
        old_items, new_items = [str(x) for x in before or []], [str(x) for x in after or []]
        if len(", ".join(old_items)) + len(", ".join(new_items)) <= 2 * SHORT:
            return label, ", ".join(old_items) or "–", ", ".join(new_items) or "–"
        added = [x for x in new_items if x not in old_items]
        dropped = [x for x in old_items if x not in new_items]
        parts = ([w("report.changes.added", items="; ".join(added))] if added else []) + (
            [w("report.changes.dropped", items="; ".join(dropped))] if dropped else [])
        return label, "", "; ".join(parts) or w("report.changes.order")
    if before is None or after is None or name in ("decided_on", "review_by"):
        return label, str(before or "–"), str(after or "–")
    old_text, new_text = excerpts(str(before), str(after))
    return label, old_text, new_text


def excerpts(before: str, after: str) -> tuple[str, str]:
    """Two texts as shown in a change: whole when short, else the part that differs with a
    little context, cut with "…" (the same cut in both)."""
    if len(before) <= SHORT and len(after) <= SHORT:
        return before or "–", after or "–"
    start = 0
    while start < min(len(before), len(after)) and before[start] == after[start]:
        start += 1
    end = 0
    while (end < min(len(before), len(after)) - start
           and before[-1 - end] == after[-1 - end]):
        end += 1
    begin = max(0, start - CONTEXT)
    # whole words: back to the space before the context
    space = before.rfind(" ", 0, begin + 1)
    begin = space + 1 if begin and space >= 0 and begin - space < CONTEXT else begin

    def cut(text: str) -> str:
        stop = min(len(text), len(text) - end + CONTEXT)
        middle = text[begin:stop]
        if len(middle) > 3 * SHORT:
            middle = middle[: 3 * SHORT].rstrip() + "…"
        return ("…" if begin else "") + middle + ("…" if stop < len(text) else "") or "–"

    return cut(before), cut(after)


def path_words(path: Sequence[Step], w: Words) -> str:
    """``R-019 mildras av KL-2022-07 → R-019 förvärrar R-023``: the links from the changed
    decision to the item, in order."""
    return " → ".join(s.source + " " + w.word("relation", s.relation) + " " + s.target
                      for s in path)


def _rating(value: Any, report: Report, w: Words) -> str:
    if not isinstance(value, list) or len(value) != 2:
        return "–"
    from riskreg.model import Rating

    likelihood, impact = int(value[0]), int(value[1])
    score = report.matrix.value(Rating(likelihood, impact))
    return f"{likelihood} × {impact} = {score} ({w.level(report.matrix.band_for(score))})"


def _scope(value: Any, w: Words) -> str:
    from riskreg.model import Scope
    from riskreg.serialize import from_doc

    if not isinstance(value, Mapping):
        return "–"
    return w.scope(from_doc(dict(value), Scope))


def _dated(on: Any, text: str) -> str:
    return f"{on}: {text}" if on else text


def _actions(before: list[Any], after: list[Any], w: Words) -> str:
    """What happened to the actions: new ones, removed ones, a changed status."""
    def short(action: Any) -> str:
        whole = str(action.get("text", "")) if isinstance(action, Mapping) else str(action)
        return whole if len(whole) <= SHORT else whole[:SHORT].rstrip() + "…"

    old = {str(a.get("text", "")): a for a in before if isinstance(a, Mapping)}
    new = {str(a.get("text", "")): a for a in after if isinstance(a, Mapping)}
    parts = []
    for key, action in new.items():
        if key not in old:
            parts.append(w("report.changes.action_new", text=short(action)))
        elif old[key].get("status") != action.get("status"):
            parts.append(w("report.changes.action_status", text=short(action),
                           before=w.action(old[key].get("status")),
                           after=w.action(action.get("status"))))
        elif old[key] != action:
            parts.append(w("report.changes.action_changed", text=short(action)))
    parts += [w("report.changes.action_removed", text=short(a))
              for key, a in old.items() if key not in new]
    return "; ".join(parts) or w("report.changes.order")


__all__ = ["LABELS", "excerpts", "field_change", "path_words"]
