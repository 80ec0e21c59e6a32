"""Commands, options and arguments whose help is shown in the user's language.

A command's ``help``, an option's ``help`` and ``metavar`` and an argument's ``metavar`` are
message ids (``N_("cli.help.risk.list")``), turned into text in the language of the command
being run when the help is shown (``--lang``, ``RISKREG_LANG``); click's own words around
them (``Usage:``, ``Options``, its usage errors) come from :mod:`riskreg.cli.clicktext`.
Use :func:`command`, :func:`option` and :func:`argument` instead of click's; a group made
with ``cls=RiskregGroup`` makes its subcommands with these classes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import click

from riskreg.cli.core import lang_of
from riskreg.messages import N_, translate

F = TypeVar("F", bound=Callable[..., Any])
ID_PREFIX = "cli."
#: the placeholder of an option without a metavar of its own, by its type's name (click shows
#: the type's English name: ``INTEGER``)
TYPE_METAVARS = {
    "text": N_("cli.metavar.type.text"),
    "integer": N_("cli.metavar.type.integer"),
    "float": N_("cli.metavar.type.float"),
    "fraction": N_("cli.metavar.type.fraction"),
}


def text(value: str | None, ctx: click.Context | None) -> str | None:
    """``value`` in the user's language if it is a message id, else as it is."""
    if value is None or not value.startswith(ID_PREFIX):
        return value
    return translate(value, lang_of(ctx or click.get_current_context(silent=True)))


@contextmanager
def in_words(obj: Any, ctx: click.Context | None, *names: str) -> Iterator[None]:
    """``obj``'s attributes ``names`` in words while the block runs (click formats from them)."""
    kept = {name: getattr(obj, name) for name in names}
    try:
        for name, value in kept.items():
            if isinstance(value, str):
                setattr(obj, name, text(value, ctx))
        yield
    finally:
        for name, value in kept.items():
            setattr(obj, name, value)


class Option(click.Option):
    """An option whose help and metavar may be message ids."""

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        with in_words(self, ctx, "help", "metavar"):
            return super().get_help_record(ctx)

    def make_metavar(self, ctx: click.Context | None = None) -> str:
        named = TYPE_METAVARS.get(self.type.name) if self.metavar is None else None
        if named is not None and self.nargs == 1:  # click's would be its English type name
            return translate(named, lang_of(ctx or click.get_current_context(silent=True)))
        with in_words(self, ctx, "metavar"):
            return super().make_metavar(ctx)  # type: ignore[arg-type]

    def get_help_extra(self, ctx: click.Context) -> Any:
        """click's ``[default: ...]``, with a vocabulary value shown as its word."""
        from riskreg.cli.types import WordChoice

        extra = super().get_help_extra(ctx)
        default = self.get_default(ctx, call=False)
        if isinstance(self.show_default, str) and "default" in extra:  # a message id
            extra["default"] = text(self.show_default, ctx) or ""
        elif "default" in extra and isinstance(self.type, WordChoice) and default is not None:
            from riskreg.words import word

            extra["default"] = "-".join(
                word(self.type.kind, default, lang_of(ctx)).split())
        return extra


#: abbreviations a sentence goes on after (sv, en)
ABBREVIATIONS = frozenset({"t.ex.", "bl.a.", "dvs.", "m.m.", "osv.", "s.k.", "e.g.", "i.e.",
                           "etc.", "vs.", "cf."})


def first_sentence(help_text: str) -> str:
    """The first sentence of a help text's first paragraph, on one line."""
    words = help_text.partition("\n\n")[0].split()
    if words and words[0] == "\b":
        words = words[1:]
    for i, word in enumerate(words):
        ends = word.endswith(".") and word.casefold() not in ABBREVIATIONS
        if ends and (i == len(words) - 1 or not words[i + 1][0].islower()):
            return " ".join(words[:i + 1])
    return " ".join(words)


class Argument(click.Argument):
    """An argument whose metavar may be a message id (shown in the usage line and errors).

    ``hint`` (a message id) names it in an error where its usage (a list of the values it
    takes, ``[risker|beslut]``) would: "Ogiltigt värde för 'TYP'", not "för '[risker|beslut]'".
    """

    def __init__(self, *args: Any, hint: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.hint = hint

    def make_metavar(self, ctx: click.Context | None = None) -> str:
        with in_words(self, ctx, "metavar"):
            return super().make_metavar(ctx)  # type: ignore[arg-type]

    def get_error_hint(self, ctx: click.Context | None) -> str:
        if self.hint is not None:
            return repr(text(self.hint, ctx))
        return super().get_error_hint(ctx)


class Localized(click.Command):
    """What every riskreg command shares: help in the user's language."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", N_("cli.usage.options"))
        super().__init__(*args, **kwargs)
        self._localized_help: Option | None = None

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with in_words(self, ctx, "help"):
            super().format_help_text(ctx, formatter)

    def get_short_help_str(self, limit: int = 45) -> str:
        """The help's first sentence, whole: a command list wraps it rather than cutting it
        with "..." at ``limit`` (click's way), and "t.ex." or "e.g." does not end it."""
        with in_words(self, None, "help", "short_help"):
            if self.short_help or not self.help:
                return super().get_short_help_str(limit)
            return first_sentence(self.help)


    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        with in_words(self, ctx, "options_metavar"):
            return super().collect_usage_pieces(ctx)

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        """``-h``/``--help``, with its help in the user's language (click's own says it in
        the language of the first help shown, and keeps it)."""
        names = self.get_help_option_names(ctx)
        if not names or not self.add_help_option:
            return None
        if self._localized_help is None:
            def show(ctx: click.Context, param: click.Parameter, value: bool) -> None:
                if value and not ctx.resilient_parsing:
                    click.echo(ctx.get_help(), color=ctx.color)
                    ctx.exit()

            self._localized_help = Option(
                names, is_flag=True, expose_value=False, is_eager=True, callback=show,
                help=N_("cli.help.help"))
        return self._localized_help


class Command(Localized):
    """A riskreg command (not a group)."""


def command(name: str | None = None, **attrs: Any) -> Callable[[F], Any]:
    """:func:`click.command` making a :class:`Command`."""
    attrs.setdefault("cls", Command)
    return click.command(name, **attrs)


def option(*decls: str, **attrs: Any) -> Callable[[F], F]:
    """:func:`click.option` making an :class:`Option`."""
    attrs.setdefault("cls", Option)
    return click.option(*decls, **attrs)


def argument(*decls: str, **attrs: Any) -> Callable[[F], F]:
    """:func:`click.argument` making an :class:`Argument`."""
    attrs.setdefault("cls", Argument)
    return click.argument(*decls, **attrs)


__all__ = ["ABBREVIATIONS", "Argument", "Command", "Localized", "Option", "argument", "command",
           "first_sentence", "in_words", "option", "text"]
