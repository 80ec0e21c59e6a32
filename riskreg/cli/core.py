"""What every command shares: the global options as :class:`State`, and failures as one line.

A command reports a problem by raising a :class:`~riskreg.errors.RiskregError`
(the library's) or calling :func:`fail` with a catalogue key (the command line's
own checks); either way the user sees one line on stderr in their language and
the exit code is 2 (:class:`~riskreg.cli.groups.RiskregGroup` does the turning).
Click's own usage errors get the same one line, see :func:`error_line`.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, NoReturn

import click

from riskreg.messages import LANGUAGES, resolve_language, translate, translate_n

if TYPE_CHECKING:
    from riskreg.register import Register

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
DEFAULT_DB = "riskreg.json"


class State(NamedTuple):
    """The global options, handed to every command (``@click.pass_obj``)."""

    db: str  # a path to a register file, or a postgresql:// URL
    user: str | None
    lang: str

    @property
    def db_path(self) -> Path:
        """``--db`` as a file path (for the file-only commands: doctor)."""
        return Path(self.db)

    def t(self, key: str, /, **params: Any) -> str:
        """The message ``key`` in the user's language."""
        return translate(key, self.lang, **params)

    def tn(self, key: str, plural_key: str, n: int, /, **params: Any) -> str:
        """The form of the message ``key`` for the number ``n``, in the user's language."""
        return translate_n(key, plural_key, n, self.lang, **params)

    def word(self, kind: str, value: object, /, **params: Any) -> str:
        """The word for ``value`` of the vocabulary ``kind`` (:mod:`riskreg.words`)."""
        from riskreg.words import word

        return word(kind, value, self.lang, **params)

    def open(self) -> Register:
        """The register at ``--db``, opened for reading and changing."""
        from riskreg.cli.process import working
        from riskreg.register import Register

        working()  # the modules are in: what follows is the command's own work
        return Register.open(self.db, user=self.user)


#: the language asked for on the command line being run (``--lang``, read before click parses
#: it, so that even an error in the options before it, or ``--help`` before it, is in that
#: language); None if the command line does not say
_asked: ContextVar[str | None] = ContextVar("riskreg_cli_lang", default=None)


def ask_language(args: Sequence[str] | None) -> None:
    """Note the language ``args`` ask for (``--lang en``), for :func:`lang_of`."""
    _asked.set(_lang_given(args))


def lang_of(ctx: click.Context | None) -> str:
    """The language of the running command, as far as it is known: what its command line
    says wherever ``--lang`` stands in it, else the register's state, else the default."""
    asked = _asked.get()
    if asked is not None:
        return asked
    while ctx is not None:
        if isinstance(ctx.obj, State):
            return ctx.obj.lang
        lang = ctx.params.get("lang")
        if isinstance(lang, str) and lang in LANGUAGES:
            return lang
        ctx = ctx.parent
    return resolve_language(None)


def current_lang() -> str:
    """The language of the command being run (of the current click context)."""
    return lang_of(click.get_current_context(silent=True))


class Failure(click.ClickException):
    """A user-facing failure whose text is already in the user's language."""

    exit_code = EXIT_USAGE

    def __init__(self, message: str, lang: str) -> None:
        super().__init__(message)
        self.lang = lang

    def format_message(self) -> str:
        return self.message


def fail(ctx: click.Context | None, key: str, /, **params: Any) -> NoReturn:
    """Stop with the catalogue message ``key`` (exit 2)."""
    lang = lang_of(ctx)
    raise Failure(translate(key, lang, **params), lang)


def echo_json(doc: Any) -> None:
    """One JSON document on stdout (see :func:`riskreg.cli_output.dumps`)."""
    from riskreg.cli_output import dumps

    click.echo(dumps(doc))


def error_line(exc: click.ClickException, args: Sequence[str] | None) -> str:
    """One line for any error: ``riskreg: fel: …`` (with a pointer to --help for usage errors)."""
    if isinstance(exc, Failure):  # what the user typed may hold a line break: shown escaped
        return translate("cli.error.line", exc.lang, message=_printable(exc.message))
    ctx = exc.ctx if isinstance(exc, click.UsageError) else None
    lang = lang_of(ctx) if ctx is not None else _lang_from_args(args)
    message = " ".join(_usage_message(exc, lang).split())
    line = translate("cli.error.line", lang, message=message)
    if ctx is not None:
        line += " " + translate("cli.error.see_help", lang, command=ctx.command_path)
    return line


def _printable(text: str) -> str:
    """``text`` on one line: a control character (a line break in a key typed by mistake)
    written as its escape, ``\\n``; letters of any language as they are."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def _lang_from_args(args: Sequence[str] | None) -> str:
    return _lang_given(args) or resolve_language(None)


def _lang_given(args: Sequence[str] | None) -> str | None:
    """The language ``--lang`` asks for in ``args`` (the last one given, as click takes it),
    None if there is none."""
    argv = list(sys.argv[1:] if args is None else args)
    given: str | None = None
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            given = argv[i + 1]
        elif arg.startswith("--lang="):
            given = arg.split("=", 1)[1]
    return None if given is None else resolve_language(given)


def _usage_message(exc: click.ClickException, lang: str) -> str:
    """The problem in one sentence: riskreg's own for the usual mistakes, click's (in the
    user's language, :mod:`riskreg.cli.clicktext`) for the rest; never matched by its text."""
    if isinstance(exc, click.BadParameter):
        hint = _param_hint(exc)
        if isinstance(exc, click.MissingParameter):
            return translate("cli.error.missing", lang, param=hint)
        return translate("cli.error.bad_value", lang, param=hint, message=exc.message)
    if isinstance(exc, click.NoSuchOption):
        text = translate("cli.error.no_such_option", lang, name=exc.option_name)
        if exc.possibilities:
            text += ". " + translate("cli.error.did_you_mean", lang,
                                    names=", ".join(exc.possibilities))
        return text
    if isinstance(exc, click.exceptions.NoSuchCommand):
        return translate("cli.error.no_such_command", lang, name=exc.command_name)
    return exc.format_message()


def _param_hint(exc: click.BadParameter) -> str:
    hint: Any = exc.param_hint
    if hint is None and exc.param is not None:
        hint = exc.param.get_error_hint(exc.ctx) if exc.ctx is not None else exc.param.name
    if isinstance(hint, (list, tuple)):
        return " / ".join(repr(h) for h in hint)
    return str(hint or "")


__all__ = ["DEFAULT_DB", "EXIT_FINDINGS", "EXIT_OK", "EXIT_USAGE", "Failure", "State",
           "ask_language", "current_lang", "echo_json", "error_line", "fail", "lang_of"]
