"""The history beside a register file: an append-only log of JSON lines.

A save appends its entries and then records in the register file how many bytes
of the log it acknowledges; a reader reads only that many (a tail left by a
crashed save is not part of the history) and skips a line it cannot parse. Here
the reading, shared by the file store and the read cache (:mod:`riskreg.readcache`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def log_path(register: Path) -> Path:
    """Where the history of the register file ``register`` is kept."""
    return register.with_name(register.name + ".history.jsonl")


def read_entries(path: Path, valid_bytes: int, key: str | None = None) -> list[dict[str, Any]]:
    """The entries in the first ``valid_bytes`` of the log at ``path``, oldest first; with
    ``key``, those whose key is ``key`` or a link key (``source|relation|target``) holding it."""
    if valid_bytes <= 0:
        return []
    try:
        with open(path, "rb") as handle:
            raw = handle.read(valid_bytes)
    except FileNotFoundError:
        return []
    if key is None:
        return parse_entries(raw)
    return [e for e in parse_entries(raw, key.encode("utf-8"))
            if e.get("key") == key or key in str(e.get("key", "")).split("|")]


def parse_entries(raw: bytes, contains: bytes | None = None) -> list[dict[str, Any]]:
    """The whole, parseable entries of a piece of the log (a torn line is skipped); with
    ``contains``, only lines holding those bytes are parsed (a cheap pre-filter)."""
    entries = []
    for line in raw.splitlines() if contains is None else lines_with(raw, contains):
        if line.strip():
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            if isinstance(entry, dict):
                entries.append(entry)
    return entries


def lines_with(raw: bytes, needle: bytes) -> list[bytes]:
    """The lines of ``raw`` that hold ``needle``, found without splitting every line."""
    lines = []
    start = 0
    while (hit := raw.find(needle, start)) != -1:
        begin = raw.rfind(b"\n", 0, hit) + 1
        end = raw.find(b"\n", hit)
        end = len(raw) if end == -1 else end
        lines.append(raw[begin:end])
        start = end + 1
    return lines


__all__ = ["lines_with", "log_path", "parse_entries", "read_entries"]
