"""``riskreg impact``, ``check`` and ``graph``: the questions that walk the dependency graph."""

from __future__ import annotations

import click

from riskreg.cli import options
from riskreg.cli.core import EXIT_FINDINGS, State, echo_json, fail
from riskreg.cli.localized import argument, command, option
from riskreg.cli.types import Choice, EnumChoice
from riskreg.files import write_file
from riskreg.messages import N_
from riskreg.vocabulary import Validity


@command(help=N_("cli.help.impact"))
@argument("key", metavar=N_("cli.metavar.key"))
@option("--if", "if_validity", type=EnumChoice(Validity),
              help=N_("cli.help.impact.if_validity"))
@options.as_json
@click.pass_obj
def impact(state: State, key: str, if_validity: Validity | None, as_json: bool) -> None:
    """What is affected, directly and through other links, if KEY changes.

    With --if: each item's effect, and the findings `riskreg check` would add and
    resolve after `riskreg decision assess KEY --validity ...` (the labels: README).
    """
    from riskreg.checks import prediction_findings
    from riskreg.cli_output import (
        Column,
        bullets,
        finding_json,
        impact_json,
        path_text,
        table,
    )
    from riskreg.model import Decision

    with state.open() as reg:
        item = reg.get(key)
        if if_validity is not None and not isinstance(item, Decision):
            fail(click.get_current_context(), "cli.error.if_needs_decision", key=key)
        prediction = reg.graph.predict(key, if_validity)
        added, resolved = prediction_findings(prediction, reg.risk, reg.matrix)
        impacts = prediction.impacts
        current = item.validity if isinstance(item, Decision) else None
        if as_json:
            echo_json({
                "key": key,
                "kind": "decision" if current is not None else "risk",
                "validity": None if current is None else str(current),
                "if": None if if_validity is None else str(if_validity),
                "changes": prediction.changes_validity,
                "count": len(impacts),
                "affected": [impact_json(reg, i) for i in impacts],
                "flagged": list(prediction.flagged),
                "check": {"added": [finding_json(f, state.lang) for f in added],
                          "resolved": [finding_json(f, state.lang) for f in resolved]},
            })
            return
        t = state.t
        if if_validity is not None and current is not None:
            if not prediction.changes_validity:
                click.echo(t("cli.impact.unchanged", key=key,
                             validity=state.word("validity", current)))
                return
            click.echo(t("cli.impact.header_if", key=key,
                         validity=state.word("validity", if_validity),
                         current=state.word("validity", current), count=len(impacts)))
            click.echo(t("cli.impact.check",
                         added=state.tn("count.new_findings", "count.new_findings.plural",
                                        len(added)),
                         resolved=len(resolved),
                         flagged=state.tn("count.flagged_items", "count.flagged_items.plural",
                                          len(prediction.flagged))))
            for heading, findings in ((N_("cli.impact.added"), added),
                                      (N_("cli.impact.resolved"), resolved)):
                if findings:
                    click.echo(t(heading))
                    click.echo(bullets([f.message(state.lang) for f in findings]))
        else:
            click.echo(t("cli.impact.header", key=key, count=len(impacts)))
        if not impacts:
            return
        columns = [Column(t("cli.col.key")), Column(t("cli.col.kind")),
                   Column(t("cli.col.effect"), wrap=True, min_width=16, shrink_order=1),
                   Column(t("cli.col.title"), wrap=True, max_width=40, min_width=16),
                   Column(t("cli.col.path"), wrap=True, min_width=22, shrink_order=2)]
        rows = []
        for i in impacts:  # one row per effect: an item linked twice has two
            for n, effect in enumerate(i.effects):
                rows.append([i.key, state.word("kind", i.kind) if n == 0 else "",
                             state.word("effect", effect.effect),
                             reg.get(i.key).title if n == 0 else "",
                             path_text(effect.path, state.lang)])
        click.echo(table(columns, rows))


@command(help=N_("cli.help.check"))
@options.as_json
@click.pass_context
def check(ctx: click.Context, as_json: bool) -> None:
    """Check the register: conflicts, cycles, exposed risks, overdue reviews and actions.

    Exit code 1 if any finding is an error.
    """
    from riskreg.checks import Severity
    from riskreg.cli_output import bullets, finding_json

    state: State = ctx.obj
    with state.open() as reg:
        findings = reg.check()
    counts = {str(s): sum(1 for f in findings if f.severity is s) for s in Severity}
    if as_json:
        echo_json({
            "ok": counts["error"] == 0,
            "counts": counts,
            "findings": [finding_json(f, state.lang) for f in findings],
        })
    else:
        t = state.t
        if not findings:
            click.echo(t("cli.check.ok"))
        headings = {Severity.ERROR: N_("cli.check.heading.error"),
                    Severity.WARNING: N_("cli.check.heading.warning"),
                    Severity.INFO: N_("cli.check.heading.info")}
        for severity in Severity:
            group = [f for f in findings if f.severity is severity]
            if group:
                click.echo(t(headings[severity]) + f" ({len(group)})")
                click.echo(bullets([f.message(state.lang) for f in group]))
                click.echo()
        click.echo(t("cli.check.summary", errors=counts["error"], warnings=counts["warning"],
                     infos=counts["info"]))
    if counts["error"]:
        ctx.exit(EXIT_FINDINGS)


@command(help=N_("cli.help.graph"))
@option("--format", "fmt", type=Choice(["dot", "graphml", "mermaid", "json"]),
              default="dot", show_default=True, help=N_("cli.help.graph.fmt"))
@option("--out", metavar=N_("cli.metavar.file"), help=N_("cli.help.graph.out"))
@option("--include-internal", is_flag=True,
              help=N_("cli.help.graph.include_internal"))
@click.pass_obj
def graph(state: State, fmt: str, out: str | None, include_internal: bool) -> None:
    """Export the dependency graph of risks and decisions (internal items left out)."""
    from riskreg.cli_output import dumps
    from riskreg.sharing import shared_graph

    with state.open() as reg:
        g = reg.graph if include_internal else shared_graph(reg)
        if fmt == "json":
            text = dumps(g.to_json()) + "\n"
        else:
            text = (g.to_graphml() if fmt == "graphml" else g.to_dot(state.lang) if fmt == "dot"
                    else g.to_mermaid(state.lang))
    if out is None:
        click.echo(text, nl=False)
        return
    write_file(out, text.encode("utf-8"))
    click.echo(state.t("cli.graph.written", path=out))
