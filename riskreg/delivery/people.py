"""Contacts and the people of the shared register are the same people where they overlap.

A person of the shared register (access control: login, name, organisation, role) who is
also a contact is named by the contact's ``login``. :func:`match_people` tells, for the
contacts and the register's people: which contact without a login is a person (the same
organisation and name, and for a project lead the role *projektledare*), which login
names no person, and which names a person of another organisation. :func:`link_people`
writes the logins found (with history), so a project lead's messages and their access
are one person's.

    link_people(reg, why="Kontakter kopplade till inloggningar")   # reg.people() by default
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

from attrs import frozen

from riskreg.delivery.model import Contact, ContactRole, group_key
from riskreg.register import Register

LINK, UNKNOWN_LOGIN, OTHER_ORGANISATION = "link", "unknown_login", "other_organisation"


class Person(Protocol):
    """What is needed of a person of the shared register (``riskreg.server.admin.PersonRow``,
    or the access model's ``Person``)."""

    @property
    def login(self) -> str: ...

    @property
    def name(self) -> str: ...

    @property
    def organisation(self) -> str: ...

    @property
    def role(self) -> str: ...


@frozen
class PersonMatch:
    """A contact and a login: a link to make, or a login that does not fit."""

    contact: str
    login: str
    what: str  # LINK, UNKNOWN_LOGIN or OTHER_ORGANISATION


def match_people(contacts: Iterable[Contact], people: Iterable[Person]) -> list[PersonMatch]:
    """What fits and what does not between ``contacts`` and ``people`` (see the module doc)."""
    everyone = list(people)
    by_login = {p.login: p for p in everyone}
    found = []
    for contact in contacts:
        if contact.login:
            person = by_login.get(contact.login)
            if person is None:
                found.append(PersonMatch(contact.key, contact.login, UNKNOWN_LOGIN))
            elif person.organisation != contact.organisation:
                found.append(PersonMatch(contact.key, contact.login, OTHER_ORGANISATION))
            continue
        if not contact.name:
            continue
        candidates = [p for p in everyone
                      if p.organisation == contact.organisation
                      and group_key(p.name) == group_key(contact.name)
                      and (contact.role is not ContactRole.PROJECT_LEAD
                           or p.role == "projektledare")]
        if len(candidates) == 1:
            found.append(PersonMatch(contact.key, candidates[0].login, LINK))
    return found


def link_people(register: Register, people: Sequence[Person] | None = None, *,
                why: str = "") -> list[PersonMatch]:
    """Write the logins :func:`match_people` finds (one durable change); every match.
    ``people``: the register's own (:meth:`Register.people`) unless given."""
    found = match_people(register.contacts(),
                         register.people() if people is None else people)
    with register.batch(why=why):
        for match in found:
            if match.what == LINK:
                register.update_contact(match.contact, login=match.login)
    return found


__all__ = ["LINK", "OTHER_ORGANISATION", "UNKNOWN_LOGIN", "Person", "PersonMatch",
           "link_people", "match_people"]
