"""The register's closed vocabularies: validity, statuses, visibility, roles, scope kinds,
relations.

Plain string enums (their values are what files, JSON and the command line use),
kept apart from the attrs models in :mod:`riskreg.model`, which re-exports them,
so that naming one costs no class generation.
"""

from __future__ import annotations

from enum import StrEnum


class Validity(StrEnum):
    """Whether a decision of Klinisk ledning applies during the pause."""

    APPLIES = "applies"
    UNCERTAIN = "uncertain"
    SUSPENDED = "suspended"
    UNREVIEWED = "unreviewed"


class RiskStatus(StrEnum):
    """Where a risk stands in its treatment."""

    IDENTIFIED = "identified"
    ASSESSED = "assessed"
    TREATING = "treating"
    ACCEPTED = "accepted"
    CLOSED = "closed"


class ActionStatus(StrEnum):
    """Progress of a proposed action."""

    PROPOSED = "proposed"
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"


class Visibility(StrEnum):
    """Who an item is for. Only shared items leave the register (reports, a dump for sharing,
    the shared graph and hash); internal items are the central team's own, and a submitted
    risk is a municipality's own, not yet taken into the joint analysis."""

    SHARED = "shared"
    INTERNAL = "internal"
    SUBMITTED = "submitted"

    @property
    def is_shared(self) -> bool:
        """Whether an item with this visibility may leave the register: the one test of
        "shared" (everything else stays inside)."""
        return self is Visibility.SHARED


class Role(StrEnum):
    """What a person does on a shared register (see :mod:`riskreg.access` for the rules)."""

    REDAKTOR = "redaktor"  # the central team: everything
    BEDOMARE = "bedomare"  # Klinisk ledning: reads shared items and decisions, assesses
    PROJEKTLEDARE = "projektledare"  # one municipality's project lead
    LASARE = "lasare"  # reads what a project lead of the organisation reads


class ScopeKind(StrEnum):
    """Which parties an item concerns."""

    ALL = "all"
    REGION = "region"
    ASSOCIATION = "association"
    CARE_AREA = "care_area"
    MUNICIPALITIES = "municipalities"


class Relation(StrEnum):
    """Typed relations between keys (source -> target)."""

    MITIGATED_BY = "mitigated_by"  # risk -> decision
    CAUSED_BY = "caused_by"  # risk -> decision
    DEPENDS_ON = "depends_on"  # decision -> decision
    SUPERSEDES = "supersedes"  # decision -> decision (newer -> older)
    AGGRAVATES = "aggravates"  # risk -> risk


class ItemKind(StrEnum):
    """The two kinds of keyed items."""

    RISK = "risk"
    DECISION = "decision"


__all__ = ["ActionStatus", "ItemKind", "Relation", "RiskStatus", "Role", "ScopeKind",
           "Validity", "Visibility"]
