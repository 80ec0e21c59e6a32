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


__all__ = ["as_json", "db", "encoding", "internal", "lang", "out", "report_lang",
           "scope", "user", "why"]
