"""The storage contract itself (:class:`riskreg.storage.Store`), for every store.

What the register relies on, asked of the store directly, once per store (``location``,
tests/stores.py): what is created is loaded (whatever the order of keys), a commit is all
or nothing, a write based on another revision is refused, what ``changes_since`` tells a
reader brings it to what ``load`` gives, ``find``/``get``, the history of a key (link keys
too), one writer at a time, and a register copied file -> server -> file is the same register
with the same history.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import stores
import strategies as s
from hypothesis import given, settings
from hypothesis import strategies as st
from stores import unchanged
from strategies import fixed_today, refused

import riskreg
from riskreg import (
    ConflictError,
    DuplicateKeyError,
    Rating,
    Register,
    RegisterExistsError,
    RegisterNotFoundError,
    RiskMatrix,
    ValidationError,
)
from riskreg.exchange.dump import dumps
from riskreg.serialize import matrix_to_doc, to_doc
from riskreg.storage import (
    CATEGORIES,
    DECISIONS,
    LINKS,
    ORGANISATIONS,
    RETIRED,
    RISKS,
    Content,
    Delta,
    Document,
    Entry,
    Header,
    Store,
    Version,
    Write,
    link_key,
    open_store,
)
from riskreg.transfer import copy_register

HEADER = Header(name="Kontraktet", created="2026-11-01",
                matrix=matrix_to_doc(RiskMatrix.swedish_4x4()))
AT = "2026-11-22T09:30:00+00:00"


def on_server(store: Store) -> bool:
    return store.kind == stores.SERVER


def examples(store_kind: str) -> int:
    """A property's examples (each makes a register): a sample in make test, smaller on the
    server, and 200 in make torture."""
    return s.examples(30 if store_kind == stores.FILE else 10, 200)


@pytest.fixture
def store(location: str) -> Iterator[Store]:
    opened = open_store(location)
    yield opened
    opened.close()


def tables_of(content: s.Contents, categories: tuple[riskreg.Category, ...] = s.AREAS,
              organisations: tuple[riskreg.Organisation, ...] = ()) -> dict[str, dict[str, Any]]:
    """A register's tables from generated content (items at revision 1, as the register
    writes them)."""
    stamp = {"revision": 1}
    return {
        CATEGORIES: {c.key: to_doc(c) for c in categories},
        ORGANISATIONS: {o.code: to_doc(o) for o in organisations},
        RISKS: {r.key: {**to_doc(r), **stamp} for r in content.risks},
        DECISIONS: {d.key: {**to_doc(d), **stamp} for d in content.decisions},
        LINKS: {link_key(to_doc(x)): to_doc(x) for x in content.links},
        RETIRED: {},
    }


def shown(tables: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Tables without the empty ones (a store may hold a table it was never given, empty)."""
    return {name: docs for name, docs in tables.items() if docs}


def reversed_keys(value: Any) -> Any:
    """The same JSON value with every object's keys in reverse order."""
    if isinstance(value, dict):
        return {k: reversed_keys(value[k]) for k in reversed(list(value))}
    if isinstance(value, list):
        return [reversed_keys(v) for v in value]
    return value


def a_risk(key: str, revision: int = 1, **fields: Any) -> Document:
    doc: Document = to_doc(riskreg.Risk(key=key, title=f"Risk {key}", area="it",
                                        inherent=Rating(2, 2), created=date(2026, 10, 1)))
    return {**doc, "revision": revision, **fields}


def a_decision(key: str, revision: int = 1, **fields: Any) -> Document:
    doc: Document = to_doc(riskreg.Decision(key=key, decided_on=date(2022, 3, 1),
                                            title=f"Beslut {key}", validity="applies"))
    return {**doc, "revision": revision, **fields}


def a_link(source: str, relation: str, target: str) -> Document:
    doc: Document = to_doc(riskreg.Link(source, riskreg.Relation(relation), target))
    return doc


def entry(key: str, action: str = "update", why: str = "test") -> Entry:
    return Entry(action=action, key=key, why=why, before=None, after={"key": key}, user="anna",
                 at=AT)


def small(store: Store) -> Content:
    """A register with risks R-001, R-002, decision KL-2022-01 and one link between them."""
    store.create(HEADER, {
        CATEGORIES: {c.key: to_doc(c) for c in s.AREAS},
        RISKS: {"R-001": a_risk("R-001"), "R-002": a_risk("R-002", area="vard")},
        DECISIONS: {"KL-2022-01": a_decision("KL-2022-01")},
        LINKS: {"R-001|mitigated_by|KL-2022-01": a_link("R-001", "mitigated_by", "KL-2022-01")},
    })
    return store.load()


def commit(store: Store, writes: list[Write], entries: list[Entry] | None = None) -> Version:
    with store.transaction() as tx:
        tx.load()
        return tx.commit(writes, entries if entries is not None else
                         [entry(w.key) for w in writes])


# --- create and load ------------------------------------------------------------------------


@pytest.mark.torture
def test_what_is_created_is_loaded_whatever_the_order_of_keys(
    locations: stores.Locations, store_kind: str
) -> None:
    @settings(max_examples=examples(store_kind))
    @given(content=s.contents(max_decisions=4, max_risks=4, max_links=6),
           categories=st.lists(s.categories, min_size=1, max_size=4,
                               unique_by=lambda c: c.key),
           revision=st.integers(0, 10_000))
    def created_is_loaded(content: s.Contents, categories: list[riskreg.Category],
                          revision: int) -> None:
        location = locations.new()
        tables = tables_of(content, tuple(categories))
        # the tables in another order, each document with its keys in reverse order, the items
        # and links in reverse order too (areas keep theirs: it is the register's order)
        given_tables = {
            name: {k: reversed_keys(docs[k])
                   for k in (docs if name == CATEGORIES else reversed(list(docs)))}
            for name, docs in reversed(list(tables.items()))
        }
        store = open_store(location)
        try:
            made = store.create(HEADER, given_tables, revision=revision)
            assert made.revision == revision
            loaded = store.load()
            assert loaded.version == made
            assert loaded.header == HEADER
            assert shown(loaded.tables) == shown(tables)
            # the order of areas is the register's order (shown so in lists and reports)
            assert list(loaded.tables[CATEGORIES]) == [c.key for c in categories]
            assert store.load().version == loaded.version  # no change, the same version
            assert not store.changed_since(loaded.version)
        finally:
            store.close()

    created_is_loaded()


def test_create_refuses_a_register_that_is_there(store: Store, location: str) -> None:
    assert not store.exists()
    with refused(RegisterNotFoundError):
        store.load()
    small(store)
    assert store.exists()
    with unchanged(location), refused(RegisterExistsError):
        open_store(location).create(HEADER, {RISKS: {"R-009": a_risk("R-009")}})


def test_a_discarded_register_is_gone(store: Store, location: str) -> None:
    small(store)
    store.discard()
    assert stores.fingerprint(location) is None
    other = open_store(location)
    assert not other.exists()
    with refused(RegisterNotFoundError):
        other.load()


# --- commits --------------------------------------------------------------------------------


def test_a_commit_is_durable_and_seen_by_every_client(store: Store, location: str) -> None:
    before = small(store)
    version = commit(store, [
        Write(RISKS, "R-001", a_risk("R-001", revision=2, owner="Anna"), base=1),
        Write(RISKS, "R-003", a_risk("R-003")),
        Write(LINKS, "R-001|mitigated_by|KL-2022-01", None),
        Write(RISKS, "R-002", None, base=1),
        Write(RETIRED, "R-002", {"key": "R-002", "on": "2026-11-22"}),
    ])
    assert version.revision == before.version.revision + 1 and version != before.version
    other = open_store(location)
    assert other.changed_since(before.version) and store.changed_since(before.version)
    assert not other.changed_since(version)
    after = other.load()
    assert after.version == version
    assert after.tables[RISKS] == {"R-001": a_risk("R-001", revision=2, owner="Anna"),
                                   "R-003": a_risk("R-003")}
    assert after.tables[LINKS] == {}
    assert after.tables[RETIRED] == {"R-002": {"key": "R-002", "on": "2026-11-22"}}


FAILING_WRITES: dict[str, tuple[Write, type[Exception], str | None]] = {
    "stale base": (Write(RISKS, "R-001", a_risk("R-001", revision=3), base=2),
                   ConflictError, "error.conflict"),
    "removal on a stale base": (Write(RISKS, "R-001", None, base=7),
                                ConflictError, "error.conflict"),
    "base of a missing item": (Write(DECISIONS, "KL-2022-09", a_decision("KL-2022-09", 2),
                                     base=1), ConflictError, "error.conflict"),
    "a new item under a taken key": (Write(RISKS, "R-002", a_risk("R-002")),
                                     DuplicateKeyError, "error.duplicate"),
    "a new item under a retired key": (Write(RISKS, "R-050", a_risk("R-050")),
                                       DuplicateKeyError, "error.key_retired"),
    "text with a lone surrogate": (Write(RISKS, "R-001", a_risk("R-001", 2, title="x\ud83c"),
                                         base=1), ValidationError, None),
}


@pytest.mark.parametrize("failing", list(FAILING_WRITES))
def test_a_commit_with_a_write_refused_in_the_middle_writes_nothing(
    store: Store, location: str, failing: str
) -> None:
    small(store)
    commit(store, [Write(RISKS, "R-050", a_risk("R-050")), Write(RISKS, "R-050", None, base=1),
                   Write(RETIRED, "R-050", {"key": "R-050", "on": "2026-11-22"})])
    write, error, message = FAILING_WRITES[failing]
    with unchanged(location), refused(error, message):
        commit(store, [
            Write(RISKS, "R-010", a_risk("R-010")),
            Write(RISKS, "R-002", a_risk("R-002", revision=2, owner="Bertil"), base=1),
            write,
            Write(LINKS, "R-010|mitigated_by|KL-2022-01",
                  a_link("R-010", "mitigated_by", "KL-2022-01")),
        ])
    # the store goes on, and its next commit holds none of the refused one
    version = commit(store, [Write(RISKS, "R-011", a_risk("R-011"))])
    loaded = open_store(location).load()
    assert loaded.version == version
    assert sorted(loaded.tables[RISKS]) == ["R-001", "R-002", "R-011"]
    assert loaded.tables[RISKS]["R-002"]["owner"] == ""
    assert [e["key"] for e in store.history()] == ["R-050", "R-050", "R-050", "R-011"]
    assert [e["seq"] for e in store.history()] == [1, 2, 3, 4]


def test_history_entries_with_text_that_cannot_be_stored_write_nothing(
    store: Store, location: str
) -> None:
    small(store)
    bad = Entry(action="update", key="R-001", why="fel \ud83c", before=None, after=None,
                user="anna", at=AT)
    with unchanged(location), refused(ValidationError):
        commit(store, [Write(RISKS, "R-001", a_risk("R-001", 2), base=1)], [bad])


def test_only_the_base_revision_matters_not_who_read_it(store: Store, location: str) -> None:
    """Two clients read revision 1; the first writes revision 2; the second's write based on 1
    is refused, its write based on 2 goes through."""
    small(store)
    other = open_store(location)
    other.load()
    commit(store, [Write(RISKS, "R-001", a_risk("R-001", 2, owner="A"), base=1)])
    with unchanged(location), refused(ConflictError, key="R-001"):
        commit(other, [Write(RISKS, "R-001", a_risk("R-001", 2, owner="B"), base=1)])
    commit(other, [Write(RISKS, "R-001", a_risk("R-001", 3, owner="B"), base=2)])
    assert store.load().tables[RISKS]["R-001"]["owner"] == "B"
    other.close()


# --- what changed since a version -------------------------------------------------------------


def apply(tables: dict[str, dict[str, Any]], delta: Delta) -> None:
    for name, docs in delta.written.items():
        tables.setdefault(name, {}).update(docs)
    for name, keys in delta.removed.items():
        for key in keys:
            tables.get(name, {}).pop(key, None)


@st.composite
def change_plans(draw: st.DrawFn) -> list[list[tuple[str, Any]]]:
    """Commits of adds, edits, removals (with their retired key), links and unlinks, areas:
    each a list of (operation, argument) the test turns into writes valid for any store."""
    return draw(st.lists(
        st.lists(st.tuples(st.sampled_from(["add", "edit", "remove", "link", "unlink", "area"]),
                           st.integers(0, 1000)), min_size=1, max_size=4),
        min_size=1, max_size=8))


@pytest.mark.torture
def test_changes_since_a_version_bring_a_reader_to_what_load_gives(
    locations: stores.Locations, store_kind: str
) -> None:
    @settings(max_examples=examples(store_kind))
    @given(plan=change_plans(), read_every=st.integers(1, 3))
    def reader_catches_up(plan: list[list[tuple[str, Any]]], read_every: int) -> None:
        location = locations.new()
        writer, reader = open_store(location), open_store(location)
        try:
            writer.create(HEADER, {CATEGORIES: {"it": to_doc(s.AREAS[0])},
                                   DECISIONS: {"KL-2022-01": a_decision("KL-2022-01")}})
            seen = reader.load()
            tables, version = seen.tables, seen.version
            state = {"risks": {}, "links": set(), "next": 1}
            for n, ops in enumerate(plan, 1):
                writes = _writes(state, ops)
                if writes:
                    commit(writer, writes)
                if n % read_every and n != len(plan):
                    continue
                with reader.transaction() as tx:  # inside a transaction as well as outside
                    assert (tx.changes_since(version) is None) == (
                        reader.changes_since(version) is None)
                delta = reader.changes_since(version)
                now = writer.load()
                if delta is None:  # a file: only a reload can tell
                    assert store_kind == stores.FILE and reader.changed_since(version)
                    tables, version = reader.load().tables, now.version
                else:
                    assert delta.empty == (delta.version == version)
                    apply(tables, delta)
                    version = delta.version
                assert version == now.version
                assert shown(tables) == shown(now.tables)
                assert not reader.changed_since(version)
        finally:
            writer.close()
            reader.close()

    reader_catches_up()


def _writes(state: dict[str, Any], ops: list[tuple[str, Any]]) -> list[Write]:
    """Writes for ``ops`` against ``state`` (the risks' revisions, the links), which they
    update: only what any store accepts (no reused key, no link to nothing)."""
    writes: list[Write] = []
    risks: dict[str, int] = state["risks"]
    links: set[str] = state["links"]
    touched: set[str] = set()
    for op, n in ops:
        keys = sorted(k for k in risks if k not in touched)
        if op == "add" or (not keys and op in ("edit", "remove", "link")):
            key = f"R-{state['next']:03d}"
            state["next"] += 1
            risks[key] = 1
            writes.append(Write(RISKS, key, a_risk(key, owner=f"ägare {n} 🏥")))
        elif op == "edit":
            key = keys[n % len(keys)]
            risks[key] += 1
            writes.append(Write(RISKS, key, a_risk(key, risks[key], owner=f"ny {n}"),
                                base=risks[key] - 1))
        elif op == "remove":
            free = [k for k in keys if not any(link.startswith(k + "|") for link in links)]
            if not free:
                continue
            key = free[n % len(free)]
            writes.append(Write(RISKS, key, None, base=risks.pop(key)))
            writes.append(Write(RETIRED, key, {"key": key, "on": "2026-11-22"}))
        elif op == "link":
            key = f"{keys[n % len(keys)]}|mitigated_by|KL-2022-01"
            if key in links:
                continue
            links.add(key)
            writes.append(Write(LINKS, key, a_link(key.split("|")[0], "mitigated_by",
                                                   "KL-2022-01")))
        elif op == "unlink" and links:
            key = sorted(links)[n % len(links)]
            links.discard(key)
            writes.append(Write(LINKS, key, None))
        elif op == "area":
            area = f"omrade-{n}"
            writes.append(Write(CATEGORIES, area, {"key": area, "name": f"Område {n}",
                                                   "description": ""}))
        touched.update(w.key for w in writes)
    return writes


def test_a_waiting_client_hears_of_another_clients_commit(store: Store, location: str) -> None:
    seen = small(store).version
    assert not store.wait_for_change(seen, 0.3)  # nothing came
    heard: list[bool] = []
    waiting = threading.Thread(target=lambda: heard.append(store.wait_for_change(seen, 60)))
    waiting.start()
    other = open_store(location)
    commit(other, [Write(RISKS, "R-003", a_risk("R-003"))])
    waiting.join(60)
    assert heard == [True]
    assert store.changed_since(seen) and store.wait_for_change(seen, 0)
    other.close()


# --- find and get ---------------------------------------------------------------------------


def test_find_and_get(store: Store, location: str) -> None:
    small(store)
    commit(store, [Write(RISKS, "R-003", a_risk("R-003", status="closed", owner="Anna")),
                   Write(RISKS, "R-004", a_risk("R-004", area="vard", status="closed"))])
    reader = open_store(location)
    risks = reader.load().tables[RISKS]
    assert reader.find(RISKS) == risks
    assert sorted(reader.find(RISKS, area="it")) == ["R-001", "R-003"]
    assert sorted(reader.find(RISKS, area="vard", status="closed")) == ["R-004"]
    assert reader.find(RISKS, area="okänt") == {}
    assert reader.find(RISKS, owner="Anna") == {"R-003": risks["R-003"]}
    assert reader.find(RISKS, revision="1") == {}  # a number is not the text "1"
    assert sorted(reader.find(DECISIONS, validity="applies")) == ["KL-2022-01"]
    assert reader.find(CATEGORIES, key="vard") == {"vard": to_doc(s.AREAS[1])}
    assert reader.get(RISKS, "R-003") == risks["R-003"]
    assert reader.get(RISKS, "R-999") is None
    assert reader.get(RISKS, "KL-2022-01") is None  # a decision is not in the risks
    assert reader.get(DECISIONS, "KL-2022-01") == a_decision("KL-2022-01")
    assert reader.get(LINKS, "R-001|mitigated_by|KL-2022-01") == a_link(
        "R-001", "mitigated_by", "KL-2022-01")
    assert reader.get(CATEGORIES, "lakemedel") == to_doc(s.AREAS[2])
    assert reader.header() == HEADER == reader.load().header
    assert list(reader.find(CATEGORIES)) == [a.key for a in s.AREAS]  # the register's order
    # another client's commit is seen by the next question
    commit(store, [Write(RISKS, "R-001", a_risk("R-001", 2, area="vard"), base=1)])
    assert sorted(reader.find(RISKS, area="vard")) == ["R-001", "R-002", "R-004"]
    assert reader.get(RISKS, "R-001") == a_risk("R-001", 2, area="vard")
    reader.close()


def test_the_highest_key_counts_retired_keys_where_the_store_answers(store: Store) -> None:
    """A server answers (it may hold keys this login cannot read); a file leaves it to the
    register, which holds every key."""
    small(store)
    commit(store, [Write(RISKS, "R-007", a_risk("R-007")), Write(RISKS, "R-007", None, base=1),
                   Write(RETIRED, "R-007", {"key": "R-007", "on": "2026-11-22"})])
    found = store.highest_key("R-")
    assert found is None if store.kind == stores.FILE else found == 7
    assert store.highest_key("X-") in (None, 0)


# --- history --------------------------------------------------------------------------------

HISTORY_KEYS = ["R-001", "R-0010", "KL-2022-01", "R-001|mitigated_by|KL-2022-01",
                "R-0010|aggravates|R-001", "a_b", "axb", "x%y", "xzy", "edition-000001"]


def test_history_of_a_key_holds_its_links_and_nothing_else(store: Store, location: str) -> None:
    small(store)
    given_entries = [
        Entry(action="update", key=key, why=f"varför {n} – åäö 🏥", before={"n": n},
              after=None if n % 3 else {"n": n + 1, "ä": ["x"]}, user=f"user {n}", at=AT)
        for n, key in enumerate(HISTORY_KEYS)
    ]
    commit(store, [], given_entries[:4])
    commit(store, [], given_entries[4:])
    everything = open_store(location).history()
    who = store.identity()  # the server records the login's person; a file what it is given
    assert [e["seq"] for e in everything] == list(range(1, len(HISTORY_KEYS) + 1))
    assert [e["rev"] for e in everything] == [1] * 4 + [2] * (len(HISTORY_KEYS) - 4)
    for got, want in zip(everything, given_entries, strict=True):
        assert {k: got[k] for k in ("action", "key", "why", "before", "after", "user", "at")} \
            == {"action": want.action, "key": want.key, "why": want.why, "before": want.before,
                "after": want.after, "user": who or want.user, "at": want.at}

    def keys(key: str) -> list[str]:
        return [e["key"] for e in store.history(key)]

    assert keys("R-001") == ["R-001", "R-001|mitigated_by|KL-2022-01", "R-0010|aggravates|R-001"]
    assert keys("R-0010") == ["R-0010", "R-0010|aggravates|R-001"]
    assert keys("KL-2022-01") == ["KL-2022-01", "R-001|mitigated_by|KL-2022-01"]
    assert keys("a_b") == ["a_b"]
    assert keys("x%y") == ["x%y"]
    assert keys("R-00") == []
    assert keys("edition-000001") == ["edition-000001"]


def test_a_copied_history_goes_on_after_its_last_entry(locations: stores.Locations) -> None:
    """A history with gaps (entries lost from a file and counted as lost) keeps its numbers:
    the next entry comes after the last one, never on top of one."""
    store = open_store(locations.new())
    history = [{"seq": seq, "rev": seq, "at": AT, "user": "anna", "action": "add",
                "key": f"R-{seq:03d}", "why": "", "before": None, "after": None}
               for seq in (1, 2, 5)]
    store.create(HEADER, {CATEGORIES: {"it": to_doc(s.AREAS[0])}}, history=history, revision=5)
    version = commit(store, [Write(RISKS, "R-006", a_risk("R-006"))])
    assert version.revision == 6
    assert [(e["seq"], e["rev"]) for e in store.history()] == [(1, 1), (2, 2), (5, 5), (6, 6)]
    store.close()


# --- one writer at a time -------------------------------------------------------------------


def test_one_transaction_at_a_time_between_threads(store: Store, location: str) -> None:
    small(store)
    seen: list[int] = []
    failures: list[BaseException] = []

    def second() -> None:
        try:
            other = open_store(location)
            with other.transaction() as tx:  # only once the first has committed
                seen.append(tx.load().version.revision)
            other.close()
        except BaseException as exc:  # pragma: no cover - reported below
            failures.append(exc)

    with store.transaction() as tx:
        tx.load()
        waiting = threading.Thread(target=second)
        waiting.start()
        waiting.join(0.3)  # the second client asks meanwhile, and waits
        assert waiting.is_alive() and not seen
        tx.commit([Write(RISKS, "R-003", a_risk("R-003"))], [entry("R-003", "add")])
        with pytest.raises(RuntimeError):  # a transaction ends with its commit
            tx.commit([Write(RISKS, "R-004", a_risk("R-004"))], [entry("R-004", "add")])
    waiting.join(30)
    assert not failures, failures
    assert seen == [1]  # it got in after the first had committed, and saw its commit
    assert sorted(open_store(location).load().tables[RISKS]) == ["R-001", "R-002", "R-003"]


HOLDER = textwrap.dedent(
    """
    import sys
    from riskreg.storage import open_store, Write, Entry
    from riskreg.serialize import to_doc

    location, doc = sys.argv[1], sys.argv[2]
    store = open_store(location)
    import json
    with store.transaction() as tx:
        tx.load()
        print("IN", flush=True)
        sys.stdin.readline()
        tx.commit([Write("risks", "R-003", json.loads(doc))],
                  [Entry("add", "R-003", "", None, None, "holder", "2026-11-22T09:30:00+00:00")])
    print("OUT", flush=True)
    """
)


def test_one_transaction_at_a_time_between_processes(store: Store, location: str) -> None:
    small(store)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, location, json.dumps(a_risk("R-003"))],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    assert holder.stdin is not None and holder.stdout is not None
    try:
        assert holder.stdout.readline() == b"IN\n", holder.stderr.read() if holder.stderr else ""
        seen: list[int] = []

        def second() -> None:
            with store.transaction() as tx:
                seen.append(tx.load().version.revision)

        waiting = threading.Thread(target=second)
        waiting.start()
        waiting.join(0.3)  # asked while the other process holds it: waits
        assert waiting.is_alive() and not seen
        holder.stdin.write(b"go\n")
        holder.stdin.flush()
        waiting.join(30)
        assert seen == [1]  # it got in after the other process had committed
        assert holder.stdout.readline() == b"OUT\n"
        assert holder.wait(30) == 0
    finally:
        if holder.poll() is None:
            holder.kill()
        holder.wait(10)
        for stream in (holder.stdin, holder.stdout, holder.stderr):
            if stream is not None:
                stream.close()


# --- a register copied between stores -------------------------------------------------------


def _history_fields(register: Register) -> list[tuple[Any, ...]]:
    return [(c.seq, c.at, c.user, c.action, c.key, c.why, c.before, c.after)
            for c in register.history()]


@pytest.mark.slow
def test_a_register_copied_file_to_server_to_file_is_the_same_register(
    example_path: Path, server_location: str, tmp_path: Path
) -> None:
    with Register.open(example_path, user="anna", today=fixed_today) as reg:
        riskreg.export_reports(reg, tmp_path / "ut-1", recipients=["1421", "1407"],
                               formats="json")
        riskreg.export_reports(reg, tmp_path / "ut-2", recipients=["1421"], formats="json")
        removed = reg.new_risk(title="Tas bort", area=reg.categories()[0].key,
                               inherent=Rating(1, 1), why="tillfällig")
        reg.remove_risk(removed.key, why="dubblett")
        reg.assess(reg.decisions()[0].key, "suspended", rationale="pausen")
    back = tmp_path / "tillbaka.json"
    there = copy_register(example_path, server_location)
    again = copy_register(server_location, back)
    assert there.history == again.history > 0 and there.revision == again.revision
    registers = [Register.open(where, today=fixed_today)
                 for where in (example_path, server_location, back)]
    try:
        first = registers[0]
        assert first.editions() and removed.key not in first
        for other in registers[1:]:
            assert dumps(other) == dumps(first)
            assert dumps(other, shared_only=True) == dumps(first, shared_only=True)
            assert _history_fields(other) == _history_fields(first)
            assert other.revision == first.revision
            assert other.editions() == first.editions()
            assert [other.snapshot(e.snapshot) for e in other.editions()] == [
                first.snapshot(e.snapshot) for e in first.editions()]
            assert other.next_risk_key() == first.next_risk_key()
            assert other.check() == first.check()
        # the history as stored, entry by entry and field by field (as text: no parsing that
        # could hide a changed time zone or precision)
        histories = [open_store(where).history()
                     for where in (example_path, server_location, back)]
        assert histories[1] == histories[0] and histories[2] == histories[0]
        assert {tuple(sorted(e)) for e in histories[0]} == {
            ("action", "after", "at", "before", "key", "rev", "seq", "user", "why")}
        # the stored tables, table by table (the removed keys too)
        contents = [open_store(where).load() for where in (example_path, server_location, back)]
        for content in contents[1:]:
            assert shown(content.tables) == shown(contents[0].tables)
            assert content.tables[RETIRED] and removed.key in content.tables[RETIRED]
            assert content.header == contents[0].header
        # and the copy goes on like the original: the next key is not the removed one
        assert registers[1].new_risk(title="Ny", area=first.categories()[0].key,
                                     inherent=Rating(1, 1)).key == first.next_risk_key()
        # only the history a register is made with keeps its authors: from then on the
        # server records the login's person, whatever a client writes (here by hand)
        assert registers[1].history()[-1].user == open_store(server_location).identity()
        import psycopg

        with psycopg.connect(stores.database_url(server_location)) as conn:
            conn.execute(
                "INSERT INTO riskreg.history (register, seq, revision, at, \"user\", action, "
                "key, why) SELECT id, changes + 1, revision, now(), 'någon annan', 'update', "
                "'R-001', 'för hand' FROM riskreg.registers WHERE name = %s",
                (stores.split_name(server_location),))
        assert open_store(server_location).history("R-001")[-1]["user"] == registers[1].user
    finally:
        for register in registers:
            register.close()
    with refused(RegisterExistsError), unchanged(back):
        copy_register(server_location, back)


@pytest.mark.postgres
def test_the_fingerprint_covers_every_table_of_the_server(server_location: str) -> None:
    """stores.fingerprint reads every table with a register's rows: a table added to the schema
    must be added there too, or 'nothing was written' would miss it."""
    import psycopg

    Register.create(server_location, categories=s.AREAS).close()
    with psycopg.connect(stores.database_url(server_location)) as conn:
        found = {name for (name,) in conn.execute(
            "SELECT table_name FROM information_schema.columns "
            "WHERE table_schema = 'riskreg' AND column_name = 'register'")}
    assert found == set(stores.SERVER_TABLES)

