"""``riskreg undo``: take back your last change, as a new change of its own."""

from __future__ import annotations

import click

from riskreg.cli import options
from riskreg.cli.core import State, echo_json
from riskreg.cli.localized import command, option
from riskreg.messages import N_


@command(help=N_("cli.help.undo"))
@options.why(N_("cli.help.undo.why"))
@option("--dry-run", is_flag=True, help=N_("cli.help.undo.dry_run"))
@options.as_json
@click.pass_obj
def undo(state: State, why: str, dry_run: bool, as_json: bool) -> None:
    """Undo your last change (as a new change); refused if someone changed its items since.

    Your last change is the newest one recorded under your name (--user) that is not
    undone yet: run undo again to take back the one before. A change that removed an
    item, or that someone else built on since, is not undone; the message says why.
    """
    from riskreg.cli.text import action_word
    from riskreg.errors import UndoError

    with state.open() as reg:
        if dry_run:
            target = reg.last_change()
            if target is None:
                raise UndoError("error.undo.nothing", user=reg.user)
        else:
            target = reg.undo(why=why)
    at = target.at.astimezone().strftime("%Y-%m-%d %H:%M")
    if as_json:
        echo_json({"dry_run": dry_run, "revision": target.revision, "user": target.user,
                   "at": target.at.isoformat(),
                   "changes": [{"key": c.key, "action": c.action, "why": c.why}
                               for c in target.entries]})
        return
    t = state.t
    done = N_("cli.undo.would") if dry_run else N_("cli.undo.done")
    click.echo(t(done, revision=target.revision,
                 at=at))
    width = max(len(c.key) for c in target.entries)
    for change in target.entries:
        click.echo(f"  {change.key:<{width}}  {action_word(state, change.action)}")
