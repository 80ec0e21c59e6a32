"""Where a register is: a path to its file, or a ``postgresql://`` URL of a server register.

Kept apart from :mod:`riskreg.storage` (which defines the store contract's records) so that
telling the two apart costs nothing: the command line asks it before anything else.
"""

from __future__ import annotations

import os


def is_url(location: str | os.PathLike[str]) -> bool:
    """Whether ``location`` names a server register (``postgresql://`` or ``postgres://``)."""
    text = os.fspath(location)
    return isinstance(text, str) and text.startswith(("postgresql://", "postgres://"))


__all__ = ["is_url"]
