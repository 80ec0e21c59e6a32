"""The register: risks, decisions, links and their history, in a file or on a server.

Open or create one with :meth:`Register.open` / :meth:`Register.create` (both
context managers), by a path (the embedded file store) or a ``postgresql://``
URL (the shared server store); see :mod:`riskreg.storage`. Every change goes
through a method that validates it against the register (areas, matrix scales,
organisations, links), records who changed what and why, and commits it durably
before returning. Others may write the same register: each change is made with
exclusive write access to the store, after taking in what the others committed,
so nothing is overwritten; a change based on an old revision of an item
(``expected_revision``, or a copy another writer changed since this register
handed it out) is refused with :class:`~riskreg.errors.ConflictError`.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import attrs

from riskreg import acceptance as acceptance_rules
from riskreg import bidi
from riskreg import undo as undo_rules
from riskreg.access import Operation, Verdict, allowed, readable
from riskreg.checks import (
    Finding,
    by_severity,
    delivery_findings,
    edition_findings,
    next_review_due,
    run_checks,
)
from riskreg.clock import current_day
from riskreg.errors import (
    AccessError,
    ConflictError,
    DuplicateKeyError,
    LinkError,
    NotDurableError,
    NotFoundError,
    UndoConflictError,
    UndoError,
    ValidationError,
)
from riskreg.errors import choice as _choice
from riskreg.filters import DecisionFilter, RiskFilter
from riskreg.graph import DependencyGraph, Neighbour, RiskFacts
from riskreg.matrix import LevelBand, RiskMatrix
from riskreg.messages import N_, Term, phrase
from riskreg.model import (
    Acceptance,
    Action,
    ActionStatus,
    Assessment,
    Category,
    Change,
    Decision,
    ItemKind,
    Link,
    Note,
    Organisation,
    Person,
    RaisedFlag,
    Rating,
    Relation,
    ReviewReason,
    Risk,
    RiskStatus,
    Role,
    Scope,
    ScopeKind,
    Validity,
    Visibility,
    kind_of_key,
)
from riskreg.organisations import Directory
from riskreg.placeholders import refuse_placeholder
from riskreg.serialize import from_doc, matrix_from_doc, matrix_to_doc, to_doc
from riskreg.storage import (
    CATEGORIES,
    CONTACTS,
    CORE_TABLES,
    DECISIONS,
    DELIVERIES,
    EDITIONS,
    LINKS,
    NOTES,
    ORGANISATIONS,
    PEOPLE,
    RETIRED,
    RISKS,
    SNAPSHOTS,
    Content,
    Delta,
    Document,
    Entry,
    Header,
    Store,
    Transaction,
    Write,
    edition_key,
    link_key,
    open_store,
)
from riskreg.undo import UNDO_ACTION, Undoable
from riskreg.words import FLAGS_MOVED, LAPSE_UNSEEN, word_id

if TYPE_CHECKING:  # the export log's and the delivery log's models: imported when first used
    from riskreg.delivery.model import Contact, Delivery, DeliveryKind
    from riskreg.editions import Edition, Snapshot

T = TypeVar("T")
_Item = TypeVar("_Item", Risk, Decision)
#: (decisions table, its generation, directory, reasons by flagged key): see Register._raised
_RaisedIndex = tuple[object, int, object, dict[str, tuple[ReviewReason, ...]]]

MAX_USER = 200
# the register's attribute for each table of the store
_ATTRIBUTE = {
    CATEGORIES: "_categories", ORGANISATIONS: "_orgs", RISKS: "_risks", DECISIONS: "_decisions",
    LINKS: "_links", EDITIONS: "_editions", SNAPSHOTS: "_snapshots", RETIRED: "_retired",
    NOTES: "_notes", PEOPLE: "_people", CONTACTS: "_contacts", DELIVERIES: "_deliveries",
}
_TABLE_OF = {attribute: table for table, attribute in _ATTRIBUTE.items()}
# tables whose records hold text people typed: no new bidi control may enter them
_USER_TEXT_TABLES = frozenset({"_risks", "_decisions", "_links", "_categories", "_notes",
                               "_contacts"})
_ITEM_FIELDS_FIXED = {"key", "revision", "updated", "review_reasons"}
# fields of a risk changed by an operation of their own, never by update_risk
_RISK_FIELDS_OWN_OPERATION = {"submitted_by": "submit_risk", "acceptance": "propose_acceptance"}
# what a risk is submitted with (Register.submit_risk)
SUBMISSION_FIELDS = frozenset({
    "title", "area", "inherent", "residual", "description", "consequences", "actions", "owner",
    "scope",
})


def current_user(explicit: str | None = None) -> str:
    """Who is changing the register: explicit name, else RISKREG_USER, else the login name."""
    if explicit:
        return explicit
    env = os.environ.get("RISKREG_USER")
    if env:
        return env
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # pragma: no cover - no login name (containers)
        return "unknown"


def _model(module: str, name: str) -> Callable[[], type[Any]]:
    """A model class imported when a table first makes a model of it (a register that has no
    contacts, deliveries or editions, or a command that does not read them, does not import
    their modules)."""

    def load() -> type[Any]:
        import importlib

        cls: type[Any] = getattr(importlib.import_module(module), name)
        return cls

    return load


class _Table(Generic[T]):
    """One table's documents by key, made into models when first asked for."""

    def __init__(
        self, cls: type[T] | Callable[[], type[T]], docs: dict[str, Document],
        corrupt: Callable[[Any], Exception] | None = None,
        check: Callable[[T], object] | None = None,
    ):
        self._cls = cls
        self.docs = docs
        self._corrupt = corrupt  # a stored record that fails: the store is damaged, say so
        self._check = check  # what the register demands of a stored record beyond its model
        for key, doc in docs.items():
            if not isinstance(doc, dict):
                raise ValidationError("error.bad_document", problem=f"document {key}")
        self._cache: dict[str, T] = {}
        self._sorted: list[str] | None = None
        self.generation = 0  # counts changes: what is derived from the table knows it is stale

    def __contains__(self, key: object) -> bool:
        return key in self.docs

    def __len__(self) -> int:
        return len(self.docs)

    @property
    def ids(self) -> dict[str, Document]:
        """The keys, in the store's order (a mapping, for ``in`` and iteration)."""
        return self.docs

    def keys(self) -> list[str]:
        if self._sorted is None:
            self._sorted = sorted(self.docs)
        return list(self._sorted)

    @property
    def cls(self) -> type[T]:
        """The model of the table's documents."""
        cls = self._cls
        if not isinstance(cls, type):
            cls = self._cls = cls()
        return cls

    def get(self, key: str) -> T:
        model = self._cache.get(key)
        if model is None:
            doc = self.docs[key]
            try:
                model = from_doc(doc, self.cls)
                if self._check is not None:
                    self._check(model)
            except ValidationError as exc:
                if self._corrupt is not None:
                    raise self._corrupt(phrase("corrupt.invalid_record", key=key,
                                               problem=exc.phrase())) from None
                raise ValidationError("error.bad_document",
                                      problem=phrase("corrupt.keyed", key=key,
                                                     problem=exc.phrase())) from None
            self._cache[key] = model
        return model

    def doc(self, key: str) -> Document:
        return self.docs[key]

    def all(self) -> list[T]:
        return [self.get(k) for k in self.keys()]

    def put(self, key: str, model: T) -> Document:
        """Store ``model``; its document (a new object: documents are never changed in place)."""
        doc: Document = to_doc(model)
        if key not in self.docs:
            self._sorted = None
        self.docs[key] = doc
        self._cache[key] = model
        self.generation += 1
        return doc

    def put_doc(self, key: str, doc: Document) -> None:
        """Store a document another writer committed."""
        if key not in self.docs:
            self._sorted = None
        self.docs[key] = doc
        self._cache.pop(key, None)
        self.generation += 1

    def remove(self, key: str) -> None:
        del self.docs[key]
        self._cache.pop(key, None)
        self._sorted = None
        self.generation += 1


@attrs.frozen
class RetiredKey:
    """The key of a removed risk or decision: never given to another item."""

    key: str
    on: date


@attrs.define
class _Transaction:
    """Changes made under one lock, written once; undone if anything fails."""

    user: str
    why: str
    changes: list[dict[str, Any]] = attrs.Factory(list)
    undo: list[tuple[str, str, Any]] = attrs.Factory(list)
    # every (table attribute, key) written, in order, with the revision the item had
    # before this transaction (None: new, or no revisions): what the commit writes
    touched: dict[tuple[str, str], int | None] = attrs.Factory(dict)
    # risks whose expired acceptance this transaction cleared first, with the revision they
    # had: a change the caller based on that revision is no conflict
    swept: dict[str, int] = attrs.Factory(dict)


class Register:
    """A risk and decision register in a store (a file or a server). Use :meth:`open` or
    :meth:`create`."""

    def __init__(
        self, store: Store, content: Content, *, user: str | None = None,
        today: Callable[[], date] | None = None, person: Person | None = None,
    ) -> None:
        if person is not None and store.kind != "file":
            raise ValidationError("error.person_file_only")
        self._store = store
        self._person = person
        # who is working: the person a file register was opened as, else the person of the
        # login the store is connected as (a server register; None for a file: see ``me``)
        self._login = person.login if person is not None else store.current_login()
        # who is recorded as making changes: on a server, the person behind the login (the
        # server records that itself, whatever is claimed); on a file, as given
        self.user = store.identity() or current_user(user)
        self._today = today or current_day
        self._tx: _Transaction | None = None
        self._graph: DependencyGraph | None = None
        # the links by item (the links table it was made from, that table's generation, the
        # keys of the links touching each item, each item's neighbours once asked for)
        self._link_index: tuple[
            _Table[Link], int, dict[str, list[str]], dict[str, list[Neighbour]]] | None = None
        check_user_name(self.user)
        # the items this register handed out, and those of them another writer changed since:
        # a change to one of those is refused unless the caller reads it again (or names the
        # revision it means to replace)
        self._handed: set[str] = set()
        self._stale: set[str] = set()
        self._install(content)
        if self.me is not None:  # who changes the register: the person, by name, as on a server
            self.user = self.me.name

    # --- opening and closing --------------------------------------------------------
    @classmethod
    def create(
        cls,
        location: str | os.PathLike[str],
        *,
        name: str = "",
        matrix: RiskMatrix | None = None,
        categories: Iterable[Category] = (),
        organisations: Iterable[Organisation] = (),
        user: str | None = None,
        today: Callable[[], date] | None = None,
    ) -> Register:
        """Create a new, empty register at ``location`` (a path or a ``postgresql://`` URL);
        refused if one is there."""
        _check_history_text("name", name)  # one text as the models take it, storable anywhere
        matrix = matrix or RiskMatrix.swedish_4x4()
        categories, organisations = list(categories), list(organisations)
        bidi.refuse("name", name)
        for item in (*categories, *organisations, matrix):
            bidi.refuse_new(to_doc(item) if item is not matrix else matrix_to_doc(matrix), None)
        created = (today or current_day)()
        category_docs = [to_doc(c) for c in categories]
        keys = [c["key"] for c in category_docs]
        if len(keys) != len(set(keys)):
            twice = ", ".join(sorted({k for k in keys if keys.count(k) > 1}))
            raise DuplicateKeyError(N_("error.duplicate"), key=twice)
        tables: dict[str, dict[str, Document]] = {
            CATEGORIES: {doc["key"]: doc for doc in category_docs},
            ORGANISATIONS: {doc["code"]: doc for doc in map(to_doc, organisations)},
            RISKS: {}, DECISIONS: {}, LINKS: {}, RETIRED: {},
        }
        header = Header(name=name, created=created.isoformat(), matrix=matrix_to_doc(matrix))
        store = open_store(location)
        store.create(header, tables)
        return cls(store, store.load(), user=user, today=today)

    @classmethod
    def open(
        cls, location: str | os.PathLike[str], *, user: str | None = None,
        today: Callable[[], date] | None = None, person: Person | None = None,
    ) -> Register:
        """Open an existing register: a path to its file or a ``postgresql://`` URL.

        On a server register, the person is the one the login belongs to (:attr:`me`).
        ``person`` opens a *file* register as that person: the rules of their role apply
        as on a server (for trying a role out, and for tests); the file's access itself is
        its permissions, so this is no protection.
        """
        store = open_store(location)
        try:
            return cls(store, store.load(), user=user, today=today, person=person)
        except BaseException:
            store.close()
            raise

    def __enter__(self) -> Register:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Nothing is pending after a change returns; closing drops the in-memory copy and lets
        go of the store's connections."""
        self._graph = None
        self._store.close()

    def discard_files(self) -> None:
        """Delete the register with its history (and a file's backups and lock), for a build
        that failed half-way."""
        self._store.discard()

    def _install(self, content: Content) -> None:
        """Take in the whole content (on opening, and when only a full reload tells what other
        writers committed)."""
        tables = content.tables
        held = self._revisions(self._handed - self._stale) if self._handed else {}
        missing = [name for name in CORE_TABLES if name not in tables]
        if missing:  # every register is created with them: dropped from outside
            raise self._store.damaged(phrase("corrupt.table_missing", table=", ".join(missing)))
        self._header = content.header
        self._version = content.version
        damaged = self._store.damaged
        try:
            self._matrix = matrix_from_doc(dict(content.header.matrix) or None)
            self._categories = _Table(Category, tables[CATEGORIES])
            self._orgs = _Table(Organisation, tables[ORGANISATIONS])
            matrix = self._matrix

            def on_matrix(risk: Risk) -> None:  # a hand-edited likelihood 9 on a 4x4 matrix
                matrix.check(risk.inherent)
                if risk.residual is not None:
                    matrix.check(risk.residual)

            self._risks = _Table(Risk, tables[RISKS], damaged, on_matrix)
            self._decisions = _Table(Decision, tables[DECISIONS], damaged)
            self._links = _Table(Link, tables[LINKS], damaged)
            self._directory = Directory(self._orgs.all())
            # the export log, the removed keys, notes: tables made when first needed
            self._editions: _Table[Edition] = _Table(
                _model("riskreg.editions", "Edition"), tables.get(EDITIONS, {}))
            self._snapshots: _Table[Snapshot] = _Table(
                _model("riskreg.editions", "Snapshot"), tables.get(SNAPSHOTS, {}))
            self._retired = _Table(RetiredKey, tables.get(RETIRED, {}))
            self._notes = _Table(Note, tables.get(NOTES, {}), damaged)
            # people are written by the server's administration: one that does not read as a
            # Person makes no register unreadable (see ``me``)
            self._people = _Table(Person, tables.get(PEOPLE, {}))
            # the people the status goes to, and what was delivered to them
            self._contacts: _Table[Contact] = _Table(
                _model("riskreg.delivery.model", "Contact"), tables.get(CONTACTS, {}), damaged)
            self._deliveries: _Table[Delivery] = _Table(
                _model("riskreg.delivery.model", "Delivery"), tables.get(DELIVERIES, {}),
                damaged)
        except (ValidationError, KeyError, TypeError) as exc:
            detail = exc.phrase() if isinstance(exc, ValidationError) else repr(exc)
            raise damaged(phrase("corrupt.content", detail=detail)) from None
        # a register written before removed keys were kept has no such table: see _retired_set
        self._retired_kept = RETIRED in tables
        self._graph = None
        self._retired_keys: set[str] | None = None
        self._accepted_keys: set[str] | None = None
        self._raised_index: _RaisedIndex | None = None
        self._reader_graph: tuple[tuple[object, ...], DependencyGraph] | None = None
        self._gates: tuple[object, dict[tuple[object, ...], bool]] | None = None
        if held:
            now = self._revisions(held.keys())
            self._stale.update(key for key, revision in held.items() if now.get(key) != revision)

    def _apply(self, delta: Delta) -> None:
        """Take in what other writers committed (a store that can tell it item by item)."""
        changed: set[str] = set()
        for table, docs in delta.written.items():
            attribute = _ATTRIBUTE.get(table)
            if attribute is None:
                continue
            target: _Table[Any] = getattr(self, attribute)
            for key, doc in docs.items():
                old = target.docs.get(key)
                if old is None or old.get("revision") != doc.get("revision") or old != doc:
                    changed.add(key)
                target.put_doc(key, doc)
        for table, keys in delta.removed.items():
            attribute = _ATTRIBUTE.get(table)
            if attribute is None:
                continue
            target = getattr(self, attribute)
            for key in keys:
                if key in target:
                    target.remove(key)
                    changed.add(key)
        if delta.written.get(ORGANISATIONS) or delta.removed.get(ORGANISATIONS):
            self._directory = Directory(self._orgs.all())
        if delta.written.get(RETIRED):
            self._retired_kept = True
        self._retired_keys = None
        if delta.written.get(RISKS) or delta.removed.get(RISKS):
            self._accepted_keys = None
        if any(delta.written.get(t) or delta.removed.get(t) for t in (RISKS, DECISIONS, LINKS)):
            self._graph = None
        self._stale.update(changed & self._handed)
        self._version = delta.version

    def _catch_up(self, source: Store | Transaction) -> None:
        """Take in what other writers committed since this register's version."""
        delta = source.changes_since(self._version)
        if delta is None:
            self._install(source.load())
        elif delta.version != self._version or not delta.empty:
            self._apply(delta)

    def _revisions(self, keys: Iterable[str]) -> dict[str, Any]:
        """The stored revision of each of ``keys`` that exists."""
        found: dict[str, Any] = {}
        for key in keys:
            for table in (self._risks, self._decisions):
                if key in table:
                    found[key] = table.doc(key).get("revision")
        return found

    # --- about the register -----------------------------------------------------------
    @property
    def location(self) -> str:
        """Where the register is: its file's path, or its URL without a password."""
        return self._store.location

    @property
    def store_kind(self) -> str:
        """``"file"`` or ``"postgresql"``."""
        return self._store.kind

    @property
    def path(self) -> Path:
        """The register file's path (a file register only; see :attr:`location`)."""
        if self._store.kind != "file":
            raise ValidationError("error.not_a_file", location=self.location)
        return Path(self._store.location)

    @property
    def name(self) -> str:
        return self._header.name

    @property
    def revision(self) -> int:
        """How many changes have been committed (the register's version)."""
        return self._version.revision

    @property
    def matrix(self) -> RiskMatrix:
        return self._matrix

    @property
    def directory(self) -> Directory:
        """The organisations: the 49 municipalities, the region and the register's own."""
        return self._directory

    def categories(self) -> list[Category]:
        """The risk areas, in the register's order."""
        return [self._categories.get(k) for k in self._categories.ids]

    def category(self, key: str) -> Category:
        if key not in self._categories:
            known = ", ".join(self._categories.ids)
            raise NotFoundError("error.unknown_area", area=key, known=known)
        return self._categories.get(key)

    def today(self) -> date:
        return self._today()

    # --- who: people and what they may do ---------------------------------------------------
    @property
    def me(self) -> Person | None:
        """The person working in the register (name, organisation, role), or None: a register
        without people (a file: one user, whose access is the file's permissions; a server
        login that is no person of the register, such as its owner), where everything is
        allowed. On a server register, the person of the login, as the register's ``people``
        table holds it (a change of role is taken in with the next refresh)."""
        if self._person is not None:
            return self._person
        if self._login is not None and self._login in self._people:
            try:
                return self._people.get(self._login)
            except ValidationError:  # a record riskreg cannot read: the server still decides
                return None
        return None

    @property
    def user_is_fixed(self) -> bool:
        """Whether who is recorded as making changes is decided by the store or the person
        (a server's login, a file opened as a person) rather than by :meth:`record_as`."""
        return self._store.identity() is not None or self.me is not None

    def record_as(self, name: str) -> None:
        """Record changes from now on as made by ``name`` (:attr:`user`: one line, as the
        history takes it). A register without people only (a file: its one user names
        themselves); where the store or the person decides, refused with AccessError."""
        if self.user_is_fixed:
            raise AccessError("error.user_fixed", user=self.user)
        name = name.strip() if isinstance(name, str) else name
        check_user_name(name)
        self.user = name

    def people(self) -> list[Person]:
        """The register's people (those the store shows: on a server, a redaktör sees all,
        others themselves; none on a file register), by login; a record that does not read
        as a person is left out."""
        found = []
        for login in sorted(self._people.ids):
            with contextlib.suppress(ValidationError):
                found.append(self._people.get(login))
        return found

    def may(self, operation: Operation | str, key: str | None = None, *,
            organisation: str | None = None, action: int | None = None) -> Verdict:
        """Whether :attr:`me` may do ``operation`` (on the risk, decision or note ``key``), and
        if not, why (:meth:`Verdict.message`): what a UI asks to offer only what is allowed.
        ``organisation`` is whom the operation acts for (submit, recognise, export) and
        ``action`` the index of the action of risk ``key`` (action status). See
        :func:`riskreg.access.allowed`."""
        chosen_operation: Operation = _choice(Operation, operation)
        item: Risk | Decision | Note | None = None
        if key is not None:
            item = self._item_or_note(key)
        chosen: Action | None = None
        if action is not None:
            chosen = self._action_of(item, key or "", action)
        return allowed(self.me, chosen_operation, item, directory=self._directory,
                       organisation=organisation, action=chosen)

    def _item_or_note(self, key: str) -> Risk | Decision | Note:
        if key in self._notes:
            return self._notes.get(key)
        if key in self._risks:
            return self._risks.get(key)
        if key in self._decisions:
            return self._decisions.get(key)
        raise NotFoundError(key=key)

    def _require(self, operation: Operation, item: Risk | Decision | Note | None = None, *,
                 organisation: str | None = None, action: Action | None = None) -> None:
        """Refuse what :attr:`me` may not do: AccessError saying why, or NotFoundError for an
        item they cannot read (as on the server, where they would not see it at all)."""
        me = self.me
        if me is None:
            return
        verdict = allowed(me, operation, item, directory=self._directory,
                          organisation=organisation, action=action)
        if verdict:
            return
        if verdict.reason_key == "error.access.read" and item is not None:
            raise NotFoundError(key=verdict.params.get("key", ""))
        raise verdict.error()

    def _visible(self, item: Risk | Decision | Note) -> bool:
        """Whether :attr:`me` may read ``item`` (always, on a register without people)."""
        me = self.me
        return me is None or readable(me, item, self._directory)

    def _visible_key(self, key: str) -> bool:
        """Whether :attr:`me` may read the risk, decision or note ``key`` (False if none)."""
        if self.me is None:
            return key in self._risks or key in self._decisions or key in self._notes
        try:
            return self._visible(self._item_or_note(key))
        except NotFoundError:
            return False

    # --- other writers ------------------------------------------------------------------
    def has_outside_changes(self) -> bool:
        """Whether another writer committed since this register last read the store."""
        return self._store.changed_since(self._version)

    def wait_for_change(self, timeout: float) -> bool:
        """Wait up to ``timeout`` seconds for another writer's commit; whether one came (take
        it in with :meth:`refresh`)."""
        return self._store.wait_for_change(self._version, timeout)

    def refresh(self) -> bool:
        """Take in what another writer committed (only that, where the store can tell);
        return whether there was anything."""
        if self._tx is not None or not self.has_outside_changes():
            return False
        self._catch_up(self._store)
        return True

    # --- reading --------------------------------------------------------------------------
    def risk(self, key: str) -> Risk:
        if key not in self._risks or not self._visible(item := self._risks.get(key)):
            raise NotFoundError(key=key)
        return self._hand_out(self._with_raised(item))

    def decision(self, key: str) -> Decision:
        if key not in self._decisions or not self._visible(item := self._decisions.get(key)):
            raise NotFoundError(key=key)
        return self._hand_out(self._with_raised(item))

    def _raised(self) -> dict[str, tuple[ReviewReason, ...]]:
        """The review reasons decisions that are not shared keep on their own side
        (:class:`~riskreg.model.RaisedFlag`), by the key of the item they flag: only those of
        decisions :attr:`me` may read (on a server, the others are not even loaded)."""
        table, directory = self._decisions, self._directory
        known = self._raised_index
        if (known is not None and known[0] is table and known[1] == table.generation
                and known[2] is directory):
            return known[3]
        index: dict[str, list[ReviewReason]] = {}
        for key, doc in table.ids.items():
            if not doc.get("raised"):
                continue
            decision = table.get(key)
            if self._visible(decision):
                for flag in decision.raised:
                    index.setdefault(flag.item, []).append(flag.reason(key))
        found = {key: tuple(reasons) for key, reasons in index.items()}
        self._raised_index = (table, table.generation, directory, found)
        return found

    def _with_raised(self, item: _Item) -> _Item:
        """``item`` with the reasons it was flagged for on the setter's side that
        :attr:`me` may read (see :meth:`_raised`); the item itself when there are none."""
        raised = self._raised().get(item.key)
        if not raised:
            return item
        own = {(r.kind, r.trigger) for r in item.review_reasons}
        extra: tuple[ReviewReason, ...] = tuple(
            r for r in raised if (r.kind, r.trigger) not in own)
        # set before the item's own: what a change sets off on the item itself (an acceptance
        # lapsing) comes after the flag, as when both were stored on the item
        return attrs.evolve(item, review_reasons=(*extra, *item.review_reasons)) if extra else item

    def _hand_out(self, item: _Item) -> _Item:
        """Note that the caller now holds the item as it is (see ``_current``)."""
        self._handed.add(item.key)
        self._stale.discard(item.key)
        return item

    def get(self, key: str) -> Risk | Decision:
        """A risk or a decision by key."""
        return self.decision(key) if key.startswith("KL-") else self.risk(key)

    def __contains__(self, key: object) -> bool:
        """Whether a risk or decision (that :attr:`me` may read) has the key."""
        if key not in self._risks and key not in self._decisions:
            return False
        return self.me is None or self._visible_key(str(key))

    def risks(self, where: RiskFilter | None = None, /, **criteria: Any) -> list[Risk]:
        """Risks sorted by key, filtered by a RiskFilter or its fields as keywords.

        ``organisation`` may be a code or name; ``status`` a RiskStatus or its value;
        ``level`` a band key or name of the matrix.
        """
        where = where or self.risk_filter(**criteria)
        if self.me is not None:
            return [self._hand_out(r) for r in map(self._with_raised, self._risks.all())
                    if self._visible(r) and where.matches(r, self._matrix)]
        if where == RiskFilter():
            return [self._hand_out(r) for r in map(self._with_raised, self._risks.all())]
        keys = self._risks.keys()
        if where.area is not None or where.status is not None:
            # narrow on the stored documents first, so only risks that may match are built
            # (a filtered list of 10,000 risks builds one area's, not all of them)
            docs, area, status = self._risks, where.area, where.status
            keys = [
                k for k in keys
                if (area is None or docs.doc(k).get("area", area) == area)
                and (status is None or docs.doc(k).get("status", status) == status)
            ]
        return [
            self._hand_out(r) for r in map(self._with_raised, map(self._risks.get, keys))
            if where.matches(r, self._matrix)
        ]

    def risk_filter(self, **criteria: Any) -> RiskFilter:
        """A RiskFilter from loose values (codes, names, strings), checked against the register."""
        if criteria.get("area") is not None:
            self.category(criteria["area"])
        if criteria.get("status") is not None:
            criteria["status"] = _choice(RiskStatus, criteria["status"])
        if criteria.get("level") is not None:
            criteria["level"] = self._matrix.band(criteria["level"]).key
        if isinstance(criteria.get("organisation"), str):
            criteria["organisation"] = self._directory.get(criteria["organisation"])
        try:
            return RiskFilter(**criteria)
        except TypeError as exc:
            raise ValidationError("error.invalid", detail=str(exc)) from None

    def decisions(self, where: DecisionFilter | None = None, /, **criteria: Any) -> list[Decision]:
        """Decisions sorted by key, filtered by a DecisionFilter or its fields as keywords."""
        if where is None:
            if criteria.get("validity") is not None:
                criteria["validity"] = _choice(Validity, criteria["validity"])
            if isinstance(criteria.get("organisation"), str):
                criteria["organisation"] = self._directory.get(criteria["organisation"])
            try:
                where = DecisionFilter(**criteria)
            except TypeError as exc:
                raise ValidationError("error.invalid", detail=str(exc)) from None
        today = self.today()
        return [self._hand_out(d) for d in map(self._with_raised, self._decisions.all())
                if where.matches(d, today) and self._visible(d)]

    def neighbours(self, key: str) -> list[Neighbour]:
        """Items linked to ``key``: what it rests on (outgoing), then what rests on it, each
        sorted by relation and key, as :meth:`DependencyGraph.neighbours` lists them.

        Read from the links themselves unless the graph is built already: showing one item
        needs neither the graph library nor every link as a model (see ``risk show``).
        """
        if self._graph is not None:
            return self.graph.neighbours(key)
        index = self._links_by_item()
        known = index[3].get(key)
        if known is None:
            known = index[3][key] = self._neighbours_of(key, index[2].get(key, ()))
        if self.me is not None:
            return [n for n in known if self._visible_key(key) and self._visible_key(n.key)]
        return list(known)

    def link_count(self, key: str) -> int:
        """How many links touch ``key`` (``len(neighbours(key))``, without reading them)."""
        if self._graph is not None or self.me is not None:
            return len(self.neighbours(key))
        return len(self._links_by_item()[2].get(key, ()))

    def _links_by_item(
        self,
    ) -> tuple[_Table[Link], int, dict[str, list[str]], dict[str, list[Neighbour]]]:
        index = self._link_index
        if index is None or index[0] is not self._links or index[1] != self._links.generation:
            index = self._link_index = (self._links, self._links.generation, self._by_item(), {})
        return index

    def _neighbours_of(self, key: str, links: Iterable[str]) -> list[Neighbour]:
        from riskreg.graph import Neighbour

        found: tuple[list[Neighbour], list[Neighbour]] = ([], [])
        for stored in links:
            link = self._links.get(stored)  # validated: a damaged record says so here
            for end in (link.source, link.target):
                if end not in self._risks and end not in self._decisions:  # as the graph
                    # refuses to be built with it (whether :attr:`me` may read it aside)
                    raise self._store.damaged(phrase(
                        "corrupt.link_end", source=link.source, target=link.target, end=end,
                        relation=Term(word_id("relation", link.relation))))
            if link.source == key:
                found[0].append(Neighbour(link.target, link.relation, True, link.note))
            if link.target == key:
                found[1].append(Neighbour(link.source, link.relation, False, link.note))
        return [n for side in found for n in sorted(side, key=_neighbour_order)]

    def _by_item(self) -> dict[str, list[str]]:
        """The keys of the links touching each item, read from the link keys
        (``source|relation|target``) without building a model."""
        touching: dict[str, list[str]] = {}
        for stored in self._links.ids:
            ends = stored.split("|")
            for end in {ends[0], ends[-1]}:
                touching.setdefault(end, []).append(stored)
        return touching

    def links(self, key: str | None = None) -> list[Link]:
        """All links, or those that touch ``key`` (those whose both ends :attr:`me` may read)."""
        links = self._links.all()
        if key is not None:
            links = [link for link in links if key in (link.source, link.target)]
        if self.me is not None:
            links = [x for x in links if self._visible_key(x.source)
                     and self._visible_key(x.target)]
        return links

    def value(self, risk: Risk, residual: bool = True) -> int:
        """Risk value on this register's matrix (residual if assessed, unless residual=False)."""
        return self._matrix.value(risk.rating if residual else risk.inherent)

    def level(self, risk: Risk, residual: bool = True) -> LevelBand:
        """Risk level band on this register's matrix."""
        return self._matrix.level(risk.rating if residual else risk.inherent)

    def next_review_due(self, risk: Risk) -> date:
        """When the risk is next due for review, by its level's cadence."""
        return next_review_due(risk, self._matrix)

    def concerns(self, item: Risk | Decision, organisation: str | Organisation) -> bool:
        """Whether the item's scope concerns the organisation (code, name or object)."""
        org = self._directory.get(organisation) if isinstance(organisation, str) else organisation
        return item.scope.concerns(org)

    @property
    def graph(self) -> DependencyGraph:
        """The dependency graph of the current content (kept in step with each change); for a
        person, of what they may read alone: the items and the links between them (as on a
        server, whose row-level security hands them nothing else)."""
        whole = self._whole_graph()
        if self.me is None:
            return whole
        stamp = (whole, self._risks.generation, self._decisions.generation,
                 self._links.generation, self._directory)
        known = self._reader_graph
        if known is not None and all(a is b or a == b
                                     for a, b in zip(known[0], stamp, strict=True)):
            return known[1]
        hidden = {k for k in (*self._risks.ids, *self._decisions.ids)
                  if not self._visible_key(k)}
        graph = whole.without(hidden) if hidden else whole
        self._reader_graph = (stamp, graph)
        return graph

    def _whole_graph(self) -> DependencyGraph:
        """The dependency graph of every item (what a change flags and checks for cycles)."""
        if self._graph is None:
            try:
                facts = {key: self._risk_facts(self._risks.doc(key)) for key in self._risks.ids}
                validity = {
                    k: _choice(Validity, self._decisions.doc(k)["validity"])
                    for k in self._decisions.ids
                }
            except (ValidationError, ValueError, KeyError, TypeError, IndexError) as exc:
                # only a damaged file gets here: every saved record was validated
                detail = exc.phrase() if isinstance(exc, ValidationError) else repr(exc)[:200]
                raise self._store.damaged(phrase("corrupt.content", detail=detail)) from None
            links = self._links.all()
            for link in links:
                for end in (link.source, link.target):
                    if end not in facts and end not in validity:
                        raise self._store.damaged(phrase(
                            "corrupt.link_end", source=link.source, target=link.target,
                            end=end, relation=Term(word_id("relation", link.relation))))
            self._graph = DependencyGraph(validity, facts, links)
        return self._graph

    def _risk_facts(self, doc: dict[str, Any]) -> RiskFacts:
        rating = doc.get("residual") or doc["inherent"]
        value = int(rating[0]) * int(rating[1])
        return RiskFacts(value, self._matrix.band_for(value).is_high, doc.get("status") != "closed")

    def unshared_keys(self) -> set[str]:
        """Keys of the risks and decisions that never leave the register: every one that is not
        shared (:attr:`Visibility.is_shared`): internal items and municipalities' submissions."""
        return {
            key
            for table in (self._risks, self._decisions)
            for key in table.ids
            if table.doc(key).get("visibility", Visibility.SHARED) != Visibility.SHARED
        }

    def known_keys(self) -> set[str]:
        """Every risk and decision key given out in this register: its items' and those of
        removed items (never given out again). What shared text may name (riskreg.sharing)."""
        return {*self._risks.ids, *self._decisions.ids, *self._retired_set()}

    def internal_keys(self) -> set[str]:
        """The earlier name of :meth:`unshared_keys` (internal and submitted items alike)."""
        return self.unshared_keys()

    def check(self) -> list[Finding]:
        """Every finding: conflicts, cycles, exposed risks, overdue reviews and actions...
        (for a person: those on items they may read)."""
        me = self.me
        risks, decisions = self._risks.all(), self._decisions.all()
        if me is not None:
            # what they read alone (and its graph: a conflict with a decision they may not
            # read is no finding of theirs)
            risks = [r for r in risks if self._visible(r)]
            decisions = [d for d in decisions if self._visible(d)]
        findings = by_severity([
            *run_checks(
                [self._with_raised(r) for r in risks],
                [self._with_raised(d) for d in decisions],
                self.graph, self._matrix, self.today(),
            ),
            *edition_findings(self.editions()),
            *delivery_findings(self._deliveries.all()),
        ])
        if me is None:
            return findings
        return [f for f in findings if self._visible_key(f.key)
                or (f.key.startswith(("edition-", "status|")) and me.role is Role.REDAKTOR)]

    def history(self, key: str | None = None) -> list[Change]:
        """The recorded changes, oldest first; only those touching ``key`` if given (for a
        person: those whose item, or both ends of whose link, they may read)."""
        entries = self._store.history(key)
        if self.me is not None:
            entries = [e for e in entries if self._entry_visible(e)]
        return [
            Change(
                seq=e["seq"], at=datetime.fromisoformat(e["at"]), user=e["user"],
                action=e["action"], key=e["key"], why=e.get("why", ""),
                before=e.get("before"), after=e.get("after"), revision=_revision_of(e),
            )
            for e in entries
        ]

    # --- what changed since the person last looked -------------------------------------------
    def last_seen(self) -> int | None:
        """The revision :attr:`me` last marked as seen (:meth:`mark_seen`), or None if never.
        On a server each person has their own mark; a file register (one user) keeps it only
        while it is open."""
        return self._store.seen()

    def mark_seen(self, revision: int | None = None) -> int:
        """Record that :attr:`me` has seen the register as of ``revision`` (the current one by
        default); the mark. A mark never moves back, and it is no change of the register (no
        revision, no history)."""
        chosen = self.revision if revision is None else revision
        if isinstance(chosen, bool) or not isinstance(chosen, int) or not (
                0 <= chosen <= self.revision):
            raise ValidationError("error.field", field="revision", value=repr(chosen)[:60],
                                  problem=phrase("problem.revision_range",
                                                 revision=self.revision))
        self._store.mark_seen(chosen)
        return max(chosen, self.last_seen() or 0)

    def unseen_changes(self, since: int | None = None) -> list[Change]:
        """The history entries :attr:`me` may read that were committed after revision ``since``
        (by default :meth:`last_seen`; every one if never marked), oldest first: "what changed
        since I last looked"."""
        mark = self.last_seen() if since is None else since
        return [c for c in self.history() if c.revision > (mark or 0)]

    def _entry_visible(self, entry: dict[str, Any]) -> bool:
        """Whether :attr:`me` may read a history entry: its item (as it is now, or as the entry
        left it when removed) or both ends of its link; areas and organisations, anyone; the
        export log, people, anything else, editors."""
        me = self.me
        if me is None or me.role is Role.REDAKTOR:
            return True
        key = str(entry.get("key", ""))
        if "|" in key:
            return all(self._key_was_visible(end, None) for end in key.split("|")[::2])
        if key in self._categories or key in self._orgs:
            return True
        return (self._key_was_visible(key, entry.get("after") or entry.get("before"))
                and self._row_was_visible(key, entry))

    def _row_was_visible(self, key: str, entry: dict[str, Any]) -> bool:
        """Whether :attr:`me` could read the item as the entry found or left it: a change made
        while an item was internal stays out of sight once it is shared (the server's policy
        on its history says the same)."""
        cls: type[Risk | Decision] | None = (
            Risk if key.startswith("R-") else Decision if key.startswith("KL-") else None)
        docs = [d for d in (entry.get("after"), entry.get("before")) if isinstance(d, dict)]
        if cls is None or not docs:
            return True
        return any(self._gate_visible(cls, doc) for doc in docs)

    def _gate_visible(self, cls: type[Risk | Decision], doc: dict[str, Any]) -> bool:
        """Whether :attr:`me` may read an item like ``doc``, judged by what decides it (its
        kind, visibility, scope and submitter: :func:`riskreg.access.readable`) and kept by
        those: a person's history would otherwise build a model of every row, twice."""
        gate = (cls, doc.get("visibility"), json.dumps(doc.get("scope"), sort_keys=True),
                doc.get("submitted_by"))
        known = self._gates
        if known is None or known[0] is not self._directory:
            known = self._gates = (self._directory, {})
        found = known[1].get(gate)
        if found is None:
            try:
                found = self._visible(from_doc(doc, cls))
            except ValidationError:
                found = False
            known[1][gate] = found
        return found

    def _key_was_visible(self, key: str, doc: Any) -> bool:
        if key in self._risks or key in self._decisions or key in self._notes:
            return self._visible_key(key)
        if not isinstance(doc, dict):  # removed: judged by the last document there is
            return False
        cls: type[Risk | Decision | Note] | None = (
            Note if key.startswith("N-") else Risk if key.startswith("R-")
            else Decision if key.startswith("KL-") else None)
        if cls is None:
            return False
        try:
            return self._visible(from_doc(doc, cls))
        except ValidationError:
            return False

    # --- the export log (editions) -------------------------------------------------------------
    def content_hash(self) -> str:
        """SHA-256 of the content (name, matrix, areas, organisations, risks, decisions, links).

        Independent of the file's layout, its history and the export log: two exports
        with no change in between carry the same hash.
        """
        import hashlib
        import json

        content: dict[str, Any] = {"name": self.name, "matrix": dict(self._header.matrix)}
        for name in CORE_TABLES:
            table: _Table[Any] = getattr(self, _ATTRIBUTE[name])
            content[name] = [table.doc(key) for key in sorted(table.ids)]
        payload = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()

    def editions(self) -> list[Edition]:
        """Every recorded export, oldest first."""
        return self._editions.all()

    def latest_edition(self, code: str) -> Edition | None:
        """The newest complete edition sent to organisation ``code``, if any (an interrupted
        export does not count as received)."""
        for key in reversed(self._editions.keys()):
            edition = self._editions.get(key)
            if edition.complete and code in edition.recipients:
                return edition
        return None

    def received_edition(self, code: str) -> Edition | None:
        """The edition organisation ``code`` is known to have received: what "changed since
        your last edition" in its next report is measured against.

        Until riskreg has delivered a status to the organisation (no ``sent`` status message
        carrying it in the delivery log), its newest complete edition (:meth:`latest_edition`:
        the reports were passed on by hand). From then on only what was delivered counts: for
        each of its current status addresses that has been delivered anything, the newest
        edition delivered there, and of those the oldest, so an address whose message failed
        gets the changes again in the next report (the others get them in their message's
        body, which is measured per address). An address never delivered anything (one just
        added) does not hold the others back.
        """
        newest: dict[str, int] = {}
        for (address, org), number in self._delivered_editions().items():
            if org == code:
                newest[address] = max(number, newest.get(address, 0))
        if not newest:
            return self.latest_edition(code)
        current = {c.address for c in self._contacts.all()
                   if c.organisation == code and c.receives_status}
        numbers = [n for address, n in newest.items() if address in current]
        number = min(numbers) if numbers else max(newest.values())
        key = edition_key(number)
        return self._editions.get(key) if key in self._editions else None

    def delivered_edition(self, address: str, code: str) -> Edition | None:
        """The newest edition whose status for organisation ``code`` was delivered to
        ``address`` (None: never)."""
        number = self._delivered_editions().get((address, code))
        key = edition_key(number) if number else ""
        return self._editions.get(key) if key in self._editions else None

    def _delivered_editions(self) -> dict[tuple[str, str], int]:
        """(address, organisation) -> the newest edition delivered there."""
        from riskreg.delivery.model import DeliveryKind, Outcome

        found: dict[tuple[str, str], int] = {}
        for key in self._deliveries.ids:
            doc = self._deliveries.doc(key)
            if doc.get("kind") != DeliveryKind.STATUS or doc.get("outcome") != Outcome.SENT:
                continue
            for code in doc.get("organisations", ()):
                pair = (str(doc["address"]), str(code))
                found[pair] = max(int(doc["serial"]), found.get(pair, 0))
        return found

    def snapshot(self, snapshot_id: str) -> Snapshot | None:
        """The snapshot an edition refers to (None once no recipient's latest edition needs it)."""
        return self._snapshots.get(snapshot_id) if snapshot_id in self._snapshots else None

    def record_edition(self, edition: Edition, snapshot: Snapshot, *, why: str = "") -> Edition:
        """Append an export to the log with its snapshot, in one durable write.

        An export records its edition as incomplete before its files reach the output folder
        and completes it (:meth:`complete_edition`) once they are all durably there.
        Refused with ConflictError if another export took the number meanwhile.
        """
        with self._writing(why) as tx:
            self._require(Operation.RECORD_EDITION)
            if edition.key in self._editions:
                raise ConflictError(key=edition.key)
            if snapshot.id not in self._snapshots:
                self._put(tx, "_snapshots", snapshot.id, None, snapshot)
            self._record("_editions", edition.key, None, edition, "export", why)
            self._prune_snapshots(tx)
        return edition

    def complete_edition(self, number: int, *, why: str = "") -> Edition:
        """Record that edition ``number``'s files and manifest are durably in place: from now on
        its recipients count as having received it."""
        key = edition_key(number)
        with self._writing(why) as tx:
            self._require(Operation.RECORD_EDITION)
            if key not in self._editions:
                raise NotFoundError(key=key)
            old = self._editions.get(key)
            if old.complete:
                return old
            new = attrs.evolve(old, complete=True)
            self._record("_editions", key, old, new, "export_complete", why)
            self._prune_snapshots(tx)
        return new

    def _prune_snapshots(self, tx: _Transaction) -> None:
        """Drop snapshots no edition needs: each recipient's latest complete edition keeps its
        snapshot, and so does an incomplete edition newer than every complete one (an export
        still under way)."""
        editions = [self._editions.get(key) for key in sorted(self._editions.ids)]
        newest_complete = max((e.number for e in editions if e.complete), default=0)
        keep: dict[str, str] = {}
        for edition in editions:
            if edition.complete:
                for code in edition.recipients:
                    keep[code] = edition.snapshot
        needed = set(keep.values()) | {
            e.snapshot for e in editions if not e.complete and e.number > newest_complete
        }
        # and each address's newest delivered edition: its next message says what changed
        by_number = {e.number: e for e in editions}
        needed |= {by_number[n].snapshot for n in self._delivered_editions().values()
                   if n in by_number}
        for old_id in set(self._snapshots.ids) - needed:
            self._put(tx, "_snapshots", old_id, self._snapshots.get(old_id), None)

    # --- contacts and the delivery log -------------------------------------------------------
    def contacts(self, organisation: str | None = None) -> list[Contact]:
        """The contacts by key; with ``organisation`` (a code or name), that one's only."""
        found = self._contacts.all()
        if organisation is None:
            return found
        code = self._directory.get(organisation).code
        return [c for c in found if c.organisation == code]

    def contact(self, key: str) -> Contact:
        if key not in self._contacts:
            raise NotFoundError(key=key)
        return self._contacts.get(key)

    def next_contact_key(self) -> str:
        """The next free contact key (a removed contact's key is never given out again)."""
        from riskreg.delivery.model import CONTACT_KEY

        numbers = [int(k[2:]) for k in (*self._contacts.ids, *self._retired_set())
                   if CONTACT_KEY.match(k)]
        return f"C-{max(numbers, default=0) + 1:03d}"

    def add_contact(self, contact: Contact, *, why: str = "") -> Contact:
        """Add a contact: its organisation known, its key new, and no other contact of the
        organisation with the same role and address."""
        with self._writing(why):
            self._require(Operation.CONTACTS)
            self._refuse_used_key(contact.key, self._contacts)
            self._validate_contact(contact)
            self._record("_contacts", contact.key, None, contact, "contact_add", why)
        return contact

    def new_contact(self, *, why: str = "", **fields: Any) -> Contact:
        """Build and add a contact from loose fields, with the next free key if none is given."""
        with self._writing(why):
            if fields.get("key") is None:
                fields["key"] = self.next_contact_key()
            if isinstance(fields.get("organisation"), str):
                fields["organisation"] = self._directory.get(fields["organisation"]).code
            return self.add_contact(from_doc(_to_doc_fields(fields), self._contacts.cls),
                                    why=why)

    def update_contact(self, key: str, *, why: str = "", **changes: Any) -> Contact:
        """Change fields of a contact (its key stays)."""
        if "key" in changes:
            raise ValidationError("error.unsupported_change", field="key")
        with self._writing(why):
            self._require(Operation.CONTACTS)
            old = self.contact(key)
            doc = to_doc(old)
            unknown = changes.keys() - doc.keys()
            if unknown:
                raise ValidationError("error.extra_field", fields=", ".join(sorted(unknown)))
            if isinstance(changes.get("organisation"), str):
                changes["organisation"] = self._directory.get(changes["organisation"]).code
            doc.update({k: to_doc(v) for k, v in changes.items()})
            new = from_doc(doc, self._contacts.cls)
            if new == old:
                return old
            self._validate_contact(new)
            self._record("_contacts", key, old, new, "contact_update", why)
        return new

    def remove_contact(self, key: str, *, why: str = "") -> None:
        """Remove a contact (the delivery log keeps what was delivered to its address)."""
        with self._writing(why) as tx:
            self._require(Operation.CONTACTS)
            old = self.contact(key)
            self._record("_contacts", key, old, None, "contact_remove", why)
            self._retire(tx, key)

    def _validate_contact(self, contact: Contact) -> None:
        if contact.organisation not in self._directory:
            raise NotFoundError("error.unknown_org", code=contact.organisation)
        for other in self._contacts.all():
            if other.key != contact.key and (other.organisation, other.role, other.address) == (
                    contact.organisation, contact.role, contact.address):
                raise DuplicateKeyError("error.contact.duplicate", key=other.key,
                                        address=contact.address)

    def deliveries(self, kind: DeliveryKind | str | None = None,
                   serial: int | None = None) -> list[Delivery]:
        """The delivery log (by kind, serial, address), or the lines of one kind and serial."""
        found = self._deliveries.all()
        return [d for d in found if (kind is None or d.kind == kind)
                and (serial is None or d.serial == serial)]

    def delivery(self, key: str) -> Delivery | None:
        """One line of the delivery log by its key (``kind|serial|address``), or None."""
        return self._deliveries.get(key) if key in self._deliveries else None

    def claim_delivery(self, delivery: Delivery, *, resend_pending: bool = False,
                       why: str = "") -> Delivery | None:
        """Write ``delivery`` as pending, durably, unless its line says the message was sent
        (or is pending: it may have arrived; unless ``resend_pending``); None when it is
        not to be sent. Done under the register's lock, so two senders never both claim
        one message."""
        from riskreg.delivery.model import Outcome

        with self._writing(why):
            self._require(Operation.DELIVER)
            old = self.delivery(delivery.key)
            if old is not None and (old.outcome is Outcome.SENT or (
                    old.outcome is Outcome.PENDING and not resend_pending)):
                return None
            claimed = attrs.evolve(delivery, outcome=Outcome.PENDING,
                                   attempts=(old.attempts + 1) if old else 1)
            self._record("_deliveries", claimed.key, old, claimed, "delivery", why)
        return claimed

    def record_delivery(self, delivery: Delivery, *, why: str = "") -> Delivery:
        """Write one line of the delivery log (a new message, or what came of it), durably
        before returning; the history keeps every attempt."""
        with self._writing(why):
            self._require(Operation.DELIVER)
            key = delivery.key
            old = self._deliveries.get(key) if key in self._deliveries else None
            self._record("_deliveries", key, old, delivery, "delivery", why)
        return delivery

    # --- writing ------------------------------------------------------------------------------
    @contextlib.contextmanager
    def batch(self, why: str = "") -> Iterator[Register]:
        """Group changes: one lock, one durable write at the end, all or nothing."""
        if self._tx is not None:
            yield self
            return
        with self._writing(why):
            yield self

    @contextlib.contextmanager
    def _writing(self, why: str = "") -> Iterator[_Transaction]:
        if self._tx is not None:
            yield self._tx
            return
        with self._store.transaction() as store_tx:
            self._catch_up(store_tx)
            tx = _Transaction(self.user, why)
            self._tx = tx
            try:
                self._lapse_expired()
                yield tx
                if tx.touched:
                    self._save(store_tx, tx)
            except NotDurableError:
                # the new version is committed: show what is there rather than undo it
                self._install(self._store.load())
                raise
            except BaseException:
                self._rollback(tx)
                raise
            finally:
                self._tx = None

    def _save(self, store_tx: Transaction, tx: _Transaction) -> None:
        now = datetime.now(UTC).isoformat(timespec="seconds")
        _check_history_text("user", tx.user)
        for change in tx.changes:
            _check_history_text("why", change["why"])
            refuse_placeholder("why", change["why"])
        writes = [
            Write(_TABLE_OF[attribute], key, getattr(self, attribute).docs.get(key), base)
            for (attribute, key), base in tx.touched.items()
        ]
        entries = [Entry(user=tx.user, at=now, **change) for change in tx.changes]
        self._version = store_tx.commit(writes, entries)

    def _rollback(self, tx: _Transaction) -> None:
        self._retired_keys = None
        self._accepted_keys = None
        for attribute, key, old in reversed(tx.undo):
            if attribute == "_retired_kept":
                self._retired_kept = bool(old)
                continue
            table: _Table[Any] = getattr(self, attribute)
            if old is None:
                if key in table:
                    table.remove(key)
            else:
                table.put(key, old)
        self._graph = None

    def _put(self, tx: _Transaction, attribute: str, key: str, old: Any, new: Any) -> Any:
        """Apply one change to an in-memory table, noted for the commit and for undo; the new
        document (None for a removal)."""
        table: _Table[Any] = getattr(self, attribute)
        tx.undo.append((attribute, key, old))
        tx.touched.setdefault((attribute, key), getattr(old, "revision", None))
        if attribute == "_risks" and self._accepted_keys is not None:
            if getattr(new, "acceptance", None) is not None:
                self._accepted_keys.add(key)
            else:
                self._accepted_keys.discard(key)
        if new is None:
            table.remove(key)
            return None
        return table.put(key, new)

    def _record(
        self, table_name: str, key: str, old: Any, new: Any, action: str, why: str = ""
    ) -> None:
        """Apply one change to the in-memory tables and note it for history and undo."""
        tx = self._tx
        assert tx is not None, "changes happen inside _writing()"
        table: _Table[Any] = getattr(self, table_name)
        before = None if old is None else (
            table.doc(key) if key in table else to_doc(old)
        )
        after = self._put(tx, table_name, key, old, new)
        if after is not None and table_name in _USER_TEXT_TABLES:
            bidi.refuse_new(after, before)  # new text only: stored text may stay as it is
        self._sync_graph(table_name, key, old, new)
        tx.changes.append({
            "action": action, "key": key, "why": why or tx.why, "before": before, "after": after,
        })

    def _sync_graph(self, table_name: str, key: str, old: Any, new: Any) -> None:
        """Keep a built graph in step with one change (cheaper than rebuilding it)."""
        graph = self._graph
        if graph is None:
            return
        if table_name == "_links":
            if old is not None:
                graph.remove_link(old)
            if new is not None:
                graph.add_link(new)
        elif table_name in ("_risks", "_decisions") and new is None:
            graph.remove_item(key)
        elif table_name == "_risks":
            facts = self._risk_facts(self._risks.doc(key))
            # most edits (text, owner, actions, a review) change nothing the graph knows:
            # leave it, and its cached answers (exposed risks, conflicts), as they are
            if old is None or facts != self._risk_facts(to_doc(old)):
                graph.set_risk(key, facts)
        elif table_name == "_decisions" and (old is None or old.validity is not new.validity):
            graph.set_decision(key, new.validity)

    # --- areas ----------------------------------------------------------------------------------
    def add_category(self, category: Category, *, why: str = "") -> Category:
        """Add a risk area."""
        with self._writing(why):
            self._require(Operation.ADD)
            if category.key in self._categories:
                raise DuplicateKeyError(key=category.key)
            self._record("_categories", category.key, None, category, "add", why)
        return category

    # --- risks --------------------------------------------------------------------------------
    def next_risk_key(self) -> str:
        """The next free risk key: after every key in use or ever used (keys are never reused;
        a store that hides keys from the person, the server, is asked)."""
        numbers = [
            int(k[2:]) for k in (*self._risks.ids, *self._retired_set())
            if k.startswith("R-") and k[2:].isdigit()
        ]
        # a server knows keys this login may not read (another municipality's submission)
        on_server = self._store.highest_key("R-")
        return f"R-{max([*numbers, on_server or 0], default=0) + 1:03d}"

    def _retired_set(self) -> set[str]:
        """Keys of removed items. A register written before they were kept has no such table:
        its history tells (once; the table is written with the next save)."""
        if self._retired_keys is None:
            keys = set(self._retired.ids)
            if not self._retired_kept:
                keys.update(
                    c.key for c in self.history() if c.action == "remove" and "|" not in c.key
                )
            self._retired_keys = keys
        return self._retired_keys

    def _refuse_used_key(self, key: str, table: _Table[Any]) -> None:
        if key in table:
            raise DuplicateKeyError(key=key)
        if key in self._retired_set():
            raise DuplicateKeyError("error.key_retired", key=key)

    def add_risk(self, risk: Risk, *, why: str = "") -> Risk:
        """Add a risk; its key must be new (never used before), its area, scales, scope and
        reporters known."""
        with self._writing(why):
            self._require(Operation.ADD)
            self._refuse_used_key(risk.key, self._risks)
            risk = attrs.evolve(risk, revision=1, updated=self.today())
            self._validate_risk(risk)
            self._record("_risks", risk.key, None, risk, "add", why)
        return risk

    def new_risk(self, *, why: str = "", **fields: Any) -> Risk:
        """Build and add a risk from loose fields, with the next free key if none is given."""
        fields.setdefault("created", self.today())
        with self._writing(why):
            if fields.get("key") is None:  # key=None means "none given" too
                fields["key"] = self.next_risk_key()
            risk = from_doc(_to_doc_fields(fields), Risk)
            return self.add_risk(risk, why=why)

    def update_risk(
        self, key: str, *, why: str = "", expected_revision: int | None = None,
        add_actions: Sequence[Action] = (), complete_actions: Sequence[int] = (),
        **changes: Any,
    ) -> Risk:
        """Change fields of a risk; refused if it changed since ``expected_revision``.

        Its acceptance lapses if its risk value goes up (:mod:`riskreg.acceptance`). What a
        submission is, and an acceptance, change through their own operations
        (:meth:`take_submission`, :meth:`propose_acceptance`...). A project lead may change
        their organisation's pending submission, and in a joint risk what :meth:`recognise`
        and :meth:`set_action_status` change (the server allows them the same, field by
        field); everything else is an editor's.

        ``complete_actions`` (action numbers as listed, from 1) are marked done and
        ``add_actions`` appended, in the same change as the fields (one history entry);
        for one action alone see :meth:`add_action` and :meth:`complete_action`.
        """
        with self._writing(why):
            old = self._current(self._risks, key, expected_revision)
            self._require(Operation.READ, old)
            self._refuse_own_operation_fields(old, changes)
            if add_actions or complete_actions:
                if "actions" in changes:
                    raise ValidationError("error.unsupported_change",
                                          field="actions (with add_actions/complete_actions)")
                changes["actions"] = _actions_after(old, add_actions, complete_actions)
            new = _evolve(old, changes, self.today())
            self._require_risk_update(old, new)
            self._validate_risk(new)
            if old.visibility is not new.visibility:
                old = self._move_flags_that_will_stay("_risks", old, new.visibility)
                new = _evolve(old, changes, self.today())
            self._record("_risks", key, old, new, "update", why)
            if old.visibility is not new.visibility:
                self._settle_flags()
            if new.acceptance is not None:
                reason = acceptance_rules.value_rise(old, new, self._matrix, self.today())
                if reason is not None:
                    new = self._lapse(new, reason)
        return new

    def _refuse_own_operation_fields(self, old: Risk, changes: dict[str, Any]) -> None:
        for name, operation in _RISK_FIELDS_OWN_OPERATION.items():
            if name in changes:
                raise ValidationError("error.unsupported_change",
                                      field=f"{name} (use {operation})")
        if "visibility" in changes and old.is_submission != (
                _choice(Visibility, changes["visibility"]) is Visibility.SUBMITTED):
            operation = "take_submission" if old.is_submission else "submit_risk"
            raise ValidationError("error.unsupported_change",
                                  field=f"visibility (use {operation})")

    def _require_risk_update(self, old: Risk, new: Risk) -> None:
        """Refuse a change of ``old`` into ``new`` that :attr:`me` may not make: an editor's
        (EDIT; a pending submission: EDIT_SUBMISSION), unless it is only what a project lead
        may do in a joint risk: their organisation joining ``reported_by`` (RECOGNISE) and the
        status of their organisation's actions (ACTION_STATUS)."""
        me = self.me
        if me is None or me.role is Role.REDAKTOR or old.is_submission:
            self._require(Operation.EDIT, old)
            return
        before, after = to_doc(old), to_doc(new)
        changed = {k for k in before.keys() | after.keys()
                   if before.get(k) != after.get(k)} - {"revision", "updated"}
        added = set(new.reported_by) - set(old.reported_by)
        only_statuses = len(old.actions) == len(new.actions) and all(
            attrs.evolve(a, status=b.status) == b
            for a, b in zip(old.actions, new.actions, strict=True))
        if (not changed <= {"reported_by", "actions"} or len(added) > 1
                or not set(old.reported_by) <= set(new.reported_by) or not only_statuses):
            self._require(Operation.EDIT, old)
            return
        for code in sorted(added):
            self._require(Operation.RECOGNISE, old, organisation=code)
        for a, b in zip(old.actions, new.actions, strict=True):
            if a.status is not b.status:
                self._require(Operation.ACTION_STATUS, old, action=a)

    def add_action(
        self, key: str, action: Action, *, why: str = "", expected_revision: int | None = None
    ) -> Risk:
        """Append a proposed action to risk ``key`` (its number: the count of actions after)."""
        return self.update_risk(key, why=why, expected_revision=expected_revision,
                                add_actions=[action])

    def complete_action(
        self, key: str, number: int, *, why: str = "", expected_revision: int | None = None
    ) -> Risk:
        """Mark action ``number`` (as listed, from 1) of risk ``key`` done: its status, and
        nothing else, changes (:meth:`set_action_status`)."""
        index = number - 1 if isinstance(number, int) and not isinstance(number, bool) else -1
        return self.set_action_status(key, index, ActionStatus.DONE, why=why,
                                      expected_revision=expected_revision)

    def mark_reviewed(self, key: str, *, note: str = "") -> Risk | Decision:
        """Record that a risk (or flagged decision) was reviewed today; clears "needs review"."""
        with self._writing(note):
            if key in self._decisions:
                old_d = self._current(self._decisions, key, None)
                self._require(Operation.REVIEW, old_d)
                new_d = attrs.evolve(old_d, review_reasons=(), revision=old_d.revision + 1,
                                     updated=self.today())
                self._record("_decisions", key, old_d, new_d, "review", note)
                self._clear_raised(key, note)
                return new_d
            old = self._current(self._risks, key, None)
            self._require(Operation.REVIEW, old)
            new = attrs.evolve(old, last_reviewed=self.today(), review_reasons=(),
                               revision=old.revision + 1, updated=self.today())
            self._record("_risks", key, old, new, "review", note)
            self._clear_raised(key, note)
            return new

    def remove_risk(
        self, key: str, *, why: str = "", expected_revision: int | None = None
    ) -> None:
        """Remove a risk that has no links. Its key is never given to another risk."""
        with self._writing(why) as tx:
            old = self._current(self._risks, key, expected_revision)
            self._require(Operation.REMOVE, old)
            self._refuse_if_linked(key)
            self._record("_risks", key, old, None, "remove", why)
            self._retire(tx, key)

    def _retire(self, tx: _Transaction, key: str) -> None:
        retired = self._retired_set()
        if not self._retired_kept:  # an older register: keep what its history told
            tx.undo.append(("_retired_kept", "", False))
            self._retired_kept = True
            for old_key in sorted(retired - set(self._retired.ids)):
                self._put(tx, "_retired", old_key, None, RetiredKey(old_key, self.today()))
        self._put(tx, "_retired", key, None, RetiredKey(key, self.today()))
        retired.add(key)

    def _validate_risk(self, risk: Risk) -> None:
        self.category(risk.area)
        self._matrix.check(risk.inherent)
        if risk.residual is not None:
            self._matrix.check(risk.residual)
        self._validate_scope(risk)
        for code in risk.reported_by:
            # codes only: a name ("Partille") would be stored as given and never match a filter
            if code not in self._directory:
                raise NotFoundError("error.unknown_org", code=code)

    def _validate_scope(self, item: Risk | Decision) -> None:
        scope = item.scope
        known: set[str] | None = {
            ScopeKind.ASSOCIATION: self._directory.associations(),
            ScopeKind.CARE_AREA: self._directory.care_areas(),
            ScopeKind.MUNICIPALITIES: {o.code for o in self._directory},
        }.get(scope.kind)
        for name in scope.names:
            if known is not None and name not in known:
                kind = Term(word_id("scope_kind", scope.kind))
                raise ValidationError("error.unknown_scope_name", kind=kind, name=name)

    # --- submissions: a municipality's own risks ------------------------------------------------
    def submit_risk(self, *, organisation: str | None = None, why: str = "",
                    **fields: Any) -> Risk:
        """Submit an organisation's own risk (a project lead's: their organisation's, the
        default): visibility submitted, submitted and reported by the organisation, scoped to
        it unless ``scope`` is given, under the next free key. ``fields`` are those of
        :data:`SUBMISSION_FIELDS` (``title``, ``area`` and ``inherent`` needed).

        It stays inside the register, read by its organisation and the editors (never in a
        report or a dump for sharing), until an editor takes it into the joint analysis
        (:meth:`take_submission`) or its organisation withdraws it
        (:meth:`withdraw_submission`); meanwhile they may change it (:meth:`update_risk`).
        """
        org = self._organisation_for(organisation)
        extra = sorted(fields.keys() - SUBMISSION_FIELDS)
        if extra:
            raise ValidationError("error.unsupported_change", field=", ".join(extra))
        today = self.today()
        with self._writing(why):
            self._require(Operation.SUBMIT, organisation=org.code)
            doc = _to_doc_fields(fields)
            doc.setdefault("scope", to_doc(
                Scope.region() if org.is_region else Scope.municipalities(org.code)))
            doc.update(key=self.next_risk_key(), visibility=str(Visibility.SUBMITTED),
                       submitted_by=org.code, reported_by=[org.code], created=today.isoformat())
            risk = attrs.evolve(from_doc(doc, Risk), revision=1, updated=today)
            self._refuse_used_key(risk.key, self._risks)
            self._validate_risk(risk)
            self._record("_risks", risk.key, None, risk, "submit", why)
        return risk

    def submissions(self, organisation: str | None = None) -> list[Risk]:
        """The pending submissions (of ``organisation``, a code or name, if given) that
        :attr:`me` may read, by key."""
        code = None if organisation is None else self._directory.get(organisation).code
        return [r for r in self.risks() if r.is_submission
                and (code is None or r.submitted_by == code)]

    def withdraw_submission(self, key: str, *, why: str = "",
                            expected_revision: int | None = None) -> None:
        """Withdraw a pending submission (by its organisation's project lead or an editor):
        it is removed, and its key never given to another risk."""
        with self._writing(why) as tx:
            old = self._current(self._risks, key, expected_revision)
            self._require(Operation.READ, old)
            if not old.is_submission:
                raise ValidationError("error.not_a_submission", key=key)
            self._require(Operation.EDIT_SUBMISSION, old)
            self._refuse_if_linked(key)
            self._record("_risks", key, old, None, "withdraw", why)
            self._retire(tx, key)

    def take_submission(self, key: str, into: str | None = None, *, scope: Scope | None = None,
                        why: str = "", expected_revision: int | None = None) -> Risk:
        """Take a pending submission into the joint analysis (an editor).

        ``into=None``: it becomes a shared joint risk under its key (with ``scope`` if given,
        else the one it has), its organisation among those reporting it.
        ``into=KEY``: it is the same risk as joint risk ``KEY`` (see
        :meth:`submission_matches`): the organisation joins those reporting ``KEY``, the
        submission is removed and its key retired (its content stays in the history; its
        notes move to ``KEY``). Returns the joint risk.
        """
        with self._writing(why) as tx:
            old = self._current(self._risks, key, expected_revision)
            self._require(Operation.READ, old)
            if not old.is_submission:
                raise ValidationError("error.not_a_submission", key=key)
            self._require(Operation.TAKE_SUBMISSION, old)
            reporters = tuple(sorted({*old.reported_by, old.submitted_by}))
            today = self.today()
            if into is None:
                new = attrs.evolve(
                    old, visibility=Visibility.SHARED, submitted_by="",
                    scope=old.scope if scope is None else scope, reported_by=reporters,
                    revision=old.revision + 1, updated=today)
                self._validate_risk(new)
                self._record("_risks", key, old, new, "take", why)
                return new
            target = self._current(self._risks, into, None)
            if target.is_submission:
                raise ValidationError("error.is_a_submission", key=into)
            self._refuse_if_linked(key)
            joint = attrs.evolve(
                target, reported_by=tuple(sorted({*target.reported_by, *reporters})),
                revision=target.revision + 1, updated=today)
            if scope is not None:
                joint = attrs.evolve(joint, scope=scope)
            self._validate_risk(joint)
            self._record("_risks", into, target, joint, "take", why or f"{key} -> {into}")
            for note in self._notes.all():
                if note.key == key:
                    self._record("_notes", note.id, note, attrs.evolve(note, key=into),
                                 "update", why or f"{key} -> {into}")
            self._record("_risks", key, old, None, "take", why or f"{key} -> {into}")
            self._retire(tx, key)
            return joint

    def submission_matches(self, key: str, *, limit: int = 5) -> list[tuple[Risk, float]]:
        """The joint risks most like submission ``key`` (the similarity of
        ``import-submission``, 0 to 1, best first): candidates for ``take_submission(key,
        into=...)``."""
        from riskreg.exchange.submission import best_matches

        risk = self.risk(key)
        if not risk.is_submission:
            raise ValidationError("error.not_a_submission", key=key)
        return best_matches(self, risk.title, risk.description, limit=limit)

    def _organisation_for(self, organisation: str | None) -> Organisation:
        """The organisation an operation acts for: the one named (code or name), else
        :attr:`me`'s."""
        me = self.me
        code = organisation or (me.organisation if me is not None else None)
        if not code:
            raise ValidationError("error.organisation_required")
        return self._directory.get(code)

    # --- a project lead's part in the joint analysis: recognition, action status, notes -----
    def recognise(self, key: str, organisation: str | None = None, *, why: str = "") -> Risk:
        """Record that ``organisation`` (a code or name; :attr:`me`'s by default) recognises
        joint risk ``key``: it joins the risk's ``reported_by``, and only that changes."""
        org = self._organisation_for(organisation)
        with self._writing(why):
            old = self._current(self._risks, key, None)
            self._require(Operation.READ, old)
            if old.is_submission:
                raise ValidationError("error.is_a_submission", key=key)
            self._require(Operation.RECOGNISE, old, organisation=org.code)
            if org.code in old.reported_by:
                return old
            new = attrs.evolve(old, reported_by=(*old.reported_by, org.code),
                               revision=old.revision + 1, updated=self.today())
            self._validate_risk(new)
            self._record("_risks", key, old, new, "recognise", why)
        return new

    def set_action_status(self, key: str, index: int, status: ActionStatus | str, *,
                          why: str = "", expected_revision: int | None = None) -> Risk:
        """Change the status of action ``index`` (from 0) of risk ``key``, and nothing else:
        what a project lead does for the actions their organisation owns."""
        status = _choice(ActionStatus, status)
        with self._writing(why):
            old = self._current(self._risks, key, expected_revision)
            self._require(Operation.READ, old)
            action = self._action_of(old, key, index)
            self._require(Operation.ACTION_STATUS, old, action=action)
            if action.status is status:
                return old
            actions = list(old.actions)
            actions[index] = attrs.evolve(action, status=status)
            new = attrs.evolve(old, actions=tuple(actions), revision=old.revision + 1,
                               updated=self.today())
            self._record("_risks", key, old, new, "action_status", why)
        return new

    @staticmethod
    def _action_of(item: object, key: str, index: int) -> Action:
        actions = item.actions if isinstance(item, Risk) else ()
        if isinstance(index, bool) or not isinstance(index, int) or not (
                0 <= index < len(actions)):
            raise ValidationError("error.action_index", key=key,
                                  number=index + 1 if isinstance(index, int) else index,
                                  count=len(actions))
        return actions[index]

    def add_note(self, key: str, text: str, *, why: str = "") -> Note:
        """Add a note on risk or decision ``key``, by :attr:`me` (their organisation's; read
        by it, editors and assessors)."""
        with self._writing(why) as tx:
            item = self._item_or_note(key)
            if isinstance(item, Note):
                raise NotFoundError(key=key)
            self._require(Operation.NOTE, item)
            me = self.me
            number = sum(1 for c in tx.changes if c["action"] == "note") + 1
            note_id = f"N-{self._version.revision + 1}-{number}"
            while note_id in self._notes:  # pragma: no cover - a revision is written once
                number += 1
                note_id = f"N-{self._version.revision + 1}-{number}"
            note = Note(id=note_id, key=key, organisation=me.organisation if me else "",
                        by=self.user, on=self.today(), text=text)
            self._record("_notes", note.id, None, note, "note", why)
        return note

    def notes(self, key: str | None = None) -> list[Note]:
        """The notes :attr:`me` may read (on ``key`` if given), oldest first."""
        found = [n for n in self._notes.all()
                 if (key is None or n.key == key) and self._visible(n)]
        return sorted(found, key=_note_order)

    # --- acceptance ---------------------------------------------------------------------------
    def propose_acceptance(self, key: str, rationale: str, expires: date | str, *,
                           why: str = "") -> Risk:
        """Propose accepting risk ``key`` until ``expires`` (inclusive), with a rationale (an
        editor). Another editor approves it (:meth:`approve_acceptance`); a proposal replaces
        any earlier acceptance. It lapses as :mod:`riskreg.acceptance` says."""
        until = _as_date(expires)
        refuse_placeholder("rationale", rationale)
        with self._writing(why or rationale):
            old = self._current(self._risks, key, None)
            self._require(Operation.PROPOSE_ACCEPTANCE, old)
            if old.is_submission:
                raise ValidationError("error.is_a_submission", key=key)
            today = self.today()
            if until < today:
                raise ValidationError("error.acceptance_expires", today=today.isoformat(),
                                      expires=until.isoformat())
            proposal = Acceptance(proposed_by=self.user, proposed_on=today,
                                  rationale=rationale, expires=until)
            new = attrs.evolve(old, acceptance=proposal, revision=old.revision + 1,
                               updated=today)
            self._record("_risks", key, old, new, "propose_acceptance", why or rationale)
        return new

    def approve_acceptance(self, key: str, *, why: str = "") -> Risk:
        """Approve the proposed acceptance of risk ``key``: an editor other than the one who
        proposed it (on a file register: another user name). From now on, until it expires
        or lapses, the risk is accepted (:meth:`Risk.accepted`)."""
        with self._writing(why) as tx:
            old = self._current(self._risks, key, None)
            self._require(Operation.APPROVE_ACCEPTANCE, old)
            proposal = old.acceptance
            if proposal is None and key in tx.swept:  # it expired: cleared a moment ago
                raise ValidationError("error.acceptance_expired", key=key,
                                      expires=old.review_reasons[-1].detail)
            if proposal is None:
                raise ValidationError("error.no_acceptance", key=key)
            if proposal.approved:
                raise ValidationError("error.acceptance_approved", key=key,
                                      by=proposal.approved_by,
                                      on=str(proposal.approved_on))
            if proposal.proposed_by == self.user:
                raise AccessError("error.access.approve_own", key=key, who=self.user)
            today = self.today()
            approved = attrs.evolve(proposal, approved_by=self.user, approved_on=today)
            new = attrs.evolve(old, acceptance=approved, revision=old.revision + 1,
                               updated=today)
            self._record("_risks", key, old, new, "approve_acceptance", why)
        return new

    def reject_acceptance(self, key: str, *, why: str = "") -> Risk:
        """Turn down a proposed acceptance of risk ``key``, or revoke an approved one (an
        editor): the acceptance is cleared."""
        with self._writing(why):
            old = self._current(self._risks, key, None)
            self._require(Operation.PROPOSE_ACCEPTANCE, old)
            if old.acceptance is None:
                raise ValidationError("error.no_acceptance", key=key)
            new = attrs.evolve(old, acceptance=None, revision=old.revision + 1,
                               updated=self.today())
            self._record("_risks", key, old, new, "reject_acceptance", why)
        return new

    # --- decisions -----------------------------------------------------------------------------
    def add_decision(self, decision: Decision, *, why: str = "") -> Decision:
        """Add a decision; its key must be new."""
        with self._writing(why):
            self._require(Operation.ADD)
            self._refuse_used_key(decision.key, self._decisions)
            decision = attrs.evolve(decision, revision=1, updated=self.today())
            self._validate_scope(decision)
            self._record("_decisions", decision.key, None, decision, "add", why)
        return decision

    def new_decision(self, *, why: str = "", **fields: Any) -> Decision:
        """Build and add a decision from loose fields."""
        return self.add_decision(from_doc(_to_doc_fields(fields), Decision), why=why)

    def update_decision(
        self, key: str, *, why: str = "", expected_revision: int | None = None, **changes: Any
    ) -> Decision:
        """Change descriptive fields of a decision (use :meth:`assess` for its validity)."""
        if {"validity", "assessment", "review_by"} & changes.keys():
            raise ValidationError("error.unsupported_change", field="validity (use assess)")
        with self._writing(why):
            old = self._current(self._decisions, key, expected_revision)
            self._require(Operation.EDIT, old)
            new = _evolve(old, changes, self.today())
            self._validate_scope(new)
            if old.visibility is not new.visibility:
                old = self._move_flags_that_will_stay("_decisions", old, new.visibility)
                new = _evolve(old, changes, self.today())
            self._record("_decisions", key, old, new, "update", why)
            if (old.visibility, old.scope) != (new.visibility, new.scope):
                self._settle_flags()
        return new

    def assess(
        self,
        key: str,
        validity: Validity | str,
        *,
        rationale: str = "",
        review_by: date | None = None,
        by: str | None = None,
        on: date | None = None,
        expected_revision: int | None = None,
    ) -> Decision:
        """Record a decision's validity during the pause, with rationale and review-by date.

        If the validity changes, everything linked to the decision and everything
        resting on it is flagged "needs review" with the reason; when it stops applying, the
        acceptance of each risk it mitigates lapses (:mod:`riskreg.acceptance`).
        """
        validity = _choice(Validity, validity)
        refuse_placeholder("rationale", rationale)
        with self._writing(rationale):
            old = self._current(self._decisions, key, expected_revision)
            self._require(Operation.ASSESS, old)
            assessment = Assessment(by=by or self.user, on=on or self.today(), rationale=rationale)
            new = attrs.evolve(
                old, validity=validity, assessment=assessment,
                review_by=review_by if validity is Validity.UNCERTAIN else None,
                review_reasons=(), revision=old.revision + 1, updated=self.today(),
            )
            self._record("_decisions", key, old, new, "assess", rationale)
            self._clear_raised(key, rationale)  # assessed: reviewed, whoever flagged it
            if old.validity is not new.validity:
                reason = ReviewReason(
                    kind="validity_changed", trigger=key,
                    detail=f"{old.validity} -> {new.validity}", on=self.today(),
                )
                kept: list[str] = []
                for other in self._whole_graph().affected(key):
                    if self._flag_stays_with(new, other):
                        kept.append(other)
                    else:
                        self._flag(other, reason)
                self._raise_flags(new, kept, reason)
                self._lapse_mitigated(key, old.validity, new.validity)
        return new

    def _lapse_mitigated(self, decision: str, old: Validity | None,
                         new: Validity | None) -> None:
        """Lapse the acceptances of the risks ``decision`` mitigates, if it stopped applying
        (``new`` None: it stopped mitigating them)."""
        reason = acceptance_rules.mitigation_lost(decision, old, new, self.today())
        if reason is None:
            return
        for link in self._links.all():
            if (link.relation is Relation.MITIGATED_BY and link.target == decision
                    and link.source in self._accepted_set()):
                self._lapse(self._risks.get(link.source), reason, decision)

    def _lapse(self, risk: Risk, reason: ReviewReason, setter: str | None = None) -> Risk:
        """Clear the risk's acceptance and flag it for review with ``reason``; a flag that
        decision ``setter`` sets stays on its side when not every reader of the risk may read
        it (:meth:`_flag_stays_with`): the risk's document and history row then say only that
        its acceptance lapsed, not why."""
        decision = self._decisions.get(setter) if setter and setter in self._decisions else None
        if decision is None or not self._flag_stays_with(decision, risk.key):
            new = acceptance_rules.lapse(risk, reason)
            self._record("_risks", risk.key, risk, new, "lapse",
                         f"{reason.kind}: {reason.detail}")
            return new
        new = attrs.evolve(risk, acceptance=None, revision=risk.revision + 1)
        self._record("_risks", risk.key, risk, new, "lapse", LAPSE_UNSEEN)
        self._raise_flags(decision, [risk.key], reason)
        return new

    def _accepted_set(self) -> set[str]:
        """Keys of the risks that carry an acceptance (proposed or approved)."""
        if self._accepted_keys is None:
            docs = self._risks
            self._accepted_keys = {k for k in docs.ids if docs.doc(k).get("acceptance")}
        return self._accepted_keys

    def _lapse_expired(self) -> None:
        """Clear the acceptances that expired and flag their risks (see
        :mod:`riskreg.acceptance`): at the start of every write by an editor (anyone on a
        register without people), in the same commit."""
        me = self.me
        if me is not None and me.role is not Role.REDAKTOR:
            return
        today = self.today()
        tx = self._tx
        assert tx is not None, "inside _writing()"
        for key in sorted(self._accepted_set()):
            risk = self._risks.get(key)
            reason = acceptance_rules.expiry(risk, today)
            if reason is not None:
                tx.swept[key] = risk.revision
                self._lapse(risk, reason)

    def _flag_stays_with(self, decision: Decision, key: str,
                         visibility: Visibility | None = None) -> bool:
        """Whether the flag ``decision`` sets on ``key`` is kept on the decision's side: unless
        everyone who may read ``key`` may read the decision too (a shared decision whose
        scope is everyone, or an internal item, which only those read who read every
        decision; :func:`riskreg.access.readable`). ``visibility``: the item's, if it is about
        to change."""
        if decision.is_shared and decision.scope.kind is ScopeKind.ALL:
            return False
        if visibility is None:
            table = self._risks if kind_of_key(key) is ItemKind.RISK else self._decisions
            visibility = table.get(key).visibility
        return visibility is not Visibility.INTERNAL

    def _move_flags_that_will_stay(self, table_name: str, item: _Item,
                                   visibility: Visibility) -> _Item:
        """Before ``item`` takes ``visibility``: move the flags decisions set on it that will
        then stay on their side (:meth:`_flag_stays_with`) there, in a change of its own made
        while its readers are still the old ones, so that no history row its new readers read
        names those decisions. ``item`` as it is after (itself when nothing moves)."""
        moving = [r for r in item.review_reasons
                  if r.trigger != item.key and r.trigger in self._decisions
                  and self._flag_stays_with(self._decisions.get(r.trigger), item.key,
                                            visibility)]
        if not moving:
            return item
        new = attrs.evolve(item, revision=item.revision + 1, review_reasons=tuple(
            r for r in item.review_reasons if r not in moving))
        self._record(table_name, item.key, item, new, "flag", FLAGS_MOVED)
        for reason in moving:
            self._raise_flags(self._decisions.get(reason.trigger), [item.key], reason)
        return new

    def _raise_flags(self, decision: Decision, keys: list[str], reason: ReviewReason) -> None:
        """Flag ``keys`` for ``reason`` on the side of ``decision`` (see
        :meth:`_flag_stays_with`): in its own document (:class:`~riskreg.model.RaisedFlag`)
        and its own history, so that only those who may read the decision read the flag
        (issue 10). A reader of both sees the reason on the flagged item as if it were stored
        there."""
        if not keys:
            return
        flagged = set(keys)
        kept = tuple(f for f in decision.raised
                     if not (f.kind == reason.kind and f.item in flagged))
        raised = tuple(RaisedFlag(k, reason.kind, reason.detail, reason.on) for k in keys)
        new = attrs.evolve(decision, raised=(*kept, *raised), revision=decision.revision + 1)
        self._record("_decisions", decision.key, decision, new, "flag",
                     f"{', '.join(keys)}: {reason.detail}")

    def _settle_flags(self) -> None:
        """Move to a decision's side the flags it set that are stored on items and now stay
        with it (:meth:`_flag_stays_with`: the decision was made internal or its scope
        narrowed, or the flagged item was shared), so that a reader of the item who may not
        read the decision no longer reads them."""
        decisions = self._decisions
        for name in ("_risks", "_decisions"):
            table: _Table[Any] = getattr(self, name)
            for key, doc in list(table.ids.items()):
                triggers = {r.get("trigger") for r in doc.get("review_reasons") or ()
                            if isinstance(r, dict)}
                moving = {t for t in triggers if isinstance(t, str) and t != key
                          and t in decisions and self._flag_stays_with(decisions.get(t), key)}
                if not moving:
                    continue
                old = table.get(key)
                new = attrs.evolve(old, revision=old.revision + 1, review_reasons=tuple(
                    r for r in old.review_reasons if r.trigger not in moving))
                self._record(name, key, old, new, "flag", FLAGS_MOVED)
                for reason in old.review_reasons:
                    if reason.trigger in moving:
                        self._raise_flags(decisions.get(reason.trigger), [key], reason)

    def _clear_raised(self, key: str, note: str) -> None:
        """Take the flags on ``key`` kept on a setter's side off every setter (``key`` was
        reviewed)."""
        for setter in [k for k, doc in self._decisions.ids.items()
                       if any(isinstance(f, dict) and f.get("item") == key
                              for f in doc.get("raised") or ())]:
            old = self._decisions.get(setter)
            new = attrs.evolve(old, raised=tuple(f for f in old.raised if f.item != key),
                               revision=old.revision + 1, updated=self.today())
            self._record("_decisions", setter, old, new, "review", note or key)

    def _flag(self, key: str, reason: ReviewReason) -> None:
        table = self._risks if kind_of_key(key) is ItemKind.RISK else self._decisions
        name = "_risks" if table is self._risks else "_decisions"
        old = table.get(key)
        kept = tuple(
            r for r in old.review_reasons if (r.kind, r.trigger) != (reason.kind, reason.trigger)
        )
        new = attrs.evolve(old, review_reasons=(*kept, reason), revision=old.revision + 1)
        self._record(name, key, old, new, "flag", f"{reason.trigger}: {reason.detail}")

    # --- links ------------------------------------------------------------------------------
    def link(self, source: str, relation: Relation | str, target: str, *, note: str = "",
             why: str = "") -> Link:
        """Add a typed link; both keys must exist and depends_on/supersedes must stay acyclic."""
        link = Link(source, _choice(Relation, relation), target, note)
        with self._writing(why):
            self._require(Operation.LINK)
            for end in (source, target):
                if end not in self._risks and end not in self._decisions:
                    raise LinkError("error.link_missing", key=end)
            key = link_key(to_doc(link))
            if key in self._links:
                raise LinkError("error.link_exists", source=source,
                                relation=Term(word_id("relation", link.relation)),
                                target=target)
            cycle = self._whole_graph().would_close_cycle(link)
            if cycle:
                raise LinkError("error.link_cycle", cycle=" -> ".join(cycle))
            self._record("_links", key, None, link, "link", why)
        return link

    def unlink(self, source: str, relation: Relation | str, target: str, *, why: str = "") -> None:
        """Remove a link."""
        relation = _choice(Relation, relation)
        key = f"{source}|{relation}|{target}"
        with self._writing(why):
            self._require(Operation.LINK)
            if key not in self._links:
                raise LinkError("error.link_not_found", source=source,
                                relation=Term(word_id("relation", relation)),
                                target=target)
            self._record("_links", key, self._links.get(key), None, "unlink", why)
            if relation is Relation.MITIGATED_BY and source in self._accepted_set():
                reason = acceptance_rules.mitigation_lost(
                    target, self._decisions.get(target).validity, None, self.today())
                if reason is not None:
                    self._lapse(self._risks.get(source), reason, target)

    def _refuse_if_linked(self, key: str) -> None:
        touching = self.links(key)
        if touching:
            links = ", ".join(f"{x.source} {x.relation} {x.target}" for x in touching)
            raise LinkError("error.linked_item", key=key, links=links)

    # --- undo ------------------------------------------------------------------------------------
    def last_change(self) -> Undoable | None:
        """The change :meth:`undo` would take back: the newest change of :attr:`user` not yet
        undone (None: none); refused as :meth:`undo` would refuse it (UndoError). See
        :mod:`riskreg.undo`."""
        return self._undo_target(self.history())

    def _undo_target(self, history: list[Change]) -> Undoable | None:
        """The change undo takes back, checked: none of its items changed by someone else
        since, none removed, nothing of a kind undo does not take back."""
        target = undo_rules.last_change(history, self.user, self._store.own_history())
        if target is None:
            return None
        undo_rules.refuse_changed_since(target, history)
        for entry in target.entries:
            self._undoable(entry, target.revision)
        return target

    def undo(self, *, why: str = "", expected_revision: int | None = None) -> Undoable:
        """Take back :attr:`user`'s last change not yet undone, as a new change (history
        action ``undo``, with ``why``): its items as they were before it. Refused, with
        nothing written, when someone else changed one of them since
        (:class:`~riskreg.errors.UndoConflictError`), when it removed an item or is of a kind
        undo does not take back (:class:`~riskreg.errors.UndoError`), or when the reverse
        change is not the person's to make (AccessError). ``expected_revision``: the change
        the caller showed the person (:meth:`last_change`); refused if it is no longer the
        one undo would take back. Returns the change undone."""
        with self._writing(why) as tx:
            target = self._undo_target(self.history())
            if target is None:
                raise UndoError("error.undo.nothing", user=self.user)
            if expected_revision is not None and target.revision != expected_revision:
                raise UndoConflictError("error.undo.moved", expected=expected_revision,
                                        found=target.revision)
            for entry in reversed(target.entries):
                self._revert(tx, entry, target.revision, why)
        return target

    def _undoable(self, entry: Change, revision: int) -> None:
        kind = _undo_kind(entry.key, entry.before or entry.after)
        if kind is None or entry.action in ("take", "withdraw"):
            raise UndoError("error.undo.kind", key=entry.key, revision=revision,
                            what=Term(word_id("history", entry.action)))
        if kind != "_links" and entry.after is None:
            raise UndoError("error.undo.removed", key=entry.key, revision=revision)

    def _revert(self, tx: _Transaction, entry: Change, revision: int, why: str) -> None:
        """Put ``entry``'s item back as it was before it (see :meth:`undo`)."""
        name = _undo_kind(entry.key, entry.before or entry.after)
        assert name is not None, "checked by _undoable"
        table: _Table[Any] = getattr(self, name)
        key = entry.key
        if not undo_rules.same_content(table.docs.get(key), entry.after):
            raise UndoConflictError("error.undo.changed", key=key, revision=revision)
        current = table.get(key) if key in table else None
        if name == "_links":
            self._require(Operation.LINK)
            if entry.before is None:
                self._record(name, key, current, None, UNDO_ACTION, why)
                return
            link = from_doc(dict(entry.before), Link)
            for end in (link.source, link.target):
                if end not in self._risks and end not in self._decisions:
                    raise LinkError("error.link_missing", key=end)
            cycle = self._whole_graph().would_close_cycle(link)
            if cycle:
                raise LinkError("error.link_cycle", cycle=" -> ".join(cycle))
            self._record(name, key, None, link, UNDO_ACTION, why)
            return
        assert current is not None
        if entry.before is None:  # it was added: remove it (its key retired)
            operation = (Operation.EDIT_SUBMISSION if entry.action == "submit"
                         else Operation.REMOVE)
            self._require(operation, current)
            self._refuse_if_linked(key)
            self._record(name, key, current, None, UNDO_ACTION, why)
            self._retire(tx, key)
            return
        doc = {**entry.before, "revision": current.revision + 1,
               "updated": self.today().isoformat()}
        new = from_doc(doc, type(current))
        if entry.action in ("flag", "lapse"):
            pass  # set off by the change being undone: goes with it
        elif entry.action == "review":
            self._require(Operation.REVIEW, current)
        elif entry.action == "assess":
            self._require(Operation.ASSESS, current)
        elif isinstance(current, Risk):
            self._require_risk_update(current, new)
        else:
            self._require(Operation.EDIT, current)
        if isinstance(new, Risk):
            self._validate_risk(new)
        else:
            self._validate_scope(new)
        self._record(name, key, current, new, UNDO_ACTION, why)

    # --- helpers --------------------------------------------------------------------------------
    def _current(self, table: _Table[T], key: str, expected_revision: int | None) -> T:
        """The item to change. Refused with ConflictError when it is not at
        ``expected_revision``, or, without one, when another writer changed it after this
        register handed it out (the caller's copy is stale: read it again)."""
        if key not in table:
            raise NotFoundError(key=key)
        item = table.get(key)
        if expected_revision is None:
            if key in self._stale:
                raise ConflictError(key=key)
        elif item.revision != expected_revision:  # type: ignore[attr-defined]
            swept = self._tx.swept.get(key) if self._tx is not None else None
            if swept != expected_revision:
                raise ConflictError(key=key)
        return item


def check_user_name(name: str) -> None:
    """Who makes changes goes into every history line: one line of text, at most MAX_USER
    characters, no control characters."""
    if not isinstance(name, str) or not name.strip() or len(name) > MAX_USER or any(
        ch in name for ch in "\n\r\t"
    ):
        shown = repr(name)
        problem = ("empty" if isinstance(name, str) and not name.strip()
                   else f"longer than {MAX_USER} characters" if isinstance(name, str)
                   and len(name) > MAX_USER else "more than one line")
        raise ValidationError("error.field", field="user",
                              value=shown if len(shown) <= 60 else shown[:57] + "...",
                              problem=problem)
    _check_history_text("user", name)


def _check_history_text(field: str, value: str) -> None:
    """A why or a user name goes into the history as given: the rules of a model's text apply
    (no control characters or lone surrogates from invalid UTF-8, at most MAX_TEXT long)."""
    from riskreg.model import _CONTROL, MAX_TEXT

    if not isinstance(value, str) or len(value) > MAX_TEXT or _CONTROL.search(value):
        problem = "not text" if not isinstance(value, str) else (
            f"longer than {MAX_TEXT} characters" if len(value) > MAX_TEXT
            else "control character")
        shown = repr(value)
        raise ValidationError("error.field", field=field,
                              value=shown if len(shown) <= 60 else shown[:57] + "...",
                              problem=problem)
    bidi.refuse(field, value)


def _undo_kind(key: str, doc: Any) -> str | None:
    """The table attribute of a history entry's item, for undo: risks, decisions, links
    (None: a table undo does not take back)."""
    if "|" in key:
        return "_links" if isinstance(doc, dict) and "relation" in doc else None
    try:
        kind = kind_of_key(key)
    except ValidationError:
        return None
    return "_risks" if kind is ItemKind.RISK else "_decisions"


def _neighbour_order(n: Neighbour) -> tuple[str, str]:
    return (str(n.relation), n.key)


def _by(field: str) -> Callable[[dict[str, Any]], str]:
    def key_of(doc: dict[str, Any]) -> str:
        value = doc[field]
        if not isinstance(value, str):
            raise ValidationError("error.bad_document", problem=f"{field} {value!r}")
        return value

    return key_of


def _revision_of(entry: dict[str, Any]) -> int:
    """The revision a history entry was committed in (``rev``; 0 if it does not say)."""
    revision = entry.get("rev", 0)
    return revision if isinstance(revision, int) and not isinstance(revision, bool) else 0




def _as_date(value: date | str) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValidationError("error.bad_date", value=str(value)[:60]) from None


def _note_order(note: Note) -> tuple[date, int, int, str]:
    """Notes oldest first: by day, then the revision and number of their id."""
    parts = note.id.split("-")
    if len(parts) == 3 and parts[0] == "N":
        return (note.on, int(parts[1]), int(parts[2]), "")
    return (note.on, 0, 0, note.id)


def _to_doc_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """Loose keyword fields (models, enums, dates) as a document for from_doc."""
    return {k: to_doc(v) for k, v in fields.items() if v is not None}


def _actions_after(risk: Risk, added: Sequence[Action], done: Sequence[int]) -> tuple[Action, ...]:
    """``risk``'s actions with the numbers ``done`` (from 1) marked done and ``added`` after."""
    actions = list(risk.actions)
    for number in done:
        if isinstance(number, bool) or not isinstance(number, int) \
                or not 1 <= number <= len(actions):
            raise ValidationError("error.action_index", key=risk.key, number=number,
                                  count=len(actions))
        actions[number - 1] = attrs.evolve(actions[number - 1], status=ActionStatus.DONE)
    for action in added:
        if not isinstance(action, Action):
            raise ValidationError("error.invalid", detail=f"not an action: {action!r}")
        actions.append(action)
    return tuple(actions)


def _evolve(old: T, changes: dict[str, Any], today: date) -> T:
    """``old`` with ``changes`` applied through the converter, so loose values are checked too."""
    fixed = _ITEM_FIELDS_FIXED & changes.keys()
    if fixed:
        raise ValidationError("error.unsupported_change", field=", ".join(sorted(fixed)))
    doc = to_doc(old)
    unknown = changes.keys() - doc.keys()
    if unknown:
        raise ValidationError("error.extra_field", fields=", ".join(sorted(unknown)))
    doc.update({k: to_doc(v) for k, v in changes.items()})
    doc["revision"] = doc["revision"] + 1
    doc["updated"] = today.isoformat()
    return from_doc(doc, type(old))


__all__ = ["Rating", "Register", "current_user"]
