"""Health checks of a register: what a project lead must look at, with severity and explanation.

The findings (``code``: severity, key):

- ``conflict`` (error, the decision): it applies but depends on a decision that does not
  apply; one finding per pair (decision, the one it depends on).
- ``cycle`` (error): depends_on / supersedes links in a circle.
- ``exposed`` (error, the risk): an open risk with no mitigating decision that applies now
  (it has mitigations and none applies, or it is high and has none).
- ``superseded_applies`` (warning, the superseded decision): it applies although a decision
  that supersedes it applies too; one finding per successor. A warning, not an error:
  nothing rests on a decision that does not apply, but readers cannot tell which of the two
  to follow until the old one is assessed as not applying (or the link removed).
- ``review_by_passed`` (warning, the decision): uncertain, and its review-by date has passed.
- ``review_overdue``, ``high_without_actions``, ``action_past_due`` (warning, the risk).
- ``acceptance_expired`` (warning, the risk): its acceptance (proposed or approved) has
  passed its expiry date; the next write clears it and flags the risk for review instead
  (``needs_review``, reason ``acceptance_expired``; see :mod:`riskreg.acceptance`).
- ``edition_incomplete`` (warning, the edition): an export that was interrupted and not
  made good by a later complete one (:func:`edition_findings`).
- ``needs_review`` (info, the risk or decision): one per reason it was flagged for (an
  assessment that changed the validity of a decision it rests on); cleared by marking the
  item reviewed (a decision also by assessing it).

:func:`prediction_findings` turns a :class:`~riskreg.graph.Prediction` into the conflict,
exposed and superseded findings it says ``check`` will add and resolve, built by the same
functions as the findings themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from attrs import field, frozen
from attrs.validators import in_

from riskreg.graph import Conflict, DependencyGraph, Exposure, Prediction, Step, Supersession
from riskreg.matrix import RiskMatrix
from riskreg.messages import N_, translate
from riskreg.model import Decision, Relation, ReviewReason, Risk, Validity
from riskreg.words import describe_reason, word

if TYPE_CHECKING:  # the logs' models: a check of a register without them does not import them
    from riskreg.delivery.model import Delivery
    from riskreg.editions import Edition

_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


#: every finding's code and its message
FINDINGS: dict[str, str] = {
    "conflict": N_("finding.conflict"),
    "cycle": N_("finding.cycle"),
    "exposed": N_("finding.exposed"),
    "review_by_passed": N_("finding.review_by_passed"),
    "review_overdue": N_("finding.review_overdue"),
    "high_without_actions": N_("finding.high_without_actions"),
    "action_past_due": N_("finding.action_past_due"),
    "superseded_applies": N_("finding.superseded_applies"),
    "needs_review": N_("finding.needs_review"),
    "acceptance_expired": N_("finding.acceptance_expired"),
    "edition_incomplete": N_("finding.edition_incomplete"),
    "delivery_failed": N_("finding.delivery_failed"),
    "delivery_pending": N_("finding.delivery_pending"),
}


@frozen
class Finding:
    """One finding of :func:`run_checks`: a problem with an item, and why."""

    code: str = field(validator=in_(FINDINGS))  # one with no message cannot be made
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
        if self.code.startswith("delivery_"):
            from riskreg.delivery.answers import answer_words

            params["reason"] = answer_words(str(params.get("reason", "")), lang)
        return translate(FINDINGS[self.code], lang, key=self.key, **params)


def run_checks(
    risks: Iterable[Risk],
    decisions: Iterable[Decision],
    graph: DependencyGraph,
    matrix: RiskMatrix,
    today: date,
) -> list[Finding]:
    """Every finding, errors first, then by check and key."""
    findings: list[Finding] = [conflict_finding(c) for c in graph.conflicts()]
    for cycle in graph.cycles():
        findings.append(Finding("cycle", Severity.ERROR, cycle[0], {"cycle": " -> ".join(cycle)}))
    risk_list = list(risks)
    by_key = {r.key: r for r in risk_list}
    for exposure in graph.exposed_risks():
        findings.append(exposure_finding(exposure, by_key[exposure.key], matrix))
    findings.extend(superseded_finding(x) for x in graph.superseded_applying())
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
        # a flag is a finding on any risk, closed too: it says so wherever the risk is shown
        findings.extend(_needs_review(risk.key, risk.review_reasons))
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
        if risk.acceptance is not None and risk.acceptance.expired(today):
            findings.append(Finding("acceptance_expired", Severity.WARNING, risk.key,
                                    {"date": risk.acceptance.expires.isoformat()}))
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
    return by_severity(findings)


def _finding_order(finding: Finding) -> tuple[int, str, str]:
    return (_SEVERITY_ORDER[finding.severity], finding.code, finding.key)


def conflict_finding(conflict: Conflict) -> Finding:
    """The finding of a decision that applies but depends on one that does not."""
    return Finding(
        "conflict",
        Severity.ERROR,
        conflict.key,
        {"target": conflict.depends_on, "validity": str(conflict.validity)},
        (Step(conflict.key, Relation.DEPENDS_ON, conflict.depends_on),),
    )


def exposure_finding(exposure: Exposure, risk: Risk, matrix: RiskMatrix) -> Finding:
    """The finding of an open risk without a mitigating decision that applies now."""
    return Finding(
        "exposed",
        Severity.ERROR,
        exposure.key,
        {**_level(matrix, risk), "mitigations": [(k, str(v)) for k, v in exposure.mitigations]},
        tuple(Step(exposure.key, Relation.MITIGATED_BY, k) for k, _ in exposure.mitigations),
    )


def superseded_finding(superseded: Supersession) -> Finding:
    """The finding of a superseded decision that applies while its successor applies."""
    return Finding(
        "superseded_applies",
        Severity.WARNING,
        superseded.key,
        {"successor": superseded.successor},
        (Step(superseded.successor, Relation.SUPERSEDES, superseded.key),),
    )


def prediction_findings(
    prediction: Prediction, risk: Callable[[str], Risk], matrix: RiskMatrix
) -> tuple[list[Finding], list[Finding]]:
    """The findings ``check`` would add and those it would no longer find, by ``prediction``.

    Conflicts, exposed risks and superseded decisions that apply (what a change of validity
    changes; the items it flags "needs review" are ``prediction.flagged``), each as
    :func:`run_checks` words it, in its order. ``risk`` gives a risk by key (for its level).
    """
    added = [
        *map(conflict_finding, prediction.conflicts_added),
        *(exposure_finding(x, risk(x.key), matrix) for x in prediction.exposed_added),
        *map(superseded_finding, prediction.superseded_added),
    ]
    resolved = [
        *map(conflict_finding, prediction.conflicts_resolved),
        *(exposure_finding(x, risk(x.key), matrix) for x in prediction.exposed_resolved),
        *map(superseded_finding, prediction.superseded_resolved),
    ]
    return sorted(added, key=_finding_order), sorted(resolved, key=_finding_order)


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


def delivery_findings(deliveries: Sequence[Delivery]) -> list[Finding]:
    """Addresses whose newest status message failed or may not have arrived (pending), and
    that no later one reached: a warning each, with the reason (run ``riskreg send`` again)."""
    newest: dict[str, Delivery] = {}
    for line in deliveries:
        if line.kind == "status" and (line.address not in newest
                                      or line.serial > newest[line.address].serial):
            newest[line.address] = line
    return [
        Finding(f"delivery_{line.outcome}", Severity.WARNING, line.key,
                {"number": line.serial, "address": line.address, "reason": line.answer})
        for line in newest.values() if line.outcome in ("failed", "pending")
    ]


def by_severity(findings: Iterable[Finding]) -> list[Finding]:
    """Errors first, then warnings, then the rest; by check and key within each."""
    return sorted(findings, key=_finding_order)


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
