"""The whole register as one JSON document (``riskreg dump``), which ``riskreg import`` reads back.

Unlike the municipalities' reports this is the register itself: it holds
internal items too, unless ``shared_only`` leaves them (and their links) out.
Keys are sorted and nothing in it depends on the time it was made, so the same
register always gives the same bytes.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from riskreg.exchange.importer import REGISTER_FORMAT
from riskreg.files import write_file
from riskreg.model import Visibility
from riskreg.organisations import REGION, municipalities
from riskreg.register import Register
from riskreg.serialize import matrix_to_doc, to_doc


def register_doc(register: Register, *, shared_only: bool = False) -> dict[str, Any]:
    """The register's content: matrix, areas, its own organisations, risks, decisions, links."""
    builtin = {o.code: o for o in (*municipalities(), REGION)}
    hidden = register.internal_keys() if shared_only else set()
    return {
        "format": REGISTER_FORMAT,
        "name": register.name,
        "content_hash": register.content_hash(),
        "shared_only": shared_only,
        "matrix": matrix_to_doc(register.matrix),
        "categories": [to_doc(c) for c in register.categories()],
        "organisations": [to_doc(o) for o in sorted(register.directory, key=lambda o: o.code)
                          if builtin.get(o.code) != o],
        "risks": [to_doc(r) for r in register.risks()
                  if not (shared_only and r.visibility is Visibility.INTERNAL)],
        "decisions": [to_doc(d) for d in register.decisions()
                      if not (shared_only and d.visibility is Visibility.INTERNAL)],
        "links": [to_doc(link) for link in register.links()
                  if link.source not in hidden and link.target not in hidden],
    }


def dumps(register: Register, *, shared_only: bool = False) -> str:
    return json.dumps(register_doc(register, shared_only=shared_only), ensure_ascii=False,
                      indent=2) + "\n"


def dump_register(register: Register, path: str | os.PathLike[str], *,
                  shared_only: bool = False) -> Path:
    """Write :func:`register_doc` as JSON to ``path`` and return the path."""
    target = Path(path)
    write_file(target, dumps(register, shared_only=shared_only).encode("utf-8"))
    return target


__all__ = ["dump_register", "dumps", "register_doc"]
