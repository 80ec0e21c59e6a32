"""One run of ``riskreg send`` (and of the review UI's send step): an edition's status
messages, and when asked the notices to target groups and the digests, sent through a
transport or written as ``.eml`` files, and what came of each. The command line and the UI
both call :func:`send_edition`, so they send, skip and count alike.

    codes = preflight(reg, "all")                              # before anything is written
    folder, exported = edition_to_send(reg, "utskick/2026-12", formats=("html", "xlsx"))
    run = send_edition(reg, folder, SmtpTransport(config), sender=config.sender,
                       formats=("html", "xlsx"), notices=True, per_minute=30)
    run.report.sent, run.already, run.without_contacts

A dry run (``dry_run=FOLDER``) writes the messages a real run would send now into
``FOLDER`` as ``NNN-address.eml`` (the numbered ``.eml`` files of an earlier dry run there
are removed first, so the folder holds this run's messages only) and records nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from attrs import frozen

from riskreg.delivery.message import Sender
from riskreg.delivery.model import DeliveryKind, Outcome, delivery_key
from riskreg.delivery.outgoing import Outgoing
from riskreg.delivery.send import DeliveryReport, FolderTransport, Progress, Transport, deliver
from riskreg.delivery.status import (
    EditionFolder,
    status_contacts,
    status_messages,
    without_status_contacts,
)
from riskreg.errors import ValidationError
from riskreg.register import Register

_DRY_RUN_FILE = re.compile(r"^\d{3,}-[a-z0-9.@_-]+\.eml\Z")


@frozen
class SendRun:
    """What one run did: the log's line for each message (:attr:`report`), the status
    addresses of the edition that had it before this run (:attr:`already`) or whose
    message was left uncertain by an earlier run and not sent again (:attr:`uncertain`:
    it may have arrived), the organisations whose status reaches no one, and for a dry
    run the files."""

    edition: int
    report: DeliveryReport
    planned: int  # messages this run set out to send
    already: tuple[str, ...] = ()
    uncertain: tuple[str, ...] = ()
    without_contacts: tuple[str, ...] = ()  # organisation codes
    written: tuple[Path, ...] = ()
    dry_run: bool = False

    def count(self, kind: DeliveryKind | str, outcome: Outcome) -> int:
        """How many messages of ``kind`` came to ``outcome`` in this run."""
        return sum(1 for d in self.report.lines if d.kind == kind and d.outcome is outcome)

    @property
    def complete(self) -> bool:
        """Whether every message planned was sent (nothing failed, uncertain or left)."""
        report = self.report
        return not (report.failed or report.pending or report.not_attempted or report.aborted)


def preflight(register: Register, recipients: str | Sequence[str] | None = None, *,
              dry_run: bool = False) -> list[str]:
    """What to know before an edition is exported to be sent: refuses a person who may not
    send (unless a dry run) and recipients none of whom has a project lead or ledningsråd
    address (nothing would go); returns the chosen organisations whose status reaches no
    one (the command line warns about them)."""
    from riskreg.access import Operation
    from riskreg.report import select_recipients

    if not dry_run:
        verdict = register.may(Operation.DELIVER)
        if not verdict:
            raise verdict.error()
    codes = [o.code for o in select_recipients(register, recipients)]
    without = without_status_contacts(register, codes)
    if codes and len(without) == len(codes):
        raise ValidationError("error.delivery.nobody", count=len(codes))
    return without


def send_edition(
    register: Register,
    edition: EditionFolder,
    transport: Transport | None = None,
    *,
    sender: Sender,
    formats: Sequence[str] | None = None,
    recipients: Sequence[str] | None = None,
    notices: bool = False,
    digest: bool = False,
    horizon_days: int = 14,
    dry_run: str | Path | None = None,
    per_minute: float | None = None,
    resend_pending: bool = False,
    progress: Progress | None = None,
    why: str = "",
) -> SendRun:
    """Send ``edition``'s status messages that are missing (see the module doc), and with
    ``notices`` and ``digest`` those messages too, through ``transport`` (or, with
    ``dry_run``, into that folder as ``.eml`` files); ``recipients`` narrows to some
    organisation codes of the edition."""
    if dry_run is None and transport is None:
        raise ValueError("a transport is needed unless this is a dry run")
    codes = [c for c in edition.edition.recipients
             if recipients is None or c in set(recipients)]
    outgoing: list[Outgoing] = status_messages(
        register, edition, sender=sender, formats=formats, recipients=codes,
        resend_pending=resend_pending)
    going = {o.address for o in outgoing}
    before = {a: register.delivery(delivery_key(DeliveryKind.STATUS, edition.edition.number, a))
              for a in status_contacts(register, codes) if a not in going}
    already = tuple(a for a, line in before.items() if line and line.outcome is Outcome.SENT)
    uncertain = tuple(a for a, line in before.items()
                      if line and line.outcome is Outcome.PENDING)
    if notices:
        from riskreg.delivery.notices import notice_messages

        outgoing += notice_messages(register, sender=sender, resend_pending=resend_pending)
    if digest:
        from riskreg.delivery.pending import digest_messages

        outgoing += digest_messages(register, sender=sender, horizon_days=horizon_days)
    without = tuple(without_status_contacts(register, codes))
    number = edition.edition.number
    if dry_run is not None:
        folder = Path(dry_run)
        if folder.is_dir():
            for old in folder.iterdir():
                if _DRY_RUN_FILE.match(old.name) and old.is_file():
                    old.unlink()
        files = FolderTransport(folder)
        report = deliver(None, outgoing, files, sender=sender.address, progress=progress)
        return SendRun(number, report, len(outgoing), already, uncertain, without,
                       tuple(files.written), dry_run=True)
    assert transport is not None
    report = deliver(register, outgoing, transport, sender=sender.address,
                     per_minute=per_minute, resend_pending=resend_pending, progress=progress,
                     why=why)
    return SendRun(number, report, len(outgoing), already, uncertain, without)


__all__ = ["SendRun", "preflight", "send_edition"]
