"""Output to the terminal without bidirectional controls, whatever the register holds."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from riskreg.bidi import neutral


class NeutralStream:
    """A text stream that drops bidi controls from what is written through it.

    A terminal draws text the way a browser does: a right-to-left override in a title
    turns the rest of the line around (the columns after it, the next words of a
    message). The command line writes everything through this (see
    :func:`neutral_output`), so no stored text, however it got into the register, can
    do that; bytes (a template on stdout) go to the underlying buffer as they are.
    """

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(neutral(text) if isinstance(text, str) else text)

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


@contextlib.contextmanager
def neutral_output() -> Iterator[None]:
    """While inside, ``sys.stdout`` and ``sys.stderr`` drop bidi controls."""
    saved = sys.stdout, sys.stderr
    if not isinstance(sys.stdout, NeutralStream) and sys.stdout is not None:
        sys.stdout = NeutralStream(sys.stdout)
    if not isinstance(sys.stderr, NeutralStream) and sys.stderr is not None:
        sys.stderr = NeutralStream(sys.stderr)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


__all__ = ["NeutralStream", "neutral_output"]
