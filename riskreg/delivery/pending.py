"""What is pending on a person: their actions due or overdue, their risks due for review or
flagged, the decisions awaiting their assessment.

    d = digest(reg, "MAS Vänersborg", horizon_days=14)
    for item in d.items: print(item.key, item.what, item.due)

A person is found by the names the register gives owners and assessors (a risk's or an
action's ``owner``, a decision's assessor), compared without case or extra spaces; a
contact answers to its name, its login and its owner names. A digest that leaves the
register (``digest_messages``, ``shared_only``) holds shared items only, and shows a
flag only when the change that set it is a shared decision's validity.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from attrs import frozen

from riskreg.delivery.message import Body, Section, Sender, build_message, greeting
from riskreg.delivery.model import Contact, DeliveryKind, Outcome, delivery_key, group_key
from riskreg.delivery.outgoing import Outgoing
from riskreg.delivery.status import SHOWN_REASONS
from riskreg.messages import N_, Counted, translate, translate_n
from riskreg.model import Decision, Risk, Validity, Visibility
from riskreg.register import Register
from riskreg.sharing import Redactor
from riskreg.words import describe_reason

ACTIONS, RISKS, DECISIONS = "actions", "risks", "decisions"


@frozen
class DigestItem:
    """One thing pending: which item, its title, what is pending (a catalogue key and its
    parameters), by when."""

    section: str  # ACTIONS, RISKS or DECISIONS
    key: str
    title: str
    what: str  # catalogue key: "delivery.digest.action_overdue", …
    detail: str = ""
    due: date | None = None

    def text(self, lang: str) -> str:
        return translate(self.what, lang, key=self.key, title=self.title, detail=self.detail,
                         due=self.due.isoformat() if self.due else "-")


@frozen
class Digest:
    """What is pending on ``names`` as of ``today``, looking ``horizon_days`` ahead."""

    names: tuple[str, ...]
    today: date
    horizon_days: int
    items: tuple[DigestItem, ...]

    def section(self, name: str) -> list[DigestItem]:
        return [i for i in self.items if i.section == name]


def digest(register: Register, names: str | Iterable[str], *, horizon_days: int = 14,
           shared_only: bool = True) -> Digest:
    """What is pending on the person called ``names`` (one name or several)."""
    wanted = {group_key(n) for n in ([names] if isinstance(names, str) else names) if n}
    today = register.today()
    until = today + timedelta(days=horizon_days)
    internal = register.internal_keys()
    cut = Redactor(internal, register.known_keys())
    items: list[DigestItem] = []

    def shown(item: Risk | Decision) -> bool:
        return not shared_only or item.visibility is Visibility.SHARED

    def reasons(item: Risk | Decision) -> list[str]:
        return [f"{r.kind}|{r.trigger}|{r.detail}" for r in item.review_reasons
                if not shared_only or (r.kind in SHOWN_REASONS and r.trigger not in internal)]

    for risk in register.risks():
        if not shown(risk) or not risk.is_open:
            continue
        visible = cut.model(risk) if shared_only else risk
        for action in risk.actions:
            if (action.is_open and action.due is not None and action.due <= until
                    and group_key(action.owner) in wanted):
                what = (N_("delivery.digest.action_overdue") if action.due < today
                        else N_("delivery.digest.action_due"))
                text = cut.text(action.text) if shared_only else action.text
                items.append(DigestItem(ACTIONS, risk.key, visible.title, what, text,
                                        action.due))
        if group_key(risk.owner) not in wanted:
            continue
        due = register.next_review_due(risk)
        if due <= until:
            items.append(DigestItem(RISKS, risk.key, visible.title,
                                    N_("delivery.digest.review_overdue") if due < today
                                    else N_("delivery.digest.review_due"), due=due))
        for reason in reasons(risk):
            items.append(DigestItem(RISKS, risk.key, visible.title, N_("delivery.digest.flagged"),
                                    reason))
    for decision in register.decisions():
        assessor = decision.assessment.by if decision.assessment else ""
        if not shown(decision) or group_key(assessor) not in wanted:
            continue
        visible_d = cut.model(decision) if shared_only else decision
        if (decision.validity is Validity.UNCERTAIN and decision.review_by is not None
                and decision.review_by <= until):
            what = (N_("delivery.digest.assess_overdue") if decision.review_by < today
                    else N_("delivery.digest.assess_by"))
            items.append(DigestItem(DECISIONS, decision.key, visible_d.title, what,
                                    due=decision.review_by))
        for reason in reasons(decision):
            items.append(DigestItem(DECISIONS, decision.key, visible_d.title,
                                    N_("delivery.digest.flagged"), reason))
    order = {ACTIONS: 0, RISKS: 1, DECISIONS: 2}
    items.sort(key=lambda i: (order[i.section], i.due or date.max, i.key))
    return Digest(tuple(sorted(wanted)), today, horizon_days, tuple(items))


def reason_text(detail: str, lang: str) -> str:
    """A flag stored as ``kind|trigger|detail`` (a digest item's detail), in words."""
    kind, _, rest = detail.partition("|")
    trigger, _, text = rest.partition("|")
    return describe_reason(kind, trigger, text, lang)


def digest_lines(found: Digest, section: str, lang: str) -> tuple[str, ...]:
    """The lines of one section of a digest, in words (a flag's reason spelled out)."""
    out = []
    for item in found.section(section):
        if item.what == "delivery.digest.flagged":
            out.append(translate(item.what, lang, key=item.key, title=item.title,
                                 detail=reason_text(item.detail, lang)))
        else:
            out.append(item.text(lang))
    return tuple(out)


def digest_body(found: Digest, name: str, lang: str, sender: Sender) -> Body:
    """A digest as a message body."""
    def lines(section: str) -> tuple[str, ...]:
        return digest_lines(found, section, lang)

    return Body(
        greeting(name, lang),
        (translate("delivery.digest.intro", lang, today=found.today.isoformat(),
                   days=Counted("count.days", "count.days.plural", found.horizon_days)),),
        (Section(translate("delivery.digest.actions", lang), lines(ACTIONS)),
         Section(translate("delivery.digest.risks", lang), lines(RISKS)),
         Section(translate("delivery.digest.decisions", lang), lines(DECISIONS))),
        (translate("delivery.closing", lang), sender.name) if sender.name
        else (translate("delivery.closing", lang),),
    )


def digest_messages(register: Register, *, sender: Sender, horizon_days: int = 14,
                    at: datetime | None = None) -> list[Outgoing]:
    """A digest for each active contact with something pending, at most one a day per
    address (its serial is the day)."""
    register.refresh()
    day = register.today()
    serial = int(day.strftime("%Y%m%d"))
    by_address: dict[str, list[str]] = {}
    contacts_at: dict[str, list[str]] = {}
    firsts: dict[str, Contact] = {}
    for contact in register.contacts():
        if not contact.active:
            continue
        names = [n for n in (contact.name, contact.login, *contact.owner_names) if n]
        by_address.setdefault(contact.address, []).extend(names)
        contacts_at.setdefault(contact.address, []).append(contact.key)
        firsts.setdefault(contact.address, contact)
    when = at or datetime.now().astimezone()
    outgoing = []
    for address, names in sorted(by_address.items()):
        line = register.delivery(delivery_key(DeliveryKind.DIGEST, serial, address))
        if line is not None and line.outcome in (Outcome.SENT, Outcome.PENDING):
            continue
        found = digest(register, names, horizon_days=horizon_days, shared_only=True)
        if not found.items:
            continue
        first = firsts[address]
        body = digest_body(found, first.name, first.lang, sender)
        subject = translate_n("delivery.digest.subject", "delivery.digest.subject.plural",
                              len(found.items), first.lang, today=day.isoformat())
        message = build_message(sender=sender, to=address, to_name=first.name,
                                subject=subject, body=body, lang=first.lang, at=when,
                                kind="digest", serial=serial)
        outgoing.append(Outgoing(DeliveryKind.DIGEST, serial, address, first.name,
                                 tuple(contacts_at[address]), (first.organisation,), message))
    return outgoing


__all__ = ["ACTIONS", "DECISIONS", "RISKS", "Digest", "DigestItem", "digest", "digest_body",
           "digest_lines", "digest_messages"]
