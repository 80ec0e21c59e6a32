"""Words and escaping shared by the renderers: catalogue look-ups, safe file names,
Markdown escaping, spreadsheet-cell neutralisation, HTML isolation of typed text and matrix
colours. Every renderer neutralises bidi controls in text it shows (:mod:`riskreg.bidi`)."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from riskreg.bidi import neutral
from riskreg.matrix import LevelBand, RiskMatrix
from riskreg.messages import LIBRARY, translate, translate_n
from riskreg.model import Scope, ScopeKind
from riskreg.words import word_id

# --- file names ----------------------------------------------------------------------

_NOT_SAFE = re.compile(r"[^a-z0-9]+")


def ascii_slug(text: str, limit: int = 60) -> str:
    """``Göteborg`` -> ``goteborg``, ``Lilla Edet`` -> ``lilla-edet``: a-z, 0-9 and dashes only."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = plain.replace("ß", "ss").replace("æ", "ae").replace("ø", "o").replace("đ", "d")
    slug = _NOT_SAFE.sub("-", plain).strip("-")
    return slug[:limit].strip("-")


def safe_file_name(code: str, name: str, ext: str) -> str:
    """``1480-goteborg.html``: code and name made safe; never a path, never hidden."""
    parts = [p for p in (ascii_slug(code, 16), ascii_slug(name)) if p]
    stem = "-".join(parts) or "recipient"
    return f"{stem}.{ascii_slug(ext, 10) or 'txt'}"


# --- Markdown -------------------------------------------------------------------------

_MD_INLINE = re.compile(r"([\\`*_\[\]<>|~])")
_MD_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_MD_LINE_START = re.compile(r"^(\s*)([#>+=-]|\d+[.)])")


def md_inline(text: Any) -> str:
    """Text for one line of Markdown (a table cell, a list item): markup and HTML escaped,
    line breaks and tabs made spaces, bidi controls dropped."""
    flat = " ".join(neutral(str(text)).split())
    escaped = _MD_ENTITY.sub(r"\\&", _MD_INLINE.sub(r"\\\1", flat))
    return _MD_LINE_START.sub(_escape_line_start, escaped)


def md_block(text: Any, indent: str = "") -> str:
    """Text of several lines, each escaped as :func:`md_inline`, kept as separate lines."""
    lines = [md_inline(line) for line in str(text).splitlines() if line.strip()]
    return ("\\\n" + indent).join(lines)


def _escape_line_start(match: re.Match[str]) -> str:
    marker = match.group(2)
    if marker[0].isdigit():
        return match.group(1) + marker[:-1] + "\\" + marker[-1]
    return match.group(1) + "\\" + marker


# --- spreadsheet cells ------------------------------------------------------------------

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
CELL_LIMIT = 32_000  # Excel holds 32,767 characters in a cell


def neutral_cell(value: Any) -> Any:
    """A CSV cell that no spreadsheet takes for a formula: text starting with = + - @ tab CR LF
    gets a leading apostrophe; over-long text is cut; bidi controls are dropped."""
    if not isinstance(value, str):
        return value
    value = neutral(value)
    if len(value) > CELL_LIMIT:
        value = value[: CELL_LIMIT - 1] + "…"
    if value.startswith(FORMULA_START):
        return "'" + value
    return value


def is_formula_like(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_START)


# --- colours ----------------------------------------------------------------------------

_COLOURS = {
    "green": "#a8d5a2",
    "yellow": "#f7e07b",
    "orange": "#f5b06a",
    "red": "#ec8a83",
    "darkred": "#d9534f",
    "blue": "#9cc3e6",
    "grey": "#d0d0d0",
    "gray": "#d0d0d0",
}
_HEX = re.compile(r"^#[0-9a-fA-F]{6}\Z|^#[0-9a-fA-F]{3}\Z")


def band_colour(band: LevelBand) -> str:
    """A CSS colour for a level band: a known name or ``#rgb``/``#rrggbb``, else grey (never raw
    register text in a style)."""
    colour = band.colour.strip().lower()
    if colour in _COLOURS:
        return _COLOURS[colour]
    return colour if _HEX.match(colour) else _COLOURS["grey"]


# --- words --------------------------------------------------------------------------------


class Words:
    """The catalogue in one language, with the matrix's own names."""

    def __init__(self, lang: str, matrix: RiskMatrix, names: dict[str, str]) -> None:
        self.lang = lang
        self.matrix = matrix
        self.names = names

    def __call__(self, key: str, /, **params: Any) -> str:
        return _t(key, self.lang, tuple(sorted(params.items())))

    def tn(self, key: str, plural_key: str, n: int, /, **params: Any) -> Any:
        """The form of ``key`` for the number ``n``."""
        return translate_n(key, plural_key, n, self.lang, **params)

    def word(self, kind: str, value: Any, /, **params: Any) -> Any:
        """The word for ``value`` of the vocabulary ``kind`` (:mod:`riskreg.words`)."""
        return self(word_id(kind, value), **params)

    def user(self, value: Any) -> Any:
        """Mark text someone typed (a title, a name) where it goes into a message: as it is
        here; isolated from the text around it in HTML (:class:`HtmlWords`)."""
        return value

    def validity(self, value: Any) -> str:
        return str(self.word("validity", value))

    def status(self, value: Any) -> str:
        return str(self.word("status", value))

    def action(self, value: Any) -> str:
        return str(self.word("action", value))

    def level(self, band: LevelBand) -> str:
        return band.label(self.lang)

    def likelihood(self, step: int) -> str:
        return self.matrix.likelihood_name(step, self.lang)

    def impact(self, step: int) -> str:
        return self.matrix.impact_name(step, self.lang)

    def scope(self, scope: Scope) -> str:
        names = scope.names
        if scope.kind is ScopeKind.MUNICIPALITIES:
            names = tuple(self.names.get(code, code) for code in names)
        return self.word("scope", scope.kind, names=self._join(names))  # type: ignore[no-any-return]

    def _join(self, names: tuple[str, ...]) -> Any:
        return ", ".join(names)

    def date(self, value: date | None) -> str:
        return value.isoformat() if value is not None else ""

    def when(self, value: datetime) -> str:
        return value.strftime("%Y-%m-%d %H:%M")


@lru_cache(maxsize=8192)
def _t(key: str, lang: str, params: tuple[tuple[str, Any], ...]) -> str:
    return translate(key, lang, **dict(params))


# --- HTML ---------------------------------------------------------------------------------


def bdi(value: Any) -> Any:
    """Text someone typed, for HTML: escaped, without bidi controls, isolated in ``<bdi>``
    so that neither its direction nor an override in it turns the text around it."""
    from markupsafe import Markup

    if value is None or value == "":
        return ""
    return Markup("<bdi>%s</bdi>") % neutral(str(value))


class HtmlWords(Words):
    """:class:`Words` for HTML: a message with text someone typed (marked by :meth:`user`)
    comes out as markup, the typed text isolated (``<bdi>``), the rest escaped."""

    def __call__(self, key: str, /, **params: Any) -> Any:
        from markupsafe import Markup, escape

        if not any(isinstance(v, Markup) for v in params.values()):
            return super().__call__(key, **params)
        template = LIBRARY.template(key, self.lang)
        return LIBRARY.format(key, Markup(escape(template)), self.lang, params)

    def tn(self, key: str, plural_key: str, n: int, /, **params: Any) -> Any:
        from markupsafe import Markup, escape

        if not any(isinstance(v, Markup) for v in params.values()):
            return super().tn(key, plural_key, n, **params)
        template = LIBRARY.plural_template(key, plural_key, n, self.lang)
        return LIBRARY.format(key, Markup(escape(template)), self.lang, {"n": n, **params})

    def user(self, value: Any) -> Any:
        return bdi(value)

    def _join(self, names: tuple[str, ...]) -> Any:
        from markupsafe import Markup

        return Markup(", ").join(bdi(n) for n in names)
