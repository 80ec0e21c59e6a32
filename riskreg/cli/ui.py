"""``riskreg tui``: the review UI in the terminal."""

from __future__ import annotations

import sys

import click

from riskreg.cli.core import State
from riskreg.cli.localized import command
from riskreg.messages import N_


@command("tui", help=N_("cli.help.tui"))
@click.pass_obj
def tui_command(state: State) -> None:
    """Open the review UI (terminal) on the register."""
    from riskreg.cli.process import working
    from tui.app import run

    working()  # a long-running program: the collector on
    code = run(state.db, lang=state.lang, user=state.user)
    if code:
        sys.exit(code)
