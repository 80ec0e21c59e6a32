"""Scopes as people write them: ``alla``, ``region``, ``kommunalförbund:Fyrbodal``,
``municipalities:1487,Partille``.

One vocabulary for every place that reads a scope from text (the command line's
``--scope``, the CSV/XLSX import, a municipality's submission) and for the help
texts and error messages that explain it, so every word a help text documents is
accepted, in Swedish and in English.
"""

from __future__ import annotations

import re

from riskreg.errors import RiskregError, ValidationError
from riskreg.messages import Term
from riskreg.model import Scope, ScopeKind
from riskreg.organisations import Directory
from riskreg.words import word_id

#: The words for each kind, the canonical (English key) first, then English, then Swedish.
SCOPE_WORDS: dict[ScopeKind, tuple[str, ...]] = {
    ScopeKind.ALL: ("all", "all parties", "everyone", "alla", "alla parter"),
    ScopeKind.REGION: ("region", "the region", "regionen", "vgr"),
    ScopeKind.ASSOCIATION: (
        "association", "municipal association", "kommunalförbund", "förbund",
    ),
    ScopeKind.CARE_AREA: (
        "care_area", "care area", "area", "vårdsamverkansområde", "delregion",
        "vårdsamverkan",
    ),
    ScopeKind.MUNICIPALITIES: ("municipalities", "municipality", "kommuner", "kommun"),
}

#: The word shown in help texts and messages, per language.
_SHOWN = {
    "sv": {
        ScopeKind.ALL: "alla", ScopeKind.REGION: "region",
        ScopeKind.ASSOCIATION: "kommunalförbund:NAMN",
        ScopeKind.CARE_AREA: "vårdsamverkansområde:NAMN",
        ScopeKind.MUNICIPALITIES: "kommuner:KOD,KOD",
    },
    "en": {
        ScopeKind.ALL: "all", ScopeKind.REGION: "region",
        ScopeKind.ASSOCIATION: "association:NAME",
        ScopeKind.CARE_AREA: "care-area:NAME",
        ScopeKind.MUNICIPALITIES: "municipalities:CODE,CODE",
    },
}


def _normal(word: str) -> str:
    return " ".join(word.strip().casefold().replace("-", " ").replace("_", " ").split())


_KINDS = {_normal(word): kind for kind, words in SCOPE_WORDS.items() for word in words}


def scope_kind(word: str) -> ScopeKind | None:
    """The kind a word names (any case, ``-``/``_``/space alike), or None."""
    return _KINDS.get(_normal(word))


def scope_forms(lang: str) -> str:
    """The forms a scope is written in, for help texts: ``alla, region, kommunalförbund:NAMN…``."""
    shown = _SHOWN.get(lang, _SHOWN["sv"])
    forms = [shown[kind] for kind in ScopeKind]
    return ", ".join(forms)


def split_scope(text: str) -> tuple[ScopeKind, tuple[str, ...]]:
    """The kind and the names of a scope as written; ValidationError (``error.bad_scope``) if it
    is not one. Names are not checked against the organisations here (see parse_scope)."""
    head, sep, rest = text.partition(":")
    kind = scope_kind(head)
    names = tuple(n.strip() for n in re.split(r"[,;\n]", rest) if n.strip()) if sep else ()
    if kind is None or (kind in (ScopeKind.ALL, ScopeKind.REGION)) == bool(names):
        raise ValidationError("error.bad_scope", value=text[:80])
    return kind, names


def parse_scope(text: str, directory: Directory) -> Scope:
    """A scope from text, its names checked against ``directory``: municipalities by code or
    name (stored as codes), associations and care areas in their known spelling."""
    kind, names = split_scope(text)
    found = list(names)
    if kind is ScopeKind.MUNICIPALITIES:
        found = [directory.get(n).code for n in names]
    elif kind in (ScopeKind.ASSOCIATION, ScopeKind.CARE_AREA):
        known = directory.associations() if kind is ScopeKind.ASSOCIATION else (
            directory.care_areas())
        spelled = {k.casefold(): k for k in known}
        for i, name in enumerate(names):
            if name.casefold() not in spelled:
                raise ValidationError("error.unknown_scope_name", kind=Term(word_id("scope_kind",
                                                                                    kind)),
                                      name=name)
            found[i] = spelled[name.casefold()]
    try:
        return Scope(kind, tuple(found))
    except RiskregError:
        raise
    except (TypeError, ValueError) as exc:  # pragma: no cover - Scope validates its own fields
        raise ValidationError("error.bad_scope", value=text[:80]) from exc


__all__ = ["SCOPE_WORDS", "parse_scope", "scope_forms", "scope_kind", "split_scope"]
