"""Placeholder text is no reason: a why or a rationale must say something.

The history keeps who changed what and *why*; an assessment keeps what it rests on.
A why of ``…`` (as a README once showed it), ``-``, ``?``, ``TODO`` or ``xxx`` says
nothing and is refused. What counts as a placeholder: text without a single letter
or digit, or one of the stand-in words of :data:`PLACEHOLDER_WORDS` (whole text, any
case, punctuation around it ignored). An empty why stays allowed where a why is
optional (the library's methods); the forms and commands that require one ask for it.
"""

from __future__ import annotations

from riskreg.errors import ValidationError
from riskreg.messages import N_

#: Whole texts that stand in for a reason not written yet (compared casefolded, with the
#: punctuation and spaces around them removed).
PLACEHOLDER_WORDS = frozenset({
    "todo", "to do", "tbd", "tba", "tbc", "fixme", "xxx", "xx", "placeholder",
    "lorem ipsum", "att göra", "saknas", "fyll i", "fill in",
})

_AROUND = " \t\n.…,;:!?-–—_*/\\\"'”“‘’()[]<>"


def is_placeholder(text: str) -> bool:
    """Whether non-empty ``text`` only holds a place for a reason (see the module)."""
    stripped = text.strip()
    if not stripped:
        return False
    if not any(ch.isalnum() for ch in stripped):
        return True
    return " ".join(stripped.strip(_AROUND).casefold().split()) in PLACEHOLDER_WORDS


def refuse_placeholder(kind: str, text: str) -> None:
    """Refuse a placeholder as a why (``kind="why"``) or a rationale (``"rationale"``)."""
    if isinstance(text, str) and is_placeholder(text):
        shown = text.strip()
        raise ValidationError(_REFUSALS[kind],
                              value=shown if len(shown) <= 40 else shown[:37] + "...")


#: what a placeholder is refused as
_REFUSALS = {"why": N_("error.placeholder.why"), "rationale": N_("error.placeholder.rationale")}


__all__ = ["PLACEHOLDER_WORDS", "is_placeholder", "refuse_placeholder"]
