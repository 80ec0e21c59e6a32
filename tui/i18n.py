"""Words of the UI, all from the library's one catalogue (riskreg.messages), in the app's
language."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from textual._context import active_app
from textual.binding import Binding, BindingsMap
from textual.dom import DOMNode

import riskreg

DEFAULT_LANG = "sv"
_app_lang = DEFAULT_LANG  # the language of the app made last: for code outside its context


def set_app_language(lang: str) -> None:
    global _app_lang
    _app_lang = lang


def current_lang() -> str:
    """The language of the running app (of the last one made, in a worker thread)."""
    try:
        app = active_app.get()
    except LookupError:
        return _app_lang
    return str(getattr(app, "lang", _app_lang))


def t(key: str, /, **params: Any) -> str:
    """The catalogue entry ``key`` in the app's language."""
    return riskreg.translate(key, current_lang(), **params)


def word(kind: str, value: object) -> str:
    """A domain word, e.g. ``word("validity", Validity.APPLIES)``."""
    return riskreg.translate(f"{kind}.{value}", current_lang())


def localised(binding: Binding, lang: str | None = None) -> Binding:
    """``binding`` with catalogue keys in its description, tooltip and group replaced by text."""
    lang = lang or current_lang()

    def text(value: str) -> str:
        return riskreg.translate(value, lang) if value.startswith("tui.") else value

    group = binding.group
    return replace(
        binding, description=text(binding.description), tooltip=text(binding.tooltip),
        group=None if group is None else replace(group, description=text(group.description)),
    )


def localise_bindings(node: DOMNode, lang: str | None = None) -> None:
    """Show the node's bindings in the app's language.

    Bindings are declared once per class with catalogue keys ("tui.key.risks");
    each instance shows them in the language it runs in.
    """
    lang = lang or current_lang()
    node._bindings = BindingsMap.from_keys({
        key: [localised(b, lang) for b in bindings]
        for key, bindings in node._bindings.key_to_bindings.items()
    })
