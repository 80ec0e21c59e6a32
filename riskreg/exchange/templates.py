"""Empty, documented templates for importing risks or decisions (``riskreg template``).

CSV: explanation lines starting with ``#`` (skipped on import), then the header
row; UTF-8 with BOM and ``;`` so Swedish Excel opens it as columns. XLSX: the
sheet to fill in (styled, frozen header, drop-down lists for choices) and an
instructions sheet.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path
from typing import Any

from riskreg.exchange.columns import COLUMNS, DECISIONS, RISKS, Column
from riskreg.files import write_file
from riskreg.messages import N_, resolve_language, translate
from riskreg.model import ActionStatus, RiskStatus, Validity
from riskreg.words import word

SHEET_NAMES = {RISKS: N_("import.sheet.risks"), DECISIONS: N_("import.sheet.decisions")}
INTROS = {RISKS: N_("import.template.intro.risks"),
          DECISIONS: N_("import.template.intro.decisions")}


def _choices(kind: str, column: str, lang: str, areas: list[str]) -> list[str]:
    """The words a drop-down list offers for a column (empty: free text)."""
    if column == "status":
        return [word("status", s, lang) for s in RiskStatus]
    if column == "validity":
        return [word("validity", v, lang) for v in Validity]
    if column == "internal":
        return [translate("yes", lang), translate("no", lang)]
    if column == "area":
        return areas
    return []


def _help(kind: str, column: Column, lang: str, areas: list[str]) -> str:
    text = column.help(lang)
    if column.name == "key" and kind == DECISIONS:
        text = translate("import.help.decision_key", lang)
    if column.name == "area" and areas:
        text += " " + translate("import.help.area_known", lang, areas=", ".join(areas))
    if column.name == "actions":
        statuses = ", ".join(word("action", s, lang) for s in ActionStatus)
        text += " " + translate("import.help.action_statuses", lang, statuses=statuses)
    return text


def template_rows(kind: str, lang: str | None = None, areas: list[str] | None = None) -> list[
    tuple[str, str, str]
]:
    """(header, required, explanation) for every column of ``kind``."""
    lang = resolve_language(lang)
    areas = areas or []
    yes, no = translate("yes", lang), translate("no", lang)
    return [(c.label(lang), yes if c.required else no, _help(kind, c, lang, areas))
            for c in COLUMNS[kind]]


def template_csv(kind: str, lang: str | None = None, areas: list[str] | None = None) -> bytes:
    lang = resolve_language(lang)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    out.write("# " + translate(INTROS[kind], lang) + "\r\n")
    for header, required, text in template_rows(kind, lang, areas):
        required_word = translate("import.template.required", lang)
        mark = f" ({required_word})" if required == translate("yes", lang) else ""
        out.write(f"# {header}{mark}: {' '.join(text.split())}\r\n")
    writer.writerow([c.label(lang) for c in COLUMNS[kind]])
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")


def template_xlsx(kind: str, lang: str | None = None, areas: list[str] | None = None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    lang = resolve_language(lang)
    areas = areas or []
    book = Workbook()
    sheet: Any = book.active
    sheet.title = translate(SHEET_NAMES[kind], lang)
    bold_white = Font(bold=True, color="FFFFFF")
    fill = PatternFill("solid", fgColor="1F5F8B")
    for i, column in enumerate(COLUMNS[kind], 1):
        cell = sheet.cell(row=1, column=i, value=column.label(lang))
        cell.font, cell.fill = bold_white, fill
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        letter = get_column_letter(i)
        sheet.column_dimensions[letter].width = 40 if column.name in (
            "title", "description", "summary", "consequences", "actions", "rationale") else 18
        choices = _choices(kind, column.name, lang, areas)
        if choices and sum(len(c) + 1 for c in choices) < 250:
            rule = DataValidation(type="list", formula1='"' + ",".join(choices) + '"',
                                  allow_blank=True, showErrorMessage=False)
            rule.add(f"{letter}2:{letter}1000")
            sheet.add_data_validation(rule)
    sheet.freeze_panes = "A2"
    help_sheet: Any = book.create_sheet(translate("import.sheet.instructions", lang))
    help_sheet.append([translate(INTROS[kind], lang)])
    help_sheet.append([])
    head = [translate("import.template.column", lang), translate("import.template.required", lang),
            translate("import.template.explanation", lang)]
    help_sheet.append(head)
    for cell in help_sheet[3]:
        cell.font, cell.fill = bold_white, fill
    for row in template_rows(kind, lang, areas):
        help_sheet.append(list(row))
    for row in help_sheet.iter_rows(min_row=4):
        row[2].alignment = Alignment(wrap_text=True, vertical="top")
    help_sheet.column_dimensions["A"].width = 26
    help_sheet.column_dimensions["B"].width = 12
    help_sheet.column_dimensions["C"].width = 90
    raw = io.BytesIO()
    book.save(raw)
    return raw.getvalue()


def write_template(path: str | os.PathLike[str], kind: str, fmt: str = "csv",
                   lang: str | None = None, areas: list[str] | None = None) -> Path:
    """Write an empty template for ``kind`` (risks or decisions) as CSV or XLSX."""
    data = template_xlsx(kind, lang, areas) if fmt == "xlsx" else template_csv(kind, lang, areas)
    target = Path(path)
    write_file(target, data)
    return target


__all__ = ["template_csv", "template_rows", "template_xlsx", "write_template"]

