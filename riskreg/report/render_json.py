"""The JSON report: the full structured report, described by ``report.schema.json``.

Machine values are the register's own (English enum values, ISO dates, keys);
every value meant for people also comes with its label in the report's
language (``*_name``). The edition stamp is the ``edition`` member; nothing
else differs between two exports of the same content. Bidi controls in stored text are
written as ``\\u202e`` escapes (the value is kept, no editor or terminal turns text around).
"""

from __future__ import annotations

import json
from typing import Any

from riskreg.bidi import escape_json
from riskreg.model import Scope
from riskreg.report.model import Report, RiskItem
from riskreg.report.render_text import comparison
from riskreg.report.text import Words, band_colour
from riskreg.report.wording import field_change, path_words

SCHEMA_ID = "https://riskreg.invalid/schema/report-1.json"  # an identifier, never fetched
SCHEMA_VERSION = "riskreg.report/1"


def report_doc(report: Report, w: Words, *, items: bool = True) -> dict[str, Any]:
    """The report as plain JSON-able data (``items=False``: without decisions and risks)."""
    org = report.recipient
    stamp = report.stamp
    matrix = report.matrix
    c = report.changes
    return {
        "schema": SCHEMA_VERSION,
        "lang": w.lang,
        "recipient": {"code": org.code, "name": org.name, "association": org.association,
                      "care_area": org.care_area},
        "register": {"name": report.register_name, "content_hash": report.register_hash},
        "edition": {
            "number": stamp.edition,
            "generated_at": stamp.generated_at.isoformat(),
            "generated_by": stamp.generated_by,
            "recorded": stamp.recorded,
            "previous": None if stamp.previous is None else {
                "number": stamp.previous.number, "generated_at": stamp.previous.at.isoformat()},
            "comparison": comparison(report, w),
        },
        "summary": {
            "open_risks": len(report.open_risks),
            "closed_risks": len(report.closed_risks),
            "reported_risks": len(report.reported_risks),
            "exposed": len(report.exposed),
            "conflicts": len(report.conflicts),
            "changes": c.count,
            "risks_by_level": [{"level": b.key, "name": w.level(b), "count": n}
                               for b, n in report.level_counts()],
            "decisions_by_validity": [{"validity": str(v), "name": w.validity(v), "count": n}
                                      for v, n in report.validity_counts()],
        },
        "matrix": {
            "likelihood": [w.likelihood(i) for i in range(1, len(matrix.likelihood) + 1)],
            "impact": [w.impact(i) for i in range(1, len(matrix.impact) + 1)],
            "bands": [{"key": b.key, "name": w.level(b), "low": b.low, "high": b.high,
                       "colour": band_colour(b)} for b in matrix.bands],
            "cells": report.matrix_cells(),
        },
        "decisions": [_decision(d.decision, d.change, w) for d in report.decisions] if items
        else [],
        "risks": [_risk(r, w) for r in report.risks] if items else [],
        "exposed": [{"key": x.key, "value": x.value, "mitigations": _mitigations(x.mitigations)}
                    for x in report.exposed],
        "conflicts": [{"key": x.key, "depends_on": x.depends_on, "validity": str(x.validity)}
                      for x in report.conflicts],
        "changes": {
            "risks_new": list(c.risks_new),
            "risks_changed": [{"key": x.key, "status_before": x.status_before,
                               "status_after": x.status_after, "value_before": x.value_before,
                               "value_after": x.value_after} for x in c.risks_changed],
            "risks_closed": list(c.risks_closed),
            "risks_removed": list(c.risks_removed),
            "decisions_new": list(c.decisions_new),
            "decisions_validity": [{"key": x.key, "before": x.before, "after": x.after}
                                   for x in c.decisions_validity],
            "decisions_changed": list(c.decisions_changed),
            "decisions_removed": list(c.decisions_removed),
            "fields": [_field(f, report, w) for f in c.fields],
            "review": [{"key": x.key, "trigger": x.trigger,
                        "path": [{"source": s.source, "relation": str(s.relation),
                                  "target": s.target} for s in x.path],
                        "text": path_words(x.path, w)} for x in c.review],
        },
    }


def _field(change: Any, report: Report, w: Words) -> dict[str, Any]:
    """One changed field: the stored values and the report's words for them."""
    label, before, after = field_change(change, report, w)
    return {"key": change.key, "field": change.field, "field_name": label,
            "before": change.before, "after": change.after,
            "text": f"{before} → {after}" if before else after}


class JsonRenderer:
    """Renders JSON reports; a risk's or decision's JSON text (one line each) is made once per
    variant and reused for every recipient that sees it (spliced into the document by a
    marker that no register text can hold: models refuse control characters)."""

    def __init__(self) -> None:
        self.cache: dict[tuple[Any, ...], str] = {}

    def _item(self, what: str, item: Any, w: Words, make: Any) -> str:
        key = (what, w.lang, item.key, getattr(item, "reported", False),
               getattr(item, "mitigations", ()), item.change)
        found = self.cache.get(key)
        if found is None:
            found = self.cache[key] = json.dumps(make(item, w), ensure_ascii=False)
        return found

    def __call__(self, report: Report, w: Words) -> bytes:
        doc = report_doc(report, w, items=False)
        decisions = [self._item("d", d, w, lambda i, ww: _decision(i.decision, i.change, ww))
                     for d in report.decisions]
        risks = [self._item("r", r, w, _risk) for r in report.risks]
        lists = {
            "decisions": decisions, "risks": risks,
            "exposed": [json.dumps(x, ensure_ascii=False) for x in doc["exposed"]],
            "conflicts": [json.dumps(x, ensure_ascii=False) for x in doc["conflicts"]],
        }
        for name in lists:
            doc[name] = _MARK + name
        text = json.dumps(doc, ensure_ascii=False, indent=2)
        for name, parts in lists.items():
            marker = json.dumps(_MARK + name)
            array = "[\n    " + ",\n    ".join(parts) + "\n  ]" if parts else "[]"
            text = text.replace(marker, array, 1)
        return (escape_json(text) + "\n").encode("utf-8")


_MARK = "\x00riskreg:"


def render_json(report: Report, w: Words) -> bytes:
    return JsonRenderer()(report, w)


def _scope(scope: Scope, w: Words) -> dict[str, Any]:
    return {"kind": str(scope.kind), "names": list(scope.names), "text": w.scope(scope)}


def _mitigations(pairs: Any) -> list[dict[str, str]]:
    return [{"key": k, "validity": str(v)} for k, v in pairs]


def _decision(d: Any, change: str | None, w: Words) -> dict[str, Any]:
    a = d.assessment
    return {
        "key": d.key,
        "title": d.title,
        "summary": d.summary,
        "decided_on": d.decided_on.isoformat(),
        "care_areas": list(d.care_areas),
        "target_groups": list(d.target_groups),
        "validity": str(d.validity),
        "validity_name": w.validity(d.validity),
        "review_by": d.review_by.isoformat() if d.review_by else None,
        "assessment": None if a is None else {
            "by": a.by, "on": a.on.isoformat(), "rationale": a.rationale},
        "scope": _scope(d.scope, w),
        "change": change,
    }


def _risk(item: RiskItem, w: Words) -> dict[str, Any]:
    x, e = item.risk, item.entry
    return {
        "key": x.key,
        "title": x.title,
        "description": x.description,
        "area": x.area,
        "area_name": e.area_name,
        "likelihood": x.rating.likelihood,
        "likelihood_name": w.likelihood(x.rating.likelihood),
        "impact": x.rating.impact,
        "impact_name": w.impact(x.rating.impact),
        "value": e.value,
        "level": e.band.key,
        "level_name": w.level(e.band),
        "inherent": {"likelihood": x.inherent.likelihood, "impact": x.inherent.impact},
        "residual": None if x.residual is None else {
            "likelihood": x.residual.likelihood, "impact": x.residual.impact},
        "status": str(x.status),
        "status_name": w.status(x.status),
        "owner": x.owner,
        "consequences": list(x.consequences),
        "actions": [{"text": a.text, "owner": a.owner,
                     "due": a.due.isoformat() if a.due else None,
                     "status": str(a.status), "status_name": w.action(a.status)}
                    for a in x.actions],
        "reported_by_recipient": item.reported,
        "recognition": len(x.reported_by),
        "mitigated_by": _mitigations(item.mitigations),
        "scope": _scope(x.scope, w),
        "created": x.created.isoformat(),
        "change": item.change,
    }
