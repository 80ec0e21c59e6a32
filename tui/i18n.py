"""Words of the UI in the app's language: the UI's own catalogue (``tui/locale/<lang>/
LC_MESSAGES/tui.po``, ids ``tui.*``), falling back to the library's (statuses, errors...).

Key bindings are declared once per class with message ids as their description and
tooltip (``Binding("2", "show('risks')", N_("tui.key.risks"), tooltip=N_("tui.tip.risks"),
id="show-risks")``); what shows a binding (the footer, the help, the palette) words it with
:func:`binding_text` when it draws it. Nothing of Textual's private API is touched: the
language is the app's, set when it is made and when it starts (:func:`set_app_language`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.binding import Binding

from riskreg.messages import LIBRARY, Catalogue
from riskreg.messages import N_ as N_  # for the UI's modules: from tui.i18n import N_
from riskreg.messages import Nn_ as Nn_
from riskreg.words import word_id

#: the review UI's messages; what it shares with the library comes from the library's
UI = Catalogue("tui", Path(__file__).resolve().parent / "locale", fallback=LIBRARY)

DEFAULT_LANG = "sv"
_app_lang = DEFAULT_LANG  # the language of the app running (one app runs at a time)

#: Textual's own bindings worth showing, worded by the catalogue (by their action); the
#: others of Textual's widgets are never shown (their words are Textual's English)
TEXTUAL_WORDS = {
    "dismiss": (N_("tui.key.close_list"), N_("tui.tip.close_list")),
}


def set_app_language(lang: str) -> None:
    """Make ``lang`` the language of the UI's words (the app does, when made and started)."""
    global _app_lang
    _app_lang = lang


def current_lang() -> str:
    """The language of the running app."""
    return _app_lang


def t(key: str, /, **params: Any) -> str:
    """The message ``key`` in the app's language."""
    return UI.text(key, current_lang(), **params)


def tn(key: str, plural_key: str, n: int, /, **params: Any) -> str:
    """The form of the message ``key`` for the number ``n`` in the app's language."""
    return UI.plural(key, plural_key, n, current_lang(), **params)


def word(kind: str, value: object, /, **params: Any) -> str:
    """A domain word, e.g. ``word("validity", Validity.APPLIES)`` (:mod:`riskreg.words`)."""
    return UI.text(word_id(kind, value), current_lang(), **params)


def declared_bindings(node: object) -> list[Binding]:
    """The bindings ``node``'s classes declare in ``BINDINGS``, the app's own ones (with an
    id) first declared first, one per key (a subclass's replaces its base's)."""
    by_key: dict[str, Binding] = {}
    for cls in reversed(type(node).__mro__):
        declared = cls.__dict__.get("BINDINGS")
        if declared:
            for binding in Binding.make_bindings(declared):
                by_key.pop(binding.key, None)
                by_key[binding.key] = binding
    return list(by_key.values())


def is_ours(binding: Binding) -> bool:
    """Whether the binding is worded by the catalogue (the app's own, or one of Textual's
    that :data:`TEXTUAL_WORDS` words)."""
    return binding.description.startswith("tui.") or binding.action in TEXTUAL_WORDS


def binding_text(binding: Binding) -> tuple[str, str]:
    """The binding's description and tooltip in the app's language."""
    description, tooltip = binding.description, binding.tooltip
    if binding.action in TEXTUAL_WORDS and not description.startswith("tui."):
        description, tooltip = TEXTUAL_WORDS[binding.action]
    return (t(description) if description.startswith("tui.") else description,
            t(tooltip) if tooltip.startswith("tui.") else tooltip)
