"""CSV and XLSX reports: stable columns for spreadsheet work.

CSV: one file per recipient, one row per decision and per risk (the ``kind``
column tells them apart), UTF-8 with BOM and ``;`` as separator (what Swedish
Excel opens directly). XLSX (written by :mod:`riskreg.report.xlsx`): a sheet per
table (overview, decisions, risks, actions, exposed risks, conflicts, changes,
and the edition stamp last), a styled and frozen header row, an auto-filter. No
cell is ever a formula: CSV cells starting with = + - @ tab CR LF get a leading
apostrophe; XLSX cells are inline text, with Excel's quote prefix when they
start like a formula. A risk's row is made once per variant and reused for
every recipient that sees it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date
from typing import Any

from riskreg.messages import N_
from riskreg.report.model import Report, RiskItem
from riskreg.report.render_text import change_groups, comparison, details_text, review_rows
from riskreg.report.text import Words, neutral_cell

# --- the columns (catalogue keys; their order is the file's contract) ---------------------------

CSV_COLUMNS = (
    N_("report.field.kind"), N_("report.field.key"), N_("report.field.title"),
    N_("report.field.change"), N_("report.field.area"), N_("report.field.value"),
    N_("report.field.level"), N_("report.field.likelihood"), N_("report.field.impact"),
    N_("report.field.status"), N_("report.field.owner"), N_("report.field.actions"),
    N_("report.field.consequences"), N_("report.field.mitigated_by"), N_("report.field.reported"),
    N_("report.field.recognition"), N_("report.field.validity"), N_("report.field.review_by"),
    N_("report.field.decided_on"), N_("report.field.summary"), N_("report.field.target_groups"),
    N_("report.field.care_areas"), N_("report.field.description"), N_("report.field.scope"),
)
DECISION_COLUMNS = (
    N_("report.field.key"), N_("report.field.title"), N_("report.field.change"),
    N_("report.field.validity"), N_("report.field.review_by"), N_("report.field.decided_on"),
    N_("report.field.summary"), N_("report.field.target_groups"), N_("report.field.care_areas"),
    N_("report.field.assessed"), N_("report.field.rationale"), N_("report.field.scope"),
)
RISK_COLUMNS = (
    N_("report.field.key"), N_("report.field.title"), N_("report.field.change"),
    N_("report.field.area"), N_("report.field.value"), N_("report.field.level"),
    N_("report.field.likelihood"), N_("report.field.impact"), N_("report.field.status"),
    N_("report.field.owner"), N_("report.field.reported"), N_("report.field.recognition"),
    N_("report.field.mitigated_by"), N_("report.field.consequences"),
    N_("report.field.description"), N_("report.field.scope"),
)
ACTION_COLUMNS = (
    N_("report.field.key"), N_("report.field.title"), N_("report.field.action"),
    N_("report.field.action_owner"), N_("report.field.due"), N_("report.field.status"),
)
EXPOSED_COLUMNS = (
    N_("report.field.key"), N_("report.field.title"), N_("report.field.value"),
    N_("report.field.mitigated_by"),
)
CONFLICT_COLUMNS = (
    N_("report.field.key"), N_("report.field.title"), N_("report.field.depends_on"),
    N_("report.field.title"), N_("report.field.validity"),
)
CHANGE_COLUMNS = (
    N_("report.field.kind"), N_("report.field.key"), N_("report.field.title"),
    N_("report.field.change"),
)
LABEL_COLUMNS = (
    N_("report.field.label"), N_("report.field.count"),
)

_WIDTHS = {
    "report.field.key": 13, "report.field.title": 48, "report.field.description": 60,
    "report.field.summary": 60, "report.field.consequences": 48, "report.field.actions": 60,
    "report.field.action": 60, "report.field.rationale": 48, "report.field.label": 44,
    "report.field.scope": 28, "report.field.area": 28, "report.field.mitigated_by": 30,
    "report.field.target_groups": 28, "report.field.care_areas": 24,
}


def _yes(w: Words, flag: bool) -> str:
    return w("yes") if flag else w("no")


def _mitigations(item: Any, w: Words) -> str:
    return ", ".join(f"{k} ({w.validity(v)})" for k, v in item.mitigations)


def _actions_text(item: RiskItem, w: Words) -> str:
    lines = []
    for a in item.risk.actions:
        extra = [w.action(a.status)]
        if a.owner:
            extra.append(w("report.field.action_owner").lower() + f" {a.owner}")
        if a.due:
            extra.append(w("report.field.due").lower() + f" {a.due.isoformat()}")
        lines.append(f"{a.text} ({', '.join(extra)})")
    return "\n".join(lines)


#: what happened to an item since the last edition, as its row says
CHANGE_MARKERS = {"new": N_("report.change.new"), "changed": N_("report.change.changed"),
                  "closed": N_("report.change.closed")}


def _change(w: Words, marker: str | None) -> str:
    return w(CHANGE_MARKERS[marker]) if marker else ""


def _risk_values(item: RiskItem, w: Words) -> dict[str, Any]:
    x, e = item.risk, item.entry
    return {
        "report.field.key": x.key, "report.field.title": x.title,
        "report.field.change": _change(w, item.change), "report.field.area": e.area_name,
        "report.field.value": e.value, "report.field.level": w.level(e.band),
        "report.field.likelihood": x.rating.likelihood, "report.field.impact": x.rating.impact,
        "report.field.status": w.status(x.status), "report.field.owner": x.owner,
        "report.field.actions": _actions_text(item, w),
        "report.field.consequences": "\n".join(x.consequences),
        "report.field.mitigated_by": _mitigations(item, w),
        "report.field.reported": _yes(w, item.reported),
        "report.field.recognition": len(x.reported_by),
        "report.field.description": x.description, "report.field.scope": w.scope(x.scope),
    }


def _decision_values(item: Any, w: Words) -> dict[str, Any]:
    d = item.decision
    a = d.assessment
    return {
        "report.field.key": d.key, "report.field.title": d.title,
        "report.field.change": _change(w, item.change),
        "report.field.validity": w.validity(d.validity), "report.field.review_by": d.review_by,
        "report.field.decided_on": d.decided_on, "report.field.summary": d.summary,
        "report.field.target_groups": ", ".join(d.target_groups),
        "report.field.care_areas": ", ".join(d.care_areas),
        "report.field.assessed": (w("report.decision.assessed", on=a.on.isoformat(), by=a.by)
                                  if a else ""),
        "report.field.rationale": a.rationale if a else "",
        "report.field.scope": w.scope(d.scope),
    }


# --- CSV ----------------------------------------------------------------------------------------


def _csv_line(values: Sequence[Any]) -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL).writerow(
        [_csv_cell(v) for v in values])
    return out.getvalue()


def _csv_cell(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if value is None:
        return ""
    return neutral_cell(value)


class _Rows:
    """Rows of risks and decisions, made once per variant and reused for every recipient."""

    def __init__(self) -> None:
        self.cache: dict[tuple[Any, ...], Any] = {}

    def get(self, what: str, item: Any, report: Report, w: Words, make: Any) -> Any:
        reported = getattr(item, "reported", False)
        key = (what, w.lang, item.key, reported, getattr(item, "mitigations", ()), item.change)
        found = self.cache.get(key)
        if found is None:
            found = self.cache[key] = make(item, w)
        return found


class CsvRenderer:
    """One row per decision, then one per risk (open, then closed), with :data:`CSV_COLUMNS`."""

    def __init__(self) -> None:
        self._rows = _Rows()

    def __call__(self, report: Report, w: Words) -> bytes:
        parts = [_csv_line([w(c) for c in CSV_COLUMNS])]
        parts += [self._rows.get("csv-d", d, report, w, _csv_decision) for d in report.decisions]
        parts += [self._rows.get("csv-r", r, report, w, _csv_risk)
                  for r in (*report.open_risks, *report.closed_risks)]
        return b"\xef\xbb\xbf" + "".join(parts).encode("utf-8")


def _csv_decision(item: Any, w: Words) -> str:
    values = _decision_values(item, w)
    values["report.field.kind"] = w("report.kind.decision")
    return _csv_line([values.get(c, "") for c in CSV_COLUMNS])


def _csv_risk(item: RiskItem, w: Words) -> str:
    values = _risk_values(item, w)
    values["report.field.kind"] = w("report.kind.risk")
    return _csv_line([values.get(c, "") for c in CSV_COLUMNS])


def render_csv(report: Report, w: Words) -> bytes:
    return CsvRenderer()(report, w)


# --- XLSX ---------------------------------------------------------------------------------------


class XlsxRenderer:
    """A workbook with a sheet per table; the edition stamp is the last sheet."""

    def __init__(self) -> None:
        self._rows = _Rows()

    def __call__(self, report: Report, w: Words) -> bytes:
        from riskreg.report import xlsx

        def sheet(title_key: str, columns: Sequence[str]) -> xlsx.Sheet:
            return xlsx.Sheet(w(title_key), [w(c) for c in columns],
                              [_WIDTHS.get(c, 16) for c in columns])

        org = report.recipient
        overview = sheet(N_("report.sheet.overview"), LABEL_COLUMNS)
        for label, value in [
            (w("report.municipality"), org.name), (w("report.code"), org.code),
            (w("report.association"), org.association), (w("report.care_area"), org.care_area),
            (w("report.summary.open_risks"), len(report.open_risks)),
            (w("report.summary.closed_risks"), len(report.closed_risks)),
            (w("report.summary.reported"), len(report.reported_risks)),
            (w("report.summary.exposed"), len(report.exposed)),
            (w("report.summary.conflicts"), len(report.conflicts)),
            (w("report.summary.changes"), report.changes.count),
            *((w("report.summary.levels") + f": {w.level(b)}", n)
              for b, n in report.level_counts()),
            *((w("report.summary.validity") + f": {w.validity(v)}", n)
              for v, n in report.validity_counts()),
        ]:
            overview.add((label, value))
        decisions = sheet(N_("report.sheet.decisions"), DECISION_COLUMNS)
        for d in report.decisions:
            decisions.add_xml(self._rows.get("x-d", d, report, w, _xlsx_decision))
        risks = sheet(N_("report.sheet.risks"), RISK_COLUMNS)
        actions = sheet(N_("report.sheet.actions"), ACTION_COLUMNS)
        for r in (*report.open_risks, *report.closed_risks):
            risks.add_xml(self._rows.get("x-r", r, report, w, _xlsx_risk))
            if r.risk.actions:
                actions.add_xml(self._rows.get("x-a", r, report, w, _xlsx_actions))
        exposed = sheet(N_("report.sheet.exposed"), EXPOSED_COLUMNS)
        for x in report.exposed:
            exposed.add((x.key, report.title_of(x.key), x.value, _mitigations(x, w)))
        conflicts = sheet(N_("report.sheet.conflicts"), CONFLICT_COLUMNS)
        for c in report.conflicts:
            conflicts.add((c.key, report.title_of(c.key), c.depends_on,
                           report.title_of(c.depends_on), w.validity(c.validity)))
        changes = sheet(N_("report.sheet.changes"), CHANGE_COLUMNS)
        for label, rows in change_groups(report, w):
            for key, title, note in rows:
                fields = details_text(report, w, key)
                changes.add((label, key, title, "; ".join(x for x in (note, fields) if x)))
        for item, path in review_rows(report, w):
            changes.add((w("report.section.review"), item.key, report.title_of(item.key), path))
        stamp = report.stamp
        edition = sheet(N_("report.sheet.edition"), LABEL_COLUMNS)
        for label, value in [
            (w("report.stamp.number"), stamp.edition),
            (w("report.stamp.at"), stamp.generated_at.replace(tzinfo=None)),
            (w("report.stamp.by"), stamp.generated_by),
            (w("report.stamp.comparison"), comparison(report, w)),
            (w("report.stamp.content"), report.register_hash),
            *([(w("report.stamp.preview"), "")] if not stamp.recorded else []),
        ]:
            edition.add((label, value))
        sheets = [overview, decisions, risks, actions, exposed, conflicts, changes, edition]
        return xlsx.workbook(sheets, title=w("report.title", name=org.name), creator="riskreg",
                             created=stamp.generated_at)


def _xlsx_decision(item: Any, w: Words) -> str:
    from riskreg.report.xlsx import row

    return row(_pick(_decision_values(item, w), DECISION_COLUMNS))


def _xlsx_risk(item: RiskItem, w: Words) -> str:
    from riskreg.report.xlsx import row

    return row(_pick(_risk_values(item, w), RISK_COLUMNS))


def _xlsx_actions(item: RiskItem, w: Words) -> str:
    from riskreg.report.xlsx import row

    return "".join(row((item.key, item.risk.title, a.text, a.owner, a.due, w.action(a.status)))
                   for a in item.risk.actions)


def render_xlsx(report: Report, w: Words) -> bytes:
    return XlsxRenderer()(report, w)


def _pick(values: dict[str, Any], columns: Sequence[str]) -> list[Any]:
    return [values.get(c, "") for c in columns]


__all__ = ["CSV_COLUMNS", "CsvRenderer", "XlsxRenderer", "render_csv", "render_xlsx"]
