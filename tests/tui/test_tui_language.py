"""One language at a time in the review UI: every view, the help, the palette and the forms,
in Swedish and in English, hold no word of the other language and no raw field name.

The walk is the snapshot tests' (tests/tui/test_tui_snapshots.py) on the example register
with its typed text made neutral (tests/language.py), built by someone working in that
language and changed so that riskreg writes history of its own (flags, a link, an edit, a
review): the detail's history shows those lines. The text is what the terminal shows.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from language import leaks, neutral_register
from test_tui_snapshots import CENTRAL, PROJECT_LEAD, Step
from textual.command import CommandPalette
from textual.pilot import Pilot
from tui_helpers import PIA, detail_of, make_app, screen_text, until

from tui.app import RiskregApp
from tui.requests import Navigate
from tui.screens.risks import RisksScreen


async def _flagged_risk(pilot: Pilot[Any]) -> None:
    """R-019's detail: its history has riskreg's own lines (flagged after KL-2022-03)."""
    await pilot.press("escape")
    pilot.app.post_message(Navigate("R-019", view="risks"))
    await until(pilot, lambda: isinstance(pilot.app.screen, RisksScreen), "risks")
    await detail_of(pilot, "R-019")
    body = pilot.app.screen.query_one("#detail-body")
    await until(pilot, lambda: "(…)" not in str(body.render()), "history")


async def _palette(pilot: Pilot[Any]) -> None:
    await pilot.press("ctrl+p")
    await until(pilot, lambda: isinstance(pilot.app.screen, CommandPalette), "palette")
    await pilot.pause(0.3)


def _walk(app: RiskregApp, steps: list[tuple[str, Step]]) -> dict[str, str]:
    shown: dict[str, str] = {}

    async def scenario() -> None:
        async with app.run_test(size=(120, 36)) as pilot:
            await until(pilot, lambda: app.info is not None, "opened")
            for name, step in steps:
                await step(pilot)
                await pilot.pause()
                shown[name] = screen_text(app)

    asyncio.run(scenario())
    return shown


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_screen_is_in_one_language(lang: str, tmp_path: Path) -> None:
    db = neutral_register(lang, tmp_path)
    shown = _walk(make_app(db, lang=lang),
                  [*CENTRAL, ("flagged risk", _flagged_risk), ("palette", _palette)])
    shown.update(_walk(make_app(db, lang=lang, start=None, person=PIA), PROJECT_LEAD))
    assert len(shown) == len(CENTRAL) + len(PROJECT_LEAD) + 2
    found = {name: sorted(set(leaked)) for name, text in shown.items()
             if (leaked := leaks(text, lang))}
    assert found == {}, found
