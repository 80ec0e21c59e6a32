"""Status reports to the municipalities: one per recipient, in Markdown, HTML, CSV, XLSX and JSON.

    import riskreg
    with riskreg.Register.open("riskreg.json") as reg:
        manifest = riskreg.export_reports(reg, "out/", recipients="all", lang="sv")

:func:`export_reports` builds each recipient's report from the register
(:mod:`riskreg.report.build`: only shared items whose scope concerns the
recipient), renders it, records the edition in the register and returns the
:class:`Manifest`. The JSON report follows ``report.schema.json`` in this
package (:func:`report_schema`). jinja2 and openpyxl are imported only when a
report is rendered.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from riskreg.report.export import (
    FORMATS,
    MANIFEST_NAME,
    Manifest,
    Progress,
    RecipientGroup,
    export_reports,
    parse_formats,
    recipient_groups,
    recipient_reports,
    select_recipients,
)
from riskreg.report.model import Report
from riskreg.report.text import safe_file_name


def report_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the JSON report."""
    text = resources.files("riskreg.report").joinpath("report.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


__all__ = [
    "FORMATS",
    "MANIFEST_NAME",
    "Manifest",
    "Progress",
    "RecipientGroup",
    "Report",
    "export_reports",
    "parse_formats",
    "recipient_groups",
    "recipient_reports",
    "report_schema",
    "safe_file_name",
    "select_recipients",
]
