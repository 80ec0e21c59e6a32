"""The contract between a register and its store, and the choice of store by location.

A :class:`~riskreg.register.Register` keeps its content in memory as documents
(plain JSON-able dicts, made by :mod:`riskreg.serialize`) in named tables, each
document found by its key. Everything it needs of storage is the :class:`Store`
protocol below; two stores implement it:

- the **file store** (:mod:`riskreg.store`, the embedded default): one TinyDB
  JSON file with a lock file, backups and an append-only history beside it;
- the **server store** (:mod:`riskreg.server.store`): PostgreSQL, shared by many
  clients, chosen by a ``postgresql://`` URL wherever a path is taken.

What the contract promises (and the contract suite checks for every store: the store itself
in ``tests/test_storage_contract.py``; through the register in ``tests/test_register.py``,
``tests/test_store.py``, ``tests/test_trust_storage.py`` and the fault suite, each test run
once per store):

- :meth:`Store.load` gives the whole content as of one :class:`Version`;
- :meth:`Store.transaction` gives exclusive write access to the register: inside
  it, :meth:`Transaction.changes_since` tells what other writers committed since
  a version (so the register validates a change against the current content),
  and :meth:`Transaction.commit` makes a set of document writes and their history
  entries durable together, or not at all, before it returns;
- :meth:`Store.changes_since` outside a transaction tells a reader what changed,
  so a long-lived client (the UI, a script) reloads only that;
- the history is append-only; :meth:`Store.history` reads all of it or one key's;
- a version is opaque: equal versions mean equal content;
- :meth:`Store.seen` / :meth:`Store.mark_seen` keep the working person's "last seen" mark
  beside the register's content (never part of it).

No file detail (paths of locks and backups, TinyDB's layout, byte offsets) and
no SQL leaves its store.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from typing import Any, Protocol

import attrs

from riskreg.locations import is_url

Document = dict[str, Any]

#: The tables of a register, each with the function that gives a document's key.
CATEGORIES, ORGANISATIONS, RISKS, DECISIONS, LINKS = (
    "categories", "organisations", "risks", "decisions", "links",
)
EDITIONS, SNAPSHOTS, RETIRED = "editions", "snapshots", "retired"
PEOPLE, NOTES = "people", "notes"  # the server's people (access) and their notes
CONTACTS, DELIVERIES = "contacts", "deliveries"  # who the status goes to; what reached them
#: Tables every register has from its creation.
CORE_TABLES = (CATEGORIES, ORGANISATIONS, RISKS, DECISIONS, LINKS)
#: Tables made when first needed (the export log; keys of removed items; people and notes;
#: the contacts the status goes to and the log of what was delivered to them).
LATER_TABLES = (EDITIONS, SNAPSHOTS, RETIRED, PEOPLE, NOTES, CONTACTS, DELIVERIES)
TABLES = CORE_TABLES + LATER_TABLES


def link_key(doc: Mapping[str, Any]) -> str:
    """A link's key: ``source|relation|target``."""
    return f"{doc['source']}|{doc['relation']}|{doc['target']}"


def edition_key(number: int) -> str:
    """An edition's key in the log and the history: ``edition-000003``."""
    return f"edition-{number:06d}"


def _field(name: str) -> Callable[[Mapping[str, Any]], str]:
    def key_of(doc: Mapping[str, Any]) -> str:
        value = doc[name]
        if not isinstance(value, str):
            raise TypeError(f"{name} {value!r}")
        return value

    return key_of


def _edition(doc: Mapping[str, Any]) -> str:
    number = doc["number"]
    if not isinstance(number, int) or isinstance(number, bool):
        raise TypeError(f"edition {number!r}")
    return edition_key(number)


def _delivery(doc: Mapping[str, Any]) -> str:
    kind, serial, address = doc["kind"], doc["serial"], doc["address"]
    if not (isinstance(kind, str) and isinstance(address, str) and isinstance(serial, int)):
        raise TypeError(f"delivery {kind!r} {serial!r} {address!r}")
    return f"{kind}|{serial:06d}|{address}"


KEY_OF: dict[str, Callable[[Mapping[str, Any]], str]] = {
    CATEGORIES: _field("key"),
    ORGANISATIONS: _field("code"),
    RISKS: _field("key"),
    DECISIONS: _field("key"),
    LINKS: link_key,
    EDITIONS: _edition,
    SNAPSHOTS: _field("id"),
    RETIRED: _field("key"),
    PEOPLE: _field("login"),
    NOTES: _field("id"),
    CONTACTS: _field("key"),
    DELIVERIES: _delivery,
}


@attrs.frozen
class Version:
    """Which committed state of a register something was read at.

    ``revision`` counts the commits (shown to users as the register's version);
    ``token`` is what the store needs to tell two states apart (the file store: the
    file's identity on disk). Equal versions mean equal content.
    """

    revision: int
    token: Any = None


@attrs.frozen
class Header:
    """What a register is, beside its tables: its name, when it was made, its risk matrix."""

    name: str
    created: str  # ISO date
    matrix: Mapping[str, Any]


@attrs.frozen
class Content:
    """A register's whole content as of ``version``: header and each table's documents by key."""

    header: Header
    tables: dict[str, dict[str, Document]]
    version: Version


@attrs.frozen
class Delta:
    """What changed between two versions: documents written (by table and key) and removed."""

    version: Version
    written: Mapping[str, Mapping[str, Document]] = attrs.Factory(dict)
    removed: Mapping[str, frozenset[str]] = attrs.Factory(dict)

    @property
    def empty(self) -> bool:
        return not any(self.written.values()) and not any(self.removed.values())


@attrs.frozen
class Write:
    """One document written (``doc``) or removed (``doc is None``).

    ``base`` is the revision of the risk or decision this write replaces, as the register
    read it (None: a new one, or a table without revisions); a store refuses the write with
    ConflictError when the stored item is no longer at that revision (or is gone), and a new
    risk or decision (``base`` None) under a key in use or retired with DuplicateKeyError.
    """

    table: str
    key: str
    doc: Document | None
    base: int | None = None


@attrs.frozen
class Entry:
    """One history entry as the register makes it; the store adds its sequence number, the
    revision it was committed in and, on a shared server, the authenticated user."""

    action: str
    key: str
    why: str
    before: Document | None
    after: Document | None
    user: str
    at: str  # ISO timestamp


class Transaction(Protocol):
    """Exclusive write access to one register (see :meth:`Store.transaction`), ended by its
    one commit."""

    def changes_since(self, version: Version) -> Delta | None:
        """What was committed since ``version``; None when only a full reload can tell."""
        ...

    def load(self) -> Content:
        """The whole content, as of now."""
        ...

    def commit(self, writes: Sequence[Write], entries: Sequence[Entry]) -> Version:
        """Make ``writes`` and their history ``entries`` durable together; the new version.

        Writes apply in order. All or nothing: when one is refused, nothing is written —
        ConflictError or DuplicateKeyError (see :class:`Write`), ValidationError for text no
        store can hold (a lone surrogate), StorageError when the store fails. Only
        :class:`~riskreg.errors.NotDurableError` means written and visible, durability unsure.
        """
        ...


class Store(Protocol):
    """Where a register lives. Made by :func:`open_store`."""

    #: What to show a user: a path, or a URL without its password.
    location: str
    #: ``"file"`` or ``"postgresql"``.
    kind: str

    def exists(self) -> bool:
        """Whether a register is there."""
        ...

    def create(
        self, header: Header, tables: Mapping[str, Mapping[str, Document]],
        history: Sequence[Document] = (), revision: int = 0,
    ) -> Version:
        """Make a new register (refused with RegisterExistsError if one is there).

        ``history`` and ``revision`` are for a register copied from another store: its
        history entries as :meth:`history` gives them, and the revision it had.
        """
        ...

    def load(self) -> Content:
        """The whole content as of one version (RegisterNotFoundError, CorruptRegisterError)."""
        ...

    def header(self) -> Header:
        """The register's header (name, created, matrix) without its tables, for a one-off
        question that does not need the whole register (RegisterNotFoundError)."""
        ...

    def changed_since(self, version: Version) -> bool:
        """Whether another writer committed since ``version`` (cheap: asked every second)."""
        ...

    def changes_since(self, version: Version) -> Delta | None:
        """What was committed since ``version``; None when only a full reload can tell."""
        ...

    def wait_for_change(self, version: Version, timeout: float) -> bool:
        """Wait up to ``timeout`` seconds for a commit after ``version``; whether one came.
        (The server is told at once; a file is looked at a few times a second.)"""
        ...

    def find(self, table: str, **equal: str) -> dict[str, Document]:
        """The documents of ``table`` whose top-level fields equal ``equal`` (all when none;
        a field matches a string only: the number 1 is not ``"1"``).

        A read of its own, consistent in itself; for a one-off question that does not need
        the whole register (``risk list --area X``).
        """
        ...

    def get(self, table: str, key: str) -> Document | None:
        """One document, or None."""
        ...

    def transaction(self) -> AbstractContextManager[Transaction]:
        """Exclusive write access (the file's lock; the server's per-register lock) from the
        start of the block until its commit, or its end without one. A transaction commits
        at most once (a second commit is a programming error: RuntimeError); another writer
        may go ahead as soon as it has committed."""
        ...

    def history(self, key: str | None = None) -> list[Document]:
        """Recorded changes, oldest first; with ``key``, those whose key is or contains it."""
        ...

    def close(self) -> None:
        """Let go of connections and caches (the register stays where it is)."""
        ...

    def discard(self) -> None:
        """Delete the register altogether (for a build that failed half-way)."""
        ...

    def damaged(self, problem: Any) -> Exception:
        """The error for stored content that does not read as a register (names the way back)."""
        ...

    def identity(self) -> str | None:
        """Who the store records as making changes, when it decides (a server: the person
        behind the authenticated login); None when the register says (a file)."""
        ...

    def highest_key(self, prefix: str) -> int | None:
        """The highest number given to a key starting with ``prefix`` (R-), counting keys the
        caller may not read; None when the register's own content tells (a file)."""
        ...

    def current_login(self) -> str | None:
        """The login the store is connected as (a server: ``session_user``), whose person in
        the register's ``people`` table is :attr:`Register.me`; None for a store without
        people (a file: one user, whose access is the file's permissions)."""
        ...

    def own_history(self) -> list[Document] | None:
        """The history entries the person working made (their login), also those whose item
        they may no longer read, without documents: ``rev``, ``seq``, ``user``, ``action``,
        ``key``, ``why`` (for undo, :mod:`riskreg.undo`). None when :meth:`history` gives
        the person every entry (a file)."""
        ...

    def seen(self) -> int | None:
        """The revision the person working last marked as seen (:meth:`mark_seen`), or None
        if they never did: what "changed since I last looked" counts from. A server keeps one
        mark per person and register (table ``riskreg.seen``, each login its own row); a file
        has one user and keeps the mark in memory, for as long as the store is open."""
        ...

    def mark_seen(self, revision: int) -> None:
        """Record that the person working has seen the register as of ``revision`` (a mark
        never moves back: a second client's older mark leaves a newer one). Not a change of
        the register: no revision, no history entry, no notification."""
        ...


def last_seq(history: Sequence[Mapping[str, Any]]) -> int:
    """The sequence number of the last entry of a copied history (its length, unless entries
    lost from it left gaps): a store numbers the next entry after it, never on top of one."""
    return max(len(history), *(int(e.get("seq", 0)) for e in history)) if history else 0


def open_store(location: str | os.PathLike[str]) -> Store:
    """The store at ``location``: a ``postgresql://`` URL, else a path to a register file."""
    if is_url(location):
        from riskreg.server.store import ServerStore

        server: Store = ServerStore(os.fspath(location))
        return server
    from riskreg.store import FileStore

    return FileStore(location)


def register_exists(location: str | os.PathLike[str]) -> bool:
    """Whether a register is at ``location`` (a path or a ``postgresql://`` URL)."""
    store = open_store(location)
    try:
        return store.exists()
    finally:
        store.close()


def documents(docs: Mapping[str, Document], table: str) -> Iterator[tuple[str, Document]]:
    """``(key, doc)`` for each document, keyed by the table's key function."""
    key_of = KEY_OF[table]
    for doc in docs.values():
        yield key_of(doc), doc


__all__ = [
    "CONTACTS", "CORE_TABLES", "DELIVERIES", "KEY_OF", "LATER_TABLES", "TABLES", "Content",
    "Delta", "Document", "Entry", "Header", "Store", "Transaction", "Version", "Write",
    "edition_key", "is_url", "last_seq", "link_key", "open_store", "register_exists",
]
