"""Contacts in and out of the register as CSV or XLSX, like risks and decisions.

    riskreg.exchange.contacts.export_contacts(reg, "kontakter.xlsx")
    result = riskreg.exchange.contacts.import_contacts(reg, "kontakter.csv", dry_run=True)

One row per contact: key (empty for a new one), organisation (code or name), role
(project lead / projektledare, management council / ledningsråd, target group /
målgrupp), name, e-mail address, target groups and owner names (separated by ``;`` or
one per line), language (sv/en), login, active (yes/no). A header may be the
column's machine name or its Swedish or English label. A row without a key is matched
to a contact of the same organisation, role and address; otherwise it is new. With
``replace``, contacts the file does not list are removed. All or nothing: a file with
any problem is rejected with every problem (row, column, what), the register unchanged.
"""

from __future__ import annotations

import csv
import io
import os
import re
from pathlib import Path
from typing import Any

from attrs import frozen

from riskreg.delivery.model import Contact, ContactRole
from riskreg.errors import RiskregError
from riskreg.exchange.importer import ImportRejected, Problem
from riskreg.exchange.reading import Sheet, detect_format, read_csv, read_file, read_xlsx
from riskreg.files import write_file
from riskreg.messages import LANGUAGES, LIBRARY, N_, resolve_language, translate
from riskreg.register import Register
from riskreg.report.text import neutral_cell
from riskreg.serialize import from_doc, to_doc
from riskreg.words import read_word, word

COLUMNS = ("key", "organisation", "role", "name", "address", "target_groups", "owner_names",
           "lang", "login", "active")
#: each column's header (its machine name, or its label in either language, is read)
LABELS = {
    "key": N_("contacts.col.key"),
    "organisation": N_("contacts.col.organisation"),
    "role": N_("contacts.col.role"),
    "name": N_("contacts.col.name"),
    "address": N_("contacts.col.address"),
    "target_groups": N_("contacts.col.target_groups"),
    "owner_names": N_("contacts.col.owner_names"),
    "lang": N_("contacts.col.lang"),
    "login": N_("contacts.col.login"),
    "active": N_("contacts.col.active"),
}
#: what to write in each column (the template's explanations)
HELPS = {
    "key": N_("contacts.help.key"),
    "organisation": N_("contacts.help.organisation"),
    "role": N_("contacts.help.role"),
    "name": N_("contacts.help.name"),
    "address": N_("contacts.help.address"),
    "target_groups": N_("contacts.help.target_groups"),
    "owner_names": N_("contacts.help.owner_names"),
    "lang": N_("contacts.help.lang"),
    "login": N_("contacts.help.login"),
    "active": N_("contacts.help.active"),
}
REQUIRED = frozenset({"organisation", "address"})
_YES = {"yes", "ja", "true", "sant", "1", "x"}
_NO = {"no", "nej", "false", "falskt", "0", ""}


@frozen
class ContactImport:
    """What an import of contacts did (or, with ``dry_run``, would do), by key."""

    path: str
    dry_run: bool
    added: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    #: key -> address of every contact listed or removed (a dry run's are nowhere else)
    addresses: tuple[tuple[str, str], ...] = ()

    def address(self, key: str) -> str:
        return dict(self.addresses).get(key, "")


def label(column: str, lang: str | None = None) -> str:
    return translate(LABELS[column], lang)


def _norm(text: Any) -> str:
    return re.sub(r"[^0-9a-zåäöéü]+", "", str(text or "").casefold())


def _header(sheet: Sheet) -> tuple[dict[int, str], list[int]]:
    names: dict[str, str] = {}
    for column in COLUMNS:
        for spelling in (column, *LIBRARY.spellings(LABELS[column])):
            names.setdefault(_norm(spelling), column)
    found: dict[int, str] = {}
    unknown = []
    for i, cell in enumerate(sheet.header):
        name = names.get(_norm(cell))
        if name is None or name in found.values():
            if str(cell).strip():
                unknown.append(i)
        else:
            found[i] = name
    return found, unknown


def _role(text: str) -> str:
    if not _norm(text):
        return ContactRole.TARGET_GROUP.value
    return read_word("contact_role", text) or text  # refused by the model, with the allowed values


def _flag(text: str) -> bool | str:
    folded = str(text).strip().casefold()
    if folded in _YES:
        return True
    if folded in _NO:
        return False
    return text


def _sheet_of(path: Path, encoding: str | None, data: bytes | None = None) -> Sheet:
    data = read_file(path) if data is None else data
    if detect_format(path, data) == "xlsx":
        sheets = [s for s in read_xlsx(data, path=str(path)) if s.header]
        return sheets[0] if sheets else Sheet("", (), 0, ())
    return read_csv(data, encoding, path=str(path))


def import_contacts(register: Register, path: str | os.PathLike[str], *,
                    dry_run: bool = False, replace: bool = False, encoding: str | None = None,
                    why: str = "", data: bytes | None = None,
                    lang: str | None = None) -> ContactImport:
    """Add and update contacts from a CSV or XLSX file (see the module doc); ``data``: the
    file's bytes when they are at hand (``path`` then only names it); without ``why`` the
    history says what was imported in ``lang``."""
    source = Path(path)
    sheet = _sheet_of(source, encoding, data)
    columns, unknown = _header(sheet)
    problems = [Problem(sheet.header_row, str(sheet.header[i]), N_("error.import.unknown_column"),
                        {"column": str(sheet.header[i])}) for i in unknown]
    missing = REQUIRED - set(columns.values())
    problems += [Problem(sheet.header_row or None, label(c), N_("error.missing_field"),
                         {"field": label(c)}) for c in sorted(missing)]
    if problems:
        raise ImportRejected(str(source), problems)
    existing = {c.key: c for c in register.contacts()}
    by_identity = {(c.organisation, c.role.value, c.address): c.key for c in existing.values()}
    planned: list[tuple[int, Contact | None, dict[str, Any]]] = []
    next_number = int(register.next_contact_key()[2:])
    for row, cells in sheet.rows:
        values = {name: "" if i >= len(cells) or cells[i] is None else str(cells[i]).strip()
                  for i, name in columns.items()}
        doc: dict[str, Any] = {k: v for k, v in values.items() if v != "" or k == "key"}
        try:
            if "organisation" in doc:
                doc["organisation"] = register.directory.get(doc["organisation"]).code
            doc["role"] = _role(values.get("role", ""))
            if "active" in doc:
                doc["active"] = _flag(doc["active"])
            for listed in ("target_groups", "owner_names"):
                if listed in doc:
                    doc[listed] = [x for x in re.split(r"[;\n]", doc[listed]) if x.strip()]
            key = doc.pop("key", "")
            if not key:
                probe = from_doc({**doc, "key": "C-000"}, Contact)
                key = by_identity.get((probe.organisation, probe.role.value, probe.address), "")
            if not key:
                key = f"C-{next_number:03d}"
                next_number += 1
            old = existing.get(key)
            base = to_doc(old) if old is not None else {}
            contact = from_doc({**base, **doc, "key": key}, Contact)
        except RiskregError as exc:
            field = str(exc.params.get("field", ""))
            column = label(field) if field in COLUMNS else label(
                {"error.contact.address": "address", "error.unknown_org": "organisation"}
                .get(exc.key, "key"))
            problems.append(Problem.of(row, column, exc))
            continue
        planned.append((row, old, {"contact": contact}))
    keys = [p[2]["contact"].key for p in planned]
    for row, _old, item in planned:
        if keys.count(item["contact"].key) > 1:
            problems.append(Problem(row, label("key"), N_("error.duplicate"),
                                    {"key": item["contact"].key}))
    if problems:
        raise ImportRejected(str(source), problems)
    added, updated, unchanged = [], [], []
    removed = sorted(set(existing) - set(keys)) if replace else []
    try:
        with register.batch(why=why or translate("contacts.import.why", lang,
                                                 name=source.name)):
            for key in removed:
                register.remove_contact(key)
            for row, old, item in planned:
                contact = item["contact"]
                try:
                    if old is None:
                        register.add_contact(contact)
                        added.append(contact.key)
                    elif old == contact:
                        unchanged.append(contact.key)
                    else:
                        changes = {k: v for k, v in to_doc(contact).items() if k != "key"}
                        register.update_contact(contact.key, **changes)
                        updated.append(contact.key)
                except RiskregError as exc:
                    problems.append(Problem.of(row, label("address"), exc))
            if problems:
                raise ImportRejected(str(source), problems)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    addresses = {key: existing[key].address for key in removed}
    addresses.update((item["contact"].key, item["contact"].address) for _r, _o, item in planned)
    return ContactImport(str(source), dry_run, tuple(added), tuple(updated), tuple(removed),
                         tuple(unchanged), tuple(sorted(addresses.items())))


class _DryRun(Exception):
    """Undoes a dry run's batch (nothing is written)."""


def contact_rows(register: Register, lang: str | None = None) -> list[list[Any]]:
    """The header and one row per contact, as the export writes them."""
    lang = resolve_language(lang)
    rows: list[list[Any]] = [[label(c, lang) for c in COLUMNS]]
    for c in register.contacts():
        rows.append([c.key, c.organisation, word("contact_role", c.role, lang), c.name,
                     c.address, "; ".join(c.target_groups), "; ".join(c.owner_names), c.lang,
                     c.login, translate(N_("yes") if c.active else N_("no"), lang)])
    return rows


def export_contacts(register: Register, path: str | os.PathLike[str], *,
                    lang: str | None = None) -> Path:
    """Write the contacts as CSV (UTF-8 with BOM, ``;``) or XLSX, by the file's extension."""
    target = Path(path)
    rows = contact_rows(register, lang)
    if target.suffix.lower() == ".xlsx":
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.title = translate("contacts.sheet", lang)
        for row in rows:
            sheet.append([neutral_cell(v) for v in row])
        sheet.freeze_panes = "A2"
        out = io.BytesIO()
        book.save(out)
        write_file(target, out.getvalue())
    else:
        text = io.StringIO(newline="")
        writer = csv.writer(text, delimiter=";", lineterminator="\r\n")
        writer.writerows([[neutral_cell(v) for v in row] for row in rows])
        write_file(target, ("\ufeff" + text.getvalue()).encode("utf-8"))
    return target


def template_rows(lang: str | None = None) -> list[tuple[str, bool, str]]:
    """(header, required, explanation) for every column of the contacts' file."""
    lang = resolve_language(lang)
    return [(label(c, lang), c in REQUIRED, translate(HELPS[c], lang)) for c in COLUMNS]


def template_csv(lang: str | None = None) -> bytes:
    """An empty contacts' file to fill in: ``#`` lines explain each column (skipped on
    import), then the header; UTF-8 with BOM and ``;`` (Swedish Excel opens it)."""
    lang = resolve_language(lang)
    out = io.StringIO(newline="")
    out.write("# " + translate("contacts.template.intro", lang) + "\r\n")
    required_word = translate("import.template.required", lang)
    for header, required, text in template_rows(lang):
        mark = f" ({required_word})" if required else ""
        out.write(f"# {header}{mark}: {' '.join(text.split())}\r\n")
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerow(
        [label(c, lang) for c in COLUMNS])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def template_xlsx(lang: str | None = None) -> bytes:
    """An empty contacts' workbook: the sheet to fill in (drop-down lists for role,
    language and active) and an instructions sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    lang = resolve_language(lang)
    choices = {
        "role": [word("contact_role", r, lang) for r in ContactRole],
        "lang": list(LANGUAGES),
        "active": [translate("yes", lang), translate("no", lang)],
    }
    bold_white, fill = Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="1F5F8B")
    book = Workbook()
    sheet: Any = book.active
    sheet.title = translate("contacts.sheet", lang)
    for i, column in enumerate(COLUMNS, 1):
        cell = sheet.cell(row=1, column=i, value=label(column, lang))
        cell.font, cell.fill = bold_white, fill
        letter = get_column_letter(i)
        sheet.column_dimensions[letter].width = 34 if column in (
            "name", "address", "target_groups", "owner_names") else 14
        if column in choices:
            rule = DataValidation(type="list", formula1='"' + ",".join(choices[column]) + '"',
                                  allow_blank=True, showErrorMessage=False)
            rule.add(f"{letter}2:{letter}1000")
            sheet.add_data_validation(rule)
    sheet.freeze_panes = "A2"
    help_sheet: Any = book.create_sheet(translate("import.sheet.instructions", lang))
    help_sheet.append([translate("contacts.template.intro", lang)])
    help_sheet.append([])
    help_sheet.append([translate("import.template.column", lang),
                       translate("import.template.required", lang),
                       translate("import.template.explanation", lang)])
    for cell in help_sheet[3]:
        cell.font, cell.fill = bold_white, fill
    for header, required, text in template_rows(lang):
        help_sheet.append([header, translate(N_("yes") if required else N_("no"), lang), text])
    for row in help_sheet.iter_rows(min_row=4):
        row[2].alignment = Alignment(wrap_text=True, vertical="top")
    help_sheet.column_dimensions["A"].width = 18
    help_sheet.column_dimensions["B"].width = 12
    help_sheet.column_dimensions["C"].width = 90
    raw = io.BytesIO()
    book.save(raw)
    return raw.getvalue()


__all__ = ["COLUMNS", "ContactImport", "contact_rows", "export_contacts", "import_contacts",
           "template_csv", "template_rows", "template_xlsx"]
