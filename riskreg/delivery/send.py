"""Sending messages and keeping the delivery log: each message claimed in the log before it
goes (``pending``), then what came of it (``sent`` with the server's answer, ``failed``
with the reason), each durably before the next.

A re-run sends only what is missing: a message whose line says ``sent`` is never sent
again, nor one left ``pending`` (the run stopped, or the connection broke, between handing
it over and the server's answer: it may have arrived) unless asked; a ``failed`` one is.
``dry_run`` writes each message as a ``.eml`` file instead and logs nothing.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Protocol

import attrs
from attrs import frozen

from riskreg.delivery.message import as_bytes
from riskreg.delivery.model import Delivery, Outcome
from riskreg.delivery.outgoing import Outgoing
from riskreg.delivery.smtp import Result
from riskreg.files import write_file
from riskreg.register import Register

#: ``progress(done, total, outgoing, line)`` after each message (line: what the log says)
Progress = Callable[[int, int, Outgoing, Delivery], None]


class Transport(Protocol):
    """Where messages go: an SMTP server, or a folder of ``.eml`` files."""

    def send(self, sender: str, recipient: str, data: bytes) -> Result: ...

    def close(self) -> None: ...


class FolderTransport:
    """Writes each message as ``NNN-address.eml`` (Outlook and Thunderbird open them)."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.written: list[Path] = []

    def send(self, sender: str, recipient: str, data: bytes) -> Result:
        name = re.sub(r"[^a-z0-9.@_-]+", "-", recipient.lower()).replace("@", "-at-")
        path = self.folder / f"{len(self.written) + 1:03d}-{name}.eml"
        write_file(path, data)
        self.written.append(path)
        return Result(Outcome.SENT, f"written to {path.name}")

    def close(self) -> None:
        pass


@frozen
class DeliveryReport:
    """What a run did: each message's line in the log, in the order sent, and the messages
    it did not get to (the server could not be reached) or skipped (already delivered)."""

    lines: tuple[Delivery, ...] = ()
    skipped: tuple[str, ...] = ()  # keys: sent (or pending) before this run
    not_attempted: tuple[str, ...] = ()  # keys: the run stopped before them
    aborted: str = ""  # why the run stopped early

    def with_outcome(self, outcome: Outcome) -> list[Delivery]:
        return [d for d in self.lines if d.outcome is outcome]

    @property
    def sent(self) -> list[Delivery]:
        return self.with_outcome(Outcome.SENT)

    @property
    def failed(self) -> list[Delivery]:
        return self.with_outcome(Outcome.FAILED)

    @property
    def pending(self) -> list[Delivery]:
        return self.with_outcome(Outcome.PENDING)


def deliver(
    register: Register | None,
    outgoing: Sequence[Outgoing],
    transport: Transport,
    *,
    sender: str,
    per_minute: float | None = None,
    resend_pending: bool = False,
    progress: Progress | None = None,
    why: str = "",
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
    now: Callable[[], datetime] | None = None,
) -> DeliveryReport:
    """Send ``outgoing`` through ``transport``, at most ``per_minute`` messages a minute,
    each logged in ``register`` (None: a dry run, nothing logged)."""
    stamp = now or (lambda: datetime.now().astimezone().replace(microsecond=0))
    gap = 60.0 / per_minute if per_minute else 0.0
    lines: list[Delivery] = []
    skipped: list[str] = []
    last: float | None = None
    aborted = ""
    done = 0
    try:
        for index, item in enumerate(outgoing):
            line = Delivery(item.kind, item.serial, item.address, Outcome.PENDING, stamp(),
                            item.organisations, item.contacts, "handing over",
                            message_id=str(item.message["Message-ID"] or ""), files=item.files)
            if register is not None:
                claimed = register.claim_delivery(line, resend_pending=resend_pending, why=why)
                if claimed is None:
                    skipped.append(item.key)
                    continue
                line = claimed
            if last is not None and gap:
                wait = last + gap - clock()
                if wait > 0:
                    sleep(wait)
            last = clock()
            result = transport.send(sender, item.address, as_bytes(item.message))
            line = attrs.evolve(line, outcome=result.outcome, answer=result.answer, at=stamp())
            if register is not None:
                register.record_delivery(line, why=why)
            lines.append(line)
            done += 1
            if progress is not None:
                progress(done, len(outgoing), item, line)
            if result.abort:
                aborted = result.answer
                rest = [o.key for o in outgoing[index + 1:]]
                return DeliveryReport(tuple(lines), tuple(skipped), tuple(rest), aborted)
    finally:
        transport.close()
    return DeliveryReport(tuple(lines), tuple(skipped), (), aborted)


__all__ = ["DeliveryReport", "FolderTransport", "Progress", "Transport", "deliver"]
