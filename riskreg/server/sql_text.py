"""A later migration's version of a function an earlier one made.

A migration that is out is never changed, so a later one that mends a function says
``CREATE OR REPLACE`` with the whole function again. Rather than copy the body (and let the
copies drift), :func:`function` takes it from the earlier migration's text and
:func:`amended` changes the lines that change, checking each is there exactly once.
"""

from __future__ import annotations

_END = "END $$;"


def function(migration: str, name: str) -> str:
    """The function ``riskreg.<name>`` as ``migration`` makes it, as CREATE OR REPLACE."""
    prefix = "CREATE FUNCTION riskreg."
    start = migration.index(f"{prefix}{name}(")
    end = migration.index(_END, start) + len(_END)
    return "CREATE OR REPLACE FUNCTION riskreg." + migration[start + len(prefix):end]


def amended(text: str, *changes: tuple[str, str]) -> str:
    """``text`` with each (old, new) replaced; each ``old`` must occur exactly once."""
    for old, new in changes:
        if text.count(old) != 1:
            raise AssertionError(f"{old!r} occurs {text.count(old)} times, not once")
        text = text.replace(old, new)
    return text


__all__ = ["amended", "function"]
