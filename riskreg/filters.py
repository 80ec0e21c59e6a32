"""Filters over risks and decisions, as used by the API, the CLI and the TUI alike."""

from __future__ import annotations

from datetime import date, timedelta

from attrs import frozen

from riskreg.matrix import RiskMatrix
from riskreg.model import Decision, Organisation, Risk, RiskStatus, Validity


@frozen
class RiskFilter:
    """Which risks to show; every criterion left as None matches all."""

    area: str | None = None
    status: RiskStatus | None = None
    level: str | None = None  # a band key of the matrix
    organisation: Organisation | None = None  # concerned by scope, or reported by it
    needs_review: bool | None = None
    text: str | None = None  # case-insensitive, in key, title, description, consequences, owner

    def matches(self, risk: Risk, matrix: RiskMatrix) -> bool:
        if self.area is not None and risk.area != self.area:
            return False
        if self.status is not None and risk.status is not self.status:
            return False
        if self.level is not None and matrix.level(risk.rating).key != self.level:
            return False
        if self.needs_review is not None and risk.needs_review != self.needs_review:
            return False
        if self.organisation is not None and not (
            risk.scope.concerns(self.organisation) or self.organisation.code in risk.reported_by
        ):
            return False
        return not self.text or _contains(
            self.text, risk.key, risk.title, risk.description, risk.owner, *risk.consequences
        )


@frozen
class DecisionFilter:
    """Which decisions to show; every criterion left as None matches all."""

    validity: Validity | None = None
    care_area: str | None = None
    due_within_days: int | None = None  # review-by on or before today + days
    organisation: Organisation | None = None
    text: str | None = None

    def matches(self, decision: Decision, today: date) -> bool:
        if self.validity is not None and decision.validity is not self.validity:
            return False
        if self.care_area is not None and self.care_area.casefold() not in (
            a.casefold() for a in decision.care_areas
        ):
            return False
        if self.due_within_days is not None and (
            decision.review_by is None
            or decision.review_by > today + timedelta(days=self.due_within_days)
        ):
            return False
        if self.organisation is not None and not decision.scope.concerns(self.organisation):
            return False
        return not self.text or _contains(
            self.text, decision.key, decision.title, decision.summary, *decision.target_groups
        )


def _contains(needle: str, *haystack: str) -> bool:
    folded = needle.casefold()
    return any(folded in text.casefold() for text in haystack)
