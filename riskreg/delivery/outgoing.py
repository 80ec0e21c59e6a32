"""A message ready to go, with what the delivery log needs to know about it."""

from __future__ import annotations

from email.message import EmailMessage

from attrs import frozen

from riskreg.delivery.model import DeliveryKind, delivery_key


@frozen(eq=False)
class Outgoing:
    """One message to one address: its kind and serial (edition, history position or day),
    the contacts and organisations it is for, and the attachments as ``name sha256``."""

    kind: DeliveryKind
    serial: int
    address: str
    name: str
    contacts: tuple[str, ...]
    organisations: tuple[str, ...]
    message: EmailMessage
    files: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """Its line in the delivery log."""
        return delivery_key(self.kind, self.serial, self.address)


__all__ = ["Outgoing"]
