"""``riskreg decision``: list, show, add and assess decisions of Klinisk ledning."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import click

from riskreg.cli import options
from riskreg.cli.core import State, echo_json
from riskreg.cli.groups import RiskregGroup
from riskreg.cli.localized import argument, option
from riskreg.cli.text import history_section, links_section, reason_text, review_mark, section
from riskreg.cli.types import DATE, NON_NEGATIVE, EnumChoice, ScopeSpec
from riskreg.messages import N_
from riskreg.vocabulary import Validity

if TYPE_CHECKING:
    from riskreg.model import Decision, Risk


@click.group(cls=RiskregGroup, help=N_("cli.help.decision"))
def decision() -> None:
    """List, show, add and assess decisions of Klinisk ledning."""


@decision.command("list", help=N_("cli.help.decision.list"))
@option("--validity", type=EnumChoice(Validity), help=N_("cli.help.decision.list.validity"))
@option("--care-area", metavar=N_("cli.metavar.area"), help=N_("cli.help.decision.list.care_area"))
@option("--due-within", type=NON_NEGATIVE, metavar=N_("cli.metavar.days"),
              help=N_("cli.help.decision.list.due_within"))
@option("--org", metavar=N_("cli.metavar.code_name"), help=N_("cli.help.decision.list.org"))
@option("--search", metavar=N_("cli.metavar.text"), help=N_("cli.help.decision.list.search"))
@options.as_json
@click.pass_obj
def decision_list(state: State, validity: Validity | None, care_area: str | None,
                  due_within: int | None, org: str | None, search: str | None,
                  as_json: bool) -> None:
    """List decisions, filtered."""
    from riskreg.cli.reading import reading
    from riskreg.cli_output import Column, table

    with reading(state) as source:
        criteria: dict[str, Any] = dict(
            validity=validity, care_area=care_area, due_within_days=due_within,
            organisation=org, text=search or None)
        decisions = source.decisions(**criteria)
        shown = source.decisions(rendered=True, **criteria) if as_json else decisions
    if as_json:
        counts = {str(v): 0 for v in Validity}
        for d in decisions:
            counts[d["validity"]] += 1
        echo_json({"count": len(decisions), "by_validity": counts, "decisions": shown})
        return
    if not decisions:
        click.echo(state.t("cli.list.empty"))
        return
    t = state.t
    columns = [
        Column(t("cli.col.key")), Column(t("cli.col.decided_on")),
        Column(t("cli.col.validity")), Column(t("cli.col.review_by")),
        Column(t("cli.col.title"), flex=True, max_width=80, min_width=16),
        Column(t("cli.col.review")),
    ]
    rows = [
        [d["key"], d["decided_on"], state.word("validity", d['validity']), d["review_by"] or "",
         d["title"], review_mark(state, d)]
        for d in decisions
    ]
    click.echo(table(columns, rows))
    click.echo(t("cli.count.decisions", count=len(decisions)))


@decision.command("show", help=N_("cli.help.decision.show"))
@argument("key", metavar=N_("cli.metavar.key"))
@options.as_json
@click.pass_obj
def decision_show(state: State, key: str, as_json: bool) -> None:
    """Show a decision: validity, assessment, links and latest changes."""
    from riskreg.cli.reading import reading
    from riskreg.cli_output import bullets, change_json, fields, scope_text

    with reading(state) as source:
        d = source.decision(key)
        history = source.history(key)
        words = source.words
    if as_json:
        echo_json({**d, "history": [change_json(c, full=False) for c in history]})
        return
    t, lang = state.t, state.lang
    a = d["assessment"]
    pairs = [
        (t("cli.field.key"), d["key"]),
        (t("cli.field.decided_on"), d["decided_on"]),
        (t("cli.field.title"), d["title"]),
        (t("cli.field.validity"), state.word("validity", d['validity'])),
        (t("cli.field.review_by"), d["review_by"] or "–"),
        (t("cli.field.assessed"), t("cli.assessed_by", by=a["by"], on=a["on"]) if a else "–"),
        (t("cli.field.care_areas"), ", ".join(d["care_areas"]) or "–"),
        (t("cli.field.target_groups"), ", ".join(d["target_groups"]) or "–"),
        (t("cli.field.scope"), scope_text(d["scope"], lang)),
        (t("cli.field.visibility"), state.word("visibility", d['visibility'])),
        (t("cli.field.updated"), d["updated"] or "–"),
        (t("cli.field.revision"), str(d["revision"])),
    ]
    click.echo(fields(pairs))
    for label, text in ((t("cli.field.summary"), d["summary"]),
                        (t("cli.field.rationale"), a["rationale"] if a else "")):
        if text:
            click.echo()
            click.echo(label)
            click.echo(bullets([text]).replace("- ", "  ", 1))
    section(t("cli.field.needs_review"), [reason_text(state, x) for x in d["review_reasons"]])
    links_section(state, words, d["links"])
    history_section(state, history)


@decision.command("add", help=N_("cli.help.decision.add"))
@option("--key", required=True, metavar=N_("cli.metavar.kl_yyyy_nn"),
        help=N_("cli.help.decision.add.key"))
@option("--decided-on", required=True, type=DATE, help=N_("cli.help.decision.add.decided_on"))
@option("--title", required=True)
@option("--summary", default="")
@option("--care-area", "care_areas", multiple=True, help=N_("cli.help.decision.add.care_areas"))
@option("--target-group", "target_groups", multiple=True,
        help=N_("cli.help.decision.add.target_groups"))
@option("--validity", type=EnumChoice(Validity), default="unreviewed", show_default=True)
@option("--review-by", type=DATE, help=N_("cli.help.decision.add.review_by"))
@options.scope(N_("cli.help.decision.add.scope"))
@options.internal
@options.why(N_("cli.help.decision.add.why"))
@click.pass_obj
def decision_add(state: State, key: str, decided_on: date, title: str, summary: str,
                 care_areas: tuple[str, ...], target_groups: tuple[str, ...], validity: Validity,
                 review_by: date | None, scope: ScopeSpec | None, internal: bool, why: str) -> None:
    """Add a decision and print its key."""
    from riskreg.cli.risks import resolve_scope
    from riskreg.vocabulary import Visibility

    with state.open() as reg:
        new = reg.new_decision(
            why=why, key=key, decided_on=decided_on, title=title, summary=summary,
            care_areas=list(care_areas), target_groups=list(target_groups), validity=validity,
            review_by=review_by, scope=resolve_scope(reg, scope),
            visibility=Visibility.INTERNAL if internal else Visibility.SHARED,
        )
        click.echo(new.key)


@decision.command("assess", help=N_("cli.help.decision.assess"))
@argument("key", metavar=N_("cli.metavar.key"))
@option("--validity", required=True,
              type=EnumChoice(Validity, [Validity.APPLIES, Validity.UNCERTAIN, Validity.SUSPENDED]),
              help=N_("cli.help.decision.assess.validity"))
@option("--rationale", required=True, help=N_("cli.help.decision.assess.rationale"))
@option("--review-by", type=DATE, help=N_("cli.help.decision.assess.review_by"))
@option("--by", metavar=N_("cli.metavar.name"), help=N_("cli.help.decision.assess.by"))
@click.pass_obj
def decision_assess(state: State, key: str, validity: Validity, rationale: str,
                    review_by: date | None, by: str | None) -> None:
    """Record a decision's validity; print the items flagged "needs review" as a result."""
    from riskreg.cli_output import Column, path_text, table

    with state.open() as reg:
        before_validity = reg.decision(key).validity
        items: list[Risk | Decision] = [*reg.risks(), *reg.decisions()]
        revisions = {x.key: x.revision for x in items}
        new = reg.assess(key, validity, rationale=rationale, review_by=review_by, by=by)
        t = state.t
        click.echo(t("cli.decision.assessed", key=key, old=state.word("validity", before_validity),
                     new=state.word("validity", new.validity)))
        items = [*reg.risks(), *reg.decisions()]
        flagged = [
            x for x in items
            if x.key != key and x.revision != revisions.get(x.key)
            and any(r.trigger == key for r in x.review_reasons)
        ]
        if not flagged:
            click.echo(t("cli.decision.flagged_none"))
            return
        paths = reg.graph.affected(key)
        click.echo(t("cli.decision.flagged", count=len(flagged)))
        columns = [Column(t("cli.col.key")), Column(t("cli.col.kind")),
                   Column(t("cli.col.title"), wrap=True, max_width=40, min_width=16,
                          shrink_order=2),
                   Column(t("cli.col.path"), wrap=True, min_width=24, shrink_order=1)]
        rows = [[x.key, state.word("kind", "decision" if x.key.startswith("KL-") else "risk"),
                 x.title, path_text(paths.get(x.key, ()), state.lang)] for x in flagged]
        click.echo(table(columns, rows))
