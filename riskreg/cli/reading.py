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
and building its models. A section the cache does not hold (not made yet; a stale or
damaged cache) is made from the register and used at once, then written for the next
command; a question no section answers (a filter the sections cannot apply, an item that
does not read) is answered by the register itself. ``RISKREG_READ_CACHE=off`` leaves the
cache alone (neither read nor made).

For a register on a server, :func:`reading` gives a :class:`Queried` source: a list of
risks filtered by area and status (the one-off question of a script) is asked of the
server through :class:`riskreg.lookup.Lookup` (the area's rows, not the whole
register); any other question opens the register.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from riskreg.cli.core import State
    from riskreg.lookup import Lookup
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
        self.summaries: list[tuple[str, str]] | None = None  # (key, area) of every risk

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


class Queried:
    """A register on a server: risks by area and status asked of the server (see the module
    doc); anything else answered by the register, opened when first needed."""

    def __init__(self, state: State) -> None:
        self.state = state
        self._lookup: Lookup | None = None
        self._live: Live | None = None

    @property
    def lookup(self) -> Lookup:
        """The server asked question by question, made on first use."""
        if self._lookup is None:
            from riskreg.cli.process import working
            from riskreg.lookup import Lookup

            working()  # the command's own work begins
            self._lookup = Lookup.open(self.state.db)
        return self._lookup

    @property
    def live(self) -> Live:
        """The register itself, opened on first use."""
        if self._live is None:
            self._live = Live(self.state.open())
        return self._live

    def close(self) -> None:
        if self._lookup is not None:
            self._lookup.close()
        if self._live is not None:
            self._live.reg.close()

    @property
    def words(self) -> MatrixWords:
        return self._live.words if self._live is not None else MatrixWords.of(
            self.lookup.matrix)

    def today(self) -> date:
        return self._live.today() if self._live is not None else self.lookup.today()

    def risks(self, *, rendered: bool = False, **criteria: Any) -> list[Any]:
        """As :meth:`Live.risks`: from the server's rows of the area when only ``area`` and
        ``status`` are asked for."""
        from riskreg.cli_output import risk_json

        if any(v is not None for k, v in criteria.items() if k not in ("area", "status")):
            return self.live.risks(**criteria)
        lookup = self.lookup
        return [risk_json(lookup, r) for r in lookup.risks(area=criteria.get("area"),
                                                           status=criteria.get("status"))]

    def risk(self, key: str) -> tuple[Document, list[str]]:
        return self.live.risk(key)

    def decisions(self, *, rendered: bool = False, **criteria: Any) -> list[Any]:
        return self.live.decisions(**criteria)

    def decision(self, key: str) -> Document:
        return self.live.decision(key)

    def exists(self, key: str) -> bool:
        return self.live.exists(key)

    def require(self, key: str) -> None:
        self.live.require(key)

    def history(self, key: str | None = None) -> list[Document]:
        return self.live.history(key)


# --- the read cache ----------------------------------------------------------------------------
#
# Sections (each made from the register when a command first needs it, and kept):
#   "meta"                 the areas, the areas risks are in, the matrix's words
#   "risks:<area>"         {key: list document} of the area's risks
#   "risks.json:<area>"    {key: list document as JSON text}
#   "risk:<n>"             {key: [show document, reporters]} of R-<n*50> to R-<n*50+49>
#   "decisions"            {key: list document}; "decisions.json": as JSON text
#   "decisions:<year>"     {key: show document} of that year's decisions

META, DECISIONS = "meta", "decisions"
OFF = ("off", "no", "0", "false")  # RISKREG_READ_CACHE: the read cache neither read nor made
JSON = ".json"  # a section of documents written as JSON (list documents, as dumps writes them)
RISKS_PER_SECTION = 50


def risks_section(area: str) -> str:
    return f"risks:{area}"


def risk_section(key: str) -> str | None:
    """The section of risk ``key``'s show document (by its number; None: not a risk key)."""
    digits = key[2:]
    return f"risk:{int(digits) // RISKS_PER_SECTION}" if (
        key.startswith("R-") and digits.isdigit()) else None


def decisions_section(key: str) -> str | None:
    """The section of decision ``key``'s show document: that of its year (KL-2022-07: 2022)."""
    year = key[3:7]
    return f"decisions:{year}" if key.startswith("KL-") and year.isdigit() else None


def json_section(name: str) -> str:
    """The section of ``name``'s list documents as JSON text (``risks.json:<area>``)."""
    kind, colon, rest = name.partition(":")
    return f"{kind}{JSON}{colon}{rest}"


class Cached:
    """The documents as the read cache holds them. A section it does not hold is made from
    the register (opened when first needed) and used at once, and the sections made are
    written to the cache at the end; a question the sections cannot answer (a filter they
    cannot apply, an item that does not read) is answered by the register itself."""

    def __init__(self, state: State, snapshot: Snapshot, cache: ReadCache | None) -> None:
        self.state = state
        self.snapshot = snapshot
        self.cache = cache
        self._live: Live | None = None
        self._made: dict[str, Any] = {}
        self._making = True  # False once the register could not make a section

    @property
    def live(self) -> Live:
        """The register itself, opened on first use."""
        if self._live is None:
            self._live = Live(self.state.open())
            if not self.snapshot.unchanged():  # the file changed since it was read: what the
                self._making = False  # cache holds, or sections made now, may not be mixed
                self._drop_cache()
        return self._live

    def _drop_cache(self) -> None:
        if self.cache is not None:
            self.cache.close()
            self.cache = None

    def close(self) -> None:
        """Write the sections made (when the file still is the one read), close the register
        and the cache."""
        live, self._live = self._live, None
        try:
            if live is not None and self._made and self._making \
                    and not live.reg.has_outside_changes():
                from riskreg import readcache

                readcache.write(self.snapshot, {name: readcache.encode(value) for name, value
                                                in self._made.items()}, keep=self.cache)
        except Exception:  # the answer is given; a cache not made now is made by a later one
            pass
        finally:
            if live is not None:
                live.reg.close()
            self._drop_cache()

    def _section(self, name: str) -> Any | None:
        """The section ``name``: from the cache, or made from the register (None: it
        cannot be made, the register answers instead)."""
        if name in self._made:
            return self._made[name]
        value = None if self.cache is None else self.cache.section(name)
        if value is None and self._making:
            value = self._make(name)
        return value

    def _make(self, name: str) -> Any | None:
        from riskreg.errors import RiskregError

        live = self.live
        if not self._making:
            return None
        try:
            value = make_section(self, live, name)
        except (RiskregError, KeyError, TypeError, ValueError):
            self._making = False  # e.g. a damaged record: the register's answer says so
            return None
        self._made[name] = value
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
        meta = self._meta if all(v is None for v in criteria.values()) else None
        if meta is None or (area is not None and area not in meta["areas"]):
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
                 for key, doc in section.items()
                 if (status is None or doc["status"] == str(status))
                 and (needs_review is None or doc["needs_review"] is needs_review)}
        return [found[key] for key in sorted(found)]

    def risk(self, key: str) -> tuple[Document, list[str]]:
        name = risk_section(key)
        section = None if name is None else self._section(name)
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
        name = decisions_section(key)
        section = None if name is None else self._section(name)
        if section is None or key not in section:
            return self.live.decision(key)
        doc: Document = section[key]
        return doc

    def exists(self, key: str) -> bool:
        name = risk_section(key) or decisions_section(key)
        section = None if name is None else self._section(name)
        if section is None:
            return self.live.exists(key)
        return key in section

    def require(self, key: str) -> None:
        if not self.exists(key):
            self.live.require(key)

    def history(self, key: str | None = None) -> list[Document]:
        """The history log, read as far as the file read acknowledges it (once the cache
        shows the file opened as a register: otherwise from the register, which says what
        is wrong with it)."""
        if self._meta is None or self.snapshot.header is None or not self._making:
            return self.live.history(key)
        from riskreg.history_log import log_path, read_entries

        entries = read_entries(log_path(self.snapshot.path), self.snapshot.history_bytes, key)
        return [stored_entry(e) for e in entries]


def list_document(doc: Mapping[str, Any]) -> Document:
    """A show document as the list shows it (without its links)."""
    return {k: v for k, v in doc.items() if k != "links"}


def make_section(source: Cached, live: Live, name: str) -> Any:
    """The section ``name`` made from the register (its list documents as JSON text from
    the list documents, wherever ``source`` has them)."""
    from riskreg import views
    from riskreg.cli_output import decision_json, dumps_plain, risk_json

    reg = live.reg
    if live.summaries is None:  # each risk's key and area, read once without the models
        live.summaries = [(row.key, row.area) for row in views.risk_summaries(reg)]
    if name == META:
        areas = sorted({area for _key, area in live.summaries})
        return {"areas": [c.key for c in reg.categories()], "risk_areas": areas,
                "matrix": live.words.doc}
    kind, _, rest = name.partition(":")
    if kind.endswith(JSON):
        docs = source._section(name.replace(JSON, ""))
        if docs is None:
            raise ValueError(name)
        return {key: dumps_plain(doc) for key, doc in docs.items()}
    if kind == "risks":
        keys = [key for key, area in live.summaries if area == rest]
        return {key: risk_json(reg, reg.risk(key)) for key in keys}
    if kind == "risk":
        keys = [key for key, _area in live.summaries if risk_section(key) == name]
        return {key: live.risk(key) for key in keys}
    if kind == DECISIONS and not rest:
        return {d.key: decision_json(d) for d in reg.decisions()}
    if kind == DECISIONS:
        return {d.key: live.decision(d.key) for d in reg.decisions()
                if decisions_section(d.key) == name}
    raise KeyError(name)


@contextmanager
def reading(state: State) -> Iterator[Live | Cached | Queried]:
    """The documents of the register at ``--db``: from the read cache of a register file
    where it holds them, from a server's rows for a list by area, else from the register."""
    from riskreg.locations import is_url

    if is_url(state.db):
        queried = Queried(state)
        try:
            yield queried
        finally:
            queried.close()
        return
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


__all__ = ["Cached", "Live", "MatrixWords", "Queried", "entry", "list_document", "make_section",
           "reading", "stored_entry"]
