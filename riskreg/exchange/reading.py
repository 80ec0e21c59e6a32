"""Reading what people send: CSV (any of UTF-8 with or without BOM, UTF-16 with BOM,
Windows-1252; ``;``, ``,`` or tab separated), XLSX and JSON, as rows of cells with
the row numbers a spreadsheet shows."""

from __future__ import annotations

import codecs
import csv
import io
import json
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from attrs import frozen

from riskreg.errors import ValidationError
from riskreg.messages import OsProblem

COMMENT = "#"


@frozen
class Sheet:
    """One table of a file: its header cells and its rows, each with its row number."""

    name: str
    header: tuple[str, ...]
    header_row: int
    rows: tuple[tuple[int, tuple[Any, ...]], ...]


def read_file(path: Path) -> bytes:
    """The bytes of a file to import; a file that cannot be read is named in the error."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ValidationError("error.import.format", path=str(path),
                              problem=OsProblem.of(exc)) from None


def detect_format(path: Path, data: bytes) -> str:
    """``xlsx`` (a zip), ``json`` (starts with { or [) or ``csv``."""
    if data[:4] == b"PK\x03\x04":
        return "xlsx"
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    if path.suffix.lower() == ".json" or head[:1] in (b"{", b"["):
        return "json"
    return "csv"


def decode(data: bytes, encoding: str | None = None, *, path: str = "") -> tuple[str, str]:
    """The text and the encoding it was read with: ``encoding`` if given, else UTF-8 (with or
    without BOM, strictly), UTF-16 with BOM, else Windows-1252 (what Swedish Excel writes)."""
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise ValidationError("error.import.unknown_encoding", encoding=encoding) from None
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            raise ValidationError("error.import.encoding", path=path) from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        raise ValidationError("error.import.encoding", path=path) from None


def sniff_delimiter(line: str) -> str:
    """The separator of a header line: whichever of ``;`` ``,`` tab occurs most (outside quotes)."""
    counts = {";": 0, ",": 0, "\t": 0}
    quoted = False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(counts, key=lambda c: (counts[c], c == ";"))
    return best if counts[best] else ","


def read_csv(data: bytes, encoding: str | None = None, *, path: str = "") -> Sheet:
    """The rows of a CSV file; comment lines (``#``) and blank lines before the header skipped."""
    text, _used = decode(data, encoding, path=path)
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter_of(text)))
    return _sheet("", [(i, tuple(r)) for i, r in enumerate(records, 1)])


def _delimiter_of(text: str) -> str:
    """The separator, sniffed on the header: the first line that is not blank or a comment."""
    for line in text.splitlines():
        stripped = line.strip().strip('"')
        if stripped and not stripped.startswith(COMMENT):
            return sniff_delimiter(line)
    return ","


def _sheet(name: str, records: Sequence[tuple[int, tuple[Any, ...]]]) -> Sheet:
    header: tuple[str, ...] = ()
    header_row = 0
    rows: list[tuple[int, tuple[Any, ...]]] = []
    for number, cells in records:
        if not header:
            first = str(cells[0]).strip() if cells and cells[0] is not None else ""
            if _blank(cells) or first.startswith(COMMENT):
                continue
            header = tuple("" if c is None else str(c).strip() for c in cells)
            header_row = number
            continue
        if not _blank(cells):
            rows.append((number, cells))
    return Sheet(name, header, header_row, tuple(rows))


def _blank(cells: Sequence[Any]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def read_xlsx(data: bytes, *, path: str = "") -> list[Sheet]:
    """Every sheet of a workbook (values, not formulas), with spreadsheet row numbers."""
    import warnings

    from openpyxl import load_workbook

    sheets = []
    with warnings.catch_warnings():  # openpyxl warns about extensions it drops: not our news
        warnings.simplefilter("ignore")
        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a broken file
            raise ValidationError("error.import.format", path=path,
                                  problem=str(exc)[:120]) from None
        try:
            for ws in book.worksheets:
                records = [
                    (i, tuple(_xlsx_value(v) for v in row))
                    for i, row in enumerate(ws.iter_rows(values_only=True), 1)
                ]
                sheets.append(_sheet(ws.title, records))
        except Exception as exc:  # a sheet that cannot be read: the file is refused
            raise ValidationError("error.import.format", path=path,
                                  problem=str(exc)[:120]) from None
        finally:
            book.close()
    return sheets


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.date() if value.time() == datetime.min.time() else value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


class _DuplicateMember(ValueError):
    pass


def _unique_members(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """An object's members, refusing a name given twice (json.loads would keep the last)."""
    found: dict[str, Any] = {}
    for name, value in pairs:
        if name in found:
            raise _DuplicateMember(name)
        found[name] = value
    return found


def read_json(data: bytes, *, path: str = "") -> Any:
    text, _used = decode(data, None, path=path)
    try:
        return json.loads(text, object_pairs_hook=_unique_members)
    except _DuplicateMember as exc:
        raise ValidationError("error.import.duplicate_member", path=path,
                              name=str(exc.args[0])[:60]) from None
    except ValueError as exc:
        raise ValidationError("error.import.format", path=path, problem=str(exc)[:120]) from None


__all__ = ["Sheet", "decode", "detect_format", "read_csv", "read_json", "read_xlsx",
           "sniff_delimiter"]

