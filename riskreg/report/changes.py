"""What changed in an item since a recipient's previous edition, field by field.

The previous edition's snapshot keeps a digest of each item as the recipient saw it
(:func:`riskreg.editions.item_digest`), not its content. :class:`PreviousContent` finds
that content again in the register's history: the newest document of the item whose
digest is the one in the snapshot (what the recipient saw, exactly). :func:`field_changes`
then lists the fields a report shows that differ, with their values before and after,
both cut of every key of an internal item as the rest of the report is.

Only fields a report shows are compared; the status of a risk and the validity of a
decision have lines of their own. A field of the report's own bookkeeping (revision,
review flags, acceptance) is never named.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from riskreg.editions import item_digest
from riskreg.register import Register
from riskreg.report.model import FieldChange
from riskreg.sharing import Redactor

#: The fields a report shows, by kind of item, in the order a change lists them.
SHOWN: dict[str, tuple[str, ...]] = {
    "risk": ("title", "area", "inherent", "residual", "owner", "description",
             "consequences", "actions", "scope", "reported_by"),
    "decision": ("title", "summary", "decided_on", "review_by", "target_groups",
                 "care_areas", "assessment", "scope"),
}


class PreviousContent:
    """Finds, in the history, the document of an item the recipient saw (by its digest);
    the history is read once, when first asked."""

    def __init__(self, register: Register) -> None:
        self._register = register
        self._docs: dict[str, list[Mapping[str, Any]]] | None = None
        self._found: dict[tuple[str, str], Mapping[str, Any] | None] = {}

    def doc(self, key: str, digest: str) -> Mapping[str, Any] | None:
        """The document of ``key`` whose digest is ``digest`` (None if the history has none
        left: a register copied without its history)."""
        found = (key, digest)
        if found not in self._found:
            self._found[found] = next(
                (d for d in reversed(self._by_key().get(key, [])) if item_digest(dict(d))
                 == digest), None)
        return self._found[found]

    def _by_key(self) -> dict[str, list[Mapping[str, Any]]]:
        if self._docs is None:
            from riskreg.errors import RiskregError

            docs: dict[str, list[Mapping[str, Any]]] = {}
            try:
                history = self._register.history()
            except RiskregError:  # a damaged history: changes are told without their fields
                history = []
            for change in history:
                if isinstance(change.after, dict) and "|" not in change.key:
                    docs.setdefault(change.key, []).append(change.after)
            self._docs = docs
        return self._docs


def field_changes(key: str, kind: str, before: Mapping[str, Any], after: Mapping[str, Any],
                  cut: Redactor) -> tuple[FieldChange, ...]:
    """The shown fields of ``key`` (a ``risk`` or ``decision``) that differ between the
    documents ``before`` and ``after``, each cut by ``cut``."""
    old, new = cut.doc(_plain(before)), cut.doc(_plain(after))
    return tuple(FieldChange(key, name, old.get(name), new.get(name))
                 for name in SHOWN[kind] if old.get(name) != new.get(name))


def _plain(doc: Mapping[str, Any]) -> dict[str, Any]:
    """A document as JSON has it (enums as their values), so stored and live ones compare."""
    import json

    return dict(json.loads(json.dumps(doc, ensure_ascii=False)))


__all__ = ["SHOWN", "PreviousContent", "field_changes"]
