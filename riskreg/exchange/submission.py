"""A municipality's own risk list, brought into the joint analysis (recognition).

Each row is matched to an existing risk: by key if it gives one the register
knows, else by the similarity of its title and description (the better of the
titles' :class:`difflib.SequenceMatcher` ratio and the word overlap, Jaccard,
of title and description). A match at or above the threshold records the
municipality as reporting that risk; a row without a match becomes a new risk,
status *identified*, flagged "needs review" (reason ``submitted``), scoped to
the municipality unless the row says otherwise. All or nothing, as any import.
"""

from __future__ import annotations

import re
from collections import Counter
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

import attrs
from attrs import frozen

from riskreg.errors import RiskregError, ValidationError
from riskreg.exchange import columns as cells
from riskreg.exchange.columns import RISKS
from riskreg.exchange.importer import (
    ImportRejected,
    Item,
    Problem,
    _read_sheets,
    apply_items,
    build_model,
    check_items,
    json_items,
    risk_row,
    table_rows,
)
from riskreg.exchange.reading import detect_format, read_file, read_json
from riskreg.messages import N_, translate
from riskreg.model import RISK_KEY, ReviewReason, Risk, RiskStatus, Scope
from riskreg.register import Register

DEFAULT_THRESHOLD = 0.6
MATCHED, ALREADY, NEW = "matched", "already", "new"
_STOP = frozenset({
    "och", "att", "det", "som", "för", "med", "inte", "till", "vid", "av", "är", "på", "den",
    "ett", "en", "de", "har", "kan", "ska", "om", "när", "eller", "från", "under", "inom",
    "mellan", "the", "and", "of", "for", "in", "to", "a", "an", "is", "are", "be", "on",
})
_WORD = re.compile(r"[0-9a-zåäöéü]+")


@frozen
class Planned:
    """What happens to one row: matched (or already reported) to a risk, or a new risk."""

    row: int
    title: str
    action: str  # MATCHED, ALREADY or NEW
    key: str
    score: float
    by: str  # "key", "similarity" or "" (new)
    matched_title: str = ""  # the matched risk's title; for a new risk, the closest one's

    def to_doc(self) -> dict[str, Any]:
        return {"row": self.row, "title": self.title, "action": self.action, "key": self.key,
                "score": round(self.score, 3), "by": self.by or None,
                "matched_title": self.matched_title or None}


@frozen
class SubmissionResult:
    path: str
    code: str
    dry_run: bool
    threshold: float
    rows: tuple[Planned, ...]
    ignored_columns: tuple[str, ...] = ()  # the list's own columns, left aside

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    def to_doc(self) -> dict[str, Any]:
        return {"path": self.path, "from": self.code, "dry_run": self.dry_run,
                "written": not self.dry_run, "threshold": self.threshold,
                "matched": self.count(MATCHED), "already": self.count(ALREADY),
                "new": self.count(NEW), "ignored_columns": list(self.ignored_columns),
                "rows": [r.to_doc() for r in self.rows]}


def tokens(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.casefold()) if len(w) > 2 and w not in _STOP}


def _plain(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold()))


def similarity(title: str, description: str, risk: Risk) -> float:
    """How alike a submitted row and a risk are, 0 to 1."""
    ratio = SequenceMatcher(None, _plain(title), _plain(risk.title)).ratio()
    mine = tokens(f"{title} {description}")
    theirs = tokens(f"{risk.title} {risk.description}" if description else risk.title)
    jaccard = len(mine & theirs) / len(mine | theirs) if mine and theirs else 0.0
    return max(ratio, jaccard)


class _Matcher:
    """Finds the best risk for a row; an inverted word index keeps it fast on large registers."""

    def __init__(self, risks: list[Risk]) -> None:
        self.risks = {r.key: r for r in risks}
        self.index: dict[str, list[str]] = {}
        for risk in risks:
            for word in tokens(f"{risk.title} {risk.description}"):
                self.index.setdefault(word, []).append(risk.key)

    def candidates(self, title: str, description: str) -> list[Risk]:
        """The risks worth scoring: all of a small register, else those sharing most words."""
        if len(self.risks) <= 200:
            return [self.risks[k] for k in sorted(self.risks)]
        overlap: Counter[str] = Counter()
        for word in tokens(f"{title} {description}"):
            overlap.update(self.index.get(word, ()))
        return [self.risks[k] for k in sorted(k for k, _n in overlap.most_common(40))]

    def best(self, title: str, description: str) -> tuple[Risk | None, float]:
        best: tuple[Risk | None, float] = (None, 0.0)
        for risk in self.candidates(title, description):
            score = similarity(title, description, risk)
            if score > best[1]:
                best = (risk, score)
        return best


@attrs.define
class _Entry:
    """One submitted row: where it is, what matching needs, and how to read it again."""

    row: int
    where: str
    title: str
    description: str
    key: str
    problems: list[Problem]  # of the lenient reading (area and ratings optional)
    headers: dict[str, str] = attrs.Factory(dict)
    raw: dict[str, Any] = attrs.Factory(dict)
    item: Item | None = None  # a JSON risk, already a model


def _read(register: Register, path: Path, encoding: str | None,
          problems: list[Problem], ignored: list[str]) -> list[_Entry]:
    data = read_file(path)
    fmt = detect_format(path, data)
    if fmt == "json":
        doc = read_json(data, path=str(path))
        if isinstance(doc, dict) and isinstance(doc.get("risks"), list):
            doc = doc["risks"]
        if not isinstance(doc, list):
            raise ValidationError("error.import.json_shape", path=str(path))
        items, json_problems, _notes = json_items(register, {"risks": doc}, path=str(path))
        problems += json_problems
        return [_Entry(i.row or 0, i.where, i.model.title, i.model.description,
                       "" if i.auto_key else i.model.key, [], item=i) for i in items]
    chosen = _read_sheets(data, fmt, encoding, path, RISKS)
    entries = []
    for sheet, _kind in chosen:
        where = sheet.name if fmt == "xlsx" else ""
        table, headers, header_problems = table_rows(sheet, RISKS)
        # a municipality's own list has columns of its own and lacks some of ours: those it
        # lacks are needed only for new risks (checked then), its own are left aside
        ignored += [p.column for p in header_problems if p.key == "error.import.unknown_column"]
        problems += [p for p in header_problems
                     if p.key not in (N_("error.import.missing_column"),
                                      N_("error.import.unknown_column"))]
        for number, raw in table:
            data_row = risk_row(register, number, where, headers, raw, lenient=True)
            entries.append(_Entry(
                number, where, data_row.doc.get("title") or "",
                data_row.doc.get("description") or "", cells.text(raw.get("key")),
                data_row.problems, headers, raw,
            ))
    return entries


def joint_risks(register: Register) -> dict[str, Risk]:
    """The risks of the joint analysis (every risk but the submissions waiting to be taken in),
    by key: what a municipality's risk is matched against."""
    return {r.key: r for r in register.risks() if not r.is_submission}


def best_matches(register: Register, title: str, description: str = "", *,
                 limit: int = 5) -> list[tuple[Risk, float]]:
    """The joint risks most like ``title`` and ``description``, best first, with their
    similarity (0 to 1; :data:`DEFAULT_THRESHOLD` and above counts as a match on import)."""
    risks = list(joint_risks(register).values())
    scored = [(r, similarity(title, description, r)) for r in _Matcher(risks).candidates(
        title, description)]
    scored.sort(key=lambda pair: (-pair[1], pair[0].key))
    return [pair for pair in scored[:limit] if pair[1] > 0]


def import_submission(
    register: Register, path: str | Path, code: str, *, encoding: str | None = None,
    dry_run: bool = False, threshold: float = DEFAULT_THRESHOLD, why: str = "",
    lang: str | None = None,
) -> SubmissionResult:
    """Bring municipality ``code``'s own risk list into the register (see the module doc).

    Raises :class:`ImportRejected` listing every problem; the register is then unchanged.
    """
    path = Path(path)
    org = register.directory.get(code)
    problems: list[Problem] = []
    ignored: list[str] = []
    entries = _read(register, path, encoding, problems, ignored)
    joint = joint_risks(register)
    matcher = _Matcher(list(joint.values()))
    planned: list[Planned] = []
    new_items: list[Item] = []
    reporters: dict[str, int] = {}  # matched risk -> first row that matched it
    # after every key in use or ever used (a withdrawn submission's key is never reused)
    next_number = int(register.next_risk_key()[2:])
    for entry in entries:
        match: Risk | None = None
        candidate: Risk | None = None
        score, by = 0.0, ""
        if entry.key and RISK_KEY.match(entry.key) and entry.key in joint:
            match, score, by = joint[entry.key], 1.0, "key"
        elif entry.title:
            candidate, score = matcher.best(entry.title, entry.description)
            if candidate is not None and score >= threshold:
                match, by = candidate, "similarity"
        if match is not None:
            problems += entry.problems
            already = org.code in match.reported_by or match.key in reporters
            planned.append(Planned(entry.row, entry.title, ALREADY if already else MATCHED,
                                   match.key, score, by, match.title))
            reporters.setdefault(match.key, entry.row)
            continue
        new_key = f"R-{next_number:03d}"
        next_number += 1
        model = _new_risk(register, entry, problems, org.code, path)
        if model is not None:
            new_items.append(Item("risk", entry.row, entry.where, attrs.evolve(model, key=new_key),
                                  entry.item.columns if entry.item else {}))
        planned.append(Planned(entry.row, entry.title, NEW, new_key, score, "",
                               "" if candidate is None else candidate.title))
    checked = check_items(register, new_items, problems)
    _apply(register, checked, reporters, org.code, problems,
           why=why or translate("import.why.submission", lang, name=org.name, file=path.name),
           dry_run=dry_run)
    if problems:
        raise ImportRejected(str(path), sorted(problems, key=lambda p: (p.where, p.row or 0)))
    return SubmissionResult(str(path), org.code, dry_run, threshold, tuple(planned),
                            tuple(ignored))


def _new_risk(register: Register, entry: _Entry, problems: list[Problem], code: str,
              path: Path) -> Risk | None:
    """The new risk for an unmatched row (it must be complete: area, ratings), or None."""
    if entry.item is not None:
        risk: Risk = entry.item.model
        scope_given = True
    else:
        raw = {k: v for k, v in entry.raw.items() if k != "key"}  # their numbering, not ours
        strict = risk_row(register, entry.row, entry.where, entry.headers, raw)
        model = build_model(strict, Risk)
        problems += strict.problems
        if model is None:
            return None
        risk = model
        scope_given = bool(cells.text(raw.get("scope")))
    scope = risk.scope if scope_given else Scope.municipalities(code)
    reason = ReviewReason(kind="submitted", trigger=code, detail=f"{path.name}: {entry.row}",
                          on=register.today())
    return attrs.evolve(
        risk, status=RiskStatus.IDENTIFIED, scope=scope,
        reported_by=tuple(sorted({*risk.reported_by, code})),
        review_reasons=(*risk.review_reasons, reason),
    )


def _apply(register: Register, items: list[Item], reporters: dict[str, int], code: str,
           problems: list[Problem], *, why: str, dry_run: bool) -> None:
    """Add the new risks and the reporter to matched ones, in one transaction (or none)."""
    from riskreg.exchange.importer import _Rollback

    try:
        with register.batch(why=why):
            for key, row in sorted(reporters.items()):
                old = register.risk(key)
                if code in old.reported_by:
                    continue
                try:
                    register.update_risk(key, reported_by=(*old.reported_by, code), why=why)
                except RiskregError as exc:
                    problems.append(Problem.of(row, "", exc))
            apply_items(register, items, problems, why=why, dry_run=False)
            if problems or dry_run:
                raise _Rollback
    except _Rollback:
        pass


__all__ = ["DEFAULT_THRESHOLD", "Planned", "SubmissionResult", "best_matches",
           "import_submission", "joint_risks", "similarity"]
