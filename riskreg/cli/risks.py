"""``riskreg risk``: list, show, add, edit and review risks."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import click

from riskreg.cli import options
from riskreg.cli.core import State, echo_json, fail
from riskreg.cli.groups import RiskregGroup
from riskreg.cli.text import history_section, links_section, reason_text, review_mark, section
from riskreg.cli.types import DATE, INT, POSITIVE, EnumChoice, ScopeSpec
from riskreg.vocabulary import ActionStatus, RiskStatus

if TYPE_CHECKING:
    from collections.abc import Sequence

    from riskreg.model import Rating, Scope
    from riskreg.register import Register


@click.group(cls=RiskregGroup)
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


@risk.command("list")
@click.option("--area", metavar="KEY", help="Only risks in this risk area (its key).")
@click.option("--status", type=EnumChoice(RiskStatus), help="Only risks with this status.")
@click.option("--level", metavar="LEVEL",
              help="Only risks at this level (key or name, e.g. high, Hög).")
@click.option("--org", metavar="CODE|NAME",
              help="Only risks that concern this organisation or that it reported.")
@click.option("--needs-review", is_flag=True, help="Only risks flagged as needing review.")
@click.option("--search", metavar="TEXT",
              help="Text in key, title, description, consequences, owner.")
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


@risk.command("show")
@click.argument("key")
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


@risk.command("add")
@click.option("--title", required=True, help="Short title of the risk.")
@click.option("--area", required=True, metavar="KEY", help="Risk area (its key).")
@click.option("--likelihood", required=True, type=INT,
              help="Likelihood, a step of the matrix (1-4).")
@click.option("--impact", required=True, type=INT, help="Impact (consequence), a step (1-4).")
@click.option("--residual-likelihood", type=INT, help="Likelihood after the actions.")
@click.option("--residual-impact", type=INT, help="Impact after the actions.")
@click.option("--description", default="", help="What the risk is.")
@click.option("--owner", default="", help="Risk owner.")
@click.option("--status", type=EnumChoice(RiskStatus), default="identified", show_default=True)
@click.option("--consequence", "consequences", multiple=True, help="A consequence (repeatable).")
@click.option("--reported-by", "reported_by", multiple=True, metavar="CODE|NAME",
              help="An organisation that reports the risk (repeatable).")
@options.scope("Whom the risk concerns (default all).")
@options.internal
@click.option("--key", metavar="R-NNN", help="The key (default: the next free one).")
@options.why("Why the risk is added (kept in the history).")
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


@risk.command("edit")
@click.argument("key")
@click.option("--title")
@click.option("--area", metavar="KEY")
@click.option("--likelihood", type=INT)
@click.option("--impact", type=INT)
@click.option("--residual-likelihood", type=INT)
@click.option("--residual-impact", type=INT)
@click.option("--no-residual", is_flag=True, help="Remove the residual rating.")
@click.option("--description")
@click.option("--owner")
@click.option("--status", type=EnumChoice(RiskStatus))
@click.option("--consequence", "consequences", multiple=True,
              help="Replace the consequences with these (repeatable).")
@click.option("--add-consequence", "add_consequences", multiple=True,
              help="Add a consequence (repeatable).")
@click.option("--reported-by", "reported_by", multiple=True, metavar="CODE|NAME",
              help="Replace the reporting organisations with these (repeatable).")
@click.option("--add-reporter", "add_reporters", multiple=True, metavar="CODE|NAME",
              help="Add a reporting organisation (repeatable).")
@options.scope()
@click.option("--internal/--shared", "internal", default=None,
              help="Make the risk internal (never exported) or shared.")
@click.option("--add-action", metavar="TEXT", help="Add a proposed action.")
@click.option("--action-owner", help="Owner of the added action.")
@click.option("--action-due", type=DATE, help="Due date of the added action.")
@click.option("--action-status", type=EnumChoice(ActionStatus), help="Status of the added action.")
@click.option("--action-done", "actions_done", multiple=True, type=POSITIVE, metavar="N",
              help="Mark action number N as done (repeatable; see 'risk show').")
@options.why("Why the change is made (kept in the history).", required=True)
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


@risk.command("review")
@click.argument("key")
@click.option("--note", default="", help="What the review found (kept in the history).")
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
