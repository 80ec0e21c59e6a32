"""``riskreg db`` (schema, status, a throwaway local server) and ``riskreg copy``."""

from __future__ import annotations

import click

from riskreg.cli import options
from riskreg.cli.core import State, echo_json, fail
from riskreg.cli.groups import RiskregGroup
from riskreg.cli.localized import argument, command, option
from riskreg.messages import N_, Counted


@click.group(cls=RiskregGroup, help=N_("cli.help.db"))
def db() -> None:
    """The server store: schema upgrades, a throwaway local server."""


@db.command("upgrade", help=N_("cli.help.db.upgrade"))
@click.pass_obj
def db_upgrade(state: State) -> None:
    """Bring the database at --db (a postgresql:// URL) to this riskreg's schema.

    Applies the migrations the database lacks, each in one transaction, under a lock
    (two upgrades at once wait for each other). riskreg never does this unasked.
    """
    from riskreg.locations import is_url
    from riskreg.server.admin import upgrade_schema

    if not is_url(state.db):
        fail(click.get_current_context(), "cli.db.needs_url", db=state.db)
    before, after = upgrade_schema(state.db)
    if before == after:
        click.echo(state.t("cli.db.up_to_date", version=after))
    else:
        click.echo(state.t("cli.db.upgraded", before=before, after=after))


@db.command("status", help=N_("cli.help.db.status"))
@options.as_json
@click.pass_obj
def db_status(state: State, as_json: bool) -> None:
    """The schema version of the database at --db and the registers in it."""
    from riskreg.locations import is_url
    from riskreg.server.admin import server_status

    if not is_url(state.db):
        fail(click.get_current_context(), "cli.db.needs_url", db=state.db)
    status = server_status(state.db)
    if as_json:
        echo_json({"schema": status.schema, "supported": status.supported,
                   "registers": [{"name": r.name, "title": r.title, "revision": r.revision,
                                  "items": r.items} for r in status.registers]})
        return
    click.echo(state.t("cli.db.status", version=status.schema, supported=status.supported))
    for r in status.registers:
        click.echo(state.t("cli.db.register", name=r.name, title=r.title,
                           revision=r.revision,
                           items=Counted("count.items", "count.items.plural", r.items)))


@db.command("serve", help=N_("cli.help.db.serve"))
@option("--example", is_flag=True,
              help=N_("cli.help.db.serve.example"))
@option("--no-fsync", is_flag=True, help=N_("cli.help.db.serve.no_fsync"))
@click.pass_obj
def db_serve(state: State, example: bool, no_fsync: bool) -> None:
    """Run a throwaway local PostgreSQL server until Ctrl+C, and print its URL.

    Its data lives in a temporary folder and is removed when it stops; it listens on
    a Unix socket only. Point riskreg at it with the printed 'export RISKREG_DB=...'.
    """
    import shlex
    import signal

    from riskreg.server.local import LocalServer

    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    try:
        with LocalServer(fsync=not no_fsync) as server:
            url = server.url
            if example:
                from riskreg.example import build_example

                build_example(url, user=state.user, lang=state.lang).close()
            click.echo(state.t("cli.db.serving", folder=str(server.folder)))
            click.echo(f"  export RISKREG_DB={shlex.quote(url)}")
            click.echo(state.t("cli.db.stop_hint"))
            server.wait()
    except KeyboardInterrupt:
        click.echo(state.t("cli.db.stopped"))


@command("copy", help=N_("cli.help.copy"))
@argument("source", metavar=N_("cli.metavar.source"))
@argument("target", metavar=N_("cli.metavar.target"))
@options.as_json
@click.pass_obj
def copy_command(state: State, source: str, target: str, as_json: bool) -> None:
    """Copy a register from SOURCE to TARGET, each a file or a postgresql:// URL.

    The copy holds the same content, history (entry for entry), edition log and
    revision; 'riskreg dump' of both is the same. TARGET must not exist yet.
    """
    from riskreg.transfer import copy_register

    result = copy_register(source, target)
    if as_json:
        echo_json({"source": result.source, "target": result.target,
                   "revision": result.revision, "records": result.records,
                   "history": result.history})
        return
    click.echo(state.t("cli.copy.done", source=result.source, target=result.target,
                       records=Counted("count.records", "count.records.plural", result.records),
                       history=Counted("count.changes", "count.changes.plural", result.history),
                       revision=result.revision))
