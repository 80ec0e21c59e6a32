"""What the read commands show, as documents: from the register, or from its read cache.

``risk list/show``, ``decision list/show`` and ``history`` print documents: a risk
as ``risk show --json`` gives it (the register's fields, what the register computes
from them, its links as :func:`riskreg.views.linked_items` lists them), a decision
likewise, history entries as stored. The text they print is made from the same
documents, so text and JSON cannot disagree. :class:`Live` makes the documents
from an open :class:`~riskreg.register.Register` (through :mod:`riskreg.views`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from riskreg.cli.core import State
    from riskreg.matrix import RiskMatrix
    from riskreg.register import Register

Document = dict[str, Any]


class MatrixWords:
    """The words of a register's matrix for showing ratings: each level's name, each step's.

    Made from the matrix as stored (:func:`riskreg.serialize.matrix_to_doc`), so that a
    document's level keys and rating steps can be worded without the matrix model.
    """

    def __init__(self, doc: Mapping[str, Any]) -> None:
        self.doc = doc
        self._bands = {band["key"]: band for band in doc["bands"]}

    @classmethod
    def of(cls, matrix: RiskMatrix) -> MatrixWords:
        from riskreg.serialize import matrix_to_doc

        return cls(matrix_to_doc(matrix))

    def band_label(self, key: str, lang: str) -> str:
        band = self._bands[key]
        return str(band["name_en"] if lang == "en" else band["name"])

    def band_for(self, value: int) -> str:
        """The key of the level band ``value`` falls in."""
        for band in self.doc["bands"]:
            if band["low"] <= value <= band["high"]:
                return str(band["key"])
        raise KeyError(value)

    def likelihood_name(self, step: int, lang: str) -> str:
        return self._name("likelihood", step, lang)

    def impact_name(self, step: int, lang: str) -> str:
        return self._name("impact", step, lang)

    def _name(self, scale: str, step: int, lang: str) -> str:
        names = self.doc.get(f"{scale}_en") if lang == "en" else None
        return str((names or self.doc[scale])[step - 1])


def entry(change: Any) -> Document:
    """A history entry as the read commands take it (``at`` a datetime)."""
    return {"seq": change.seq, "at": change.at, "user": change.user, "action": change.action,
            "key": change.key, "why": change.why, "before": change.before,
            "after": change.after}


def stored_entry(doc: Mapping[str, Any]) -> Document:
    """A history entry as stored (``at`` ISO text), as the read commands take it."""
    return {"seq": doc["seq"], "at": datetime.fromisoformat(doc["at"]), "user": doc["user"],
            "action": doc["action"], "key": doc["key"], "why": doc.get("why", ""),
            "before": doc.get("before"), "after": doc.get("after")}


class Live:
    """The documents of an open register, made when asked for."""

    def __init__(self, reg: Register) -> None:
        self.reg = reg
        self.words = MatrixWords.of(reg.matrix)

    def today(self) -> date:
        return self.reg.today()

    def risks(self, **criteria: Any) -> list[Document]:
        """The risks ``Register.risks`` gives for ``criteria``, as ``risk list --json`` lists
        them."""
        from riskreg.cli_output import risk_json

        return [risk_json(self.reg, r) for r in self.reg.risks(**criteria)]

    def risk(self, key: str) -> tuple[Document, list[str]]:
        """A risk as ``risk show --json`` gives it (without its history), and who reported it
        in words (``Partille (1402)``)."""
        from riskreg import views
        from riskreg.cli_output import risk_json

        detail = views.risk_detail(self.reg, key)
        directory = self.reg.directory
        reporters = [f"{name} ({code})" if code in directory else code
                     for code, name in zip(detail.risk.reported_by, detail.reported_by,
                                           strict=True)]
        return risk_json(self.reg, detail.risk, links=detail.links), reporters

    def decisions(self, **criteria: Any) -> list[Document]:
        from riskreg.cli_output import decision_json

        return [decision_json(d) for d in self.reg.decisions(**criteria)]

    def decision(self, key: str) -> Document:
        """A decision as ``decision show --json`` gives it (without its history)."""
        from riskreg import views
        from riskreg.cli_output import decision_json

        decision = self.reg.decision(key)
        return decision_json(decision, links=views.linked_items(self.reg, key))

    def exists(self, key: str) -> bool:
        """Whether ``key`` is a risk or a decision of the register."""
        return key in self.reg

    def require(self, key: str) -> None:
        """Raise :class:`~riskreg.errors.NotFoundError` unless ``key`` is an item."""
        self.reg.get(key)

    def history(self, key: str | None = None) -> list[Document]:
        """The recorded changes (of ``key``), oldest first."""
        return [entry(c) for c in self.reg.history(key)]


@contextmanager
def reading(state: State) -> Iterator[Live]:
    """The documents of the register at ``--db``."""
    with state.open() as reg:
        yield Live(reg)


__all__ = ["Live", "MatrixWords", "entry", "reading", "stored_entry"]
