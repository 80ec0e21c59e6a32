"""Helpers for the review UI's tests: making the app, waiting for it, reading it."""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from rich.console import Console
from textual.app import App
from textual.pilot import Pilot

import riskreg
from tui.app import RiskregApp
from tui.screens.base import RegisterScreen
from tui.widgets.item_table import ItemTable

FIXED_AT = "2026-11-22T09:00:00+00:00"
TODAY = date(2026, 11, 22)


def fixed_today() -> date:
    return TODAY


#: Vänersborg's project lead, for a file register opened as a person (Register.open(person=))
PIA = riskreg.Person("pl_vbg", "Pia Persson", "1487", riskreg.Role.PROJEKTLEDARE)


def make_app(path: Path | str, *, lang: str = "sv", start: str | None = "overview",
             poll_interval: float = 3600.0, person: riskreg.Person | None = None
             ) -> RiskregApp:
    return RiskregApp(path, lang=lang, user="test", today=fixed_today,
                      poll_interval=poll_interval, start=start, person=person)


def as_person(person: riskreg.Person, role: riskreg.Role) -> riskreg.Person:
    """``person`` with another role."""
    return riskreg.Person(person.login, person.name, person.organisation, role)


def notices(app: App[Any]) -> list[str]:
    """The notifications the app shows now (oldest first)."""
    return [n.message for n in app._notifications]


def reopen(path: Path) -> riskreg.Register:
    return riskreg.Register.open(path, user="check", today=fixed_today)


async def until(pilot: Pilot[Any], condition: Callable[[], object],
                what: str | Callable[[], str] = "", timeout: float = 10.0) -> None:
    """Let the app run until ``condition()`` holds."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            if condition():
                return
        except Exception:  # the screen is not there yet
            pass
        if time.monotonic() > deadline:
            label = what() if callable(what) else what
            raise AssertionError(f"timed out waiting for {label or condition}")
        await pilot.pause(0.02)


def screen_of(pilot: Pilot[Any], cls: type[RegisterScreen]) -> Any:
    screen = pilot.app.screen
    assert isinstance(screen, cls), f"on {type(screen).__name__}, not {cls.__name__}"
    return screen


def table_of(pilot: Pilot[Any], selector: str = "#table") -> ItemTable[Any]:
    return pilot.app.screen.query_one(selector, ItemTable)


async def loaded(pilot: Pilot[Any], cls: type[RegisterScreen], selector: str = "#table",
                 rows: int | None = None) -> Any:
    """Wait until the screen of ``cls`` is shown and its table has (full) rows."""
    await until(pilot, lambda: isinstance(pilot.app.screen, cls), cls.__name__)
    screen = pilot.app.screen

    def ready() -> bool:
        table = screen.query_one(selector, ItemTable)
        if getattr(screen, "_all_rows", True) is None:
            return False
        return table.row_count > 0 if rows is None else table.row_count == rows

    await until(pilot, ready, f"rows in {cls.__name__}")
    return screen


async def detail_of(pilot: Pilot[Any], key: str) -> Any:
    """Wait until the current screen's detail pane shows ``key`` with its history."""
    screen = pilot.app.screen
    await until(pilot, lambda: screen.detail is not None and screen.detail.key == key,
                f"detail of {key}")
    return screen.detail


def screen_text(app: App[Any]) -> str:
    """What the terminal shows now, as plain text."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True,
                      color_system="truecolor", record=True, legacy_windows=False)
    console.print(app.screen._compositor.render_update(
        full=True, screen_stack=app._background_screens))
    return console.export_text()
