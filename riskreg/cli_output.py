"""Output of the command line: aligned tables and text for people, plain JSON for scripts.

Human text takes every word from the catalogue (:mod:`riskreg.messages`); JSON
uses English field names and enum values, ISO dates, and is one document.
Nothing here imports textual or rich.
"""

from __future__ import annotations

import json
import os
import re
import sys
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from riskreg.bidi import escape_json
from riskreg.messages import translate
from riskreg.words import word

if TYPE_CHECKING:
    from riskreg.checks import Finding
    from riskreg.cli.reading import MatrixWords
    from riskreg.graph import Impact, Step
    from riskreg.matrix import LevelBand, RiskMatrix
    from riskreg.model import Category, Decision, Rating, Risk
    from riskreg.register import Register
    from riskreg.views import LinkedItem


class Rules(Protocol):
    """What a risk's JSON is computed with: a :class:`~riskreg.register.Register`, or a
    :class:`~riskreg.lookup.Lookup` (the same rules, asked of the store)."""

    @property
    def matrix(self) -> RiskMatrix: ...

    def category(self, key: str) -> Category: ...

    def value(self, risk: Risk, residual: bool = True) -> int: ...

    def level(self, risk: Risk, residual: bool = True) -> LevelBand: ...

    def next_review_due(self, risk: Risk) -> date: ...

ELLIPSIS = "…"
GAP = "  "


# --- text ---------------------------------------------------------------------


def terminal_width() -> int:
    """Columns of the terminal (COLUMNS honoured); 120 when output is not a terminal.

    What ``shutil.get_terminal_size((120, 24)).columns`` answers, without importing shutil
    (and the compression modules it brings) for every table.
    """
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):  # not a terminal (or no stdout)
            columns = 0
        columns = columns or 120
    return max(40, columns)


def clip(text: str, width: int) -> str:
    """``text`` on one line, cut to ``width`` characters with an ellipsis."""
    text = " ".join(str(text).split())
    if width <= 0:
        return ""
    return text if len(text) <= width else text[: width - 1] + ELLIPSIS


class Column(NamedTuple):
    """One column of a table: its header, alignment, and how it may shrink.

    A ``flex`` column shrinks to fit the terminal and its cells are cut with …;
    a ``wrap`` column shrinks too, but its cells continue on the next lines.
    Shrinking columns give way in ``shrink_order`` (lowest first, then left to right).
    """

    header: str
    right: bool = False
    flex: bool = False
    wrap: bool = False
    max_width: int | None = None
    min_width: int = 10
    shrink_order: int = 0


def table(
    columns: Sequence[Column], rows: Iterable[Sequence[object]], width: int | None = None
) -> str:
    """An aligned text table: header, a rule, the rows; long cells cut with … or wrapped."""
    cells = [[" ".join(str("" if c is None else c).split()) for c in row] for row in rows]
    widths = [len(c.header) for c in columns]
    for row in cells:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], len(cell))
    for i, col in enumerate(columns):
        if col.max_width is not None:
            widths[i] = max(min(widths[i], col.max_width), min(len(col.header), col.max_width))
    width = width or terminal_width()
    total = sum(widths) + len(GAP) * (len(columns) - 1)
    order = sorted(range(len(columns)), key=lambda i: (columns[i].shrink_order, i))
    for i in order:
        col = columns[i]
        if total > width and (col.flex or col.wrap):
            floor = max(min(col.min_width, widths[i]), min(len(col.header), col.min_width))
            shrunk = max(floor, widths[i] - (total - width))
            total -= widths[i] - shrunk
            widths[i] = shrunk

    def lines_of(values: Sequence[str]) -> list[str]:
        parts: list[list[str]] = []
        for value, col, w in zip(values, columns, widths, strict=True):
            if col.wrap and len(value) > w:
                # a word longer than the column is broken, not cut: nothing is lost
                parts.append(textwrap.wrap(value, w, break_on_hyphens=False) or [""])
            else:
                parts.append([clip(value, w)])
        height = max(len(p) for p in parts)
        out = []
        for n in range(height):
            line = []
            for part, col, w in zip(parts, columns, widths, strict=True):
                text = clip(part[n], w) if n < len(part) else ""
                line.append(text.rjust(w) if col.right else text.ljust(w))
            out.append(GAP.join(line).rstrip())
        return out

    out = lines_of([c.header for c in columns])
    out.append(GAP.join("-" * w for w in widths))
    for row in cells:
        out.extend(lines_of(row))
    return "\n".join(out)


def fields(pairs: Sequence[tuple[str, str]], width: int | None = None) -> str:
    """``label  value`` lines, labels aligned, long values wrapped under themselves."""
    width = width or terminal_width()
    pad = max((len(label) for label, _ in pairs), default=0) + 2
    out = []
    for label, value in pairs:
        lines = str(value).splitlines() or [""]
        wrapped: list[str] = []
        for text in lines:
            wrapped.extend(textwrap.wrap(text, max(20, width - pad)) or [""])
        out.append(f"{label.ljust(pad)}{wrapped[0]}".rstrip())
        out.extend((" " * pad + more).rstrip() for more in wrapped[1:])
    return "\n".join(out)


def bullets(items: Iterable[str], indent: int = 2, width: int | None = None) -> str:
    """A list of ``- item`` lines, wrapped with a hanging indent."""
    width = width or terminal_width()
    prefix = " " * indent + "- "
    out = []
    for item in items:
        out.append(
            textwrap.fill(" ".join(item.split()), max(30, width), initial_indent=prefix,
                          subsequent_indent=" " * len(prefix))
        )
    return "\n".join(out)


class Rendered(str):
    """A document already written as JSON by :func:`dumps_plain` (the read cache keeps list
    documents so: writing a list of them is then joining text)."""

    __slots__ = ()


_FRAGMENT = "\x00riskreg-rendered-{}\x00"
_FRAGMENT_FOUND = re.compile(r'"\\u0000riskreg-rendered-(\d+)\\u0000"')


def dumps(doc: Any) -> str:
    """One JSON document: UTF-8 text as is (å, ä, ö), ISO dates, indented; bidi controls in
    stored text written as escapes (the same JSON value, nothing turned around on screen).

    A list at the top of ``doc`` may hold :class:`Rendered` documents: they are written as
    they are, indented for their place, giving the text ``doc`` as documents would give.
    """
    fragments: list[str] = []
    if isinstance(doc, dict) and any(
            isinstance(v, list) and v and isinstance(v[0], Rendered) for v in doc.values()):
        doc = dict(doc)
        for name, value in doc.items():
            if isinstance(value, list) and value and isinstance(value[0], Rendered):
                doc[name] = [_FRAGMENT.format(len(fragments) + i) for i in range(len(value))]
                fragments.extend(value)
    text = dumps_plain(doc)
    if fragments:  # items of a list at the top: two levels in, two spaces each
        text = _FRAGMENT_FOUND.sub(
            lambda m: fragments[int(m.group(1))].replace("\n", "\n    "), text)
    return escape_json(text)


def dumps_plain(doc: Any) -> str:
    """``doc`` as JSON text, indented, bidi controls as they are (see :func:`dumps`)."""
    return json.dumps(doc, ensure_ascii=False, indent=2, default=_json_default)


def _json_default(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (set, frozenset, tuple)):
        return sorted(value) if isinstance(value, (set, frozenset)) else list(value)
    return str(value)


# --- words ----------------------------------------------------------------------


def step_text(step: Step, lang: str) -> str:
    """``R-004 mildras av KL-2022-07``."""
    return f"{step.source} {word('relation', step.relation, lang)} {step.target}"


def link_key_text(key: str, lang: str) -> str:
    """A history key: ``R-001`` as is, a link ``R-001|mitigated_by|KL-2021-04`` in words."""
    from riskreg.words import link_words

    return link_words(key, lang)


def path_text(path: Sequence[Step], lang: str) -> str:
    """The chain of links from the affected item back to the one that changed."""
    return "; ".join(step_text(step, lang) for step in reversed(path))


def rating_text(words: MatrixWords, rating: Mapping[str, Any], lang: str) -> str:
    """``3 × 4 = 12 (Mycket hög): sannolikhet Stor, konsekvens Katastrofal`` (a rating as
    :func:`rating_json` gives it)."""
    likelihood, impact = rating["likelihood"], rating["impact"]
    return translate(
        "cli.rating", lang,
        likelihood=likelihood, impact=impact, value=rating["value"],
        level=words.band_label(rating["level"], lang),
        likelihood_name=words.likelihood_name(likelihood, lang),
        impact_name=words.impact_name(impact, lang),
    )


def scope_text(scope: Mapping[str, Any], lang: str) -> str:
    """Whom an item concerns, as stored (``{"kind": ..., "names": [...]}``), in words."""
    return word("scope", scope["kind"], lang, names=", ".join(scope["names"]))


def changed_fields(change: Mapping[str, Any]) -> list[str]:
    """Which top-level fields a change (a history entry) touched, by name (none for additions
    and removals)."""
    from riskreg.words import changed_fields as fields

    return fields(change.get("before"), change.get("after"))


def change_text(change: Mapping[str, Any], lang: str) -> tuple[str, str]:
    """A history entry's changed fields and its why, in words (see
    :func:`riskreg.words.change_why`)."""
    from riskreg.words import change_why, field_words

    fields = ", ".join(field_words(changed_fields(change), lang))
    why = change_why(change["action"], change.get("why") or "", change.get("before"),
                     change.get("after"), lang)
    return fields, why


def local_time(change: Mapping[str, Any]) -> str:
    """When a change was made, in the local time zone, to the minute."""
    return str(change["at"].astimezone().strftime("%Y-%m-%d %H:%M"))


# --- JSON shapes --------------------------------------------------------------------


def rating_json(reg: Rules, rating: Rating | None) -> dict[str, Any] | None:
    if rating is None:
        return None
    return {
        "likelihood": rating.likelihood,
        "impact": rating.impact,
        "value": reg.matrix.value(rating),
        "level": reg.matrix.level(rating).key,
    }


def risk_json(reg: Rules, risk: Risk, *, links: Sequence[LinkedItem] | None = None
               ) -> dict[str, Any]:
    """A risk with what the register computes from it (value, level, next review); with
    ``links`` (as :func:`riskreg.views.linked_items` lists them) as ``risk show`` gives it."""
    from riskreg.errors import NotFoundError
    from riskreg.serialize import to_doc

    doc: dict[str, Any] = to_doc(risk)
    doc["inherent"] = rating_json(reg, risk.inherent)
    doc["residual"] = rating_json(reg, risk.residual)
    doc["actions"] = [{"number": i, **a} for i, a in enumerate(doc["actions"], 1)]
    try:
        doc["area_name"] = reg.category(risk.area).name
    except NotFoundError:
        doc["area_name"] = None
    doc["value"] = reg.value(risk)
    doc["level"] = reg.level(risk).key
    doc["high"] = reg.level(risk).is_high
    doc["recognition"] = risk.recognition
    doc["needs_review"] = risk.needs_review
    doc["next_review_due"] = reg.next_review_due(risk).isoformat()
    if links is not None:
        doc["links"] = links_json(links)
    return doc


def decision_json(decision: Decision, *, links: Sequence[LinkedItem] | None = None
                  ) -> dict[str, Any]:
    """A decision as stored, with whether it needs review; with ``links`` as ``decision
    show`` gives it."""
    from riskreg.serialize import to_doc

    doc: dict[str, Any] = to_doc(decision)
    doc["needs_review"] = decision.needs_review
    if links is not None:
        doc["links"] = links_json(links)
    return doc


def links_json(items: Sequence[LinkedItem]) -> list[dict[str, Any]]:
    """The items linked to one, each with its title and state (:class:`LinkedItem`)."""
    out = []
    for item in items:
        entry: dict[str, Any] = {
            "key": item.key,
            "relation": str(item.relation),
            "direction": "outgoing" if item.outgoing else "incoming",
            "note": item.note,
            "kind": str(item.kind),
            "title": item.title,
        }
        if item.band is None:
            entry["validity"] = str(item.validity)
        else:
            entry.update(value=item.value, level=item.band.key, status=str(item.status))
        out.append(entry)
    return out


def _other_json(reg: Register, key: str) -> dict[str, Any]:
    from riskreg.model import Decision

    item = reg.get(key)
    if isinstance(item, Decision):
        return {"kind": "decision", "title": item.title, "validity": str(item.validity)}
    return {"kind": "risk", "title": item.title, "value": reg.value(item),
            "level": reg.level(item).key, "status": str(item.status)}


def change_json(change: Mapping[str, Any], *, full: bool = True) -> dict[str, Any]:
    """A history entry (``at`` a datetime) as ``history --json`` gives it."""
    doc: dict[str, Any] = {
        "seq": change["seq"],
        "at": change["at"].isoformat(),
        "user": change["user"],
        "action": change["action"],
        "key": change["key"],
        "why": change["why"],
        "fields": changed_fields(change),
    }
    if full:
        doc["before"] = change.get("before")
        doc["after"] = change.get("after")
    return doc


def step_json(step: Step) -> dict[str, str]:
    return {"source": step.source, "relation": str(step.relation), "target": step.target}


def finding_json(finding: Finding, lang: str) -> dict[str, Any]:
    """A finding as ``check --json`` lists it."""
    return {"severity": str(finding.severity), "code": finding.code, "key": finding.key,
            "message": finding.message(lang), "params": finding.params,
            "path": [step_json(s) for s in finding.path]}


def impact_json(reg: Register, impact: Impact) -> dict[str, Any]:
    """An affected item: its most telling effect and path, and every effect (one per link)."""
    doc: dict[str, Any] = {
        "key": impact.key,
        "kind": str(impact.kind),
        "effect": impact.effect,
        "depth": impact.depth,
        "path": [step_json(s) for s in impact.path],
        "effects": [{"effect": e.effect, "path": [step_json(s) for s in e.path]}
                    for e in impact.effects],
    }
    other = _other_json(reg, impact.key)
    other.pop("kind", None)
    doc.update(other)
    return doc
