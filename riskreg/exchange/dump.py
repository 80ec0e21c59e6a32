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

from riskreg.bidi import escape_json
from riskreg.exchange.importer import REGISTER_FORMAT
from riskreg.files import write_file
from riskreg.organisations import REGION, municipalities
from riskreg.register import Register
from riskreg.serialize import matrix_to_doc, to_doc
from riskreg.sharing import shared_content_hash, shared_doc, shared_items


def register_doc(register: Register, *, shared_only: bool = False) -> dict[str, Any]:
    """The register's content: matrix, areas, its own organisations, risks, decisions, links.

    ``shared_only``: a dump for sharing, with nothing that names an internal item (see
    :mod:`riskreg.sharing`: internal items and their links left out, review reasons they
    triggered dropped, their keys cut from text, no revisions) and the hash of the shared
    content only.
    """
    builtin = {o.code: o for o in (*municipalities(), REGION)}
    if shared_only:
        shared_risks, shared_decisions, shared_links = shared_items(register)
        risks = [shared_doc(r) for r in shared_risks]
        decisions = [shared_doc(d) for d in shared_decisions]
        links = [shared_doc(x) for x in shared_links]
        content_hash = shared_content_hash(register)
    else:
        risks = [to_doc(r) for r in register.risks()]
        decisions = [to_doc(d) for d in register.decisions()]
        links = [to_doc(x) for x in register.links()]
        content_hash = register.content_hash()
    return {
        "format": REGISTER_FORMAT,
        "name": register.name,
        "content_hash": content_hash,
        "shared_only": shared_only,
        "matrix": matrix_to_doc(register.matrix),
        "categories": [to_doc(c) for c in register.categories()],
        "organisations": [to_doc(o) for o in sorted(register.directory, key=lambda o: o.code)
                          if builtin.get(o.code) != o],
        "risks": risks,
        "decisions": decisions,
        "links": links,
    }


def dumps(register: Register, *, shared_only: bool = False) -> str:
    """:func:`register_doc` as JSON text (bidi controls in stored text written as escapes)."""
    return escape_json(json.dumps(register_doc(register, shared_only=shared_only),
                                  ensure_ascii=False, indent=2)) + "\n"


def dump_register(register: Register, path: str | os.PathLike[str], *,
                  shared_only: bool = False) -> Path:
    """Write :func:`register_doc` as JSON to ``path`` and return the path."""
    target = Path(path)
    write_file(target, dumps(register, shared_only=shared_only).encode("utf-8"))
    return target


__all__ = ["dump_register", "dumps", "register_doc"]
