"""User-facing text: gettext catalogues looked up by message id, Swedish by default.

Every sentence riskreg shows has a message id (``"error.not_found"``) and a text per language
in a gettext catalogue: ``riskreg/locale/<lang>/LC_MESSAGES/riskreg.po`` for the library and
the command line, ``tui/locale/...`` for the review UI (a second :class:`Catalogue` that falls
back to this one). The ``.po`` files are the source; they are compiled to ``.mo`` by ``make``
and when the package is built or installed (``setup.py``), and the ``.mo`` is what is read.
``README.md`` ("Messages") says how to add one.

- ``translate(id, lang, **params)`` formats the text with ``str.format``;
- ``translate_n(id, plural_id, n, lang, **params)`` picks the plural form for ``n``
  ("1 ändring", "2 ändringar") and passes ``n`` too;
- ``N_(id)`` marks an id that is passed along and translated later (a table of ids, an error
  class's default), ``Nn_(id, plural_id)`` a plural message's, so extraction (``pybabel
  extract``, keywords in ``pyproject.toml``) sees every id the code can show.

A missing id, a catalogue that is not there, or a parameter the text needs and the call does
not give raise :class:`MessageError`: never a key or a half-filled text in front of a user.
"""

from __future__ import annotations

import errno
import gettext
import os
import threading
from pathlib import Path
from typing import Any, NamedTuple

LANGUAGES = ("sv", "en")
DEFAULT_LANGUAGE = "sv"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"


class MessageError(LookupError):
    """A message that cannot be shown: no such id, no compiled catalogue, or a placeholder the
    call leaves unfilled. A bug in riskreg (tests/test_messages.py looks for them), not a user
    error."""


def N_(key: str) -> str:
    """``key`` itself: marks a message id for extraction where it is translated later."""
    return key


def Nn_(key: str, plural_key: str) -> tuple[str, str]:
    """``(key, plural_key)``: marks a plural message's ids for extraction where it is
    translated later (``translate_n(*ids, n)``)."""
    return key, plural_key


class Term(str):
    """A message id passed as a parameter of another message; translated along with it."""

    __slots__ = ()


class Counted(NamedTuple):
    """A number with its noun passed as a parameter of another message ("3 problem",
    "1 problem"): the plural message ``key``/``plural_key`` for ``n``, translated along."""

    key: str
    plural_key: str
    n: int


class Phrase(NamedTuple):
    """A message with its own parameters passed as a parameter of another message (a
    damaged file's problem inside "Registerfilen ... går inte att läsa: {problem}");
    translated along with it. ``str()`` is its English, for logs and JSON."""

    key: str
    params: tuple[tuple[str, Any], ...] = ()

    def __str__(self) -> str:
        return LIBRARY.text(self.key, "en", **dict(self.params))


def phrase(key: str, /, **params: Any) -> Phrase:
    """The message ``key`` with ``params``, to pass as another message's parameter."""
    return Phrase(key, tuple(sorted(params.items())))


class Choices(NamedTuple):
    """The values an enum allows (``enum`` its class's name), passed as a message parameter:
    shown as their words in the reader's language (:mod:`riskreg.words`)."""

    enum: str
    values: tuple[str, ...]

    @classmethod
    def of(cls, enum: type[Any]) -> Choices:
        return cls(enum.__name__, tuple(str(m.value) for m in enum))

    def __str__(self) -> str:
        return ", ".join(self.values)


class OsProblem(NamedTuple):
    """What the operating system said went wrong (an :class:`OSError`), passed as a parameter
    of a message: shown in the reader's language ("filen eller mappen finns inte"), not in the
    OS's English; an error riskreg has no words for reads "systemfel EXYZ"."""

    code: str  # the errno's name, e.g. "ENOENT" ("" if the error has none)
    detail: str  # the operating system's own words, for logs and ``str()``

    @classmethod
    def of(cls, exc: OSError) -> OsProblem:
        """The problem ``exc`` reports."""
        code = errno.errorcode.get(exc.errno or 0, "") if exc.errno else ""
        return cls(code, exc.strerror or str(exc) or type(exc).__name__)

    def __str__(self) -> str:
        return self.detail


#: the operating system's errors riskreg has words for (by errno name)
OS_ERRORS: dict[str, str] = {
    "ENOENT": N_("os.ENOENT"),
    "EACCES": N_("os.EACCES"),
    "EPERM": N_("os.EPERM"),
    "EISDIR": N_("os.EISDIR"),
    "ENOTDIR": N_("os.ENOTDIR"),
    "EEXIST": N_("os.EEXIST"),
    "ENOTEMPTY": N_("os.ENOTEMPTY"),
    "ENOSPC": N_("os.ENOSPC"),
    "EDQUOT": N_("os.EDQUOT"),
    "EFBIG": N_("os.EFBIG"),
    "EROFS": N_("os.EROFS"),
    "EBUSY": N_("os.EBUSY"),
    "ENAMETOOLONG": N_("os.ENAMETOOLONG"),
    "ELOOP": N_("os.ELOOP"),
    "EMFILE": N_("os.EMFILE"),
    "EIO": N_("os.EIO"),
    "EXDEV": N_("os.EXDEV"),
    "EINVAL": N_("os.EINVAL"),
    "ETIMEDOUT": N_("os.ETIMEDOUT"),
    "ECONNREFUSED": N_("os.ECONNREFUSED"),
}


def resolve_language(lang: str | None = None) -> str:
    """``lang`` if given, else ``RISKREG_LANG``, else Swedish (also for unknown languages)."""
    chosen = (lang or os.environ.get("RISKREG_LANG") or DEFAULT_LANGUAGE).lower()[:2]
    return chosen if chosen in LANGUAGES else DEFAULT_LANGUAGE


class _Missing(gettext.NullTranslations):
    """The last fallback of a catalogue: an id nobody has is an error, not the id itself."""

    def gettext(self, message: str) -> str:
        raise MessageError(message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        raise MessageError(msgid1)


class Catalogue:
    """One gettext domain's compiled catalogues (``<localedir>/<lang>/LC_MESSAGES/<domain>.mo``),
    read when first needed; an id it lacks is looked up in ``fallback``."""

    def __init__(self, domain: str, localedir: Path, fallback: Catalogue | None = None) -> None:
        self.domain = domain
        self.localedir = localedir
        self.fallback = fallback
        self._loaded: dict[str, gettext.GNUTranslations] = {}
        self._lock = threading.Lock()

    def path(self, lang: str, suffix: str = ".mo") -> Path:
        """Where the catalogue of ``lang`` is (``suffix=".po"``: its source)."""
        return self.localedir / lang / "LC_MESSAGES" / f"{self.domain}{suffix}"

    def translations(self, lang: str) -> gettext.GNUTranslations:
        """The compiled catalogue of ``lang`` (one of :data:`LANGUAGES`)."""
        found = self._loaded.get(lang)
        if found is not None:
            return found
        with self._lock:
            if lang not in self._loaded:
                path = self.path(lang)
                try:
                    with path.open("rb") as f:
                        loaded = gettext.GNUTranslations(f)
                except FileNotFoundError:
                    raise MessageError(
                        f"{path} is missing: it is compiled from {path.with_suffix('.po').name}"
                        " by 'make' or when riskreg is installed") from None
                loaded.add_fallback(_Missing())
                self._loaded[lang] = loaded
            return self._loaded[lang]

    def template(self, key: str, lang: str | None = None) -> str:
        """The text of ``key`` in ``lang``, placeholders not filled."""
        language = resolve_language(lang)
        try:
            return self.translations(language).gettext(key)
        except MessageError:
            if self.fallback is None:
                raise MessageError(f"no message {key!r} ({self.domain}, {language})") from None
            return self.fallback.template(key, language)

    def plural_template(self, key: str, plural_key: str, n: int, lang: str | None = None) -> str:
        """The plural form of ``key`` for ``n`` in ``lang``, placeholders not filled."""
        language = resolve_language(lang)
        try:
            return self.translations(language).ngettext(key, plural_key, n)
        except MessageError:
            if self.fallback is None:
                raise MessageError(f"no message {key!r} ({self.domain}, {language})") from None
            return self.fallback.plural_template(key, plural_key, n, language)

    def has(self, key: str) -> bool:
        """Whether this catalogue or its fallback has ``key`` (in the default language)."""
        try:
            self.template(key)
        except MessageError:
            return False
        return True

    def spellings(self, key: str) -> tuple[str, ...]:
        """``key``'s text in every language (for reading what a person typed in either)."""
        return tuple(self.template(key, lang) for lang in LANGUAGES)

    def text(self, key: str, lang: str | None = None, /, **params: Any) -> str:
        """``key`` in ``lang``, formatted with ``params``."""
        language = resolve_language(lang)
        return self.format(key, self.template(key, language), language, params)

    def plural(self, key: str, plural_key: str, n: int, lang: str | None = None, /,
               **params: Any) -> str:
        """``key``'s form for ``n`` in ``lang``, formatted with ``n`` and ``params``."""
        language = resolve_language(lang)
        template = self.plural_template(key, plural_key, n, language)
        return self.format(key, template, language, {"n": n, **params})

    def _param(self, value: Any, lang: str) -> Any:
        if isinstance(value, Term):
            return self.text(value, lang)
        if isinstance(value, Counted):
            return self.plural(value.key, value.plural_key, value.n, lang)
        if isinstance(value, Choices):
            from riskreg.words import ENUM_KINDS, WORDS

            kind = ENUM_KINDS.get(value.enum)
            if kind is None or not set(value.values) <= set(WORDS[kind]):
                return str(value)
            return ", ".join(self.text(WORDS[kind][v], lang) for v in value.values)
        if isinstance(value, Phrase):
            return self.text(value.key, lang, **dict(value.params))
        if isinstance(value, OsProblem):
            return self.text(OS_ERRORS.get(value.code, N_("os.other")), lang,
                             code=value.code or "?")
        return value

    def format(self, key: str, template: str, lang: str, params: dict[str, Any]) -> str:
        """``template`` (the text of ``key``) with ``params`` filled in; :class:`Term`,
        :class:`Counted` and :class:`OsProblem` parameters translated first."""
        values = {k: self._param(v, lang) for k, v in params.items()}
        try:
            return template.format(**values)
        except (KeyError, IndexError, ValueError, AttributeError) as exc:
            raise MessageError(f"message {key!r} ({lang}): {type(exc).__name__} {exc} "
                               f"with parameters {sorted(values)}") from None


#: the library's and the command line's messages
LIBRARY = Catalogue("riskreg", LOCALE_DIR)


def translate(key: str, lang: str | None = None, /, **params: Any) -> str:
    """The message ``key`` in ``lang`` (default: ``RISKREG_LANG``, else Swedish), formatted
    with ``params``."""
    return LIBRARY.text(key, lang, **params)


def translate_n(key: str, plural_key: str, n: int, lang: str | None = None, /,
                **params: Any) -> str:
    """The form of the message ``key`` for the number ``n`` ("1 ändring", "3 ändringar"),
    formatted with ``n`` and ``params``."""
    return LIBRARY.plural(key, plural_key, n, lang, **params)
