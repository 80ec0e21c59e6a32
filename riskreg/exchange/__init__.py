"""Bringing risks and decisions into the register from files, and the register out as JSON.

    riskreg.import_file(reg, "risker.csv", dry_run=True)        # CSV, XLSX or JSON
    riskreg.import_submission(reg, "partille.xlsx", "1402")     # a municipality's own list
    riskreg.write_template("mall.xlsx", "risks", "xlsx")
    riskreg.dump_register(reg, "register.json")                 # read back by import_file

Imports are all or nothing: :class:`ImportRejected` lists every problem (row,
column, message) and the register file stays byte for byte as it was.
Encodings: UTF-8 with or without BOM, UTF-16 with BOM, Windows-1252 (detected),
or the one given; separators ``;``, ``,`` or tab (detected).
"""

from __future__ import annotations

from riskreg.exchange.dump import dump_register, dumps, register_doc
from riskreg.exchange.importer import (
    REGISTER_FORMAT,
    ImportRejected,
    ImportResult,
    Problem,
    import_file,
)
from riskreg.exchange.submission import (
    DEFAULT_THRESHOLD,
    Planned,
    SubmissionResult,
    import_submission,
    similarity,
)
from riskreg.exchange.templates import template_csv, template_xlsx, write_template

__all__ = [
    "DEFAULT_THRESHOLD",
    "REGISTER_FORMAT",
    "ImportRejected",
    "ImportResult",
    "Planned",
    "Problem",
    "SubmissionResult",
    "dump_register",
    "dumps",
    "import_file",
    "import_submission",
    "register_doc",
    "similarity",
    "template_csv",
    "template_xlsx",
    "write_template",
]
