"""A small, fast, deterministic XLSX (Office Open XML) writer for the reports.

openpyxl writes a 5,000-row report in about a second and a half; the 49 reports
of a 10,000-risk register would take over a minute. The reports need little of
what openpyxl offers: text, whole numbers, dates, a styled and frozen header
row, column widths and an auto-filter. Rows are built as XML text (so a risk's
row can be reused across the municipalities that see it), strings are written
inline (no shared-string table, so one sheet's content never shifts another's
bytes), and the zip has fixed timestamps: the same content gives the same bytes.
Every text cell is a string, never a formula; text that starts like a formula
also gets Excel's quote prefix; bidi controls are dropped. openpyxl reads the result back.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any
from xml.sax.saxutils import escape

from riskreg.bidi import neutral
from riskreg.report.text import CELL_LIMIT, is_formula_like

# Style indexes of styles.xml's cellXfs (see _STYLES).
PLAIN, HEADER, QUOTED, DAY, MOMENT = 0, 1, 2, 3, 4
_EPOCH = datetime(1899, 12, 30)
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_ESCAPES = {'"': "&quot;"}
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def column_letter(index: int) -> str:
    """1 -> A, 27 -> AA."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell(value: Any, style: int = PLAIN) -> str:
    """One ``<c>`` element (position given by order, no ``r`` attribute)."""
    if value is None or value == "":
        return "<c/>" if style == PLAIN else f'<c s="{style}"/>'
    if isinstance(value, bool):
        return f'<c t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        return f"<c><v>{value}</v></c>"
    if isinstance(value, datetime):
        serial = (value.replace(tzinfo=None) - _EPOCH).total_seconds() / 86400
        return f'<c s="{MOMENT}"><v>{serial:.6f}</v></c>'
    if isinstance(value, date):
        return f'<c s="{DAY}"><v>{(value - _EPOCH.date()).days}</v></c>'
    text = neutral(str(value))
    if len(text) > CELL_LIMIT:
        text = text[: CELL_LIMIT - 1] + "…"
    if style == PLAIN and is_formula_like(text):
        style = QUOTED
    text = _NOT_XML.sub("\ufffd", text)
    attr = f' s="{style}"' if style != PLAIN else ""
    return f'<c t="inlineStr"{attr}><is><t xml:space="preserve">{escape(text)}</t></is></c>'


def row(values: Iterable[Any]) -> str:
    """One ``<row>`` of plain cells."""
    return "<row>" + "".join(cell(v) for v in values) + "</row>"


class Sheet:
    """A sheet: title, column headers and widths, and its rows as XML text."""

    def __init__(self, title: str, headers: Sequence[str], widths: Sequence[float]) -> None:
        self.title = _sheet_title(title)
        self.headers = list(headers)
        self.widths = list(widths)
        self.rows: list[str] = []

    def add(self, values: Iterable[Any]) -> None:
        self.rows.append(row(values))

    def add_xml(self, xml: str) -> None:
        """A row made earlier with :func:`row` (e.g. reused for another recipient)."""
        self.rows.append(xml)

    def xml(self) -> str:
        last = column_letter(max(1, len(self.headers)))
        cols = "".join(
            f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>'
            for i, w in enumerate(self.widths, 1)
        )
        header = "<row>" + "".join(cell(h, HEADER) for h in self.headers) + "</row>"
        return (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            '<sheetViews><sheetView workbookViewId="0">'
            '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
            '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>'
            "</sheetView></sheetViews>"
            '<sheetFormatPr defaultRowHeight="15"/>'
            f"<cols>{cols}</cols>"
            f"<sheetData>{header}{''.join(self.rows)}</sheetData>"
            f'<autoFilter ref="A1:{last}{len(self.rows) + 1}"/>'
            '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" '
            'footer="0.3"/>'
            "</worksheet>"
        )


def _sheet_title(title: str) -> str:
    cleaned = re.sub(r"[\[\]:*?/\\]", " ", title).strip() or "Blad"
    return cleaned[:31]


_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>'
    '<numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><color rgb="FFFFFFFF"/><name val="Calibri"/><family val="2"/>'
    "</font></fonts>"
    '<fills count="3"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FF1F5F8B"/><bgColor indexed="64"/>'
    "</patternFill></fill></fills>"
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="5">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1" '
    'applyAlignment="1"><alignment vertical="center" wrapText="1"/></xf>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def workbook(sheets: Sequence[Sheet], *, title: str, creator: str, created: datetime) -> bytes:
    """The .xlsx file of ``sheets`` (deterministic: equal input, equal bytes)."""
    stamp = created.replace(tzinfo=None, microsecond=0).isoformat() + "Z"
    n = len(sheets)
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/>'
        + "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for i in range(1, n + 1)
        )
        + '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.styles+xml"/>'
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-'
        'package.core-properties+xml"/>'
        '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.extended-properties+xml"/>'
        "</Types>"
    )
    root_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="xl/workbook.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
        'relationships/metadata/core-properties" Target="docProps/core.xml"/>'
        '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/extended-properties" Target="docProps/app.xml"/>'
        "</Relationships>"
    )
    book = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<bookViews><workbookView activeTab="0"/></bookViews><sheets>'
        + "".join(
            f'<sheet name="{escape(s.title, _ESCAPES)}" sheetId="{i}" r:id="rId{i}"/>'
            for i, s in enumerate(sheets, 1)
        )
        + "</sheets><definedNames>"
        + "".join(
            f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i}" hidden="1">'
            f"'{escape(s.title.replace(chr(39), chr(39) * 2))}'!$A$1:$"
            f"{column_letter(max(1, len(s.headers)))}${len(s.rows) + 1}</definedName>"
            for i, s in enumerate(sheets)
        )
        + "</definedNames></workbook>"
    )
    book_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(
            f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/'
            f'2006/relationships/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, n + 1)
        )
        + f'<Relationship Id="rId{n + 1}" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/styles" Target="styles.xml"/>'
        "</Relationships>"
    )
    core = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(_NOT_XML.sub('', neutral(title)))}</dc:title>"
        f"<dc:creator>{escape(_NOT_XML.sub('', neutral(creator)))}</dc:creator>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    )
    app = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'extended-properties"><Application>riskreg</Application></Properties>'
    )
    parts = [
        ("[Content_Types].xml", content_types), ("_rels/.rels", root_rels),
        ("docProps/app.xml", app), ("docProps/core.xml", core),
        ("xl/workbook.xml", book), ("xl/_rels/workbook.xml.rels", book_rels),
        ("xl/styles.xml", _STYLES),
        *((f"xl/worksheets/sheet{i}.xml", s.xml()) for i, s in enumerate(sheets, 1)),
    ]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts:
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, text.encode("utf-8"), compresslevel=1)
    return out.getvalue()


__all__ = ["Sheet", "cell", "column_letter", "row", "workbook"]
