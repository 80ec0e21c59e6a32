"""``u`` in the review UI: the first press says which change it would take back, a second
press (within a few seconds) takes it back through the library; refused in one line, with
nothing written, when someone else changed the item since."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from tui_helpers import fixed_today, loaded, notices, until

import riskreg
from tui.app import RiskregApp
from tui.screens.risks import RisksScreen


def as_test(path: Path) -> riskreg.Register:
    """The register as the app's user ("test")."""
    return riskreg.Register.open(path, user="test", today=fixed_today)


def test_u_twice_undoes_the_last_change(app_factory: Callable[..., RiskregApp],
                                        register_path: Path) -> None:
    with as_test(register_path) as reg:
        owner = reg.risk("R-005").owner
        reg.update_risk("R-005", owner="MAS Vänersborg", why="Ny ägare")
        revision = reg.revision

    async def scenario() -> None:
        app = app_factory(start="risks", lang="en")
        async with app.run_test(size=(120, 36)) as pilot:
            await loaded(pilot, RisksScreen, rows=48)
            await pilot.press("u")
            await until(pilot, lambda: any("Press u again" in n for n in notices(app)),
                        lambda: str(notices(app)))
            assert any(f"version {revision}: R-005 changed" in n for n in notices(app))
            with as_test(register_path) as reg:  # nothing is undone by the first press
                assert reg.risk("R-005").owner == "MAS Vänersborg"
            await pilot.press("u")
            await until(pilot, lambda: any("Undid your change" in n for n in notices(app)),
                        lambda: str(notices(app)))

    asyncio.run(scenario())
    with as_test(register_path) as reg:
        assert reg.risk("R-005").owner == owner
        last = reg.history("R-005")[-1]
        assert (last.action, last.user) == ("undo", "test")


def test_u_is_refused_when_someone_else_changed_the_item(
        app_factory: Callable[..., RiskregApp], register_path: Path) -> None:
    with as_test(register_path) as reg:
        reg.update_risk("R-005", owner="MAS Vänersborg", why="Ny ägare")
    with riskreg.Register.open(register_path, user="bo", today=fixed_today) as bo:
        bo.update_risk("R-005", title="Pappersrutiner vid driftstopp", why="Kortare")
    before = register_path.read_bytes()

    async def scenario() -> None:
        app = app_factory(start="risks")
        async with app.run_test(size=(120, 36)) as pilot:
            await loaded(pilot, RisksScreen, rows=48)
            await pilot.press("u")
            await until(pilot, lambda: any("bo ändrade R-005" in n for n in notices(app)),
                        lambda: str(notices(app)))
            assert not any("Tryck u igen" in n for n in notices(app))

    asyncio.run(scenario())
    assert register_path.read_bytes() == before
