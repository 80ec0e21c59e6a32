"""A derived read cache beside a register file, found again by the file's content.

Reading a question's answer from a register file means parsing the whole file and
building its models: about a quarter of a second at 10,000 risks, and most of the
time a small command takes. The command line keeps what its read commands show
(documents, see :mod:`riskreg.cli.reading`) in ``<register>.readcache``, in named
sections (one per risk area, the decisions, an index), so that a later command
reads one section instead of the register.

What makes it safe:

- **Keyed by the file's content.** The cache records the register file's size,
  CRC-32 and header (which holds its revision) when it was made;
  :meth:`ReadCache.find` reads the file as it is now and uses the cache only if all
  three match. Any change (a save by riskreg, another program, a restored backup, a
  hand edit) makes it stale, and a stale cache is simply not used.
- **Never trusted over the file.** It is derived: nothing is ever read back from it
  into the register, and a command that finds it stale, damaged or missing answers
  from the register itself (and makes the cache again).
- **Crashes.** It is written to a temp file and moved into place; each section
  carries its own CRC-32, checked on reading. A cache torn or emptied by a crash,
  truncated or edited, reads as missing. No fsync: losing it costs one slow command.
- It has the register file's permissions (it holds the same data, internal items
  included), is removed with the register (``discard``), and may be deleted at any
  time.

The key does not come from the register's own reading of the file; the maker
(:func:`write`) compares the key of the bytes before and after it built the
sections, and the file's identity (inode, size, mtime) with what the register read,
and writes nothing if the file changed meanwhile.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
import zlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, BinaryIO

MAGIC = b"riskreg-readcache 1\n"
SUFFIX = ".readcache"
# A register file starts with its header table (the file store writes it first): name,
# matrix, revision, how much of the history log it acknowledges.
HEADER_START = b'{"_meta":{"1":'
HEADER_MAX = 1 << 16
STALE_PART_S = 600.0  # a temp file of an interrupted write older than this is removed


def cache_path(register: Path) -> Path:
    """Where the cache of the register file ``register`` (its real path) is kept."""
    return register.with_name(register.name + SUFFIX)


def file_header(raw: bytes) -> dict[str, Any] | None:
    """The header of a register file's content (read without parsing the rest), if it
    leads the file as the file store writes it."""
    if not raw.startswith(HEADER_START):
        return None
    text = raw[len(HEADER_START):len(HEADER_START) + HEADER_MAX].decode("utf-8", "ignore")
    try:
        header, _end = json.JSONDecoder().raw_decode(text)
    except ValueError:
        return None
    if not isinstance(header, dict) or not isinstance(header.get("history_bytes"), int):
        return None
    return header


class Snapshot:
    """A register file as read once: its real path, identity on disk, header and content
    key (size, CRC-32, header)."""

    def __init__(self, location: str | os.PathLike[str]) -> None:
        self.path = Path(os.path.realpath(location))
        stat = os.stat(self.path)
        raw = self.path.read_bytes()
        self.identity = _identity(os.stat(self.path))
        if _identity(stat) != self.identity:
            raise OSError(f"{self.path} changed while being read")
        self.header = file_header(raw)
        self.key = {"size": len(raw), "crc32": zlib.crc32(raw), "header": self.header}

    @property
    def history_bytes(self) -> int:
        """How much of the history log this content acknowledges."""
        return int(self.header["history_bytes"]) if self.header else 0

    def unchanged(self) -> bool:
        """Whether the file is still the one read (same identity, same content key)."""
        try:
            again = Snapshot(self.path)
        except OSError:
            return False
        return again.key == self.key and again.identity == self.identity


def _identity(stat: os.stat_result) -> tuple[int, int, int, int]:
    return (stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns)


class ReadCache:
    """The cache of a register file, valid for its content as it was read."""

    def __init__(self, snapshot: Snapshot, handle: BinaryIO,
                 sections: dict[str, tuple[int, int, int]], base: int) -> None:
        self.snapshot = snapshot
        self._handle = handle  # the cache file as found (a later write replaces, not changes it)
        self._sections = sections  # name -> (offset after the header, length, crc32)
        self._base = base
        self._parsed: dict[str, Any] = {}

    @classmethod
    def find(cls, snapshot: Snapshot) -> ReadCache | None:
        """The cache made from the content ``snapshot`` read, or None (none, another
        content, damaged). Close it when done."""
        if snapshot.header is None:
            return None
        try:
            handle = open(cache_path(snapshot.path), "rb")  # noqa: SIM115 - kept: see close()
        except OSError:
            return None
        try:
            if handle.readline() != MAGIC:
                raise ValueError("not a read cache")
            line = handle.readline()
            header = json.loads(line)
            if header.get("register") != snapshot.key:
                raise ValueError("another content")
            sections = {str(k): (int(v[0]), int(v[1]), int(v[2]))
                        for k, v in header["sections"].items()}
            return cls(snapshot, handle, sections, len(MAGIC) + len(line))
        except (OSError, ValueError, TypeError, KeyError, AttributeError, IndexError):
            handle.close()
            return None

    def close(self) -> None:
        self._handle.close()

    def names(self) -> list[str]:
        return list(self._sections)

    def __contains__(self, name: object) -> bool:
        return name in self._sections

    def raw(self, name: str) -> bytes | None:
        """A section's bytes, if it is there and whole."""
        if name not in self._sections:
            return None
        offset, length, crc = self._sections[name]
        try:
            self._handle.seek(self._base + offset)
            data = self._handle.read(length)
        except (OSError, ValueError):  # ValueError: closed
            return None
        return data if len(data) == length and zlib.crc32(data) == crc else None

    def section(self, name: str) -> Any | None:
        """A section, parsed; None if it is not there or not whole."""
        if name not in self._parsed:
            data = self.raw(name)
            try:
                self._parsed[name] = None if data is None else json.loads(data)
            except ValueError:
                self._parsed[name] = None
        return self._parsed[name]


def encode(value: Any) -> bytes:
    """A section's bytes."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def write(snapshot: Snapshot, sections: Mapping[str, bytes],
          keep: ReadCache | None = None) -> bool:
    """Write the cache of ``snapshot``'s content: ``sections`` (encoded), and those of
    ``keep`` (a cache of the same content) not among them. Nothing is written if the file
    changed since ``snapshot`` read it, or the folder cannot be written; whether it was."""
    if snapshot.header is None:  # not laid out as the file store writes: no cache
        return False
    parts: dict[str, bytes] = {}
    if keep is not None and keep.snapshot.key == snapshot.key:
        for name in keep.names():
            if name not in sections:
                data = keep.raw(name)
                if data is not None:
                    parts[name] = data
    parts.update(sections)
    table, offset = {}, 0
    for name, data in parts.items():
        table[name] = [offset, len(data), zlib.crc32(data)]
        offset += len(data)
    header = json.dumps({"register": snapshot.key, "sections": table},
                        separators=(",", ":")).encode("utf-8") + b"\n"
    import tempfile

    target = cache_path(snapshot.path)
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    except OSError:
        return False
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(MAGIC + header)
            for data in parts.values():
                handle.write(data)
        with contextlib.suppress(OSError):  # the register's permissions: it holds the same
            os.chmod(temp, os.stat(snapshot.path).st_mode & 0o666)
        if not snapshot.unchanged():
            raise OSError("the register changed")
        os.replace(temp, target)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        return False
    _sweep(target)
    return True


def remove(register: Path) -> None:
    """Delete the cache of ``register`` (and temp files of interrupted writes)."""
    target = cache_path(register)
    with contextlib.suppress(OSError):
        target.unlink()
    _sweep(target, older_than=0.0)


def _sweep(target: Path, older_than: float = STALE_PART_S) -> None:
    """Remove temp files that interrupted writes of the cache left behind."""
    prefix = f".{target.name}."
    now = time.time()
    with contextlib.suppress(OSError):
        for entry in os.scandir(target.parent):
            if entry.name.startswith(prefix) and entry.name.endswith(".part"):
                with contextlib.suppress(OSError):
                    if now - entry.stat().st_mtime >= older_than:
                        os.unlink(entry.path)


__all__ = ["MAGIC", "SUFFIX", "ReadCache", "Snapshot", "cache_path", "encode", "file_header",
           "remove", "write"]
