"""How data moves between the app and its screens, one way each.

The app holds the register's state (:class:`RegisterState`: what the register service
read last) and what the person last asked a view to show (:class:`Request`); screens watch
both (``self.watch(self.app, "state", …)``) and never call the app. Screens tell the app
what happened or what the person wants with the messages below (they bubble up to it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual.message import Message

import riskreg
from tui.service import RegisterInfo

if TYPE_CHECKING:
    from tui.widgets.item_table import ItemTable


@dataclass(frozen=True)
class RegisterState:
    """The register as the app read it last: ``info`` (None until open), a ``generation``
    that grows with every reload, and why it could not be opened."""

    info: RegisterInfo | None = None
    generation: int = 0
    error: str | None = None


@dataclass(frozen=True)
class Request:
    """What a view is asked to show: the item ``key``, or only the rows of risk area
    ``area`` / of decisions of ``validity``. ``serial`` tells two equal requests apart."""

    view: str
    key: str | None = None
    area: str | None = None
    validity: riskreg.Validity | None = None
    serial: int = 0


@dataclass
class Navigate(Message):
    """Show ``view`` (default: the view of the item ``key``, risks or decisions), with the
    item ``key`` or the filter by ``area`` / ``validity``."""

    key: str | None = None
    view: str | None = None
    area: str | None = None
    validity: riskreg.Validity | None = None


@dataclass
class Written(Message):
    """A change was saved durably: ``text`` says what, ``info`` is the register now."""

    info: RegisterInfo
    text: str


@dataclass
class Stale(Message):
    """A change was refused because the register moved on: read it again."""


@dataclass
class PageSeen(Message):
    """The start page showed the register at ``revision`` (marked seen when the app ends)."""

    revision: int


@dataclass
class DataShown(Message):
    """A view has put the register's data in ``tables`` (the start view, when its first data
    arrives: the app may end once the screen has drawn them, see
    ``RISKREG_TUI_EXIT_AFTER_FIRST_DATA``)."""

    tables: tuple[ItemTable[Any], ...] = ()


__all__ = ["DataShown", "Navigate", "PageSeen", "RegisterState", "Request", "Stale", "Written"]
