"""click's own words (the usage line, section headings, its usage errors, ``--help``) in the
user's language.

click marks its texts for gettext: each of its modules does ``from gettext import gettext as
_`` (and ``ngettext``). :func:`install` gives those names the functions below, which look a
text up in riskreg's catalogue of click's messages
(``riskreg/locale/sv/LC_MESSAGES/click.po``: msgid = click's English text, as click wrote
it; English needs no catalogue) in the language of the command being run (``--lang``,
``RISKREG_LANG``). Only names still bound to the standard library's functions are replaced,
and only in click's modules. ``tests/test_messages.py`` compares the catalogue with the texts
the installed click marks, so a new click with new texts fails the tests, not the user.
"""

from __future__ import annotations

import gettext as stdlib
import importlib

from riskreg.messages import LOCALE_DIR, Catalogue, MessageError

CLICK = Catalogue("click", LOCALE_DIR)
#: click's modules that mark texts for translation
MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "shell_completion",
           "termui", "types", "utils", "_termui_impl")


def _lang() -> str:
    from riskreg.cli.core import current_lang

    return current_lang()


def click_gettext(message: str) -> str:
    """click's ``message`` in the language of the running command."""
    lang = _lang()
    if lang == "en":
        return message
    try:
        return CLICK.template(message, lang)
    except MessageError:  # a text of a newer click (the tests catch it): its own words
        return message


def click_ngettext(singular: str, plural: str, n: int) -> str:
    """click's ``singular``/``plural`` for ``n`` in the language of the running command."""
    lang = _lang()
    if lang == "en":
        return singular if n == 1 else plural
    try:
        return CLICK.plural_template(singular, plural, n, lang)
    except MessageError:
        return singular if n == 1 else plural


def install() -> None:
    """Let click's modules ask :func:`click_gettext` for their texts (idempotent)."""
    for name in MODULES:
        try:
            module = importlib.import_module(f"click.{name}")
        except ImportError:  # pragma: no cover - a module of another click version
            continue
        if getattr(module, "_", None) is stdlib.gettext:
            module._ = click_gettext  # type: ignore[attr-defined]
        if getattr(module, "ngettext", None) is stdlib.ngettext:
            module.ngettext = click_ngettext  # type: ignore[attr-defined]


__all__ = ["CLICK", "click_gettext", "click_ngettext", "install"]
