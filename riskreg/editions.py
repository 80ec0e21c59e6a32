"""The edition log: every status export to the municipalities, recorded in the register.

An :class:`Edition` says who exported what to whom and when: its number, the
register's content hash, the recipients, and every file written with its
SHA-256. Beside it the register keeps a :class:`Snapshot` of what each
recipient saw (per item: a digest of its exported content, its status or
validity, its value, and which recipients it concerned), so the next edition
can tell each municipality exactly what changed since *its* previous edition.
A snapshot is shared by all recipients of an edition and dropped once no
recipient's latest edition refers to it.

An export is recorded twice: first as incomplete (which takes its number and keeps
its snapshot) before any file reaches the output folder, then as complete once every
file and the manifest are durably there. Only complete editions count as received.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from attrs import field, frozen

EDITION_KEY_WIDTH = 6


@frozen
class EditionFile:
    """One file of an edition: its path inside the output folder, format, recipient and hash."""

    path: str
    format: str
    recipient: str  # organisation code, "" for the index
    sha256: str
    size: int


@frozen
class Edition:
    """One export: number, when, by whom, of which register content, to whom, which files."""

    number: int
    at: datetime
    by: str
    register_hash: str
    lang: str
    formats: tuple[str, ...]
    recipients: tuple[str, ...]
    snapshot: str
    files: tuple[EditionFile, ...] = ()
    manifest_sha256: str = ""
    # False from the moment the export is recorded (its number taken) until its files and
    # manifest are durably in the folder; an edition that stays so was interrupted, and its
    # recipients are not counted as having received it
    complete: bool = True

    @property
    def key(self) -> str:
        """The edition's key in the register's log (and history): ``edition-000003``."""
        return edition_key(self.number)


def edition_key(number: int) -> str:
    return f"edition-{number:0{EDITION_KEY_WIDTH}d}"


@frozen
class SnapshotItem:
    """What one recipient saw of one item: content digest, status/validity, value."""

    digest: str
    state: str  # a risk's status or a decision's validity
    value: int  # a risk's value now (0 for decisions)


@frozen
class Snapshot:
    """What an edition's recipients saw: per item, its facts and which recipients it concerned.

    ``items`` maps a key to ``[digest, state, value, mask]``; bit *i* of the hex
    ``mask`` says whether the item concerned ``recipients[i]``.
    """

    id: str
    recipients: tuple[str, ...]
    items: dict[str, tuple[str, str, int, str]] = field(factory=dict)

    @classmethod
    def make(
        cls, recipients: tuple[str, ...], items: dict[str, tuple[str, str, int, int]]
    ) -> Snapshot:
        """A snapshot from ``key -> (digest, state, value, mask)``; its id hashes its content."""
        stored = {
            key: (digest, state, value, format(mask, "x"))
            for key, (digest, state, value, mask) in sorted(items.items())
        }
        payload = json.dumps([list(recipients), stored], sort_keys=True, ensure_ascii=False)
        return cls(hashlib.sha256(payload.encode("utf-8")).hexdigest(), recipients, stored)

    def seen_by(self, code: str) -> dict[str, SnapshotItem]:
        """The items that concerned recipient ``code`` (empty if it was no recipient)."""
        try:
            bit = 1 << self.recipients.index(code)
        except ValueError:
            return {}
        return {
            key: SnapshotItem(digest, state, value)
            for key, (digest, state, value, mask) in self.items.items()
            if int(mask, 16) & bit
        }


def item_digest(doc: dict[str, Any]) -> str:
    """A short, stable digest of an item's exported content (bookkeeping fields left out)."""
    content = {k: v for k, v in doc.items() if k not in _BOOKKEEPING}
    payload = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:20]


# Fields that change without the content a municipality sees changing (a risk's acceptance
# never leaves the register: see riskreg.sharing).
_BOOKKEEPING = frozenset({"revision", "updated", "review_reasons", "last_reviewed",
                          "acceptance", "raised"})


__all__ = ["Edition", "EditionFile", "Snapshot", "SnapshotItem", "edition_key", "item_digest"]
