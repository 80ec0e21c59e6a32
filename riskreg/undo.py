"""Undo: take back a person's last change, as a new change with its own history entry.

A *change* is one commit of the register (one revision): everything one call of the
API (or one :meth:`~riskreg.register.Register.batch`) wrote, with what it set off (the
items an assessment flagged, the acceptances it made lapse). Undo writes the documents
as they were before that commit, in one new commit whose history entries have the
action ``undo`` (and the why given), so the history keeps both.

**Which change.** The person's changes, newest first, skipping those already undone:
pressing undo twice takes back the last two changes (there is no redo: make the change
again). :func:`last_change` finds it from the history alone: an undo commit takes back
the newest change of its person not yet taken back, so replaying the history tells which
are. Not counted as changes: records of what was sent (an export, a delivery), and the
register's own housekeeping inside a commit (expired acceptances cleared by any editor's
first write after the expiry, :mod:`riskreg.acceptance`).

**When it is refused** (:class:`~riskreg.errors.UndoError`, nothing written):

- someone else changed one of its items since (:class:`~riskreg.errors.UndoConflictError`
  names who and when): their change rests on yours, and undo never overwrites it;
- the change removed a risk or decision (its key is never used again, so undo cannot
  bring it back: add it anew), or it is of a kind undo does not take back (notes,
  contacts, risk areas, taking a submission in);
- the person may not make the reverse change (an :class:`~riskreg.errors.AccessError`,
  as for any change).

Risks, decisions and links are what undo takes back; a risk or decision it added is
removed (its key retired, as for any removal; refused while something links to it).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from attrs import frozen

from riskreg.acceptance import EXPIRED
from riskreg.errors import UndoConflictError, UndoError
from riskreg.model import Change

#: The history action of the entries an undo writes.
UNDO_ACTION = "undo"
#: Records of what was sent: not changes of the register's content, never undone.
RECORDS = frozenset({"export", "export_complete", "delivery"})
#: Fields the register sets on every write: not part of what a change changed.
BOOKKEEPING = frozenset({"revision", "updated"})


@frozen
class Undoable:
    """A person's change that undo takes back: the revision it was committed in, and its
    history entries to revert (in the order they were made)."""

    revision: int
    user: str
    entries: tuple[Change, ...]

    @property
    def keys(self) -> list[str]:
        """The items (and links) the change touched, in order, each once."""
        return list(dict.fromkeys(e.key for e in self.entries))

    @property
    def at(self) -> Any:
        """When the change was made."""
        return self.entries[0].at


def last_change(history: Iterable[Change], user: str,
                own: Iterable[Mapping[str, Any]] | None = None) -> Undoable | None:
    """``user``'s newest change not yet undone (None: none), from the history the person
    reads. ``own`` is the person's own entries as the store knows them also where the
    history hides them (a server: :meth:`~riskreg.storage.Store.own_history`); without it
    the history read holds them all (a file).

    Refused (:class:`~riskreg.errors.UndoError`) when the change is one the person can no
    longer read whole: it removed an item, or its item was changed out of their sight."""
    readable = [c for c in history if c.user == user and c.revision > 0]
    marks: list[tuple[int, str, str, str]] = (
        [(c.revision, c.action, c.key, c.why) for c in readable] if own is None else
        [(int(e["rev"]), str(e["action"]), str(e["key"]), str(e.get("why", "")))
         for e in own if e.get("user") == user and int(e["rev"]) > 0])
    commits: dict[int, list[tuple[str, str, str]]] = {}
    for revision, action, key, why in marks:
        commits.setdefault(revision, []).append((action, key, why))
    stack: list[int] = []
    for revision in sorted(commits):
        entries = commits[revision]
        if any(action == UNDO_ACTION for action, _key, _why in entries):
            if stack:
                stack.pop()
            continue
        if any(_counts(action, why) for action, _key, why in entries):
            stack.append(revision)
    if not stack:
        return None
    target = stack[-1]
    wanted = [(a, k) for a, k, w in commits[target] if _counts(a, w)]
    # the person's own entries: not those the server wrote in the same commit for them
    # (schema 7: an assessment's reach beyond what they read), which are not theirs to undo
    seen = tuple(c for c in readable if c.revision == target and _counts(c.action, c.why)
                 and (own is None or (c.action, c.key) in wanted))
    missing = [(a, k) for a, k in wanted if (a, k) not in {(c.action, c.key) for c in seen}]
    for action, key in missing:  # part of it is out of the person's sight now
        if action in ("remove", "withdraw", "take"):
            raise UndoError("error.undo.removed", key=key, revision=target)
        raise UndoConflictError("error.undo.changed", key=key, revision=target)
    return Undoable(target, user, seen)


def _counts(action: str, why: str) -> bool:
    """Whether a history entry is part of what a change changed (not a record of what was
    sent, not the register's housekeeping)."""
    return action not in RECORDS and not (action == "lapse" and why.startswith(f"{EXPIRED}:"))


def refuse_changed_since(target: Undoable, history: Iterable[Change]) -> None:
    """Refuse when anyone else changed one of the items of ``target`` after it."""
    keys = set(target.keys)
    for change in history:
        if change.revision > target.revision and change.key in keys and (
                change.user != target.user):
            raise UndoConflictError("error.undo.changed_since", key=change.key,
                                    user=change.user,
                                    at=change.at.astimezone().strftime("%Y-%m-%d %H:%M"),
                                    revision=target.revision)


def same_content(a: Mapping[str, Any] | None, b: Mapping[str, Any] | None) -> bool:
    """Whether two documents of an item hold the same content (bookkeeping aside)."""
    if a is None or b is None:
        return a is b
    return ({k: v for k, v in a.items() if k not in BOOKKEEPING}
            == {k: v for k, v in b.items() if k not in BOOKKEEPING})


def describe(target: Undoable, lang: str | None = None, *, limit: int = 3) -> str:
    """What ``target`` did, in one line: ``R-004 granskad; KL-2022-07 bedömd; … (+7)``
    (the first ``limit`` entries, in the order made, then how many more)."""
    from riskreg.words import link_words, word

    parts = [f"{link_words(e.key, lang)} {word('history', e.action, lang)}"
             for e in target.entries[:limit]]
    rest = len(target.entries) - limit
    return "; ".join(parts) + (f"; … (+{rest})" if rest > 0 else "")


__all__ = ["BOOKKEEPING", "RECORDS", "UNDO_ACTION", "Undoable", "describe", "last_change",
           "refuse_changed_since", "same_content"]
