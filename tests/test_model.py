"""The models refuse what does not fit, before anything reaches a register."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import attrs
import pytest
import strategies as s
from hypothesis import given
from hypothesis import strategies as st
from strategies import refused

from riskreg import (
    Action,
    ActionStatus,
    Assessment,
    Category,
    Decision,
    ItemKind,
    Link,
    Organisation,
    Rating,
    Relation,
    Risk,
    RiskStatus,
    Scope,
    ScopeKind,
    ValidationError,
    Validity,
    kind_of_key,
)


def risk(**changes: Any) -> Risk:
    fields: dict[str, Any] = {
        "key": "R-001",
        "title": "Läkemedelslistan visar fel dos efter övergången",
        "area": "lakemedel",
        "inherent": Rating(3, 4),
        "created": date(2026, 3, 1),
    }
    fields.update(changes)
    return Risk(**fields)


def decision(**changes: Any) -> Decision:
    fields: dict[str, Any] = {
        "key": "KL-2023-07",
        "decided_on": date(2023, 5, 12),
        "title": "Gemensam rutin för läkemedelsavstämning",
    }
    fields.update(changes)
    return Decision(**fields)


# --- keys -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "key", ["R-1", "R-01", "r-001", "R001", "R-0001234", "KL-001", " R-001", "R-001 ", "R-001\n"]
)
def test_risk_refuses_bad_key(key: str) -> None:
    with refused(field="key", problem="bad format"):
        risk(key=key)


@pytest.mark.parametrize("key", ["R-001", "R-014", "R-123456"])
def test_risk_accepts_good_keys(key: str) -> None:
    assert risk(key=key).key == key


@pytest.mark.parametrize(
    "key",
    ["KL-23-07", "KL-2023-7", "kl-2023-07", "KL-2023-07a", "R-001", "KL2023-07", "KL-2023-07\n"],
)
def test_decision_refuses_bad_key(key: str) -> None:
    with pytest.raises(ValidationError):
        decision(key=key)


def test_decision_year_must_match_key_year() -> None:
    with refused(field="decided_on"):
        decision(key="KL-2022-07", decided_on=date(2023, 1, 10))
    assert decision(key="KL-2022-07", decided_on=date(2022, 12, 31)).key == "KL-2022-07"


@given(s.decision_keys_and_dates(), st.integers(min_value=1, max_value=5))
def test_decision_year_property(key_and_date: tuple[str, date], shift: int) -> None:
    key, day = key_and_date
    assert decision(key=key, decided_on=day).decided_on == day
    with pytest.raises(ValidationError):
        decision(key=key, decided_on=day.replace(year=day.year - shift, day=1))


def test_kind_of_key() -> None:
    assert kind_of_key("R-007") is ItemKind.RISK
    assert kind_of_key("KL-2021-07") is ItemKind.DECISION
    with pytest.raises(ValidationError):
        kind_of_key("X-1")


# --- validity and review-by ----------------------------------------------------------


def test_uncertain_decision_needs_review_by() -> None:
    with refused(message="error.review_by_required", key="KL-2023-07"):
        decision(validity=Validity.UNCERTAIN)
    made = decision(validity="uncertain", review_by=date(2027, 1, 31))
    assert made.validity is Validity.UNCERTAIN
    assert not made.applies


def test_unknown_validity_refused() -> None:
    with pytest.raises(ValidationError):
        decision(validity="maybe")


def test_decision_applies_only_when_applies() -> None:
    assert decision(validity=Validity.APPLIES).applies
    assert not decision(validity=Validity.SUSPENDED).applies
    assert not decision().applies  # unreviewed by default
    assert decision().validity is Validity.UNREVIEWED


# --- text fields -------------------------------------------------------------------------


@pytest.mark.parametrize("title", ["", "   ", "\n\t"])
def test_empty_title_refused(title: str) -> None:
    with refused(field="title", problem="required"):
        risk(title=title)
    with refused(field="title", problem="required"):
        decision(title=title)


@pytest.mark.parametrize("bad", ["rad\x00", "bell\x07", "esc\x1b[31m", "cr\rlf", "halv\ud800"])
def test_control_characters_refused(bad: str) -> None:
    with refused(field="title", problem="control character"):
        risk(title=bad)
    with refused(field="description", problem="control character"):
        risk(description=bad)
    with refused(field="consequences"):
        risk(consequences=[bad])
    with refused(field="text", problem="control character"):
        Action(text=bad)


def test_newlines_tabs_and_swedish_letters_kept() -> None:
    text = "Rad ett: åäö ÅÄÖ 🏥\n\tRad två"
    assert risk(description=text).description == text


def test_overlong_title_refused() -> None:
    with refused(field="title", problem="longer than 300 characters"):
        risk(title="å" * 301)
    assert len(risk(title="å" * 300).title) == 300


def test_empty_consequence_refused() -> None:
    with pytest.raises(ValidationError):
        risk(consequences=["Fel dos", "  "])
    assert risk(consequences=["Fel dos", "Vårdskada"]).consequences == ("Fel dos", "Vårdskada")


# --- types ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "changes",
    [
        {"title": 3},
        {"title": None},
        {"area": "Läkemedel"},  # not an area key
        {"inherent": (3, 4)},
        {"inherent": Rating(3, 4), "residual": "2x2"},
        {"created": "2026-03-01"},
        {"created": datetime(2026, 3, 1, 12, 0)},
        {"status": "open"},
        {"status": 3},
        {"actions": ["ring apoteket"]},
        {"consequences": "en enda sträng"},
        {"reported_by": ["Härryda kommun"]},
        {"revision": "1"},
        {"visibility": "public"},
        {"scope": "all"},
    ],
)
def test_risk_refuses_wrong_types(changes: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        risk(**changes)


@pytest.mark.parametrize("value", [0, -1, 11, True, 2.0, "3", None])
def test_rating_refuses_non_steps(value: Any) -> None:
    with pytest.raises(ValidationError):
        Rating(value, 2)
    with pytest.raises(ValidationError):
        Rating(2, value)


def test_action_fields() -> None:
    action = Action("Inför dubbelkontroll", owner="MAS", status="in_progress",
                    due=date(2026, 12, 1))
    assert action.status is ActionStatus.IN_PROGRESS
    assert action.is_open
    assert not Action("Klart", status=ActionStatus.DONE).is_open
    with pytest.raises(ValidationError):
        Action("x", status="started")
    with pytest.raises(ValidationError):
        Action("x", due="2026-12-01")


def test_assessment_requires_by_and_date() -> None:
    with pytest.raises(ValidationError):
        Assessment(by="", on=date(2026, 1, 1))
    with pytest.raises(ValidationError):
        Assessment(by="Klinisk ledning", on="2026-01-01")


def test_category_and_organisation() -> None:
    assert Category("it", "IT").key == "it"
    with pytest.raises(ValidationError):
        Category("IT", "IT")
    with pytest.raises(ValidationError):
        Category("it", "")
    with pytest.raises(ValidationError):
        Organisation(code="Härryda", name="Härryda")
    # a trailing newline (pasted from a list) is not part of a key or code
    with pytest.raises(ValidationError):
        Category("it\n", "IT")
    with pytest.raises(ValidationError):
        Organisation(code="VGR\n", name="Regionen")
    with pytest.raises(ValidationError):
        kind_of_key("R-001\n")
    org = Organisation(code="1401", name="Härryda", association="Göteborgsregionen")
    assert org.is_municipality
    assert not Organisation(code="VGR", name="Regionen", is_region=True).is_municipality


# --- scope ---------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", [ScopeKind.ALL, ScopeKind.REGION])
def test_scope_without_names_refuses_names(kind: ScopeKind) -> None:
    assert Scope(kind).names == ()
    with refused(field="scope"):
        Scope(kind, ("Fyrbodal",))


@pytest.mark.parametrize(
    "kind", [ScopeKind.ASSOCIATION, ScopeKind.CARE_AREA, ScopeKind.MUNICIPALITIES]
)
def test_scope_with_names_needs_names(kind: ScopeKind) -> None:
    with refused(field="scope"):
        Scope(kind)
    with pytest.raises(ValidationError):
        Scope(kind, ("",))
    assert Scope(kind, ["b", "a", "b"]).names == ("a", "b")  # sorted, duplicates dropped


def test_scope_unknown_kind_refused() -> None:
    with pytest.raises(ValidationError):
        Scope("kommun", ("1401",))


def test_scope_concerns() -> None:
    orust = Organisation("1421", "Orust", association="Fyrbodal", care_area="Fyrbodal")
    harryda = Organisation("1401", "Härryda", association="Göteborgsregionen",
                           care_area="Göteborgsområdet")
    region = Organisation("VGR", "Västra Götalandsregionen", is_region=True)
    assert Scope.everyone().concerns(orust) and Scope.everyone().concerns(region)
    assert Scope.region().concerns(region) and not Scope.region().concerns(orust)
    assert Scope.association("Fyrbodal").concerns(orust)
    assert not Scope.association("Fyrbodal").concerns(harryda)
    assert Scope.care_area("Göteborgsområdet").concerns(harryda)
    assert not Scope.care_area("Göteborgsområdet").concerns(orust)
    assert Scope.municipalities("1401", "1402").concerns(harryda)
    assert not Scope.municipalities("1401").concerns(orust)


# --- links ---------------------------------------------------------------------------------

VALID_ENDS = {
    Relation.MITIGATED_BY: ("R-001", "KL-2023-07"),
    Relation.CAUSED_BY: ("R-001", "KL-2023-07"),
    Relation.DEPENDS_ON: ("KL-2023-07", "KL-2022-01"),
    Relation.SUPERSEDES: ("KL-2023-07", "KL-2022-01"),
    Relation.AGGRAVATES: ("R-001", "R-002"),
}


@pytest.mark.parametrize("relation", list(Relation))
def test_link_kinds_per_relation(relation: Relation) -> None:
    source, target = VALID_ENDS[relation]
    link = Link(source, relation, target, note="enligt beslut i Klinisk ledning")
    assert link.ends == (source, relation, target)

    def other_kind(key: str) -> str:
        return "KL-2020-01" if kind_of_key(key) is ItemKind.RISK else "R-009"

    with refused(message="error.link_kinds", key=other_kind(source)):
        Link(other_kind(source), relation, target)
    with refused(message="error.link_kinds", key=other_kind(target)):
        Link(source, relation, other_kind(target))


@pytest.mark.parametrize(
    ("source", "relation", "target"),
    [
        ("KL-2023-07", "mitigated_by", "R-001"),
        ("R-001", "mitigated_by", "R-002"),
        ("R-001", "depends_on", "KL-2023-07"),
        ("KL-2023-07", "aggravates", "KL-2022-01"),
        ("R-001", "supersedes", "R-002"),
        ("R-001", "caused_by", "R-002"),
        ("R-001", "mitigated_by", "KL-23-1"),
        ("R-001", "mitigates", "KL-2023-07"),
    ],
)
def test_link_refuses_wrong_kinds(source: str, relation: str, target: str) -> None:
    with pytest.raises(ValidationError):
        Link(source, relation, target)


@pytest.mark.parametrize("relation", [Relation.DEPENDS_ON, Relation.SUPERSEDES,
                                      Relation.AGGRAVATES])
def test_self_link_refused(relation: Relation) -> None:
    key = "R-001" if relation is Relation.AGGRAVATES else "KL-2023-07"
    with refused(message="error.self_link", key=key):
        Link(key, relation, key)


@given(s.links())
def test_reversed_link_valid_only_between_items_of_one_kind(link: Link) -> None:
    same_kind = link.relation in (Relation.DEPENDS_ON, Relation.SUPERSEDES, Relation.AGGRAVATES)
    if same_kind:
        assert Link(link.target, link.relation, link.source).ends == (
            link.target, link.relation, link.source
        )
    else:
        with refused(message="error.link_kinds"):
            Link(link.target, link.relation, link.source)


# --- evolve and frozenness ---------------------------------------------------------------


def test_evolve_keeps_validation() -> None:
    base = risk()
    assert attrs.evolve(base, title="Ny titel").title == "Ny titel"
    with pytest.raises(ValidationError):
        attrs.evolve(base, title="")
    with pytest.raises(ValidationError):
        attrs.evolve(base, inherent=Rating(2, 2), residual=(1, 1))
    made = decision()
    with pytest.raises(ValidationError):
        attrs.evolve(made, validity=Validity.UNCERTAIN)  # no review-by date
    with pytest.raises(ValidationError):
        attrs.evolve(made, decided_on=date(2024, 1, 1))  # year no longer matches the key
    link = Link("R-001", Relation.MITIGATED_BY, "KL-2023-07")
    with pytest.raises(ValidationError):
        attrs.evolve(link, target="R-002")


@given(s.risks())
def test_evolve_validates_generated_risks(generated: Risk) -> None:
    # reporters are a set of parties: order and repeats do not make another risk
    shuffled = [*reversed(generated.reported_by), *generated.reported_by]
    assert attrs.evolve(generated, reported_by=shuffled) == generated
    assert attrs.evolve(generated, reported_by=shuffled).recognition == len(set(shuffled))
    with refused(field="title"):
        attrs.evolve(generated, title=" ")
    with refused(field="inherent"):
        attrs.evolve(generated, inherent=(1, 1))


@pytest.mark.parametrize(
    ("obj", "field"),
    [
        (risk(), "title"),
        (decision(), "validity"),
        (Link("R-001", Relation.MITIGATED_BY, "KL-2023-07"), "target"),
        (Rating(1, 1), "likelihood"),
        (Scope.everyone(), "kind"),
        (Action("x"), "status"),
        (Category("it", "IT"), "name"),
    ],
)
def test_models_are_frozen(obj: Any, field: str) -> None:
    before = getattr(obj, field)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        setattr(obj, field, before)
    assert getattr(obj, field) == before


def test_models_are_hashable_values() -> None:
    assert {risk(), risk()} == {risk()}
    assert hash(decision()) == hash(decision())


def test_risk_rating_prefers_residual() -> None:
    assert risk().rating == Rating(3, 4)
    assert risk(residual=Rating(1, 2)).rating == Rating(1, 2)
    assert risk(status=RiskStatus.CLOSED).is_open is False
    assert risk(reported_by=["1401", "VGR", "1401"]).recognition == 2
