"""The register's domain model: frozen, validated attrs classes.

Models hold facts only. What follows from them (a risk's value and level, when
its next review is due, whether a decision is in conflict) is computed by the
matrix, the graph and the checks, never stored twice. Change a model with
:func:`attrs.evolve`; (de)serialisation lives in :mod:`riskreg.serialize`.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from enum import StrEnum
from typing import Any

import attrs
from attrs import field, frozen

from riskreg.errors import ValidationError
from riskreg.messages import Term

# the closed vocabularies live in riskreg.vocabulary (no attrs there: the command line names
# them in its options without building the model classes); they are the model's names too
from riskreg.vocabulary import ActionStatus as ActionStatus
from riskreg.vocabulary import ItemKind as ItemKind
from riskreg.vocabulary import Relation as Relation
from riskreg.vocabulary import RiskStatus as RiskStatus
from riskreg.vocabulary import Role as Role
from riskreg.vocabulary import ScopeKind as ScopeKind
from riskreg.vocabulary import Validity as Validity
from riskreg.vocabulary import Visibility as Visibility
from riskreg.words import word_id

RISK_KEY = re.compile(r"^R-\d{3,6}\Z")
# a note's id: N-<register revision it was written in>-<n>, or a UUID
NOTE_ID = re.compile(
    r"^N-\d{1,12}-\d{1,6}\Z|^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\Z"
)
# a PostgreSQL login role name as riskreg accepts it: letters (å, ä, ö too), digits, _ . - @;
# no spaces, quotes or control characters
LOGIN = re.compile(r"^[\w.@-]{1,63}\Z")
DECISION_KEY = re.compile(r"^KL-(\d{4})-\d{2,4}\Z")
AREA_KEY = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}\Z")
ORG_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,15}\Z")
MAX_TEXT = 20_000
# control characters, and lone surrogates (from a JSON "\ud800" escape), which cannot be saved
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff]")


RELATION_KINDS: dict[Relation, tuple[ItemKind, ItemKind]] = {
    Relation.MITIGATED_BY: (ItemKind.RISK, ItemKind.DECISION),
    Relation.CAUSED_BY: (ItemKind.RISK, ItemKind.DECISION),
    Relation.DEPENDS_ON: (ItemKind.DECISION, ItemKind.DECISION),
    Relation.SUPERSEDES: (ItemKind.DECISION, ItemKind.DECISION),
    Relation.AGGRAVATES: (ItemKind.RISK, ItemKind.RISK),
}


def kind_of_key(key: str) -> ItemKind:
    """Tell a risk key from a decision key; raise ValidationError for neither."""
    if RISK_KEY.match(key):
        return ItemKind.RISK
    if DECISION_KEY.match(key):
        return ItemKind.DECISION
    raise ValidationError("error.bad_key", key=key)


# --- validators -------------------------------------------------------------


def _fail(field_name: str, value: Any, problem: str) -> ValidationError:
    return ValidationError("error.field", field=field_name, value=_short(value), problem=problem)


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _text(required: bool = True, max_len: int = MAX_TEXT) -> Any:
    def check(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, str):
            raise _fail(attribute.name, value, "not text")
        if required and not value.strip():
            raise _fail(attribute.name, value, "required")
        if len(value) > max_len:
            raise _fail(attribute.name, value, f"longer than {max_len} characters")
        if _CONTROL.search(value):
            raise _fail(attribute.name, value, "control character")

    return check


def _line(max_len: int) -> Any:
    """Required text on one line (a name the history shows on every line it makes)."""
    text = _text(max_len=max_len)

    def check(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        text(inst, attribute, value)
        if any(ch in value for ch in "\n\r\t"):
            raise _fail(attribute.name, value, "more than one line")

    return check


def _texts(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, tuple):
        raise _fail(attribute.name, value, "not a list")
    for item in value:
        if not isinstance(item, str) or not item.strip():
            raise _fail(attribute.name, item, "empty entry")
        if len(item) > MAX_TEXT or _CONTROL.search(item):
            raise _fail(attribute.name, item, "invalid entry")


def _pattern(regex: re.Pattern[str]) -> Any:
    def check(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, str) or not regex.match(value):
            raise _fail(attribute.name, value, "bad format")

    return check


def _instance(cls: type | tuple[type, ...], optional: bool = False) -> Any:
    def check(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is None and optional:
            return
        if not isinstance(value, cls) or (cls is date and isinstance(value, datetime)):
            raise _fail(attribute.name, value, "wrong type")

    return check


def _tuple(value: Any) -> tuple[Any, ...]:
    if isinstance(value, (list, tuple)):
        return tuple(value)
    return value  # type: ignore[no-any-return]  # the validator reports it


def _sorted_codes(value: Any) -> Any:
    if isinstance(value, (list, tuple, set, frozenset)):
        return tuple(sorted(set(value)))
    return value


def _enum_value(cls: type[StrEnum], value: Any) -> Any:
    """``value`` as a member of ``cls`` if it is one; anything else is left for the validator."""
    if isinstance(value, cls):
        return value
    try:
        return cls(value)
    except ValueError:
        return value


def _scope_kind(value: Any) -> ScopeKind:
    return _enum_value(ScopeKind, value)  # type: ignore[no-any-return]


def _action_status(value: Any) -> ActionStatus:
    return _enum_value(ActionStatus, value)  # type: ignore[no-any-return]


def _risk_status(value: Any) -> RiskStatus:
    return _enum_value(RiskStatus, value)  # type: ignore[no-any-return]


def _visibility(value: Any) -> Visibility:
    return _enum_value(Visibility, value)  # type: ignore[no-any-return]


def _role(value: Any) -> Role:
    return _enum_value(Role, value)  # type: ignore[no-any-return]


def _org_code(required: bool) -> Any:
    def check(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value == "" and not required:
            return
        if not isinstance(value, str) or not ORG_CODE.match(value):
            raise _fail(attribute.name, value, "not an organisation code")

    return check


def _validity(value: Any) -> Validity:
    return _enum_value(Validity, value)  # type: ignore[no-any-return]


def _relation(value: Any) -> Relation:
    return _enum_value(Relation, value)  # type: ignore[no-any-return]


# --- value objects ----------------------------------------------------------


@frozen
class Scope:
    """Whom an item concerns: everyone, the region, associations, care areas or municipalities.

    ``names`` holds association names, care-area names or municipality codes,
    depending on ``kind``; it is empty for ``all`` and ``region``.
    """

    kind: ScopeKind = field(
        default=ScopeKind.ALL, converter=_scope_kind, validator=_instance(ScopeKind)
    )
    names: tuple[str, ...] = field(default=(), converter=_sorted_codes)

    @names.validator
    def _check_names(self, attribute: attrs.Attribute[Any], value: Any) -> None:
        _texts(self, attribute, value)
        if self.kind in (ScopeKind.ALL, ScopeKind.REGION) and value:
            raise _fail("scope", value, f"scope '{self.kind}' takes no names")
        if self.kind not in (ScopeKind.ALL, ScopeKind.REGION) and not value:
            raise _fail("scope", value, f"scope '{self.kind}' needs at least one name")

    @classmethod
    def everyone(cls) -> Scope:
        return cls(ScopeKind.ALL)

    @classmethod
    def region(cls) -> Scope:
        return cls(ScopeKind.REGION)

    @classmethod
    def association(cls, *names: str) -> Scope:
        return cls(ScopeKind.ASSOCIATION, names)

    @classmethod
    def care_area(cls, *names: str) -> Scope:
        return cls(ScopeKind.CARE_AREA, names)

    @classmethod
    def municipalities(cls, *codes: str) -> Scope:
        return cls(ScopeKind.MUNICIPALITIES, codes)

    def concerns(self, org: Organisation) -> bool:
        """Whether this scope concerns the organisation."""
        if self.kind is ScopeKind.ALL:
            return True
        if self.kind is ScopeKind.REGION:
            return org.is_region
        if self.kind is ScopeKind.ASSOCIATION:
            return org.association in self.names
        if self.kind is ScopeKind.CARE_AREA:
            return org.care_area in self.names
        return org.code in self.names


@frozen
class Rating:
    """A likelihood and impact pair, each a step on the register's matrix scales (1-based)."""

    likelihood: int = field()
    impact: int = field()

    @likelihood.validator
    @impact.validator
    def _positive(self, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 10:
            raise _fail(attribute.name, value, "must be a whole number from 1")


@frozen
class Action:
    """A proposed action against a risk."""

    text: str = field(validator=_text())
    owner: str = field(default="", validator=_text(required=False, max_len=200))
    status: ActionStatus = field(
        default=ActionStatus.PROPOSED,
        converter=_action_status,
        validator=_instance(ActionStatus),
    )
    due: date | None = field(default=None, validator=_instance(date, optional=True))
    # the organisation (code) that owns the action: its project lead may update the status
    organisation: str = field(default="", validator=_org_code(required=False))

    @property
    def is_open(self) -> bool:
        return self.status is not ActionStatus.DONE


@frozen
class Assessment:
    """Who assessed a decision's validity for the pause, when and why."""

    by: str = field(validator=_text(max_len=200))
    on: date = field(validator=_instance(date))
    rationale: str = field(default="", validator=_text(required=False))


@frozen
class ReviewReason:
    """Why an item needs review: ``trigger`` (a key or organisation) changed as ``detail`` says."""

    kind: str = field(validator=_text(max_len=60))
    trigger: str = field(validator=_text(max_len=60))
    detail: str = field(default="", validator=_text(required=False, max_len=500))
    on: date | None = field(default=None, validator=_instance(date, optional=True))


@frozen
class RaisedFlag:
    """A flag an item that is not shared set on another item (its ``item``), kept on the
    setting item's side so that only those who may read the setter read the flag (issue 10).
    The register shows it on ``item`` as a :class:`ReviewReason` with the setter as trigger,
    to a reader of both (:meth:`reason`)."""

    item: str = field(validator=_text(max_len=60))
    kind: str = field(validator=_text(max_len=60))
    detail: str = field(default="", validator=_text(required=False, max_len=500))
    on: date | None = field(default=None, validator=_instance(date, optional=True))

    def reason(self, trigger: str) -> ReviewReason:
        """The flag as the review reason it stands for, set by ``trigger``."""
        return ReviewReason(self.kind, trigger, self.detail, self.on)


@frozen
class Acceptance:
    """A risk's acceptance: proposed by one editor with a rationale and an expiry date,
    approved by another. In force while approved and not expired (:meth:`in_force`); it
    lapses (is cleared, and the risk flagged for review) when it expires or the risk
    changes materially (see :mod:`riskreg.acceptance`)."""

    proposed_by: str = field(validator=_text(max_len=200))
    proposed_on: date = field(validator=_instance(date))
    rationale: str = field(validator=_text())
    expires: date = field(validator=_instance(date))
    approved_by: str = field(default="", validator=_text(required=False, max_len=200))
    approved_on: date | None = field(default=None, validator=_instance(date, optional=True))

    def __attrs_post_init__(self) -> None:
        if bool(self.approved_by) != (self.approved_on is not None):
            raise _fail("approved_on", self.approved_on, "approver and date go together")
        if self.approved_by and self.approved_by == self.proposed_by:
            raise _fail("approved_by", self.approved_by, "the proposer cannot approve")
        if self.expires < self.proposed_on:
            raise _fail("expires", self.expires, "before the proposal")

    @property
    def approved(self) -> bool:
        return bool(self.approved_by)

    def in_force(self, today: date) -> bool:
        """Accepted: approved, and ``today`` is no later than the expiry date."""
        return self.approved and today <= self.expires

    def expired(self, today: date) -> bool:
        return self.expires < today


@frozen
class Category:
    """A risk area."""

    key: str = field(validator=_pattern(AREA_KEY))
    name: str = field(validator=_text(max_len=200))
    description: str = field(default="", validator=_text(required=False))


@frozen
class Organisation:
    """A party of the collaboration: a municipality, the region, or one a register adds."""

    code: str = field(validator=_pattern(ORG_CODE))
    name: str = field(validator=_text(max_len=200))
    association: str = field(default="", validator=_text(required=False, max_len=200))
    care_area: str = field(default="", validator=_text(required=False, max_len=200))
    is_region: bool = field(default=False, validator=_instance(bool))

    @property
    def is_municipality(self) -> bool:
        return not self.is_region and len(self.code) == 4 and self.code.isdigit()


# --- the keyed items ----------------------------------------------------------


@frozen
class Risk:
    """A risk of the joint analysis, with its consequences, actions and ratings."""

    key: str = field(validator=_pattern(RISK_KEY))
    title: str = field(validator=_text(max_len=300))
    area: str = field(validator=_pattern(AREA_KEY))
    inherent: Rating = field(validator=_instance(Rating))
    residual: Rating | None = field(default=None, validator=_instance(Rating, optional=True))
    description: str = field(default="", validator=_text(required=False))
    consequences: tuple[str, ...] = field(default=(), converter=_tuple, validator=_texts)
    actions: tuple[Action, ...] = field(default=(), converter=_tuple)
    owner: str = field(default="", validator=_text(required=False, max_len=200))
    status: RiskStatus = field(
        default=RiskStatus.IDENTIFIED, converter=_risk_status, validator=_instance(RiskStatus)
    )
    scope: Scope = field(factory=Scope, validator=_instance(Scope))
    visibility: Visibility = field(
        default=Visibility.SHARED, converter=_visibility, validator=_instance(Visibility)
    )
    reported_by: tuple[str, ...] = field(default=(), converter=_sorted_codes)
    created: date = field(factory=date.today, validator=_instance(date))
    updated: date | None = field(default=None, validator=_instance(date, optional=True))
    last_reviewed: date | None = field(default=None, validator=_instance(date, optional=True))
    review_reasons: tuple[ReviewReason, ...] = field(default=(), converter=_tuple)
    revision: int = field(default=0, validator=_instance(int))
    # the organisation that submitted the risk: set exactly when visibility is "submitted"
    submitted_by: str = field(default="", validator=_org_code(required=False))
    acceptance: Acceptance | None = field(
        default=None, validator=_instance(Acceptance, optional=True)
    )

    def __attrs_post_init__(self) -> None:
        if (self.visibility is Visibility.SUBMITTED) != bool(self.submitted_by):
            raise _fail("submitted_by", self.submitted_by,
                        "set exactly when the visibility is submitted")
        if self.acceptance is not None and self.visibility is Visibility.SUBMITTED:
            raise _fail("acceptance", "…", "a submission cannot be accepted")

    @actions.validator
    def _check_actions(self, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, tuple) or not all(isinstance(a, Action) for a in value):
            raise _fail(attribute.name, value, "not a list of actions")

    @reported_by.validator
    def _check_reporters(self, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, tuple) or not all(
            isinstance(c, str) and ORG_CODE.match(c) for c in value
        ):
            raise _fail(attribute.name, value, "not a list of organisation codes")

    @review_reasons.validator
    def _check_reasons(self, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, tuple) or not all(isinstance(r, ReviewReason) for r in value):
            raise _fail(attribute.name, value, "not a list of review reasons")

    @property
    def rating(self) -> Rating:
        """The rating that counts now: residual when assessed, else inherent."""
        return self.residual if self.residual is not None else self.inherent

    @property
    def needs_review(self) -> bool:
        return bool(self.review_reasons)

    @property
    def is_shared(self) -> bool:
        """Whether the risk may leave the register (see :attr:`Visibility.is_shared`)."""
        return self.visibility.is_shared

    @property
    def is_submission(self) -> bool:
        """A municipality's own risk, not yet taken into the joint analysis."""
        return self.visibility is Visibility.SUBMITTED

    def accepted(self, today: date) -> bool:
        """Whether the risk is accepted now: an approved acceptance that has not expired."""
        return self.acceptance is not None and self.acceptance.in_force(today)

    @property
    def recognition(self) -> int:
        """How many parties report this risk."""
        return len(self.reported_by)

    @property
    def is_open(self) -> bool:
        return self.status is not RiskStatus.CLOSED


@frozen
class Decision:
    """A decision of Klinisk ledning and its validity during the pause."""

    key: str = field(validator=_pattern(DECISION_KEY))
    decided_on: date = field(validator=_instance(date))
    title: str = field(validator=_text(max_len=300))
    summary: str = field(default="", validator=_text(required=False))
    care_areas: tuple[str, ...] = field(default=(), converter=_tuple, validator=_texts)
    target_groups: tuple[str, ...] = field(default=(), converter=_tuple, validator=_texts)
    validity: Validity = field(
        default=Validity.UNREVIEWED, converter=_validity, validator=_instance(Validity)
    )
    assessment: Assessment | None = field(
        default=None, validator=_instance(Assessment, optional=True)
    )
    review_by: date | None = field(default=None, validator=_instance(date, optional=True))
    scope: Scope = field(factory=Scope, validator=_instance(Scope))
    visibility: Visibility = field(
        default=Visibility.SHARED, converter=_visibility, validator=_instance(Visibility)
    )
    updated: date | None = field(default=None, validator=_instance(date, optional=True))
    review_reasons: tuple[ReviewReason, ...] = field(default=(), converter=_tuple)
    revision: int = field(default=0, validator=_instance(int))
    #: flags this decision set on other items while not shared (see :class:`RaisedFlag`)
    raised: tuple[RaisedFlag, ...] = field(default=(), converter=_tuple)

    def __attrs_post_init__(self) -> None:
        match = DECISION_KEY.match(self.key)
        if match and int(match.group(1)) != self.decided_on.year:
            raise _fail("decided_on", self.decided_on, f"year does not match key {self.key}")
        if self.validity is Validity.UNCERTAIN and self.review_by is None:
            raise ValidationError("error.review_by_required", key=self.key)
        if not all(isinstance(r, ReviewReason) for r in self.review_reasons):
            raise _fail("review_reasons", self.review_reasons, "not a list of review reasons")
        if self.visibility is Visibility.SUBMITTED:
            raise _fail("visibility", str(self.visibility), "only a risk can be submitted")
        if not all(isinstance(r, RaisedFlag) for r in self.raised):
            raise _fail("raised", self.raised, "not a list of raised flags")

    @property
    def applies(self) -> bool:
        return self.validity is Validity.APPLIES

    @property
    def is_shared(self) -> bool:
        """Whether the decision may leave the register (see :attr:`Visibility.is_shared`)."""
        return self.visibility.is_shared

    @property
    def needs_review(self) -> bool:
        return bool(self.review_reasons)


@frozen
class Link:
    """A typed relation ``source -relation-> target`` between two keys."""

    source: str = field()
    relation: Relation = field(converter=_relation, validator=_instance(Relation))
    target: str = field()
    note: str = field(default="", validator=_text(required=False, max_len=2000))

    def __attrs_post_init__(self) -> None:
        want_source, want_target = RELATION_KINDS[self.relation]
        if self.source == self.target:
            raise ValidationError("error.self_link", key=self.source)
        for end, want in ((self.source, want_source), (self.target, want_target)):
            if not isinstance(end, str) or kind_of_key(end) is not want:
                raise ValidationError(
                    "error.link_kinds", relation=Term(word_id("relation",
                                                              self.relation)), key=str(end),
                    kind=Term(word_id("kind", want))
                )

    @property
    def ends(self) -> tuple[str, Relation, str]:
        """The identity of a link: a register holds at most one per (source, relation, target)."""
        return (self.source, self.relation, self.target)


@frozen
class Person:
    """Someone who works in a shared register: their server login, name, organisation (code)
    and role. Kept per register (the store's ``people`` table); a file register has none."""

    login: str = field(validator=_pattern(LOGIN))
    name: str = field(validator=_line(max_len=200))  # as a user name (register.MAX_USER)
    organisation: str = field(validator=_org_code(required=True))
    role: Role = field(converter=_role, validator=_instance(Role))


@frozen
class Note:
    """A note on a risk or decision, by a person of an organisation; read by that organisation,
    editors and assessors (``organisation`` is empty on a single-user file register)."""

    id: str = field(validator=_pattern(NOTE_ID))
    key: str = field()
    organisation: str = field(validator=_org_code(required=False))
    by: str = field(validator=_text(max_len=200))
    on: date = field(validator=_instance(date))
    text: str = field(validator=_text(max_len=5000))

    @key.validator
    def _check_key(self, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, str) or not (RISK_KEY.match(value) or DECISION_KEY.match(value)):
            raise _fail(attribute.name, value, "not a risk or decision key")


@frozen
class Change:
    """One entry of the history: who changed what, when, and why."""

    seq: int
    at: datetime
    user: str
    action: str
    key: str
    why: str = ""
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
    #: the register's revision the change was committed in (0 when the history does not say)
    revision: int = 0
