"""On the shared register, contacts and the delivery log are the redaktör's: anyone else
reads their own organisation's contacts and nothing of the log, through raw SQL (as psql
would) and through the library; the contacts' history and change log follow suit."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

import psycopg
import pytest

import riskreg
from riskreg.delivery.model import Delivery, Outcome
from riskreg.server.admin import put_person
from riskreg.server.local import LocalServer
from riskreg.server.store import split_url


@pytest.fixture(scope="module")
def shared(pg_server: LocalServer) -> Iterator[str]:
    admin = pg_server.create_database() + "&register=delad"
    with riskreg.build_example(admin, user="admin") as reg:
        reg.record_delivery(Delivery("status", 1, "ledningsrad@vanersborg.kommun.example",
                                     Outcome.SENT, datetime(2026, 11, 22, tzinfo=UTC),
                                     ("1487",), ("C-002",), "250 Ok"))
    put_person(admin, "anna", "Anna Redaktör", "VGR", "redaktor")
    put_person(admin, "pl_vbg", "Per Projektledare", "1487", "projektledare")
    yield admin


def url_of(admin: str, login: str) -> str:
    return admin.replace("postgresql://postgres@", f"postgresql://{quote(login)}@")


def rows(admin: str, login: str, query: str) -> list[Any]:
    conninfo, _name, _shown = split_url(url_of(admin, login))
    with psycopg.connect(conninfo) as conn:
        return conn.execute(query).fetchall()


def test_a_project_lead_reads_its_own_organisations_contacts_only(shared: str) -> None:
    with riskreg.Register.open(url_of(shared, "anna")) as reg:
        everyone = reg.contacts()
        vanersborg = {c.key for c in everyone if c.organisation == "1487"}
        assert len(everyone) == 103 and len(reg.deliveries()) == 1
    with riskreg.Register.open(url_of(shared, "pl_vbg")) as reg:
        assert {c.key for c in reg.contacts()} == vanersborg
        assert reg.deliveries() == []
    assert {r[0] for r in rows(shared, "pl_vbg", "SELECT key FROM riskreg.contacts")} \
        == vanersborg
    assert rows(shared, "pl_vbg", "SELECT key FROM riskreg.deliveries") == []
    history = {r[0] for r in rows(shared, "pl_vbg",
                                  "SELECT key FROM riskreg.history WHERE key LIKE 'C-%' "
                                  "OR key LIKE 'status|%'")}
    assert history == vanersborg  # an address of another municipality is not in its history
    changes = {r[0] for r in rows(shared, "pl_vbg", "SELECT key FROM riskreg.changes "
                                  "WHERE tbl IN ('contacts', 'deliveries')")}
    assert changes == vanersborg


def test_only_the_redaktor_changes_contacts_and_the_log(shared: str) -> None:
    with riskreg.Register.open(url_of(shared, "pl_vbg")) as reg, \
            pytest.raises(riskreg.RiskregError):
        reg.new_contact(organisation="1487", role="project_lead",
                        address="ny@vanersborg.kommun.example")
    with riskreg.Register.open(url_of(shared, "anna")) as reg:
        contact = reg.new_contact(organisation="1487", role="target_group",
                                  address="mar@vanersborg.kommun.example", name="MAR")
        reg.remove_contact(contact.key, why="prov")


def test_contacts_are_linked_to_the_people_of_the_shared_register(shared: str) -> None:
    from riskreg.delivery.people import LINK, OTHER_ORGANISATION, UNKNOWN_LOGIN, link_people
    from riskreg.server.admin import people

    url = url_of(shared, "anna")
    with riskreg.Register.open(url) as reg:
        lead = next(c for c in reg.contacts("1487") if c.role == "project_lead")
        reg.update_contact(lead.key, name="Per Projektledare", why="namnet")
        council = next(c for c in reg.contacts("1480") if c.role == "management_council")
        reg.update_contact(council.key, login="pl_vbg", why="fel person")
        stranger = next(c for c in reg.contacts("1485") if c.role == "project_lead")
        reg.update_contact(stranger.key, login="ingen_alls", why="okänd")
        assert {p.login for p in reg.people()} == {p.login for p in people(url)}
        found = {(m.contact, m.login, m.what) for m in link_people(reg)}
        assert found == {(lead.key, "pl_vbg", LINK), (council.key, "pl_vbg", OTHER_ORGANISATION),
                         (stranger.key, "ingen_alls", UNKNOWN_LOGIN)}
        assert reg.contact(lead.key).login == "pl_vbg"
