"""Access on the shared register, enforced by PostgreSQL itself: what each role reads and may
change, tried through raw SQL as that login (psql could do the same) and through the library.

The people of the example register on a real server: a redaktör (VGR), a bedömare (VGR), the
project leads of Vänersborg (1487) and Partille (1402), and a läsare in Vänersborg.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import psycopg
import pytest
from psycopg.types.json import Jsonb

import riskreg
from riskreg.server.admin import people, put_person
from riskreg.server.local import LocalServer

PEOPLE = {
    "anna": ("Anna Redaktör", "VGR", "redaktor"),
    "kl": ("Karin Bedömare", "VGR", "bedomare"),
    "pl_vbg": ("Per Projektledare", "1487", "projektledare"),
    "pl_par": ("Pia Projektledare", "1402", "projektledare"),
    "las": ("Lars Läsare", "1487", "lasare"),
}


@pytest.fixture(scope="module")
def server_register(pg_server: LocalServer) -> Iterator[str]:
    """The example register on the session's server, with its five people; the admin URL."""
    admin = pg_server.create_database() + "&register=delad"
    riskreg.build_example(admin, user="admin").close()
    for login, (name, org, role) in PEOPLE.items():
        put_person(admin, login, name, org, role)
    yield admin


def as_login(admin_url: str, login: str) -> str:
    return admin_url.replace("postgresql://postgres@", f"postgresql://{quote(login)}@")


def sql(admin_url: str, login: str) -> psycopg.Connection[Any]:
    from riskreg.server.store import split_url

    conninfo, _name, _ = split_url(as_login(admin_url, login))
    return psycopg.connect(conninfo)


def register_id(conn: psycopg.Connection[Any]) -> int:
    row = conn.execute("SELECT id FROM riskreg.registers WHERE name = 'delad'").fetchone()
    assert row is not None
    return int(row[0])


# --- the schema -------------------------------------------------------------------------------


def test_every_table_has_row_level_security_forced_and_policies(server_register: str) -> None:
    with sql(server_register, "postgres") as conn:
        tables = conn.execute(
            "SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity, "
            "pg_get_userbyid(c.relowner), "
            "(SELECT count(*) FROM pg_policy p WHERE p.polrelid = c.oid) "
            "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'riskreg' AND c.relkind = 'r' ORDER BY 1").fetchall()
    assert len(tables) >= 15
    lacking = [t for t in tables if not (t[1] and t[2] and t[3] == "riskreg_owner" and t[4] > 0)]
    assert lacking == [], f"tables without forced RLS, a policy or the owner role: {lacking}"


def test_no_person_is_the_tables_owner_or_bypasses_security(server_register: str) -> None:
    with sql(server_register, "postgres") as conn:
        rows = conn.execute(
            "SELECT rolname, rolsuper, rolbypassrls, pg_has_role(rolname, 'riskreg_owner', "
            "'MEMBER') FROM pg_roles WHERE rolname = ANY(%s)", (list(PEOPLE),)).fetchall()
    assert sorted(r[0] for r in rows) == sorted(PEOPLE)
    assert all(not (r[1] or r[2] or r[3]) for r in rows), rows


# --- reading ----------------------------------------------------------------------------------


def expected_keys(admin_url: str, org: str, role: str) -> tuple[set[str], set[str]]:
    """What the role may read, by the reports' own rule (riskreg.model.Scope.concerns)."""
    with riskreg.Register.open(admin_url) as reg:
        organisation = reg.directory.get(org)
        risks: set[str] = set()
        decisions: set[str] = set()
        for item, bucket in [*((r, risks) for r in reg.risks()),
                             *((d, decisions) for d in reg.decisions())]:
            shared = str(item.visibility) == "shared"
            if role == "redaktor":
                bucket.add(item.key)
            elif role == "bedomare":
                if shared or bucket is decisions:
                    bucket.add(item.key)
            elif shared and item.scope.concerns(organisation):
                bucket.add(item.key)
    return risks, decisions


@pytest.mark.parametrize("login", sorted(PEOPLE))
def test_each_role_reads_what_the_rule_gives_through_sql_and_the_library(
    server_register: str, login: str
) -> None:
    name, org, role = PEOPLE[login]
    risks, decisions = expected_keys(server_register, org, role)
    with sql(server_register, login) as conn:
        got = conn.execute("SELECT kind, key FROM riskreg.items").fetchall()
        internal = conn.execute(
            "SELECT count(*) FROM riskreg.items WHERE doc->>'visibility' = 'internal'"
        ).fetchone()
    assert {k for kind, k in got if kind == "risk"} == risks
    assert {k for kind, k in got if kind == "decision"} == decisions
    if role not in ("redaktor", "bedomare"):
        assert internal == (0,)
        assert len(risks) < 48  # not everything concerns a municipality
    with riskreg.Register.open(as_login(server_register, login)) as reg:
        assert {r.key for r in reg.risks()} == risks
        assert {d.key for d in reg.decisions()} == decisions
        visible = risks | decisions
        assert all(link.source in visible and link.target in visible for link in reg.links())
        for change in reg.history():
            for part in change.key.split("|"):
                if part.startswith(("R-", "KL-")):
                    assert part in visible, (login, change.key)
        assert reg.user == name  # who the server records


def test_people_see_themselves_and_the_redaktor_everyone(server_register: str) -> None:
    assert len(people(as_login(server_register, "anna"))) == len(PEOPLE)
    assert [p.login for p in people(as_login(server_register, "pl_vbg"))] == ["pl_vbg"]


# --- changing, through raw SQL as each login ------------------------------------------------


def try_sql(admin_url: str, login: str, statement: str, *params: Any) -> int | str:
    """Rows changed, or the class of the error the server refused it with."""
    with sql(admin_url, login) as conn:
        try:
            cur = conn.execute(statement, params)
            conn.rollback()  # look, don't keep: each case starts from the same register
            return cur.rowcount
        except psycopg.Error as exc:
            conn.rollback()
            return type(exc).__name__


def shared_risk(admin_url: str, org: str) -> dict[str, Any]:
    """A shared risk that concerns ``org`` and has an action."""
    with riskreg.Register.open(admin_url) as reg:
        organisation = reg.directory.get(org)
        for risk in reg.risks():
            if str(risk.visibility) == "shared" and risk.scope.concerns(organisation) \
                    and risk.actions and org not in risk.reported_by:
                return riskreg.to_doc(risk)  # type: ignore[no-any-return]
    raise AssertionError("no such risk in the example")


def test_raw_sql_changes_are_refused_or_allowed_by_role(server_register: str) -> None:
    doc = shared_risk(server_register, "1487")
    key = doc["key"]
    retitled = {**doc, "title": "Ny titel från psql"}
    recognised = {**doc, "reported_by": sorted({*doc["reported_by"], "1487"})}
    other_org = {**doc, "reported_by": sorted({*doc["reported_by"], "1402"})}
    actions = [dict(a) for a in doc["actions"]]
    actions[0]["status"] = "done" if actions[0].get("status") != "done" else "planned"
    progressed = {**doc, "actions": actions}
    update = "UPDATE riskreg.items SET doc = %s WHERE key = %s"
    outcomes: dict[tuple[str, str], int | str] = {}
    for login in PEOPLE:
        outcomes[(login, "retitle")] = try_sql(server_register, login, update,
                                               Jsonb(retitled), key)
        outcomes[(login, "recognise")] = try_sql(server_register, login, update,
                                                 Jsonb(recognised), key)
        outcomes[(login, "recognise other")] = try_sql(server_register, login, update,
                                                       Jsonb(other_org), key)
        outcomes[(login, "link")] = try_sql(
            server_register, login,
            "INSERT INTO riskreg.links (register, source, relation, target, doc, changed_in) "
            "SELECT id, %s, 'aggravates', 'R-002', '{}'::jsonb, 0 FROM riskreg.registers",
            key if key != "R-002" else "R-003")
        outcomes[(login, "delete")] = try_sql(server_register, login,
                                              "DELETE FROM riskreg.items WHERE key = %s", key)
        outcomes[(login, "history rewrite")] = try_sql(
            server_register, login, "UPDATE riskreg.history SET why = 'ändrad i efterhand'")
    refused = "InsufficientPrivilege"
    assert outcomes[("anna", "retitle")] == 1
    assert all(outcomes[(p, "retitle")] in (refused, 0) for p in PEOPLE if p != "anna")
    assert outcomes[("pl_vbg", "recognise")] == 1  # its own municipality
    assert outcomes[("pl_vbg", "recognise other")] == refused
    assert outcomes[("las", "recognise")] in (refused, 0)
    assert outcomes[("kl", "recognise")] == refused
    assert outcomes[("anna", "link")] == 1
    assert all(outcomes[(p, "link")] == refused for p in PEOPLE if p != "anna")
    # the redaktör may remove it; the links to it still stand (no link to a removed item)
    assert outcomes[("anna", "delete")] == "ForeignKeyViolation"
    assert all(outcomes[(p, "delete")] in (0, refused) for p in PEOPLE if p != "anna")
    assert all(outcomes[(p, "history rewrite")] in (0, refused) for p in PEOPLE)
    # progress on an action: only for actions of the project lead's own organisation
    owner = doc["actions"][0].get("organisation", "")
    expected = 1 if owner == "1487" else refused
    assert try_sql(server_register, "pl_vbg", update, Jsonb(progressed), key) == expected


def test_a_bedomare_assesses_decisions_and_nothing_else(server_register: str) -> None:
    with riskreg.Register.open(server_register) as reg:
        decision = riskreg.to_doc(reg.decisions()[0])
    assessed = {**decision, "validity": "uncertain", "review_by": "2027-03-31",
                "assessment": {"by": "Karin", "on": "2026-12-02", "rationale": "Ses över"}}
    retitled = {**decision, "title": "Ny titel"}
    update = "UPDATE riskreg.items SET doc = %s WHERE key = %s"
    assert try_sql(server_register, "kl", update, Jsonb(assessed), decision["key"]) == 1
    assert try_sql(server_register, "kl", update, Jsonb(retitled),
                   decision["key"]) == "InsufficientPrivilege"
    assert try_sql(server_register, "pl_vbg", update, Jsonb(assessed),
                   decision["key"]) in (0, "InsufficientPrivilege")


def test_a_submission_is_its_municipalitys_own_until_taken_in(server_register: str) -> None:
    def submission(org: str, key: str) -> Jsonb:
        return Jsonb({"key": key, "title": "Vikarier saknar behörighet i SAMSA",
                      "area": "parallella-system", "inherent": [3, 3], "visibility": "submitted",
                      "submitted_by": org, "reported_by": [org], "created": "2026-12-02",
                      "revision": 1})

    insert = ("INSERT INTO riskreg.items (register, key, kind, doc, revision, changed_in) "
              "SELECT id, %s, 'risk', %s, 1, 0 FROM riskreg.registers WHERE name = 'delad'")
    assert try_sql(server_register, "pl_vbg", insert, "R-901",
                   submission("1402", "R-901")) == "InsufficientPrivilege"  # not their own
    assert try_sql(server_register, "las", insert, "R-901",
                   submission("1487", "R-901")) == "InsufficientPrivilege"
    with sql(server_register, "pl_vbg") as conn:
        conn.execute(insert, ("R-902", submission("1487", "R-902")))
        conn.commit()
    seen = {login: try_sql(server_register, login,
                           "SELECT 1 FROM riskreg.items WHERE key = 'R-902'")
            for login in PEOPLE}
    assert seen == {"anna": 1, "kl": 0, "pl_vbg": 1, "pl_par": 0, "las": 1}
    # the next key is counted past it even for those who cannot see it
    with riskreg.Register.open(as_login(server_register, "pl_par")) as reg:
        assert int(reg.next_risk_key()[2:]) > 902
    with sql(server_register, "pl_vbg") as conn:
        assert conn.execute("DELETE FROM riskreg.items WHERE key = 'R-902'").rowcount == 1
        conn.commit()


def test_the_history_records_the_authenticated_person_not_the_claimed_one(
    server_register: str,
) -> None:
    doc = shared_risk(server_register, "1487")
    with riskreg.Register.open(as_login(server_register, "pl_vbg"), user="Någon annan") as reg:
        assert reg.user == "Per Projektledare"
        risk = reg.risk(doc["key"])
        reg.update_risk(doc["key"], reported_by=sorted({*risk.reported_by, "1487"}),
                        why="Vänersborg känner igen risken")
        last = reg.history(doc["key"])[-1]
    assert (last.user, last.why) == ("Per Projektledare", "Vänersborg känner igen risken")
    with sql(server_register, "postgres") as conn:
        login = conn.execute("SELECT login FROM riskreg.history ORDER BY seq DESC LIMIT 1"
                             ).fetchone()
    assert login == ("pl_vbg",)


def test_a_person_cannot_falsify_revisions_or_the_history(server_register: str) -> None:
    """With psql, a project lead may change what the UI lets them, never the bookkeeping every
    client relies on: raising an item's revision alone (every later save of it a conflict,
    for good), moving the register's revision, or writing history rows of their own making
    (found by an independent check: such a row also crashed the editor's history)."""
    key = shared_risk(server_register, "1487")["key"]
    refused = "InsufficientPrivilege"
    for login in ("pl_vbg", "las", "kl", "anna"):
        assert try_sql(server_register, login, "UPDATE riskreg.items SET revision = revision + 1 "
                       "WHERE key = %s", key) in (refused, 0), login
        assert try_sql(server_register, login, "UPDATE riskreg.registers "
                       "SET revision = revision + 1000") in (refused, 0), login
        assert try_sql(
            server_register, login,
            "INSERT INTO riskreg.history (register, seq, revision, at, \"user\", action, key, "
            "why) SELECT id, 99999, revision, now(), 'postgres', 'edit', %s, 'påhittad' "
            "FROM riskreg.registers", key) in (refused, "InsufficientPrivilege"), login
    # the editor still saves the item, and reads the whole history
    with riskreg.Register.open(as_login(server_register, "anna")) as reg:
        reg.update_risk(key, owner="MAS Vänersborg", why="Ägare enligt ledningsrådet")
        assert reg.history(key)[-1].why == "Ägare enligt ledningsrådet"


def test_the_history_guard_knows_every_action_riskreg_writes() -> None:
    from riskreg.server.integrity_sql import HISTORY_ACTIONS
    from riskreg.words import WORDS

    assert set(HISTORY_ACTIONS) == set(WORDS["history"])
