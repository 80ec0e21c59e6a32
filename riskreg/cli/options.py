"""Options shared by several commands, declared once (as pip-tools' ``scripts/options.py``).

Use them as decorators::

    @risk.command("list")
    @options.as_json
    @click.pass_obj
    def risk_list(state: State, as_json: bool) -> None: ...

An option whose help names what the command acts on is made by a function
(``options.why("Why the link is added (kept in the history).")``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from riskreg.cli.core import DEFAULT_DB, lang_of
from riskreg.cli.localized import Option, option
from riskreg.cli.types import SCOPE
from riskreg.messages import LANGUAGES, N_, resolve_language, translate

F = TypeVar("F", bound=Callable[..., Any])
Decorator = Callable[[F], F]


def _lang(ctx: click.Context, param: click.Parameter, value: str | None) -> str:
    if value is None:
        return resolve_language(None)
    chosen = value.strip().lower()
    if chosen in LANGUAGES:
        return chosen
    if ctx.get_parameter_source("lang") is click.core.ParameterSource.ENVIRONMENT:
        return resolve_language(None)  # a stray RISKREG_LANG falls back to Swedish
    raise click.BadParameter(
        translate("error.bad_choice", resolve_language(None), value=value,
                  allowed=", ".join(LANGUAGES)),
        ctx, param,
    )


def _report_lang(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    chosen = value.strip().lower()
    if chosen not in LANGUAGES:
        raise click.BadParameter(translate("error.bad_choice", lang_of(ctx), value=value,
                                           allowed=", ".join(LANGUAGES)), ctx, param)
    root = ctx.find_root()
    if root.get_parameter_source("lang") is not click.core.ParameterSource.COMMANDLINE:
        _replace_state(ctx, lang=chosen)  # ``riskreg export --lang en``: messages in English too
    return chosen


# --- the root's options -----------------------------------------------------------------------

db = option("--db", envvar="RISKREG_DB", default=DEFAULT_DB, show_default=True,
            metavar=N_("cli.metavar.path_url"), help=N_("cli.help.option.db"))
user = option("--user", envvar="RISKREG_USER", metavar=N_("cli.metavar.name"),
              help=N_("cli.help.option.user"))
lang = option("--lang", envvar="RISKREG_LANG", callback=_lang, metavar="sv|en",
              help=N_("cli.help.option.lang"))


def _version(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    from importlib.metadata import version

    click.echo(translate("cli.version", lang_of(ctx), version=version("riskreg-millennium")))
    ctx.exit()


version = option("--version", is_flag=True, expose_value=False, is_eager=True,
                 callback=_version, help=N_("cli.help.version"))


# --- the root's options, given after a command ---------------------------------------------------

def _override(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    """A global option given after the command (``riskreg tui --db x --lang en``): it replaces
    the root's value for this command, and for the error line the command may end in."""
    if value is None or param.name is None:
        return
    if param.name == "lang":
        chosen = value.strip().lower()
        if chosen not in LANGUAGES:
            raise click.BadParameter(
                translate("error.bad_choice", lang_of(ctx), value=value,
                          allowed=", ".join(LANGUAGES)), ctx, param)
        value = chosen
    _replace_state(ctx, **{param.name: value})


def _replace_state(ctx: click.Context, **values: str) -> None:
    """Give ``ctx`` and the contexts above it that share its State the changed State."""
    from riskreg.cli.core import State

    state = ctx.obj
    if not isinstance(state, State):
        return
    changed = state._replace(**values)
    node: click.Context | None = ctx
    while node is not None:
        if node.obj is state:
            node.obj = changed
        node = node.parent


#: The root's options as a command takes them after its name (no default, no environment:
#: given, they replace what the root has; the help says where they come from).
GLOBAL_AFTER_COMMAND: tuple[click.Option, ...] = (
    Option(["--db"], metavar=N_("cli.metavar.path_url"), expose_value=False,
           callback=_override, help=N_("cli.help.option.db_after")),
    Option(["--user"], metavar=N_("cli.metavar.name"), expose_value=False, callback=_override,
           help=N_("cli.help.option.user_after")),
    # eager: taken before --help when written before it (riskreg risk list --lang en --help)
    Option(["--lang"], metavar="sv|en", expose_value=False, callback=_override, is_eager=True,
           help=N_("cli.help.option.lang_after")),
)


def adopt_global_options(command: click.Command) -> None:
    """Let ``command`` take the root's options after its name too, except those it has an
    option of the same name for (``export --lang``: the reports' language)."""
    if getattr(command, "_riskreg_global_options", False):
        return
    taken = {opt for p in command.params for opt in getattr(p, "opts", ())}
    command.params.extend(o for o in GLOBAL_AFTER_COMMAND if not taken & set(o.opts))
    command._riskreg_global_options = True  # type: ignore[attr-defined]

# --- output --------------------------------------------------------------------------------------

as_json = option("--json", "as_json", is_flag=True, help=N_("cli.help.option.json"))
report_lang = option("--lang", "report_lang", callback=_report_lang, metavar="sv|en",
                     help=N_("cli.help.option.report_lang"))


def out(help_text: str) -> Decorator[Any]:
    """``--out FILE``: where to write instead of stdout (``help_text``: a message id)."""
    return option("--out", metavar=N_("cli.metavar.file"), help=help_text)


# --- changes ---------------------------------------------------------------------------------

def why(help_text: str = N_("cli.help.option.why"), *, required: bool = False
        ) -> Decorator[Any]:
    """``--why``: the reason recorded in the history with the change (``help_text``: a
    message id)."""
    if required:
        return option("--why", required=True, help=help_text)
    return option("--why", default="", help=help_text)


def scope(help_text: str | None = None) -> Decorator[Any]:
    """``--scope``: whom an item concerns (names checked against the register when used)."""
    return option("--scope", type=SCOPE, help=help_text)


internal = option("--internal", is_flag=True, help=N_("cli.help.option.internal"))

# --- reading files ------------------------------------------------------------------------------

def encoding(help_text: str) -> Decorator[Any]:
    """``--encoding``: a file's character encoding."""
    return option("--encoding", metavar=N_("cli.metavar.name"), help=help_text)


__all__ = ["GLOBAL_AFTER_COMMAND", "adopt_global_options", "as_json", "db", "encoding",
           "internal", "lang", "out", "report_lang", "scope", "user", "why"]
