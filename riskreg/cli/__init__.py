"""The ``riskreg`` command line: read, change and check a register from a terminal or script.

Every command opens the register named by ``--db`` (``RISKREG_DB``, default
``riskreg.json``; a file or a ``postgresql://`` URL), acts through the public
:class:`~riskreg.register.Register` API, and prints text for people (Swedish by
default, ``--lang en``) or one JSON document with ``--json``. Exit codes: 0 done,
1 ``check`` found errors, 2 bad input or usage, reported as one line on stderr;
the register is left as it was.

How it is built
---------------
- this module: the root group ``cli`` (the global options ``--db``, ``--user``,
  ``--lang``; every command takes them after its name too, see
  :func:`~riskreg.cli.options.adopt_global_options`) and :data:`COMMANDS`, the table of
  its commands;
- :mod:`~riskreg.cli.groups`: the groups (errors become one line; commands
  imported only when used: click's lazy-group pattern);
- :mod:`~riskreg.cli.core` (:class:`State`, :func:`fail`),
  :mod:`~riskreg.cli.options` (options shared by commands),
  :mod:`~riskreg.cli.types` (parameter types with translated messages),
  :mod:`riskreg.cli_output` (tables, text and the JSON shapes),
  :mod:`~riskreg.cli.reading` (what the read commands show, from the register
  or from the read cache beside its file);
- one module per command group: ``init``, ``areas``, ``risks``, ``decisions``,
  ``links``, ``analysis`` (impact, check, graph), ``history``, ``undo``, ``exchange``
  (export, import, import-submission, template, dump), ``contacts`` (the addresses
  the status goes to), ``delivery`` (send, digest, deliveries), ``doctor``,
  ``server`` (db, copy), ``users`` (user), ``ui`` (tui).

Adding a command
----------------
1. Write it in the module of its group, e.g. a ``risk close`` in ``risks.py``::

       @risk.command("close", help=N_("cli.help.risk.close"))
       @argument("key", metavar=N_("cli.metavar.key"))
       @options.why(N_("cli.help.risk.close.why"), required=True)
       @click.pass_obj
       def risk_close(state: State, key: str, why: str) -> None:
           \"\"\"Close a risk.\"\"\"
           with state.open() as reg:
               ...

   Its help, its options' help and metavars are message ids (``N_(...)``), shown in the
   user's language; ``option``, ``argument`` and ``command`` come from
   :mod:`~riskreg.cli.localized` (a group made with ``cls=RiskregGroup`` makes its
   commands so). A new top-level command or group gets a module of its own
   (``riskreg/cli/users.py`` holding ``@click.group(cls=RiskregGroup, help=N_(...)) def
   user()``) and a line in :data:`COMMANDS` below: its name, ``"module:attribute"`` and its
   help's id (``riskreg --help`` shows its first sentence without importing the module;
   ``tests/test_cli_package.py`` checks they agree).
2. Import what the command needs inside the function, not at the top of its
   module: the module is imported for every command of its group.
3. Every word the user sees is a message (``state.t("cli....")``, ``state.tn`` for a
   number, ``state.word`` for a vocabulary value; both languages in
   ``riskreg/locale/*/LC_MESSAGES/riskreg.po``, README "Messages"), the command's help
   too (see 1.); stop with ``fail(ctx, "cli.error....")``
   or let a :class:`~riskreg.errors.RiskregError` through: either is one line, exit 2.
4. Give it ``@options.as_json`` if it shows something, and a test in
   ``tests/test_cli.py`` (``CliRunner().invoke(cli, [...])``).
"""

from __future__ import annotations

from collections.abc import Sequence

import click

from riskreg.cli import clicktext, options
from riskreg.cli.core import State
from riskreg.cli.groups import Lazy, LazyGroup
from riskreg.messages import N_

clicktext.install()  # click's own words (usage, headings, its errors) in the user's language

#: Every top-level command: where it is, and its help (the message id the command has too).
COMMANDS: dict[str, Lazy] = {
    "init": Lazy("riskreg.cli.init:init", N_("cli.help.init")),
    "area": Lazy("riskreg.cli.areas:area", N_("cli.help.area")),
    "risk": Lazy("riskreg.cli.risks:risk", N_("cli.help.risk")),
    "decision": Lazy("riskreg.cli.decisions:decision", N_("cli.help.decision")),
    "link": Lazy("riskreg.cli.links:link", N_("cli.help.link")),
    "impact": Lazy("riskreg.cli.analysis:impact", N_("cli.help.impact")),
    "check": Lazy("riskreg.cli.analysis:check", N_("cli.help.check")),
    "graph": Lazy("riskreg.cli.analysis:graph", N_("cli.help.graph")),
    "history": Lazy("riskreg.cli.history:history", N_("cli.help.history")),
    "undo": Lazy("riskreg.cli.undo:undo", N_("cli.help.undo")),
    "doctor": Lazy("riskreg.cli.doctor:doctor", N_("cli.help.doctor")),
    "export": Lazy("riskreg.cli.exchange:export", N_("cli.help.export")),
    "template": Lazy("riskreg.cli.exchange:template", N_("cli.help.template")),
    "import": Lazy("riskreg.cli.exchange:import_command", N_("cli.help.import")),
    "import-submission": Lazy("riskreg.cli.exchange:import_submission_command",
                                N_("cli.help.import_submission")),
    "dump": Lazy("riskreg.cli.exchange:dump", N_("cli.help.dump")),
    "db": Lazy("riskreg.cli.server:db", N_("cli.help.db")),
    "copy": Lazy("riskreg.cli.server:copy_command", N_("cli.help.copy")),
    "user": Lazy("riskreg.cli.users:user", N_("cli.help.user")),
    "contacts": Lazy("riskreg.cli.contacts:contacts", N_("cli.help.contacts")),
    "send": Lazy("riskreg.cli.delivery:send", N_("cli.help.send")),
    "digest": Lazy("riskreg.cli.delivery:digest", N_("cli.help.digest")),
    "deliveries": Lazy("riskreg.cli.delivery:deliveries", N_("cli.help.deliveries")),
    "tui": Lazy("riskreg.cli.ui:tui_command", N_("cli.help.tui")),
}


@click.group(name="riskreg", cls=LazyGroup, lazy_subcommands=COMMANDS,
             context_settings={"help_option_names": ["-h", "--help"]},
             help=N_("cli.help.riskreg"))
@options.db
@options.user
@options.lang
@options.version
@click.pass_context
def cli(ctx: click.Context, db: str, user: str | None, lang: str) -> None:
    """Risk and decision register of the paused Millennium rollout in Västra Götaland."""
    ctx.obj = State(db=db, user=user or None, lang=lang)


def main(argv: Sequence[str] | None = None) -> None:
    """The ``riskreg`` console script."""
    from riskreg.cli.process import start

    start()
    cli.main(args=list(argv) if argv is not None else None, prog_name="riskreg")


__all__ = ["COMMANDS", "State", "cli", "main"]
