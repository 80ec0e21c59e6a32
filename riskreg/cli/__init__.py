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

       @risk.command("close")
       @click.argument("key")
       @options.why("Why the risk is closed (kept in the history).", required=True)
       @click.pass_obj
       def risk_close(state: State, key: str, why: str) -> None:
           \"\"\"Close a risk.\"\"\"
           with state.open() as reg:
               ...

   A new top-level command or group gets a module of its own
   (``riskreg/cli/users.py`` holding ``@click.group(cls=RiskregGroup) def user()``)
   and a line in :data:`COMMANDS` below: its name, ``"module:attribute"`` and the
   first line of its docstring (``riskreg --help`` shows that line without
   importing the module; ``tests/test_cli_package.py`` checks they agree).
2. Import what the command needs inside the function, not at the top of its
   module: the module is imported for every command of its group.
3. Every word the user sees is a message (``state.t("cli....")``, ``state.tn`` for a
   number, ``state.word`` for a vocabulary value; both languages in
   ``riskreg/locale/*/LC_MESSAGES/riskreg.po``, README "Messages"), the command's help
   too (see below); stop with ``fail(ctx, "cli.error....")``
   or let a :class:`~riskreg.errors.RiskregError` through: either is one line, exit 2.
4. Give it ``@options.as_json`` if it shows something, and a test in
   ``tests/test_cli.py`` (``CliRunner().invoke(cli, [...])``).
"""

from __future__ import annotations

from collections.abc import Sequence

import click

from riskreg.cli import options
from riskreg.cli.core import State
from riskreg.cli.groups import Lazy, LazyGroup

#: Every top-level command: where it is, and the first line of its help.
COMMANDS: dict[str, Lazy] = {
    "init": Lazy("riskreg.cli.init:init",
                 "Create a new register at --db (refused if one is there)."),
    "area": Lazy("riskreg.cli.areas:area", "List or add risk areas."),
    "risk": Lazy("riskreg.cli.risks:risk", "List, show, add, edit and review risks."),
    "decision": Lazy("riskreg.cli.decisions:decision",
                     "List, show, add and assess decisions of Klinisk ledning."),
    "link": Lazy("riskreg.cli.links:link",
                 "Add or remove typed links between risks and decisions."),
    "impact": Lazy("riskreg.cli.analysis:impact",
                   "What is affected, directly and through other links, if KEY changes."),
    "check": Lazy("riskreg.cli.analysis:check",
                  "Check the register: conflicts, cycles, exposed risks, overdue reviews and "
                  "actions."),
    "graph": Lazy("riskreg.cli.analysis:graph",
                  "Export the dependency graph of risks and decisions (internal items left "
                  "out)."),
    "history": Lazy("riskreg.cli.history:history",
                    "The recorded changes (of KEY, if given), oldest first: who, when, what, "
                    "why."),
    "undo": Lazy("riskreg.cli.undo:undo",
                 "Undo your last change (as a new change); refused if someone changed its "
                 "items since."),
    "doctor": Lazy("riskreg.cli.doctor:doctor",
                   "Diagnose the register file; with --restore, restore it from its newest "
                   "good backup."),
    "export": Lazy("riskreg.cli.exchange:export",
                   "Write each municipality's status report, an index and manifest.json into "
                   "--out."),
    "template": Lazy("riskreg.cli.exchange:template",
                     "Write an empty, documented template for importing risks or decisions."),
    "import": Lazy("riskreg.cli.exchange:import_command",
                   "Import risks or decisions from CSV, XLSX or JSON (also a 'riskreg dump' "
                   "file)."),
    "import-submission": Lazy("riskreg.cli.exchange:import_submission_command",
                              "Bring a municipality's own risk list into the joint analysis."),
    "dump": Lazy("riskreg.cli.exchange:dump",
                 "The whole register as one JSON document ('riskreg import' reads it back)."),
    "db": Lazy("riskreg.cli.server:db",
               "The server store: schema upgrades, a throwaway local server."),
    "copy": Lazy("riskreg.cli.server:copy_command",
                 "Copy a register from SOURCE to TARGET, each a file or a postgresql:// URL."),
    "user": Lazy("riskreg.cli.users:user",
                 "The people of a register on a server: add, list, change role, remove."),
    "contacts": Lazy("riskreg.cli.contacts:contacts",
                     "The addresses the status is sent to: import, list, export, add, remove."),
    "send": Lazy("riskreg.cli.delivery:send",
                 "Send the status report to each municipality's project lead and ledningsråd."),
    "digest": Lazy("riskreg.cli.delivery:digest",
                   "What is pending on a person: actions, risks to review, decisions to "
                   "assess."),
    "deliveries": Lazy("riskreg.cli.delivery:deliveries",
                       "The delivery log: each message, to whom, and what came of it."),
    "tui": Lazy("riskreg.cli.ui:tui_command", "Open the review UI (terminal) on the register."),
}


@click.group(name="riskreg", cls=LazyGroup, lazy_subcommands=COMMANDS,
             context_settings={"help_option_names": ["-h", "--help"]})
@options.db
@options.user
@options.lang
@click.version_option(package_name="riskreg-millennium", prog_name="riskreg")
@click.pass_context
def cli(ctx: click.Context, db: str, user: str | None, lang: str) -> None:
    """Risk and decision register of the paused Millennium rollout in Västra Götaland."""
    ctx.obj = State(db=db, user=user or None, lang=lang)


def main(argv: Sequence[str] | None = None) -> None:
    """The ``riskreg`` console script."""
    cli.main(args=list(argv) if argv is not None else None, prog_name="riskreg")


__all__ = ["COMMANDS", "State", "cli", "main"]
