"""Move a register between stores: a file to a server and back, with its history and editions.

    result = riskreg.copy_register("riskreg.json", "postgresql://db/riskreg?register=main")

The copy holds the same content (every item, link, area, organisation, the edition log
with its snapshots and the keys of removed items), the same history entry for entry (who,
when, what, why) and the same revision; ``riskreg dump`` of both is the same. The source
is read as of one version and left as it is; the target must not exist yet.
"""

from __future__ import annotations

import os

import attrs

from riskreg.errors import RegisterExistsError
from riskreg.storage import open_store


@attrs.frozen
class CopyResult:
    """What :func:`copy_register` copied."""

    source: str
    target: str
    revision: int
    records: int
    history: int


def copy_register(
    source: str | os.PathLike[str], target: str | os.PathLike[str]
) -> CopyResult:
    """Copy the register at ``source`` to ``target`` (each a path or a ``postgresql://`` URL)."""
    src = open_store(source)
    dst = open_store(target)
    try:
        if dst.exists():
            raise RegisterExistsError(path=dst.location)
        content = src.load()
        history = src.history()
        # a history entry past the content's version was written after the load: leave it
        history = [e for e in history if int(e.get("rev", 0)) <= content.version.revision]
        dst.create(content.header, content.tables, history=history,
                   revision=content.version.revision)
        return CopyResult(
            source=src.location, target=dst.location, revision=content.version.revision,
            records=sum(len(docs) for docs in content.tables.values()), history=len(history),
        )
    finally:
        src.close()
        dst.close()


__all__ = ["CopyResult", "copy_register"]
