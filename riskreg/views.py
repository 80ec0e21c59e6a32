"""Read helpers for user interfaces: counts, rows, details and previews, computed by the library.

A user interface (the Textual review UI, a web page, a report) shows what
these functions return and decides nothing itself: which risks count in a
matrix cell, what level a rating has, which items a change of validity would
reach and how, are answered here from the register's matrix, graph and
filters. Everything returned is frozen plain data, safe to hand from a worker
thread to a UI thread.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from attrs import frozen

from riskreg.checks import Finding, conflict_finding, prediction_findings, superseded_finding
from riskreg.errors import RiskregError
from riskreg.filters import DecisionFilter, RiskFilter
from riskreg.graph import Conflict, Impact, Prediction, Step, Supersession
from riskreg.matrix import LevelBand, RiskMatrix
from riskreg.model import (
    ActionStatus,
    Change,
    Decision,
    ItemKind,
    Organisation,
    Rating,
    Relation,
    ReviewReason,
    Risk,
    RiskStatus,
    Scope,
    ScopeKind,
    Validity,
)
from riskreg.register import Register

VALIDITY_ORDER = (Validity.APPLIES, Validity.UNCERTAIN, Validity.SUSPENDED, Validity.UNREVIEWED)


# --- rows -------------------------------------------------------------------------------


@frozen
class RiskRow:
    """A risk with what a table shows beside it: its area's name, value and level now."""

    risk: Risk
    area_name: str
    value: int
    band: LevelBand

    @property
    def key(self) -> str:
        return self.risk.key

    @property
    def title(self) -> str:
        return self.risk.title

    @property
    def area(self) -> str:
        return self.risk.area

    @property
    def status(self) -> RiskStatus:
        return self.risk.status

    @property
    def owner(self) -> str:
        return self.risk.owner

    @property
    def needs_review(self) -> bool:
        return self.risk.needs_review

    @property
    def recognition(self) -> int:
        return self.risk.recognition


@frozen
class RiskSummary:
    """What a table row shows of a risk, read from the stored record without building the model.

    Listing 10,000 risks this way takes milliseconds instead of the fraction of a
    second that validating every model takes; the same attributes as :class:`RiskRow`.
    """

    key: str
    title: str
    area: str
    area_name: str
    status: RiskStatus
    owner: str
    needs_review: bool
    recognition: int
    value: int
    band: LevelBand


@frozen
class DecisionRow:
    """A decision with what a table shows beside it."""

    decision: Decision
    review_by_passed: bool
    in_conflict: bool
    superseded_applies: bool = False  # it applies, and so does a decision that supersedes it

    @property
    def key(self) -> str:
        return self.decision.key


def risk_rows(register: Register) -> list[RiskRow]:
    """Every risk as a row, sorted by key (value and level from the rating that counts now)."""
    matrix = register.matrix
    names = {c.key: c.name for c in register.categories()}
    rows = []
    for risk in register.risks():
        value = matrix.value(risk.rating)
        rows.append(RiskRow(risk, names.get(risk.area, risk.area), value, matrix.band_for(value)))
    return rows


def risk_summaries(register: Register) -> list[RiskSummary]:
    """Every risk as a :class:`RiskSummary`, sorted by key; the values are those of
    :func:`risk_rows` (level from the rating that counts now).

    A stored record that does not read as expected is left to :func:`risk_rows`,
    which reports it: this function then returns the full rows' summaries.
    """
    matrix = register.matrix
    names = {c.key: c.name for c in register.categories()}
    table = register._risks  # the stored records (read-only here)
    raised = register._raised()  # flags kept on a setter's side, that the reader may read
    summaries = []
    try:
        keys = table.keys()  # sorted
        for key in keys:
            doc = table.doc(key)
            rating = doc.get("residual") or doc["inherent"]
            value = int(rating[0]) * int(rating[1])
            area = str(doc["area"])
            summaries.append(RiskSummary(
                key=key, title=str(doc["title"]), area=area, area_name=names.get(area, area),
                status=RiskStatus(doc.get("status", RiskStatus.IDENTIFIED)),
                owner=str(doc.get("owner", "")),
                needs_review=bool(doc.get("review_reasons")) or key in raised,
                recognition=len(doc.get("reported_by") or ()), value=value,
                band=matrix.band_for(value),
            ))
    except (KeyError, TypeError, ValueError, IndexError, RiskregError):
        return [RiskSummary(r.key, r.title, r.area, r.area_name, r.status, r.owner,
                            r.needs_review, r.recognition, r.value, r.band)
                for r in risk_rows(register)]
    return summaries


def filter_risk_rows(
    rows: Iterable[RiskRow], where: RiskFilter, matrix: RiskMatrix
) -> list[RiskRow]:
    """The rows whose risk matches ``where`` (the same filter the API and the CLI use)."""
    if where == RiskFilter():
        return list(rows)
    return [row for row in rows if where.matches(row.risk, matrix)]


def decision_rows(register: Register) -> list[DecisionRow]:
    """Every decision as a row, sorted by key."""
    today = register.today()
    conflicted = {c.key for c in register.graph.conflicts()}
    superseded = {x.key for x in register.graph.superseded_applying()}
    return [
        DecisionRow(d, _review_by_passed(d, today), d.key in conflicted, d.key in superseded)
        for d in register.decisions()
    ]


def filter_decision_rows(
    rows: Iterable[DecisionRow], where: DecisionFilter, today: date
) -> list[DecisionRow]:
    """The rows whose decision matches ``where``."""
    if where == DecisionFilter():
        return list(rows)
    return [row for row in rows if where.matches(row.decision, today)]


def _review_by_passed(decision: Decision, today: date) -> bool:
    return (
        decision.validity is Validity.UNCERTAIN
        and decision.review_by is not None
        and decision.review_by < today
    )


# --- overview -------------------------------------------------------------------------------


@frozen
class AreaCount:
    """How many risks a risk area holds: all, open, and open at a high level."""

    key: str
    name: str
    total: int
    open: int
    high: int


def risks_per_area(
    register: Register, rows: Sequence[RiskRow] | None = None
) -> list[AreaCount]:
    """Risk counts per area, in the register's order of areas (areas without risks included)."""
    rows = risk_rows(register) if rows is None else rows
    counts: dict[str, list[int]] = {c.key: [0, 0, 0] for c in register.categories()}
    for row in rows:
        count = counts.setdefault(row.risk.area, [0, 0, 0])
        count[0] += 1
        if row.risk.is_open:
            count[1] += 1
            if row.band.is_high:
                count[2] += 1
    names = {c.key: c.name for c in register.categories()}
    return [AreaCount(key, names.get(key, key), *count) for key, count in counts.items()]


@frozen
class HeatMap:
    """Open risks per likelihood x impact cell of the matrix, for the inherent or residual rating.

    ``residual`` means the rating that counts now (residual where assessed, else inherent).
    """

    matrix: RiskMatrix
    residual: bool
    counts: tuple[tuple[int, ...], ...]  # counts[likelihood - 1][impact - 1]

    def count(self, likelihood: int, impact: int) -> int:
        return self.counts[likelihood - 1][impact - 1]

    def band(self, likelihood: int, impact: int) -> LevelBand:
        return self.matrix.level(Rating(likelihood, impact))

    def value(self, likelihood: int, impact: int) -> int:
        return self.matrix.value(Rating(likelihood, impact))

    @property
    def likelihood_steps(self) -> int:
        return len(self.matrix.likelihood)

    @property
    def impact_steps(self) -> int:
        return len(self.matrix.impact)

    @property
    def total(self) -> int:
        return sum(sum(row) for row in self.counts)


def heat_map(
    register: Register, residual: bool = True, rows: Sequence[RiskRow] | None = None
) -> HeatMap:
    """Count the open risks in each cell of the register's matrix."""
    matrix = register.matrix
    rows = risk_rows(register) if rows is None else rows
    grid = [[0] * len(matrix.impact) for _ in matrix.likelihood]
    for row in rows:
        if not row.risk.is_open:
            continue
        rating = row.risk.rating if residual else row.risk.inherent
        grid[rating.likelihood - 1][rating.impact - 1] += 1
    return HeatMap(matrix, residual, tuple(tuple(r) for r in grid))


def validity_counts(register: Register) -> list[tuple[Validity, int]]:
    """How many decisions apply, are uncertain, are suspended, are not yet reviewed."""
    counts = dict.fromkeys(VALIDITY_ORDER, 0)
    for decision in register.decisions():
        counts[decision.validity] += 1
    return list(counts.items())


# --- details --------------------------------------------------------------------------------


@frozen
class LinkedItem:
    """An item linked to another, seen from that other: which way, how, and how it stands."""

    key: str
    kind: ItemKind
    title: str
    relation: Relation
    outgoing: bool  # True: the item we look from points to this one (it rests on it)
    note: str = ""
    validity: Validity | None = None  # decisions
    value: int | None = None  # risks
    band: LevelBand | None = None  # risks
    links: int = 0  # how many links this item has itself
    status: RiskStatus | None = None  # risks

    @property
    def relation_key(self) -> str:
        """Message id of the relation as read from the item we look from."""
        from riskreg.words import word_id

        return word_id("relation" if self.outgoing else "relation.rev", self.relation)


def linked_items(register: Register, key: str) -> list[LinkedItem]:
    """Items linked to ``key``: what it rests on (outgoing) first, then what rests on it
    (those :attr:`Register.me` may read: a link is readable when both ends are).

    Read from the links (:meth:`Register.neighbours`): no graph needs to be built for it.
    """
    items = []
    for n in register.neighbours(key):
        if n.key not in register:
            continue
        other = register.get(n.key)
        links = sum(1 for m in register.neighbours(n.key) if m.key in register)
        if isinstance(other, Decision):
            items.append(LinkedItem(n.key, ItemKind.DECISION, other.title, n.relation, n.outgoing,
                                    n.note, validity=other.validity, links=links))
        else:
            value = register.value(other)
            items.append(LinkedItem(n.key, ItemKind.RISK, other.title, n.relation, n.outgoing,
                                    n.note, value=value, band=register.matrix.band_for(value),
                                    links=links, status=other.status))
    return items


@frozen
class ScopeView:
    """Whom an item concerns, with municipality codes resolved to names."""

    kind: ScopeKind
    names: tuple[str, ...]


def scope_view(register: Register, scope: Scope) -> ScopeView:
    if scope.kind is ScopeKind.MUNICIPALITIES:
        return ScopeView(scope.kind, tuple(_org_name(register, c) for c in scope.names))
    return ScopeView(scope.kind, scope.names)


def _org_name(register: Register, code: str) -> str:
    return register.directory.get(code).name if code in register.directory else code


@frozen
class FlaggedBecause:
    """Why an item is flagged for review, and the chain of links from what changed to the
    item (``R-019 mitigated_by KL-2022-07``, ``R-019 aggravates R-023`` for R-023 flagged by
    KL-2022-07); empty when the trigger is not linked to the item (any more)."""

    reason: ReviewReason
    path: tuple[Step, ...] = ()


def flagged_because(register: Register, item: Risk | Decision) -> tuple[FlaggedBecause, ...]:
    """The item's review reasons, each with the path that made it flagged: the chain of
    links along which a change of the trigger reaches the item (as :meth:`Register.assess`
    flags it, from the links as they are now)."""
    graph = register.graph
    out = []
    for reason in item.review_reasons:
        path: tuple[Step, ...] = ()
        if reason.trigger != item.key:
            path = graph.affected(reason.trigger).get(item.key, ())
        out.append(FlaggedBecause(reason, path))
    return tuple(out)


def action_completions(risk: Risk, history: Sequence[Change]) -> tuple[date | None, ...]:
    """When each of the risk's actions was done, from its history (None for an open one, or
    one done before the history says): the day of the latest change that made it done."""
    def done(doc: object, text: str) -> bool:
        if not isinstance(doc, dict):
            return False
        return any(isinstance(a, dict) and a.get("text") == text
                   and a.get("status") == ActionStatus.DONE.value
                   for a in doc.get("actions") or ())

    out: list[date | None] = []
    for action in risk.actions:
        when = None
        if action.status is ActionStatus.DONE:
            when = next((change.at.date() for change in reversed(history)
                         if done(change.after, action.text)
                         and not done(change.before, action.text)), None)
        out.append(when)
    return tuple(out)


@frozen
class RiskDetail:
    """Everything a detail view shows of a risk, computed by the register."""

    risk: Risk
    area_name: str
    inherent_value: int
    inherent_band: LevelBand
    residual_value: int | None
    residual_band: LevelBand | None
    next_review: date
    review_overdue: bool
    scope: ScopeView
    reported_by: tuple[str, ...]  # names
    links: tuple[LinkedItem, ...]
    matrix: RiskMatrix
    flagged: tuple[FlaggedBecause, ...] = ()

    @property
    def key(self) -> str:
        return self.risk.key

    @property
    def band(self) -> LevelBand:
        return self.residual_band or self.inherent_band


def risk_detail(register: Register, key: str) -> RiskDetail:
    risk = register.risk(key)
    matrix = register.matrix
    names = {c.key: c.name for c in register.categories()}
    inherent = matrix.value(risk.inherent)
    residual = None if risk.residual is None else matrix.value(risk.residual)
    due = register.next_review_due(risk)
    return RiskDetail(
        risk=risk,
        area_name=names.get(risk.area, risk.area),
        inherent_value=inherent,
        inherent_band=matrix.band_for(inherent),
        residual_value=residual,
        residual_band=None if residual is None else matrix.band_for(residual),
        next_review=due,
        review_overdue=risk.is_open and due < register.today(),
        scope=scope_view(register, risk.scope),
        reported_by=tuple(_org_name(register, c) for c in risk.reported_by),
        links=tuple(linked_items(register, key)),
        matrix=matrix,
        flagged=flagged_because(register, risk),
    )


@frozen
class DecisionDetail:
    """Everything a detail view shows of a decision."""

    decision: Decision
    review_by_passed: bool
    conflicts: tuple[Conflict, ...]  # this decision applies but rests on one that does not
    scope: ScopeView
    links: tuple[LinkedItem, ...]
    superseded: tuple[Supersession, ...] = ()  # it applies, and so does what supersedes it
    flagged: tuple[FlaggedBecause, ...] = ()

    @property
    def findings(self) -> tuple[Finding, ...]:
        """Its conflicts and supersessions as ``check`` words them."""
        return (*map(conflict_finding, self.conflicts),
                *map(superseded_finding, self.superseded))

    @property
    def key(self) -> str:
        return self.decision.key


def decision_detail(register: Register, key: str) -> DecisionDetail:
    decision = register.decision(key)
    return DecisionDetail(
        decision=decision,
        review_by_passed=_review_by_passed(decision, register.today()),
        conflicts=tuple(c for c in register.graph.conflicts() if c.key == key),
        scope=scope_view(register, decision.scope),
        links=tuple(linked_items(register, key)),
        superseded=tuple(x for x in register.graph.superseded_applying() if x.key == key),
        flagged=flagged_because(register, decision),
    )


def item_title(register: Register, key: str) -> str:
    return register.get(key).title


# --- assessing a decision -------------------------------------------------------------------


@frozen
class AssessPreview:
    """What assessing decision ``key`` as ``proposed`` would do, before it is done.

    One computation, :meth:`DependencyGraph.predict`, shown as ``riskreg impact --if``
    shows it: ``added`` / ``resolved`` are the findings ``check`` would find after the
    assessment and not before / before and not after (conflicts, exposed risks,
    superseded decisions that apply), worded as check words them; ``impacts`` every item
    reached with its effects; ``flagged`` the items :meth:`Register.assess` would mark
    "needs review" (none when the validity does not change).
    """

    key: str
    current: Validity
    proposed: Validity
    prediction: Prediction
    added: tuple[Finding, ...]
    resolved: tuple[Finding, ...]

    @property
    def changes_validity(self) -> bool:
        return self.current is not self.proposed

    @property
    def impacts(self) -> tuple[Impact, ...]:
        return self.prediction.impacts

    @property
    def flagged(self) -> tuple[str, ...]:
        return self.prediction.flagged


def assess_preview(register: Register, key: str, proposed: Validity | str) -> AssessPreview:
    """What assessing ``key`` as ``proposed`` would change: findings, affected items, flags."""
    proposed = Validity(proposed)
    current = register.decision(key).validity
    prediction = register.graph.predict(key, proposed)
    added, resolved = prediction_findings(prediction, register.risk, register.matrix)
    return AssessPreview(key, current, proposed, prediction, tuple(added), tuple(resolved))


# --- choices for filters and forms ----------------------------------------------------------


def care_areas(register: Register) -> list[str]:
    """The areas of care named by the register's decisions, sorted."""
    return sorted({a for d in register.decisions() for a in d.care_areas}, key=str.casefold)


def organisations(register: Register) -> list[Organisation]:
    """The parties a risk may concern: the region first, then municipalities by name."""
    orgs = list(register.directory)
    return sorted(orgs, key=lambda o: (not o.is_region, o.name.casefold()))


@frozen
class IndexEntry:
    """A key and title, for jumping to an item."""

    key: str
    kind: ItemKind
    title: str


def search_index(register: Register) -> list[IndexEntry]:
    """Every risk and decision by key and title (risks first)."""
    return [IndexEntry(r.key, ItemKind.RISK, r.title) for r in risk_summaries(register)] + [
        IndexEntry(d.key, ItemKind.DECISION, d.title) for d in register.decisions()
    ]


def review_reason_text(reason: ReviewReason) -> str:
    """A review reason as one line (trigger and detail)."""
    return f"{reason.trigger} {reason.detail}".strip()


__all__ = [
    "VALIDITY_ORDER",
    "AreaCount",
    "AssessPreview",
    "DecisionDetail",
    "DecisionRow",
    "FlaggedBecause",
    "HeatMap",
    "IndexEntry",
    "LinkedItem",
    "RiskDetail",
    "RiskRow",
    "RiskSummary",
    "ScopeView",
    "action_completions",
    "assess_preview",
    "care_areas",
    "decision_detail",
    "decision_rows",
    "filter_decision_rows",
    "filter_risk_rows",
    "flagged_because",
    "heat_map",
    "item_title",
    "linked_items",
    "organisations",
    "review_reason_text",
    "risk_detail",
    "risk_rows",
    "risk_summaries",
    "risks_per_area",
    "scope_view",
    "search_index",
    "validity_counts",
]
