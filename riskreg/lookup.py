"""One question to a register's store, without reading the whole register.

:meth:`Register.open <riskreg.register.Register.open>` reads every table: on a server,
10,000 risks, 1,000 decisions and their links come over the connection and are kept,
most of a second before the first answer. A one-off command that lists one area's risks
needs the area's rows, the matrix, the areas and who is asking. :class:`Lookup` asks
the store for just those (:meth:`~riskreg.storage.Store.find`, ``get``, ``header``; on a
server, queries on the indexed fields) and answers by the register's rules, the same
functions :class:`~riskreg.register.Register` uses: the same risks in the same order
(those the person working may read, :func:`riskreg.access.readable`), each checked
against the matrix as the register checks a stored risk, with the same value, level
and next review.

It holds no content between questions and changes nothing; anything else is a question
for the register.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from riskreg.errors import NotFoundError, ValidationError
from riskreg.errors import choice as _choice
from riskreg.messages import phrase

if TYPE_CHECKING:
    import os

    from riskreg.matrix import LevelBand, RiskMatrix
    from riskreg.model import Category, Person, Risk, RiskStatus
    from riskreg.organisations import Directory
    from riskreg.storage import Store


class Lookup:
    """Questions about a register, each answered from the store (see the module doc)."""

    def __init__(self, store: Store, *, today: Callable[[], date] | None = None) -> None:
        from riskreg.clock import current_day
        from riskreg.model import Category
        from riskreg.serialize import from_doc, matrix_from_doc
        from riskreg.storage import CATEGORIES

        self._store = store
        self._today = today or current_day
        header = store.header()
        self.name = header.name
        self.matrix: RiskMatrix = matrix_from_doc(dict(header.matrix) or None)
        self._categories = {key: from_doc(doc, Category)  # in the store's order, as listed
                            for key, doc in store.find(CATEGORIES).items()}
        self._me: Person | None = None
        self._directory: Directory | None = None
        self._who_loaded = False

    @classmethod
    def open(cls, location: str | os.PathLike[str], *,
             today: Callable[[], date] | None = None) -> Lookup:
        """A lookup on the register at ``location`` (a file path or a ``postgresql://`` URL)."""
        from riskreg.storage import open_store

        store = open_store(location)
        try:
            return cls(store, today=today)
        except BaseException:
            store.close()
            raise

    def __enter__(self) -> Lookup:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._store.close()

    # --- what the register computes (as Register does) -------------------------------------
    def today(self) -> date:
        return self._today()

    def category(self, key: str) -> Category:
        """A risk area (NotFoundError, worded as the register words it)."""
        if key not in self._categories:
            raise NotFoundError("error.unknown_area", area=key,
                                known=", ".join(self._categories))
        return self._categories[key]

    def value(self, risk: Risk, residual: bool = True) -> int:
        return self.matrix.value(risk.rating if residual else risk.inherent)

    def level(self, risk: Risk, residual: bool = True) -> LevelBand:
        return self.matrix.level(risk.rating if residual else risk.inherent)

    def next_review_due(self, risk: Risk) -> date:
        from riskreg.checks import next_review_due

        return next_review_due(risk, self.matrix)

    @property
    def me(self) -> Person | None:
        """The person working, as :attr:`Register.me <riskreg.register.Register.me>`: on a
        server register, the person of the login; None where everything may be read."""
        self._load_who()
        return self._me

    # --- risks ------------------------------------------------------------------------------
    def risks(self, *, area: str | None = None, status: RiskStatus | str | None = None
              ) -> list[Risk]:
        """The risks ``Register.risks(area=..., status=...)`` gives, asked of the store."""
        from riskreg.access import readable
        from riskreg.model import Risk, RiskStatus
        from riskreg.serialize import from_doc
        from riskreg.storage import RISKS

        equal: dict[str, str] = {}
        if area is not None:
            self.category(area)
            equal["area"] = area
        if status is not None:
            equal["status"] = str(_choice(RiskStatus, status))
        found = []
        me = self.me
        for key, doc in sorted(self._store.find(RISKS, **equal).items()):
            try:
                risk = from_doc(doc, Risk)
                self.matrix.check(risk.inherent)  # a hand-edited likelihood 9 on a 4x4 matrix
                if risk.residual is not None:
                    self.matrix.check(risk.residual)
            except ValidationError as exc:
                raise self._store.damaged(phrase("corrupt.invalid_record", key=key,
                                                 problem=exc.phrase())) from None
            if me is not None:
                assert self._directory is not None
                if not readable(me, risk, self._directory):
                    continue
            found.append(risk)
        return found

    def _load_who(self) -> None:
        if self._who_loaded:
            return
        from riskreg.model import Organisation, Person
        from riskreg.organisations import Directory
        from riskreg.serialize import from_doc
        from riskreg.storage import ORGANISATIONS, PEOPLE

        login = self._store.current_login()
        doc = self._store.get(PEOPLE, login) if login is not None else None
        if doc is not None:
            try:
                self._me = from_doc(doc, Person)
            except ValidationError:  # a record riskreg cannot read: the server still decides
                self._me = None
        if self._me is not None:
            orgs = [from_doc(d, Organisation)
                    for _k, d in sorted(self._store.find(ORGANISATIONS).items())]
            self._directory = Directory(orgs)
        self._who_loaded = True




__all__ = ["Lookup"]
