"""``riskreg history``: who changed what, when and why."""

from __future__ import annotations

import click

from riskreg.cli import options
from riskreg.cli.core import State, echo_json
from riskreg.cli.localized import argument, command, option
from riskreg.cli.types import NON_NEGATIVE
from riskreg.messages import N_

HISTORY_LIMIT = 20


@command(help=N_("cli.help.history"))
@argument("key", required=False, metavar=N_("cli.metavar.key"))
@option("--limit", type=NON_NEGATIVE, default=HISTORY_LIMIT, show_default=True,
              help=N_("cli.help.history.limit"))
@options.as_json
@click.pass_obj
def history(state: State, key: str | None, limit: int, as_json: bool) -> None:
    """The recorded changes (of KEY, if given), oldest first: who, when, what, why."""
    from riskreg.cli.reading import reading
    from riskreg.cli.text import action_word
    from riskreg.cli_output import (
        Column,
        change_json,
        change_text,
        link_key_text,
        local_time,
        table,
    )

    with reading(state) as source:
        changes = source.history(key)
        if key is not None and not changes and not source.exists(key):
            source.require(key)  # raises NotFoundError with the usual message
    total = len(changes)
    if limit:
        changes = changes[-limit:]
    if as_json:
        echo_json({"count": len(changes), "total": total,
                   "changes": [change_json(c) for c in changes]})
        return
    t = state.t
    if not changes:
        click.echo(t("cli.history.empty"))
        return
    columns = [Column(t("cli.col.seq"), right=True), Column(t("cli.col.at")),
               Column(t("cli.col.user"), max_width=20),
               Column(t("cli.col.action"), wrap=True, min_width=10, shrink_order=2),
               Column(t("cli.col.key"), wrap=True, min_width=10, shrink_order=1),
               Column(t("cli.col.fields"), wrap=True, max_width=30, min_width=12),
               Column(t("cli.col.why"), wrap=True, max_width=60, min_width=16)]
    rows = [[c["seq"], local_time(c), c["user"], action_word(state, c["action"]),
             link_key_text(c["key"], state.lang), *change_text(c, state.lang)]
            for c in changes]
    click.echo(table(columns, rows))
    if total > len(changes):
        click.echo(t("cli.history.more", shown=len(changes), total=total))
