"""``riskreg risk``: list, show, add, edit and review risks."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import click

from riskreg.cli import options
from riskreg.cli.core import State, echo_json, fail
from riskreg.cli.groups import RiskregGroup
from riskreg.cli.localized import argument, option
from riskreg.cli.text import history_section, links_section, reason_text, review_mark, section
from riskreg.cli.types import DATE, INT, POSITIVE, EnumChoice, ScopeSpec
from riskreg.messages import N_
from riskreg.vocabulary import ActionStatus, RiskStatus

if TYPE_CHECKING:
    from collections.abc import Sequence

    from riskreg.model import Rating, Scope
    from riskreg.register import Register


@click.group(cls=RiskregGroup, help=N_("cli.help.risk"))
def risk() -> None:
    """List, show, add, edit and review risks."""


def resolve_scope(reg: Register, spec: ScopeSpec | None) -> Scope | None:
    """A typed scope as a model: municipality names become codes, known names their spelling."""
    if spec is None:
        return None
    from riskreg.scopes import parse_scope

    return parse_scope(spec.text, reg.directory)


def org_codes(reg: Register, values: Sequence[str]) -> list[str]:
    """Organisation codes from codes or names (``1480``, ``Göteborg``, ``VGR``)."""
    return [reg.directory.get(v.strip()).code for v in values]


def _rating(likelihood: int, impact: int) -> Rating:
    from riskreg.model import Rating

    return Rating(likelihood, impact)


@risk.command("list", help=N_("cli.help.risk.list"))
@option("--area", metavar=N_("cli.metavar.key"), help=N_("cli.help.risk.list.area"))
@option("--status", type=EnumChoice(RiskStatus), help=N_("cli.help.risk.list.status"))
@option("--level", metavar=N_("cli.metavar.level"),
              help=N_("cli.help.risk.list.level"))
@option("--org", metavar=N_("cli.metavar.code_name"),
              help=N_("cli.help.risk.list.org"))
@option("--needs-review", is_flag=True, help=N_("cli.help.risk.list.needs_review"))
@option("--search", metavar=N_("cli.metavar.text"),
              help=N_("cli.help.risk.list.search"))
@options.as_json
@click.pass_obj
def risk_list(state: State, area: str | None, status: RiskStatus | None, level: str | None,
              org: str | None, needs_review: bool, search: str | None, as_json: bool) -> None:
    """List risks, filtered."""
    from riskreg.cli.reading import reading
    from riskreg.cli_output import Column, table

    with reading(state) as source:
        risks = source.risks(area=area, status=status, level=level, organisation=org,
                             needs_review=True if needs_review else None, text=search or None,
                             rendered=as_json)
        words = None if as_json else source.words
    if as_json:
        echo_json({"count": len(risks), "risks": risks})
        return
    if not risks:
        click.echo(state.t("cli.list.empty"))
        return
    t, lang = state.t, state.lang
    assert words is not None
    columns = [
        Column(t("cli.col.key")), Column(t("cli.col.area"), max_width=24),
        Column(t("cli.col.title"), flex=True, max_width=70, min_width=16),
        Column(t("cli.col.rating")), Column(t("cli.col.value"), right=True),
        Column(t("cli.col.level")), Column(t("cli.col.status")),
        Column(t("cli.col.recognition"), right=True), Column(t("cli.col.review")),
    ]
    rows = []
    for r in risks:
        rating = r["residual"] or r["inherent"]
        rows.append([
            r["key"], r["area"], r["title"], f"{rating['likelihood']}×{rating['impact']}",
            r["value"], words.band_label(r["level"], lang), state.word("status", r['status']),
            r["recognition"] or "", review_mark(state, r),
        ])
    click.echo(table(columns, rows))
    click.echo(t("cli.count.risks", count=len(risks)))


@risk.command("show", help=N_("cli.help.risk.show"))
@argument("key", metavar=N_("cli.metavar.key"))
@options.as_json
@click.pass_obj
def risk_show(state: State, key: str, as_json: bool) -> None:
    """Show every field of a risk, its links and its latest changes."""
    from riskreg.cli.reading import reading
    from riskreg.cli_output import bullets, change_json, fields, rating_text, scope_text

    with reading(state) as source:
        r, reporters = source.risk(key)
        history = source.history(key)
        words, today = source.words, source.today()
    if as_json:
        echo_json({**r, "history": [change_json(c, full=False) for c in history]})
        return
    t, lang = state.t, state.lang
    area = f"{r['area_name']} ({r['area']})" if r["area_name"] is not None else r["area"]
    due = r["next_review_due"]
    overdue = t("cli.overdue") if r["status"] != "closed" and due < today.isoformat() else ""
    value_word = t("cli.col.value").lower()
    pairs = [
        (t("cli.field.key"), r["key"]),
        (t("cli.field.title"), r["title"]),
        (t("cli.field.area"), area),
        (t("cli.field.status"), state.word("status", r['status'])),
        (t("cli.field.owner"), r["owner"] or "–"),
        (t("cli.field.inherent"), rating_text(words, r["inherent"], lang)),
        (t("cli.field.residual"),
         rating_text(words, r["residual"], lang) if r["residual"] is not None else "–"),
        (t("cli.field.level"),
         f"{words.band_label(r['level'], lang)} ({value_word} {r['value']})"),
        (t("cli.field.scope"), scope_text(r["scope"], lang)),
        (t("cli.field.visibility"), state.word("visibility", r['visibility'])),
        (t("cli.field.reported_by"),
         f"{r['recognition']}: {', '.join(reporters)}" if reporters else "–"),
        (t("cli.field.created"), r["created"]),
        (t("cli.field.updated"), r["updated"] or "–"),
        (t("cli.field.last_reviewed"), r["last_reviewed"] or "–"),
        (t("cli.field.next_review"), f"{due} {overdue}".strip()),
        (t("cli.field.revision"), str(r["revision"])),
    ]
    click.echo(fields(pairs))
    if r["description"]:
        click.echo()
        click.echo(t("cli.field.description"))
        click.echo(bullets([r["description"]]).replace("- ", "  ", 1))
    section(t("cli.field.needs_review"), [reason_text(state, x) for x in r["review_reasons"]])
    section(t("cli.field.consequences"), list(r["consequences"]))
    actions = []
    for a in r["actions"]:
        extra = ", ".join(x for x in (
            state.word("action", a['status']), a["owner"],
            t("cli.action.due", date=a["due"]) if a["due"] else "",
        ) if x)
        actions.append(f"{a['number']}. {a['text']} ({extra})")
    section(t("cli.field.actions"), actions)
    links_section(state, words, r["links"])
    history_section(state, history)


@risk.command("add", help=N_("cli.help.risk.add"))
@option("--title", required=True, help=N_("cli.help.risk.add.title"))
@option("--area", required=True, metavar=N_("cli.metavar.key"), help=N_("cli.help.risk.add.area"))
@option("--likelihood", required=True, type=INT,
              help=N_("cli.help.risk.add.likelihood"))
@option("--impact", required=True, type=INT, help=N_("cli.help.risk.add.impact"))
@option("--residual-likelihood", type=INT, help=N_("cli.help.risk.add.residual_likelihood"))
@option("--residual-impact", type=INT, help=N_("cli.help.risk.add.residual_impact"))
@option("--description", default="", help=N_("cli.help.risk.add.description"))
@option("--owner", default="", help=N_("cli.help.risk.add.owner"))
@option("--status", type=EnumChoice(RiskStatus), default="identified", show_default=True)
@option("--consequence", "consequences", multiple=True, help=N_("cli.help.risk.add.consequences"))
@option("--reported-by", "reported_by", multiple=True, metavar=N_("cli.metavar.code_name"),
              help=N_("cli.help.risk.add.reported_by"))
@options.scope(N_("cli.help.risk.add.scope"))
@options.internal
@option("--key", metavar=N_("cli.metavar.r_nnn"), help=N_("cli.help.risk.add.key"))
@options.why(N_("cli.help.risk.add.why"))
@click.pass_obj
def risk_add(state: State, title: str, area: str, likelihood: int, impact: int,
             residual_likelihood: int | None, residual_impact: int | None, description: str,
             owner: str, status: RiskStatus, consequences: tuple[str, ...],
             reported_by: tuple[str, ...], scope: ScopeSpec | None, internal: bool,
             key: str | None, why: str) -> None:
    """Add a risk and print its key."""
    from riskreg.vocabulary import Visibility

    ctx = click.get_current_context()
    if (residual_likelihood is None) != (residual_impact is None):
        fail(ctx, "cli.error.residual_pair")
    with state.open() as reg:
        given: dict[str, Any] = {"key": key} if key else {}
        new = reg.new_risk(
            why=why, **given, title=title, area=area, description=description, owner=owner,
            status=status, inherent=_rating(likelihood, impact),
            residual=(None if residual_likelihood is None or residual_impact is None
                      else _rating(residual_likelihood, residual_impact)),
            consequences=list(consequences), reported_by=org_codes(reg, reported_by),
            scope=resolve_scope(reg, scope),
            visibility=Visibility.INTERNAL if internal else Visibility.SHARED,
        )
        click.echo(new.key)


@risk.command("edit", help=N_("cli.help.risk.edit"))
@argument("key", metavar=N_("cli.metavar.key"))
@option("--title")
@option("--area", metavar=N_("cli.metavar.key"))
@option("--likelihood", type=INT)
@option("--impact", type=INT)
@option("--residual-likelihood", type=INT)
@option("--residual-impact", type=INT)
@option("--no-residual", is_flag=True, help=N_("cli.help.risk.edit.no_residual"))
@option("--description")
@option("--owner")
@option("--status", type=EnumChoice(RiskStatus))
@option("--consequence", "consequences", multiple=True,
              help=N_("cli.help.risk.edit.consequences"))
@option("--add-consequence", "add_consequences", multiple=True,
              help=N_("cli.help.risk.edit.add_consequences"))
@option("--reported-by", "reported_by", multiple=True, metavar=N_("cli.metavar.code_name"),
              help=N_("cli.help.risk.edit.reported_by"))
@option("--add-reporter", "add_reporters", multiple=True, metavar=N_("cli.metavar.code_name"),
              help=N_("cli.help.risk.edit.add_reporters"))
@options.scope()
@option("--internal/--shared", "internal", default=None,
              help=N_("cli.help.risk.edit.internal"))
@option("--add-action", metavar=N_("cli.metavar.text"), help=N_("cli.help.risk.edit.add_action"))
@option("--action-owner", help=N_("cli.help.risk.edit.action_owner"))
@option("--action-due", type=DATE, help=N_("cli.help.risk.edit.action_due"))
@option("--action-status", type=EnumChoice(ActionStatus),
        help=N_("cli.help.risk.edit.action_status"))
@option("--action-done", "actions_done", multiple=True, type=POSITIVE, metavar=N_("cli.metavar.n"),
              help=N_("cli.help.risk.edit.actions_done"))
@options.why(N_("cli.help.risk.edit.why"), required=True)
@click.pass_obj
def risk_edit(state: State, key: str, title: str | None, area: str | None,
              likelihood: int | None, impact: int | None, residual_likelihood: int | None,
              residual_impact: int | None, no_residual: bool, description: str | None,
              owner: str | None, status: RiskStatus | None, consequences: tuple[str, ...],
              add_consequences: tuple[str, ...], reported_by: tuple[str, ...],
              add_reporters: tuple[str, ...], scope: ScopeSpec | None, internal: bool | None,
              add_action: str | None, action_owner: str | None, action_due: date | None,
              action_status: ActionStatus | None, actions_done: tuple[int, ...],
              why: str) -> None:
    """Change fields of a risk; --why is required."""
    from riskreg.model import Action
    from riskreg.vocabulary import Visibility

    ctx = click.get_current_context()
    if add_action is None and (action_owner is not None or action_due is not None
                               or action_status is not None):
        fail(ctx, "cli.error.action_options")
    if no_residual and (residual_likelihood is not None or residual_impact is not None):
        fail(ctx, "cli.error.residual_conflict")
    with state.open() as reg:
        old = reg.risk(key)
        changes: dict[str, Any] = {}
        simple = {"title": title, "area": area, "description": description, "owner": owner,
                  "status": status}
        changes.update({k: v for k, v in simple.items() if v is not None})
        if likelihood is not None or impact is not None:
            changes["inherent"] = _rating(
                likelihood if likelihood is not None else old.inherent.likelihood,
                impact if impact is not None else old.inherent.impact,
            )
        if no_residual:
            changes["residual"] = None
        elif residual_likelihood is not None or residual_impact is not None:
            base = old.residual
            r_likelihood = residual_likelihood if residual_likelihood is not None else (
                base.likelihood if base is not None else None)
            r_impact = residual_impact if residual_impact is not None else (
                base.impact if base is not None else None)
            if r_likelihood is None or r_impact is None:
                fail(ctx, "cli.error.residual_pair")
            changes["residual"] = _rating(r_likelihood, r_impact)
        if consequences or add_consequences:
            changes["consequences"] = [*(consequences or old.consequences), *add_consequences]
        if reported_by or add_reporters:
            codes = org_codes(reg, reported_by) if reported_by else list(old.reported_by)
            changes["reported_by"] = [*codes, *org_codes(reg, add_reporters)]
        if scope is not None:
            changes["scope"] = resolve_scope(reg, scope)
        if internal is not None:
            changes["visibility"] = Visibility.INTERNAL if internal else Visibility.SHARED
        added = [] if add_action is None else [
            Action(text=add_action, owner=action_owner or "",
                   status=action_status or ActionStatus.PROPOSED, due=action_due)]
        if not changes and not added and not actions_done:
            fail(ctx, "cli.error.nothing_to_change")
        new = reg.update_risk(key, why=why, expected_revision=old.revision,
                              add_actions=added, complete_actions=actions_done, **changes)
        click.echo(state.t("cli.risk.updated", key=new.key, revision=new.revision))


@risk.command("review", help=N_("cli.help.risk.review"))
@argument("key", metavar=N_("cli.metavar.key"))
@option("--note", default="", help=N_("cli.help.risk.review.note"))
@click.pass_obj
def risk_review(state: State, key: str, note: str) -> None:
    """Record that a risk was reviewed today; clears its "needs review" flags."""
    from riskreg.model import Risk

    with state.open() as reg:
        item = reg.mark_reviewed(key, note=note)
        if isinstance(item, Risk):
            click.echo(state.t("cli.risk.reviewed", key=key, date=reg.today().isoformat(),
                               due=reg.next_review_due(item).isoformat()))
        else:
            click.echo(state.t("cli.decision.reviewed", key=key, date=reg.today().isoformat()))
