"""The register's API: changes, "needs review" after a reassessment, batches, refusals, filters,
and the history of who changed what, when and why."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import stores
from stores import unchanged
from strategies import TODAY, fixed_today, new_register, refused

from riskreg import (
    Action,
    ConflictError,
    DuplicateKeyError,
    LinkError,
    NotFoundError,
    Rating,
    Register,
    Relation,
    RiskregError,
    RiskStatus,
    Scope,
    ValidationError,
    Validity,
)
from riskreg.storage import open_store

A, B, C, D = "KL-2022-01", "KL-2022-02", "KL-2023-05", "KL-2021-03"


@pytest.fixture
def reg(location: str) -> Register:
    """Four decisions, four risks and five links, written in one batch by "testare" (in each
    store: see tests/stores.py)."""
    return build(location)


@pytest.fixture(scope="module", params=stores.params())
def read_only_reg(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Register]:
    """The same register as ``reg``, built once per store for the tests that only read it."""
    if request.param == stores.FILE:
        location = str(tmp_path_factory.mktemp("read-only") / "riskreg.json")
    else:
        database = request.getfixturevalue("_pg_contract_database")
        location = stores.Locations(stores.SERVER, Path(), database).new()
    with build(location) as register:
        yield register


def build(location: str | Path) -> Register:
    register = new_register(location)
    with register.batch(why="grunddata"):
        register.new_decision(
            key=A, decided_on="2022-03-01", title="Läkemedelsavstämning vid utskrivning",
            validity="applies", care_areas=["Primärvård"], scope=Scope.association("Fyrbodal"),
        )
        register.new_decision(
            key=B, decided_on="2022-04-01", title="Remisser skickas via Elvis", validity="applies",
            scope=Scope.care_area("SIMBA"),
        )
        register.new_decision(
            key=C, decided_on="2023-09-01", title="Gemensam vårdplan i SAMSA",
            validity="uncertain", review_by="2026-12-15", target_groups=["Äldre med hemsjukvård"],
        )
        register.new_decision(key=D, decided_on="2021-01-15", title="Gammal faxrutin",
                              validity="suspended")
        register.new_risk(
            key="R-001", title="Fel dos när läkemedelslistan inte uppdateras", area="lakemedel",
            inherent=Rating(3, 4), reported_by=["1421", "VGR"], created=date(2026, 9, 1),
            actions=[Action("Dubbelkontroll vid utskrivning", owner="MAS")],
        )
        register.new_risk(
            key="R-002", title="Remiss försvinner mellan systemen", area="it",
            inherent=Rating(2, 2), consequences=["Väntetid för patienten"],
            scope=Scope.association("Göteborgsregionen"), created=date(2026, 9, 1),
        )
        register.new_risk(
            key="R-003", title="Vårdplan saknas i ÅTGÄRDSLISTAN", area="vard",
            inherent=Rating(1, 2),
            scope=Scope.care_area("SIMBA"), status="closed", created=date(2026, 9, 1),
        )
        register.new_risk(
            key="R-004", title="Öckerö saknar tolk vid hembesök", area="samverkan",
            inherent=Rating(3, 3), scope=Scope.municipalities("1407"), reported_by=["1435"],
            created=date(2026, 9, 1), actions=[Action("Avtal med tolkförmedling")],
        )
        register.link("R-001", Relation.MITIGATED_BY, A)
        register.link("R-002", Relation.MITIGATED_BY, B)
        register.link(B, Relation.DEPENDS_ON, A)
        register.link("R-003", Relation.CAUSED_BY, C)
        register.link("R-001", Relation.AGGRAVATES, "R-004")
    return register


def snapshot(register: Register) -> tuple[Any, ...]:
    return (register.revision, register.risks(), register.decisions(), register.links(),
            len(register.history()))


# --- adding and changing ----------------------------------------------------------------------


def test_fixture_written_once(read_only_reg: Register) -> None:
    assert read_only_reg.revision == 1
    assert len(read_only_reg.history()) == 13
    assert {c.why for c in read_only_reg.history()} == {"grunddata"}


def test_add_risk_stamps_and_persists(reg: Register, location: str) -> None:
    risk = reg.new_risk(title="Ny risk", area="it", inherent=Rating(1, 3))
    assert risk.key == "R-005"  # the next free key
    assert (risk.revision, risk.updated, risk.created) == (1, TODAY, TODAY)
    assert reg.revision == 2
    assert Register.open(location).risk("R-005") == risk


def test_update_risk(reg: Register, location: str) -> None:
    old = reg.risk("R-002")
    new = reg.update_risk("R-002", title="Remiss tappas bort", residual=Rating(1, 2),
                          why="ny bedömning")
    assert new.title == "Remiss tappas bort"
    assert new.residual == Rating(1, 2)
    assert reg.level(new).key == "low" and reg.level(new, residual=False).key == "medium"
    assert (new.revision, new.updated) == (old.revision + 1, TODAY)
    assert Register.open(location).risk("R-002") == new


def test_update_with_stale_revision_is_a_conflict(reg: Register, location: str) -> None:
    seen = reg.risk("R-002").revision
    reg.update_risk("R-002", owner="Anna", expected_revision=seen)
    with unchanged(location), refused(ConflictError, key="R-002"):
        reg.update_risk("R-002", owner="Bertil", expected_revision=seen)
    assert reg.risk("R-002").owner == "Anna"


def test_add_and_complete_an_action_each_one_change(reg: Register, location: str) -> None:
    old = reg.risk("R-001")
    added = reg.add_action("R-001", Action("Utbilda nattpersonalen", owner="MAS"),
                           why="beslutat", expected_revision=old.revision)
    assert [a.text for a in added.actions] == ["Dubbelkontroll vid utskrivning",
                                               "Utbilda nattpersonalen"]
    assert added.revision == old.revision + 1
    done = reg.complete_action("R-001", 2, why="klart")
    assert [a.is_open for a in done.actions] == [True, False]
    with Register.open(location) as again:
        assert again.risk("R-001") == done
    changes = reg.history("R-001")[-2:]
    assert [(c.action, c.why) for c in changes] == [("update", "beslutat"),
                                                    ("action_status", "klart")]
    assert [len(c.after["actions"]) for c in changes] == [2, 2]


def test_fields_and_actions_change_together_in_one_entry(reg: Register) -> None:
    before = len(reg.history("R-004"))
    new = reg.update_risk("R-004", owner="Öckerö", complete_actions=[1],
                          add_actions=[Action("Ny rutin")], why="möte")
    assert new.owner == "Öckerö"
    assert [(a.text, a.is_open) for a in new.actions] == [
        ("Avtal med tolkförmedling", False), ("Ny rutin", True)]
    assert len(reg.history("R-004")) == before + 1


@pytest.mark.parametrize("number", [0, 2, -1, True])
def test_completing_an_action_that_is_not_there_is_refused(
    reg: Register, location: str, number: int
) -> None:
    with unchanged(location):
        with refused(ValidationError, "error.action_index", key="R-004", count=1):
            reg.complete_action("R-004", number, why="x")
        with refused(ValidationError, "error.action_index", key="R-004", count=1):
            reg.update_risk("R-004", complete_actions=[number], owner="x", why="x")
        with refused(ConflictError, key="R-004"):
            reg.add_action("R-004", Action("Gammal kopia"), expected_revision=0)


def test_update_decision_and_validity_only_through_assess(reg: Register, location: str) -> None:
    changed = reg.update_decision(B, summary="Gäller alla remisser", why="förtydligat")
    assert changed.summary == "Gäller alla remisser"
    with unchanged(location), refused(ValidationError, "error.unsupported_change"):
        reg.update_decision(B, validity="suspended")


def test_remove_risk_only_without_links(reg: Register, location: str) -> None:
    with unchanged(location), refused(LinkError, "error.linked_item", key="R-001"):
        reg.remove_risk("R-001")
    reg.unlink("R-003", Relation.CAUSED_BY, C)
    reg.remove_risk("R-003", why="dubblett")
    assert "R-003" not in Register.open(location)


# --- links -----------------------------------------------------------------------------------


def test_link_and_unlink(reg: Register, location: str) -> None:
    link = reg.link("R-004", "mitigated_by", C, note="tolk ingår i vårdplanen", why="koppling")
    assert link in reg.links("R-004")
    assert [x.note for x in Register.open(location).links(C) if x.source == "R-004"] == [
        "tolk ingår i vårdplanen"
    ]
    assert "R-004" in {i.key for i in reg.graph.impact(C)}
    reg.unlink("R-004", Relation.MITIGATED_BY, C)
    assert link not in reg.links()
    assert link not in Register.open(location).links()
    assert "R-004" not in {i.key for i in reg.graph.impact(C)}


def test_duplicate_and_missing_links_refused(reg: Register, location: str) -> None:
    with unchanged(location):
        with refused(LinkError, "error.link_exists"):
            reg.link("R-001", Relation.MITIGATED_BY, A)
        with refused(LinkError, "error.link_not_found"):
            reg.unlink("R-004", Relation.MITIGATED_BY, A)


# --- assess and review ---------------------------------------------------------------------


def test_assess_flags_everything_affected(reg: Register, location: str) -> None:
    decision = reg.assess(A, "suspended", rationale="Pausen stoppar flödet")
    assert decision.validity is Validity.SUSPENDED
    assert decision.assessment is not None
    assert (decision.assessment.by, decision.assessment.on) == (reg.user, TODAY)
    assert decision.assessment.rationale == "Pausen stoppar flödet"
    assert reg.revision == 2  # the assessment and all flags in one write
    flagged = {"R-001", B, "R-002", "R-004"}
    reopened = Register.open(location, today=fixed_today)
    for key in flagged:
        item = reopened.get(key)
        assert item.needs_review, key
        (reason,) = item.review_reasons
        assert (reason.kind, reason.trigger, reason.on) == ("validity_changed", A, TODAY)
        assert "applies" in reason.detail and "suspended" in reason.detail
    for key in ("R-003", C, D, A):
        assert not reopened.get(key).needs_review, key
    assert {r.key for r in reopened.risks(needs_review=True)} == flagged - {B}
    # A's scope (Fyrbodal) does not concern everyone who reads what it flagged: the flags
    # and their history row are A's (issue 10), R-004 itself is unchanged
    assert [c.action for c in reopened.history(A)][-1] == "flag"
    assert "flag" not in [c.action for c in reopened.history("R-004")]
    assert reopened.get("R-004").revision == reg.get("R-004").revision


def test_assess_without_a_change_of_validity_flags_nothing(reg: Register) -> None:
    reg.assess(A, Validity.APPLIES, rationale="Fortfarande giltigt")
    assert not any(r.needs_review for r in reg.risks())
    assert not any(d.needs_review for d in reg.decisions())


def test_assess_uncertain_needs_review_by(reg: Register, location: str) -> None:
    with unchanged(location), refused(ValidationError, "error.review_by_required"):
        reg.assess(A, "uncertain")
    assert reg.decision(A).validity is Validity.APPLIES
    assert not reg.risk("R-001").needs_review
    made = reg.assess(A, "uncertain", review_by=date(2027, 2, 1))
    assert made.review_by == date(2027, 2, 1)
    assert reg.assess(A, "applies").review_by is None


def test_mark_reviewed_clears_flag_and_sets_date(reg: Register, location: str) -> None:
    reg.assess(A, "suspended")
    risk = reg.mark_reviewed("R-001", note="Ny rutin med telefon")
    assert not risk.needs_review
    assert risk.last_reviewed == TODAY
    decision = reg.mark_reviewed(B)
    assert not decision.needs_review
    reopened = Register.open(location, today=fixed_today)
    assert not reopened.risk("R-001").needs_review
    assert reopened.risk("R-001").last_reviewed == TODAY
    assert reopened.risk("R-002").needs_review  # still flagged until reviewed
    assert reopened.history("R-001")[-1].why == "Ny rutin med telefon"


# --- batch ---------------------------------------------------------------------------------------


def test_batch_writes_once(reg: Register, location: str) -> None:
    with reg.batch(why="kvällens genomgång"):
        reg.update_risk("R-001", owner="Anna")
        reg.update_risk("R-002", owner="Bertil")
        reg.link("R-004", Relation.MITIGATED_BY, A)
        with reg.batch(why="inre"):  # nested: part of the outer batch
            reg.new_risk(title="Ny", area="it", inherent=Rating(1, 1))
        assert Register.open(location).revision == 1  # nothing on disk until the batch ends
    assert reg.revision == 2
    reopened = Register.open(location)
    assert reopened.revision == 2
    assert (reopened.risk("R-001").owner, reopened.risk("R-002").owner) == ("Anna", "Bertil")
    assert "R-005" in reopened
    last = reopened.history()[-4:]
    assert [c.action for c in last] == ["update", "update", "link", "add"]
    assert {c.why for c in last} == {"kvällens genomgång"}


def test_batch_rolls_back_on_exception(reg: Register, location: str) -> None:
    state = snapshot(reg)
    with unchanged(location), pytest.raises(RuntimeError), reg.batch(why="avbryts"):
        reg.update_risk("R-001", owner="Anna")
        reg.new_risk(title="Ny", area="it", inherent=Rating(1, 1))
        reg.assess(A, "suspended")
        reg.unlink("R-003", Relation.CAUSED_BY, C)
        raise RuntimeError("avbrott")
    assert snapshot(reg) == state
    assert not reg.risk("R-001").needs_review
    assert reg.graph.validity(A) is Validity.APPLIES
    # the next save holds none of the abandoned changes
    reg.update_risk("R-004", owner="Karin")
    reopened = Register.open(location)
    assert keys(reopened.risks()) == ["R-001", "R-002", "R-003", "R-004"]
    assert reopened.risk("R-001").owner == "" and not reopened.risk("R-001").needs_review
    assert reopened.decision(A).validity is Validity.APPLIES
    assert set(reopened.links()) == set(state[3])


def test_batch_rolls_back_on_refused_change(reg: Register, location: str) -> None:
    state = snapshot(reg)
    with unchanged(location), refused(DuplicateKeyError), reg.batch():
        reg.update_risk("R-001", owner="Anna")
        reg.new_risk(key="R-002", title="Dubblett", area="it", inherent=Rating(1, 1))
    assert snapshot(reg) == state


# --- refusals ------------------------------------------------------------------------------------

BAD: list[tuple[str, Callable[[Register], Any], type[RiskregError], str | None]] = [
    ("unknown area", lambda r: r.new_risk(title="x", area="okand", inherent=Rating(1, 1)),
     NotFoundError, "error.unknown_area"),
    ("malformed area", lambda r: r.new_risk(title="x", area="Okänt område", inherent=[1, 1]),
     ValidationError, None),
    ("likelihood 9", lambda r: r.new_risk(title="x", area="it", inherent=Rating(9, 1)),
     ValidationError, "error.scale"),
    ("likelihood 11", lambda r: r.new_risk(title="x", area="it", inherent=[11, 1]),
     ValidationError, None),
    ("residual off scale", lambda r: r.update_risk("R-001", residual=Rating(1, 5)),
     ValidationError, "error.scale"),
    ("missing title", lambda r: r.new_risk(area="it", inherent=Rating(1, 1)),
     ValidationError, "error.missing_field"),
    ("blank title", lambda r: r.update_risk("R-001", title="  "), ValidationError, None),
    ("title as number", lambda r: r.update_risk("R-001", title=5), ValidationError, None),
    ("lone surrogate", lambda r: r.update_risk("R-001", title="Fel \ud83c dos"),
     ValidationError, None),
    ("unknown field", lambda r: r.update_risk("R-001", colour="red"),
     ValidationError, "error.extra_field"),
    ("revision change", lambda r: r.update_risk("R-001", revision=9),
     ValidationError, "error.unsupported_change"),
    ("link to missing key", lambda r: r.link("R-001", "mitigated_by", "KL-2020-09"),
     LinkError, "error.link_missing"),
    ("link from missing key", lambda r: r.link("R-099", "mitigated_by", A),
     LinkError, "error.link_missing"),
    ("link of wrong kinds", lambda r: r.link(A, "mitigated_by", "R-001"), ValidationError, None),
    ("unknown relation", lambda r: r.link("R-001", "helps", A),
     ValidationError, "error.bad_choice"),
    ("duplicate risk", lambda r: r.new_risk(key="R-001", title="x", area="it", inherent=[1, 1]),
     DuplicateKeyError, None),
    ("duplicate decision", lambda r: r.new_decision(key=A, decided_on="2022-01-01", title="x"),
     DuplicateKeyError, None),
    ("unknown org code", lambda r: r.update_risk("R-001", reported_by=["1421", "9999"]),
     NotFoundError, "error.unknown_org"),
    ("org name instead of code", lambda r: r.update_risk("R-001", reported_by=["Partille"]),
     NotFoundError, "error.unknown_org"),
    ("unknown association", lambda r: r.update_risk("R-001", scope=Scope.association("Halland")),
     ValidationError, "error.unknown_scope_name"),
    ("unknown care area", lambda r: r.update_decision(A, scope=Scope.care_area("Norrbotten")),
     ValidationError, "error.unknown_scope_name"),
    ("unknown municipality", lambda r: r.new_risk(title="x", area="it", inherent=[1, 1],
                                                  scope=Scope.municipalities("0180")),
     ValidationError, "error.unknown_scope_name"),
    ("unknown validity", lambda r: r.assess(A, "kanske"), ValidationError, "error.bad_choice"),
    ("unknown status", lambda r: r.update_risk("R-001", status="öppen"),
     ValidationError, "error.bad_choice"),
    ("bad date", lambda r: r.update_risk("R-001", created="2026-02-30"),
     ValidationError, "error.bad_date"),
    ("decision year", lambda r: r.new_decision(key="KL-2024-01", decided_on="2023-12-31",
                                               title="x"), ValidationError, None),
    ("update missing risk", lambda r: r.update_risk("R-404", owner="x"), NotFoundError, None),
    ("assess missing decision", lambda r: r.assess("KL-2020-01", "applies"), NotFoundError, None),
    ("review missing risk", lambda r: r.mark_reviewed("R-404"), NotFoundError, None),
]


@pytest.mark.parametrize(("name", "change", "error", "message"), BAD, ids=[b[0] for b in BAD])
def test_bad_input_refused_and_register_untouched(
    reg: Register, location: str, name: str, change: Callable[[Register], Any],
    error: type[RiskregError], message: str | None,
) -> None:
    state = snapshot(reg)
    with unchanged(location), refused(error, message) as info:
        change(reg)
    assert info.value.message("sv") and info.value.message("en")
    assert snapshot(reg) == state
    assert snapshot(Register.open(location)) == state


def test_reporters_stored_as_codes_match_the_filter(reg: Register) -> None:
    reg.update_risk("R-002", reported_by=["1402"])  # Partille, by code
    assert [r.key for r in reg.risks(organisation="Partille")] == ["R-001", "R-002"]


# --- filters ----------------------------------------------------------------------------------


def keys(items: list[Any]) -> list[str]:
    return [item.key for item in items]


@pytest.mark.parametrize(
    ("criteria", "expected"),
    [
        ({}, ["R-001", "R-002", "R-003", "R-004"]),
        ({"area": "lakemedel"}, ["R-001"]),
        ({"status": "closed"}, ["R-003"]),
        ({"status": RiskStatus.IDENTIFIED}, ["R-001", "R-002", "R-004"]),
        ({"level": "high"}, ["R-004"]),
        ({"level": "Mycket hög"}, ["R-001"]),
        ({"level": "medium"}, ["R-002"]),
        ({"organisation": "1421"}, ["R-001"]),  # Orust: scope "all" only
        ({"organisation": "1401"}, ["R-001", "R-002"]),  # Härryda: Göteborgsregionen
        ({"organisation": "1415"}, ["R-001", "R-002", "R-003"]),  # Stenungsund: GR and SIMBA
        ({"organisation": "Öckerö"}, ["R-001", "R-002", "R-004"]),  # by name; named municipality
        ({"organisation": "1435"}, ["R-001", "R-004"]),  # Tanum reports R-004
        ({"text": "åtgärdslistan"}, ["R-003"]),
        ({"text": "ÖCKERÖ"}, ["R-004"]),
        ({"text": "VÄNTETID"}, ["R-002"]),  # in the consequences
        ({"text": "r-00"}, ["R-001", "R-002", "R-003", "R-004"]),
        ({"text": "finns inte"}, []),
        ({"area": "it", "level": "high"}, []),
        ({"needs_review": False}, ["R-001", "R-002", "R-003", "R-004"]),
        ({"needs_review": True}, []),
    ],
)
def test_risk_filters(
    read_only_reg: Register, criteria: dict[str, Any], expected: list[str]
) -> None:
    assert keys(read_only_reg.risks(**criteria)) == expected
    assert keys(read_only_reg.risks(read_only_reg.risk_filter(**criteria))) == expected


def test_needs_review_filter_after_assess(reg: Register) -> None:
    reg.assess(B, "suspended")
    assert keys(reg.risks(needs_review=True)) == ["R-002"]
    assert keys(reg.risks(needs_review=False)) == ["R-001", "R-003", "R-004"]


@pytest.mark.parametrize(
    ("criteria", "error"),
    [({"area": "okand"}, NotFoundError), ({"status": "öppen"}, ValidationError),
     ({"level": "extrem"}, ValidationError), ({"organisation": "Atlantis"}, NotFoundError),
     ({"colour": "röd"}, ValidationError)],
)
def test_bad_filters_refused(
    read_only_reg: Register, criteria: dict[str, Any], error: type[Exception]
) -> None:
    with pytest.raises(error):
        read_only_reg.risks(**criteria)


@pytest.mark.parametrize(
    ("criteria", "expected"),
    [
        ({}, [D, A, B, C]),
        ({"validity": "uncertain"}, [C]),
        ({"validity": Validity.APPLIES}, [A, B]),
        ({"care_area": "PRIMÄRVÅRD"}, [A]),
        ({"due_within_days": 30}, [C]),  # review by 2026-12-15, today 2026-11-22
        ({"due_within_days": 10}, []),
        ({"organisation": "1421"}, [D, A, C]),  # Fyrbodal, and the decisions for everyone
        ({"organisation": "1415"}, [D, B, C]),  # SIMBA
        ({"text": "elvis"}, [B]),
        ({"text": "ÄLDRE"}, [C]),  # in the target groups
    ],
)
def test_decision_filters(
    read_only_reg: Register, criteria: dict[str, Any], expected: list[str]
) -> None:
    assert keys(read_only_reg.decisions(**criteria)) == expected


def test_concerns(read_only_reg: Register) -> None:
    assert read_only_reg.concerns(read_only_reg.risk("R-004"), "Öckerö")
    assert not read_only_reg.concerns(read_only_reg.risk("R-004"), "1401")
    assert read_only_reg.concerns(read_only_reg.decision(A), "1421")


# --- history -------------------------------------------------------------------------------------


def test_history_records_who_when_what_why(reg: Register, location: str) -> None:
    start = datetime.now(UTC).replace(microsecond=0)
    reg.update_risk("R-002", owner="Anna Berg", why="ny ägare efter omorganisation")
    end = datetime.now(UTC) + timedelta(seconds=1)
    (change,) = reg.history("R-002")[-1:]
    assert change.user == reg.user
    assert change.action == "update"
    assert change.why == "ny ägare efter omorganisation"
    assert start <= change.at <= end
    assert change.before is not None and change.after is not None
    assert (change.before["owner"], change.after["owner"]) == ("", "Anna Berg")
    assert change.after["revision"] == change.before["revision"] + 1
    assert Register.open(location).history("R-002")[-1] == change


def test_history_user_from_environment(
    reg: Register, location: str, store_kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Who made a change is who the register says its user is: on a file the name given or
    RISKREG_USER; on the server the person behind the login, whatever the client says."""
    monkeypatch.setenv("RISKREG_USER", "karin.lund")
    with Register.open(location) as karin, Register.open(location, user="olle") as olle:
        karin.update_risk("R-001", owner="Karin")
        olle.update_risk("R-001", owner="Olle")  # explicit wins over the environment
        users = [c.user for c in Register.open(location).history("R-001")[-2:]]
        assert users == [karin.user, olle.user]
    if store_kind == stores.FILE:
        assert users == ["karin.lund", "olle"]
    else:
        assert users == [reg.user, reg.user] and "olle" not in users


def test_every_history_entry_names_the_revision_that_committed_it(
    reg: Register, location: str
) -> None:
    reg.assess(A, "suspended", rationale="Pausen")
    with Register.open(location) as reopened:
        assert reopened.history() == reg.history()
    entries = open_store(location).history()
    assert [e["seq"] for e in entries] == list(range(1, len(entries) + 1))
    assert [e["rev"] for e in entries] == [1] * 13 + [2] * (len(entries) - 13)
    assert {e["why"] for e in entries if e["rev"] == reg.revision} >= {"Pausen"}


def test_history_on_disk_is_json_lines(tmp_path: Path) -> None:
    path = tmp_path / "riskreg.json"
    reg = build(path)
    reg.assess(A, "suspended", rationale="Pausen")
    lines = path.with_name(path.name + ".history.jsonl").read_text("utf-8").splitlines()
    entries = [json.loads(line) for line in lines]
    assert len(entries) == len(reg.history())
    assert entries[-1]["rev"] == reg.revision
    assert {e["why"] for e in entries if e["rev"] == reg.revision} >= {"Pausen"}


@pytest.mark.parametrize("name", ["Fel \x00 namn", "Fel \ud83c namn", "x" * 200_000],
                         ids=["nul", "lone-surrogate", "200000-characters"])
def test_a_register_name_that_cannot_be_stored_is_refused_and_nothing_made(
    location: str, name: str
) -> None:
    with refused(ValidationError, "error.field", field="name"):
        Register.create(location, name=name, categories=[])
    assert stores.fingerprint(location) is None
    Register.create(location, name="Åtgärdsregister för Millennium 🏥").close()
    with Register.open(location) as reopened:
        assert reopened.name == "Åtgärdsregister för Millennium 🏥"
