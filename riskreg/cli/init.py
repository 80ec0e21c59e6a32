"""``riskreg init``: a new register, empty or the illustrative example."""

from __future__ import annotations

from typing import Any

import click

from riskreg.cli.core import State, fail
from riskreg.cli.localized import command, option
from riskreg.cli.types import AreaSpecType, Choice
from riskreg.messages import N_


@command(help=N_("cli.help.init"))
@option("--example", is_flag=True,
              help=N_("cli.help.init.example"))
@option("--name", default="", help=N_("cli.help.init.name"))
@option("--area", "areas", multiple=True, type=AreaSpecType(),
              help=N_("cli.help.init.areas"))
@option("--matrix", type=Choice(["4x4", "5x5"]), default="4x4", show_default=True,
              help=N_("cli.help.init.matrix"))
@click.pass_obj
def init(state: State, example: bool, name: str, areas: tuple[Any, ...], matrix: str) -> None:
    """Create a new register at --db (refused if one is there).

    On a server (a postgresql:// URL) a database without riskreg's schema gets it;
    an older schema is upgraded only by 'riskreg db upgrade'.
    """
    ctx = click.get_current_context()
    from riskreg.storage import open_store

    store = open_store(state.db)
    try:
        if store.exists():
            from riskreg.errors import RegisterExistsError

            raise RegisterExistsError(path=store.location)
    finally:
        store.close()
    if example:
        if areas or name or matrix != "4x4":
            fail(ctx, "cli.error.example_options")
        from riskreg.example import build_example

        reg = build_example(state.db, user=state.user, lang=state.lang)
    else:
        from riskreg.matrix import RiskMatrix
        from riskreg.register import Register

        chosen = RiskMatrix.iso_5x5() if matrix == "5x5" else RiskMatrix.swedish_4x4()
        reg = Register.create(state.db, name=name, matrix=chosen, categories=areas,
                              user=state.user)
    with reg:
        tn = state.tn
        click.echo(state.t(
            "cli.init.created", path=str(state.db),
            risks=tn("count.risks", "count.risks.plural", len(reg.risks())),
            decisions=tn("count.decisions", "count.decisions.plural", len(reg.decisions())),
            areas=tn("count.areas", "count.areas.plural", len(reg.categories()))))
