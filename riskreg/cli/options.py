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
from riskreg.cli.types import SCOPE
from riskreg.messages import LANGUAGES, resolve_language, translate

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

db = click.option("--db", envvar="RISKREG_DB", default=DEFAULT_DB, show_default=True,
                  metavar="PATH|URL",
                  help="The register: a file, or a postgresql:// URL (env RISKREG_DB).")
user = click.option("--user", envvar="RISKREG_USER", metavar="NAME",
                    help="Who makes the changes (env RISKREG_USER, else the login name).")
lang = click.option("--lang", envvar="RISKREG_LANG", callback=_lang, metavar="sv|en",
                    help="Language of messages and tables: sv (default) or en "
                         "(env RISKREG_LANG).")


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
    click.Option(["--db"], metavar="PATH|URL", expose_value=False, callback=_override,
                 help="The register (as riskreg --db)."),
    click.Option(["--user"], metavar="NAME", expose_value=False, callback=_override,
                 help="Who makes the changes (as riskreg --user)."),
    click.Option(["--lang"], metavar="sv|en", expose_value=False, callback=_override,
                 help="Language of messages and tables (as riskreg --lang)."),
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

as_json = click.option("--json", "as_json", is_flag=True,
                       help="One JSON document on stdout (English keys and values, ISO dates).")
report_lang = click.option("--lang", "report_lang", callback=_report_lang, metavar="sv|en",
                           help="Language of the reports (default: the language of riskreg, "
                                "Swedish).")


def out(help_text: str) -> Decorator[Any]:
    """``--out FILE``: where to write instead of stdout."""
    return click.option("--out", metavar="FILE", help=help_text)


# --- changes ---------------------------------------------------------------------------------

def why(help_text: str = "Why (kept in the history).", *, required: bool = False
        ) -> Decorator[Any]:
    """``--why``: the reason recorded in the history with the change."""
    if required:
        return click.option("--why", required=True, help=help_text)
    return click.option("--why", default="", help=help_text)


def scope(help_text: str | None = None) -> Decorator[Any]:
    """``--scope``: whom an item concerns (names checked against the register when used)."""
    return click.option("--scope", type=SCOPE, help=help_text)


internal = click.option("--internal", is_flag=True, help="Internal: never exported.")

# --- reading files ------------------------------------------------------------------------------

def encoding(help_text: str) -> Decorator[Any]:
    """``--encoding``: a file's character encoding."""
    return click.option("--encoding", metavar="NAME", help=help_text)


__all__ = ["GLOBAL_AFTER_COMMAND", "adopt_global_options", "as_json", "db", "encoding",
           "internal", "lang", "out", "report_lang", "scope", "user", "why"]
