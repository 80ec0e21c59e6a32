"""The status messages of an edition: one per address of the recipients' project leads and
management councils, the report attached, a short body in the recipient's language.

    edition = open_edition(reg, "out/")              # the export's folder, checked
    outgoing = status_messages(reg, edition, sender=Sender("pm@vastkom.example", "Projekt
                               Millennium"), formats=("html", "xlsx"))

What the body says is computed like the report (:func:`riskreg.report.build.build_reports`:
shared items that concern the organisation, nothing else), with one difference: "changed
since your last edition" is measured against the newest edition *delivered to that
address* (the delivery log), not against the newest one exported. An address that never
had one gets a first message without a list of changes (the attached report lists them
since the organisation's previous edition).

The attachments are the edition's files as the export wrote them: the folder's
``manifest.json`` must be the one recorded with the edition (its SHA-256), and each file
must match its checksum, or nothing is sent. The body is made from the register as it is
now, so the register's shared content must be what the edition was made of (the
manifest's content hash); when it has changed since, export a new edition and send that
one: those who missed the old one get its changes in the new one's body.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from attrs import frozen

from riskreg.delivery.message import (
    Attachment,
    Body,
    Section,
    Sender,
    build_message,
    greeting,
)
from riskreg.delivery.model import Contact, DeliveryKind, Outcome, delivery_key
from riskreg.delivery.outgoing import Outgoing
from riskreg.editions import Edition, EditionFile
from riskreg.errors import ValidationError
from riskreg.messages import N_, OsProblem, Term, phrase, translate
from riskreg.model import Organisation, Validity
from riskreg.register import Register
from riskreg.report.model import Report
from riskreg.words import describe_reason, word

MANIFEST = "manifest.json"
#: review reasons a message may show: a validity change of a decision the recipient sees
#: (a reason ``submitted`` names another party's submission and its file: it stays inside)
SHOWN_REASONS = frozenset({"validity_changed"})


@frozen
class EditionFolder:
    """An export's folder, checked against the edition recorded in the register."""

    edition: Edition
    folder: Path
    register_hash: str  # the shared content hash the edition was made of (the manifest's)

    def files_of(self, code: str, formats: Iterable[str] | None = None) -> list[EditionFile]:
        """The files of recipient ``code``, in the chosen formats (all of them by default)."""
        wanted = None if formats is None else set(formats)
        return [f for f in self.edition.files
                if f.recipient == code and (wanted is None or f.format in wanted)]

    def read(self, file: EditionFile) -> bytes:
        """A file's bytes, refused unless they are what the edition recorded."""
        path = self.folder / file.path
        if path.parent != self.folder or path.name != file.path:
            raise ValidationError("error.delivery.file", path=file.path,
                                  problem=Term("delivery.problem.unsafe_name"))
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ValidationError("error.delivery.file", path=str(path),
                                  problem=OsProblem.of(exc)) from None
        if hashlib.sha256(data).hexdigest() != file.sha256 or len(data) != file.size:
            raise ValidationError("error.delivery.file", path=str(path),
                                  problem=Term("delivery.problem.checksum"))
        return data


def open_edition(register: Register, folder: str | Path, number: int | None = None, *,
                 preview: bool = False) -> EditionFolder:
    """The edition whose files are in ``folder`` (its ``manifest.json``), checked: recorded
    in the register, complete, the manifest the one recorded with it. With ``preview``, an
    export not recorded (``riskreg export --preview``) is taken as its manifest says: for a
    dry run, whose messages are written to files and logged nowhere."""
    root = Path(folder).resolve()
    try:
        payload = (root / MANIFEST).read_bytes()
        doc: dict[str, Any] = json.loads(payload)
        found = int(doc["edition"])
        register_hash = str(doc["register"]["content_hash"])
    except OSError as exc:
        raise ValidationError("error.delivery.file", path=str(root / MANIFEST),
                              problem=OsProblem.of(exc)) from None
    except (ValueError, KeyError, TypeError):
        raise ValidationError("error.delivery.file", path=str(root / MANIFEST),
                              problem=Term("delivery.problem.not_manifest")) from None
    if number is not None and number != found:
        raise ValidationError("error.delivery.other_edition", path=str(root), found=found,
                              wanted=number)
    if preview and not doc.get("recorded", False):
        return EditionFolder(_edition_of(doc), root, register_hash)
    edition = next((e for e in register.editions() if e.number == found), None)
    if edition is None or not doc.get("recorded", False):
        raise ValidationError("error.delivery.not_recorded", path=str(root), edition=found)
    if not edition.complete:
        raise ValidationError("error.delivery.incomplete", edition=found)
    if hashlib.sha256(payload).hexdigest() != edition.manifest_sha256:
        raise ValidationError("error.delivery.file", path=str(root / MANIFEST),
                              problem=phrase("delivery.problem.other_manifest",
                                             edition=found))
    return EditionFolder(edition, root, register_hash)


def _edition_of(doc: dict[str, Any]) -> Edition:
    """An unrecorded export (a preview) as an edition, from its manifest."""
    try:
        files = tuple(EditionFile(str(f["path"]), str(f["format"]), str(f["recipient"] or ""),
                                  str(f["sha256"]), int(f["size"])) for f in doc["files"])
        return Edition(
            number=int(doc["edition"]), at=datetime.fromisoformat(doc["generated_at"]),
            by=str(doc["generated_by"]), register_hash=str(doc["register"]["content_hash"]),
            lang=str(doc["lang"]), formats=tuple(doc["formats"]),
            recipients=tuple(str(r["code"]) for r in doc["recipients"]), snapshot="",
            files=files, complete=True)
    except (KeyError, TypeError, ValueError):
        raise ValidationError("error.delivery.file", path=MANIFEST,
                              problem=Term("delivery.problem.not_manifest")) from None


def edition_to_send(
    register: Register, folder: str | Path, *, recipients: str | Sequence[str] | None = None,
    formats: Iterable[str] | None = None, lang: str | None = None, preview: bool = False,
    why: str = "",
) -> tuple[EditionFolder, bool]:
    """The edition to send from ``folder``, and whether it was exported now.

    The edition already there is taken when it is recorded (or, with ``preview``, not),
    the register's shared content is what it was made of, and it holds the recipients and
    formats asked for: so a re-run of a send that stopped half-way sends the same edition
    and only what is missing. Otherwise a new edition is exported into ``folder`` (with
    ``preview``, not recorded: for a dry run).
    """
    from riskreg.report import export_reports, parse_formats, select_recipients
    from riskreg.sharing import shared_content_hash

    register.refresh()
    chosen = parse_formats(formats) if formats is not None else None
    wanted = {o.code for o in select_recipients(register, recipients)}
    if (Path(folder) / MANIFEST).is_file():
        try:
            found = open_edition(register, folder, preview=preview)
        except ValidationError:
            found = None
        if (found is not None and found.register_hash == shared_content_hash(register)
                and wanted <= set(found.edition.recipients)
                and (chosen is None or set(chosen) <= set(found.edition.formats))):
            return found, False
    manifest = export_reports(register, folder, recipients=sorted(wanted), formats=chosen,
                              lang=lang, record=not preview, why=why)
    return open_edition(register, manifest.out, preview=preview), True


def status_contacts(register: Register, codes: Iterable[str]) -> dict[str, list[Contact]]:
    """Address -> the active project-lead and management-council contacts of the
    organisations ``codes`` at that address (one address, one message)."""
    wanted = set(codes)
    by_address: dict[str, list[Contact]] = {}
    for contact in register.contacts():
        if contact.receives_status and contact.organisation in wanted:
            by_address.setdefault(contact.address, []).append(contact)
    return dict(sorted(by_address.items()))


def without_status_contacts(register: Register, codes: Iterable[str]) -> list[str]:
    """The organisations among ``codes`` with no active project lead or ledningsråd address:
    their status reaches no one (the command line warns about them)."""
    covered = {c.organisation for c in register.contacts() if c.receives_status}
    return [code for code in codes if code not in covered]


def status_messages(
    register: Register,
    edition: EditionFolder,
    *,
    sender: Sender,
    formats: Iterable[str] | None = None,
    recipients: Iterable[str] | None = None,
    resend_pending: bool = False,
    at: datetime | None = None,
) -> list[Outgoing]:
    """One message per address of the edition's recipients that has not had it yet (a line
    ``sent`` in the delivery log; ``pending`` too unless ``resend_pending``: such a message
    may have arrived). ``recipients`` narrows to some organisation codes."""
    from riskreg.report.build import build_reports
    from riskreg.sharing import shared_content_hash

    register.refresh()
    number = edition.edition.number
    if shared_content_hash(register) != edition.register_hash:
        raise ValidationError("error.delivery.stale", edition=number)
    chosen = tuple(formats) if formats is not None else edition.edition.formats
    unknown = sorted(set(chosen) - set(edition.edition.formats))
    if unknown or not chosen:
        raise ValidationError("error.delivery.formats", edition=number,
                              formats=", ".join(unknown) or "-",
                              allowed=", ".join(edition.edition.formats))
    codes = [c for c in edition.edition.recipients
             if recipients is None or c in set(recipients)]
    skip = {Outcome.SENT} if resend_pending else {Outcome.SENT, Outcome.PENDING}
    plan: list[tuple[str, list[Contact]]] = []
    for address, contacts in status_contacts(register, codes).items():
        line = register.delivery(delivery_key(DeliveryKind.STATUS, number, address))
        if line is None or line.outcome not in skip:
            plan.append((address, contacts))
    # one report per (address, organisation), each measured against what that address had
    pairs: list[tuple[str, Organisation]] = []
    for address, contacts in plan:
        for code in sorted({c.organisation for c in contacts}):
            pairs.append((address, register.directory.get(code)))
    reports, _snapshot = build_reports(
        register, [org for _a, org in pairs], edition=number, generated_at=edition.edition.at,
        generated_by=edition.edition.by,
        baselines=[register.delivered_edition(address, org.code) for address, org in pairs],
    )
    by_pair = {(a, org.code): r for (a, org), r in zip(pairs, reports, strict=True)}
    when = at or datetime.now().astimezone()
    outgoing = []
    for address, contacts in plan:
        first = contacts[0]
        lang = first.lang
        orgs = sorted({c.organisation for c in contacts})
        files = [f for code in orgs for f in edition.files_of(code, chosen)]
        attachments = [Attachment(f.path, edition.read(f)) for f in files]
        org_reports = [by_pair[(address, code)] for code in orgs]
        body = _status_body(register, org_reports, first, edition.edition, attachments, sender,
                            lang)
        names = ", ".join(r.recipient.name for r in org_reports)
        subject = translate("delivery.status.subject", lang, register=_register_name(
            register, lang), orgs=names, edition=number)
        message = build_message(
            sender=sender, to=address, to_name=first.name, subject=subject, body=body,
            lang=lang, attachments=attachments, at=when, kind="status", serial=number)
        outgoing.append(Outgoing(
            DeliveryKind.STATUS, number, address, first.name, tuple(c.key for c in contacts),
            tuple(orgs), message, tuple(f"{a.name} {a.sha256}" for a in attachments)))
    return outgoing


def _register_name(register: Register, lang: str) -> str:
    return register.name or translate("delivery.register_default", lang)


def _status_body(register: Register, reports: Sequence[Report], contact: Contact,
                 edition: Edition, attachments: Sequence[Attachment], sender: Sender,
                 lang: str) -> Body:
    many = len(reports) > 1
    paragraphs = [
        translate("delivery.status.intro", lang, register=_register_name(register, lang),
                  orgs=", ".join(r.recipient.name for r in reports), edition=edition.number,
                  date=edition.at.date().isoformat()),
        translate("delivery.status.attached", lang,
                  files=", ".join(a.name for a in attachments) or "-"),
    ]
    sections: list[Section] = []
    for report in reports:
        prefix = f"{report.recipient.name}: " if many else ""
        previous = report.stamp.previous
        if previous is None:
            paragraphs.append(prefix + translate("delivery.status.first", lang))
        else:
            sections.append(Section(
                prefix + translate("delivery.status.changes", lang, edition=previous.number,
                                   date=previous.at.date().isoformat()),
                tuple(change_lines(report, lang)),
                translate("delivery.status.no_changes", lang)))
        sections.append(Section(
            prefix + translate("delivery.status.uncertain", lang),
            tuple(translate(N_("delivery.line.uncertain_overdue") if report.overdue(d.decision)
                            else N_("delivery.line.uncertain"), lang, key=d.key,
                            title=d.decision.title,
                            date=d.decision.review_by.isoformat() if d.decision.review_by
                            else "-")
                  for d in report.decisions_with(Validity.UNCERTAIN)),
            translate("delivery.status.none_uncertain", lang)))
        sections.append(Section(
            prefix + translate("delivery.status.exposed", lang),
            tuple(translate("delivery.line.exposed", lang, key=x.key, value=x.value,
                            title=report.title_of(x.key)) for x in report.exposed),
            translate("delivery.status.none_exposed", lang)))
        sections.append(Section(prefix + translate("delivery.status.flagged", lang),
                                tuple(flagged_lines(register, report, lang))))
    closing = (translate("delivery.closing", lang), sender.name) if sender.name else (
        translate("delivery.closing", lang),)
    return Body(greeting(contact.name, lang), tuple(paragraphs), tuple(sections), closing)


def change_lines(report: Report, lang: str) -> list[str]:
    """One line per change in ``report.changes`` (titles only of items still in the report)."""
    changes, title = report.changes, report.title_of
    lines = [translate("delivery.line.new", lang, key=k, title=title(k))
             for k in changes.risks_new]
    lines += [translate("delivery.line.risk_changed", lang, key=c.key, title=title(c.key),
                        before=word("status", c.status_before, lang),
                        after=word("status", c.status_after, lang),
                        value_before=c.value_before, value_after=c.value_after)
              for c in changes.risks_changed]
    lines += [translate("delivery.line.closed", lang, key=k, title=title(k))
              for k in changes.risks_closed]
    lines += [translate("delivery.line.new", lang, key=k, title=title(k))
              for k in changes.decisions_new]
    lines += [translate("delivery.line.validity", lang, key=c.key, title=title(c.key),
                        before=word("validity", c.before, lang),
                        after=word("validity", c.after, lang))
              for c in changes.decisions_validity]
    lines += [translate("delivery.line.changed", lang, key=k, title=title(k))
              for k in changes.decisions_changed]
    lines += [translate("delivery.line.removed", lang, key=k)
              for k in (*changes.risks_removed, *changes.decisions_removed)]
    return lines


def flagged_lines(register: Register, report: Report, lang: str) -> list[str]:
    """One line per item of the report flagged "needs review" by a change the recipient can
    see (a decision in its report changed validity); other flags stay inside the register."""
    lines = []
    for key in sorted(report.visible):
        item = register.get(key)
        for reason in item.review_reasons:
            if reason.kind in SHOWN_REASONS and reason.trigger in report.visible:
                lines.append(translate(
                    "delivery.line.flagged", lang, key=key, title=report.title_of(key),
                    reason=describe_reason(reason.kind, reason.trigger, reason.detail, lang)))
    return lines


__all__ = ["EditionFolder", "Outgoing", "change_lines", "edition_to_send", "flagged_lines",
           "open_edition", "status_contacts", "status_messages", "without_status_contacts"]
