"""Build the municipalities' reports from a register, and the snapshot the next edition
compares with.

What a recipient may see is decided here and only here: an item is in a
report when it is shared (never internal, never a municipality's submission:
:attr:`~riskreg.model.Visibility.is_shared`) and its scope concerns the
recipient. A report is a function of those items alone (DESIGN.md invariant 3):

- mitigations, exposures and conflicts are computed from the decisions the
  recipient may see, not from the whole graph (a shared risk mitigated only by an
  internal decision, or by one that concerns another municipality, is exposed in
  this report exactly when it would be without that decision: when it is high);
- text naming an internal item is cut (:mod:`riskreg.sharing`); review flags,
  revisions and ``updated`` dates are never shown, so a flag set by an internal
  assessment changes nothing;
- the changes since the previous edition compare what the recipient saw with
  what it sees now; an item that left the shared items by becoming internal leaves
  without a trace, also once it is removed;
- the content hash of a report covers what the report is made of, nothing else.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import attrs

from riskreg.editions import Edition, Snapshot, SnapshotItem, item_digest
from riskreg.graph import DependencyGraph, RiskFacts, exposure
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
from riskreg.report.changes import PreviousContent, field_changes
from riskreg.report.model import (
    CHANGED,
    CLOSED,
    NEW,
    VALIDITY_ORDER,
    Changes,
    ConflictItem,
    DecisionItem,
    ExposureItem,
    FieldChange,
    PreviousEdition,
    Report,
    ReviewItem,
    RiskChange,
    RiskEntry,
    RiskItem,
    Stamp,
    ValidityChange,
)
from riskreg.serialize import matrix_to_doc, to_doc
from riskreg.sharing import Redactor


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
    recorded: bool = True,
    baselines: Sequence[Edition | None] | None = None,
) -> tuple[list[Report], Snapshot]:
    """One report per recipient (in the given order) and the snapshot of what each saw.

    What changed is measured against the edition each recipient received
    (:meth:`Register.received_edition`), or against ``baselines[i]`` for recipient *i* when
    given (a message to one address measures against what that address was delivered).
    """
    matrix = register.matrix
    areas = tuple(register.categories())
    area_names = {a.key: a.name for a in areas}
    area_order = {a.key: i for i, a in enumerate(areas)}
    internal = register.unshared_keys()
    cut = Redactor(internal, register.known_keys())
    codes = tuple(o.code for o in recipients)
    seen = _Visibility(recipients)

    entries: dict[str, RiskEntry] = {}
    snapshot_items: dict[str, tuple[str, str, int, int]] = {}
    masks: dict[str, int] = {}
    digests: dict[str, str] = {}
    decision_by_key: dict[str, Decision] = {}
    for risk in register.risks():
        if not risk.is_shared:
            continue
        mask = masks[risk.key] = seen.mask(risk.scope)
        if not mask:
            continue
        doc = to_doc(risk)
        digest = digests[risk.key] = item_digest(doc)
        risk = cut.model(risk, doc)
        value = matrix.value(risk.rating)
        entries[risk.key] = RiskEntry(risk, area_names.get(risk.area, risk.area), value,
                                      matrix.band_for(value))
        snapshot_items[risk.key] = (digest, str(risk.status), value, mask)
    for decision in register.decisions():
        if not decision.is_shared:
            continue
        mask = masks[decision.key] = seen.mask(decision.scope)
        if not mask:
            continue
        doc = to_doc(decision)
        digest = digests[decision.key] = item_digest(doc)
        decision_by_key[decision.key] = cut.model(decision, doc)
        snapshot_items[decision.key] = (digest, str(decision.validity), 0, mask)
    decisions = list(decision_by_key.values())
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
                                           if k in decision_by_key]),
         RiskFacts(e.value, e.band.is_high, e.risk.is_open))
        for e in ordered_risks
    ]
    # a risk whose mitigations every recipient sees has one exposure for all of them
    shared_exposure = {
        e.risk.key: exposure(e.risk.key, facts, mits)
        for e, _mask, mits, facts in risk_rows if not mits or len(mits[0]) == 2
    }
    # a conflict rests on two decisions and their link: shown when the recipient sees both
    conflicts = [(c, masks.get(c.key, 0) & masks.get(c.depends_on, 0))
                 for c in graph.conflicts()]
    validity_rank = {v: i for i, v in enumerate(VALIDITY_ORDER)}
    ordered_decisions = [(d, masks[d.key]) for d in sorted(
        decisions, key=lambda d: (validity_rank[d.validity], d.key))]
    scope_names = {o.code: o.name for o in register.directory}
    titles = {key: e.risk.title for key, e in entries.items()}
    titles.update({d.key: d.title for d in decisions})
    content = _Content(register, digests, graph)
    departed = _Departed(register, internal)
    previous_content = PreviousContent(register)
    field_cache: dict[tuple[str, str], tuple[FieldChange, ...]] = {}

    def fields(key: str, old: SnapshotItem) -> tuple[FieldChange, ...]:
        """The fields of ``key`` that changed since the recipient saw it (``old``)."""
        found = field_cache.get((key, old.digest))
        if found is None:
            before = previous_content.doc(key, old.digest)
            if key in entries:
                kind, now = "risk", to_doc(entries[key].risk)
            else:
                kind, now = "decision", to_doc(decision_by_key[key])
            found = () if before is None else field_changes(key, kind, before, now, cut)
            field_cache[(key, old.digest)] = found
        return found

    def seen_by(pairs: tuple[Any, ...], bit: int) -> tuple[tuple[str, Validity], ...]:
        if not pairs or len(pairs[0]) == 2:
            return pairs
        return tuple((k, v) for k, v, m in pairs if m & bit)

    reports = []
    for index, org in enumerate(recipients):
        bit = 1 << index
        visible = frozenset(key for key, mask in masks.items() if mask & bit)
        previous = (baselines[index] if baselines is not None
                    else register.received_edition(org.code))
        before = _seen_before(register, previous, org.code)
        changes, markers = _changes(before, snapshot_items, visible, entries, departed)
        if changes.count and before is not None:
            changed = [k for k in markers if markers[k] != NEW]
            changes = attrs.evolve(
                changes,
                fields=tuple(f for k in sorted(changed) for f in fields(k, before[k])),
                review=_review(graph, changes.decisions_validity, visible))
        code = org.code
        risk_list: list[RiskItem] = []
        exposed_list: list[ExposureItem] = []
        for e, mask, mits, facts in risk_rows:
            if not mask & bit:
                continue
            key = e.risk.key
            seen_mits = seen_by(mits, bit)  # the mitigating decisions this recipient sees
            risk_list.append(RiskItem(e, code in e.risk.reported_by, seen_mits, markers.get(key)))
            x = (shared_exposure[key] if key in shared_exposure
                 else exposure(key, facts, seen_mits))
            if x is not None:
                exposed_list.append(ExposureItem(x.key, x.value, x.mitigations))
        risk_items = tuple(risk_list)
        exposed = tuple(sorted(exposed_list, key=lambda x: x.key))
        decision_items = tuple(
            DecisionItem(d, markers.get(d.key)) for d, mask in ordered_decisions if mask & bit
        )
        conflict_items = tuple(ConflictItem(c.key, c.depends_on, c.validity)
                               for c, mask in conflicts if mask & bit)
        stamp = Stamp(
            edition=edition, generated_at=generated_at, generated_by=generated_by,
            previous=PreviousEdition(previous.number, previous.at) if previous else None,
            recorded=recorded,
        )
        reports.append(Report(
            recipient=org, register_name=register.name,
            register_hash=content.hash(org, visible),
            today=register.today(),
            stamp=stamp, matrix=matrix, areas=areas, risks=risk_items, decisions=decision_items,
            exposed=exposed, conflicts=conflict_items, changes=changes, scope_names=scope_names,
            titles=titles, visible=visible,
        ))
    return reports, snapshot


def _review(graph: DependencyGraph, validity_changes: Sequence[ValidityChange],
            visible: frozenset[str]) -> tuple[ReviewItem, ...]:
    """What each decision whose validity changed reaches, through and to items of the report
    only (the register flags the same items "needs review" when the decision is assessed)."""
    found = []
    for change in validity_changes:
        for key, path in sorted(graph.affected(change.key, within=visible).items()):
            found.append(ReviewItem(key, change.key, path))
    return tuple(found)


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


class _Content:
    """The content hash of each report: SHA-256 of what the report is made of (the register's
    name, matrix and areas, the recipient, and each item it shows with its content digest and
    its links to other items it shows), so no other item, shared or internal, moves it."""

    def __init__(self, register: Register, digests: dict[str, str],
                 graph: DependencyGraph) -> None:
        import hashlib

        head = {"name": register.name, "matrix": matrix_to_doc(register.matrix),
                "areas": [to_doc(a) for a in register.categories()]}
        self._head = hashlib.sha256(_canonical(head))
        self._keys = sorted(digests)
        self._items = {key: _canonical([key, digests[key]]) for key in self._keys}
        self._links: dict[str, list[tuple[str, bytes]]] = {}  # key -> (target, link's bytes)
        for key in self._keys:
            links = [(n.key, f"{n.relation}>{n.key};".encode()) for n in graph.neighbours(key)
                     if n.outgoing and n.key in digests]
            if links:
                self._links[key] = links

    def hash(self, org: Organisation, visible: frozenset[str]) -> str:
        h = self._head.copy()
        h.update(_canonical(to_doc(org)))
        links_of = self._links
        for key in self._keys:
            if key in visible:
                h.update(self._items[key])
                links = links_of.get(key)
                if links:
                    h.update(b"".join(data for target, data in links if target in visible))
        return h.hexdigest()


def _canonical(value: Any) -> bytes:
    import json

    return json.dumps(value, sort_keys=True, ensure_ascii=False,
                      separators=(",", ":")).encode("utf-8") + b"\n"


class _Departed:
    """Which keys left the shared items by becoming internal: those internal now, and those
    removed while internal (read from their history, once asked). Such an item leaves a report
    without a trace; an item that was removed while shared, or whose scope no longer concerns
    the recipient, is listed as no longer in the report."""

    def __init__(self, register: Register, internal: set[str]) -> None:
        self._register = register
        self._internal = internal
        self._removed: dict[str, bool] = {}

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        if key in self._internal:
            return True
        if key in self._register:
            return False  # shared, its scope no longer concerns the recipient
        found = self._removed.get(key)
        if found is None:
            found = self._removed[key] = _removed_while_internal(self._register, key)
        return found


def _removed_while_internal(register: Register, key: str) -> bool:
    from riskreg.errors import RiskregError

    try:
        history = register.history(key)
    except RiskregError:  # a damaged history: what it cannot tell is listed by key
        return False
    for change in reversed(history):
        if change.key == key and change.action == "remove":
            before = change.before or {}
            return bool(before.get("visibility", Visibility.SHARED) != Visibility.SHARED)
    return False


def _changes(
    before: dict[str, SnapshotItem] | None,
    now: dict[str, tuple[str, str, int, int]],
    visible: frozenset[str],
    risks: dict[str, RiskEntry],
    departed: _Departed,
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
        if key in departed:
            continue  # an item made internal leaves without a trace
        (risks_removed if key.startswith("R-") else decisions_removed).append(key)
    return Changes(
        risks_new=tuple(risks_new), risks_changed=tuple(risks_changed),
        risks_closed=tuple(risks_closed), risks_removed=tuple(risks_removed),
        decisions_new=tuple(decisions_new), decisions_validity=tuple(decisions_validity),
        decisions_changed=tuple(decisions_changed), decisions_removed=tuple(decisions_removed),
    ), markers



__all__ = ["build_reports"]
