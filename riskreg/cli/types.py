"""Parameter types of the command line, with their messages from the catalogue.

Click's own types word their errors in English; these say what is wrong in the
user's language (``--lang``), and a bad value is always exit 2 with one line.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Any, NamedTuple

import click

from riskreg.cli.core import lang_of
from riskreg.errors import RiskregError
from riskreg.messages import translate
from riskreg.words import ENUM_KINDS, WORDS, read_word, word

if TYPE_CHECKING:
    from typing import TypeAlias

    ParamType: TypeAlias = click.ParamType[Any, Any]
else:  # click < 8.2 has no generic ParamType
    ParamType = click.ParamType


class IntType(ParamType):
    """A whole number, at least ``minimum``."""

    name = "integer"

    def __init__(self, minimum: int | None = None) -> None:
        self.minimum = minimum

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        else:
            try:
                number = int(str(value).strip(), 10)
            except ValueError:
                self.fail(translate("error.not_int", lang_of(ctx), value=str(value)), param, ctx)
        if self.minimum is not None and number < self.minimum:
            self.fail(translate("cli.error.too_small", lang_of(ctx), value=number,
                                minimum=self.minimum), param, ctx)
        return number


class DateType(ParamType):
    """An ISO date, YYYY-MM-DD."""

    name = "date"

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return translate("cli.metavar.date", lang_of(ctx))

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        text = str(value).strip()
        try:
            if len(text) != 10:
                raise ValueError(text)
            return date.fromisoformat(text)
        except ValueError:
            self.fail(translate("error.bad_date", lang_of(ctx), value=str(value)), param, ctx)


class Choice(ParamType):
    """One of fixed words (case-insensitive, ``-`` taken for ``_``)."""

    name = "choice"

    def __init__(self, choices: Sequence[str]) -> None:
        self.choices = list(choices)

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return "[" + "|".join(self.choices) + "]"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        text = str(value).strip().lower().replace("-", "_")
        if text not in self.choices:
            self.fail(translate("error.bad_choice", lang_of(ctx), value=str(value),
                                allowed=", ".join(self.choices)), param, ctx)
        return text


class WordChoice(ParamType):
    """One value of a vocabulary of :mod:`riskreg.words`, written as the value itself (as
    stored and in JSON: ``suspended``) or as its word in either language (``gäller inte
    under pausen``, ``suspended during the pause``), in any case, ``-``/``_``/space alike.
    Help and errors list the words in the user's language."""

    name = "choice"

    def __init__(self, kind: str, only: Sequence[str] | None = None) -> None:
        self.kind = kind
        self.values = [str(v) for v in (only or WORDS[kind])]

    def words(self, ctx: click.Context | None) -> list[str]:
        """The choices as the user writes them, in their language (``gäller-nu``)."""
        lang = lang_of(ctx)
        return ["-".join(word(self.kind, v, lang).split()) for v in self.values]

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return "[" + "|".join(self.words(ctx)) + "]"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        found = read_word(self.kind, str(value))
        if found is None or found not in self.values:
            self.fail(translate("error.bad_choice", lang_of(ctx), value=str(value),
                                allowed=", ".join(self.words(ctx))), param, ctx)
        return found


class EnumChoice(WordChoice):
    """One of an enum's values, as :class:`WordChoice` reads them (the enum's vocabulary)."""

    def __init__(self, enum: type[StrEnum], only: Sequence[StrEnum] | None = None) -> None:
        super().__init__(ENUM_KINDS[enum.__name__], [str(m.value) for m in (only or enum)])
        self.enum = enum

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, self.enum):
            return value
        return self.enum(super().convert(value, param, ctx))


class Fraction(ParamType):
    """A number from 0 to 1 (a decimal comma taken for a point)."""

    name = "fraction"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> float:
        try:
            number = float(str(value).replace(",", "."))
        except ValueError:
            number = -1.0
        if not 0.0 <= number <= 1.0:
            self.fail(translate("error.bad_choice", lang_of(ctx), value=str(value),
                                allowed="0–1"), param, ctx)
        return number


class ScopeSpec(NamedTuple):
    """A scope as typed (``alla``, ``region``, ``kommunalförbund:NAMN``...), checked for its
    form; its names are checked against the register's organisations when it is used."""

    text: str


class ScopeType(ParamType):
    name = "scope"

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        from riskreg.scopes import scope_forms

        return scope_forms(lang_of(ctx)).replace(", ", "|")

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> ScopeSpec:
        if isinstance(value, ScopeSpec):
            return value
        from riskreg.scopes import split_scope

        try:
            split_scope(str(value))
        except RiskregError as exc:
            self.fail(exc.message(lang_of(ctx)), param, ctx)
        return ScopeSpec(str(value))


class AreaSpecType(ParamType):
    """A risk area as typed for ``init``: ``KEY=NAME``."""

    name = "area"

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return translate("cli.metavar.area_spec", lang_of(ctx))

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        key, sep, name = str(value).partition("=")
        if not sep or not key.strip() or not name.strip():
            self.fail(translate("cli.error.bad_area_spec", lang_of(ctx), value=str(value)),
                      param, ctx)
        from riskreg.model import Category

        try:
            return Category(key=key.strip(), name=name.strip())
        except RiskregError as exc:
            self.fail(exc.message(lang_of(ctx)), param, ctx)


INT = IntType()
POSITIVE = IntType(minimum=1)
NON_NEGATIVE = IntType(minimum=0)
DATE = DateType()
SCOPE = ScopeType()

__all__ = ["DATE", "INT", "NON_NEGATIVE", "POSITIVE", "SCOPE", "AreaSpecType", "Choice",
           "DateType", "EnumChoice", "Fraction", "IntType", "ScopeSpec", "ScopeType",
           "WordChoice"]
