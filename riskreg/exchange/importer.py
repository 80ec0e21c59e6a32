"""Import risks and decisions from CSV, XLSX or JSON: all or nothing.

Every row is read and checked (cells, then against the register: areas, scales,
scopes, organisations, duplicate keys, link ends), and then every item is
tried in one transaction of the register. If anything is wrong the file is
rejected with a list of *every* problem (row, column, message) and the
register is not written at all; otherwise everything is written at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs
from attrs import field, frozen

from riskreg.errors import RiskregError, ValidationError
from riskreg.exchange import columns as cells
from riskreg.exchange.columns import COLUMNS, DECISIONS, RISKS, CellError, guess_kind, match_header
from riskreg.exchange.reading import (
    Sheet,
    detect_format,
    read_csv,
    read_file,
    read_json,
    read_xlsx,
)
from riskreg.messages import N_, Counted, Term, translate
from riskreg.model import (
    RISK_KEY,
    Category,
    Decision,
    Link,
    Risk,
    ScopeKind,
    Visibility,
)
from riskreg.register import Register
from riskreg.serialize import from_doc, to_doc
from riskreg.words import word_id

REGISTER_FORMAT = "riskreg.register/1"
PLACEHOLDER_KEY = "R-000"  # a risk without a key until it gets the next free one
SHEET_KINDS = {"risker": RISKS, "risks": RISKS, "beslut": DECISIONS, "decisions": DECISIONS}


# --- problems --------------------------------------------------------------------------------


class Label(str):
    """A column the file lacks, by its label: reads as the label in the default language (as
    :attr:`Problem.column` always has); :meth:`text` gives it in another."""

    __slots__ = ("id",)
    id: str

    @classmethod
    def of(cls, label_id: str) -> Label:
        label = cls(translate(label_id))
        label.id = label_id
        return label

    def text(self, lang: str | None = None) -> str:
        return translate(self.id, lang)


@frozen
class Problem:
    """One problem of an import: where (row or item number, column or field) and what."""

    row: int | None
    column: str
    key: str
    params: dict[str, Any] = field(factory=dict)
    where: str = ""  # a sheet's name, or the JSON list ("risks", "decisions", "links")

    def message(self, lang: str | None = None) -> str:
        """What is wrong, without the place."""
        return translate(self.key, lang, **self.params)

    def line(self, lang: str | None = None) -> str:
        """``rad 4, kolumn Sannolikhet: 7 ligger utanför skalan 1–4`` (or the JSON place)."""
        message = self.message(lang)
        where = f"{self.where}: " if self.where else ""
        if self.row is None:
            return f"{where}{message}"
        return where + translate("import.problem", lang, row=self.row,
                                 column=self.column_in(lang) or "–", message=message)

    def column_in(self, lang: str | None = None) -> str:
        """The column as the file names it, or (one the file lacks) its label in ``lang``."""
        return self.column.text(lang) if isinstance(self.column, Label) else self.column

    @classmethod
    def of(cls, row: int | None, column: str, error: RiskregError, where: str = "") -> Problem:
        return cls(row, column, error.key, dict(error.params), where)


class ImportRejected(ValidationError):
    """The file was rejected; ``problems`` lists every problem. The register is unchanged."""

    message_key = N_("error.import.rejected")

    def __init__(self, path: str, problems: Sequence[Problem]) -> None:
        super().__init__(N_("error.import.rejected"), path=path,
                         problems=Counted("count.problems", "count.problems.plural", len(problems)))
        self.problems = tuple(problems)


@frozen
class ImportResult:
    """What an import added (or, with ``dry_run``, would add)."""

    path: str
    format: str
    dry_run: bool
    categories: tuple[str, ...] = ()
    risks: tuple[tuple[str, str], ...] = ()  # (key, title)
    decisions: tuple[tuple[str, str], ...] = ()
    links: tuple[tuple[str, str, str], ...] = ()
    notes: tuple[str, ...] = ()  # catalogue keys of warnings (e.g. "import.note.matrix")

    def to_doc(self) -> dict[str, Any]:
        return {
            "path": self.path, "format": self.format, "dry_run": self.dry_run,
            "written": not self.dry_run,
            "categories": list(self.categories),
            "risks": [{"key": k, "title": t} for k, t in self.risks],
            "decisions": [{"key": k, "title": t} for k, t in self.decisions],
            "links": [{"source": s, "relation": r, "target": t} for s, r, t in self.links],
            "notes": list(self.notes),
        }


@attrs.define
class Item:
    """One thing to add, with where it came from (for problems)."""

    kind: str  # "category", "risk", "decision", "link"
    row: int | None
    where: str
    model: Any
    columns: dict[str, str] = attrs.Factory(dict)  # model field -> column as written in the file
    auto_key: bool = False  # a new risk given without a key: it gets the next free one

    def column(self, model_field: str) -> str:
        return self.columns.get(model_field, model_field)


# --- rows of a table -------------------------------------------------------------------------


@attrs.define
class RowData:
    """A row read into a model document, with the problems of its cells."""

    row: int
    where: str
    doc: dict[str, Any]
    problems: list[Problem]
    columns: dict[str, str]  # model field -> header
    raw: dict[str, Any]  # column name -> cell as read


_RISK_FIELD_COLUMNS = {
    "key": "key", "title": "title", "area": "area", "inherent": "likelihood",
    "residual": "residual_likelihood", "description": "description",
    "consequences": "consequences", "actions": "actions", "owner": "owner", "status": "status",
    "scope": "scope", "reported_by": "reported_by", "visibility": "internal",
    "created": "created",
}
_DECISION_FIELD_COLUMNS = {
    "key": "key", "decided_on": "decided_on", "title": "title", "summary": "summary",
    "care_areas": "care_areas", "target_groups": "target_groups", "validity": "validity",
    "review_by": "review_by", "assessment": "assessed_by", "scope": "scope",
    "visibility": "internal",
}


def table_rows(sheet: Sheet, kind: str) -> tuple[list[tuple[int, dict[str, Any]]], dict[str, str],
                                                  list[Problem]]:
    """The rows of a sheet as column name -> cell, the header text of each column, and the
    problems of the header itself (unknown or missing columns)."""
    found, unknown = match_header(sheet.header, kind)
    problems = [
        Problem(sheet.header_row, sheet.header[i], N_("error.import.unknown_column"),
                {"column": sheet.header[i]}, sheet.name)
        for i in unknown
    ]
    present = set(found.values())
    headers = {name: sheet.header[i] for i, name in found.items()}
    for column in COLUMNS[kind]:
        if column.required and column.name not in present and not (
            kind == RISKS and column.name == "key"
        ):
            problems.append(Problem(sheet.header_row, Label.of(column.label_id),
                                    N_("error.import.missing_column"),
                                    {"column": Term(column.label_id)}, sheet.name))
    rows = []
    for number, values in sheet.rows:
        rows.append((number, {name: values[i] if i < len(values) else None
                              for i, name in found.items()}))
    return rows, headers, problems


class _Cells:
    """Reads one row's cells, noting a problem per bad cell instead of stopping."""

    def __init__(self, row: int, where: str, headers: dict[str, str], raw: dict[str, Any]):
        self.row, self.where, self.headers, self.raw = row, where, headers, raw
        self.problems: list[Problem] = []

    def header(self, name: str) -> str:
        return self.headers.get(name) or Label.of(cells.LABELS[name])

    def get(self, name: str, reader: Any = cells.text, *args: Any, required: bool = False) -> Any:
        value = self.raw.get(name)
        try:
            result = reader(value, *args)
        except CellError as exc:
            self.problems.append(Problem.of(self.row, self.header(name), exc, self.where))
            return None
        if required and (result is None or result == "" or result == []):
            self.problems.append(Problem(self.row, self.header(name), N_("error.import.required"),
                                         {}, self.where))
        return result


def risk_row(register: Register, row: int, where: str, headers: dict[str, str],
             raw: dict[str, Any], *, lenient: bool = False) -> RowData:
    """A risk document from a row; ``lenient`` leaves area and ratings optional (a submission
    row matched to an existing risk needs only its title)."""
    c = _Cells(row, where, headers, raw)
    matrix, directory = register.matrix, register.directory
    need = not lenient
    doc: dict[str, Any] = {}
    key = c.get("key")
    doc["key"] = PLACEHOLDER_KEY
    if key:
        if RISK_KEY.match(key):
            doc["key"] = key
        elif not lenient:
            c.problems.append(Problem(row, c.header("key"), N_("error.bad_key"), {"key": key},
                                      where))
    doc["title"] = c.get("title", required=True)
    area = c.get("area", required=need)
    if area:
        resolved = _area_key(register, area)
        if resolved is None:
            c.problems.append(Problem(row, c.header("area"), N_("error.unknown_area"), {
                "area": area, "known": ", ".join(a.key for a in register.categories())}, where))
        doc["area"] = resolved
    like = c.get("likelihood", cells.likelihood, matrix, required=need)
    imp = c.get("impact", cells.impact, matrix, required=need)
    if like and imp:
        doc["inherent"] = [like, imp]
    r_like = c.get("residual_likelihood", cells.likelihood, matrix)
    r_imp = c.get("residual_impact", cells.impact, matrix)
    if r_like and r_imp:
        doc["residual"] = [r_like, r_imp]
    elif (r_like is None) != (r_imp is None) and not (
        cells.text(raw.get("residual_likelihood")) and cells.text(raw.get("residual_impact"))
    ):
        c.problems.append(Problem(row, c.header("residual_likelihood"),
                                  N_("error.import.residual_pair"), {}, where))
    for name in ("description", "owner"):
        doc[name] = c.get(name)
    doc["consequences"] = c.get("consequences", cells.lines) or []
    doc["actions"] = c.get("actions", cells.actions) or []
    status = c.get("status", cells.risk_status)
    if status is not None:
        doc["status"] = str(status)
    scope = c.get("scope", cells.scope, directory)
    if scope is not None:
        doc["scope"] = to_doc(scope)
    doc["reported_by"] = c.get("reported_by", cells.organisations, directory) or []
    if c.get("internal", cells.flag):
        doc["visibility"] = str(Visibility.INTERNAL)
    created = c.get("created", cells.day)
    doc["created"] = (created or register.today()).isoformat()
    columns = {f: c.header(col) for f, col in _RISK_FIELD_COLUMNS.items()}
    return RowData(row, where, {k: v for k, v in doc.items() if v is not None}, c.problems,
                   columns, raw)


def decision_row(register: Register, row: int, where: str, headers: dict[str, str],
                 raw: dict[str, Any]) -> RowData:
    c = _Cells(row, where, headers, raw)
    doc: dict[str, Any] = {}
    doc["key"] = c.get("key", required=True)
    decided = c.get("decided_on", cells.day, required=True)
    if decided:
        doc["decided_on"] = decided.isoformat()
    doc["title"] = c.get("title", required=True)
    doc["summary"] = c.get("summary")
    doc["care_areas"] = c.get("care_areas", cells.items) or []
    doc["target_groups"] = c.get("target_groups", cells.items) or []
    validity = c.get("validity", cells.validity)
    if validity is not None:
        doc["validity"] = str(validity)
    review_by = c.get("review_by", cells.day)
    if review_by:
        doc["review_by"] = review_by.isoformat()
    by = c.get("assessed_by")
    on = c.get("assessed_on", cells.day)
    rationale = c.get("rationale")
    if by or on or rationale:
        if not by:
            c.problems.append(Problem(row, c.header("assessed_by"), N_("error.import.required"), {},
                                      where))
        doc["assessment"] = {"by": by or "?", "on": (on or register.today()).isoformat(),
                             "rationale": rationale or ""}
    scope = c.get("scope", cells.scope, register.directory)
    if scope is not None:
        doc["scope"] = to_doc(scope)
    if c.get("internal", cells.flag):
        doc["visibility"] = str(Visibility.INTERNAL)
    columns = {f: c.header(col) for f, col in _DECISION_FIELD_COLUMNS.items()}
    return RowData(row, where, {k: v for k, v in doc.items() if v is not None}, c.problems,
                   columns, raw)


def _area_key(register: Register, given: str) -> str | None:
    folded = given.strip().casefold()
    for area in register.categories():
        if folded in (area.key.casefold(), area.name.casefold()):
            return area.key
    return None


def build_model(data: RowData, cls: type[Any]) -> Any:
    """The model of a row, or None with the problem noted (mapped to its column)."""
    if data.problems:
        return None
    try:
        return from_doc(data.doc, cls)
    except ValidationError as exc:
        data.problems.append(Problem.of(data.row, _error_column(exc, data.doc, cls, data.columns),
                                        exc, data.where))
        return None


def _error_column(exc: ValidationError, doc: dict[str, Any], cls: type[Any],
                  columns: dict[str, str]) -> str:
    """The column a model error is about: named by the error, else found by trying each field."""
    name = exc.params.get("field")
    if exc.key == "error.review_by_required":
        name = "review_by"
    if not isinstance(name, str):
        name = _failing_field(doc, cls)
    return columns.get(name, name or "")


def _failing_field(doc: dict[str, Any], cls: type[Any]) -> str:
    fields = attrs.fields_dict(attrs.resolve_types(cls))
    for name, value in doc.items():
        spec = fields.get(name)
        if spec is None or spec.type is None:
            return name
        try:
            from_doc(value, spec.type)
        except (ValidationError, TypeError, ValueError):
            return name
        except Exception:  # a type cattrs cannot structure alone: not this field's fault
            continue
    return ""


# --- JSON documents ----------------------------------------------------------------------------


def json_items(register: Register, data: Any, *, path: str) -> tuple[list[Item], list[Problem],
                                                                      list[str]]:
    """Items from a register export (``riskreg dump``), an object with ``risks``/``decisions``/
    ``links`` lists, or one list of risks and decisions."""
    problems: list[Problem] = []
    notes: list[str] = []
    items: list[Item] = []
    if isinstance(data, dict) and data.get("format") == REGISTER_FORMAT:
        matrix = data.get("matrix")
        if matrix is not None and matrix != to_doc(register.matrix):
            notes.append(N_("import.note.matrix"))
        for n, doc in enumerate(_list(data, "categories", problems), 1):
            try:
                category = from_doc(doc, Category)
            except ValidationError as exc:
                problems.append(Problem.of(n, _json_field(exc), exc, "categories"))
                continue
            items.append(Item("category", n, "categories", category))
        sections = {name: _list(data, name, problems) for name in ("risks", "decisions", "links")}
    elif isinstance(data, dict) and (
        {"risks", "decisions", "links"} & data.keys() and "schema" not in data
    ):
        sections = {name: _list(data, name, problems) for name in ("risks", "decisions", "links")}
    elif isinstance(data, list):
        sections = {"risks": [], "decisions": [], "links": []}
        for doc in data:
            sections[_json_kind(doc)].append(doc)
    else:
        raise ValidationError("error.import.json_shape", path=path)
    kinds: tuple[tuple[str, type[Any], str], ...] = (
        ("decisions", Decision, "decision"), ("risks", Risk, "risk"), ("links", Link, "link"))
    for section, cls, kind in kinds:
        for n, doc in enumerate(sections[section], 1):
            if not isinstance(doc, dict):
                problems.append(Problem(n, "", N_("error.bad_document"),
                                        {"problem": "not an object"},
                                        section))
                continue
            if kind == "risk":
                doc = {"created": register.today().isoformat(), "key": PLACEHOLDER_KEY, **doc}
            try:
                model = from_doc(doc, cls)
            except ValidationError as exc:
                column = _json_field(exc) or _failing_field(doc, cls)
                problems.append(Problem.of(n, column, exc, section))
                continue
            items.append(Item(kind, n, section, model,
                              auto_key=kind == "risk" and model.key == PLACEHOLDER_KEY))
    return items, problems, notes


def _list(data: dict[str, Any], name: str, problems: list[Problem]) -> list[Any]:
    value = data.get(name, [])
    if not isinstance(value, list):
        problems.append(Problem(None, name, N_("error.bad_document"),
                                {"problem": f"{name}: not a list"}))
        return []
    return value


def _json_kind(doc: Any) -> str:
    if isinstance(doc, dict):
        if "relation" in doc:
            return "links"
        key = doc.get("key")
        if (isinstance(key, str) and key.startswith("KL-")) or "decided_on" in doc:
            return "decisions"
    return "risks"


def _json_field(exc: ValidationError) -> str:
    name = exc.params.get("field")
    if exc.key == "error.review_by_required":
        return "review_by"
    return name if isinstance(name, str) else ""


# --- checking against the register and trying it -------------------------------------------------


def check_items(register: Register, items: list[Item], problems: list[Problem]) -> list[Item]:
    """The items that pass every check against the register and each other; problems noted."""
    existing_areas = {a.key for a in register.categories()}
    known_areas = existing_areas | {
        i.model.key for i in items if i.kind == "category"}
    directory = register.directory
    seen: dict[str, Item] = {}
    good: list[Item] = []
    for item in items:
        found: list[tuple[str, RiskregError]] = []
        model = item.model
        if item.kind in ("risk", "decision"):
            first = seen.get(model.key)
            if first is not None:
                found.append(("key", ValidationError(
                    "error.import.duplicate_in_file", key=model.key, row=first.row or "?")))
            elif model.key in register:
                found.append(("key", ValidationError("error.import.exists", key=model.key)))
            seen.setdefault(model.key, item)
            found += _scope_problems(model, directory)
        if item.kind == "risk":
            if model.area not in known_areas:
                found.append(("area", ValidationError(
                    "error.unknown_area", area=model.area, known=", ".join(sorted(known_areas)))))
            for name in ("inherent", "residual"):
                rating = getattr(model, name)
                if rating is not None:
                    try:
                        register.matrix.check(rating)
                    except ValidationError as exc:
                        found.append((name, exc))
            for code in model.reported_by:
                if code not in directory:
                    found.append(("reported_by", ValidationError("error.unknown_org", code=code)))
        elif item.kind == "category" and model.key in existing_areas:
            continue  # already there: keep the register's own
        for name, error in found:
            problems.append(Problem.of(item.row, item.column(name), error, item.where))
        if not found:
            good.append(item)
    keys = {i.model.key for i in good if i.kind in ("risk", "decision")}
    failed = {i.model.key for i in items if i.kind in ("risk", "decision")} - keys
    links_seen: set[tuple[str, str, str]] = set()
    checked: list[Item] = []
    for item in good:
        if item.kind != "link":
            checked.append(item)
            continue
        link: Link = item.model
        ends_bad = [end for end in (link.source, link.target)
                    if end not in register and end not in keys]
        if any(end in failed for end in ends_bad):
            continue  # the row it links to is already reported
        if ends_bad:
            for end in ends_bad:
                problems.append(Problem(item.row, "source" if end == link.source else "target",
                                        N_("error.import.link_end"), {"key": end}, item.where))
            continue
        ends = (link.source, str(link.relation), link.target)
        if ends in links_seen:
            problems.append(Problem(item.row, "", N_("error.link_exists"),
                                    {"source": ends[0], "relation": ends[1], "target": ends[2]},
                                    item.where))
            continue
        links_seen.add(ends)
        checked.append(item)
    return checked


def _scope_problems(model: Risk | Decision, directory: Any) -> list[tuple[str, RiskregError]]:
    scope = model.scope
    known = {
        ScopeKind.ASSOCIATION: directory.associations(),
        ScopeKind.CARE_AREA: directory.care_areas(),
        ScopeKind.MUNICIPALITIES: {o.code for o in directory},
    }.get(scope.kind)
    if known is None:
        return []
    return [("scope", ValidationError("error.unknown_scope_name",
                                      kind=Term(word_id("scope_kind", scope.kind)), name=n))
            for n in scope.names if n not in known]


class _Rollback(Exception):
    """Leaves a trial transaction without writing anything."""


def apply_items(register: Register, items: list[Item], problems: list[Problem], *, why: str,
                dry_run: bool) -> None:
    """Add every item in one transaction; any failure is a problem and nothing is written."""
    order = {"category": 0, "decision": 1, "risk": 2, "link": 3}
    try:
        with register.batch(why=why):
            for item in sorted(items, key=lambda i: order[i.kind]):
                try:
                    _add(register, item)
                except RiskregError as exc:
                    column = {"error.unknown_area": "area", "error.link_cycle": "",
                              "error.bidi_control": str(exc.params.get("field", ""))
                              }.get(exc.key, "")
                    problems.append(Problem.of(item.row, item.column(column) if column else "",
                                               exc, item.where))
            if problems or dry_run:
                raise _Rollback
    except _Rollback:
        pass


def _add(register: Register, item: Item) -> None:
    model = item.model
    if item.kind == "category":
        register.add_category(model)
    elif item.kind == "decision":
        register.add_decision(model)
    elif item.kind == "risk":
        register.add_risk(model)
    else:
        register.link(model.source, model.relation, model.target, note=model.note)


# --- the import -------------------------------------------------------------------------------


def read_items(register: Register, path: str | Path, *, encoding: str | None = None,
               kind: str | None = None) -> tuple[str, list[Item], list[Problem], list[str]]:
    """Read a file into items: its format, the items, the problems found reading, and notes."""
    path = Path(path)
    data = read_file(path)
    fmt = detect_format(path, data)
    problems: list[Problem] = []
    notes: list[str] = []
    if fmt == "json":
        document = read_json(data, path=str(path))
        items, problems, notes = json_items(register, document, path=str(path))
        _assign_keys(register, items)
        return fmt, items, problems, notes
    chosen = _read_sheets(data, fmt, encoding, path, kind)
    items = []
    for sheet, sheet_kind in chosen:
        where = sheet.name if fmt == "xlsx" else ""
        if sheet_kind is None:
            problems.append(Problem(sheet.header_row or 1, "", N_("error.import.kind"), {}, where))
            continue
        rows, headers, header_problems = table_rows(sheet, sheet_kind)
        problems += header_problems
        if header_problems:
            continue
        for number, raw in rows:
            if sheet_kind == RISKS:
                data_row = risk_row(register, number, where, headers, raw)
                model = build_model(data_row, Risk)
                kind_name = "risk"
            else:
                data_row = decision_row(register, number, where, headers, raw)
                model = build_model(data_row, Decision)
                kind_name = "decision"
            problems += data_row.problems
            if model is not None:
                items.append(Item(kind_name, number, where, model, data_row.columns,
                                  auto_key=kind_name == "risk" and model.key == PLACEHOLDER_KEY))
    _assign_keys(register, items)
    return fmt, items, problems, notes


def _read_sheets(data: bytes, fmt: str, encoding: str | None, path: Path,
                 kind: str | None) -> list[tuple[Sheet, str | None]]:
    """The sheets of a CSV or XLSX file to read, each with its kind; none is an error."""
    sheets = [read_csv(data, encoding, path=str(path))] if fmt == "csv" else read_xlsx(
        data, path=str(path))
    chosen = _choose_sheets(sheets, kind)
    if not chosen:
        raise ValidationError("error.import.empty", path=str(path))
    return chosen


def _choose_sheets(sheets: list[Sheet], kind: str | None) -> list[tuple[Sheet, str | None]]:
    """The sheets to read: those named for a kind (Risker, Beslut), else the first whose
    columns tell its kind."""
    with_rows = [s for s in sheets if s.header]
    named: list[tuple[Sheet, str | None]] = []
    for sheet in with_rows:
        sheet_kind = SHEET_KINDS.get(sheet.name.strip().casefold())
        if sheet_kind is not None and kind in (None, sheet_kind):
            named.append((sheet, sheet_kind))
    if named:
        # the sheets with rows; when none has any (an empty template), the named sheets
        # themselves: they read as 0 rows, as an empty CSV template does
        return [(s, k) for s, k in named if s.rows] or named
    for sheet in with_rows:
        guessed = kind or guess_kind(sheet.header)
        if guessed is not None:
            return [(sheet, guessed)]
    return [(with_rows[0], None)] if with_rows else []


def _assign_keys(register: Register, items: list[Item]) -> None:
    """Keys for new risks given without one: after every key in the file, and after every key
    the register has given out (removed ones too: a key is never given twice)."""
    numbers = [int(i.model.key[2:]) for i in items if i.kind == "risk" and not i.auto_key]
    following = max(max(numbers, default=0) + 1, int(register.next_risk_key()[2:]))
    for item in items:
        if item.kind == "risk" and item.auto_key:
            item.model = attrs.evolve(item.model, key=f"R-{following:03d}")
            following += 1


def import_file(
    register: Register, path: str | Path, *, encoding: str | None = None,
    kind: str | None = None, dry_run: bool = False, why: str = "", lang: str | None = None,
) -> ImportResult:
    """Import risks, decisions (and links, areas from JSON) from a CSV, XLSX or JSON file.

    All or nothing: on any problem :class:`ImportRejected` lists every one and the
    register file is left byte for byte as it was. ``dry_run`` checks everything and
    writes nothing.
    """
    fmt, items, problems, notes = read_items(register, path, encoding=encoding, kind=kind)
    checked = check_items(register, items, problems)
    apply_items(register, checked, problems,
                why=why or translate("import.why.file", lang, file=Path(path).name),
                dry_run=dry_run or bool(problems))
    if problems:
        raise ImportRejected(str(path), _sorted(problems))
    return ImportResult(
        path=str(path), format=fmt, dry_run=dry_run,
        categories=tuple(i.model.key for i in checked if i.kind == "category"),
        risks=tuple((i.model.key, i.model.title) for i in checked if i.kind == "risk"),
        decisions=tuple((i.model.key, i.model.title) for i in checked if i.kind == "decision"),
        links=tuple((i.model.source, str(i.model.relation), i.model.target)
                    for i in checked if i.kind == "link"),
        notes=tuple(notes),
    )


def _sorted(problems: list[Problem]) -> list[Problem]:
    order = {"": 0, "categories": 1, "decisions": 2, "risks": 3, "links": 4}
    return sorted(problems, key=lambda p: (order.get(p.where, 5), p.where, p.row or 0))


__all__ = ["ImportRejected", "ImportResult", "Problem", "import_file"]

