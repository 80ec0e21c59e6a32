"""Bidirectional control characters: refused in new text, neutralised in everything shown.

A right-to-left override (U+202E) at the start of a title makes a browser or a
terminal draw the rest of the line backwards, the text generated after the title
included ("(Hög 9, identifierad, …)" comes out reversed). The embeddings, overrides
and isolates (U+202A–U+202E, U+2066–U+2069) and the invisible direction marks
(U+200E, U+200F, U+061C) are the characters that do this; letters of right-to-left
scripts do not need them (HTML isolates each value instead, see the report templates).

- New text holding one is refused where it enters the register (the register's
  changes, its creation, the history's why and user): :func:`refuse`.
- Text already stored with one (an older file, a hand edit) still opens: the models
  accept it, and every output neutralises it: :func:`neutral` drops the controls
  (Markdown, CSV, XLSX, HTML, the terminal), :func:`escape_json` writes them as
  ``\\u202e`` escapes in JSON, so the data is kept and nothing is reversed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from riskreg.errors import ValidationError

#: Every bidirectional formatting character of Unicode (UAX #9, "explicit formatting" and
#: the implicit marks).
CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_CONTROL = re.compile(f"[{CONTROLS}]")


def _holds_control(text: str) -> bool:
    # A substring test per control: free for text of Latin-1 letters only (å, ä, ö), which
    # cannot hold one; much faster than the pattern's scan of long output otherwise.
    return any(char in text for char in CONTROLS)


def find(text: str) -> str | None:
    """The first bidi control in ``text``, or None."""
    if not _holds_control(text):
        return None
    match = _CONTROL.search(text)
    return match.group() if match else None


def neutral(text: str) -> str:
    """``text`` without bidi controls (what a reader sees is the text in its stored order)."""
    return _CONTROL.sub("", text) if _holds_control(text) else text


def escape_json(text: str) -> str:
    """JSON text (``ensure_ascii=False``) with every bidi control written as a ``\\uXXXX``
    escape: the same JSON value, but no control reaches a terminal or an editor."""
    if not _holds_control(text):
        return text
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def error(field: str, char: str) -> ValidationError:
    """The refusal: which field, which character (named, never shown)."""
    return ValidationError("error.bidi_control", field=field, code=f"U+{ord(char):04X}")


def refuse(field: str, text: str) -> None:
    """Raise :func:`error` if ``text`` holds a bidi control."""
    char = find(text) if isinstance(text, str) else None
    if char is not None:
        raise error(field, char)


def strings(doc: Any, field: str = "") -> Iterator[tuple[str, str]]:
    """Every string in a document with the top-level field it sits in."""
    if isinstance(doc, str):
        yield field, doc
    elif isinstance(doc, dict):
        for key, value in doc.items():
            yield from strings(value, field or str(key))
    elif isinstance(doc, list | tuple):
        for value in doc:
            yield from strings(value, field)


def refuse_new(new: dict[str, Any], old: dict[str, Any] | None) -> None:
    """Refuse a bidi control in text that ``new`` holds and ``old`` did not (text stored
    before controls were refused may stay as it is while other fields change)."""
    kept: set[str] | None = None
    for field, text in strings(new):
        char = find(text)
        if char is None:
            continue
        if kept is None:
            kept = {t for _f, t in strings(old)} if old is not None else set()
        if text not in kept:
            raise error(field, char)


__all__ = ["CONTROLS", "error", "escape_json", "find", "neutral", "refuse", "refuse_new",
           "strings"]
