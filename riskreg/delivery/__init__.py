"""Delivering the status: contacts, messages, sending them, and the delivery log.

    from riskreg import delivery
    edition = delivery.open_edition(reg, "out/")                 # an export's folder, checked
    messages = delivery.status_messages(reg, edition, sender=config.sender,
                                        formats=("html", "xlsx"))
    report = delivery.deliver(reg, messages, delivery.SmtpTransport(config),
                              sender=config.sender.address, per_minute=30)

- :mod:`~riskreg.delivery.model`: :class:`Contact` (one address of one organisation, its
  role and target groups, optionally the login of the person in the shared register) and
  :class:`Delivery` (one line of the delivery log); kept in the register with history
  (``Register.contacts``, ``add_contact``, ``deliveries``, …).
- :mod:`~riskreg.delivery.status`: one message per project-lead and ledningsråd address
  of an edition; :mod:`~riskreg.delivery.notices`: changed decisions to their target
  groups; :mod:`~riskreg.delivery.pending`: what is pending on a person.
- :mod:`~riskreg.delivery.message`: RFC 5322 messages (``email``, policy SMTP);
  :mod:`~riskreg.delivery.headers`: nothing from the register becomes a header.
- :mod:`~riskreg.delivery.people`: contacts linked to the shared register's people by
  login (the same people where they overlap).
- :mod:`~riskreg.delivery.smtp`: configuration and the SMTP transport;
  :mod:`~riskreg.delivery.send`: :func:`deliver`, the log, a dry run into ``.eml`` files;
  :mod:`~riskreg.delivery.run`: one run of ``riskreg send`` (and the UI's send step),
  :func:`send_edition`.

Names are resolved on first use (the register imports the model, so this package must
stay light).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from riskreg.delivery.message import Sender
    from riskreg.delivery.model import (
        Contact,
        ContactRole,
        Delivery,
        DeliveryKind,
        Outcome,
    )
    from riskreg.delivery.notices import notice_messages
    from riskreg.delivery.outgoing import Outgoing
    from riskreg.delivery.pending import Digest, DigestItem, digest, digest_messages
    from riskreg.delivery.people import PersonMatch, link_people, match_people
    from riskreg.delivery.run import SendRun, preflight, send_edition
    from riskreg.delivery.send import DeliveryReport, FolderTransport, deliver
    from riskreg.delivery.smtp import SmtpConfig, SmtpTransport, load_sender
    from riskreg.delivery.status import EditionFolder, open_edition, status_messages

_SOURCES = {
    "Digest": "pending", "DigestItem": "pending", "digest": "pending",
    "digest_messages": "pending", "Sender": "message", "Contact": "model",
    "ContactRole": "model", "Delivery": "model", "DeliveryKind": "model", "Outcome": "model",
    "notice_messages": "notices", "Outgoing": "outgoing", "PersonMatch": "people",
    "link_people": "people", "match_people": "people", "DeliveryReport": "send",
    "FolderTransport": "send", "deliver": "send", "SmtpConfig": "smtp",
    "SmtpTransport": "smtp", "load_sender": "smtp", "EditionFolder": "status",
    "open_edition": "status", "status_messages": "status", "SendRun": "run",
    "preflight": "run", "send_edition": "run",
}

__all__ = [
    "Contact", "ContactRole", "Delivery", "DeliveryKind", "DeliveryReport", "Digest",
    "DigestItem", "EditionFolder", "FolderTransport", "Outcome", "Outgoing", "PersonMatch",
    "SendRun", "Sender", "SmtpConfig", "SmtpTransport", "deliver", "digest",
    "digest_messages", "link_people", "load_sender", "match_people", "notice_messages",
    "open_edition", "preflight", "send_edition", "status_messages",
]


if not TYPE_CHECKING:

    def __getattr__(name: str) -> Any:
        import importlib

        module = _SOURCES.get(name)
        if module is None:
            raise AttributeError(f"module 'riskreg.delivery' has no attribute {name!r}")
        value = getattr(importlib.import_module(f"riskreg.delivery.{module}"), name)
        globals()[name] = value
        return value
