"""Sending the status and what is pending: ``send``, ``digest``, ``deliveries``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from riskreg.cli import options
from riskreg.cli.core import EXIT_FINDINGS, State, echo_json
from riskreg.cli.localized import command, option
from riskreg.cli.types import NON_NEGATIVE, POSITIVE, WordChoice
from riskreg.delivery.answers import answer_words
from riskreg.messages import N_, Counted

if TYPE_CHECKING:
    from riskreg.delivery.model import Delivery
    from riskreg.delivery.outgoing import Outgoing
    from riskreg.delivery.run import SendRun


def _dry_run_folder(state: State, out: str, value: str | None) -> Path | None:
    """Where a dry run writes its ``.eml`` files: DIR as given, else a folder in --out."""
    if value is None:
        return None
    if value:
        return Path(value)
    return Path(out) / ("meddelanden" if state.lang == "sv" else "messages")


def delivery_json(line: Delivery) -> dict[str, Any]:
    return {"kind": str(line.kind), "serial": line.serial, "address": line.address,
            "outcome": str(line.outcome), "answer": line.answer,
            "organisations": list(line.organisations), "contacts": list(line.contacts),
            "at": line.at.isoformat(), "attempts": line.attempts,
            "message_id": line.message_id, "files": list(line.files)}


@command(help=N_("cli.help.send"))
@option("--out", required=True, metavar=N_("cli.metavar.dir"),
              help=N_("cli.help.send.out"))
@option("--edition", "number", type=POSITIVE, metavar=N_("cli.metavar.n"),
              help=N_("cli.help.send.number"))
@option("--to", "to", default="all", show_default=N_("cli.default.all"),
              metavar=N_("cli.metavar.all_code_association_name_area_name"),
              help=N_("cli.help.send.to"))
@option("--format", "formats", default="html,xlsx", show_default=True,
              metavar=N_("cli.metavar.md_html_csv_xlsx_json"), help=N_("cli.help.send.formats"))
@options.report_lang
@option("--smtp-config", envvar="RISKREG_SMTP_CONFIG", metavar=N_("cli.metavar.file"),
              help=N_("cli.help.send.smtp_config"))
@option("--dry-run", "dry_run", is_flag=False, flag_value="", default=None,
              metavar=N_("cli.metavar.dir"),
              help=N_("cli.help.send.dry_run"))
@option("--per-minute", type=POSITIVE, metavar=N_("cli.metavar.n"),
              help=N_("cli.help.send.per_minute"))
@option("--notices", is_flag=True,
              help=N_("cli.help.send.notices"))
@option("--digest", "with_digest", is_flag=True,
              help=N_("cli.help.send.with_digest"))
@option("--days", type=NON_NEGATIVE, default=14, show_default=True,
              help=N_("cli.help.send.days"))
@option("--resend-pending", is_flag=True,
              help=N_("cli.help.send.resend_pending"))
@options.why(N_("cli.help.send.why"))
@options.as_json
@click.pass_obj
def send(state: State, out: str, number: int | None, to: str, formats: str,
         report_lang: str | None, smtp_config: str | None, dry_run: str | None,
         per_minute: int | None, notices: bool, with_digest: bool, days: int,
         resend_pending: bool, why: str, as_json: bool) -> None:
    """Send the status report to each municipality's project lead and ledningsråd.

    One message per address: a short body in the contact's language (what changed since
    the edition last delivered to that address, what is uncertain and by when, the
    exposed risks, the items flagged) and the report attached, byte for byte the
    export's files. Each message is written to the delivery log before it goes and its
    outcome after; run the same command again and only what is missing is sent.
    Exit 0 when everything went, 1 when something failed or the server could not be
    reached (the log says what), 2 on bad input (nothing sent).
    """
    from riskreg.delivery.run import preflight, send_edition
    from riskreg.delivery.status import edition_to_send, open_edition
    from riskreg.report import parse_formats, select_recipients

    chosen = parse_formats(formats)
    folder = _dry_run_folder(state, out, dry_run)
    transport = None
    if folder is not None:
        from riskreg.delivery.smtp import load_sender

        sender = load_sender(smtp_config)
    else:
        from riskreg.delivery.smtp import SmtpConfig, SmtpTransport

        config = SmtpConfig.load(smtp_config)
        sender = config.sender
        transport = SmtpTransport(config)
    t = state.t
    with state.open() as reg:
        codes = [o.code for o in select_recipients(reg, to)]
        without = preflight(reg, codes, dry_run=folder is not None)
        if number is not None:
            edition = open_edition(reg, out, number, preview=folder is not None)
            exported = False
        else:
            edition, exported = edition_to_send(
                reg, out, recipients=codes, formats=chosen, lang=report_lang or state.lang,
                preview=folder is not None, why=why)
        names = {o.code: o.name for o in reg.directory}
        if not as_json:
            _say_edition(state, edition.edition.number, out, exported,
                         len(edition.edition.recipients), folder is not None)
            if without:
                click.echo(t("cli.send.nobody", orgs=", ".join(names.get(c, c)
                                                                for c in without)), err=True)

        def progress(done: int, total: int, item: Outgoing, line: Delivery) -> None:
            if as_json:
                return
            kind = state.word("delivery_kind", line.kind)
            if folder is not None:
                click.echo(t("cli.send.progress_dry", done=done, total=total, kind=kind,
                             address=item.address,
                             file=line.answer.removeprefix("written to ")))
            else:
                click.echo(t("cli.send.progress", done=done, total=total, kind=kind,
                             address=item.address, outcome=state.word("outcome", line.outcome),
                             answer=answer_words(line.answer, state.lang)))

        run = send_edition(reg, edition, transport, sender=sender, formats=chosen,
                           recipients=codes, notices=notices, digest=with_digest,
                           horizon_days=days, dry_run=folder, per_minute=per_minute,
                           resend_pending=resend_pending, progress=progress, why=why)
    if as_json:
        echo_json(_run_json(run, exported, folder, names))
    else:
        _summary(state, run, folder)
    if not (run.dry_run or run.complete):
        click.get_current_context().exit(EXIT_FINDINGS)


def _say_edition(state: State, number: int, out: str, exported: bool, recipients: int,
                 preview: bool) -> None:
    if not exported:
        click.echo(state.t("cli.send.taken", edition=number, out=out))
    elif preview:
        click.echo(state.t("cli.send.previewed", edition=number, out=out))
    else:
        counted = Counted("count.recipients", "count.recipients.plural", recipients)
        click.echo(state.t("cli.send.exported", edition=number, out=out, recipients=counted))


def _summary(state: State, run: SendRun, folder: Path | None) -> None:
    from riskreg.delivery.model import DeliveryKind, Outcome

    t = state.t
    report = run.report
    if folder is not None:
        click.echo(t("cli.send.dry_run", edition=run.edition,
                     count=Counted("count.messages", "count.messages.plural", len(run.written)),
                     out=str(folder)))
        return
    if not run.planned and not run.uncertain:
        click.echo(t("cli.send.nothing", edition=run.edition))
    else:
        click.echo(t("cli.send.done", edition=run.edition,
                     sent=run.count(DeliveryKind.STATUS, Outcome.SENT),
                     failed=run.count(DeliveryKind.STATUS, Outcome.FAILED),
                     pending=run.count(DeliveryKind.STATUS, Outcome.PENDING),
                     skipped=len(run.already)))
    for kind in (DeliveryKind.NOTICE, DeliveryKind.DIGEST):
        if any(d.kind == kind for d in report.lines):
            click.echo(t("cli.send.done_other", kind=state.word("delivery_kinds", kind),
                         sent=run.count(kind, Outcome.SENT),
                         failed=run.count(kind, Outcome.FAILED),
                         pending=run.count(kind, Outcome.PENDING)))
    if run.uncertain:
        click.echo(t("cli.send.uncertain_before",
                     count=Counted("count.messages", "count.messages.plural",
                                   len(run.uncertain)),
                     addresses=", ".join(run.uncertain)), err=True)
    if report.aborted:
        click.echo(t("cli.send.aborted", reason=answer_words(report.aborted, state.lang),
                     count=Counted("count.messages", "count.messages.plural",
                                   len(report.not_attempted))), err=True)
    elif report.failed:
        click.echo(t("cli.send.retry"), err=True)


def _run_json(run: SendRun, exported: bool, folder: Path | None,
              names: dict[str, str]) -> dict[str, Any]:
    report = run.report
    return {
        "edition": run.edition, "exported": exported, "dry_run": run.dry_run,
        "folder": str(folder) if folder is not None else None,
        "complete": run.dry_run or run.complete,
        "messages": [delivery_json(d) for d in report.lines],
        "files": [str(p) for p in run.written],
        "already": list(run.already), "uncertain": list(run.uncertain),
        "not_attempted": list(report.not_attempted), "aborted": report.aborted or None,
        "without_contacts": [{"code": c, "name": names.get(c, c)}
                             for c in run.without_contacts],
    }


@command(help=N_("cli.help.digest"))
@option("--for", "names", required=True, multiple=True, metavar=N_("cli.metavar.name"),
              help=N_("cli.help.digest.names"))
@option("--days", type=NON_NEGATIVE, default=14, show_default=True,
              help=N_("cli.help.digest.days"))
@options.as_json
@click.pass_obj
def digest(state: State, names: tuple[str, ...], days: int, as_json: bool) -> None:
    """What is pending on a person: actions, risks to review, decisions to assess.

    Their actions due or overdue, their risks due for review or flagged, and the
    decisions awaiting their assessment, as 'riskreg send --digest' sends it (shared
    items only).
    """
    from riskreg.cli_output import bullets
    from riskreg.delivery.pending import ACTIONS, DECISIONS, RISKS, digest_lines
    from riskreg.delivery.pending import digest as pending_on

    with state.open() as reg:
        wanted = list(names)
        for contact in reg.contacts():  # a contact's other names count as theirs
            if any(contact.answers_to(n) for n in names):
                wanted += [n for n in (contact.name, contact.login, *contact.owner_names) if n]
        found = pending_on(reg, wanted, horizon_days=days)
    t, lang = state.t, state.lang
    shown = ", ".join(names)
    if as_json:
        echo_json({"names": list(names), "today": found.today.isoformat(), "days": days,
                   "count": len(found.items),
                   "items": [{"section": i.section, "key": i.key, "title": i.title,
                              "due": i.due.isoformat() if i.due else None,
                              "text": text}
                             for section in (ACTIONS, RISKS, DECISIONS)
                             for i, text in zip(found.section(section),
                                                digest_lines(found, section, lang),
                                                strict=True)]})
        return
    if not found.items:
        click.echo(t("delivery.digest.nothing", name=shown))
        return
    click.echo(t("cli.digest.title", names=shown))
    click.echo(t("delivery.digest.intro", today=found.today.isoformat(),
                 days=Counted("count.days", "count.days.plural", days)))
    for section in (ACTIONS, RISKS, DECISIONS):
        lines = digest_lines(found, section, lang)
        if lines:
            click.echo()
            click.echo(state.word("digest_section", section) + f" ({len(lines)})")
            click.echo(bullets(lines))


@command(help=N_("cli.help.deliveries"))
@option("--kind", type=WordChoice("delivery_kind"),
              help=N_("cli.help.deliveries.kind"))
@option("--edition", "number", type=POSITIVE, metavar=N_("cli.metavar.n"),
              help=N_("cli.help.deliveries.number"))
@option("--failed", is_flag=True, help=N_("cli.help.deliveries.failed"))
@options.as_json
@click.pass_obj
def deliveries(state: State, kind: str | None, number: int | None, failed: bool,
               as_json: bool) -> None:
    """The delivery log: each message, to whom, and what came of it."""
    from riskreg.cli_output import Column, table
    from riskreg.delivery.model import Outcome

    if number is not None:
        kind = "status"
    with state.open() as reg:
        lines = [d for d in reg.deliveries(kind, number)
                 if not failed or d.outcome is not Outcome.SENT]
    if as_json:
        echo_json({"count": len(lines), "deliveries": [delivery_json(d) for d in lines]})
        return
    t = state.t
    if not lines:
        click.echo(t("cli.deliveries.none") if not (kind or failed) else t("cli.list.empty"))
        return
    # an address or a server's answer cut short is lost: they wrap instead
    columns = [Column(t("cli.deliveries.kind")), Column(t("cli.deliveries.serial"), right=True),
               Column(t("cli.col.address"), wrap=True, max_width=48, min_width=20,
                      shrink_order=1),
               Column(t("cli.deliveries.outcome")),
               Column(t("cli.deliveries.answer"), wrap=True, max_width=60, min_width=12),
               Column(t("cli.deliveries.at"))]
    rows = [[state.word("delivery_kind", d.kind), d.serial, d.address,
             state.word("outcome", d.outcome), answer_words(d.answer, state.lang),
             d.at.astimezone().strftime("%Y-%m-%d %H:%M")] for d in lines]
    click.echo(table(columns, rows))
