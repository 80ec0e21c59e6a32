"""The dependency graph between risks and decisions, speaking in keys.

A networkx MultiDiGraph holds one edge per link (``source -relation-> target``);
it stays private to :class:`DependencyGraph`, whose answers are keys, paths of
links and plain records. A change spreads against the direction of a
dependency: when decision ``D`` changes, the risks *mitigated by* or *caused
by* ``D`` and the decisions that *depend on* ``D`` are affected; when ``N``
*supersedes* ``O``, a change of ``N`` affects ``O``; when ``R1`` *aggravates*
``R2``, a change of ``R1`` affects ``R2``.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import deque
from collections.abc import Callable, Iterable, Mapping, Sequence
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
class Impact:
    """An item affected by a change, the effect on it, and the chain of links that explains why."""

    key: str
    kind: ItemKind
    effect: str
    path: tuple[Step, ...]

    @property
    def depth(self) -> int:
        return len(self.path)


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

    Exposed risks and conflicts are kept per item after they are first asked for: an edit
    marks the items whose part of the answer it may change (a risk re-rated; the risks a
    decision mitigates and the decisions that depend on it when its validity changes; the
    source of a link added or removed; what was linked to a removed item), and the next
    question recomputes only those. Cycles are kept until a depends_on / supersedes link
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
        self._cycles: list[list[str]] | None = None

    # --- keeping up with the register (instead of rebuilding) -------------------
    # Each change marks the items whose part of a kept answer it may change:
    # - a risk's exposure rests on its facts, its mitigated_by links and the validity
    #   of their targets;
    # - a decision's conflicts rest on its validity, its depends_on links and the
    #   validity of their targets;
    # - cycles rest on the depends_on / supersedes links only.
    def set_decision(self, key: str, validity: Validity) -> None:
        """Add a decision or change its validity."""
        if key not in self._g:
            self._g.add_node(key, kind=ItemKind.DECISION)
        if self._validity.get(key) is not validity:
            self._validity[key] = validity
            self._exposed.touch(self.sources(key, Relation.MITIGATED_BY))
            self._conflicts.touch([key, *self.sources(key, Relation.DEPENDS_ON)])

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
            if any(r in ACYCLIC_RELATIONS for _, _, r in self._g.in_edges(key, keys=True)) or any(
                r in ACYCLIC_RELATIONS for _, _, r in self._g.out_edges(key, keys=True)
            ):
                self._cycles = None
            self._g.remove_node(key)
        else:
            self._exposed.touch([key])
            self._conflicts.touch([key])
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

    def affected(self, key: str) -> dict[str, tuple[Step, ...]]:
        """Everything a change of ``key`` reaches, each with the shortest chain of links."""
        if key not in self._g:
            return {}
        paths: dict[str, tuple[Step, ...]] = {key: ()}
        queue = deque([key])
        while queue:
            here = queue.popleft()
            for step in sorted(self._spread_steps(here), key=_step_order):
                there = step.source if step.target == here else step.target
                if there not in paths:
                    paths[there] = (*paths[here], step)
                    queue.append(there)
        del paths[key]
        return paths

    def impact(self, key: str, if_validity: Validity | None = None) -> list[Impact]:
        """What is affected, directly and transitively, if decision ``key`` became ``if_validity``.

        Without ``if_validity``: what a change of ``key`` of any kind would reach.
        Sorted by depth, then key.
        """
        validity = dict(self._validity)
        if if_validity is not None and key in validity:
            validity[key] = if_validity
        result = [
            Impact(other, self._kind(other), self._effect(other, path, validity), path)
            for other, path in self.affected(key).items()
        ]
        return sorted(result, key=lambda i: (i.depth, i.key))

    def _kind(self, key: str) -> ItemKind:
        return ItemKind.DECISION if key in self._validity else ItemKind.RISK

    def _effect(self, key: str, path: tuple[Step, ...], validity: Mapping[str, Validity]) -> str:
        last = path[-1].relation
        if last is Relation.MITIGATED_BY:
            before = self._applying_mitigations(key, self._validity)
            after = self._applying_mitigations(key, validity)
            if before and not after:
                return "loses_mitigation"
            if after and not before:
                return "gains_mitigation"
            if len(after) < len(before):
                return "mitigation_weakened"
            return "indirect"
        if last is Relation.CAUSED_BY:
            return "cause_changed"
        if last is Relation.DEPENDS_ON:
            was_conflict = bool(self._conflicts_of(key, self._validity))
            is_conflict = bool(self._conflicts_of(key, validity))
            if is_conflict and not was_conflict:
                return "becomes_conflict"
            if was_conflict and not is_conflict:
                return "conflict_resolved"
            return "indirect"
        if last is Relation.SUPERSEDES:
            return "supersession_changed"
        return "aggravation_changed"

    def _applying_mitigations(self, risk: str, validity: Mapping[str, Validity]) -> list[str]:
        return [
            d
            for d in self.targets(risk, Relation.MITIGATED_BY)
            if validity.get(d) is Validity.APPLIES
        ]

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
        facts = self._risks.get(key)
        if facts is None or not facts.is_open:
            return ()
        mitigations = self.targets(key, Relation.MITIGATED_BY)
        if any(self._validity.get(d) is Validity.APPLIES for d in mitigations):
            return ()
        if mitigations or facts.is_high:
            return (Exposure(key, facts.value, tuple((d, self._validity[d]) for d in mitigations)),)
        return ()

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

    def without(self, keys: Iterable[str]) -> DependencyGraph:
        """A copy without ``keys`` and their links (e.g. internal items before sharing)."""
        drop = set(keys)
        return DependencyGraph(
            {k: v for k, v in self._validity.items() if k not in drop},
            {k: f for k, f in self._risks.items() if k not in drop},
            [x for x in self.links() if x.source not in drop and x.target not in drop],
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

    def to_dot(self) -> str:
        """Graphviz DOT."""
        lines = ["digraph riskreg {", "  rankdir=LR;"]
        for key, validity in sorted(self._validity.items()):
            lines.append(f'  "{key}" [shape=box, label="{key}\\n{validity}"];')
        for key, facts in sorted(self._risks.items()):
            lines.append(f'  "{key}" [shape=ellipse, label="{key}\\n{facts.value}"];')
        for link in self.links():
            lines.append(f'  "{link.source}" -> "{link.target}" [label="{link.relation}"];')
        lines.append("}")
        return "\n".join(lines) + "\n"

    def to_mermaid(self) -> str:
        """A Mermaid flowchart."""
        lines = ["flowchart LR"]
        ids = {key: key.replace("-", "_") for key in sorted(self._g.nodes)}
        for key, validity in sorted(self._validity.items()):
            lines.append(f'  {ids[key]}["{key} ({validity})"]')
        for key, facts in sorted(self._risks.items()):
            lines.append(f'  {ids[key]}(["{key} ({facts.value})"])')
        for link in self.links():
            lines.append(f"  {ids[link.source]} -->|{link.relation}| {ids[link.target]}")
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
    "Conflict",
    "DependencyGraph",
    "Exposure",
    "Impact",
    "Neighbour",
    "RiskFacts",
    "Step",
    "Weight",
    "kind_of_key",
]
