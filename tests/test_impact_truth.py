"""What impact predicts is what check finds after the change (DESIGN.md invariant 6).

For a decision D and a validity v, ``reg.graph.predict(D, v)`` (and the per-item
list ``reg.graph.impact(D, v)``) must name exactly the conflicts, exposed risks
and superseded decisions that apply which ``reg.check()`` finds after
``reg.assess(D, v)`` and did not find before (and those it no longer finds),
and label each item by what happens to it.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
import strategies as s
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import Contents, new_register

import riskreg
from riskreg import EFFECTS, Impact, Register, Relation, Validity
from riskreg.graph import DIRECT_EFFECTS, FINDING_EFFECTS

A, B, C, D = "KL-2022-01", "KL-2022-02", "KL-2022-03", "KL-2022-04"


def pairs(register: Register, code: str, other: str) -> set[tuple[str, str]]:
    """The (key, other item) pairs of the findings of ``code`` that check finds now."""
    return {(f.key, f.params[other]) for f in register.check() if f.code == code}


def keys(register: Register, code: str) -> set[str]:
    return {f.key for f in register.check() if f.code == code}


def labelled(impacts: list[Impact], effect: str) -> set[tuple[str, str]]:
    """(item, the other end of the link concerned) for every effect ``effect`` in the list."""
    found = set()
    for impact in impacts:
        for e in impact.effects:
            if e.effect == effect:
                step = e.path[-1]
                found.add((impact.key, step.target if step.source == impact.key else step.source))
    return found


def spreads_between(link: riskreg.Link, changed: str, other: str) -> bool:
    """Whether a change of ``changed`` spreads to ``other`` along ``link``."""
    if s.SPREADS_TO_SOURCE[link.relation]:
        return (link.target, link.source) == (changed, other)
    return (link.source, link.target) == (changed, other)


def check_prediction(register: Register, key: str, validity: Validity) -> None:
    """Predict, assess, and compare the prediction with what check finds before and after."""
    graph = register.graph
    current = register.decision(key).validity
    prediction = graph.predict(key, validity)
    impacts = graph.impact(key, validity)
    assert list(prediction.impacts) == impacts
    conflicts_before = pairs(register, "conflict", "target")
    exposed_before = keys(register, "exposed")
    superseded_before = pairs(register, "superseded_applies", "successor")
    reached = graph.affected(key)

    register.assess(key, validity, rationale="prov", review_by=s.TODAY)

    conflicts_after = pairs(register, "conflict", "target")
    exposed_after = keys(register, "exposed")
    superseded_after = pairs(register, "superseded_applies", "successor")
    # the summary: what check finds after minus before, and before minus after
    assert {(c.key, c.depends_on) for c in prediction.conflicts_added} == (
        conflicts_after - conflicts_before)
    assert {(c.key, c.depends_on) for c in prediction.conflicts_resolved} == (
        conflicts_before - conflicts_after)
    assert {x.key for x in prediction.exposed_added} == exposed_after - exposed_before
    assert {x.key for x in prediction.exposed_resolved} == exposed_before - exposed_after
    assert {(x.key, x.successor) for x in prediction.superseded_added} == (
        superseded_after - superseded_before)
    assert {(x.key, x.successor) for x in prediction.superseded_resolved} == (
        superseded_before - superseded_after)
    # the labels say the same, item by item
    assert labelled(impacts, "becomes_conflict") == conflicts_after - conflicts_before
    assert labelled(impacts, "conflict_resolved") == conflicts_before - conflicts_after
    assert {k for k, _ in labelled(impacts, "loses_mitigation")} == exposed_after - exposed_before
    assert {k for k, _ in labelled(impacts, "gains_mitigation")} == exposed_before - exposed_after
    assert labelled(impacts, "superseded_applies") == superseded_after - superseded_before
    assert labelled(impacts, "superseded_resolved") == superseded_before - superseded_after
    if validity is current:
        assert not prediction.changes_validity and impacts == [] and prediction.flagged == ()
        return
    assert prediction.changes_validity
    # every item the change reaches is listed (and flagged), with every effect it has
    listed = {i.key for i in impacts}
    assert listed - {key} == set(reached)
    assert set(prediction.flagged) == set(reached)
    flagged_now = {x.key for x in [*register.risks(), *register.decisions()]
                   if any(r.trigger == key for r in x.review_reasons)}
    assert flagged_now == set(reached)
    for impact in impacts:
        assert impact.effects[0].effect == impact.effect and impact.effects[0].path == impact.path
        for effect in impact.effects:
            assert effect.effect in EFFECTS
            if effect.effect in DIRECT_EFFECTS:
                # one link explains a direct effect: the item and the decision are its ends
                assert len(effect.path) == 1
                step = effect.path[0]
                assert key in (step.source, step.target)
                assert impact.key in (step.source, step.target)
            else:
                assert effect.effect == "indirect" and impact.key != key
                assert len(effect.path) >= 2
                assert effect.path == reached[impact.key]
        if impact.key == key:  # the decision itself: only when its own findings change
            assert all(e.effect in FINDING_EFFECTS for e in impact.effects)
        # an item one link away gets a direct effect for each link to the decision
        links_to_key = [x for x in register.links() if spreads_between(x, key, impact.key)]
        if impact.key != key and len(reached[impact.key]) == 1:
            assert len(impact.effects) == len(links_to_key)


# --- the example register ---------------------------------------------------------------------


def test_suspending_kl_2022_03_predicts_every_conflict_check_finds(example: Register) -> None:
    """The issue's case: KL-2022-07 and KL-2023-11 depend on KL-2022-03 directly and already
    had another conflict; suspending KL-2022-03 gives each a new conflict with it."""
    key = "KL-2022-03"
    impacts = {i.key: i for i in example.graph.impact(key, Validity.SUSPENDED)}
    for dependent in ("KL-2022-07", "KL-2023-11", "KL-2022-10", "KL-2024-04"):
        assert impacts[dependent].effect == "becomes_conflict", dependent
        assert len(impacts[dependent].path) == 1
    before = pairs(example, "conflict", "target")
    example.assess(key, Validity.SUSPENDED, rationale="pausen")
    added = pairs(example, "conflict", "target") - before
    assert added == {(k, key) for k in ("KL-2022-07", "KL-2023-11", "KL-2022-10", "KL-2024-04")}
    assert len(before) == 4 and len(before | added) == 8


class Undo(Exception):
    """Raised to leave a batch without saving it (the register rolls it back)."""


def predict_and_undo(register: Register, key: str, validity: Validity) -> None:
    """check_prediction inside a batch that is rolled back: the register stays as it was."""
    with pytest.raises(Undo), register.batch():
        check_prediction(register, key, validity)
        raise Undo


@pytest.mark.parametrize("validity", [Validity.APPLIES, Validity.UNCERTAIN, Validity.SUSPENDED])
def test_every_decision_of_the_example(example: Register, validity: Validity) -> None:
    before = example.path.read_bytes()
    for decision in example.decisions():
        predict_and_undo(example, decision.key, validity)
    assert example.path.read_bytes() == before


# --- one answer: the API, riskreg impact and the review UI's preview -----------------------------


def run_cli(db: Path, *args: str) -> str:
    from click.testing import CliRunner

    from riskreg.cli import cli

    result = CliRunner().invoke(cli, ["--db", str(db), *args], catch_exceptions=False,
                                env={"RISKREG_TODAY": s.TODAY.isoformat(), "COLUMNS": "200"})
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result.stdout


def test_cli_and_preview_show_what_check_finds_after(example: Register) -> None:
    import json

    key = "KL-2022-03"
    doc = json.loads(run_cli(example.path, "impact", key, "--if", "suspended", "--json"))
    preview = riskreg.views.assess_preview(example, key, Validity.SUSPENDED)
    prediction = example.graph.predict(key, Validity.SUSPENDED)
    assert preview.prediction == prediction and doc["changes"] is True
    assert [a["key"] for a in doc["affected"]] == [i.key for i in prediction.impacts]
    assert [[e["effect"] for e in a["effects"]] for a in doc["affected"]] == [
        [e.effect for e in i.effects] for i in prediction.impacts]
    assert doc["flagged"] == list(prediction.flagged) == list(preview.flagged)
    before = {(f.code, f.key, f.message("sv")) for f in example.check()}
    text = run_cli(example.path, "impact", key, "--if", "suspended")
    example.assess(key, Validity.SUSPENDED, rationale="pausen")
    after = {(f.code, f.key, f.message("sv")) for f in example.check()
             if f.code != "needs_review"}
    added = after - before
    assert {(f["code"], f["key"], f["message"]) for f in doc["check"]["added"]} == added
    assert {(f.code, f.key, f.message("sv")) for f in preview.added} == added
    assert not doc["check"]["resolved"] and not preview.resolved
    assert len(added) == 4
    for _code, _key, message in added:
        assert message in text
    assert "4 nya anmärkningar, 0 upphör; 17 poster flaggas" in text
    assert text.count("ny konflikt") == 4  # the label of each of the four


def test_cli_says_nothing_changes_for_the_current_validity(example: Register) -> None:
    import json

    text = run_cli(example.path, "impact", "KL-2022-03", "--if", "applies")
    assert "har redan giltigheten \"gäller nu\": ingen annan post påverkas" in text
    assert "påverkade" not in text
    doc = json.loads(run_cli(example.path, "impact", "KL-2022-03", "--if", "applies", "--json"))
    assert doc["changes"] is False and doc["affected"] == [] and doc["flagged"] == []
    preview = riskreg.views.assess_preview(example, "KL-2022-03", Validity.APPLIES)
    assert not preview.changes_validity and preview.flagged == () and preview.impacts == ()


def test_every_effect_has_both_texts() -> None:
    for effect in EFFECTS:
        sv, en = riskreg.word("effect", effect, "sv"), riskreg.word("effect", effect, "en")
        assert sv and en and sv != en and "effect." not in sv + en
    readme = (Path(__file__).parents[1] / "README.md").read_text("utf-8")
    graph_doc = riskreg.graph.__doc__ or ""
    for effect in EFFECTS:  # documented in one place, named in the README
        assert f"``{effect}``" in graph_doc and f"`{effect}`" in readme, effect


# --- by hand ------------------------------------------------------------------------------------


def small_register(path: Path, validity: dict[str, str], links: list[tuple[str, str, str]],
                   risks: tuple[str, ...] = ()) -> Register:
    register = new_register(path)
    with register.batch():
        for key, v in validity.items():
            register.new_decision(key=key, decided_on="2022-03-01", title=f"Beslut {key}",
                                  validity=v,
                                  review_by="2027-01-01" if v == "uncertain" else None)
        for key in risks:
            register.new_risk(key=key, title=f"Risk {key}", area="it", inherent=(3, 3),
                              created=s.TODAY, actions=[riskreg.Action("Rutin")])
        for source, relation, target in links:
            register.link(source, relation, target)
    return register


def test_the_decision_itself_becomes_a_conflict(tmp_path: Path) -> None:
    """An uncertain decision that depends on a suspended one: if it comes to apply, it is a
    conflict itself (and stops being one when it stops applying)."""
    register = small_register(tmp_path / "r.json", {A: "uncertain", B: "suspended"},
                              [(A, "depends_on", B)])
    impacts = register.graph.impact(A, Validity.APPLIES)
    assert [(i.key, i.effect) for i in impacts] == [(A, "becomes_conflict")]
    assert impacts[0].path == (riskreg.Step(A, Relation.DEPENDS_ON, B),)
    prediction = register.graph.predict(A, Validity.APPLIES)
    assert [(c.key, c.depends_on) for c in prediction.conflicts_added] == [(A, B)]
    assert prediction.flagged == ()  # nothing rests on A: nothing to flag
    check_prediction(register, A, Validity.APPLIES)
    impacts = register.graph.impact(A, Validity.SUSPENDED)
    assert [(i.key, i.effect) for i in impacts] == [(A, "conflict_resolved")]
    check_prediction(register, A, Validity.SUSPENDED)


def test_a_risk_linked_twice_gets_both_effects(tmp_path: Path) -> None:
    """A risk both caused by and mitigated by the decision gets both effects, each with its
    own one-step path."""
    register = small_register(tmp_path / "r.json", {A: "applies"},
                              [("R-001", "mitigated_by", A), ("R-001", "caused_by", A)],
                              risks=("R-001",))
    [impact] = register.graph.impact(A, Validity.SUSPENDED)
    assert [(e.effect, e.path) for e in impact.effects] == [
        ("loses_mitigation", (riskreg.Step("R-001", Relation.MITIGATED_BY, A),)),
        ("cause_lapses", (riskreg.Step("R-001", Relation.CAUSED_BY, A),)),
    ]
    check_prediction(register, A, Validity.SUSPENDED)


def test_a_cause_whose_validity_does_not_change_is_not_a_changed_cause(tmp_path: Path) -> None:
    """R-001 is caused by B, which depends on A: suspending A does not change B's validity,
    so R-001 is affected indirectly (flagged), its cause does not change."""
    register = small_register(tmp_path / "r.json", {A: "applies", B: "applies"},
                              [(B, "depends_on", A), ("R-001", "caused_by", B)],
                              risks=("R-001",))
    effects = {i.key: i.effect for i in register.graph.impact(A, Validity.SUSPENDED)}
    assert effects == {B: "becomes_conflict", "R-001": "indirect"}
    effects = {i.key: i.effect for i in register.graph.impact(B, Validity.SUSPENDED)}
    assert effects == {"R-001": "cause_lapses"}
    effects = {i.key: i.effect for i in register.graph.impact(B, Validity.UNCERTAIN)}
    assert effects == {"R-001": "cause_lapses"}


def test_the_same_validity_changes_nothing(tmp_path: Path) -> None:
    register = small_register(tmp_path / "r.json", {A: "applies", B: "applies"},
                              [(B, "depends_on", A), ("R-001", "mitigated_by", A)],
                              risks=("R-001",))
    prediction = register.graph.predict(A, Validity.APPLIES)
    assert not prediction.changes_validity
    assert prediction.impacts == () and prediction.flagged == ()
    assert register.graph.impact(A, Validity.APPLIES) == []
    check_prediction(register, A, Validity.APPLIES)
    assert not register.risk("R-001").needs_review  # assess flagged nothing, as predicted


def test_a_superseded_decision_that_applies_with_its_successor(tmp_path: Path) -> None:
    """B supersedes A; both applying is a warning of check, and impact predicts it both ways
    (the successor starts applying; the superseded one starts applying)."""
    register = small_register(tmp_path / "r.json", {A: "applies", B: "uncertain"},
                              [(B, "supersedes", A)])
    assert keys(register, "superseded_applies") == set()
    [impact] = register.graph.impact(B, Validity.APPLIES)
    assert (impact.key, impact.effect) == (A, "superseded_applies")
    check_prediction(register, B, Validity.APPLIES)
    [finding] = [f for f in register.check() if f.code == "superseded_applies"]
    assert finding.severity is riskreg.Severity.WARNING
    assert (finding.key, finding.params["successor"]) == (A, B)
    assert finding.path == (riskreg.Step(B, Relation.SUPERSEDES, A),)
    assert B in finding.message("sv") and B in finding.message("en")
    # the review UI's decision row and detail say the same
    rows = {r.key: r for r in riskreg.views.decision_rows(register)}
    assert rows[A].superseded_applies and not rows[B].superseded_applies
    assert riskreg.views.decision_detail(register, A).findings == (finding,)
    # the superseded decision stops applying: the finding goes, predicted on A itself
    [impact] = register.graph.impact(A, Validity.SUSPENDED)
    assert (impact.key, impact.effect) == (A, "superseded_resolved")
    check_prediction(register, A, Validity.SUSPENDED)


# --- the property: random registers, random decision, random validity --------------------------

@pytest.mark.torture
@settings(max_examples=s.examples(40, 1000), deadline=None)
@given(s.contents(max_decisions=6, max_risks=5, max_links=14, bare=True), st.data())
def test_predicted_is_what_check_finds_after_assessing(content: Contents,
                                                       data: st.DataObject) -> None:
    with tempfile.TemporaryDirectory() as folder:
        register = new_register(Path(folder) / "riskreg.json")
        s.fill(register, content)
        for _ in range(data.draw(st.integers(1, 3), label="assessments")):
            key = data.draw(st.sampled_from(sorted(content.validity)), label="decision")
            validity = data.draw(st.sampled_from(Validity), label="validity")
            check_prediction(register, key, validity)
