"""What the read commands show, as documents: from the register, or from its read cache.

``risk list/show``, ``decision list/show`` and ``history`` print documents: a risk
as ``risk show --json`` gives it (the register's fields, what the register computes
from them, its links as :func:`riskreg.views.linked_items` lists them), a decision
likewise, history entries as stored. The text they print is made from the same
documents, so text and JSON cannot disagree.

:class:`Live` makes the documents from an open :class:`~riskreg.register.Register`
(through :mod:`riskreg.views`). For a register file, :func:`reading` gives a
:class:`Cached` source instead: the documents as the read cache beside the file
holds them (:mod:`riskreg.readcache`: made by :class:`Live`, found again by the file's
content), so a command reads one section of the cache instead of parsing the register
and building its models. Whatever the cache does not hold (a filter it cannot apply, a
section not made yet, a stale or damaged cache) comes from the register itself, and
the sections that were missing are then made for the next command. ``RISKREG_READ_CACHE=off``
leaves the cache alone (neither read nor made).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from riskreg.cli.core import State
    from riskreg.matrix import RiskMatrix
    from riskreg.readcache import ReadCache, Snapshot
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

    def risks(self, *, rendered: bool = False, **criteria: Any) -> list[Any]:
        """The risks ``Register.risks`` gives for ``criteria``, as ``risk list --json`` lists
        them (``rendered`` asks for JSON text where it is at hand: here, never)."""
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

    def decisions(self, *, rendered: bool = False, **criteria: Any) -> list[Any]:
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


# --- the read cache ----------------------------------------------------------------------------
#
# Sections: "meta" (the areas, the areas risks are in, the matrix), "index" (each risk's
# area), "risks:<area>" ({key: [risk document, reporters]}), "risks.json:<area>" ({key: the
# list document as JSON text}), "decisions" ({key: list document}), "decisions.json" (as
# JSON text), "decisions:<year>" ({key: show document} of the decisions of that year).

META, INDEX, DECISIONS = "meta", "index", "decisions"
OFF = ("off", "no", "0", "false")  # RISKREG_READ_CACHE: the read cache neither read nor made
JSON = ".json"  # a section of documents written as JSON (list documents, as dumps writes them)
ALL_AREAS = "*"  # in a missing section's name: every area's
RISK_OF = "area-of:"  # a missing section named by a risk's key (its area's)


def risks_section(area: str) -> str:
    return f"risks:{area}"


def decisions_section(key: str) -> str:
    """The section of decision ``key``'s show document: that of its year (KL-2022-07: 2022)."""
    return f"decisions:{key[3:7]}"


def json_section(name: str) -> str:
    """The section of ``name``'s list documents as JSON text (``risks.json:<area>``)."""
    kind, colon, rest = name.partition(":")
    return f"{kind}{JSON}{colon}{rest}"


class Cached:
    """The documents as the read cache holds them; what it does not hold, from the register
    (opened when first needed), noting the sections that were missing."""

    def __init__(self, state: State, snapshot: Snapshot, cache: ReadCache | None) -> None:
        self.state = state
        self.snapshot = snapshot
        self.cache = cache
        self.missing: set[str] = set()
        self._live: Live | None = None

    @property
    def live(self) -> Live:
        """The register itself, opened on first use."""
        if self._live is None:
            self._live = Live(self.state.open())
        return self._live

    def close(self) -> None:
        """Make the missing sections (when the register had to be opened and still is the
        file read), then close the register."""
        live, self._live = self._live, None
        if live is None:
            if self.cache is not None:
                self.cache.close()
            return
        try:
            if self.missing and not live.reg.has_outside_changes():
                made = make_sections(live, self.missing)
                if made:
                    from riskreg import readcache

                    readcache.write(self.snapshot, made, keep=self.cache)
        except Exception:  # the answer is given; a cache not made now is made by a later one
            pass
        finally:
            live.reg.close()
            if self.cache is not None:
                self.cache.close()

    def _section(self, name: str) -> Any | None:
        value = None if self.cache is None else self.cache.section(name)
        if value is None:
            self.missing.add(name)
        return value

    @property
    def _meta(self) -> Mapping[str, Any] | None:
        return self._section(META)

    @property
    def words(self) -> MatrixWords:
        meta = self._meta
        return MatrixWords(meta["matrix"]) if meta is not None else self.live.words

    def today(self) -> date:
        from riskreg.clock import current_day

        return current_day()

    def risks(self, *, rendered: bool = False, **criteria: Any) -> list[Any]:
        """As :meth:`Live.risks`; with ``rendered``, for a JSON document only: each risk as
        JSON text where the cache holds it."""
        area, status, needs_review = (criteria.pop(k, None)
                                      for k in ("area", "status", "needs_review"))
        simple = all(v is None for v in criteria.values())
        meta = self._meta
        if meta is None and simple:
            self.missing.add(risks_section(area if area is not None else ALL_AREAS))
        if meta is None or not simple or (area is not None and area not in meta["areas"]):
            return self.live.risks(area=area, status=status, needs_review=needs_review,
                                   **criteria)
        names = [risks_section(a) for a in ([area] if area is not None else meta["risk_areas"])]
        if status is None and needs_review is None and rendered:
            parts = [self._section(json_section(name)) for name in names]
            if all(part is not None for part in parts):
                from riskreg.cli_output import Rendered

                texts = {key: text for part in parts if part is not None
                         for key, text in part.items()}
                return [Rendered(texts[key]) for key in sorted(texts)]
        sections = [self._section(name) for name in names]
        if any(section is None for section in sections):
            return self.live.risks(area=area, status=status, needs_review=needs_review)
        found = {key: doc for section in sections if section is not None
                 for key, (doc, _who) in section.items()
                 if (status is None or doc["status"] == str(status))
                 and (needs_review is None or doc["needs_review"] is needs_review)}
        return [list_document(found[key]) for key in sorted(found)]

    def risk(self, key: str) -> tuple[Document, list[str]]:
        index = self._section(INDEX)
        if index is None:
            self.missing.add(f"{RISK_OF}{key}")
        area = None if index is None else index.get(key)
        section = None if area is None else self._section(risks_section(area))
        if section is None or key not in section:
            return self.live.risk(key)
        doc, reporters = section[key]
        return doc, reporters

    def decisions(self, *, rendered: bool = False, **criteria: Any) -> list[Any]:
        validity = criteria.pop("validity", None)
        if any(v is not None for v in criteria.values()):
            return self.live.decisions(validity=validity, **criteria)
        section = self._section(DECISIONS)
        if section is None:
            return self.live.decisions(validity=validity)
        keys = [key for key in sorted(section)
                if validity is None or section[key]["validity"] == str(validity)]
        texts = self._section(json_section(DECISIONS)) if rendered else None
        if texts is not None:
            from riskreg.cli_output import Rendered

            return [Rendered(texts[key]) for key in keys]
        return [section[key] for key in keys]

    def decision(self, key: str) -> Document:
        section = self._section(decisions_section(key)) if key.startswith("KL-") else None
        if section is None or key not in section:
            return self.live.decision(key)
        doc: Document = section[key]
        return doc

    def exists(self, key: str) -> bool:
        index = self._section(INDEX)
        if index is not None and key in index:
            return True
        decisions = self._section(DECISIONS) if index is not None else None
        if decisions is None:
            return self.live.exists(key)
        return key in decisions

    def require(self, key: str) -> None:
        if not self.exists(key):
            self.live.require(key)

    def history(self, key: str | None = None) -> list[Document]:
        """The history log, read as far as the file read acknowledges it (once the cache
        shows the file opened as a register: otherwise from the register, which says what
        is wrong with it)."""
        if self._meta is None or self.snapshot.header is None:
            return self.live.history(key)
        from riskreg.history_log import log_path, read_entries

        entries = read_entries(log_path(self.snapshot.path), self.snapshot.history_bytes, key)
        return [stored_entry(e) for e in entries]


def list_document(doc: Mapping[str, Any]) -> Document:
    """A show document as the list shows it (without its links)."""
    return {k: v for k, v in doc.items() if k != "links"}


def make_sections(live: Live, names: set[str]) -> dict[str, bytes]:
    """The sections ``names`` (and the index), encoded, made from the register; none if an
    item in them does not read (the commands that need it say what is wrong)."""
    from riskreg import views
    from riskreg.cli_output import dumps_plain
    from riskreg.errors import RiskregError
    from riskreg.readcache import encode

    reg = live.reg
    try:
        areas: dict[str, str] = {row.key: row.area for row in views.risk_summaries(reg)}
        made: dict[str, Any] = {
            META: {"areas": [c.key for c in reg.categories()],
                   "risk_areas": sorted(set(areas.values())), "matrix": live.words.doc},
            INDEX: areas,
        }
        wanted: set[str] = set()
        for name in names - {META, INDEX}:
            name = name.replace(JSON, "")
            if name == risks_section(ALL_AREAS):
                wanted.update(risks_section(area) for area in set(areas.values()))
            elif name.startswith(RISK_OF):
                key = name.removeprefix(RISK_OF)
                if key in areas:
                    wanted.add(risks_section(areas[key]))
            else:
                wanted.add(name)
        decisions: list[Any] | None = None
        for name in sorted(wanted):
            if name == DECISIONS or name.startswith("decisions:"):
                from riskreg.cli_output import decision_json

                decisions = reg.decisions() if decisions is None else decisions
            if name == DECISIONS:
                docs = {d.key: decision_json(d) for d in decisions or ()}
                made[name] = docs
                made[json_section(name)] = {
                    key: dumps_plain(doc) for key, doc in docs.items()}
            elif name.startswith("decisions:"):
                made[name] = {d.key: live.decision(d.key) for d in decisions or ()
                              if decisions_section(d.key) == name}
            elif name.startswith("risks:"):
                area = name.removeprefix("risks:")
                risks = {key: live.risk(key) for key, where in sorted(areas.items())
                         if where == area}
                made[name] = risks
                made[json_section(name)] = {
                    key: dumps_plain(list_document(doc)) for key, (doc, _who) in risks.items()}
    except (RiskregError, KeyError, TypeError, ValueError):
        return {}
    return {name: encode(value) for name, value in made.items()}


@contextmanager
def reading(state: State) -> Iterator[Live | Cached]:
    """The documents of the register at ``--db``: from the read cache of a register file
    where it holds them, else from the register."""
    from riskreg.locations import is_url

    snapshot = None
    if not is_url(state.db) and os.environ.get("RISKREG_READ_CACHE", "").lower() not in OFF:
        from riskreg.readcache import ReadCache, Snapshot

        try:
            snapshot = Snapshot(state.db)
        except OSError:
            snapshot = None  # no file there (or it kept changing): the register says what
    if snapshot is None:
        with state.open() as reg:
            yield Live(reg)
        return
    source = Cached(state, snapshot, ReadCache.find(snapshot))
    try:
        yield source
    except BaseException:
        live, source._live = source._live, None
        if live is not None:
            live.reg.close()
        if source.cache is not None:
            source.cache.close()
        raise
    source.close()


__all__ = ["Cached", "Live", "MatrixWords", "entry", "list_document", "make_sections",
           "reading", "stored_entry"]
