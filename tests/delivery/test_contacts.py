"""Contacts in the register: validated, kept with history, in both stores; the delivery log."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import riskreg
from riskreg.delivery.model import Contact, ContactRole, Delivery, Outcome, normalise_address
from riskreg.errors import DuplicateKeyError, NotFoundError, ValidationError


@pytest.fixture(params=["file", "server"])
def location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "server":
        url: str = request.getfixturevalue("pg_url")
        return url
    return str(tmp_path / "riskreg.json")


def test_contacts_kept_with_history_in_each_store(location: str) -> None:
    reg = riskreg.Register.create(location, name="Kontakter", user="anna")
    try:
        lead = reg.new_contact(organisation="Vänersborg", role="project_lead",
                               name="Åsa Öberg", address="Projektledare@Vanersborg.kommun.example",
                               login="asa.oberg", why="ny projektledare")
        council = reg.new_contact(organisation="1487", role="management_council",
                                  name="Ledningsrådet Vänersborg",
                                  address="ledningsrad@vanersborg.kommun.example")
        assert (lead.key, council.key) == ("C-001", "C-002")
        assert lead.address == "projektledare@vanersborg.kommun.example"  # one spelling
        reg.update_contact("C-001", name="Åsa Öberg-Lind", why="nytt namn")
        reg.record_delivery(Delivery("status", 1, lead.address, Outcome.SENT,
                                     datetime(2026, 11, 22, tzinfo=UTC), ("1487",), ("C-001",),
                                     "250 2.0.0 Ok"))
    finally:
        reg.close()
    with riskreg.Register.open(location, user="bo") as again:
        assert [c.name for c in again.contacts("Vänersborg")] == [
            "Åsa Öberg-Lind", "Ledningsrådet Vänersborg"]
        assert again.contact("C-001").login == "asa.oberg"
        assert [d.answer for d in again.deliveries()] == ["250 2.0.0 Ok"]
        history = again.history("C-001")
        assert [(h.action, h.why) for h in history] == [
            ("contact_add", "ny projektledare"), ("contact_update", "nytt namn")]
        if not location.startswith("postgresql"):  # the server records the logged-in person
            assert {h.user for h in history} == {"anna"}
        again.remove_contact("C-002", why="flyttat")
        assert again.next_contact_key() == "C-003"  # a removed contact's key is not reused
        with pytest.raises(DuplicateKeyError):
            again.add_contact(Contact("C-002", "1487", "x@kommun.example"))


def test_refused_contacts_leave_the_register_unchanged(tmp_path: Path) -> None:
    reg = riskreg.Register.create(tmp_path / "r.json", user="anna")
    reg.new_contact(organisation="1487", role="project_lead", address="pl@kommun.example")
    revision = reg.revision
    with pytest.raises(DuplicateKeyError):  # the same address in the same role twice
        reg.new_contact(organisation="1487", role="project_lead", address="PL@kommun.example")
    with pytest.raises(NotFoundError):
        reg.new_contact(organisation="9999", address="pl@kommun.example")
    with pytest.raises(ValidationError):
        reg.new_contact(organisation="1487", address="pl@kommun.example", role="boss")
    with pytest.raises(ValidationError):
        reg.new_contact(organisation="1487", address="Anna <pl@kommun.example>")
    with pytest.raises(ValidationError):
        reg.update_contact("C-001", name="Anna\r\nBcc: evil@example.com")
    assert reg.revision == revision and len(reg.contacts()) == 1
    reg.close()


@pytest.mark.parametrize("address", [
    "a@b", "a b@kommun.example", "a@kommun.test", "a@localhost", "åsa@kommun.example",
    "a@[127.0.0.1]", "a@kommun.example\r\nBcc: x@y.se", "a@kommun.example,b@kommun.example",
    "Anna <a@kommun.example>", "", "a@" + "x" * 250 + ".se",
])
def test_bad_addresses_refused(address: str) -> None:
    with pytest.raises(ValidationError):
        Contact("C-001", "1487", address)


@given(name=st.text(max_size=40))
def test_a_name_is_one_line_or_refused(name: str) -> None:
    try:
        contact = Contact("C-001", "1487", "a@kommun.example", name=name)
    except ValidationError:
        assert any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F or c in "\u2028\u2029"
                   or 0xD800 <= ord(c) <= 0xDFFF for c in name) or len(name) > 200
        return
    assert "\n" not in contact.name and "\r" not in contact.name


def test_roles_are_target_groups_too() -> None:
    lead = Contact("C-001", "1487", "a@kommun.example", role=ContactRole.PROJECT_LEAD,
                   target_groups=("MAS", " mas ", "Verksamhetschefer"))
    assert lead.target_groups == ("MAS", "Verksamhetschefer")
    assert lead.groups == {"projektledare", "mas", "verksamhetschefer"}
    assert lead.receives_status
    assert normalise_address(" X@Kommun.Example ") == "x@kommun.example"


def test_the_register_does_not_load_what_sending_needs() -> None:
    import subprocess
    import sys

    code = ("import sys, riskreg; riskreg.Register; riskreg.delivery.Contact; "
            "print(sorted(m for m in ('email_validator', 'smtplib', 'email.message') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"


def test_every_public_name_of_delivery_is_what_it_says() -> None:
    """A module named like a function would shadow it once imported (``digest``)."""
    import importlib
    import types

    import riskreg.delivery as delivery

    for name in delivery.__all__:
        importlib.import_module(f"riskreg.delivery.{delivery._SOURCES[name]}")
        assert not isinstance(getattr(delivery, name), types.ModuleType), name
