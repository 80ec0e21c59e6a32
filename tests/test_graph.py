"""The dependency graph, checked against an independent reading of the link list."""

from __future__ import annotations

import io
import itertools
import json
import tempfile
from collections import deque
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
import strategies as s
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import Contents, new_register, refused

import riskreg
from riskreg import (
    DependencyGraph,
    ItemKind,
    Link,
    LinkError,
    Relation,
    RiskFacts,
    RiskMatrix,
    Step,
    Validity,
)

MATRIX = RiskMatrix.swedish_4x4()


def graph_of(content: Contents) -> DependencyGraph:
    facts = {
        r.key: RiskFacts(MATRIX.value(r.rating), MATRIX.is_high(r.rating), r.is_open)
        for r in content.risks
    }
    return DependencyGraph(content.validity, facts, content.links)


# --- the oracle: plain breadth-first search over the link list -------------------------------


def spread_neighbours(links: tuple[Link, ...], here: str) -> list[tuple[str, Link]]:
    """Where a change of ``here`` goes next, and by which link."""
    out = []
    for link in links:
        if s.SPREADS_TO_SOURCE[link.relation] and link.target == here:
            out.append((link.source, link))
        elif not s.SPREADS_TO_SOURCE[link.relation] and link.source == here:
            out.append((link.target, link))
    return out


def reach(links: tuple[Link, ...], start: str) -> dict[str, int]:
    """Every key a change of ``start`` reaches, with its distance in links."""
    dist = {start: 0}
    queue = deque([start])
    while queue:
        here = queue.popleft()
        for there, _link in spread_neighbours(links, here):
            if there not in dist:
                dist[there] = dist[here] + 1
                queue.append(there)
    del dist[start]
    return dist


def acyclic_reach(links: tuple[Link, ...], start: str) -> set[str]:
    """Keys reachable from ``start`` along depends_on / supersedes links (in link direction)."""
    seen = {start}
    stack = [start]
    while stack:
        here = stack.pop()
        for link in links:
            if link.relation in s.ACYCLIC and link.source == here and link.target not in seen:
                seen.add(link.target)
                stack.append(link.target)
    return seen


# --- properties --------------------------------------------------------------------------------


@given(s.contents(bare=True), st.data())
def test_impact_is_exactly_what_the_spread_reaches(content: Contents, data: st.DataObject) -> None:
    graph = graph_of(content)
    keys = [d.key for d in content.decisions] + [r.key for r in content.risks]
    start = data.draw(st.sampled_from(keys))
    if_validity = data.draw(st.none() | st.sampled_from(Validity))
    expected = reach(content.links, start)
    impacts = graph.impact(start, if_validity)
    if if_validity is not None and content.validity.get(start) is if_validity:
        assert impacts == []  # nothing changes
        return
    if impacts and impacts[0].key == start:  # the decision itself, when its findings change
        impacts = impacts[1:]
    assert {i.key for i in impacts} == set(expected)
    assert [(i.depth, i.key) for i in impacts] == sorted((d, k) for k, d in expected.items())
    link_ends = {link.ends for link in content.links}
    for impact in impacts:
        assert impact.depth == expected[impact.key]  # the shortest explanation
        assert impact.kind is (ItemKind.RISK if impact.key.startswith("R-") else ItemKind.DECISION)
        here = start
        for step in impact.path:
            assert (step.source, step.relation, step.target) in link_ends
            if s.SPREADS_TO_SOURCE[step.relation]:
                assert step.target == here
                here = step.source
            else:
                assert step.source == here
                here = step.target
        assert here == impact.key


@given(s.contents(bare=True))
def test_conflicts_iff_applying_decision_depends_on_non_applying(content: Contents) -> None:
    validity = content.validity
    expected = {
        (link.source, link.target)
        for link in content.links
        if link.relation is Relation.DEPENDS_ON
        and validity[link.source] is Validity.APPLIES
        and validity[link.target] is not Validity.APPLIES
    }
    conflicts = graph_of(content).conflicts()
    assert {(c.key, c.depends_on) for c in conflicts} == expected
    assert len(conflicts) == len(expected)
    assert all(c.validity is validity[c.depends_on] for c in conflicts)


@given(s.contents(bare=True))
def test_superseded_applying_iff_both_apply(content: Contents) -> None:
    validity = content.validity
    expected = {
        (link.target, link.source)
        for link in content.links
        if link.relation is Relation.SUPERSEDES
        and validity[link.source] is Validity.APPLIES
        and validity[link.target] is Validity.APPLIES
    }
    found = graph_of(content).superseded_applying()
    assert [(x.key, x.successor) for x in found] == sorted(expected)


@pytest.mark.torture
@settings(max_examples=s.examples(150, 4000))
@given(s.contents(bare=True), st.data())
def test_prediction_is_the_graph_after_the_change(content: Contents, data: st.DataObject) -> None:
    """predict(D, v): the conflicts, exposed risks and superseded decisions that apply which a
    graph with D at v has and this one has not (and the other way round); the effects that
    say so on the items (a cheaper cousin of test_impact_truth's property, many examples)."""
    graph = graph_of(content)
    key = data.draw(st.sampled_from(sorted(content.validity)))
    validity = data.draw(st.sampled_from(Validity))
    prediction = graph.predict(key, validity)
    after = graph_of(content)
    after.set_decision(key, validity)

    def conflicts(g: DependencyGraph) -> set[tuple[str, str]]:
        return {(c.key, c.depends_on) for c in g.conflicts()}

    def exposed(g: DependencyGraph) -> set[str]:
        return {x.key for x in g.exposed_risks()}

    def superseded(g: DependencyGraph) -> set[tuple[str, str]]:
        return {(x.key, x.successor) for x in g.superseded_applying()}

    assert {(c.key, c.depends_on) for c in prediction.conflicts_added} == (
        conflicts(after) - conflicts(graph))
    assert {(c.key, c.depends_on) for c in prediction.conflicts_resolved} == (
        conflicts(graph) - conflicts(after))
    assert {x.key for x in prediction.exposed_added} == exposed(after) - exposed(graph)
    assert {x.key for x in prediction.exposed_resolved} == exposed(graph) - exposed(after)
    assert set(prediction.exposed_added) <= set(after.exposed_risks())
    assert set(prediction.exposed_resolved) <= set(graph.exposed_risks())
    assert {(x.key, x.successor) for x in prediction.superseded_added} == (
        superseded(after) - superseded(graph))
    assert {(x.key, x.successor) for x in prediction.superseded_resolved} == (
        superseded(graph) - superseded(after))
    # the effects that change findings are exactly those findings
    finding_effects = [(i.key, e) for i in prediction.impacts for e in i.effects
                       if e.changes_findings]
    assert len(finding_effects) == sum(len(x) for x in (
        prediction.conflicts_added, prediction.conflicts_resolved, prediction.exposed_added,
        prediction.exposed_resolved, prediction.superseded_added, prediction.superseded_resolved))
    for item, effect in finding_effects:
        assert len(effect.path) == 1 and key in (effect.path[0].source, effect.path[0].target)
        assert item in (effect.path[0].source, effect.path[0].target)


@given(s.contents(bare=True))
def test_exposed_risks(content: Contents) -> None:
    validity = content.validity
    expected = {}
    for risk in content.risks:
        mitigations = sorted(
            link.target for link in content.links
            if link.relation is Relation.MITIGATED_BY and link.source == risk.key
        )
        applying = [d for d in mitigations if validity[d] is Validity.APPLIES]
        if risk.is_open and not applying and (mitigations or MATRIX.is_high(risk.rating)):
            expected[risk.key] = tuple((d, validity[d]) for d in mitigations)
    exposed = graph_of(content).exposed_risks()
    assert {e.key: e.mitigations for e in exposed} == expected
    values = {r.key: MATRIX.value(r.rating) for r in content.risks}
    assert all(e.value == values[e.key] for e in exposed)


@given(s.contents(bare=True))
def test_ranking_weights_sum_open_risk_values(content: Contents) -> None:
    risks = {r.key: r for r in content.risks}
    ranking = graph_of(content).ranking()
    assert {w.key for w in ranking} == set(content.validity)
    for weight in ranking:
        reached = [
            k for k in reach(content.links, weight.key) if k in risks and risks[k].is_open
        ]
        assert weight.weight == sum(MATRIX.value(risks[k].rating) for k in reached)
        assert weight.risks == len(reached)
    assert ranking == sorted(ranking, key=lambda w: (-w.weight, w.key))


@given(s.contents(bare=True), st.data())
def test_would_close_cycle_matches_reachability(content: Contents, data: st.DataObject) -> None:
    graph = graph_of(content)
    assert graph.cycles() == []
    if len(content.decisions) < 2:
        return
    source, target = data.draw(
        st.lists(st.sampled_from([d.key for d in content.decisions]), min_size=2, max_size=2,
                 unique=True)
    )
    relation = data.draw(st.sampled_from(s.ACYCLIC))
    cycle = graph.would_close_cycle(Link(source, relation, target))
    closes = source in acyclic_reach(content.links, target)
    assert (cycle is not None) == closes
    if cycle:
        assert cycle[0] == cycle[-1] == source and cycle[1] == target
        acyclic_ends = {(x.source, x.target) for x in content.links if x.relation in s.ACYCLIC}
        assert all(pair in acyclic_ends for pair in itertools.pairwise(cycle[1:]))


@given(s.contents(bare=True))
def test_exports_contain_every_link(content: Contents) -> None:
    graph = graph_of(content)
    keys = set(content.validity) | {r.key for r in content.risks}
    dot = graph.to_dot("en")
    mermaid = graph.to_mermaid("sv")
    for link in content.links:
        relation = riskreg.word("relation", link.relation, "en")
        assert f'"{link.source}" -> "{link.target}" [label="{relation}"]' in dot
        ids = (link.source.replace("-", "_"), link.target.replace("-", "_"))
        relation = riskreg.word("relation", link.relation, "sv")
        assert f'{ids[0]} -->|"{relation}"| {ids[1]}' in mermaid
    assert dot.count(" -> ") == len(content.links)
    assert all(f'"{key}"' in dot for key in keys)

    parsed = nx.read_graphml(io.BytesIO(graph.to_graphml().encode("utf-8")))
    assert set(parsed.nodes) == keys
    edges = {(u, d["relation"], v) for u, v, d in parsed.edges(data=True)}
    assert edges == {(x.source, str(x.relation), x.target) for x in content.links}
    assert parsed.number_of_edges() == len(content.links)

    doc = json.loads(json.dumps(graph.to_json(), ensure_ascii=False))
    assert {n["key"] for n in doc["nodes"]} == keys
    assert {(x["source"], x["relation"], x["target"], x["note"]) for x in doc["links"]} == {
        (x.source, str(x.relation), x.target, x.note) for x in content.links
    }


@given(s.contents(max_decisions=5, max_risks=3, max_links=8, bare=True), st.data())
def test_register_refuses_links_that_close_a_cycle(content: Contents, data: st.DataObject) -> None:
    keys = [d.key for d in content.decisions]
    closing = [
        (u, v) for u in keys for v in keys if u != v and u in acyclic_reach(content.links, v)
    ]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "riskreg.json"
        register = new_register(path)
        s.fill(register, content)
        before = path.read_bytes()
        for source, target in closing[:3]:
            relation = data.draw(st.sampled_from(s.ACYCLIC))
            with refused(LinkError, "error.link_cycle"):
                register.link(source, relation, target)
            assert path.read_bytes() == before
            assert set(register.links()) == set(content.links)
        assert register.graph.cycles() == []


@given(s.contents(max_links=12, bare=True), st.data())
def test_neighbours_without_the_graph_are_the_graphs(
    content: Contents, data: st.DataObject
) -> None:
    """The register lists an item's links from the stored links until the graph is built
    (``risk show`` needs no graph library): the same neighbours in the same order, also after
    links are added and removed."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "riskreg.json"
        s.fill(new_register(path), content)
        keys = [*sorted({*content.validity, *(r.key for r in content.risks)}), "R-999"]
        with riskreg.Register.open(path, today=s.fixed_today) as reg:
            assert reg.neighbours(keys[0]) is not None  # read once before the changes
            for link in data.draw(st.lists(st.sampled_from(content.links), unique=True)
                                  if content.links else st.just([])):
                reg.unlink(link.source, link.relation, link.target)
            assert reg._graph is None  # every answer so far came from the links themselves
            unbuilt = {key: reg.neighbours(key) for key in keys}
            counts = {key: reg.link_count(key) for key in keys}
            assert unbuilt == {key: reg.graph.neighbours(key) for key in keys}
            assert counts == {key: len(found) for key, found in unbuilt.items()}


# --- answers kept item by item against a graph built from scratch --------------------------------

EXTRA_KEYS = ("R-9999", "KL-2030-98", "KL-2030-99")  # keys that may come and go
risk_facts = st.builds(RiskFacts, st.integers(1, 16), st.booleans(), st.booleans())


def edits(
    keys: list[str], risks: list[str], decisions: list[str]
) -> st.SearchStrategy[tuple[Any, ...]]:
    """One change of the graph, as the register makes them (links between existing items)."""
    ends = {
        Relation.MITIGATED_BY: (risks, decisions),
        Relation.CAUSED_BY: (risks, decisions),
        Relation.DEPENDS_ON: (decisions, decisions),
        Relation.SUPERSEDES: (decisions, decisions),
        Relation.AGGRAVATES: (risks, risks),
    }
    possible = [r for r, (a, b) in ends.items() if a and b and len({*a, *b}) > 1]
    choices = [
        st.tuples(st.just("risk"), st.sampled_from([k for k in keys if k.startswith("R-")]),
                  risk_facts),
        st.tuples(st.just("decision"), st.sampled_from([k for k in keys if k.startswith("KL")]),
                  st.sampled_from(Validity)),
        st.tuples(st.just("remove"), st.sampled_from(keys)),
    ]
    if possible:
        links = st.sampled_from(possible).flatmap(
            lambda r: st.tuples(st.sampled_from(ends[r][0]), st.just(r),
                                st.sampled_from(ends[r][1]))
        ).filter(lambda t: t[0] != t[2]).map(lambda t: Link(*t))
        choices += [st.tuples(st.just("link"), links)] * 2 + [st.tuples(st.just("unlink"), links)]
    return st.one_of(choices)


@settings(max_examples=150)
@given(s.contents(max_decisions=4, max_risks=4, max_links=10, bare=True), st.data())
def test_kept_answers_equal_answers_from_scratch(content: Contents, data: st.DataObject) -> None:
    """After any sequence of changes, exposed risks, conflicts and cycles are exactly what a
    graph built from scratch from the same facts answers (same items, same order)."""
    graph = graph_of(content)
    validity = dict(content.validity)
    facts = {
        r.key: RiskFacts(MATRIX.value(r.rating), MATRIX.is_high(r.rating), r.is_open)
        for r in content.risks
    }
    links = {link.ends: link for link in content.links}

    def ask() -> None:
        fresh = DependencyGraph(validity, facts, links.values())
        assert graph.exposed_risks() == fresh.exposed_risks()
        assert graph.conflicts() == fresh.conflicts()
        assert graph.superseded_applying() == fresh.superseded_applying()
        assert graph.cycles() == fresh.cycles()

    def apply(edit: tuple[Any, ...]) -> None:
        match edit:
            case ("risk", key, new_facts):
                graph.set_risk(key, new_facts)
                facts[key] = new_facts
            case ("decision", key, new_validity):
                graph.set_decision(key, new_validity)
                validity[key] = new_validity
            case ("remove", key):
                graph.remove_item(key)
                validity.pop(key, None)
                facts.pop(key, None)
                for ends in [e for e, x in links.items() if key in (x.source, x.target)]:
                    del links[ends]
            case ("link", link):
                graph.add_link(link)
                links[link.ends] = link
            case ("unlink", link):
                graph.remove_link(link)
                links.pop(link.ends, None)

    ask()  # built in full here: every later answer comes from the parts kept since
    keys = sorted({*validity, *facts, *EXTRA_KEYS})
    for _ in range(data.draw(st.integers(0, 15))):
        # a few changes between two questions (as in a batch)
        for _ in range(data.draw(st.integers(1, 3))):
            apply(data.draw(edits(keys, sorted(facts), sorted(validity))))
        ask()


# --- by hand ------------------------------------------------------------------------------------

A, B, C, OLD, NEW = "KL-2022-01", "KL-2022-02", "KL-2022-03", "KL-2021-01", "KL-2023-01"


@pytest.fixture
def small() -> DependencyGraph:
    validity = {A: Validity.APPLIES, B: Validity.APPLIES, C: Validity.APPLIES,
                OLD: Validity.SUSPENDED, NEW: Validity.UNREVIEWED}
    risks = {f"R-00{i}": RiskFacts(4, False) for i in range(1, 7)}
    links = [
        Link("R-001", Relation.MITIGATED_BY, A),
        Link("R-002", Relation.MITIGATED_BY, A),
        Link("R-002", Relation.MITIGATED_BY, C),
        Link("R-003", Relation.CAUSED_BY, A),
        Link(B, Relation.DEPENDS_ON, A),
        Link("R-004", Relation.MITIGATED_BY, B),
        Link("R-001", Relation.AGGRAVATES, "R-005"),
        Link(A, Relation.SUPERSEDES, OLD),
        Link(NEW, Relation.SUPERSEDES, A),
        Link("R-006", Relation.MITIGATED_BY, OLD),
    ]
    return DependencyGraph(validity, risks, links)


def test_effects_of_suspending_a_decision(small: DependencyGraph) -> None:
    effects = {i.key: i.effect for i in small.impact(A, Validity.SUSPENDED)}
    assert effects == {
        "R-001": "loses_mitigation",
        "R-002": "mitigation_weakened",  # C still applies
        "R-003": "cause_lapses",
        B: "becomes_conflict",
        OLD: "successor_changed",  # OLD does not apply: no warning either way
        "R-004": "indirect",  # B's validity does not change
        "R-005": "indirect",  # R-001 aggravates it; no finding about R-005 changes
        "R-006": "indirect",  # reached through OLD, whose validity does not change
    }
    # what supersedes A is not affected by A (the change spreads from new to old)
    assert NEW not in effects


def test_effects_of_reinstating_a_decision() -> None:
    graph = DependencyGraph(
        {A: Validity.SUSPENDED, B: Validity.APPLIES},
        {"R-001": RiskFacts(12, True)},
        [Link("R-001", Relation.MITIGATED_BY, A), Link(B, Relation.DEPENDS_ON, A)],
    )
    effects = {i.key: i.effect for i in graph.impact(A, Validity.APPLIES)}
    assert effects == {"R-001": "gains_mitigation", B: "conflict_resolved"}
    assert [(c.key, c.depends_on) for c in graph.conflicts()] == [(B, A)]
    assert [e.key for e in graph.exposed_risks()] == ["R-001"]


def test_paths_explain_transitive_impact(small: DependencyGraph) -> None:
    by_key = {i.key: i for i in small.impact(NEW)}
    assert by_key["R-004"].path == (
        Step(NEW, Relation.SUPERSEDES, A),
        Step(B, Relation.DEPENDS_ON, A),
        Step("R-004", Relation.MITIGATED_BY, B),
    )
    assert small.impact("KL-1999-01") == []


def test_neighbours_sources_and_targets(small: DependencyGraph) -> None:
    assert small.targets("R-002", Relation.MITIGATED_BY) == [A, C]
    assert small.sources(A, Relation.MITIGATED_BY) == ["R-001", "R-002"]
    around = {(n.key, n.relation, n.outgoing) for n in small.neighbours(A)}
    assert (OLD, Relation.SUPERSEDES, True) in around
    assert (NEW, Relation.SUPERSEDES, False) in around
    assert ("R-003", Relation.CAUSED_BY, False) in around
    assert small.neighbours("R-999") == []


def test_cycles_found_when_present() -> None:
    graph = DependencyGraph(
        {A: Validity.APPLIES, B: Validity.APPLIES, C: Validity.APPLIES},
        {"R-001": RiskFacts(1, False), "R-002": RiskFacts(1, False)},
        [Link(A, Relation.DEPENDS_ON, B), Link(B, Relation.DEPENDS_ON, C),
         Link(C, Relation.SUPERSEDES, A),
         Link("R-001", Relation.AGGRAVATES, "R-002"), Link("R-002", Relation.AGGRAVATES, "R-001")],
    )
    assert graph.cycles() == [[A, B, C, A]]  # aggravation loops are allowed and not reported


def test_register_link_cycle_by_hand(tmp_path: Path) -> None:
    register = new_register(tmp_path / "riskreg.json")
    with register.batch():
        for key in (A, B, C):
            register.new_decision(key=key, decided_on="2022-05-01", title=f"Beslut {key}")
        register.new_risk(key="R-001", title="Risk ett", area="it", inherent=[1, 1])
        register.new_risk(key="R-002", title="Risk två", area="it", inherent=[1, 1])
        register.link(A, Relation.DEPENDS_ON, B)
        register.link(B, Relation.SUPERSEDES, C)
    before = register.path.read_bytes()
    for relation in s.ACYCLIC:
        with refused(LinkError, "error.link_cycle") as info:
            register.link(C, relation, A)
        assert A in str(info.value) and C in str(info.value)
        assert register.path.read_bytes() == before
    with refused(LinkError, "error.link_cycle"):
        register.link(B, Relation.DEPENDS_ON, A)
    # aggravation may go both ways
    register.link("R-001", Relation.AGGRAVATES, "R-002")
    register.link("R-002", Relation.AGGRAVATES, "R-001")
    assert len(register.links()) == 4


def test_kept_answers_follow_removals_and_reassessments() -> None:
    graph = DependencyGraph(
        {A: Validity.APPLIES, B: Validity.APPLIES, C: Validity.SUSPENDED},
        {"R-001": RiskFacts(4, False), "R-002": RiskFacts(12, True)},
        [Link("R-001", Relation.MITIGATED_BY, A), Link(A, Relation.DEPENDS_ON, B),
         Link(B, Relation.DEPENDS_ON, C), Link(C, Relation.SUPERSEDES, A)],
    )
    assert graph.cycles() == [[A, B, C, A]]
    assert [(c.key, c.depends_on) for c in graph.conflicts()] == [(B, C)]
    assert [e.key for e in graph.exposed_risks()] == ["R-002"]
    graph.set_decision(B, Validity.SUSPENDED)  # A now depends on a suspended decision
    assert [(c.key, c.depends_on) for c in graph.conflicts()] == [(A, B)]
    graph.set_decision(A, Validity.UNCERTAIN)  # R-001 loses its only mitigation
    assert [(e.key, e.mitigations) for e in graph.exposed_risks()] == [
        ("R-001", ((A, Validity.UNCERTAIN),)), ("R-002", ())]
    assert graph.conflicts() == []
    graph.remove_item(C)  # breaks the cycle
    assert graph.cycles() == []
    graph.remove_item(A)  # R-001 has no mitigation left, and is not high
    assert [e.key for e in graph.exposed_risks()] == ["R-002"]
    graph.set_risk("R-002", RiskFacts(12, True, is_open=False))
    assert graph.exposed_risks() == []
