"""``riskreg link``: add or remove typed links between risks and decisions."""

from __future__ import annotations

import click

from riskreg.cli import options
from riskreg.cli.core import State
from riskreg.cli.groups import RiskregGroup
from riskreg.cli.localized import argument, option
from riskreg.cli.types import EnumChoice
from riskreg.messages import N_
from riskreg.vocabulary import Relation

RELATION = EnumChoice(Relation)


@click.group(cls=RiskregGroup, help=N_("cli.help.link"))
def link() -> None:
    """Add or remove typed links between risks and decisions."""


@link.command("add", help=N_("cli.help.link.add"))
@argument("source", metavar=N_("cli.metavar.source"))
@argument("relation", type=RELATION, hint=N_("cli.metavar.relation"))
@argument("target", metavar=N_("cli.metavar.target"))
@option("--note", default="", help=N_("cli.help.link.add.note"))
@options.why(N_("cli.help.link.add.why"))
@click.pass_obj
def link_add(state: State, source: str, relation: Relation, target: str, note: str,
             why: str) -> None:
    """Link SOURCE to TARGET, e.g. 'R-004 mitigated_by KL-2022-07'.

    Relations: mitigated_by, caused_by (risk -> decision), depends_on, supersedes
    (decision -> decision), aggravates (risk -> risk).
    """
    from riskreg.cli_output import step_text
    from riskreg.graph import Step

    with state.open() as reg:
        made = reg.link(source, relation, target, note=note, why=why)
        click.echo(state.t("cli.link.added",
                           link=step_text(Step(made.source, made.relation, made.target),
                                          state.lang)))


@link.command("remove", help=N_("cli.help.link.remove"))
@argument("source", metavar=N_("cli.metavar.source"))
@argument("relation", type=RELATION, hint=N_("cli.metavar.relation"))
@argument("target", metavar=N_("cli.metavar.target"))
@options.why(N_("cli.help.link.remove.why"))
@click.pass_obj
def link_remove(state: State, source: str, relation: Relation, target: str, why: str) -> None:
    """Remove the link SOURCE RELATION TARGET."""
    from riskreg.cli_output import step_text
    from riskreg.graph import Step

    with state.open() as reg:
        reg.unlink(source, relation, target, why=why)
        click.echo(state.t("cli.link.removed",
                           link=step_text(Step(source, relation, target), state.lang)))
