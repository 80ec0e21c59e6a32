"""The columns of the import templates, how a header is recognised, and how a cell is read.

A header may be the column's machine name (``likelihood``), its Swedish label
(``Sannolikhet``) or its English label, in any case. A cell is text as typed in
a spreadsheet: numbers may be the scale step or its name, choices the stored
value or its Swedish/English word, lists one entry per line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from attrs import frozen

from riskreg.errors import RiskregError
from riskreg.matrix import RiskMatrix
from riskreg.messages import LIBRARY, N_, Choices, translate
from riskreg.model import ActionStatus, RiskStatus, Scope, Validity
from riskreg.organisations import Directory
from riskreg.scopes import parse_scope
from riskreg.words import read_word

RISKS, DECISIONS = "risks", "decisions"


@frozen
class Column:
    """One template column: machine name, whether a row needs it, and its catalogue entries
    (``import.col.<name>`` the header, ``import.help.<name>`` what to write)."""

    name: str
    label_id: str
    help_id: str
    required: bool = False

    def label(self, lang: str | None = None) -> str:
        return translate(self.label_id, lang)

    def help(self, lang: str | None = None) -> str:
        return translate(self.help_id, lang)


RISK_COLUMNS = (
    Column("key", N_("import.col.key"), N_("import.help.key")),
    Column("title", N_("import.col.title"), N_("import.help.title"), True),
    Column("area", N_("import.col.area"), N_("import.help.area"), True),
    Column("likelihood", N_("import.col.likelihood"), N_("import.help.likelihood"), True),
    Column("impact", N_("import.col.impact"), N_("import.help.impact"), True),
    Column("residual_likelihood", N_("import.col.residual_likelihood"),
           N_("import.help.residual_likelihood")),
    Column("residual_impact", N_("import.col.residual_impact"), N_("import.help.residual_impact")),
    Column("description", N_("import.col.description"), N_("import.help.description")),
    Column("consequences", N_("import.col.consequences"), N_("import.help.consequences")),
    Column("actions", N_("import.col.actions"), N_("import.help.actions")),
    Column("owner", N_("import.col.owner"), N_("import.help.owner")),
    Column("status", N_("import.col.status"), N_("import.help.status")),
    Column("scope", N_("import.col.scope"), N_("import.help.scope")),
    Column("reported_by", N_("import.col.reported_by"), N_("import.help.reported_by")),
    Column("internal", N_("import.col.internal"), N_("import.help.internal")),
    Column("created", N_("import.col.created"), N_("import.help.created")),
)
DECISION_COLUMNS = (
    Column("key", N_("import.col.key"), N_("import.help.key"), True),
    Column("decided_on", N_("import.col.decided_on"), N_("import.help.decided_on"), True),
    Column("title", N_("import.col.title"), N_("import.help.title"), True),
    Column("summary", N_("import.col.summary"), N_("import.help.summary")),
    Column("care_areas", N_("import.col.care_areas"), N_("import.help.care_areas")),
    Column("target_groups", N_("import.col.target_groups"), N_("import.help.target_groups")),
    Column("validity", N_("import.col.validity"), N_("import.help.validity")),
    Column("review_by", N_("import.col.review_by"), N_("import.help.review_by")),
    Column("assessed_by", N_("import.col.assessed_by"), N_("import.help.assessed_by")),
    Column("assessed_on", N_("import.col.assessed_on"), N_("import.help.assessed_on")),
    Column("rationale", N_("import.col.rationale"), N_("import.help.rationale")),
    Column("scope", N_("import.col.scope"), N_("import.help.scope")),
    Column("internal", N_("import.col.internal"), N_("import.help.internal")),
)
COLUMNS = {RISKS: RISK_COLUMNS, DECISIONS: DECISION_COLUMNS}
#: a column's header by its machine name
LABELS = {c.name: c.label_id for columns in COLUMNS.values() for c in columns}


def _norm(text: str) -> str:
    return re.sub(r"[^0-9a-zåäöéü]+", "", str(text).casefold())


def header_names(kind: str) -> dict[str, str]:
    """Normalised header -> column name, for every accepted spelling of ``kind``'s columns."""
    names: dict[str, str] = {}
    for column in COLUMNS[kind]:
        spellings = [column.name, *LIBRARY.spellings(column.label_id)]
        for spelling in spellings:
            names.setdefault(_norm(spelling), column.name)
    return names


def match_header(header: Sequence[str], kind: str) -> tuple[dict[int, str], list[int]]:
    """Which column each header cell is (index -> name), and the indexes not recognised."""
    names = header_names(kind)
    found: dict[int, str] = {}
    unknown = []
    for i, cell in enumerate(header):
        name = names.get(_norm(cell))
        if name is None or name in found.values():
            if str(cell).strip():
                unknown.append(i)
            continue
        found[i] = name
    return found, unknown


def guess_kind(header: Sequence[str]) -> str | None:
    """``risks`` or ``decisions`` from the header, or None if it fits neither."""
    scores = {}
    for kind in (RISKS, DECISIONS):
        found, _unknown = match_header(header, kind)
        distinctive = set(found.values()) - {"key", "title", "scope", "internal"}
        scores[kind] = len(distinctive)
    best = max(scores, key=lambda k: scores[k])
    if scores[best] == 0 or scores[RISKS] == scores[DECISIONS]:
        return None
    return best


# --- reading cells ------------------------------------------------------------------------


class CellError(RiskregError):
    """A cell cannot be read; ``key`` and ``params`` say why (catalogue entry)."""


def text(value: Any) -> str:
    """A cell as text: None is empty, whole floats lose their ``.0``, an apostrophe that
    neutralised a formula is dropped."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date() if value.time() == datetime.min.time() else value
    out = value.isoformat() if isinstance(value, date) else str(value)
    out = out.replace("\r\n", "\n").replace("\r", "\n")
    if out.startswith("'") and out[1:2] in ("=", "+", "-", "@", "\t", "\n"):
        out = out[1:]
    return out.strip()


def lines(value: Any) -> list[str]:
    """One entry per line (blank lines dropped)."""
    return [line.strip() for line in text(value).split("\n") if line.strip()]


def items(value: Any) -> list[str]:
    """Entries separated by line breaks, commas or semicolons."""
    return [part.strip() for part in re.split(r"[\n,;]", text(value)) if part.strip()]


def day(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raw = text(value)
    if not raw:
        return None
    candidate = raw[:10] if re.match(r"^\d{4}-\d{2}-\d{2}([ T]00:00(:00)?)?$", raw) else raw
    try:
        return date.fromisoformat(candidate)
    except ValueError:
        raise CellError("error.bad_date", value=raw[:60]) from None


def step(value: Any, names: Sequence[str], names_en: Sequence[str]) -> int | None:
    """A scale step from its number or its name (either language)."""
    raw = text(value)
    if not raw:
        return None
    if re.fullmatch(r"\d+", raw):
        number = int(raw)
        if 1 <= number <= len(names):
            return number
    folded = raw.casefold()
    for spelled in (names, names_en):
        for i, name in enumerate(spelled, 1):
            if name.casefold() == folded:
                return i
    raise CellError("error.import.bad_step", value=raw[:60], top=len(names),
                    names=", ".join(f"{i} {n}" for i, n in enumerate(names, 1)))


def likelihood(value: Any, matrix: RiskMatrix) -> int | None:
    return step(value, matrix.likelihood, matrix.likelihood_en)


def impact(value: Any, matrix: RiskMatrix) -> int | None:
    return step(value, matrix.impact, matrix.impact_en)


def choice(value: Any, enum: Any, kind: str) -> Any:
    """An enum member from its value or its word in either language (``gäller nu``); ``kind``
    is its vocabulary in :mod:`riskreg.words`."""
    raw = text(value)
    if not raw:
        return None
    found = read_word(kind, raw)
    if found is not None:
        return enum(found)
    raise CellError("error.bad_choice", value=raw[:60], allowed=Choices.of(enum))


def risk_status(value: Any) -> RiskStatus | None:
    result: RiskStatus | None = choice(value, RiskStatus, "status")
    return result


def validity(value: Any) -> Validity | None:
    result: Validity | None = choice(value, Validity, "validity")
    return result


def action_status(value: Any) -> ActionStatus | None:
    result: ActionStatus | None = choice(value, ActionStatus, "action")
    return result


_YES = {"ja", "yes", "j", "y", "true", "sant", "1", "x", "intern", "internal"}
_NO = {"nej", "no", "n", "false", "falskt", "0", "delad", "shared", ""}


def flag(value: Any) -> bool:
    raw = text(value).casefold()
    if raw in _YES:
        return True
    if raw in _NO:
        return False
    raise CellError("error.import.bad_flag", value=raw[:60])


def scope(value: Any, directory: Directory) -> Scope | None:
    """A scope in any form :mod:`riskreg.scopes` reads (``alla``, ``region``,
    ``kommunalförbund:NAMN``, ``association:NAME``...); names checked against the directory."""
    raw = text(value)
    if not raw:
        return None
    try:
        return parse_scope(raw, directory)
    except RiskregError as exc:
        raise CellError(exc.key, **exc.params) from None


def organisations(value: Any, directory: Directory) -> list[str]:
    codes = []
    for item in items(value):
        try:
            codes.append(directory.get(item).code)
        except RiskregError as exc:
            raise CellError(exc.key, **exc.params) from None
    return codes


def actions(value: Any) -> list[dict[str, Any]]:
    """One action per line: ``text`` or ``text | owner | due (YYYY-MM-DD) | status``."""
    found = []
    for line in lines(value):
        parts = [p.strip() for p in line.split("|")]
        if len(parts) > 4 or not parts[0]:
            raise CellError("error.import.bad_action", value=line[:60])
        doc: dict[str, Any] = {"text": parts[0]}
        if len(parts) > 1 and parts[1]:
            doc["owner"] = parts[1]
        if len(parts) > 2 and parts[2]:
            due = day(parts[2])
            doc["due"] = due.isoformat() if due else None
        if len(parts) > 3 and parts[3]:
            status = action_status(parts[3])
            doc["status"] = str(status) if status else "proposed"
        found.append(doc)
    return found


__all__ = ["COLUMNS", "DECISION_COLUMNS", "RISK_COLUMNS", "CellError", "Column", "guess_kind",
           "match_header"]
