"""The dependency graph between risks and decisions, speaking in keys.

A networkx MultiDiGraph holds one edge per link (``source -relation-> target``);
it stays private to :class:`DependencyGraph`, whose answers are keys, paths of
links and plain records. A change spreads against the direction of a
dependency: when decision ``D`` changes, the risks *mitigated by* or *caused
by* ``D`` and the decisions that *depend on* ``D`` are affected; when ``N``
*supersedes* ``O``, a change of ``N`` affects ``O``; when ``R1`` *aggravates*
``R2``, a change of ``R1`` affects ``R2``.

What a change of validity does
------------------------------
:meth:`DependencyGraph.predict` answers "what if decision ``D`` had validity
``v``?" in one computation that the CLI (``riskreg impact``), the review UI's
assess preview and scripts all show: every item the change reaches (the items
:meth:`~riskreg.Register.assess` flags "needs review"), each with its effects,
and the findings of :meth:`~riskreg.Register.check` that the change adds or
resolves (conflicts, exposed risks, superseded decisions that apply). It is
exact: what is predicted is what ``check`` finds after ``assess(D, v)``, minus
what it found before. Only a decision *applying* or not matters to a finding;
only ``D``'s validity changes, so every finding that changes is about a link
that touches ``D``. (Besides these, ``assess`` adds a ``needs_review`` finding
for each item in ``flagged``, clears ``D``'s own, and sets ``D``'s review-by
date, which it takes as an argument: ``review_by_passed`` is not predicted.)

Each effect is a label with the path of links that explains it. The labels
(:data:`EFFECTS`; texts ``effect.<label>`` in :mod:`riskreg.messages`):

Findings of ``check`` that appear or go (the path is the one link concerned):

- ``becomes_conflict`` / ``conflict_resolved``: a decision that depends on
  ``D`` and applies, when ``D`` stops / starts applying; or ``D`` itself, when
  it starts / stops applying while it depends on a decision that does not
  apply. A conflict is a pair (decision, the one it depends on), so a decision
  that already had a conflict with another one still gets a new one.
- ``loses_mitigation`` / ``gains_mitigation``: an open risk mitigated by ``D``
  becomes exposed (``D`` was its last mitigation that applies) / is no longer
  exposed (``D`` is its first).
- ``superseded_applies`` / ``superseded_resolved``: a decision that applies
  while the one superseding it applies too: ``D`` starts / stops applying as
  the successor of an applying decision, or as a superseded decision whose
  successor applies.

One link from ``D``, no finding changes (the item is flagged, nothing more):

- ``mitigation_weakened`` / ``mitigation_strengthened``: ``D`` stops / starts
  applying and the risk it mitigates is not exposed either way (another
  mitigation applies, or the risk is closed); ``mitigation_changed``: ``D``
  moves between validities that do not apply (the risk's exposure names it).
- ``cause_lapses`` / ``cause_applies`` / ``cause_changed``: the decision that
  causes the risk stops applying / starts applying / moves between validities
  that do not apply (no finding is about causes).
- ``conflict_changed``: the dependent decision stays in conflict with ``D``
  (``D`` moves between validities that do not apply);
  ``dependency_changed``: the dependent decision does not apply itself.
- ``successor_changed``: ``D`` supersedes the decision and no finding
  changes (the superseded decision does not apply, or ``D`` moves between
  validities that do not apply).

Further away, or without a hypothetical validity:

- ``indirect``: reached through other items (two links or more): flagged for
  review, but no finding about it changes.
- ``linked``: one link from a changed item when no validity is supposed
  (``impact(key)`` without ``if_validity``, or a risk's key).

When ``v`` is the decision's current validity nothing changes: the answer
lists no items and ``changes_validity`` is False (``assess`` flags nothing).
An item linked to ``D`` by two links (a risk both caused and mitigated by it)
gets one effect per link; the decision itself is listed (first) only when its
own findings change.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import deque
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from attrs import frozen

from riskreg.model import ItemKind, Link, Relation, Validity, kind_of_key

if TYPE_CHECKING:  # networkx is imported when a graph is first built: it costs ~80 ms
    import networkx as nx

# For each relation: does a change spread from target to source (True) or source to target?
_SPREADS_TO_SOURCE = {
    Relation.MITIGATED_BY: True,
    Relation.CAUSED_BY: True,
    Relation.DEPENDS_ON: True,
    Relation.SUPERSEDES: False,
    Relation.AGGRAVATES: False,
}
ACYCLIC_RELATIONS = (Relation.DEPENDS_ON, Relation.SUPERSEDES)

#: Every effect label, most telling first (an item's effects are listed in this order).
EFFECTS = (
    "becomes_conflict",
    "loses_mitigation",
    "superseded_applies",
    "conflict_resolved",
    "gains_mitigation",
    "superseded_resolved",
    "conflict_changed",
    "mitigation_weakened",
    "mitigation_strengthened",
    "mitigation_changed",
    "cause_applies",
    "cause_lapses",
    "cause_changed",
    "dependency_changed",
    "successor_changed",
    "linked",
    "indirect",
)
#: Effects that add or resolve a finding of ``check``.
FINDING_EFFECTS = frozenset(EFFECTS[:6])
#: Effects explained by one link between the changed decision and the item.
DIRECT_EFFECTS = frozenset(EFFECTS) - {"indirect"}
_EFFECT_ORDER = {label: n for n, label in enumerate(EFFECTS)}


@frozen
class RiskFacts:
    """What the graph needs to know of a risk."""

    value: int
    is_high: bool
    is_open: bool = True


@frozen
class Step:
    """One link on a path: ``source -relation-> target``."""

    source: str
    relation: Relation
    target: str


@frozen
class Effect:
    """What a change does to an item (a label of :data:`EFFECTS`), and the links that explain it."""

    effect: str
    path: tuple[Step, ...]

    @property
    def changes_findings(self) -> bool:
        """Whether the effect adds or resolves a finding of ``check`` (:data:`FINDING_EFFECTS`)."""
        return self.effect in FINDING_EFFECTS


@frozen
class Impact:
    """An item affected by a change, the effect on it, and the chain of links that explains why.

    ``effect`` and ``path`` are the item's most telling effect; ``also`` its other effects
    (an item linked to the changed decision by more than one link gets one per link).
    """

    key: str
    kind: ItemKind
    effect: str
    path: tuple[Step, ...]
    also: tuple[Effect, ...] = ()

    @property
    def depth(self) -> int:
        return len(self.path)

    @property
    def effects(self) -> tuple[Effect, ...]:
        """Every effect on the item, most telling first."""
        return (Effect(self.effect, self.path), *self.also)

@frozen
class Exposure:
    """An open risk with no mitigating decision that applies now."""

    key: str
    value: int
    mitigations: tuple[tuple[str, Validity], ...]


@frozen
class Conflict:
    """A decision that applies but depends on one that does not."""

    key: str
    depends_on: str
    validity: Validity


@frozen
class Supersession:
    """A decision that applies although ``successor``, which supersedes it, applies too."""

    key: str
    successor: str


@frozen
class Prediction:
    """What decision ``key`` becoming ``proposed`` would do (see the module's docstring).

    ``impacts`` are the items affected (as :meth:`DependencyGraph.impact` lists them);
    the ``*_added`` / ``*_resolved`` pairs are the findings ``check`` would find after the
    change and not before / before and not after; ``flagged`` the items ``assess`` would
    mark "needs review". ``proposed`` is None for "any change of ``key``".
    """

    key: str
    current: Validity | None
    proposed: Validity | None
    impacts: tuple[Impact, ...] = ()
    conflicts_added: tuple[Conflict, ...] = ()
    conflicts_resolved: tuple[Conflict, ...] = ()
    exposed_added: tuple[Exposure, ...] = ()
    exposed_resolved: tuple[Exposure, ...] = ()
    superseded_added: tuple[Supersession, ...] = ()
    superseded_resolved: tuple[Supersession, ...] = ()
    flagged: tuple[str, ...] = ()

    @property
    def changes_validity(self) -> bool:
        """Whether the decision's validity would change (without a proposal: any change)."""
        return self.proposed is None or self.proposed is not self.current


@frozen
class Weight:
    """How much risk a decision carries: risk values that rest on it, directly or transitively."""

    key: str
    weight: int
    risks: int


@frozen
class Neighbour:
    """A linked item seen from another: the link, and which way it points."""

    key: str
    relation: Relation
    outgoing: bool
    note: str = ""


class _Keyed(Protocol):
    @property
    def key(self) -> str: ...


_A = TypeVar("_A", bound=_Keyed)


def _key_of(answer: _Keyed) -> str:
    return answer.key


class _PerItem(Generic[_A]):
    """A whole-graph answer kept item by item, recomputed only for the items an edit touched.

    The answer is a flat list sorted by item key, each item contributing a run of zero or
    more entries (``answer_of(key)``), exactly as if it were computed over all items in key
    order. Built in full on first use; after that an edit only marks the items whose part
    it may change (:meth:`touch`), and the next question recomputes those parts and puts
    them in place by bisection.
    """

    def __init__(self, answer_of: Callable[[str], Sequence[_A]]) -> None:
        self._answer_of = answer_of
        self._found: list[_A] | None = None
        self._touched: set[str] = set()

    def touch(self, keys: Iterable[str]) -> None:
        if self._found is not None:
            self._touched.update(keys)

    def answer(self, keys: Callable[[], Iterable[str]]) -> list[_A]:
        found = self._found
        if found is None:
            found = [a for key in sorted(keys()) for a in self._answer_of(key)]
            self._found = found
            self._touched.clear()
        elif self._touched:
            # everything recomputed before anything is replaced: if a part raises, the next
            # question raises again instead of answering from half-updated parts
            fresh = [(key, self._answer_of(key)) for key in self._touched]
            for key, part in fresh:
                low = bisect_left(found, key, key=_key_of)
                found[low : bisect_right(found, key, lo=low, key=_key_of)] = part
            self._touched.clear()
        return list(found)


class DependencyGraph:
    """Risks, decisions and their links; answers impact, exposure, conflict and cycle questions.

    Exposed risks, conflicts and superseded decisions that apply are kept per item after
    they are first asked for: an edit marks the items whose part of the answer it may
    change (a risk re-rated; the risks a decision mitigates, the decisions that depend on
    it and those it supersedes when its validity changes; the ends of a link added or
    removed; what was linked to a removed item), and the next question recomputes only
    those. Cycles are kept until a depends_on / supersedes link
    (or an item that had one) changes.
    """

    def __init__(
        self,
        decisions: Mapping[str, Validity],
        risks: Mapping[str, RiskFacts],
        links: Iterable[Link],
    ) -> None:
        self._validity = dict(decisions)
        self._risks = dict(risks)
        import networkx as nx

        g: nx.MultiDiGraph[str] = nx.MultiDiGraph()
        g.add_nodes_from(self._validity, kind=ItemKind.DECISION)
        g.add_nodes_from(self._risks, kind=ItemKind.RISK)
        for link in links:
            g.add_edge(link.source, link.target, key=link.relation, note=link.note)
        self._g = g
        self._exposed = _PerItem(self._exposure_of)
        self._conflicts = _PerItem(self._conflicts_of_key)
        self._superseded = _PerItem(self._superseded_of_key)
        self._cycles: list[list[str]] | None = None

    # --- keeping up with the register (instead of rebuilding) -------------------
    # Each change marks the items whose part of a kept answer it may change:
    # - a risk's exposure rests on its facts, its mitigated_by links and the validity
    #   of their targets;
    # - a decision's conflicts rest on its validity, its depends_on links and the
    #   validity of their targets;
    # - whether a superseded decision applies with its successor rests on its validity,
    #   the supersedes links to it and the validity of their sources;
    # - cycles rest on the depends_on / supersedes links only.
    def set_decision(self, key: str, validity: Validity) -> None:
        """Add a decision or change its validity."""
        if key not in self._g:
            self._g.add_node(key, kind=ItemKind.DECISION)
        if self._validity.get(key) is not validity:
            self._validity[key] = validity
            self._exposed.touch(self.sources(key, Relation.MITIGATED_BY))
            self._conflicts.touch([key, *self.sources(key, Relation.DEPENDS_ON)])
            self._superseded.touch([key, *self.targets(key, Relation.SUPERSEDES)])

    def set_risk(self, key: str, facts: RiskFacts) -> None:
        """Add a risk or change what the graph knows of it."""
        if key not in self._g:
            self._g.add_node(key, kind=ItemKind.RISK)
        if self._risks.get(key) != facts:
            self._risks[key] = facts
            self._exposed.touch([key])

    def remove_item(self, key: str) -> None:
        """Drop a risk or decision (and any links it still has)."""
        if key in self._g:
            self._exposed.touch([key, *self.sources(key, Relation.MITIGATED_BY)])
            self._conflicts.touch([key, *self.sources(key, Relation.DEPENDS_ON)])
            self._superseded.touch([key, *self.targets(key, Relation.SUPERSEDES)])
            if any(r in ACYCLIC_RELATIONS for _, _, r in self._g.in_edges(key, keys=True)) or any(
                r in ACYCLIC_RELATIONS for _, _, r in self._g.out_edges(key, keys=True)
            ):
                self._cycles = None
            self._g.remove_node(key)
        else:
            self._exposed.touch([key])
            self._conflicts.touch([key])
            self._superseded.touch([key])
        self._validity.pop(key, None)
        self._risks.pop(key, None)

    def add_link(self, link: Link) -> None:
        self._g.add_edge(link.source, link.target, key=link.relation, note=link.note)
        self._link_changed(link)

    def remove_link(self, link: Link) -> None:
        if self._g.has_edge(link.source, link.target, key=link.relation):
            self._g.remove_edge(link.source, link.target, key=link.relation)
            self._link_changed(link)

    def _link_changed(self, link: Link) -> None:
        if link.relation is Relation.MITIGATED_BY:
            self._exposed.touch([link.source])
        elif link.relation is Relation.DEPENDS_ON:
            self._conflicts.touch([link.source])
        elif link.relation is Relation.SUPERSEDES:
            self._superseded.touch([link.target])
        if link.relation in ACYCLIC_RELATIONS:
            self._cycles = None

    # --- basic look-ups -------------------------------------------------------
    def __contains__(self, key: object) -> bool:
        return key in self._g

    def __len__(self) -> int:
        return int(self._g.number_of_nodes())

    def validity(self, key: str) -> Validity:
        return self._validity[key]

    def links(self) -> list[Link]:
        """Every link, sorted."""
        return sorted(
            (
                Link(s, r, t, d.get("note", ""))
                for s, t, r, d in self._g.edges(keys=True, data=True)
            ),
            key=lambda link: link.ends,
        )

    def neighbours(self, key: str) -> list[Neighbour]:
        """Items linked to ``key``: what it rests on (outgoing) and what rests on it (incoming)."""
        if key not in self._g:
            return []
        out = [
            Neighbour(t, r, True, d.get("note", ""))
            for _, t, r, d in self._g.out_edges(key, keys=True, data=True)
        ]
        inc = [
            Neighbour(s, r, False, d.get("note", ""))
            for s, _, r, d in self._g.in_edges(key, keys=True, data=True)
        ]
        return sorted(out, key=_neighbour_order) + sorted(inc, key=_neighbour_order)

    def targets(self, key: str, relation: Relation) -> list[str]:
        """Keys ``key`` points to by ``relation``."""
        if key not in self._g:
            return []
        # the adjacency (target -> {relation: data}) directly: cheaper than an edge view
        return sorted(t for t, relations in self._g.succ[key].items() if relation in relations)

    def sources(self, key: str, relation: Relation) -> list[str]:
        """Keys that point to ``key`` by ``relation``."""
        if key not in self._g:
            return []
        return sorted(s for s, relations in self._g.pred[key].items() if relation in relations)

    # --- impact -------------------------------------------------------------------
    def _spread_steps(self, key: str) -> Iterable[Step]:
        """The links along which a change of ``key`` spreads, as steps from ``key``."""
        for source, _, relation in self._g.in_edges(key, keys=True):
            if _SPREADS_TO_SOURCE[relation]:
                yield Step(source, relation, key)
        for _, target, relation in self._g.out_edges(key, keys=True):
            if not _SPREADS_TO_SOURCE[relation]:
                yield Step(key, relation, target)

    def affected(self, key: str, within: Collection[str] | None = None
                 ) -> dict[str, tuple[Step, ...]]:
        """Everything a change of ``key`` reaches, each with the shortest chain of links
        (with ``within``: only through, and to, those items, as a report that holds only
        them explains it)."""
        if key not in self._g:
            return {}
        paths: dict[str, tuple[Step, ...]] = {key: ()}
        queue = deque([key])
        while queue:
            here = queue.popleft()
            for step in sorted(self._spread_steps(here), key=_step_order):
                there = step.source if step.target == here else step.target
                if there not in paths and (within is None or there in within):
                    paths[there] = (*paths[here], step)
                    queue.append(there)
        del paths[key]
        return paths

    def impact(self, key: str, if_validity: Validity | None = None) -> list[Impact]:
        """What is affected, directly and transitively, if decision ``key`` became ``if_validity``.

        Without ``if_validity``: what a change of ``key`` of any kind would reach.
        The decision itself first (when its own findings change), then by depth and key;
        the items of :meth:`predict`, whose module docstring says what each effect means.
        """
        return list(self.predict(key, if_validity).impacts)

    def predict(self, key: str, if_validity: Validity | None = None) -> Prediction:
        """What decision ``key`` becoming ``if_validity`` would do: items reached with their
        effects, and the findings of check it would add and resolve (see the module docstring).
        """
        current = self._validity.get(key)
        proposed = if_validity if current is not None else None
        if key not in self._g or (proposed is not None and proposed is current):
            return Prediction(key, current, proposed)
        reached = self.affected(key)
        found = _Found()
        if current is None or proposed is None:
            for step in self._spread_steps(key):
                found.effect(step.source if step.target == key else step.target, "linked", step)
        else:
            self._direct_effects(key, current, proposed, found)
        impacts = []
        if key in found.effects:  # the decision itself, when its own findings change
            impacts.append(self._impact_of(key, [Effect(e, p) for e, p in found.effects[key]]))
        for other, path in sorted(reached.items(), key=lambda kp: (len(kp[1]), kp[0])):
            effects = [Effect(e, p) for e, p in found.effects.get(other, ())]
            impacts.append(self._impact_of(other, effects or [Effect("indirect", path)]))
        return Prediction(
            key, current, proposed, tuple(impacts),
            conflicts_added=tuple(found.conflicts_added),
            conflicts_resolved=tuple(found.conflicts_resolved),
            exposed_added=tuple(found.exposed_added),
            exposed_resolved=tuple(found.exposed_resolved),
            superseded_added=tuple(found.superseded_added),
            superseded_resolved=tuple(found.superseded_resolved),
            flagged=tuple(sorted(reached)),
        )

    def _impact_of(self, key: str, effects: list[Effect]) -> Impact:
        effects.sort(key=lambda e: (_EFFECT_ORDER[e.effect], [_step_order(s) for s in e.path]))
        first = effects[0]
        return Impact(key, self._kind(key), first.effect, first.path, tuple(effects[1:]))

    def _direct_effects(self, key: str, current: Validity, proposed: Validity,
                        found: _Found) -> None:
        """The effects of ``key`` going from ``current`` to ``proposed`` on the items one link
        away and on ``key`` itself, with the findings they add and resolve."""
        was, now = current is Validity.APPLIES, proposed is Validity.APPLIES
        validity_after = {**self._validity, key: proposed}
        for step in sorted(self._spread_steps(key), key=_step_order):
            if step.relation is Relation.MITIGATED_BY:
                risk = step.source
                exposed_before = self._exposure_under(risk, self._validity)
                exposed_after = self._exposure_under(risk, validity_after)
                if exposed_after is not None and exposed_before is None:
                    found.effect(risk, "loses_mitigation", step)
                    found.exposed_added.append(exposed_after)
                elif exposed_before is not None and exposed_after is None:
                    found.effect(risk, "gains_mitigation", step)
                    found.exposed_resolved.append(exposed_before)
                else:
                    found.effect(risk, _toggled(was, now, "mitigation_weakened",
                                                "mitigation_strengthened", "mitigation_changed"),
                                 step)
            elif step.relation is Relation.CAUSED_BY:
                found.effect(step.source,
                             _toggled(was, now, "cause_lapses", "cause_applies", "cause_changed"),
                             step)
            elif step.relation is Relation.DEPENDS_ON:
                dependent = step.source
                if self._validity.get(dependent) is not Validity.APPLIES:
                    found.effect(dependent, "dependency_changed", step)
                elif was and not now:
                    found.effect(dependent, "becomes_conflict", step)
                    found.conflicts_added.append(Conflict(dependent, key, proposed))
                elif now and not was:
                    found.effect(dependent, "conflict_resolved", step)
                    found.conflicts_resolved.append(Conflict(dependent, key, current))
                else:
                    found.effect(dependent, "conflict_changed", step)
            elif step.relation is Relation.SUPERSEDES:
                old = step.target
                if self._validity.get(old) is Validity.APPLIES and was != now:
                    found.effect(old, "superseded_applies" if now else "superseded_resolved",
                                 step)
                    (found.superseded_added if now else found.superseded_resolved).append(
                        Supersession(old, key))
                else:
                    found.effect(old, "successor_changed", step)
            else:  # pragma: no cover - a decision aggravates nothing
                found.effect(step.target, "linked", step)
        if was == now:
            return  # findings of the decision itself rest on whether it applies
        for target in self.targets(key, Relation.DEPENDS_ON):
            validity = self._validity[target]
            if validity is not Validity.APPLIES:
                step = Step(key, Relation.DEPENDS_ON, target)
                found.effect(key, "becomes_conflict" if now else "conflict_resolved", step)
                (found.conflicts_added if now else found.conflicts_resolved).append(
                    Conflict(key, target, validity))
        for successor in self.sources(key, Relation.SUPERSEDES):
            if self._validity[successor] is Validity.APPLIES:
                step = Step(successor, Relation.SUPERSEDES, key)
                found.effect(key, "superseded_applies" if now else "superseded_resolved", step)
                (found.superseded_added if now else found.superseded_resolved).append(
                    Supersession(key, successor))

    def _kind(self, key: str) -> ItemKind:
        return ItemKind.DECISION if key in self._validity else ItemKind.RISK

    def _conflicts_of(self, decision: str, validity: Mapping[str, Validity]) -> list[str]:
        if validity.get(decision) is not Validity.APPLIES:
            return []
        return [
            d
            for d in self.targets(decision, Relation.DEPENDS_ON)
            if validity.get(d) is not Validity.APPLIES
        ]

    # --- whole-graph questions (computed once per graph, then kept item by item) ---
    def _exposure_of(self, key: str) -> tuple[Exposure, ...]:
        """The exposure of risk ``key`` (none, or one)."""
        found = self._exposure_under(key, self._validity)
        return () if found is None else (found,)

    def _exposure_under(self, key: str, validity: Mapping[str, Validity]) -> Exposure | None:
        """The exposure of risk ``key`` if the decisions had ``validity``, or None."""
        facts = self._risks.get(key)
        if facts is None or not facts.is_open:
            return None
        mitigations = self.targets(key, Relation.MITIGATED_BY)
        return exposure(key, facts, [(d, validity[d]) for d in mitigations])

    def exposed_risks(self) -> list[Exposure]:
        """Open risks whose every mitigating decision no longer applies, or high ones with none."""
        return self._exposed.answer(self._risks.keys)

    def _conflicts_of_key(self, key: str) -> tuple[Conflict, ...]:
        """The conflicts of decision ``key``, by the key it depends on."""
        if key not in self._validity:
            return ()
        return tuple(
            Conflict(key, target, self._validity[target])
            for target in self._conflicts_of(key, self._validity)
        )

    def conflicts(self) -> list[Conflict]:
        """Applying decisions that depend directly on a suspended, uncertain or unreviewed one."""
        return self._conflicts.answer(self._validity.keys)

    def _superseded_of_key(self, key: str) -> tuple[Supersession, ...]:
        """Decision ``key`` applying while a decision that supersedes it applies, per successor."""
        if self._validity.get(key) is not Validity.APPLIES:
            return ()
        return tuple(
            Supersession(key, successor)
            for successor in self.sources(key, Relation.SUPERSEDES)
            if self._validity.get(successor) is Validity.APPLIES
        )

    def superseded_applying(self) -> list[Supersession]:
        """Applying decisions superseded by a decision that applies too (one per successor)."""
        return self._superseded.answer(self._validity.keys)

    def _acyclic_view(self) -> nx.DiGraph[str]:
        import networkx as nx

        view: nx.DiGraph[str] = nx.DiGraph()
        view.add_edges_from(
            (s, t) for s, t, r in self._g.edges(keys=True) if r in ACYCLIC_RELATIONS
        )
        return view

    def cycles(self) -> list[list[str]]:
        """Cycles through depends_on / supersedes links (there should be none)."""
        if self._cycles is None:
            import networkx as nx

            found = [sorted_cycle(c) for c in nx.simple_cycles(self._acyclic_view())]
            self._cycles = sorted(found)
        return [list(cycle) for cycle in self._cycles]

    def would_close_cycle(self, link: Link) -> list[str] | None:
        """The cycle that adding ``link`` would close, or None."""
        if link.relation not in ACYCLIC_RELATIONS or link.target not in self._g:
            return None
        parents: dict[str, str | None] = {link.target: None}
        queue = deque([link.target])
        while queue:
            here = queue.popleft()
            if here == link.source:
                path = [here]
                while (step := parents[path[-1]]) is not None:
                    path.append(step)
                return [link.source, *reversed(path)]
            for _, there, relation in self._g.out_edges(here, keys=True):
                if relation in ACYCLIC_RELATIONS and there not in parents:
                    parents[there] = here
                    queue.append(there)
        return None

    def ranking(self) -> list[Weight]:
        """Decisions by the risk that rests on them (sum of risk values reached), heaviest first."""
        weights = []
        for key in self._validity:
            risks = [k for k in self.affected(key) if k in self._risks and self._risks[k].is_open]
            weights.append(Weight(key, sum(self._risks[k].value for k in risks), len(risks)))
        return sorted(weights, key=lambda w: (-w.weight, w.key))

    def without(
        self, keys: Iterable[str], note: Callable[[str], str] | None = None
    ) -> DependencyGraph:
        """A copy without ``keys`` and their links (e.g. internal items before sharing);
        ``note`` rewrites the notes of the links kept."""
        drop = set(keys)
        return DependencyGraph(
            {k: v for k, v in self._validity.items() if k not in drop},
            {k: f for k, f in self._risks.items() if k not in drop},
            [x if note is None else Link(x.source, x.relation, x.target, note(x.note))
             for x in self.links() if x.source not in drop and x.target not in drop],
        )

    # --- export ---------------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        """Nodes and links as plain data."""
        nodes = [
            {"key": k, "kind": "decision", "validity": str(v)}
            for k, v in sorted(self._validity.items())
        ] + [
            {"key": k, "kind": "risk", "value": f.value, "high": f.is_high, "open": f.is_open}
            for k, f in sorted(self._risks.items())
        ]
        links = [
            {
                "source": link.source,
                "relation": str(link.relation),
                "target": link.target,
                "note": link.note,
            }
            for link in self.links()
        ]
        return {"nodes": nodes, "links": links}

    def to_dot(self, lang: str | None = None) -> str:
        """Graphviz DOT, validity and relations in words in ``lang``."""
        from riskreg.words import word

        lines = ["digraph riskreg {", "  rankdir=LR;"]
        for key, validity in sorted(self._validity.items()):
            shown = word("validity", validity, lang)
            lines.append(f'  "{key}" [shape=box, label="{key}\\n{shown}"];')
        for key, facts in sorted(self._risks.items()):
            lines.append(f'  "{key}" [shape=ellipse, label="{key}\\n{facts.value}"];')
        for link in self.links():
            relation = word("relation", link.relation, lang)
            lines.append(f'  "{link.source}" -> "{link.target}" [label="{relation}"];')
        lines.append("}")
        return "\n".join(lines) + "\n"

    def to_mermaid(self, lang: str | None = None) -> str:
        """A Mermaid flowchart, validity and relations in words in ``lang``."""
        from riskreg.words import word

        lines = ["flowchart LR"]
        ids = {key: key.replace("-", "_") for key in sorted(self._g.nodes)}
        for key, validity in sorted(self._validity.items()):
            lines.append(f'  {ids[key]}["{key} ({word("validity", validity, lang)})"]')
        for key, facts in sorted(self._risks.items()):
            lines.append(f'  {ids[key]}(["{key} ({facts.value})"])')
        for link in self.links():
            relation = word("relation", link.relation, lang)
            lines.append(f'  {ids[link.source]} -->|"{relation}"| {ids[link.target]}')
        return "\n".join(lines) + "\n"

    def to_graphml(self) -> str:
        """GraphML (for yEd, Gephi)."""
        import networkx as nx

        g: nx.MultiDiGraph[str] = nx.MultiDiGraph()
        for key, validity in sorted(self._validity.items()):
            g.add_node(key, kind="decision", validity=str(validity))
        for key, facts in sorted(self._risks.items()):
            g.add_node(key, kind="risk", value=facts.value)
        for link in self.links():
            g.add_edge(
                link.source,
                link.target,
                key=str(link.relation),
                relation=str(link.relation),
                note=link.note,
            )
        return "\n".join(nx.generate_graphml(g)) + "\n"


class _Found:
    """Effects per item, and findings added and resolved, as a prediction collects them."""

    def __init__(self) -> None:
        self.effects: dict[str, list[tuple[str, tuple[Step, ...]]]] = {}
        self.conflicts_added: list[Conflict] = []
        self.conflicts_resolved: list[Conflict] = []
        self.exposed_added: list[Exposure] = []
        self.exposed_resolved: list[Exposure] = []
        self.superseded_added: list[Supersession] = []
        self.superseded_resolved: list[Supersession] = []

    def effect(self, key: str, label: str, step: Step) -> None:
        self.effects.setdefault(key, []).append((label, (step,)))


def _toggled(was: bool, now: bool, stops: str, starts: str, neither: str) -> str:
    """The label for a decision that stops applying, starts applying, or does neither."""
    if was and not now:
        return stops
    if now and not was:
        return starts
    return neither


def exposure(
    key: str, facts: RiskFacts, mitigations: Sequence[tuple[str, Validity]]
) -> Exposure | None:
    """The rule of exposure: an open risk none of whose ``mitigations`` (decision, validity)
    applies now, if it has any or is at a high level. The graph asks it with every
    mitigating decision; a report with those its recipient may see."""
    if not facts.is_open or any(v is Validity.APPLIES for _k, v in mitigations):
        return None
    if mitigations or facts.is_high:
        return Exposure(key, facts.value, tuple(mitigations))
    return None


def sorted_cycle(cycle: list[str]) -> list[str]:
    """A cycle rotated to start at its smallest key, closed (first key repeated at the end)."""
    start = cycle.index(min(cycle))
    rotated = cycle[start:] + cycle[:start]
    return [*rotated, rotated[0]]


def _step_order(step: Step) -> tuple[str, str, str]:
    return (step.source, str(step.relation), step.target)


def _neighbour_order(n: Neighbour) -> tuple[str, str]:
    return (str(n.relation), n.key)


__all__ = [
    "DIRECT_EFFECTS",
    "EFFECTS",
    "FINDING_EFFECTS",
    "Conflict",
    "DependencyGraph",
    "Effect",
    "Exposure",
    "Impact",
    "Neighbour",
    "Prediction",
    "RiskFacts",
    "Step",
    "Supersession",
    "Weight",
    "exposure",
    "kind_of_key",
]
