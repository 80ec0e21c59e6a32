"""``riskreg area``: the risk areas (list, add)."""

from __future__ import annotations

import click

from riskreg.cli import options
from riskreg.cli.core import State, echo_json
from riskreg.cli.groups import RiskregGroup
from riskreg.cli.localized import argument, option
from riskreg.messages import N_


@click.group(cls=RiskregGroup, help=N_("cli.help.area"))
def area() -> None:
    """List or add risk areas."""


@area.command("list", help=N_("cli.help.area.list"))
@options.as_json
@click.pass_obj
def area_list(state: State, as_json: bool) -> None:
    """The risk areas, with how many risks each holds."""
    from riskreg.cli_output import Column, table

    with state.open() as reg:
        areas = reg.categories()
        counts = {a.key: 0 for a in areas}
        for r in reg.risks():
            counts[r.area] = counts.get(r.area, 0) + 1
    if as_json:
        echo_json({"count": len(areas), "areas": [
            {"key": a.key, "name": a.name, "description": a.description, "risks": counts[a.key]}
            for a in areas]})
        return
    if not areas:
        click.echo(state.t("cli.list.empty"))
        return
    t = state.t
    click.echo(table([Column(t("cli.col.key")), Column(t("cli.col.name"), flex=True),
                      Column(t("cli.col.risks"), right=True)],
                     [[a.key, a.name, counts[a.key]] for a in areas]))


@area.command("add", help=N_("cli.help.area.add"))
@argument("key", metavar=N_("cli.metavar.key"))
@argument("name", metavar=N_("cli.metavar.name"))
@option("--description", default="", help=N_("cli.help.area.add.description"))
@options.why(N_("cli.help.area.add.why"))
@click.pass_obj
def area_add(state: State, key: str, name: str, description: str, why: str) -> None:
    """Add the risk area KEY (lower case, e.g. teknik) named NAME."""
    from riskreg.model import Category

    category = Category(key=key, name=name, description=description)
    with state.open() as reg:
        reg.add_category(category, why=why)
    click.echo(state.t("cli.area.added", key=key, name=name))
