"""HTML and Markdown reports from jinja2 templates shipped with the package.

HTML is autoescaped (jinja2's ``autoescape``) and self-contained: inline CSS, no
script, no external reference, a Content-Security-Policy that forbids any fetch. Every
value someone typed is isolated in ``<bdi>`` (the templates' ``bdi`` filter, and
:meth:`HtmlWords.user` inside messages), so a right-to-left title or a stray override
cannot turn the generated text after it around; bidi controls are dropped everywhere.
Markdown escapes every value through the environment's ``finalize`` hook, so no
template expression can put markup, HTML or a link into the text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING, Any

from riskreg.bidi import neutral
from riskreg.matrix import LevelBand
from riskreg.messages import N_
from riskreg.model import Validity
from riskreg.report.model import Report
from riskreg.report.text import HtmlWords, Words, band_colour, bdi, md_block, md_inline

if TYPE_CHECKING:
    import jinja2

DECISION_SECTIONS = (
    (Validity.APPLIES, N_("report.section.applies"), N_("report.intro.applies")),
    (Validity.UNCERTAIN, N_("report.section.uncertain"), N_("report.intro.uncertain")),
    (Validity.SUSPENDED, N_("report.section.suspended"), N_("report.intro.suspended")),
    (Validity.UNREVIEWED, N_("report.section.unreviewed"), ""),
)


class Md(str):
    """Markdown already escaped (passes the environment's finalize unchanged)."""

    __slots__ = ()


def _md_finalize(value: Any) -> Any:
    if isinstance(value, Md):
        return value
    if value is None:
        return ""
    return md_inline(value)


@cache
def _environment(kind: str) -> jinja2.Environment:
    import jinja2

    common: dict[str, Any] = dict(
        loader=jinja2.PackageLoader("riskreg.report", "templates"),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    if kind == "html":
        env = jinja2.Environment(autoescape=True, finalize=_html_finalize, **common)
        env.filters["bdi"] = bdi
        return env
    return jinja2.Environment(autoescape=False, finalize=_md_finalize, **common)


def _html_finalize(value: Any) -> Any:
    """Every value shown in HTML loses its bidi controls (typed text is also isolated by the
    templates' ``bdi`` filter; this catches the rest, attributes and the window title too)."""
    from markupsafe import Markup

    if isinstance(value, str) and not isinstance(value, Markup):
        return neutral(value)
    return value


def comparison(report: Report, w: Words) -> str:
    """The line of the stamp that says what this edition is compared with."""
    previous = report.stamp.previous
    if previous is None:
        return w("report.stamp.first", name=w.user(report.recipient.name))
    at = w.when(previous.at)
    if report.changes.count:
        return str(w.tn("report.stamp.changes", "report.stamp.changes.plural", report.changes.count,
                   number=previous.number, at=at))
    return w("report.stamp.no_changes", number=previous.number, at=at)


def change_groups(report: Report, w: Words) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """The changes as titled groups of (key, title, note)."""
    c = report.changes
    title = report.title_of
    groups: list[tuple[str, list[tuple[str, str, str]]]] = [
        (w("report.changes.risks_new"), [(k, title(k), "") for k in c.risks_new]),
        (w("report.changes.risks_changed"), [
            (x.key, title(x.key), _risk_change_note(x.status_before, x.status_after,
                                                    x.value_before, x.value_after, w,
                                                    told=bool(c.fields_of(x.key))))
            for x in c.risks_changed
        ]),
        (w("report.changes.risks_closed"), [(k, title(k), "") for k in c.risks_closed]),
        (w("report.changes.risks_removed"), [(k, "", "") for k in c.risks_removed]),
        (w("report.changes.decisions_new"), [(k, title(k), "") for k in c.decisions_new]),
        (w("report.changes.decisions_validity"), [
            (x.key, title(x.key), f"{w.validity(x.before)} → {w.validity(x.after)}")
            for x in c.decisions_validity
        ]),
        (w("report.changes.decisions_changed"), [
            (k, title(k), "" if c.fields_of(k) else w("report.changes.content"))
            for k in c.decisions_changed
        ]),
        (w("report.changes.decisions_removed"), [(k, "", "") for k in c.decisions_removed]),
    ]
    return [(label, rows) for label, rows in groups if rows]


def sections(report: Report, w: Words) -> list[tuple[str, Any, int | None]]:
    """The report's sections in the order it shows them, as ``(id, title, count)``: what
    needs the reader first (what changed, what to look at again, what is being assessed and
    by when, exposed risks, conflicts), then the rest. The table of contents."""
    org = w.user(report.recipient.name)
    c = report.changes
    found: list[tuple[str, Any, int | None]] = []
    if c.count:
        found.append(("changes", w("report.section.changes"), c.count))
    if c.review:
        found.append(("review", w("report.section.review"), len(c.review)))
    found += [
        ("uncertain", w("report.section.uncertain_first"), len(report.uncertain)),
        ("exposed", w("report.section.exposed"), len(report.exposed)),
        ("conflicts", w("report.section.conflicts"), len(report.conflicts)),
        ("risks", w("report.section.risks", name=org), len(report.open_risks)),
        ("decisions", w("report.section.decisions"), len(report.decisions)),
        ("reported", w("report.section.reported", name=org), len(report.reported_risks)),
    ]
    if report.closed_risks:
        found.append(("closed", w("report.section.closed"), len(report.closed_risks)))
    return found


def figures(report: Report, w: Words) -> list[tuple[str, int, str, str]]:
    """The summary figures, each with the section it leads to: ``(id, n, label, extra)``."""
    found: list[tuple[str, int, str, str]] = []
    c = report.changes
    # always there (0 for a first edition: the stamp says it is one), so two exports of the
    # same content differ in their stamps alone
    found.append(("changes" if c.count else "summary", c.count, w("report.summary.changes"), ""))
    first = next((d.decision for d in report.uncertain if d.decision.review_by), None)
    due = ""
    if first is not None and first.review_by is not None:
        due = w("report.summary.next_due", date=w.date(first.review_by))
        if report.overdue(first):
            due += ", " + w("report.overdue")
    found += [
        ("uncertain", len(report.uncertain), w("report.summary.uncertain"), due),
        ("exposed", len(report.exposed), w("report.summary.exposed"), ""),
        ("conflicts", len(report.conflicts), w("report.summary.conflicts"), ""),
        ("risks", len(report.open_risks), w("report.summary.open_risks"), ""),
        ("reported", len(report.reported_risks), w("report.summary.reported"), ""),
        ("applies", len(report.decisions_with(Validity.APPLIES)),
         w("report.summary.applies"), ""),
    ]
    return found


def change_details(report: Report, w: Words, key: str) -> list[tuple[str, str, str]]:
    """The fields that changed in ``key``: ``(label, before, after)`` (see
    :func:`riskreg.report.wording.field_change`)."""
    from riskreg.report.wording import field_change

    return [field_change(f, report, w) for f in report.changes.fields_of(key)]


def details_text(report: Report, w: Words, key: str) -> str:
    """The same as one line of text (for the tables)."""
    return "; ".join(f"{label}: {before} → {after}" if before else f"{label}: {after}"
                     for label, before, after in change_details(report, w, key))


def review_rows(report: Report, w: Words) -> list[tuple[Any, str]]:
    """What to look at again since a decision changed, each with its chain of links."""
    from riskreg.report.wording import path_words

    return [(item, path_words(item.path, w)) for item in report.changes.review]


def _risk_change_note(status_before: str, status_after: str, value_before: int,
                      value_after: int, w: Words, *, told: bool = False) -> str:
    """Status and value before → after; "the content changed" when neither changed and the
    fields that did are not ``told`` beside it."""
    notes = []
    if status_before != status_after:
        notes.append(w("report.changes.status", before=w.status(status_before),
                       after=w.status(status_after)))
    if value_before != value_after:
        notes.append(w("report.changes.value", before=value_before, after=value_after))
    return "; ".join(notes) or ("" if told else w("report.changes.content"))


def _context(report: Report, w: Words) -> dict[str, Any]:
    matrix = report.matrix
    bands: dict[int, dict[int, LevelBand]] = {
        step: {i: matrix.band_for(step * i) for i in range(1, len(matrix.impact) + 1)}
        for step in range(1, len(matrix.likelihood) + 1)
    }
    return {
        "r": report, "w": w, "org": report.recipient, "stamp": report.stamp,
        "changes": report.changes, "comparison": comparison(report, w),
        "change_groups": change_groups(report, w), "decision_sections": DECISION_SECTIONS,
        "sections": sections(report, w), "figures": figures(report, w),
        "details": lambda key: change_details(report, w, key),
        "review": review_rows(report, w),
        "colour": band_colour, "bands": bands, "cells": report.matrix_cells(),
        "likelihoods": len(matrix.likelihood), "impacts": len(matrix.impact),
        "block": lambda text, indent="": Md(md_block(text, indent)),
    }


def _fragment_key(item: Any, report: Report, w: Words) -> tuple[Any, ...]:
    """What a risk's or decision's block depends on besides the item itself."""
    reported = getattr(item, "reported", False)
    return (w.lang, item.key, reported and report.recipient.name,
            getattr(item, "mitigations", ()), item.change)


_MARK, _LINKS = "\x00mark\x00", "\x00links\x00"  # models refuse control characters


class _Fragments:
    """Blocks of risks and decisions, reused for every recipient that sees the same block.

    A risk's block is rendered once (``risk.<ext>.j2``, the same for all recipients);
    the parts that depend on the recipient (its change mark; how many parties report
    the risk and whether the recipient is one; the mitigating decisions it may see)
    come from the macros of ``risk_parts.<ext>.j2``. On a large register this is
    most of the rendering time saved.
    """

    def __init__(self, kind: str, wrap: Any) -> None:
        self.kind = kind
        self.wrap = wrap
        self.static: dict[tuple[str, str], str] = {}
        self.cache: dict[tuple[Any, ...], Any] = {}

    def risk(self, item: Any, report: Report, w: Words, context: dict[str, Any]) -> Any:
        key = ("risk", *_fragment_key(item, report, w))
        found = self.cache.get(key)
        if found is None:
            env = _environment(self.kind)
            static = self.static.get((w.lang, item.key))
            if static is None:
                static = env.get_template(f"risk.{self.kind}.j2").render(
                    {**context, "entry": item.entry, "mark": self.wrap(_MARK),
                     "links": self.wrap(_LINKS)})
                self.static[(w.lang, item.key)] = static
            parts = env.get_template(f"risk_parts.{self.kind}.j2").module
            mark = str(parts.mark(item, w))  # type: ignore[attr-defined]
            links = str(parts.links(item, report.recipient, w))  # type: ignore[attr-defined]
            text = static.replace(_MARK, mark).replace(_LINKS, links.strip("\n"))
            found = self.cache[key] = self.wrap(text.strip("\n"))
        return found

    def decision(self, item: Any, report: Report, w: Words, context: dict[str, Any]) -> Any:
        key = ("decision", *_fragment_key(item, report, w))
        found = self.cache.get(key)
        if found is None:
            text = _environment(self.kind).get_template(f"decision.{self.kind}.j2").render(
                {**context, "item": item})
            found = self.cache[key] = self.wrap(text.strip("\n"))
        return found

    def lines(self, name: str, items: Any, report: Report, w: Words) -> Any:
        """A list's lines (macro ``name`` of ``lines.<ext>.j2``), each made once per variant."""
        module: Any = _environment(self.kind).get_template(f"lines.{self.kind}.j2").module
        macro = getattr(module, name)
        out = []
        for item in items:
            key = (name, w.lang, item.key, getattr(item, "change", None),
                   getattr(item, "mitigations", ()))
            found = self.cache.get(key)
            if found is None:
                found = self.cache[key] = str(macro(item, report, w))
            out.append(found)
        return self.wrap("\n".join(out))

    def areas(self, report: Report, w: Words, context: dict[str, Any],
              separator: str) -> list[tuple[Any, list[Any], Any]]:
        """Each area with its open risks and their blocks joined."""
        return [
            (area, items, self.wrap(separator.join(self.risk(i, report, w, context)
                                                   for i in items)))
            for area, items in report.risks_by_area()
        ]


class HtmlRenderer:
    """Renders HTML reports; one instance per export keeps its block cache."""

    def __init__(self) -> None:
        from markupsafe import Markup

        self._fragments = _Fragments("html", Markup)

    def __call__(self, report: Report, words: Words) -> str:
        w = _html_words(words)
        context = _context(report, w)
        context["decision_html"] = lambda item: self._fragments.decision(item, report, w, context)
        context["risk_blocks"] = self._fragments.areas(report, w, context, "\n")
        context["lines"] = lambda name, items: self._fragments.lines(name, items, report, w)
        return _environment("html").get_template("report.html.j2").render(context)


class MarkdownRenderer:
    """Renders Markdown reports; one instance per export keeps its block cache."""

    def __init__(self) -> None:
        self._fragments = _Fragments("md", Md)

    def __call__(self, report: Report, w: Words) -> str:
        context = _context(report, w)
        context["decision_md"] = lambda item: self._fragments.decision(item, report, w, context)
        context["risk_blocks"] = self._fragments.areas(report, w, context, "\n\n")
        context["lines"] = lambda name, items: self._fragments.lines(name, items, report, w)
        return _tidy(_environment("md").get_template("report.md.j2").render(context))


def _html_words(w: Words) -> HtmlWords:
    return w if isinstance(w, HtmlWords) else HtmlWords(w.lang, w.matrix, w.names)


def render_html(report: Report, w: Words) -> str:
    """One HTML report (without reusing blocks across reports: see :class:`HtmlRenderer`)."""
    return HtmlRenderer()(report, w)


def render_markdown(report: Report, w: Words) -> str:
    return MarkdownRenderer()(report, w)


def render_index(
    rows: Sequence[dict[str, Any]], w: Words, *, edition: int, generated_at: datetime,
    generated_by: str, register_name: str, register_hash: str, recorded: bool,
) -> str:
    return _environment("html").get_template("index.html.j2").render(
        w=_html_words(w), rows=rows, edition=edition, generated_at=generated_at,
        generated_by=generated_by, register_name=register_name, register_hash=register_hash,
        recorded=recorded,
    )


_BLANKS = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")


def _tidy(text: str) -> str:
    """At most one blank line in a row, one final newline (values are escaped to one line
    each, so no line ends in spaces)."""
    return _BLANKS.sub("\n\n", text).strip("\n") + "\n"
