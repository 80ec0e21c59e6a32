"""Who the status goes to, and what was delivered to them: frozen, validated attrs models.

A :class:`Contact` is one address of one organisation: its project lead, its
management council (ledningsråd), or a person reached through the target groups of
Klinisk ledning's decisions (MAS, verksamhetschefer, …). In the shared register the
people are the same as the access roles where they overlap: ``login`` names the
person's login there (the ``Person`` of access control), when they have one.

A :class:`Delivery` is one line of the delivery log: one message of one kind and
serial (the edition for a status, the history position for a notice, the day for a
digest) to one address, and what came of it. Its key is ``kind|serial|address``, so
the log holds at most one line per message; a retry updates the line, and the
register's history keeps every attempt.
"""

from __future__ import annotations

import re
from datetime import datetime
from enum import StrEnum
from functools import cache
from typing import Any

import attrs
from attrs import field, frozen

from riskreg.errors import ValidationError
from riskreg.messages import LANGUAGES, Term
from riskreg.model import LOGIN, ORG_CODE  # a login: as a Person's of the shared register

CONTACT_KEY = re.compile(r"^C-\d{3,6}\Z")
MAX_NAME = 200
MAX_ADDRESS = 254  # RFC 5321's limit on a path
# one line of text: no control character of any kind, no line or paragraph separator
_NOT_ONE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


class ContactRole(StrEnum):
    """What a contact is to its organisation."""

    PROJECT_LEAD = "project_lead"  # projektledare: receives the status
    MANAGEMENT_COUNCIL = "management_council"  # ledningsråd: receives the status
    TARGET_GROUP = "target_group"  # a person of a decision's target groups: notices only


#: The roles the status report goes to (the decided process: project lead and ledningsråd).
STATUS_ROLES = frozenset({ContactRole.PROJECT_LEAD, ContactRole.MANAGEMENT_COUNCIL})
#: The target group each status role is (decisions name "Projektledare" and "Ledningsråd").
ROLE_GROUPS = {ContactRole.PROJECT_LEAD: "Projektledare",
               ContactRole.MANAGEMENT_COUNCIL: "Ledningsråd"}


class DeliveryKind(StrEnum):
    """What a message carries."""

    STATUS = "status"  # an edition's report to a project lead or ledningsråd
    NOTICE = "notice"  # changed validity of decisions, to a target group
    DIGEST = "digest"  # what is pending on a person


class Outcome(StrEnum):
    """What came of one message."""

    # recorded before the message is handed to the server; a line still pending after a
    # run ended was interrupted between the two (it may have arrived: never resent unasked)
    PENDING = "pending"
    SENT = "sent"  # the server accepted it (its answer kept)
    FAILED = "failed"  # it did not reach the server (the reason kept): sent again next run


def group_key(name: str) -> str:
    """How target-group and owner names are compared: case and spacing ignored (nothing
    else is guessed: "Verksamhetschef" and "Verksamhetschefer" are two groups)."""
    return " ".join(name.split()).casefold()


@cache
def normalise_address(value: str) -> str:
    """An e-mail address checked by ``email-validator`` (syntax only: no DNS look-up, so it
    works offline and for the reserved ``.example`` domain) and written the way it is sent:
    ASCII (an internationalised domain as IDNA; a non-ASCII local part is refused, since
    not every server takes SMTPUTF8), in lower case (so one mailbox is one address, and is
    never sent the same message twice under two spellings)."""
    from email_validator import EmailNotValidError, validate_email

    if not isinstance(value, str):
        raise ValidationError("error.contact.address", value=repr(value)[:60],
                              problem=Term("contact.problem.not_text"))
    text = value.strip()
    try:
        checked = validate_email(text, check_deliverability=False, allow_smtputf8=False,
                                 allow_display_name=False, allow_quoted_local=False,
                                 allow_domain_literal=False)
    except EmailNotValidError:
        # the validator's own words are English only: the address is shown, and what to write
        raise ValidationError("error.contact.address", value=text[:80],
                              problem=Term("contact.problem.invalid")) from None
    address = (checked.ascii_email or checked.normalized).lower()
    if len(address) > MAX_ADDRESS:
        raise ValidationError("error.contact.address", value=text[:80],
                              problem=Term("contact.problem.too_long"))
    return address


def _address(value: Any) -> Any:
    return normalise_address(value) if isinstance(value, str) else value


def _fail(name: str, value: Any, problem: str) -> ValidationError:
    shown = repr(value)
    return ValidationError("error.field", field=name,
                           value=shown if len(shown) <= 60 else shown[:57] + "...",
                           problem=problem)


def _line(required: bool = False) -> Any:
    def check(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, str):
            raise _fail(attribute.name, value, "not text")
        if required and not value.strip():
            raise _fail(attribute.name, value, "required")
        if len(value) > MAX_NAME:
            raise _fail(attribute.name, value, f"longer than {MAX_NAME} characters")
        if _NOT_ONE_LINE.search(value):
            raise _fail(attribute.name, value, "control character or line break")

    return check


def _lines(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, tuple):
        raise _fail(attribute.name, value, "not a list")
    for item in value:
        if not isinstance(item, str) or not item.strip():
            raise _fail(attribute.name, item, "empty entry")
        _line()(None, attribute, item)


def _texts(value: Any) -> Any:
    """A list of names, trimmed and de-duplicated in their order (a string: one per line or
    separated by ``;``)."""
    if isinstance(value, str):
        value = re.split(r"[;\n]", value)
    if isinstance(value, (list, tuple)):
        seen: dict[str, str] = {}
        for item in value:
            if isinstance(item, str):
                item = " ".join(item.split())
                if item:
                    seen.setdefault(group_key(item), item)
            else:
                return tuple(value)  # the validator reports it
        return tuple(seen.values())
    return value


def _tuple(value: Any) -> Any:
    return tuple(value) if isinstance(value, (list, tuple)) else value


def _as_member(cls: type[StrEnum], value: Any) -> Any:
    """``value`` as a member of ``cls`` if it is one; anything else is left for the validator."""
    if isinstance(value, cls):
        return value
    try:
        return cls(value)
    except ValueError:
        return value


def _role(value: Any) -> Any:
    return _as_member(ContactRole, value)


def _kind(value: Any) -> Any:
    return _as_member(DeliveryKind, value)


def _outcome(value: Any) -> Any:
    return _as_member(Outcome, value)


def _member(cls: type[StrEnum]) -> Any:
    def check(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, cls):
            allowed = ", ".join(str(m.value) for m in cls)
            raise _fail(attribute.name, value, f"one of {allowed}")

    return check


def _pattern(regex: re.Pattern[str], optional: bool = False) -> Any:
    def check(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if optional and value == "":
            return
        if not isinstance(value, str) or not regex.match(value):
            raise _fail(attribute.name, value, "bad format")

    return check


def _language(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value not in LANGUAGES:
        raise _fail(attribute.name, value, f"one of {', '.join(LANGUAGES)}")


@frozen
class Contact:
    """One address of one organisation, with its role and the target groups it is in."""

    key: str = field(validator=_pattern(CONTACT_KEY))
    organisation: str = field(validator=_pattern(ORG_CODE))
    address: str = field(converter=_address, validator=_pattern(re.compile(r"^\S+@\S+\Z")))
    role: ContactRole = field(default=ContactRole.TARGET_GROUP, converter=_role,
                              validator=_member(ContactRole))
    name: str = field(default="", validator=_line())
    target_groups: tuple[str, ...] = field(default=(), converter=_texts, validator=_lines)
    #: how the register names them as an owner or assessor (for the digest)
    owner_names: tuple[str, ...] = field(default=(), converter=_texts, validator=_lines)
    lang: str = field(default="sv", validator=_language)
    login: str = field(default="", validator=_pattern(LOGIN, optional=True))
    active: bool = field(default=True, validator=attrs.validators.instance_of(bool))

    @property
    def receives_status(self) -> bool:
        """Whether the organisation's status report goes to this address."""
        return self.active and self.role in STATUS_ROLES

    @property
    def groups(self) -> frozenset[str]:
        """The target groups this contact is in (compared by :func:`group_key`): those named,
        and the one its role is (a project lead is in "Projektledare")."""
        names = {group_key(g) for g in self.target_groups}
        role_group = ROLE_GROUPS.get(self.role)
        if role_group:
            names.add(group_key(role_group))
        return frozenset(names)

    def answers_to(self, name: str) -> bool:
        """Whether ``name`` (an owner or assessor as the register writes it) is this contact:
        its name, login or one of its owner names, case and spacing ignored."""
        wanted = group_key(name)
        return bool(wanted) and wanted in {
            group_key(n) for n in (self.name, self.login, *self.owner_names) if n
        }


def delivery_key(kind: DeliveryKind | str, serial: int, address: str) -> str:
    """A delivery's key in the log: ``status|000003|projektledare@kommun.example``."""
    return f"{kind}|{serial:06d}|{address}"


@frozen
class Delivery:
    """One message to one address and what came of it (see the module doc)."""

    kind: DeliveryKind = field(converter=_kind, validator=_member(DeliveryKind))
    serial: int = field(validator=attrs.validators.instance_of(int))
    address: str = field()
    outcome: Outcome = field(converter=_outcome, validator=_member(Outcome))
    at: datetime = field(validator=attrs.validators.instance_of(datetime))
    organisations: tuple[str, ...] = field(default=(), converter=_tuple)
    contacts: tuple[str, ...] = field(default=(), converter=_tuple)
    #: the server's answer (sent), the reason (failed), or what was about to happen (pending)
    answer: str = field(default="")
    attempts: int = field(default=1)
    message_id: str = field(default="")
    #: the attachments, as ``name sha256`` (status messages)
    files: tuple[str, ...] = field(default=(), converter=_tuple)

    @property
    def key(self) -> str:
        return delivery_key(self.kind, self.serial, self.address)

    @property
    def delivered(self) -> bool:
        return self.outcome is Outcome.SENT


__all__ = [
    "CONTACT_KEY", "LOGIN", "ROLE_GROUPS", "STATUS_ROLES", "Contact", "ContactRole",
    "Delivery", "DeliveryKind", "Outcome", "delivery_key", "group_key", "normalise_address",
]
