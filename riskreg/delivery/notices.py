"""Notices to the target groups: when decisions change validity, each person of a target
group they name gets one message listing the changed decisions (old → new validity,
rationale, review-by date).

What changed is read from the history (the ``assess`` entries whose validity differs
before and after). Each address is told what changed after the last notice delivered
to it (its ``serial`` in the delivery log is the history position it covers); an address
never notified is told what changed since it was added as a contact, or since ``since``
when given. A decision changed twice shows its old validity as last told and its
validity now; one changed and changed back is left out. Only shared decisions whose
scope concerns the contact's organisation and that name one of its target groups are
listed (a project lead is in "Projektledare", a ledningsråd in "Ledningsråd").
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from riskreg.delivery.message import Body, Section, Sender, build_message, greeting
from riskreg.delivery.model import (
    Contact,
    DeliveryKind,
    Outcome,
    delivery_key,
    group_key,
)
from riskreg.delivery.outgoing import Outgoing
from riskreg.messages import translate
from riskreg.model import Decision, Visibility
from riskreg.register import Register
from riskreg.sharing import Redactor
from riskreg.words import word


def _validity_changes(register: Register) -> list[tuple[int, str, str, date]]:
    """(history position, decision key, validity before, day) of every change of validity."""
    found = []
    for change in register.history():
        if change.action != "assess" or not change.key.startswith("KL-"):
            continue
        before = (change.before or {}).get("validity")
        after = (change.after or {}).get("validity")
        if before and after and before != after:
            found.append((change.seq, change.key, str(before), change.at.date()))
    return found


def _added_at(register: Register) -> dict[str, int]:
    """Contact key -> the history position it was added at."""
    return {c.key: c.seq for c in register.history() if c.action == "contact_add"}


def notice_messages(
    register: Register,
    *,
    sender: Sender,
    since: date | None = None,
    groups: Iterable[str] | None = None,
    resend_pending: bool = False,
    at: datetime | None = None,
) -> list[Outgoing]:
    """One notice per address with changed decisions for its target groups (see the module
    doc); ``groups`` narrows to some target groups."""
    register.refresh()
    changes = _validity_changes(register)
    added = _added_at(register)
    wanted = None if groups is None else {group_key(g) for g in groups}
    cut = Redactor(register.internal_keys(), register.known_keys())
    told: dict[str, int] = {}
    pending: set[str] = set()
    for line in register.deliveries(DeliveryKind.NOTICE):
        if line.outcome is Outcome.SENT:
            told[line.address] = max(line.serial, told.get(line.address, 0))
    by_address: dict[str, list[Contact]] = {}
    for contact in register.contacts():
        if contact.active and (wanted is None or contact.groups & wanted):
            by_address.setdefault(contact.address, []).append(contact)
    when = at or datetime.now().astimezone()
    outgoing = []
    for address, contacts in sorted(by_address.items()):
        start = told.get(address)
        lines: dict[str, tuple[str, Decision]] = {}
        last = 0
        for seq, key, before, day in changes:
            if start is not None:
                if seq <= start:
                    continue
            elif since is not None:
                if day < since:
                    continue
            elif seq <= min(added.get(c.key, 0) for c in contacts):
                continue
            decision = register.decision(key) if key in register else None
            if decision is None or decision.visibility is not Visibility.SHARED:
                continue
            if not any(_concerns(register, decision, c, wanted) for c in contacts):
                continue
            lines.setdefault(key, (before, decision))
            last = max(last, seq)
        shown = [(k, b, d) for k, (b, d) in sorted(lines.items()) if b != d.validity]
        if not shown:
            continue
        key_of_message = delivery_key(DeliveryKind.NOTICE, last, address)
        old = register.delivery(key_of_message)
        if old is not None and (old.outcome is Outcome.SENT or (
                old.outcome is Outcome.PENDING and not resend_pending)):
            pending.add(address)
            continue
        first = contacts[0]
        lang = first.lang
        names = sorted({g for c in contacts for g in _group_names(c)}, key=str.casefold)
        org_names = sorted({register.directory.get(c.organisation).name for c in contacts})
        body = Body(
            greeting(first.name, lang),
            (translate("delivery.notice.intro", lang, groups=", ".join(names),
                       orgs=", ".join(org_names)),),
            (Section(translate("delivery.notice.changed", lang), tuple(
                _line(cut.model(d), before, lang) for _k, before, d in shown)),),
            (translate("delivery.closing", lang), sender.name) if sender.name
            else (translate("delivery.closing", lang),),
        )
        subject = translate("delivery.notice.subject", lang, count=len(shown),
                            groups=", ".join(names))
        message = build_message(sender=sender, to=address, to_name=first.name, subject=subject,
                                body=body, lang=lang, at=when, kind="notice", serial=last)
        outgoing.append(Outgoing(DeliveryKind.NOTICE, last, address, first.name,
                                 tuple(c.key for c in contacts),
                                 tuple(sorted({c.organisation for c in contacts})), message))
    return outgoing


def _group_names(contact: Contact) -> list[str]:
    from riskreg.delivery.model import ROLE_GROUPS

    names = list(contact.target_groups)
    role_group = ROLE_GROUPS.get(contact.role)
    if role_group:
        names.append(role_group)
    return names


def _concerns(register: Register, decision: Decision, contact: Contact,
              wanted: set[str] | None) -> bool:
    groups = {group_key(g) for g in decision.target_groups} & contact.groups
    if wanted is not None:
        groups &= wanted
    return bool(groups) and decision.scope.concerns(register.directory.get(contact.organisation))


def _line(decision: Decision, before: str, lang: str) -> str:
    text = translate("delivery.notice.line", lang, key=decision.key, title=decision.title,
                     before=word("validity", before, lang),
                     after=word("validity", decision.validity, lang))
    rationale = decision.assessment.rationale if decision.assessment else ""
    if rationale:
        text += " " + translate("delivery.notice.rationale", lang, rationale=rationale)
    if decision.review_by is not None:
        text += " " + translate("delivery.notice.review_by", lang,
                                date=decision.review_by.isoformat())
    return text


__all__ = ["notice_messages"]
