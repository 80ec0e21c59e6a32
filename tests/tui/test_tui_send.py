"""The export view's send step: the edition just exported goes to each recipient's project
lead and ledningsråd through a real SMTP server on loopback (aiosmtpd, as in
tests/delivery), a line per recipient with what the delivery log says; a preview can
only be a dry run, written as .eml files."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable, Iterator
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Checkbox, Input, SelectionList, Static
from tui_helpers import reopen, until

from tui.app import RiskregApp
from tui.screens.export import ExportScreen

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "delivery"))
from smtp_fixture import Recorder, smtp_server

TOWNS = ("1487", "1480")  # Vänersborg, Göteborg
ADDRESSES = {f"{role}@{town}.kommun.example" for role in ("projektledare", "ledningsrad")
             for town in ("vanersborg", "goteborg")}


@pytest.fixture
def smtp(monkeypatch: pytest.MonkeyPatch) -> Iterator[Recorder]:
    """A server on loopback, and the environment that points riskreg at it."""
    with smtp_server() as (recorder, port):
        for name, value in (("HOST", "127.0.0.1"), ("PORT", str(port)), ("SECURITY", "none"),
                            ("FROM", "projekt.millennium@vastkom.example"),
                            ("FROM_NAME", "Projekt Millennium"), ("TIMEOUT", "5")):
            monkeypatch.setenv(f"RISKREG_SMTP_{name}", value)
        monkeypatch.delenv("RISKREG_SMTP_CONFIG", raising=False)
        yield recorder


def status(screen: ExportScreen) -> str:
    return str(screen.query_one("#status", Static).render())


async def export_two_towns(pilot: Pilot[Any], app: RiskregApp, out: Path, *,
                           preview: bool = False) -> ExportScreen:
    await until(pilot, lambda: isinstance(app.screen, ExportScreen), "export screen")
    screen = app.screen
    assert isinstance(screen, ExportScreen)
    await until(pilot, lambda: len(screen.recipients_list.selected) == 49, "recipients loaded")
    recipients = screen.query_one("#recipients", SelectionList)
    recipients.deselect_all()
    for code in TOWNS:
        recipients.select(code)
    for fmt in ("md", "csv", "xlsx", "json"):
        screen.query_one(f"#fmt-{fmt}", Checkbox).value = False
    screen.query_one("#preview", Checkbox).value = preview
    screen.query_one("#out", Input).value = str(out)
    await pilot.pause()
    await pilot.press("ctrl+s")
    await until(pilot, lambda: screen.manifest is not None, "export done", timeout=30)
    return screen


async def send(pilot: Pilot[Any], screen: ExportScreen) -> None:
    screen.send_run = None
    await pilot.press("ctrl+t")
    await until(pilot, lambda: screen.send_run is not None and not screen.running,
                lambda: f"send done ({status(screen)})", timeout=30)


def test_send_step_sends_the_edition_and_a_rerun_sends_only_what_failed(
    app_factory: Callable[..., RiskregApp], register_path: Path, tmp_path: Path,
    smtp: Recorder
) -> None:
    refused = "ledningsrad@goteborg.kommun.example"
    smtp.refuse = {refused}

    async def scenario() -> None:
        app = app_factory(start="export")
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await export_two_towns(pilot, app, tmp_path / "utskick")
            dry = screen.query_one("#send-dry", Checkbox)
            assert dry.value and not dry.disabled  # a dry run unless asked otherwise
            dry.value = False
            await send(pilot, screen)
            # a line per recipient, with what the delivery log says
            lines = {x.address: (x.outcome, x.answer) for x in screen.sent}
            assert set(lines) == ADDRESSES
            assert lines[refused][0] == "failed" and lines[refused][1].startswith("550 5.1.1")
            assert all(o == "sent" and a.startswith("250 2.0.0 Ok: queued as")
                       for addr, (o, a) in lines.items() if addr != refused)
            assert screen.sent_table.row_count == 4
            assert "Utgåva 1: 3 skickade, 1 misslyckade, 0 oklara, 0 hade den redan" in \
                status(screen)
            # the refusal lifted, the same step again sends only the one that failed
            smtp.refuse = set()
            await send(pilot, screen)
            assert [(x.address, x.outcome) for x in screen.sent] == [(refused, "sent")]
            assert "Utgåva 1: 1 skickade, 0 misslyckade, 0 oklara, 3 hade den redan" in \
                status(screen)

    asyncio.run(scenario())
    assert smtp.count_by_recipient() == {a: 1 for a in ADDRESSES}  # nobody twice
    with reopen(register_path) as reg:
        log = {d.address: d for d in reg.deliveries("status", 1)}
        assert set(log) == ADDRESSES and all(d.delivered for d in log.values())
        assert log[refused].attempts == 2


def test_a_preview_can_only_be_a_dry_run_written_as_eml_files(
    app_factory: Callable[..., RiskregApp], register_path: Path, tmp_path: Path,
    smtp: Recorder
) -> None:
    before = register_path.read_bytes()
    out = tmp_path / "preview"

    async def scenario() -> None:
        app = app_factory(start="export", lang="en")
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await export_two_towns(pilot, app, out, preview=True)
            dry = screen.query_one("#send-dry", Checkbox)
            assert dry.value and dry.disabled
            await send(pilot, screen)
            assert {x.outcome for x in screen.sent} == {"written"}
            assert all(x.answer.endswith(".eml") for x in screen.sent)
            assert "Dry run of edition 1: 4 messages written to" in status(screen)

    asyncio.run(scenario())
    files = sorted((out / "messages").glob("*.eml"))
    assert len(files) == 4 and not smtp.messages  # nothing went to the server
    recipients = {message_from_bytes(f.read_bytes(), policy=policy.default)["To"]
                  .addresses[0].addr_spec for f in files}
    assert recipients == ADDRESSES
    assert register_path.read_bytes() == before  # no edition, no delivery log


def test_sending_before_exporting_is_refused(
    app_factory: Callable[..., RiskregApp], smtp: Recorder
) -> None:
    async def scenario() -> None:
        app = app_factory(start="export")
        async with app.run_test(size=(100, 30)) as pilot:
            await until(pilot, lambda: isinstance(app.screen, ExportScreen), "export screen")
            screen = app.screen
            assert isinstance(screen, ExportScreen)
            await pilot.press("ctrl+t")
            await until(pilot, lambda: "Exportera en utgåva först" in status(screen),
                        "refusal")

    asyncio.run(scenario())
    assert not smtp.messages
