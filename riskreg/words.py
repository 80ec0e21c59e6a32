"""The words for the register's closed vocabularies and codes: validity, statuses, relations,
effects, review reasons, history actions, field names...

Every value has its message id written out here (never built from the value at run time), so
extraction sees every one; ``tests/test_messages.py`` checks that every value of every
vocabulary has a word. ``word("validity", "applies", "sv")`` -> "gäller nu". A value with no
word is a :class:`~riskreg.messages.MessageError`, never the raw value in front of a user.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from riskreg.messages import LIBRARY, N_, MessageError, translate

#: kind -> value -> message id
WORDS: dict[str, dict[str, str]] = {
    "validity": {
        "applies": N_("validity.applies"),
        "uncertain": N_("validity.uncertain"),
        "suspended": N_("validity.suspended"),
        "unreviewed": N_("validity.unreviewed"),
    },
    "status": {
        "identified": N_("status.identified"),
        "assessed": N_("status.assessed"),
        "treating": N_("status.treating"),
        "accepted": N_("status.accepted"),
        "closed": N_("status.closed"),
    },
    "action": {
        "proposed": N_("action.proposed"),
        "planned": N_("action.planned"),
        "in_progress": N_("action.in_progress"),
        "done": N_("action.done"),
    },
    "visibility": {
        "shared": N_("visibility.shared"),
        "internal": N_("visibility.internal"),
        "submitted": N_("visibility.submitted"),
    },
    "role": {  # a person's role (riskreg.vocabulary.Role)
        "redaktor": N_("role.redaktor"),
        "bedomare": N_("role.bedomare"),
        "projektledare": N_("role.projektledare"),
        "lasare": N_("role.lasare"),
    },
    "contact_role": {  # a contact's role (riskreg.delivery.model.ContactRole)
        "project_lead": N_("role.project_lead"),
        "management_council": N_("role.management_council"),
        "target_group": N_("role.target_group"),
    },
    "scope": {  # with {names}
        "all": N_("scope.all"),
        "region": N_("scope.region"),
        "association": N_("scope.association"),
        "care_area": N_("scope.care_area"),
        "municipalities": N_("scope.municipalities"),
    },
    "scope_kind": {  # the kind of a scope, named alone ("kommunalförbund")
        "all": N_("scope_kind.all"),
        "region": N_("scope_kind.region"),
        "association": N_("scope_kind.association"),
        "care_area": N_("scope_kind.care_area"),
        "municipalities": N_("scope_kind.municipalities"),
    },
    "relation": {  # as read from the source: "R-019 aggravates R-023"
        "mitigated_by": N_("relation.mitigated_by"),
        "caused_by": N_("relation.caused_by"),
        "depends_on": N_("relation.depends_on"),
        "supersedes": N_("relation.supersedes"),
        "aggravates": N_("relation.aggravates"),
    },
    "relation.rev": {  # as read from the target
        "mitigated_by": N_("relation.mitigated_by.rev"),
        "caused_by": N_("relation.caused_by.rev"),
        "depends_on": N_("relation.depends_on.rev"),
        "supersedes": N_("relation.supersedes.rev"),
        "aggravates": N_("relation.aggravates.rev"),
    },
    "effect": {  # riskreg.graph.EFFECTS
        "becomes_conflict": N_("effect.becomes_conflict"),
        "loses_mitigation": N_("effect.loses_mitigation"),
        "superseded_applies": N_("effect.superseded_applies"),
        "conflict_resolved": N_("effect.conflict_resolved"),
        "gains_mitigation": N_("effect.gains_mitigation"),
        "superseded_resolved": N_("effect.superseded_resolved"),
        "conflict_changed": N_("effect.conflict_changed"),
        "mitigation_weakened": N_("effect.mitigation_weakened"),
        "mitigation_strengthened": N_("effect.mitigation_strengthened"),
        "mitigation_changed": N_("effect.mitigation_changed"),
        "cause_applies": N_("effect.cause_applies"),
        "cause_lapses": N_("effect.cause_lapses"),
        "cause_changed": N_("effect.cause_changed"),
        "dependency_changed": N_("effect.dependency_changed"),
        "successor_changed": N_("effect.successor_changed"),
        "linked": N_("effect.linked"),
        "indirect": N_("effect.indirect"),
    },
    "severity": {
        "error": N_("severity.error"),
        "warning": N_("severity.warning"),
        "info": N_("severity.info"),
    },
    "field": {  # a field of a stored document (a history entry names those it changed)
        "key": N_("field.key"),
        "title": N_("field.title"),
        "area": N_("field.area"),
        "inherent": N_("field.inherent"),
        "residual": N_("field.residual"),
        "description": N_("field.description"),
        "consequences": N_("field.consequences"),
        "actions": N_("field.actions"),
        "owner": N_("field.owner"),
        "status": N_("field.status"),
        "scope": N_("field.scope"),
        "visibility": N_("field.visibility"),
        "reported_by": N_("field.reported_by"),
        "created": N_("field.created"),
        "updated": N_("field.updated"),
        "last_reviewed": N_("field.last_reviewed"),
        "review_reasons": N_("field.review_reasons"),
        "raised": N_("field.raised"),
        "revision": N_("field.revision"),
        "submitted_by": N_("field.submitted_by"),
        "acceptance": N_("field.acceptance"),
        "decided_on": N_("field.decided_on"),
        "summary": N_("field.summary"),
        "care_areas": N_("field.care_areas"),
        "target_groups": N_("field.target_groups"),
        "validity": N_("field.validity"),
        "assessment": N_("field.assessment"),
        "review_by": N_("field.review_by"),
        "source": N_("field.source"),
        "relation": N_("field.relation"),
        "target": N_("field.target"),
        "note": N_("field.note"),
        "id": N_("field.id"),
        "organisation": N_("field.organisation"),
        "by": N_("field.by"),
        "on": N_("field.on"),
        "text": N_("field.text"),
        "name": N_("field.name"),
        "number": N_("field.number"),
        "at": N_("field.at"),
        "register_hash": N_("field.register_hash"),
        "lang": N_("field.lang"),
        "formats": N_("field.formats"),
        "recipients": N_("field.recipients"),
        "snapshot": N_("field.snapshot"),
        "files": N_("field.files"),
        "manifest_sha256": N_("field.manifest_sha256"),
        "complete": N_("field.complete"),
        "address": N_("field.address"),
        "role": N_("field.role"),
        "owner_names": N_("field.owner_names"),
        "login": N_("field.login"),
        "active": N_("field.active"),
        "kind": N_("field.kind"),
        "serial": N_("field.serial"),
        "outcome": N_("field.outcome"),
        "organisations": N_("field.organisations"),
        "contacts": N_("field.contacts"),
        "answer": N_("field.answer"),
        "attempts": N_("field.attempts"),
        "message_id": N_("field.message_id"),
    },
    "history": {  # a history entry's action, as a participle ("tillagd", "added")
        "add": N_("cli.history.add"),
        "update": N_("cli.history.update"),
        "review": N_("cli.history.review"),
        "remove": N_("cli.history.remove"),
        "assess": N_("cli.history.assess"),
        "flag": N_("cli.history.flag"),
        "link": N_("cli.history.link"),
        "unlink": N_("cli.history.unlink"),
        "submit": N_("cli.history.submit"),
        "withdraw": N_("cli.history.withdraw"),
        "take": N_("cli.history.take"),
        "recognise": N_("cli.history.recognise"),
        "action_status": N_("cli.history.action_status"),
        "note": N_("cli.history.note"),
        "propose_acceptance": N_("cli.history.propose_acceptance"),
        "approve_acceptance": N_("cli.history.approve_acceptance"),
        "reject_acceptance": N_("cli.history.reject_acceptance"),
        "lapse": N_("cli.history.lapse"),
        "export": N_("cli.history.export"),
        "export_complete": N_("cli.history.export_complete"),
        "contact_add": N_("cli.history.contact_add"),
        "contact_update": N_("cli.history.contact_update"),
        "contact_remove": N_("cli.history.contact_remove"),
        "delivery": N_("cli.history.delivery"),
        "undo": N_("cli.history.undo"),
    },
    "submission": {  # what a submitted row became (riskreg.exchange.submission)
        "new": N_("cli.submission.new"),
        "matched": N_("cli.submission.matched"),
        "already": N_("cli.submission.already"),
    },
    "delivery_kind": {  # riskreg.delivery.model.DeliveryKind: one message's kind
        "status": N_("cli.deliveries.kind.status"),
        "notice": N_("cli.deliveries.kind.notice"),
        "digest": N_("cli.deliveries.kind.digest"),
    },
    "delivery_kinds": {  # a heading over messages of one kind
        "status": N_("cli.deliveries.kinds.status"),
        "notice": N_("cli.deliveries.kinds.notice"),
        "digest": N_("cli.deliveries.kinds.digest"),
    },
    "outcome": {  # riskreg.delivery.model.Outcome
        "sent": N_("cli.send.outcome.sent"),
        "failed": N_("cli.send.outcome.failed"),
        "pending": N_("cli.send.outcome.pending"),
    },
    "digest_section": {  # riskreg.delivery.pending: the sections of a person's digest
        "actions": N_("delivery.digest.actions"),
        "risks": N_("delivery.digest.risks"),
        "decisions": N_("delivery.digest.decisions"),
    },
    "import_kind": {  # what an import or a template holds (riskreg.exchange.columns)
        "risks": N_("cli.choice.risks"),
        "decisions": N_("cli.choice.decisions"),
    },
    "kind": {  # riskreg.vocabulary.ItemKind
        "risk": N_("cli.kind.risk"),
        "decision": N_("cli.kind.decision"),
    },
}


#: the vocabulary of each enum, by the enum's name
ENUM_KINDS = {
    "Validity": "validity", "RiskStatus": "status", "ActionStatus": "action",
    "Visibility": "visibility", "Role": "role", "ContactRole": "contact_role",
    "Relation": "relation", "ScopeKind": "scope_kind", "DeliveryKind": "delivery_kind",
    "Outcome": "outcome", "Severity": "severity", "ItemKind": "kind",
}


def word(kind: str, value: object, lang: str | None = None, /, **params: object) -> str:
    """The word for ``value`` of the vocabulary ``kind`` in ``lang``, e.g.
    ``word("validity", Validity.APPLIES)`` -> "gäller nu"."""
    return translate(word_id(kind, value), lang, **params)


def word_id(kind: str, value: object) -> str:
    """The message id of the word for ``value`` of ``kind``."""
    try:
        return WORDS[kind][str(value)]
    except KeyError:
        raise MessageError(f"no word for {kind} {value!r}") from None


def fold(text: str) -> str:
    """``text`` as words are compared when read: case, spaces, ``-`` and ``_`` not counted."""
    return "".join(c for c in text.casefold() if c not in " -_\t")


def read_word(kind: str, text: str) -> str | None:
    """The value of ``kind`` that ``text`` names: the value itself (``suspended``) or its word
    in any language (``gäller inte under pausen``, ``suspended during the pause``), in any case,
    ``-``, ``_`` and spaces alike; ``None`` if it names none."""
    wanted = fold(text)
    if not wanted:
        return None
    for value, key in WORDS[kind].items():
        if wanted == fold(value) or wanted in {fold(w) for w in LIBRARY.spellings(key)}:
            return value
    return None


def spellings(kind: str, value: object) -> tuple[str, ...]:
    """Every way ``value`` of ``kind`` may be written: the value and its word in each language."""
    return (str(value), *dict.fromkeys(LIBRARY.spellings(word_id(kind, value))))


#: the kinds of review reason (riskreg.model.ReviewReason.kind) and their texts
REASONS: dict[str, str] = {
    "validity_changed": N_("reason.validity_changed"),
    "submitted": N_("reason.submitted"),
    "acceptance_expired": N_("reason.acceptance_expired"),
    "acceptance_lapsed": N_("reason.acceptance_lapsed"),
}
#: an acceptance that lapsed, by what changed (the first word of the reason's detail)
LAPSES: dict[str, str] = {
    "value": N_("reason.acceptance_lapsed.value"),
    "inherent": N_("reason.acceptance_lapsed.inherent"),
    "validity": N_("reason.acceptance_lapsed.validity"),
    "unlinked": N_("reason.acceptance_lapsed.unlinked"),
}
#: the why of a lapse whose reason stays on a decision's side (riskreg.register: _lapse)
LAPSE_UNSEEN = "acceptance_lapsed"
#: the why of flags moved from an item to the decision that set them (riskreg.register:
#: _settle_flags)
FLAGS_MOVED = "flags_moved"


def describe_reason(kind: str, trigger: str, detail: str, lang: str | None = None) -> str:
    """Why an item needs review, as one line: a validity change reads "KL-2022-07 ändrades:
    gäller nu → gäller inte under pausen"; an unknown kind (from a newer riskreg) reads
    "trigger: detail"."""
    if kind == "validity_changed" and " -> " in detail:
        old, new = detail.split(" -> ", 1)
        detail = f"{_validity(old, lang)} → {_validity(new, lang)}"
    if kind == "acceptance_lapsed":
        # the detail as riskreg.acceptance writes it: "value 4 -> 9", "inherent 4 -> 9",
        # "validity applies -> suspended" or "unlinked"
        what, _, change = detail.partition(" ")
        old, _, new = change.partition(" -> ")
        if what == "validity":
            old, new = _validity(old, lang), _validity(new, lang)
        if what in LAPSES:
            return translate(LAPSES[what], lang, trigger=trigger, old=old, new=new)
    if kind in REASONS:
        return translate(REASONS[kind], lang, trigger=trigger, detail=detail)
    return f"{trigger}: {detail}"


#: fields a history entry does not name (they change with every change)
UNNAMED_FIELDS = frozenset({"revision", "updated"})


def changed_fields(before: Mapping[str, Any] | None, after: Mapping[str, Any] | None
                   ) -> list[str]:
    """Which top-level fields of a stored document a change touched, by name (none for an
    addition or removal)."""
    if not isinstance(before, Mapping) or not isinstance(after, Mapping):
        return []
    keys = (before.keys() | after.keys()) - UNNAMED_FIELDS
    return sorted(k for k in keys if before.get(k) != after.get(k))


def field_words(fields: Iterable[str], lang: str | None = None) -> list[str]:
    """Field names (``review_reasons``) as the reader says them (``skäl att granska``)."""
    return [word("field", f, lang) for f in fields]


def change_why(action: str, why: str, before: Mapping[str, Any] | None,
               after: Mapping[str, Any] | None, lang: str | None = None) -> str:
    """Why a history entry was made, in words: what the person wrote, or, for what riskreg
    does by itself (flagging an item for review, lapsing an acceptance), the reasons it
    gave, in the reader's language ("KL-2022-03 ändrades: gäller nu → gäller inte under
    pausen" rather than the stored "KL-2022-03: applies -> suspended")."""
    if action not in ("flag", "lapse") or not isinstance(after, Mapping):
        return why
    if action == "flag" and why == FLAGS_MOVED:
        return translate(N_("history.flags_moved"), lang)
    old = before.get("review_reasons") if isinstance(before, Mapping) else None
    new = [r for r in after.get("review_reasons") or () if r not in (old or ())]
    texts = [describe_reason(str(r.get("kind", "")), str(r.get("trigger", "")),
                             str(r.get("detail", "")), lang)
             for r in new if isinstance(r, Mapping)]
    # flags a decision that is not shared keeps on its own side (riskreg.model.RaisedFlag):
    # the items it flagged, and why
    old_raised = before.get("raised") if isinstance(before, Mapping) else None
    flagged: dict[tuple[str, str], list[str]] = {}
    for flag in after.get("raised") or ():
        if isinstance(flag, Mapping) and flag not in (old_raised or ()):
            kind_detail = (str(flag.get("kind", "")), str(flag.get("detail", "")))
            flagged.setdefault(kind_detail, []).append(str(flag.get("item", "")))
    texts += [f"{', '.join(items)}: "
              + describe_reason(kind, str(after.get("key", "")), detail, lang)
              for (kind, detail), items in flagged.items()]
    if not texts and action == "lapse" and why == LAPSE_UNSEEN:
        return translate(N_("history.acceptance_lapsed"), lang)
    return "; ".join(texts) if texts else why


def link_words(key: str, lang: str | None = None) -> str:
    """A history entry's key in words: ``R-001`` as it is, a link
    ``R-019|aggravates|R-023`` as "R-019 förvärrar R-023"."""
    parts = key.split("|")
    if len(parts) != 3 or parts[1] not in WORDS["relation"]:
        return key
    return f"{parts[0]} {word('relation', parts[1], lang)} {parts[2]}"


def _validity(value: str, lang: str | None) -> str:
    return word("validity", value, lang) if value in WORDS["validity"] else value


__all__ = ["ENUM_KINDS", "FLAGS_MOVED", "LAPSES", "LAPSE_UNSEEN", "REASONS", "UNNAMED_FIELDS",
           "WORDS", "change_why", "changed_fields", "describe_reason", "field_words", "fold",
           "link_words", "read_word", "spellings", "word", "word_id"]
