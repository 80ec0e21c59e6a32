"""Text that goes into a message header: one line, whatever it was stored as.

A header is a line of its own; a line break in a value would end it and start another
(``Bcc: …``). The standard library refuses such a value outright, so every value made
from the register's text (an organisation's or a person's name, a register's name, a
title) passes through :func:`one_line` first: every control character, line or paragraph
separator and bidi control becomes a space, runs of spaces one, and a value too long
is cut at a word. Addresses and display names are put together by
:class:`email.headerregistry.Address`, which quotes what needs quoting (``"`` ``<``
``,`` ``;``), so header syntax in a name stays part of the name.
"""

from __future__ import annotations

import re
from email.headerregistry import Address

from riskreg import bidi

_BREAKS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]")
_SAFE_FILE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,120}\Z")


def one_line(text: str, limit: int = 200) -> str:
    """``text`` as one line of at most ``limit`` characters, fit for a header."""
    flat = " ".join(_BREAKS.sub(" ", bidi.neutral(str(text))).split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut) + "…"


def mailbox(address: str, name: str = "") -> Address:
    """A mailbox for a From or To header: the display name one line, the address as
    given (already checked: :func:`riskreg.delivery.model.normalise_address`)."""
    local, _, domain = address.rpartition("@")
    return Address(display_name=one_line(name, 120), username=local, domain=domain)


def safe_attachment_name(name: str) -> str:
    """An attachment's file name: letters, digits, ``.``, ``_`` and ``-`` only, not starting
    with a dot (the export's names already are; anything else is replaced, never trusted)."""
    if _SAFE_FILE.match(name) and ".." not in name:
        return name
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip(".-_")
    cleaned = re.sub(r"\.{2,}", ".", cleaned)[:120]
    return cleaned or "bilaga"


__all__ = ["mailbox", "one_line", "safe_attachment_name"]
