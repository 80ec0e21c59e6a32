"""A municipality's part in the joint analysis (issue 10): its project lead submits its own
risks, withdraws or changes them until an editor takes them in (as a joint risk of their
own, or matched to an existing one); records that the municipality recognises a joint
risk; updates the status of the actions it owns; adds notes."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import attrs
import pytest
from strategies import fixed_today, refused
from test_access_register import GOTEBORG, PARTILLE, build, person

import riskreg
from riskreg import (
    AccessError,
    ActionStatus,
    NotFoundError,
    Register,
    Role,
    Scope,
    ValidationError,
    Visibility,
    to_doc,
)
from riskreg.exchange import dumps

TODAY = date(2026, 11, 22)


@pytest.fixture(scope="module")
def _built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("submissions") / "riskreg.json")


@pytest.fixture
def path(_built: Path, tmp_path: Path) -> Path:
    target = tmp_path / "riskreg.json"
    for suffix in ("", ".history.jsonl"):
        shutil.copy2(_built.with_name(_built.name + suffix),
                     target.with_name(target.name + suffix))
    return target


def as_lead(path: Path, organisation: str = PARTILLE) -> Register:
    return Register.open(path, person=person(Role.PROJEKTLEDARE, organisation),
                         today=fixed_today)


def as_editor(path: Path, login: str = "redaktor") -> Register:
    return Register.open(path, person=riskreg.Person(login, "Red Aktör", "VGR", Role.REDAKTOR),
                         today=fixed_today)


# --- submitting ---------------------------------------------------------------------------------


def test_a_project_lead_submits_their_municipalitys_risk(path: Path) -> None:
    with as_lead(path) as reg:
        risk = reg.submit_risk(title="Hemtjänsten når inte journalen", area="vard",
                               inherent=(3, 4), consequences=["Fel insats"],
                               why="Från ledningsrådet")
        assert risk.key == "R-007"  # the next free key
        assert risk.visibility is Visibility.SUBMITTED and risk.submitted_by == PARTILLE
        assert risk.reported_by == (PARTILLE,)
        assert risk.scope == Scope.municipalities(PARTILLE)
        change = reg.history(risk.key)[-1]
        assert (change.action, change.user, change.why) == (
            "submit", "projektledare i 1402", "Från ledningsrådet")
        assert [r.key for r in reg.submissions()] == ["R-004", "R-007"]
    with as_lead(path, GOTEBORG) as other:
        assert "R-007" not in other and [r.key for r in other.submissions()] == ["R-005"]
        with pytest.raises(NotFoundError):
            other.risk("R-007")
    with as_editor(path) as editor:
        assert [r.key for r in editor.submissions("Partille")] == ["R-004", "R-007"]
    with Register.open(path) as reg:  # never in what leaves the register
        assert "R-007" not in dumps(reg, shared_only=True)
        assert "R-007" in reg.unshared_keys()


def test_a_submission_takes_only_its_own_fields(path: Path) -> None:
    with as_lead(path) as reg:
        for field, value in (("key", "R-100"), ("visibility", "shared"),
                             ("reported_by", [GOTEBORG]), ("status", "closed")):
            with refused(ValidationError, "error.unsupported_change", field=field):
                reg.submit_risk(title="x", area="it", inherent=(1, 1), **{field: value})
        with refused(ValidationError, "error.missing_field"):
            reg.submit_risk(title="Utan område", inherent=(1, 1))
        risk = reg.submit_risk(title="Hela kommunförbundet", area="it", inherent=(1, 2),
                               scope=Scope.association("Göteborgsregionen"))
        assert risk.scope == Scope.association("Göteborgsregionen")


def test_a_file_register_names_the_submitting_organisation(tmp_path: Path) -> None:
    reg = build(tmp_path / "riskreg.json")
    with Register.open(reg, today=fixed_today) as register:
        with refused(ValidationError, "error.organisation_required"):
            register.submit_risk(title="x", area="it", inherent=(1, 1))
        risk = register.submit_risk(organisation="Göteborg", title="x", area="it",
                                    inherent=(1, 1))
        assert risk.submitted_by == GOTEBORG


def test_a_project_lead_changes_their_pending_submission_but_not_what_it_is(
    path: Path,
) -> None:
    with as_lead(path) as reg:
        risk = reg.update_risk("R-004", title="Läkemedelslistan saknas", inherent=(4, 4),
                               status="assessed")
        assert risk.title == "Läkemedelslistan saknas" and risk.is_submission
        with refused(ValidationError, "error.unsupported_change",
                     field="visibility (use take_submission)"):
            reg.update_risk("R-004", visibility="shared")
        with refused(ValidationError, "error.unsupported_change"):
            reg.update_risk("R-004", submitted_by=GOTEBORG)
    with as_editor(path) as editor:  # an editor turns a submission shared by taking it in
        with refused(ValidationError, "error.unsupported_change",
                     field="visibility (use take_submission)"):
            editor.update_risk("R-004", visibility="internal")
        with refused(ValidationError, "error.unsupported_change",
                     field="visibility (use submit_risk)"):
            editor.update_risk("R-001", visibility="submitted")
        with refused(ValidationError, "error.unsupported_change"):
            editor.update_risk("R-004", submitted_by=GOTEBORG)


def test_withdrawing_removes_the_submission_and_retires_its_key(path: Path) -> None:
    with as_lead(path) as reg:
        with refused(ValidationError, "error.not_a_submission", key="R-001"):
            reg.withdraw_submission("R-001")
        reg.withdraw_submission("R-004", why="Dubblett")
        assert "R-004" not in reg and reg.submissions() == []
        change = reg.history("R-004")[-1]
        assert (change.action, change.after, change.why) == ("withdraw", None, "Dubblett")
        assert reg.submit_risk(title="Ny", area="it", inherent=(1, 1)).key == "R-007"
    with as_editor(path) as editor, refused(riskreg.DuplicateKeyError, "error.key_retired"):
        editor.new_risk(key="R-004", title="x", area="it", inherent=(1, 1))


# --- taking submissions in ------------------------------------------------------------------------


def test_taking_a_submission_in_makes_it_a_shared_joint_risk(path: Path) -> None:
    with as_editor(path) as reg:
        with refused(ValidationError, "error.not_a_submission", key="R-001"):
            reg.take_submission("R-001")
        risk = reg.take_submission("R-004", scope=Scope.association("Göteborgsregionen"),
                                   why="Gäller hela förbundet")
        assert risk.is_shared and risk.submitted_by == "" and risk.reported_by == (PARTILLE,)
        assert risk.scope == Scope.association("Göteborgsregionen")
        assert reg.history("R-004")[-1].action == "take"
        assert "R-004" not in reg.unshared_keys()
        report = riskreg.recipient_reports(reg, [GOTEBORG])[0]
        assert "R-004" in report.visible  # now part of what the municipalities receive
    with as_lead(path, GOTEBORG) as other:
        assert other.risk("R-004").title == "Läkemedelslistan saknas vid utskrivning"


def test_matching_a_submission_adds_its_organisation_to_the_joint_risk(path: Path) -> None:
    with as_editor(path) as reg:
        reg.new_risk(key="R-010", title="Läkemedelslistan saknas när patienten skrivs ut",
                     area="vard", inherent=(3, 3), scope=Scope.everyone())
    with as_lead(path) as lead:
        lead.add_note("R-004", "Gäller särskilt helger")
        with pytest.raises(NotFoundError):  # another municipality's submission: not readable
            lead.submission_matches("R-005")
    with as_editor(path) as reg:
        matches = reg.submission_matches("R-004")
        assert matches[0][0].key == "R-010" and matches[0][1] >= 0.6
        assert all(not r.is_submission for r, _score in matches)
        with refused(ValidationError, "error.is_a_submission", key="R-005"):
            reg.take_submission("R-004", into="R-005")
        joint = reg.take_submission("R-004", into="R-010", why="Samma risk")
        assert joint.key == "R-010" and joint.reported_by == (PARTILLE,)
        assert "R-004" not in reg
        assert [c.action for c in reg.history("R-004")][-1] == "take"
        assert reg.history("R-010")[-1].action == "take"
        with refused(riskreg.DuplicateKeyError, "error.key_retired"):
            reg.new_risk(key="R-004", title="x", area="it", inherent=(1, 1))
    with as_lead(path) as lead:
        assert [n.key for n in lead.notes()] == ["R-010"]  # the note followed the risk
        assert lead.risk("R-010").reported_by == (PARTILLE,)


# --- recognition ----------------------------------------------------------------------------------


def test_a_project_lead_changes_a_joint_risk_only_as_recognise_and_action_status_do(
    path: Path,
) -> None:
    """Through update_risk too (the server decides field by field, so the library does):
    their organisation joining reported_by, the status of their organisation's actions."""
    with as_lead(path) as reg:
        risk = reg.risk("R-001")
        actions = [attrs.evolve(risk.actions[0], status=ActionStatus.DONE), risk.actions[1]]
        risk = reg.update_risk("R-001", reported_by=[PARTILLE], actions=actions)
        assert risk.reported_by == (PARTILLE,) and risk.actions[0].status is ActionStatus.DONE
        with refused(AccessError, "error.access.edit"):
            reg.update_risk("R-001", reported_by=[PARTILLE], owner="Pia")
        with refused(AccessError, "error.access.edit"):
            reg.update_risk("R-001", reported_by=[])
        with refused(AccessError, "error.access.recognise_other"):
            reg.update_risk("R-001", reported_by=[PARTILLE, GOTEBORG])
        other = [risk.actions[0], attrs.evolve(risk.actions[1], status=ActionStatus.DONE)]
        with refused(AccessError, "error.access.action_other"):
            reg.update_risk("R-001", actions=other)
        renamed = [attrs.evolve(risk.actions[0], text="Ny text"), risk.actions[1]]
        with refused(AccessError, "error.access.edit"):
            reg.update_risk("R-001", actions=renamed)


def test_recognising_a_joint_risk_adds_the_organisation_and_nothing_else(path: Path) -> None:
    with as_lead(path) as reg:
        before = to_doc(reg.risk("R-001"))
        after = to_doc(reg.recognise("R-001", why="Vi känner igen den"))
        changed = {k for k in before if before[k] != after[k]}
        assert changed - {"updated"} == {"reported_by", "revision"}
        assert after["reported_by"] == [PARTILLE]
        assert reg.history("R-001")[-1].action == "recognise"
        revision = reg.revision
        assert reg.recognise("R-001").reported_by == (PARTILLE,)  # again: nothing written
        assert reg.revision == revision
        with refused(ValidationError, "error.is_a_submission"):
            reg.recognise("R-004")
        with pytest.raises(NotFoundError):  # not concerning Partille: not readable
            reg.recognise("R-002")


# --- action status ------------------------------------------------------------------------------


def test_a_project_lead_updates_the_status_of_their_organisations_action_only(
    path: Path,
) -> None:
    with as_lead(path) as reg:
        before = reg.risk("R-001")
        risk = reg.set_action_status("R-001", 0, "in_progress", why="Utbildning startad")
        assert risk.actions[0].status is ActionStatus.IN_PROGRESS
        assert risk.actions[1] == before.actions[1]
        assert risk.actions[0].text == before.actions[0].text
        assert {k for k, v in to_doc(risk).items() if to_doc(before)[k] != v} - {
            "updated"} == {"actions", "revision"}
        change = reg.history("R-001")[-1]
        assert (change.action, change.why) == ("action_status", "Utbildning startad")
        with refused(AccessError, "error.access.action_other"):
            reg.set_action_status("R-001", 1, "done")
        with refused(ValidationError, "error.action_index", number=3, count=2):
            reg.set_action_status("R-001", 2, "done")
        with refused(ValidationError, "error.bad_choice"):
            reg.set_action_status("R-001", 0, "klar")


# --- notes --------------------------------------------------------------------------------------


def test_notes_are_read_by_their_organisation_editors_and_assessors(path: Path) -> None:
    with as_lead(path) as reg:
        first = reg.add_note("R-001", "Vi ser samma sak i Partille")
        second = reg.add_note("R-001", "Och i hemtjänsten")
        assert first.id != second.id and first.organisation == PARTILLE
        assert first.by == "projektledare i 1402" and first.on == TODAY
        with pytest.raises(NotFoundError):
            reg.add_note("R-003", "internt")
        with refused(ValidationError, "error.field", field="text"):
            reg.add_note("R-001", "")
    with as_lead(path, GOTEBORG) as other:
        other.add_note("R-001", "Göteborgs egen")
        assert [n.organisation for n in other.notes("R-001")] == [GOTEBORG]
        assert all(c.action != "note" or c.after["organisation"] == GOTEBORG
                   for c in other.history())
    with Register.open(path, person=person(Role.BEDOMARE, "VGR"), today=fixed_today) as kl:
        assert [n.text for n in kl.notes("R-001")] == [
            "Vi ser samma sak i Partille", "Och i hemtjänsten", "Göteborgs egen"]
    with Register.open(path, person=person(Role.LASARE), today=fixed_today) as reader:
        assert len(reader.notes("R-001")) == 2
        with refused(AccessError, "error.access.note"):
            reader.add_note("R-001", "får inte")
    with Register.open(path) as reg:  # a note never leaves the register
        assert "Vi ser samma sak" not in dumps(reg, shared_only=True)
        out = path.parent / "out"
        riskreg.export_reports(reg, out, recipients=PARTILLE, record=False)
        for file in out.iterdir():
            assert b"Vi ser samma sak" not in file.read_bytes(), file.name
