"""Models become plain JSON documents and come back equal; bad documents are refused, not guessed.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
import strategies as s
from hypothesis import given
from strategies import refused

import riskreg
from riskreg import (
    Action,
    Category,
    Decision,
    Link,
    Organisation,
    Rating,
    Risk,
    RiskStatus,
    Scope,
    ValidationError,
    from_doc,
    to_doc,
)


def _json_round_trip(doc: Any) -> Any:
    """What storage does to a document: UTF-8 JSON out and back in."""
    return json.loads(json.dumps(doc, ensure_ascii=False).encode("utf-8"))


@given(s.risks())
def test_risk_round_trip(risk: Risk) -> None:
    doc = to_doc(risk)
    assert from_doc(doc, Risk) == risk
    assert from_doc(_json_round_trip(doc), Risk) == risk


@given(s.decisions())
def test_decision_round_trip(decision: Decision) -> None:
    assert from_doc(_json_round_trip(to_doc(decision)), Decision) == decision


@given(s.links())
def test_link_round_trip(link: Link) -> None:
    assert from_doc(_json_round_trip(to_doc(link)), Link) == link


@given(s.categories)
def test_category_round_trip(category: Category) -> None:
    assert from_doc(_json_round_trip(to_doc(category)), Category) == category


@given(s.actions)
def test_action_round_trip(action: Action) -> None:
    assert from_doc(_json_round_trip(to_doc(action)), Action) == action


def test_document_shape_is_plain_json() -> None:
    risk = Risk(
        key="R-014", title="Vårdplan når inte hemsjukvården 🏥", area="vard",
        inherent=Rating(3, 4), residual=Rating(2, 2), created=date(2026, 2, 3),
        scope=Scope.association("Fyrbodal"), reported_by=["VGR", "1421"],
        actions=[Action("Ring överföring", due=date(2026, 12, 1))],
    )
    doc = _json_round_trip(to_doc(risk))
    assert doc["key"] == "R-014"
    assert doc["title"] == "Vårdplan når inte hemsjukvården 🏥"
    assert doc["inherent"] == [3, 4]
    assert doc["residual"] == [2, 2]
    assert doc["created"] == "2026-02-03"
    assert doc["status"] == "identified"
    assert doc["scope"] == {"kind": "association", "names": ["Fyrbodal"]}
    assert doc["reported_by"] == ["1421", "VGR"]
    assert doc["actions"][0]["due"] == "2026-12-01"
    # the stored text is UTF-8 with å, ä, ö as they are, not \\u escapes
    assert "hemsjukvården" in json.dumps(to_doc(risk), ensure_ascii=False)


def test_rating_accepted_as_mapping_too() -> None:
    doc = to_doc(_risk())
    doc["inherent"] = {"likelihood": 2, "impact": 3}
    assert from_doc(doc, Risk).inherent == Rating(2, 3)


def _risk() -> Risk:
    return Risk(key="R-001", title="Fel dos", area="lakemedel", inherent=Rating(3, 3),
                created=date(2026, 1, 2), actions=[Action("Dubbelkontroll")])


def _decision() -> Decision:
    return Decision(key="KL-2022-07", decided_on=date(2022, 6, 1), title="Läkemedelslista",
                    validity="uncertain", review_by=date(2027, 1, 1))


def _with(doc: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """A copy of ``doc`` with the field at dotted ``path`` set (or removed, for ...)."""
    doc = json.loads(json.dumps(doc))
    *parents, last = path.split(".")
    here: Any = doc
    for part in parents:
        here = here[int(part)] if part.isdigit() else here[part]
    if value is ...:
        del here[last]
    else:
        here[last] = value
    return doc


RISK_BAD = [
    ("inherent", ["3", 3], "error.not_int"),
    ("inherent", [3.0, 3], "error.not_int"),
    ("inherent", [True, 3], "error.not_int"),
    ("inherent", "3x3", "error.bad_rating"),
    ("inherent", [3, 3, 3], "error.bad_rating"),
    ("revision", "1", "error.not_int"),
    ("title", 3, "error.not_text"),
    ("owner", ["Anna"], "error.not_text"),
    ("consequences", [3], "error.not_text"),
    ("consequences", "Fel dos ges", None),  # a string is not a list of consequences
    ("reported_by", "1401", None),  # nor a list of codes ("1", "4", "0")
    ("actions", {"text": "x"}, None),
    ("created", "2026-13-01", "error.bad_date"),
    ("created", "1 jan 2026", "error.bad_date"),
    ("created", "2026-01-01T10:00:00", "error.bad_date"),
    ("created", 20260101, "error.bad_date"),
    ("actions.0.due", "imorgon", "error.bad_date"),
    ("status", "open", "error.bad_choice"),
    ("status", "Closed", "error.bad_choice"),
    ("visibility", "public", "error.bad_choice"),
    ("actions.0.status", "started", "error.bad_choice"),
    ("scope", {"kind": "kommun", "names": []}, "error.bad_choice"),
    ("scope", {"kind": "association", "names": "Fyrbodal"}, None),
    ("scope", {"kind": "association", "names": []}, "error.field"),
    ("title", ..., "error.missing_field"),
    ("key", ..., "error.missing_field"),
    ("inherent", ..., "error.missing_field"),
    ("actions.0.text", ..., "error.missing_field"),
    ("colour", "red", "error.extra_field"),
    ("actions.0.priority", 1, "error.extra_field"),
    ("key", "R-1", "error.field"),
    ("title", "", "error.field"),
]


@pytest.mark.parametrize(
    ("path", "value", "message"), RISK_BAD, ids=[f"{p}={v!r}" for p, v, _ in RISK_BAD]
)
def test_bad_risk_documents_refused(path: str, value: Any, message: str | None) -> None:
    good = to_doc(_risk())
    assert from_doc(_with(good, "title", good["title"]), Risk) == _risk()
    with refused(ValidationError, message):
        from_doc(_with(good, path, value), Risk)


DECISION_BAD = [
    ("validity", "maybe", "error.bad_choice"),
    ("validity", 1, "error.bad_choice"),
    ("decided_on", "2022/06/01", "error.bad_date"),
    ("decided_on", "2023-06-01", "error.field"),  # year does not match the key
    ("review_by", ..., None),  # uncertain without a review-by date: defaults to None, refused
    ("care_areas", "Primärvård", None),
    ("assessment", {"by": "KL", "on": "2026-01-01", "extra": 1}, "error.extra_field"),
    ("assessment", {"on": "2026-01-01"}, "error.missing_field"),
    ("summary", 7, "error.not_text"),
]


@pytest.mark.parametrize(
    ("path", "value", "message"), DECISION_BAD, ids=[f"{p}={v!r}" for p, v, _ in DECISION_BAD]
)
def test_bad_decision_documents_refused(path: str, value: Any, message: str | None) -> None:
    good = to_doc(_decision())
    assert from_doc(good, Decision) == _decision()
    with refused(ValidationError, message):
        from_doc(_with(good, path, value), Decision)


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        ({"source": "R-001", "relation": "mitigates", "target": "KL-2022-07"}, "error.bad_choice"),
        ({"source": "R-001", "relation": "mitigated_by", "target": "R-002"}, "error.link_kinds"),
        ({"source": "R-001", "relation": "mitigated_by"}, "error.missing_field"),
        ({"source": 1, "relation": "mitigated_by", "target": "KL-2022-07"}, "error.not_text"),
        ({"source": "R-001", "relation": "mitigated_by", "target": "KL-2022-07", "weight": 2},
         "error.extra_field"),
    ],
)
def test_bad_link_documents_refused(doc: dict[str, Any], message: str) -> None:
    with refused(ValidationError, message):
        from_doc(doc, Link)


def test_unknown_choice_names_the_allowed_values() -> None:
    with refused(ValidationError, "error.bad_choice", value="open") as info:
        from_doc(_with(to_doc(_risk()), "status", "open"), Risk)
    assert set(info.value.params["allowed"].values) == {status.value for status in RiskStatus}
    swedish = info.value.message("sv")  # the words the reader knows, not the stored values
    assert all(riskreg.word("status", s, "sv") in swedish for s in RiskStatus)
    assert "identified" not in swedish


def test_bool_is_strict() -> None:
    doc = {"code": "1401", "name": "Härryda", "is_region": "false"}
    with refused(ValidationError, "error.not_bool"):
        from_doc(doc, Organisation)
    assert from_doc({**doc, "is_region": False}, Organisation).is_region is False


def test_not_a_mapping_refused() -> None:
    with pytest.raises(ValidationError):
        from_doc(["R-001", "titel"], Risk)
    with pytest.raises(ValidationError):
        from_doc(None, Link)
