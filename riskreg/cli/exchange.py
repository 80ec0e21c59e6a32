"""Reports out and lists in: ``export``, ``template``, ``import``, ``import-submission``,
``dump``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, NoReturn

import click

from riskreg.cli import options
from riskreg.cli.core import Failure, State, echo_json, fail
from riskreg.cli.localized import argument, command, option
from riskreg.cli.types import Choice, Fraction, WordChoice
from riskreg.files import write_file
from riskreg.messages import N_, Counted


@command(help=N_("cli.help.export"))
@option("--out", required=True, metavar=N_("cli.metavar.dir"),
              help=N_("cli.help.export.out"))
@option("--to", "to", default="all", show_default=N_("cli.default.all"),
              metavar=N_("cli.metavar.all_code_association_name_area_name"),
              help=N_("cli.help.export.to"))
@option("--format", "formats", default="md,html,csv,xlsx,json", show_default=True,
              metavar=N_("cli.metavar.md_html_csv_xlsx_json"), help=N_("cli.help.export.formats"))
@options.report_lang
@option("--preview", is_flag=True,
              help=N_("cli.help.export.preview"))
@option("--quiet", "-q", is_flag=True, help=N_("cli.help.export.quiet"))
@options.why(N_("cli.help.export.why"))
@options.as_json
@click.pass_obj
def export(state: State, out: str, to: str, formats: str, report_lang: str | None,
           preview: bool, quiet: bool, why: str, as_json: bool) -> None:
    """Write each municipality's status report, an index and manifest.json into --out.

    Only shared items whose scope concerns a municipality are in its report; what
    changed is measured against that municipality's previous edition, which the
    register records (the edition log).
    """
    from riskreg.report import export_reports, parse_formats, select_recipients

    lang = report_lang or state.lang
    with state.open() as reg:
        chosen = parse_formats(formats)
        recipients = select_recipients(reg, to)
        show = not quiet and not as_json and sys.stderr.isatty()
        kwargs: dict[str, Any] = dict(recipients=recipients, formats=chosen, lang=lang,
                                      record=not preview, why=why)
        if show:
            with click.progressbar(length=len(recipients), label=state.t("cli.export.progress"),
                                   file=sys.stderr, show_pos=True) as bar:
                manifest = export_reports(reg, out, progress=lambda *_: bar.update(1), **kwargs)
        else:
            manifest = export_reports(reg, out, **kwargs)
    if as_json:
        echo_json(manifest.to_doc())
        return
    click.echo(state.t("cli.export.done", number=manifest.edition,
                       recipients=Counted("count.recipients", "count.recipients.plural",
                                          len(manifest.recipients)),
                       files=Counted("count.files", "count.files.plural", len(manifest.files) + 1),
                       out=str(out)))
    if manifest.replaced is not None:
        click.echo(state.t("cli.export.replaced", number=manifest.replaced))
    if preview:
        click.echo(state.t("cli.export.preview"))


@command(help=N_("cli.help.template"))
@argument("kind", type=WordChoice("import_kind"), hint=N_("cli.metavar.kind"))
@option("--format", "fmt", type=Choice(["csv", "xlsx"]), default="csv", show_default=True)
@option("--out", metavar=N_("cli.metavar.file"),
              help=N_("cli.help.template.out"))
@option("--force", is_flag=True, help=N_("cli.help.template.force"))
@click.pass_obj
def template(state: State, kind: str, fmt: str, out: str | None, force: bool) -> None:
    """Write an empty, documented template for importing risks or decisions."""
    from riskreg.exchange import template_csv, template_xlsx

    areas: list[str] = []
    from riskreg.storage import open_store

    store = open_store(state.db)
    try:
        exists = store.exists()
    finally:
        store.close()
    if exists:
        with state.open() as reg:
            areas = [a.key for a in reg.categories()]
    if fmt == "xlsx":
        data = template_xlsx(kind, state.lang, areas)
    else:
        data = template_csv(kind, state.lang, areas)
    if out == "-" and fmt == "csv":
        click.echo(data, nl=False)
        return
    if out is None:
        stem = {("sv", "risks"): "mall-risker", ("sv", "decisions"): "mall-beslut"}.get(
            (state.lang, kind), f"template-{kind}")
        out = f"{stem}.{fmt}"
    target = Path(out)
    if target.exists() and not force:
        fail(click.get_current_context(), "error.template.exists", path=str(target))
    write_file(target, data)
    click.echo(state.t("cli.template.written", path=str(target)))


def show_rejected(state: State, exc: Any, as_json: bool) -> NoReturn:
    """Show every problem of a rejected import (stdout), then stop with one line (exit 2)."""
    if as_json:
        echo_json({"ok": False, "path": exc.params.get("path"), "count": len(exc.problems),
                   "problems": [{"row": p.row, "column": p.column_in(state.lang),
                                 "where": p.where or None, "code": p.key,
                                 "message": p.message(state.lang)}
                                for p in exc.problems]})
    else:
        from riskreg.cli_output import bullets

        click.echo(state.t("cli.import.problems", path=exc.params.get("path"),
                           count=len(exc.problems)))
        click.echo(bullets([p.line(state.lang) for p in exc.problems]))
    raise Failure(exc.message(state.lang), state.lang)


@command("import", help=N_("cli.help.import"))
@argument("file", metavar=N_("cli.metavar.file"))
@option("--dry-run", is_flag=True, help=N_("cli.help.import.dry_run"))
@option("--encoding", metavar=N_("cli.metavar.name"),
              help=N_("cli.help.import.encoding"))
@option("--kind", type=WordChoice("import_kind"),
              help=N_("cli.help.import.kind"))
@options.why()
@options.as_json
@click.pass_obj
def import_command(state: State, file: str, dry_run: bool, encoding: str | None,
                   kind: str | None, why: str, as_json: bool) -> None:
    """Import risks or decisions from CSV, XLSX or JSON (also a 'riskreg dump' file).

    All or nothing: one bad row rejects the file, every problem is listed (row,
    column, message) and the register is left as it was.
    """
    from riskreg.exchange import ImportRejected, import_file

    with state.open() as reg:
        try:
            result = import_file(reg, file, encoding=encoding, kind=kind, dry_run=dry_run,
                                 why=why, lang=state.lang)
        except ImportRejected as exc:
            show_rejected(state, exc, as_json)
    if as_json:
        echo_json(result.to_doc())
        return
    t = state.t
    tn = state.tn
    what = t("cli.import.summary",
             areas=tn("count.areas", "count.areas.plural", len(result.categories)),
             risks=tn("count.risks", "count.risks.plural", len(result.risks)),
             decisions=tn("count.decisions", "count.decisions.plural", len(result.decisions)),
             links=tn("count.links", "count.links.plural", len(result.links)))
    for note in result.notes:
        click.echo(t(note))
    if dry_run:
        click.echo(t("cli.import.dry_run", path=file, what=what))
        from riskreg.cli_output import bullets

        lines = [f"{k} {title}" for k, title in (*result.decisions, *result.risks)]
        if lines:
            click.echo(bullets(lines))
    else:
        click.echo(t("cli.import.done", path=file, what=what))


@command("import-submission", help=N_("cli.help.import_submission"))
@argument("file", metavar=N_("cli.metavar.file"))
@option("--from", "code", required=True, metavar=N_("cli.metavar.code_name"),
              help=N_("cli.help.import_submission.code"))
@option("--dry-run", is_flag=True, help=N_("cli.help.import_submission.dry_run"))
@option("--encoding", metavar=N_("cli.metavar.name"),
        help=N_("cli.help.import_submission.encoding"))
@option("--threshold", type=Fraction(), default=0.6, show_default=True,
              help=N_("cli.help.import_submission.threshold"))
@options.why()
@options.as_json
@click.pass_obj
def import_submission_command(state: State, file: str, code: str, dry_run: bool,
                              encoding: str | None, threshold: float, why: str,
                              as_json: bool) -> None:
    """Bring a municipality's own risk list into the joint analysis.

    Each row is matched to a risk (by key, else by similar title and description,
    score shown); the municipality is recorded as reporting it. Rows without a
    match become new risks (identified, needs review).
    """
    from riskreg.cli_output import Column, table
    from riskreg.exchange import ImportRejected, import_submission

    with state.open() as reg:
        org = reg.directory.get(code)
        try:
            result = import_submission(reg, file, org.code, encoding=encoding, dry_run=dry_run,
                                       threshold=threshold, why=why, lang=state.lang)
        except ImportRejected as exc:
            show_rejected(state, exc, as_json)
    if as_json:
        echo_json(result.to_doc())
        return
    t = state.t
    columns = [Column(t("cli.col.row"), right=True),
               Column(t("cli.col.title"), flex=True, max_width=50, min_width=16),
               Column(t("cli.col.result")), Column(t("cli.col.risk")),
               Column(t("cli.col.score"), right=True),
               Column(t("cli.col.matched_title"), flex=True, max_width=50, min_width=16,
                      shrink_order=1)]
    rows = [[p.row, p.title, state.word("submission", p.action), p.key,
             t("cli.submission.by_key") if p.by == "key" else f"{p.score:.2f}",
             p.matched_title] for p in result.rows]
    if rows:
        click.echo(table(columns, rows))
    if result.ignored_columns:
        click.echo(t("cli.submission.ignored", columns=", ".join(result.ignored_columns)))
    if dry_run:
        click.echo(t("cli.submission.dry_run"))
    click.echo(t("cli.submission.done", name=org.name, path=file,
                 matched=result.count("matched"), already=result.count("already"),
                 new=result.count("new")))


@command(help=N_("cli.help.dump"))
@option("--out", metavar=N_("cli.metavar.file"), help=N_("cli.help.dump.out"))
@option("--shared-only", is_flag=True, help=N_("cli.help.dump.shared_only"))
@click.pass_obj
def dump(state: State, out: str | None, shared_only: bool) -> None:
    """The whole register as one JSON document ('riskreg import' reads it back).

    Unlike 'export', this holds internal items too (unless --shared-only).
    """
    from riskreg.exchange import dumps

    with state.open() as reg:
        text = dumps(reg, shared_only=shared_only)
    if out is None:
        click.echo(text, nl=False)
        return
    write_file(out, text.encode("utf-8"))
    click.echo(state.t("cli.dump.written", path=out))
