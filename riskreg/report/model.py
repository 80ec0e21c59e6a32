"""The status report of one municipality, as plain frozen data (no formatting, no language).

:func:`riskreg.report.build.build_reports` makes one :class:`Report` per
recipient from the register; the renderers (Markdown, HTML, CSV, XLSX, JSON)
only lay it out. Everything in a report is shared (never internal) and
concerns the recipient by scope; every list is sorted, so the same register
gives the same report.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from typing import Any

from attrs import frozen

from riskreg.graph import Step
from riskreg.matrix import LevelBand, RiskMatrix
from riskreg.model import Category, Decision, Organisation, Risk, RiskStatus, Validity

#: The order decisions are shown in: what applies, what is being assessed, what is suspended.
VALIDITY_ORDER = (Validity.APPLIES, Validity.UNCERTAIN, Validity.SUSPENDED, Validity.UNREVIEWED)

#: Change markers of an item since the recipient's previous edition.
NEW, CHANGED, CLOSED = "new", "changed", "closed"


@frozen
class RiskEntry:
    """A shared risk with what every report shows beside it (the same for all recipients)."""

    risk: Risk
    area_name: str
    value: int
    band: LevelBand


@frozen
class RiskItem:
    """A risk as one recipient sees it: did it report it, what mitigates it, what changed."""

    entry: RiskEntry
    reported: bool
    mitigations: tuple[tuple[str, Validity], ...]  # only decisions the recipient may see
    change: str | None = None

    @property
    def risk(self) -> Risk:
        return self.entry.risk

    @property
    def key(self) -> str:
        return self.entry.risk.key


@frozen
class DecisionItem:
    """A shared decision that concerns the recipient, and what changed about it."""

    decision: Decision
    change: str | None = None

    @property
    def key(self) -> str:
        return self.decision.key


@frozen
class ExposureItem:
    """An open risk without a mitigating decision that applies now."""

    key: str
    value: int
    mitigations: tuple[tuple[str, Validity], ...]  # only decisions the recipient may see


@frozen
class ConflictItem:
    """A decision that applies but depends on one that does not."""

    key: str
    depends_on: str
    validity: Validity


@frozen
class RiskChange:
    """A risk whose content changed: its status and value before and after."""

    key: str
    status_before: str
    status_after: str
    value_before: int
    value_after: int


@frozen
class ValidityChange:
    """A decision whose validity during the pause changed."""

    key: str
    before: str
    after: str


@frozen
class FieldChange:
    """One field of a changed item, as the recipient saw it before and sees it now: the
    field's name as stored (``owner``, ``inherent``...) and its stored values (text naming an
    internal item cut, as everywhere in a report)."""

    key: str
    field: str
    before: Any
    after: Any


@frozen
class ReviewItem:
    """An item of the report to look at again since a decision in it changed validity: the
    decision (``trigger``) and the chain of links, all in the report, that reaches the item."""

    key: str
    trigger: str
    path: tuple[Step, ...]


@frozen
class Changes:
    """What changed since the recipient's previous edition (empty for a first edition)."""

    risks_new: tuple[str, ...] = ()
    risks_changed: tuple[RiskChange, ...] = ()
    risks_closed: tuple[str, ...] = ()
    risks_removed: tuple[str, ...] = ()
    decisions_new: tuple[str, ...] = ()
    decisions_validity: tuple[ValidityChange, ...] = ()
    decisions_changed: tuple[str, ...] = ()
    decisions_removed: tuple[str, ...] = ()
    #: the fields that changed in each changed item (risks and decisions), in report order
    fields: tuple[FieldChange, ...] = ()
    #: what to look at again because a decision changed validity (not counted as a change)
    review: tuple[ReviewItem, ...] = ()

    def fields_of(self, key: str) -> list[FieldChange]:
        """The fields that changed in item ``key``."""
        return [f for f in self.fields if f.key == key]

    @property
    def count(self) -> int:
        return (
            len(self.risks_new) + len(self.risks_changed) + len(self.risks_closed)
            + len(self.risks_removed) + len(self.decisions_new) + len(self.decisions_validity)
            + len(self.decisions_changed) + len(self.decisions_removed)
        )


@frozen
class PreviousEdition:
    number: int
    at: datetime


@frozen
class Stamp:
    """The edition stamp: the only part of a report that differs between two exports of the
    same content. Renderers keep it in one clearly delimited place."""

    edition: int
    generated_at: datetime
    generated_by: str
    previous: PreviousEdition | None
    recorded: bool = True


@frozen
class Report:
    """Everything one municipality's status report holds."""

    recipient: Organisation
    register_name: str
    register_hash: str
    today: date
    stamp: Stamp
    matrix: RiskMatrix
    areas: tuple[Category, ...]
    risks: tuple[RiskItem, ...]  # by area order, highest value first, then key
    decisions: tuple[DecisionItem, ...]  # by validity order, then key
    exposed: tuple[ExposureItem, ...]
    conflicts: tuple[ConflictItem, ...]
    changes: Changes
    scope_names: dict[str, str]  # municipality code -> name, for scope texts
    titles: dict[str, str]  # key -> title of shared items (shown only for keys in ``visible``)
    visible: frozenset[str] = frozenset()  # keys of the items in this report

    # --- views the renderers share --------------------------------------------------
    @property
    def open_risks(self) -> list[RiskItem]:
        return [r for r in self.risks if r.risk.status is not RiskStatus.CLOSED]

    @property
    def closed_risks(self) -> list[RiskItem]:
        return [r for r in self.risks if r.risk.status is RiskStatus.CLOSED]

    @property
    def reported_risks(self) -> list[RiskItem]:
        return [r for r in self.risks if r.reported]

    def risks_by_area(self) -> list[tuple[Category, list[RiskItem]]]:
        """Open risks grouped by area (areas without risks left out), in the register's order."""
        groups: dict[str, list[RiskItem]] = {}
        for item in self.open_risks:
            groups.setdefault(item.risk.area, []).append(item)
        return [(area, groups[area.key]) for area in self.areas if area.key in groups]

    def decisions_with(self, validity: Validity) -> list[DecisionItem]:
        return [d for d in self.decisions if d.decision.validity is validity]

    @property
    def uncertain(self) -> list[DecisionItem]:
        """The decisions under assessment, the one due first first (those without a date
        last)."""
        return sorted(self.decisions_with(Validity.UNCERTAIN),
                      key=lambda d: (d.decision.review_by or date.max, d.key))

    def overdue(self, decision: Decision) -> bool:
        """Whether the decision's assessment is past its review-by date."""
        return decision.review_by is not None and decision.review_by < self.today

    def level_counts(self) -> list[tuple[LevelBand, int]]:
        """Open risks per level band, highest band first."""
        counts = Counter(r.entry.band.key for r in self.open_risks)
        return [(b, counts.get(b.key, 0)) for b in sorted(self.matrix.bands, key=lambda b: -b.low)]

    def validity_counts(self) -> list[tuple[Validity, int]]:
        counts = Counter(d.decision.validity for d in self.decisions)
        return [(v, counts.get(v, 0)) for v in VALIDITY_ORDER]

    def matrix_cells(self) -> list[list[int]]:
        """Open risks per cell of the matrix: rows likelihood (1 first), columns impact."""
        rows = [[0] * len(self.matrix.impact) for _ in self.matrix.likelihood]
        for item in self.open_risks:
            rating = item.risk.rating
            rows[rating.likelihood - 1][rating.impact - 1] += 1
        return rows

    def title_of(self, key: str) -> str:
        """The title of a risk or decision in this report ("" for one no longer in it: what
        no longer concerns the recipient is not shown, not even its title)."""
        return self.titles.get(key, "") if key in self.visible else ""
