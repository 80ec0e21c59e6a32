"""Undo: a person's last change taken back as a new change of its own, in each store.

What a user notices: the item is as it was before their change; the history keeps the
change and the undo (action ``undo``, with who and why); a second undo takes back the
change before; undo never overwrites someone else's later change (refused in one line,
nothing written); what undo cannot bring back (a removed item) it says so.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from stores import unchanged
from strategies import fixed_today, refused
from test_register import A, B, C, build

import riskreg
from riskreg import (
    AccessError,
    ConflictError,
    Person,
    Rating,
    Register,
    Relation,
    UndoConflictError,
    UndoError,
    Validity,
)
from riskreg.cli import cli
from riskreg.storage import is_url


def content(reg: Register) -> Any:
    """What the register holds, bookkeeping (revisions, dates of change) aside."""
    def plain(doc: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in doc.items() if k not in ("revision", "updated")}

    return ([plain(riskreg.to_doc(r)) for r in reg.risks()],
            [plain(riskreg.to_doc(d)) for d in reg.decisions()],
            [riskreg.to_doc(x) for x in reg.links()])


def as_user(location: str, user: str, *, role: str = "redaktor",
            organisation: str = "VGR") -> Register:
    """The register as ``user``: on a file, by name (with ``role``: as a person of that role,
    the file's stand-in for access rules); on the server, as a login of their own, a person
    of the register with ``role`` (there the history records the login's person)."""
    if is_url(location):
        from riskreg.server.admin import put_person

        put_person(location, user, user, organisation, role)
        location = location.replace("postgresql://postgres@", f"postgresql://{user}@")
        return Register.open(location, user=user, today=fixed_today)
    person = None if role == "redaktor" else Person(user, user, organisation, role)
    return Register.open(location, user=user, today=fixed_today, person=person)


@pytest.fixture
def reg(location: str) -> Register:
    """test_register's register (built by "testare"), opened as "anna"."""
    build(location).close()
    return as_user(location, "anna")


def test_undo_takes_back_the_last_change_as_a_change_of_its_own(reg: Register,
                                                                location: str) -> None:
    before = content(reg)
    revision = reg.revision
    reg.update_risk("R-001", owner="MAS Vänersborg", inherent=Rating(4, 4), why="Ny ägare")
    assert reg.last_change() is not None and reg.last_change().keys == ["R-001"]
    undone = reg.undo(why="Fel risk")
    assert undone.revision == revision + 1 and undone.keys == ["R-001"]
    assert content(reg) == before
    assert reg.risk("R-001").revision == 3  # a change of its own, not a rewind
    last = reg.history("R-001")[-1]
    assert (last.action, last.user, last.why) == ("undo", "anna", "Fel risk")
    assert last.revision == revision + 2
    with as_user(location, "bo") as fresh:  # a fresh client reads the same
        assert content(fresh) == before
        assert fresh.graph.exposed_risks() == reg.graph.exposed_risks()


def test_undo_again_takes_back_the_change_before(reg: Register, location: str) -> None:
    start = content(reg)
    reg.update_risk("R-002", title="Remissen försvinner", why="Tydligare")
    middle = content(reg)
    reg.mark_reviewed("R-004", note="Granskad på mötet")
    reg.undo()
    assert content(reg) == middle
    reg.undo()
    assert content(reg) == start
    # the build was "testare"'s, not anna's: nothing left of hers
    with unchanged(location), refused(UndoError, "error.undo.nothing", user="anna"):
        reg.undo()
    assert reg.last_change() is None


def test_undo_of_an_assessment_takes_back_what_it_flagged(reg: Register) -> None:
    before = content(reg)
    exposed = reg.graph.exposed_risks()
    reg.assess(A, Validity.SUSPENDED, rationale="Bygger på pausad design")
    assert reg.risk("R-001").review_reasons  # flagged by the assessment
    undone = reg.undo(why="Bedömdes av misstag")
    assert A in undone.keys  # its flags are A's own (A does not concern everyone): issue 10
    assert content(reg) == before
    assert reg.decision(A).validity is Validity.APPLIES
    assert reg.graph.exposed_risks() == exposed


def test_undo_is_refused_when_someone_else_changed_the_item_since(
        reg: Register, location: str) -> None:
    reg.update_risk("R-001", owner="MAS", why="Ny ägare")
    with as_user(location, "bo") as bo:
        bo.update_risk("R-001", title="Fel dos vid utskrivning", why="Kortare titel")
        after_bo = content(bo)
    with unchanged(location), refused(UndoConflictError, "error.undo.changed_since",
                                      key="R-001", user="bo") as info:
        reg.undo()
    assert isinstance(info.value, ConflictError)
    assert "bo" in info.value.message("sv") and "R-001" in info.value.message("en")
    assert content(reg) == after_bo


def test_someone_else_s_change_elsewhere_does_not_block_undo(reg: Register,
                                                             location: str) -> None:
    reg.update_risk("R-001", owner="MAS", why="Ny ägare")
    with as_user(location, "bo") as bo:
        bo.update_risk("R-002", owner="IT", why="Annan risk")
        assert bo.last_change() is not None and bo.last_change().keys == ["R-002"]
    reg.undo()
    assert reg.risk("R-001").owner == ""
    assert reg.risk("R-002").owner == "IT"
    with as_user(location, "bo") as bo:  # his own change, never hers
        assert bo.undo().keys == ["R-002"]
        with refused(UndoError, "error.undo.nothing"):
            bo.undo()


def test_undo_of_an_added_risk_removes_it_and_its_key_stays_used(reg: Register) -> None:
    added = reg.new_risk(title="Ny risk", area="it", inherent=Rating(1, 3), why="Ny")
    reg.undo(why="Dubblett")
    assert added.key not in reg
    assert reg.new_risk(title="Nästa", area="it", inherent=Rating(1, 1)).key != added.key


def test_undo_of_links(reg: Register) -> None:
    links = reg.links()
    reg.link("R-002", Relation.AGGRAVATES, "R-004", why="Hänger ihop")
    reg.undo()
    assert reg.links() == links
    reg.unlink("R-001", Relation.MITIGATED_BY, A, why="Fel länk")
    reg.undo()
    assert reg.links() == links
    assert [e.key for e in reg.graph.exposed_risks()] == [
        e.key for e in reg.graph.exposed_risks()]


def test_undo_does_not_bring_back_a_removed_item(reg: Register, location: str) -> None:
    """Refused, and never mistaken for the change before it (on the server nobody reads a
    removed item's history: undo asks the store for the person's own entries)."""
    reg.update_risk("R-001", owner="MAS", why="Ny ägare")
    reg.new_risk(key="R-009", title="Tillfällig", area="it", inherent=Rating(1, 1), why="Prov")
    reg.remove_risk("R-009", why="Bort")
    with unchanged(location), refused(UndoError, "error.undo.removed", key="R-009"):
        reg.undo()


def test_undo_does_not_take_back_a_note(reg: Register, location: str) -> None:
    reg.add_note("R-001", "Vi ser detta i hemsjukvården")
    with unchanged(location), refused(UndoError, "error.undo.kind", key="N-2-1"):
        reg.undo()


def test_an_export_is_no_change_to_undo(reg: Register, tmp_path: Path) -> None:
    reg.update_risk("R-001", owner="MAS", why="Ny ägare")
    riskreg.export_reports(reg, tmp_path / "ut", recipients="1421", formats="json")
    assert reg.undo().keys == ["R-001"]
    assert reg.risk("R-001").owner == ""
    assert len(reg.editions()) == 1  # what was sent stays recorded


def test_undo_goes_through_the_person_s_rights(location: str) -> None:
    """A project lead takes back an action status they set (the server allows it as it
    allowed the change); recognising a risk adds their municipality, and taking that back is
    an editor's change (refused, as editing is, with nothing written)."""
    build(location).close()
    with as_user(location, "redaktor1") as editor:
        editor.update_risk("R-004", scope=riskreg.Scope.everyone(), why="Alla berörs",
                           actions=[riskreg.Action("Avtal", organisation="1435")])
    with as_user(location, "pl_1435", role="projektledare", organisation="1435") as reg:
        reg.set_action_status("R-004", 0, "in_progress", why="Påbörjad")
        reg.undo(why="För tidigt")
        assert str(reg.risk("R-004").actions[0].status) == "proposed"
        reg.recognise("R-001", "1435", why="Vi känner igen den")
        with unchanged(location), pytest.raises(AccessError):
            reg.undo()


def test_riskreg_undo_on_the_command_line(tmp_path: Path) -> None:
    path = tmp_path / "riskreg.json"
    build(path).close()
    runner = CliRunner()
    env = {"RISKREG_USER": "anna", "RISKREG_TODAY": "2026-11-22", "RISKREG_LANG": None}

    def run(*args: str) -> Any:
        return runner.invoke(cli, ["--db", str(path), "--lang", "en", *args], env=env)

    assert run("risk", "review", "R-004", "--note", "Granskad").exit_code == 0
    dry = run("undo", "--dry-run")
    assert dry.exit_code == 0 and "Dry run" in dry.stdout and "R-004" in dry.stdout
    done = run("undo", "--why", "Fel risk", "--json")
    assert done.exit_code == 0, done.stderr
    assert '"revision": 2' in done.stdout
    again = run("undo")
    assert again.exit_code == 2 and again.stderr.count("\n") == 1
    assert "anna has no change to undo" in again.stderr
    placeholder = run("risk", "review", "R-004", "--note", "Granskad igen")
    assert placeholder.exit_code == 0
    refused_why = run("undo", "--why", "…")
    assert refused_why.exit_code == 2 and "no reason" in refused_why.stderr


# --- a property: n changes, n undos, the register as it was -----------------------------------

OWNERS = st.sampled_from(["MAS", "IT-enheten", "Projektledare"])
STEPS = st.lists(st.one_of(
    st.tuples(st.just("owner"), st.sampled_from(["R-001", "R-002", "R-004"]), OWNERS),
    st.tuples(st.just("assess"), st.sampled_from([A, B, C]),
              st.sampled_from([Validity.APPLIES, Validity.SUSPENDED])),
    st.tuples(st.just("review"), st.sampled_from(["R-001", "R-004"]), st.none()),
    st.tuples(st.just("link"), st.sampled_from(["R-002", "R-004"]), st.none()),
    st.tuples(st.just("add"), st.none(), st.none()),
), min_size=1, max_size=6)


@settings(max_examples=15, deadline=None)
@given(steps=STEPS)
def test_n_undos_after_n_changes_give_back_the_register(tmp_path_factory: pytest.TempPathFactory,
                                                       steps: list[tuple[str, Any, Any]]) -> None:
    path = tmp_path_factory.mktemp("undo") / "riskreg.json"
    build(path).close()
    with as_user(str(path), "anna") as reg:
        start = content(reg)
        made = 0
        for kind, key, value in steps:
            revision = reg.revision
            try:
                if kind == "owner":
                    reg.update_risk(key, owner=value, why="Ägare")
                elif kind == "assess":
                    reg.assess(key, value, rationale="Omprövad",
                               review_by=date(2027, 1, 1) if value is Validity.UNCERTAIN
                               else None)
                elif kind == "review":
                    reg.mark_reviewed(key, note="Granskad")
                elif kind == "link":
                    reg.link(key, Relation.MITIGATED_BY, C, why="Länk")
                else:
                    reg.new_risk(title="Ny", area="it", inherent=Rating(2, 2), why="Ny")
            except riskreg.LinkError:
                continue  # the link is there already
            made += reg.revision > revision
        for _ in range(made):
            reg.undo(why="Tillbaka")
        assert content(reg) == start
        with pytest.raises(UndoError):
            reg.undo()


def test_a_server_at_schema_3_is_upgraded_for_undo(pg_url: str) -> None:
    """Migration 4 (the person's own history) applies to a database made by an earlier
    riskreg; undo works on a register made after it."""
    import psycopg

    from riskreg.server import schema
    from riskreg.server.admin import upgrade_schema
    from riskreg.server.store import split_url

    with psycopg.connect(split_url(pg_url)[0]) as conn:
        for n, migration in enumerate(schema.MIGRATIONS[:3]):
            conn.execute(migration.encode())
            if n:
                conn.execute("UPDATE riskreg.schema_version SET version = %s", (n + 1,))
        conn.commit()
    assert upgrade_schema(pg_url) == (3, schema.LATEST)
    location = pg_url + "&register=undo"
    build(location).close()
    with as_user(location, "anna") as reg:
        reg.update_risk("R-001", owner="MAS", why="Ny ägare")
        assert reg.undo().keys == ["R-001"]
