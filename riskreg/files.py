"""Files the user asked for (a dump, a template, a graph, a report): written, or one error
that names the file.

An ``OSError`` raised while writing an open file (disk full, file too large, an I/O
error) carries no file name, so a message made from it alone says ": No space left
on device". Everything riskreg writes outside the register goes through here, or
turns the error into :func:`write_error` itself, so the message always names the path.
"""

from __future__ import annotations

import os

from riskreg.errors import StorageError
from riskreg.messages import OsProblem


def write_error(path: str | os.PathLike[str], exc: OSError) -> StorageError:
    """The one-line error for a file that could not be written."""
    return StorageError("error.write_file", path=str(path),
                        problem=OsProblem.of(exc))


def write_file(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` (replacing what is there), naming ``path`` on failure."""
    try:
        with open(path, "wb") as handle:
            handle.write(data)
    except OSError as exc:
        raise write_error(path, exc) from exc


__all__ = ["write_error", "write_file"]
