"""Health checks of a register: what a project lead must look at, with severity and explanation."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from attrs import field, frozen

from riskreg.editions import Edition
from riskreg.graph import DependencyGraph, Step
from riskreg.matrix import RiskMatrix
from riskreg.messages import describe_reason, translate, word
from riskreg.model import Decision, Relation, ReviewReason, Risk, Validity

if TYPE_CHECKING:
    pass


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@frozen
class Finding:
    """One finding of :func:`run_checks`: a problem with an item, and why."""

    code: str
    severity: Severity
    key: str
    params: dict[str, Any] = field(factory=dict, hash=False)
    path: tuple[Step, ...] = ()

    def message(self, lang: str | None = None) -> str:
        """The explanation in the user's language."""
        params = dict(self.params)
        if "validity" in params:
            params["validity"] = word("validity", params["validity"], lang)
        if "level_key" in params:
            params["level"] = params["level_en"] if lang == "en" else params["level_sv"]
        if self.code == "exposed":
            mitigations = params.get("mitigations") or []
            params["why"] = (
                ", ".join(f"{k} {word('validity', v, lang)}" for k, v in mitigations)
                if mitigations
                else translate("finding.exposed_none", lang)
            )
        if self.code == "needs_review":
            params["reason"] = describe_reason(
                params["reason_kind"], params["trigger"], params["detail"], lang
            )
        return translate(f"finding.{self.code}", lang, key=self.key, **params)


def run_checks(
    risks: Iterable[Risk],
    decisions: Iterable[Decision],
    graph: DependencyGraph,
    matrix: RiskMatrix,
    today: date,
) -> list[Finding]:
    """Every finding, errors first, then by check and key."""
    findings: list[Finding] = []
    for conflict in graph.conflicts():
        findings.append(
            Finding(
                "conflict",
                Severity.ERROR,
                conflict.key,
                {"target": conflict.depends_on, "validity": str(conflict.validity)},
                (Step(conflict.key, Relation.DEPENDS_ON, conflict.depends_on),),
            )
        )
    for cycle in graph.cycles():
        findings.append(Finding("cycle", Severity.ERROR, cycle[0], {"cycle": " -> ".join(cycle)}))
    risk_list = list(risks)
    by_key = {r.key: r for r in risk_list}
    for exposure in graph.exposed_risks():
        risk = by_key[exposure.key]
        findings.append(
            Finding(
                "exposed",
                Severity.ERROR,
                exposure.key,
                {
                    **_level(matrix, risk),
                    "mitigations": [(k, str(v)) for k, v in exposure.mitigations],
                },
                tuple(
                    Step(exposure.key, Relation.MITIGATED_BY, k) for k, _ in exposure.mitigations
                ),
            )
        )
    for decision in decisions:
        findings.extend(_needs_review(decision.key, decision.review_reasons))
        if (
            decision.validity is Validity.UNCERTAIN
            and decision.review_by is not None
            and decision.review_by < today
        ):
            findings.append(
                Finding(
                    "review_by_passed",
                    Severity.WARNING,
                    decision.key,
                    {"date": decision.review_by.isoformat()},
                )
            )
    for risk in risk_list:
        if not risk.is_open:
            continue
        band = matrix.level(risk.rating)
        due = next_review_due(risk, matrix)
        if due < today:
            findings.append(
                Finding(
                    "review_overdue",
                    Severity.WARNING,
                    risk.key,
                    {**_level(matrix, risk), "date": due.isoformat(), "days": band.review_days},
                )
            )
        if band.is_high and not risk.actions:
            findings.append(
                Finding("high_without_actions", Severity.WARNING, risk.key, _level(matrix, risk))
            )
        for action in risk.actions:
            if action.is_open and action.due is not None and action.due < today:
                findings.append(
                    Finding(
                        "action_past_due",
                        Severity.WARNING,
                        risk.key,
                        {"action": _clip(action.text), "date": action.due.isoformat()},
                    )
                )
        findings.extend(_needs_review(risk.key, risk.review_reasons))
    order = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
    return sorted(findings, key=lambda f: (order[f.severity], f.code, f.key))


def edition_findings(editions: Sequence[Edition]) -> list[Finding]:
    """Exports that were interrupted (recorded, but their files and manifest never confirmed in
    place) and not made good by a later complete export to every one of their recipients."""
    findings = []
    for edition in editions:
        if edition.complete:
            continue
        later = set().union(*(
            e.recipients for e in editions if e.complete and e.number > edition.number
        ))
        if not set(edition.recipients) <= later:
            findings.append(Finding(
                "edition_incomplete", Severity.WARNING, edition.key,
                {"number": edition.number, "at": edition.at.date().isoformat(),
                 "count": len(edition.recipients)},
            ))
    return findings


def by_severity(findings: Iterable[Finding]) -> list[Finding]:
    """Errors first, then warnings, then the rest; by check and key within each."""
    order = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
    return sorted(findings, key=lambda f: (order[f.severity], f.code, f.key))


def _needs_review(key: str, reasons: Iterable[ReviewReason]) -> list[Finding]:
    """One finding per reason a risk or decision was flagged "needs review" for."""
    return [
        Finding(
            "needs_review",
            Severity.INFO,
            key,
            {"reason_kind": reason.kind, "trigger": reason.trigger, "detail": reason.detail},
        )
        for reason in reasons
    ]


def next_review_due(risk: Risk, matrix: RiskMatrix) -> date:
    """When the risk must next be reviewed: last review (or creation) plus its level's cadence."""
    start = risk.last_reviewed or risk.created
    return start + timedelta(days=matrix.level(risk.rating).review_days)


def _level(matrix: RiskMatrix, risk: Risk) -> dict[str, Any]:
    band = matrix.level(risk.rating)
    return {
        "level_key": band.key,
        "level_sv": band.name,
        "level_en": band.name_en,
        "value": matrix.value(risk.rating),
    }


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
