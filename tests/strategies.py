"""Hypothesis strategies for riskreg: valid models and small registers of linked items.

Everything generated here is valid against a register made by :func:`new_register`
(areas :data:`AREAS`, the built-in organisations, the default 4x4 matrix), so a
test can add it and expect it to be accepted.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import attrs
import pytest
from hypothesis import strategies as st

import riskreg
from riskreg import (
    Acceptance,
    Action,
    ActionStatus,
    Assessment,
    Category,
    Decision,
    Link,
    Note,
    Person,
    Rating,
    Relation,
    Risk,
    RiskStatus,
    Role,
    Scope,
    Validity,
    Visibility,
)
from riskreg.bidi import CONTROLS

TODAY = date(2026, 11, 22)

#: ``make torture`` (RISKREG_TORTURE=1): properties marked ``torture`` run their full count
TORTURE = os.environ.get("RISKREG_TORTURE", "") not in ("", "0")


def examples(ci: int, full: int) -> int:
    """How many examples a ``torture`` property runs: ``ci`` in make test, ``full`` in torture."""
    return full if TORTURE else ci


def fixed_today() -> date:
    return TODAY


AREAS = (
    Category("it", "IT och journalsystem", "Melior, NCS Cross, Obelix under pausen"),
    Category("vard", "Vård och omsorg", "Patientsäkerhet i övergångar"),
    Category("lakemedel", "Läkemedel", "Ordination och läkemedelslistor"),
    Category("samverkan", "Samverkan", "Kommuner, region och primärvård"),
)
AREA_KEYS = tuple(c.key for c in AREAS)

_DIRECTORY = riskreg.Directory()
ORG_CODES = tuple(sorted(o.code for o in _DIRECTORY))
ASSOCIATIONS = tuple(sorted(_DIRECTORY.associations()))
CARE_AREAS = tuple(sorted(_DIRECTORY.care_areas()))
MUNICIPALITY_CODES = tuple(sorted(o.code for o in _DIRECTORY.municipalities()))

ACYCLIC = (Relation.DEPENDS_ON, Relation.SUPERSEDES)
#: relation -> a change spreads from the target to the source (True) or the other way (False)
SPREADS_TO_SOURCE = {
    Relation.MITIGATED_BY: True,
    Relation.CAUSED_BY: True,
    Relation.DEPENDS_ON: True,
    Relation.SUPERSEDES: False,
    Relation.AGGRAVATES: False,
}

@contextlib.contextmanager
def refused(
    error: type[riskreg.RiskregError] = riskreg.ValidationError,
    message: str | None = None,
    **params: Any,
) -> Iterator[pytest.ExceptionInfo[Any]]:
    """Expect ``error`` with catalogue entry ``message`` and these ``params``.

    Wording may change (and is translated); the entry and its parameters do not.
    """
    with pytest.raises(error) as info:
        yield info
    if message is not None:
        assert info.value.key == message, info.value
    for name, want in params.items():
        assert info.value.params.get(name) == want, (name, info.value.params)


# --- text ---------------------------------------------------------------------------

_SWEDISH = "abcdefghijklmnopqrstuvwxyzåäöéüABCDEFGHIJKLMNOPQRSTUVWXYZÅÄÖ0123456789"
_PUNCT = " -.,:;!?()/%&'\"«»–"
_EMOJI = ("🏥", "💊", "📋", "⚠️", "🚑", "👩‍⚕️", "😷")

_letter = st.sampled_from(_SWEDISH)
_char = st.one_of(
    st.sampled_from(_SWEDISH + _PUNCT),
    st.sampled_from(_EMOJI),
    # now and then anything printable, incl. other scripts and symbols (not the bidi controls,
    # which the register refuses in new text: see tests/test_bidi.py)
    st.characters(codec="utf-8", min_codepoint=32, exclude_categories=("Cs", "Cc"),
                  exclude_characters=CONTROLS),
)


def texts(max_size: int = 24) -> st.SearchStrategy[str]:
    """Non-blank Swedish-ish text with å ä ö, punctuation and emoji; no control characters."""
    return st.builds(
        lambda first, rest: first + "".join(rest),
        _letter,
        st.lists(_char, max_size=max_size),
    )


def optional_texts(max_size: int = 24) -> st.SearchStrategy[str]:
    """Text that may be empty, may hold a newline or tab."""
    two_lines = st.builds(lambda a, b: f"{a}\n\t{b}", texts(8), texts(8))
    return st.one_of(st.just(""), texts(max_size), two_lines)


# --- keys and values ----------------------------------------------------------------

risk_numbers = st.integers(min_value=1, max_value=999)
risk_keys = risk_numbers.map(lambda n: f"R-{n:03d}")
years = st.integers(min_value=2018, max_value=2026)
dates = st.dates(min_value=date(2018, 1, 1), max_value=date(2027, 12, 31))
optional_dates = st.none() | dates


@st.composite
def decision_keys_and_dates(draw: st.DrawFn) -> tuple[str, date]:
    """A decision key KL-YYYY-NN and a decision date in the same year."""
    year = draw(years)
    number = draw(st.integers(min_value=1, max_value=99))
    day = draw(st.dates(min_value=date(year, 1, 1), max_value=date(year, 12, 31)))
    return f"KL-{year}-{number:02d}", day


def ratings(top: int = 4) -> st.SearchStrategy[Rating]:
    return st.builds(Rating, st.integers(1, top), st.integers(1, top))


actions = st.builds(
    Action,
    text=texts(),
    owner=st.one_of(st.just(""), texts(12)),
    status=st.sampled_from(ActionStatus),
    due=optional_dates,
    organisation=st.one_of(st.just(""), st.sampled_from(ORG_CODES)),
)

#: the visibilities of a decision (a risk may also be submitted)
DECISION_VISIBILITIES = (Visibility.SHARED, Visibility.INTERNAL)
logins = st.from_regex(r"[a-z_][a-z0-9_.]{0,20}", fullmatch=True)
people = st.builds(Person, login=logins, name=texts(20),
                   organisation=st.sampled_from(ORG_CODES), role=st.sampled_from(Role))


@st.composite
def acceptances(draw: st.DrawFn) -> Acceptance:
    """An acceptance: a proposal, or one approved by someone else, expiring on or after it."""
    proposed_by = draw(logins)
    proposed_on = draw(dates)
    expires = draw(st.dates(min_value=proposed_on, max_value=date(2028, 12, 31)))
    approved = draw(st.booleans())
    approver = draw(logins.filter(lambda x: x != proposed_by)) if approved else ""
    return Acceptance(proposed_by=proposed_by, proposed_on=proposed_on,
                      rationale=draw(texts()), expires=expires, approved_by=approver,
                      approved_on=draw(dates) if approved else None)


notes = st.builds(
    Note,
    id=st.builds(lambda r, n: f"N-{r}-{n}", st.integers(1, 10**9), st.integers(1, 999)),
    key=st.one_of(risk_keys, decision_keys_and_dates().map(lambda kd: kd[0])),
    organisation=st.one_of(st.just(""), st.sampled_from(ORG_CODES)),
    by=texts(12), on=dates, text=texts(60),
)

scopes = st.one_of(
    st.just(Scope.everyone()),
    st.just(Scope.region()),
    st.lists(st.sampled_from(ASSOCIATIONS), min_size=1, max_size=3).map(
        lambda names: Scope.association(*names)
    ),
    st.lists(st.sampled_from(CARE_AREAS), min_size=1, max_size=3).map(
        lambda names: Scope.care_area(*names)
    ),
    st.lists(st.sampled_from(MUNICIPALITY_CODES), min_size=1, max_size=4).map(
        lambda codes: Scope.municipalities(*codes)
    ),
)

area_keys = st.from_regex(r"[a-z0-9][a-z0-9-]{0,12}", fullmatch=True)
categories = st.builds(Category, key=area_keys, name=texts(), description=optional_texts())


@st.composite
def risks(draw: st.DrawFn, key: str | None = None, top: int = 4,
          accepted: bool = False) -> Risk:
    """A valid risk in one of :data:`AREA_KEYS`, rated on a ``top`` x ``top`` matrix: shared,
    internal or a municipality's submission; with ``accepted``, a joint risk may carry an
    acceptance (proposed or approved)."""
    visibility = draw(st.sampled_from(Visibility))
    submitted = visibility is Visibility.SUBMITTED
    return Risk(
        key=key or draw(risk_keys),
        title=draw(texts()),
        area=draw(st.sampled_from(AREA_KEYS)),
        inherent=draw(ratings(top)),
        residual=draw(st.none() | ratings(top)),
        description=draw(optional_texts()),
        consequences=draw(st.lists(texts(), max_size=3)),
        actions=draw(st.lists(actions, max_size=3)),
        owner=draw(st.one_of(st.just(""), texts(12))),
        status=draw(st.sampled_from(RiskStatus)),
        scope=draw(scopes),
        visibility=visibility,
        reported_by=draw(st.lists(st.sampled_from(ORG_CODES), max_size=4)),
        created=draw(dates),
        last_reviewed=draw(optional_dates),
        submitted_by=draw(st.sampled_from(MUNICIPALITY_CODES)) if submitted else "",
        acceptance=draw(st.none() | acceptances()) if accepted and not submitted else None,
    )


assessments = st.builds(Assessment, by=texts(12), on=dates, rationale=optional_texts())


@st.composite
def decisions(
    draw: st.DrawFn, key_and_date: tuple[str, date] | None = None, validity: Validity | None = None
) -> Decision:
    """A valid decision: the key's year is the decision year; an uncertain one has a review-by."""
    key, decided_on = key_and_date or draw(decision_keys_and_dates())
    validity = validity or draw(st.sampled_from(Validity))
    review_by = draw(dates) if validity is Validity.UNCERTAIN else draw(optional_dates)
    return Decision(
        key=key,
        decided_on=decided_on,
        title=draw(texts()),
        summary=draw(optional_texts()),
        care_areas=draw(st.lists(texts(10), max_size=2)),
        target_groups=draw(st.lists(texts(10), max_size=2)),
        validity=validity,
        assessment=draw(st.none() | assessments),
        review_by=review_by,
        scope=draw(scopes),
        visibility=draw(st.sampled_from(DECISION_VISIBILITIES)),
    )


@st.composite
def links(draw: st.DrawFn) -> Link:
    """One valid link between generated keys (ends of the right kinds, never a self link)."""
    relation = draw(st.sampled_from(Relation))
    decision_key = decision_keys_and_dates().map(lambda kd: kd[0])
    if relation in (Relation.MITIGATED_BY, Relation.CAUSED_BY):
        source, target = draw(risk_keys), draw(decision_key)
    elif relation is Relation.AGGRAVATES:
        source, target = draw(st.lists(risk_keys, min_size=2, max_size=2, unique=True))
    else:
        source, target = draw(st.lists(decision_key, min_size=2, max_size=2, unique=True))
    return Link(source, relation, target, draw(optional_texts()))


# --- whole registers ----------------------------------------------------------------


@attrs.frozen
class Contents:
    """What a small register holds: decisions, risks and links between them."""

    decisions: tuple[Decision, ...]
    risks: tuple[Risk, ...]
    links: tuple[Link, ...]

    @property
    def validity(self) -> dict[str, Validity]:
        return {d.key: d.validity for d in self.decisions}


@st.composite
def bare_risks(draw: st.DrawFn, key: str) -> Risk:
    """A risk with only what the graph looks at (rating, status): cheap to generate."""
    return Risk(key=key, title=f"Risk {key}", area="it", inherent=draw(ratings()),
                residual=draw(st.none() | ratings()), status=draw(st.sampled_from(RiskStatus)),
                created=TODAY)


@st.composite
def bare_decisions(draw: st.DrawFn, key_and_date: tuple[str, date]) -> Decision:
    """A decision with only what the graph looks at (validity): cheap to generate."""
    key, decided_on = key_and_date
    validity = draw(st.sampled_from(Validity))
    review_by = TODAY if validity is Validity.UNCERTAIN else None
    return Decision(key=key, decided_on=decided_on, title=f"Beslut {key}", validity=validity,
                    review_by=review_by)


@st.composite
def contents(
    draw: st.DrawFn, max_decisions: int = 6, max_risks: int = 6, max_links: int = 14,
    bare: bool = False,
) -> Contents:
    """A small register: unique keys, links of the right kinds, depends_on + supersedes acyclic.

    Acyclicity: decisions get a random order and an acyclic link always points from
    a later decision to an earlier one, so every DAG can come up. ``bare`` items carry
    only what the graph needs (fast); otherwise every field is generated.
    """
    make_decision = bare_decisions if bare else decisions
    make_risk = bare_risks if bare else risks
    decision_list: list[Decision] = []
    seen: set[str] = set()
    for kd in draw(st.lists(decision_keys_and_dates(), min_size=1, max_size=max_decisions)):
        if kd[0] not in seen:
            seen.add(kd[0])
            decision_list.append(draw(make_decision(kd)))
    numbers = draw(st.lists(risk_numbers, max_size=max_risks, unique=True))
    risk_list = [draw(make_risk(f"R-{n:03d}")) for n in numbers]
    order = draw(st.permutations([d.key for d in decision_list]))
    rank = {key: i for i, key in enumerate(order)}
    dkeys = [d.key for d in decision_list]
    rkeys = [r.key for r in risk_list]

    found: dict[tuple[str, Relation, str], Link] = {}
    for _ in range(draw(st.integers(0, max_links))):
        choices = []
        if rkeys:
            choices += [Relation.MITIGATED_BY, Relation.CAUSED_BY]
        if len(rkeys) >= 2:
            choices.append(Relation.AGGRAVATES)
        if len(dkeys) >= 2:
            choices += list(ACYCLIC)
        if not choices:
            break
        relation = draw(st.sampled_from(choices))
        if relation in (Relation.MITIGATED_BY, Relation.CAUSED_BY):
            source, target = draw(st.sampled_from(rkeys)), draw(st.sampled_from(dkeys))
        elif relation is Relation.AGGRAVATES:
            source, target = draw(st.lists(st.sampled_from(rkeys), min_size=2, max_size=2,
                                           unique=True))
        else:
            a, b = draw(st.lists(st.sampled_from(dkeys), min_size=2, max_size=2, unique=True))
            source, target = (a, b) if rank[a] > rank[b] else (b, a)
        link = Link(source, relation, target, draw(st.sampled_from(["", "stöd för åtgärd 🏥"])))
        found.setdefault(link.ends, link)
    return Contents(tuple(decision_list), tuple(risk_list), tuple(found.values()))


def new_register(
    location: str | os.PathLike[str], *, user: str = "testare",
    today: Callable[[], date] = fixed_today, **kwargs: Any,
) -> riskreg.Register:
    """An empty register at ``location`` (a path or a server URL) with the test areas, today
    fixed to 2026-11-22."""
    return riskreg.Register.create(
        location, name="Testregister", categories=AREAS, user=user, today=today, **kwargs
    )


def fill(register: riskreg.Register, content: Contents, why: str = "fyllt av test") -> None:
    """Add everything in ``content`` in one batch."""
    with register.batch(why=why):
        for decision in content.decisions:
            register.add_decision(decision)
        for risk in content.risks:
            register.add_risk(risk)
        for link in content.links:
            register.link(link.source, link.relation, link.target, note=link.note)
