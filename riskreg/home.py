"""A person's start page: their organisation's view of the register, as a UI shows it.

What a municipality's project lead (or reader) opens the register to see, computed by the
library so that every UI shows the same:

- the decisions that concern the organisation: how many apply now, are uncertain, do not
  apply; those that apply, and those still being assessed with the date they are due by;
- the risks that concern it, the most serious first, marking those it reported itself;
- its organisation's open actions (``Action.organisation``), the earliest due first;
- its pending submissions;
- what changed since the person last looked (:meth:`Register.unseen_changes`, per item).

The decisions and risks are exactly those of the organisation's status report
(:func:`riskreg.report.recipient_reports`: shared items whose scope concerns it, one rule
for the report and for what a project lead reads), so the page shows what the
municipality's report holds.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date

from attrs import frozen

from riskreg.errors import ValidationError
from riskreg.matrix import LevelBand
from riskreg.model import Action, Change, Decision, Organisation, Person, Risk, Validity
from riskreg.register import Register

VALIDITY_ORDER = (Validity.APPLIES, Validity.UNCERTAIN, Validity.SUSPENDED, Validity.UNREVIEWED)


@frozen
class PageRisk:
    """A risk that concerns the organisation: its value now, and whether the organisation
    reported it (recognises it) itself."""

    risk: Risk
    area_name: str
    value: int
    band: LevelBand
    reported: bool
    exposed: bool  # no mitigating decision the organisation sees applies now

    @property
    def key(self) -> str:
        return self.risk.key


@frozen
class PageAction:
    """An open action the organisation owns: on which risk (``key``, ``index`` from 0)."""

    key: str
    index: int
    risk_title: str
    action: Action
    overdue: bool

    @property
    def id(self) -> str:
        return f"{self.key}#{self.index}"


@frozen
class ChangedItem:
    """An item that changed since the person last looked: how often, and the latest change."""

    key: str
    title: str  # the item's title where the person may read it ("" for a link or a note)
    changes: int
    last: Change


@frozen
class StartPage:
    """Everything a person's start page shows (see the module doc)."""

    organisation: Organisation
    person: Person | None
    revision: int
    today: date
    validity_counts: tuple[tuple[Validity, int], ...]  # in VALIDITY_ORDER
    applies: tuple[Decision, ...]  # by key
    uncertain: tuple[Decision, ...]  # the earliest review-by date first
    risks: tuple[PageRisk, ...]  # the highest value first, then by key
    actions: tuple[PageAction, ...]  # the earliest due first (no date last)
    submissions: tuple[PageRisk, ...]  # by key
    changed: tuple[ChangedItem, ...]  # the most recent first
    last_seen: int | None  # the revision the person last marked as seen (None: never)

    @property
    def reported(self) -> int:
        """How many of the risks the organisation reported itself."""
        return sum(r.reported for r in self.risks)

    @property
    def overdue(self) -> int:
        return sum(a.overdue for a in self.actions)


def start_page(register: Register, organisation: str | Organisation | None = None) -> StartPage:
    """The start page of ``organisation`` (a code, name or object; by default that of
    :attr:`Register.me`), as :attr:`Register.me` may see it."""
    from riskreg.report import recipient_reports

    me = register.me
    if organisation is None:
        if me is None:
            raise ValidationError("error.organisation_required")
        organisation = me.organisation
    org = (organisation if isinstance(organisation, Organisation)
           else register.directory.get(organisation))
    report = recipient_reports(register, [org])[0]
    today = register.today()
    exposed = {x.key for x in report.exposed}
    risks = sorted(
        (PageRisk(item.risk, item.entry.area_name, item.entry.value, item.entry.band,
                  item.reported, item.key in exposed) for item in report.risks),
        key=lambda r: (-r.value, r.key))
    decisions = [item.decision for item in report.decisions]
    counts = Counter(d.validity for d in decisions)
    names = {c.key: c.name for c in register.categories()}
    matrix = register.matrix
    actions: list[PageAction] = []
    submissions: list[PageRisk] = []
    for risk in register.risks():
        if risk.is_submission and risk.submitted_by == org.code:
            value = matrix.value(risk.rating)
            submissions.append(PageRisk(risk, names.get(risk.area, risk.area), value,
                                        matrix.band_for(value), True, False))
        for index, action in enumerate(risk.actions):
            if action.organisation == org.code and action.is_open:
                actions.append(PageAction(risk.key, index, risk.title, action,
                                          action.due is not None and action.due < today))
    actions.sort(key=lambda a: (a.action.due is None, a.action.due or today, a.key, a.index))
    last_seen = register.last_seen()
    return StartPage(
        organisation=org, person=me, revision=register.revision, today=today,
        validity_counts=tuple((v, counts[v]) for v in VALIDITY_ORDER),
        applies=tuple(d for d in decisions if d.validity is Validity.APPLIES),
        uncertain=tuple(sorted(
            (d for d in decisions if d.validity is Validity.UNCERTAIN),
            key=lambda d: (d.review_by is None, d.review_by or today, d.key))),
        risks=tuple(risks), actions=tuple(actions), submissions=tuple(submissions),
        changed=changed_items(register, register.unseen_changes(last_seen)),
        last_seen=last_seen,
    )


def changed_items(register: Register, changes: Sequence[Change]) -> tuple[ChangedItem, ...]:
    """``changes`` per item (a risk, decision, link or note), the most recently changed
    first; the titles are those :attr:`Register.me` may read now."""
    latest: dict[str, Change] = {}
    count: Counter[str] = Counter()
    for change in changes:
        count[change.key] += 1
        latest[change.key] = change
    items = []
    for key, last in latest.items():
        title = ""
        if key in register:
            title = register.get(key).title
        elif isinstance(last.after or last.before, dict):
            doc = last.after or last.before or {}
            title = "" if key.startswith("N-") else str(doc.get("title", ""))
        items.append(ChangedItem(key, title, count[key], last))
    items.sort(key=lambda i: (-i.last.seq, i.key))
    return tuple(items)


__all__ = ["ChangedItem", "PageAction", "PageRisk", "StartPage", "changed_items", "start_page"]
