"""Build the municipalities' reports from a register, and the snapshot the next edition
compares with.

What a recipient may see is decided here and only here: an item is in a
report when it is shared (never internal) and its scope concerns the
recipient. Links, exposures, conflicts and changes are cut to what the
recipient may see, so not even the key of another item leaks through them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from riskreg.editions import Edition, Snapshot, SnapshotItem, item_digest
from riskreg.model import (
    Decision,
    Organisation,
    Relation,
    RiskStatus,
    Scope,
    Validity,
    Visibility,
)
from riskreg.register import Register
from riskreg.report.model import (
    CHANGED,
    CLOSED,
    NEW,
    VALIDITY_ORDER,
    Changes,
    ConflictItem,
    DecisionItem,
    ExposureItem,
    PreviousEdition,
    Report,
    RiskChange,
    RiskEntry,
    RiskItem,
    Stamp,
    ValidityChange,
)
from riskreg.serialize import to_doc


class _Visibility:
    """Which shared items concern which recipient (scopes are few: each is asked once per
    recipient)."""

    def __init__(self, recipients: Sequence[Organisation]) -> None:
        self.recipients = list(recipients)
        self._masks: dict[Scope, int] = {}

    def mask(self, scope: Scope) -> int:
        """Bit *i* set when the scope concerns ``recipients[i]``."""
        mask = self._masks.get(scope)
        if mask is None:
            mask = 0
            for i, org in enumerate(self.recipients):
                if scope.concerns(org):
                    mask |= 1 << i
            self._masks[scope] = mask
        return mask


def build_reports(
    register: Register,
    recipients: Sequence[Organisation],
    *,
    edition: int,
    generated_at: datetime,
    generated_by: str,
    register_hash: str = "",
    recorded: bool = True,
) -> tuple[list[Report], Snapshot]:
    """One report per recipient (in the given order) and the snapshot of what each saw."""
    matrix = register.matrix
    areas = tuple(register.categories())
    area_names = {a.key: a.name for a in areas}
    area_order = {a.key: i for i, a in enumerate(areas)}
    shared = Visibility.SHARED
    risks = [r for r in register.risks() if r.visibility is shared]
    decisions = [d for d in register.decisions() if d.visibility is shared]
    internal = register.internal_keys()
    codes = tuple(o.code for o in recipients)
    seen = _Visibility(recipients)

    entries: dict[str, RiskEntry] = {}
    snapshot_items: dict[str, tuple[str, str, int, int]] = {}
    masks: dict[str, int] = {}
    for risk in risks:
        value = matrix.value(risk.rating)
        entries[risk.key] = RiskEntry(risk, area_names.get(risk.area, risk.area), value,
                                      matrix.band_for(value))
        masks[risk.key] = seen.mask(risk.scope)
    decision_by_key: dict[str, Decision] = {}
    for decision in decisions:
        decision_by_key[decision.key] = decision
        masks[decision.key] = seen.mask(decision.scope)
    for key, mask in masks.items():
        if mask:
            if key in entries:
                entry = entries[key]
                snapshot_items[key] = (item_digest(to_doc(entry.risk)), str(entry.risk.status),
                                       entry.value, mask)
            else:
                d = decision_by_key[key]
                snapshot_items[key] = (item_digest(to_doc(d)), str(d.validity), 0, mask)
    snapshot = Snapshot.make(codes, snapshot_items)

    graph = register.graph
    everyone = (1 << len(recipients)) - 1

    def with_masks(pairs: Sequence[tuple[str, Validity]]) -> tuple[Any, ...]:
        """Mitigations with the mask of who may see each; the tuple itself when all may."""
        marked = tuple((k, v, masks.get(k, 0)) for k, v in pairs)
        return tuple(pairs) if all(m == everyone for _k, _v, m in marked) else marked

    ordered_risks = sorted(
        entries.values(),
        key=lambda e: (area_order.get(e.risk.area, len(area_order)), -e.value, e.risk.key),
    )
    risk_rows = [
        (e, masks[e.risk.key], with_masks([(k, decision_by_key[k].validity)
                                           for k in graph.targets(e.risk.key,
                                                                  Relation.MITIGATED_BY)
                                           if k in decision_by_key]))
        for e in ordered_risks if masks[e.risk.key]
    ]
    exposures = [(x, masks.get(x.key, 0), with_masks(x.mitigations))
                 for x in graph.exposed_risks() if masks.get(x.key, 0)]
    conflicts = [(c, masks.get(c.key, 0) & masks.get(c.depends_on, 0))
                 for c in graph.conflicts()]
    validity_rank = {v: i for i, v in enumerate(VALIDITY_ORDER)}
    ordered_decisions = [(d, masks[d.key]) for d in sorted(
        decisions, key=lambda d: (validity_rank[d.validity], d.key)) if masks[d.key]]
    scope_names = {o.code: o.name for o in register.directory}
    titles = {key: e.risk.title for key, e in entries.items()}
    titles.update({d.key: d.title for d in decisions})

    def seen_by(pairs: tuple[Any, ...], bit: int) -> tuple[tuple[str, Validity], ...]:
        if not pairs or len(pairs[0]) == 2:
            return pairs
        return tuple((k, v) for k, v, m in pairs if m & bit)

    reports = []
    for index, org in enumerate(recipients):
        bit = 1 << index
        visible = frozenset(key for key, mask in masks.items() if mask & bit)
        previous = register.latest_edition(org.code)
        before = _seen_before(register, previous, org.code)
        changes, markers = _changes(before, snapshot_items, visible, entries, internal)
        code = org.code
        risk_items = tuple(
            RiskItem(e, code in e.risk.reported_by, seen_by(mits, bit), markers.get(e.risk.key))
            for e, mask, mits in risk_rows if mask & bit
        )
        decision_items = tuple(
            DecisionItem(d, markers.get(d.key)) for d, mask in ordered_decisions if mask & bit
        )
        exposed = tuple(ExposureItem(x.key, x.value, seen_by(mits, bit))
                        for x, mask, mits in exposures if mask & bit)
        conflict_items = tuple(ConflictItem(c.key, c.depends_on, c.validity)
                               for c, mask in conflicts if mask & bit)
        stamp = Stamp(
            edition=edition, generated_at=generated_at, generated_by=generated_by,
            previous=PreviousEdition(previous.number, previous.at) if previous else None,
            recorded=recorded,
        )
        reports.append(Report(
            recipient=org, register_name=register.name, register_hash=register_hash,
            today=register.today(),
            stamp=stamp, matrix=matrix, areas=areas, risks=risk_items, decisions=decision_items,
            exposed=exposed, conflicts=conflict_items, changes=changes, scope_names=scope_names,
            titles=titles, visible=visible,
        ))
    return reports, snapshot


def _seen_before(
    register: Register, previous: Edition | None, code: str
) -> dict[str, SnapshotItem] | None:
    """What ``code`` saw in its previous edition, or None for a first edition."""
    if previous is None:
        return None
    snapshot = register.snapshot(previous.snapshot)
    if snapshot is None:  # pragma: no cover - the log keeps every recipient's latest snapshot
        return None
    return snapshot.seen_by(code)


def _changes(
    before: dict[str, SnapshotItem] | None,
    now: dict[str, tuple[str, str, int, int]],
    visible: frozenset[str],
    risks: dict[str, RiskEntry],
    internal: set[str],
) -> tuple[Changes, dict[str, str]]:
    """What changed for one recipient, and the marker of each changed item in its report."""
    if before is None:
        return Changes(), {}
    markers: dict[str, str] = {}
    risks_new: list[str] = []
    risks_closed: list[str] = []
    risks_removed: list[str] = []
    decisions_new: list[str] = []
    decisions_changed: list[str] = []
    decisions_removed: list[str] = []
    risks_changed: list[RiskChange] = []
    decisions_validity: list[ValidityChange] = []
    for key in sorted(visible):
        digest, state, value, _mask = now[key]
        old = before.get(key)
        is_risk = key in risks
        if old is None:
            (risks_new if is_risk else decisions_new).append(key)
            markers[key] = NEW
        elif old.digest == digest:
            continue
        elif is_risk and state == RiskStatus.CLOSED and old.state != RiskStatus.CLOSED:
            risks_closed.append(key)
            markers[key] = CLOSED
        elif is_risk:
            risks_changed.append(RiskChange(key, old.state, state, old.value, value))
            markers[key] = CHANGED
        elif old.state != state:
            decisions_validity.append(ValidityChange(key, old.state, state))
            markers[key] = CHANGED
        else:
            decisions_changed.append(key)
            markers[key] = CHANGED
    for key in sorted(set(before) - visible):
        if key in internal:
            continue  # an item made internal leaves without a trace
        (risks_removed if key.startswith("R-") else decisions_removed).append(key)
    return Changes(
        risks_new=tuple(risks_new), risks_changed=tuple(risks_changed),
        risks_closed=tuple(risks_closed), risks_removed=tuple(risks_removed),
        decisions_new=tuple(decisions_new), decisions_validity=tuple(decisions_validity),
        decisions_changed=tuple(decisions_changed), decisions_removed=tuple(decisions_removed),
    ), markers



__all__ = ["build_reports"]
