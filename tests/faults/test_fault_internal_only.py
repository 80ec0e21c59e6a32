"""Internal-only changes leave every shared output byte for byte as it was (issue 8, item 4).

"Internal" is every item that is not shared: the central team's internal items and the
municipalities' submissions not yet taken into the joint analysis (issue 10) alike.

A report is a function of the shared items that concern its recipient alone. Hypothesis
builds a random register (shared and internal risks and decisions, links between them),
exports an edition, makes a few shared changes (some items made internal among them),
then copies the register twice and makes random internal-only changes to one copy: adds,
edits, assessments (which flag shared items), links between internal and shared items,
unlinks and removals of internal items. Both copies then export the next edition at the
same moment: every report of every recipient in every format, ``index.html``,
``manifest.json``, the shared dump and the shared dependency graph must be the same bytes.

``make test`` runs a CI-sized sample; ``make torture`` (RISKREG_TORTURE=1) the full run.
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path

import attrs
import strategies as s
from faultcounts import count, scaled
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import fixed_today, new_register

import riskreg
from riskreg import Relation, RiskregError, Validity, Visibility
from riskreg.exchange import dumps

# Göteborg and Partille (Göteborgsregionen), Skövde (Skaraborg), Uddevalla (Fyrbodal), region
RECIPIENTS = "1480,1402,1496,1485,VGR"
FIRST = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)
SECOND = datetime(2026, 11, 22, 9, 30, tzinfo=UTC)
LINK_ENDS = {  # relation -> (source kind, target kind)
    Relation.MITIGATED_BY: ("R", "KL"), Relation.CAUSED_BY: ("R", "KL"),
    Relation.AGGRAVATES: ("R", "R"), Relation.DEPENDS_ON: ("KL", "KL"),
    Relation.SUPERSEDES: ("KL", "KL"),
}


def _copy(source: Path, folder: Path) -> Path:
    folder.mkdir(parents=True)
    target = folder / source.name
    for suffix in ("", ".history.jsonl"):
        shutil.copy2(source.with_name(source.name + suffix), target.with_name(target.name + suffix))
    return target


def shared_outputs(path: Path, out: Path) -> dict[str, bytes]:
    """Everything that leaves the register: the next edition to every recipient, all formats,
    with index and manifest; the shared dump; the shared dependency graph in every format."""
    with riskreg.Register.open(path, user="testare", today=fixed_today) as reg:
        riskreg.export_reports(reg, out, recipients=RECIPIENTS, now=SECOND,
                               generated_by="testare")
        files = {p.name: p.read_bytes() for p in sorted(out.iterdir())}
        files["dump --shared-only"] = dumps(reg, shared_only=True).encode()
        graph = riskreg.shared_graph(reg)
        files["graph.json"] = repr(graph.to_json()).encode()
        for name, text in (("dot", graph.to_dot()), ("mermaid", graph.to_mermaid()),
                           ("graphml", graph.to_graphml())):
            files[f"graph.{name}"] = text.encode()
    return files


def _keys(reg: riskreg.Register, kind: str, visibility: Visibility | None = None) -> list[str]:
    items = reg.risks() if kind == "R" else reg.decisions()
    return [i.key for i in items if visibility is None or i.visibility is visibility]


def _unshared(reg: riskreg.Register, kind: str) -> list[str]:
    """Keys of the items that must never leave the register: internal or submitted."""
    items = reg.risks() if kind == "R" else reg.decisions()
    return [i.key for i in items if not i.is_shared]


def shared_change(reg: riskreg.Register, data: st.DataObject) -> None:
    """One change to shared content between the editions (both copies get it)."""
    shared = _keys(reg, "R", Visibility.SHARED) + _keys(reg, "KL", Visibility.SHARED)
    if not shared:
        return
    key = data.draw(st.sampled_from(shared))
    what = data.draw(st.sampled_from(["hide", "edit", "assess"]))
    if what == "hide":  # made internal: leaves the reports without a trace
        if key.startswith("R-"):
            reg.update_risk(key, visibility=Visibility.INTERNAL)
        else:
            reg.update_decision(key, visibility=Visibility.INTERNAL)
    elif what == "edit" and key.startswith("R-"):
        reg.update_risk(key, title=data.draw(s.texts()),
                        status=data.draw(st.sampled_from(riskreg.RiskStatus)))
    elif key.startswith("KL-"):
        validity = data.draw(st.sampled_from(Validity))
        reg.assess(key, validity, rationale="delad ändring",
                   review_by=date(2027, 1, 31) if validity is Validity.UNCERTAIN else None)


def internal_change(reg: riskreg.Register, data: st.DataObject) -> str:
    """One random change that touches internal items only (or links with an internal end).
    Returns what it tried; a change the register refuses (a cycle, say) changes nothing."""
    internal = {"R": _unshared(reg, "R"), "KL": _unshared(reg, "KL")}
    every = {"R": _keys(reg, "R"), "KL": _keys(reg, "KL")}
    what = data.draw(st.sampled_from(
        ["add_risk", "add_decision", "edit_risk", "edit_decision", "assess", "assess",
         "link", "link", "unlink", "remove"]))
    if what == "add_risk":
        number = data.draw(st.integers(900, 999))
        risk = data.draw(s.risks(key=f"R-{number:03d}"))
        submitter = data.draw(st.sampled_from(["", *s.MUNICIPALITY_CODES[:3]]))
        if risk.key not in every["R"]:  # internal, or a municipality's submission
            reg.add_risk(attrs.evolve(
                risk, visibility=Visibility.SUBMITTED if submitter else Visibility.INTERNAL,
                submitted_by=submitter))
    elif what == "add_decision":
        decision = data.draw(s.decisions())
        if decision.key not in every["KL"]:
            reg.add_decision(attrs.evolve(decision, visibility=Visibility.INTERNAL))
    elif what == "edit_risk" and internal["R"]:
        key = data.draw(st.sampled_from(internal["R"]))
        other = data.draw(s.risks(key=key))
        reg.update_risk(key, title=other.title, description=other.description,
                        inherent=other.inherent, residual=other.residual, status=other.status,
                        scope=other.scope, owner=other.owner, consequences=other.consequences,
                        actions=other.actions)
    elif what == "edit_decision" and internal["KL"]:
        key = data.draw(st.sampled_from(internal["KL"]))
        reg.update_decision(key, title=data.draw(s.texts()),
                            summary=data.draw(s.optional_texts()), scope=data.draw(s.scopes))
    elif what == "assess" and internal["KL"]:
        key = data.draw(st.sampled_from(internal["KL"]))
        validity = data.draw(st.sampled_from(Validity))
        reg.assess(key, validity, rationale=data.draw(s.optional_texts()),
                   review_by=date(2027, 3, 31) if validity is Validity.UNCERTAIN else None)
    elif what == "link":
        relation = data.draw(st.sampled_from(sorted(LINK_ENDS)))
        source_kind, target_kind = LINK_ENDS[relation]
        internal_end = data.draw(st.sampled_from(["source", "target", "both"]))
        sources = internal[source_kind] if internal_end in ("source", "both") \
            else every[source_kind]
        targets = internal[target_kind] if internal_end in ("target", "both") \
            else every[target_kind]
        if sources and targets:
            source, target = data.draw(st.sampled_from(sources)), data.draw(
                st.sampled_from(targets))
            note = data.draw(st.sampled_from(["", "intern anteckning", f"se {source}"]))
            if source != target and not any(
                    x.ends == (source, relation, target) for x in reg.links(source)):
                reg.link(source, relation, target, note=note)
    elif what == "unlink":
        touching = [x for x in reg.links()
                    if x.source in internal[x.source[:2].rstrip("-")]
                    or x.target in internal[x.target[:2].rstrip("-")]]
        if touching:
            x = data.draw(st.sampled_from(touching))
            reg.unlink(x.source, x.relation, x.target)
    elif what == "remove" and internal["R"]:
        key = data.draw(st.sampled_from(internal["R"]))
        with reg.batch(why="bort"):
            for x in reg.links(key):
                reg.unlink(x.source, x.relation, x.target)
            reg.remove_risk(key)
    return what


@settings(max_examples=scaled(12, 400), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(content=s.contents(max_decisions=6, max_risks=7, max_links=12), data=st.data())
def test_internal_only_changes_leave_every_shared_output_unchanged(
    content: s.Contents, data: st.DataObject
) -> None:
    with tempfile.TemporaryDirectory(prefix="riskreg-internal-") as tmp:
        folder = Path(tmp)
        base = folder / "base" / "riskreg.json"
        base.parent.mkdir()
        reg = new_register(base)
        s.fill(reg, content)
        riskreg.export_reports(reg, folder / "first", recipients=RECIPIENTS, formats="json",
                               now=FIRST, generated_by="testare")
        for _ in range(data.draw(st.integers(0, 3), label="shared changes")):
            shared_change(reg, data)
        reg.close()
        plain, changed = _copy(base, folder / "plain"), _copy(base, folder / "changed")
        tried = []
        with riskreg.Register.open(changed, user="testare", today=fixed_today) as other:
            for _ in range(data.draw(st.integers(1, 8), label="internal changes")):
                try:
                    tried.append(internal_change(other, data))
                except RiskregError:  # refused (a cycle, say): the register is unchanged
                    tried.append("refused")
        expected = shared_outputs(plain, folder / "plain-out")
        found = shared_outputs(changed, folder / "changed-out")
        assert expected.keys() == found.keys()
        differing = [name for name in expected if expected[name] != found[name]]
        assert differing == [], (tried, differing)
        count("internal_only_registers")
        count("internal_only_changes", len(tried))
        count("internal_only_files_compared", 2 * len(expected))
