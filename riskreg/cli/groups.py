"""The command groups: errors turned into one line, and commands loaded only when used.

:class:`RiskregGroup` is every group of the command line (the root, ``risk``,
``decision``...): riskreg's errors and the operating system's become one line
on stderr and exit code 2, and nothing a command prints can carry a
bidirectional control to the terminal.

:class:`LazyGroup` is click's documented lazy-loading group
(https://click.palletsprojects.com/en/stable/complex/#lazily-loading-subcommands):
it names its commands by import path and imports a command's module only when
the command is invoked (or its help asked for), so ``riskreg risk list`` does not
pay for the export's, the server's or the graph's imports. Each entry carries the
command's one-line help too, so ``riskreg --help`` lists every command without
importing any of them (``tests/test_cli_package.py`` checks the lines agree).
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, NamedTuple

import click

from riskreg.cli.clicktext import click_gettext
from riskreg.cli.core import (
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_USAGE,
    Failure,
    ask_language,
    error_line,
    lang_of,
)
from riskreg.cli.localized import Command, Localized, in_words
from riskreg.errors import RiskregError
from riskreg.messages import N_


class RiskregGroup(Localized, click.Group):
    """A group that turns riskreg and OS errors into one line on stderr, exit 2; its commands
    take the root's options (``--db``, ``--user``, ``--lang``) after their names too; it shows
    its help in the user's language (its commands are
    :class:`~riskreg.cli.localized.Command`)."""

    command_class = Command
    group_class = type  # a group of a group is a RiskregGroup too

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("subcommand_metavar", N_("cli.usage.command"))
        super().__init__(*args, **kwargs)

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        with in_words(self, ctx, "subcommand_metavar"):
            return super().collect_usage_pieces(ctx)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        from riskreg.cli.options import adopt_global_options

        command = super().get_command(ctx, cmd_name)
        if command is not None:
            adopt_global_options(command)
        return command

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except RiskregError as exc:
            lang = lang_of(ctx)
            raise Failure(exc.message(lang), lang) from None
        except OSError as exc:
            import errno

            from riskreg.messages import OsProblem, translate

            if exc.errno == errno.EPIPE:
                raise
            lang = lang_of(ctx)
            problem = OsProblem.of(exc)
            if exc.filename is None:  # riskreg names its files itself; this is a last resort
                raise Failure(translate("cli.error.os_unnamed", lang, problem=problem),
                              lang) from None
            raise Failure(translate("cli.error.os", lang, path=exc.filename, problem=problem),
                          lang) from None

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        from riskreg.cli.neutral import neutral_output

        ask_language(args)
        with neutral_output():  # no bidi control from stored text reaches the terminal
            return self._main(args, prog_name, complete_var, standalone_mode, **extra)

    def _main(
        self,
        args: Sequence[str] | None,
        prog_name: str | None,
        complete_var: str | None,
        standalone_mode: bool,
        **extra: Any,
    ) -> Any:
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.exceptions.NoArgsIsHelpError as exc:
            exc.show()
            code = exc.exit_code
        except click.ClickException as exc:
            click.echo(error_line(exc, args), err=True)
            code = EXIT_USAGE
        except click.Abort:
            click.echo(err=True)
            code = EXIT_FINDINGS
        else:
            code = result if isinstance(result, int) else EXIT_OK
            if not standalone_mode:
                return result
        if standalone_mode:
            sys.exit(code)
        return code


class Lazy(NamedTuple):
    """A command not loaded yet: ``module:attribute``, and its one-line help."""

    target: str
    help: str

    def load(self) -> click.Command:
        """Import the command."""
        module_name, _, attribute = self.target.partition(":")
        command = getattr(importlib.import_module(module_name), attribute)
        if not isinstance(command, click.Command):
            raise TypeError(f"{self.target} is not a click command")
        return command


class LazyCommands(dict[str, click.Command]):
    """A group's commands by name, those in ``lazy`` imported when first looked up.

    Every name is there for ``in``, iteration and ``len`` (``"import" in cli.commands``);
    ``cmds[name]`` and ``cmds.get(name)`` import a command the first time; ``items()`` and
    ``values()`` import them all.
    """

    def __init__(self, loaded: Mapping[str, click.Command], lazy: Mapping[str, Lazy]) -> None:
        super().__init__(loaded)
        self.lazy = dict(lazy)

    def is_loaded(self, name: str) -> bool:
        return dict.__contains__(self, name)

    def __missing__(self, name: str) -> click.Command:
        if name not in self.lazy:
            raise KeyError(name)
        command = self.lazy[name].load()
        self[name] = command
        return command

    def get(self, name: str, default: Any = None) -> Any:
        try:
            return self[name]
        except KeyError:
            return default

    def __contains__(self, name: object) -> bool:
        return dict.__contains__(self, name) or name in self.lazy

    def names(self) -> list[str]:
        return sorted({*dict.keys(self), *self.lazy})

    def __iter__(self) -> Iterator[str]:
        return iter(self.names())

    def __len__(self) -> int:
        return len(self.names())

    def keys(self) -> Any:
        return self.names()

    def values(self) -> Any:
        return [self[name] for name in self.names()]

    def items(self) -> Any:
        return [(name, self[name]) for name in self.names()]


class LazyGroup(RiskregGroup):
    """A group whose commands are imported when first used (click's lazy-group pattern)."""

    commands: LazyCommands

    def __init__(self, *args: Any, lazy_subcommands: Mapping[str, Lazy] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commands = LazyCommands(self.commands, lazy_subcommands or {})

    @property
    def lazy_subcommands(self) -> dict[str, Lazy]:
        return self.commands.lazy

    def load(self, cmd_name: str) -> click.Command:
        """The command ``cmd_name``, imported if it was not yet."""
        return self.commands[cmd_name]

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The list of commands, as click writes it, from the table for those not loaded."""
        commands = self.commands
        names = [name for name in self.list_commands(ctx)
                 if not commands.is_loaded(name) or not commands[name].hidden]
        if not names:
            return
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = []
        for name in names:
            # a stand-in with the table's help line shortens it as the command itself would
            command = commands[name] if commands.is_loaded(name) else Command(
                name, help=commands.lazy[name].help)
            rows.append((name, command.get_short_help_str(limit)))
        with formatter.section(click_gettext("Commands")):
            formatter.write_dl(rows)


__all__ = ["Lazy", "LazyCommands", "LazyGroup", "RiskregGroup"]
