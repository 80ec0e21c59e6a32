"""When a risk's acceptance lapses: a material change, or its expiry.

An acceptance (:class:`~riskreg.model.Acceptance`) is proposed by one editor and approved by
another (:meth:`Register.propose_acceptance`, :meth:`Register.approve_acceptance`). It rests
on the risk as it was then, so it lapses, proposed or approved, when the risk changes
materially:

- its risk value goes up: the inherent value, or the value that counts now (residual when
  assessed), on the register's matrix (:func:`value_rise`; detail ``value 4 -> 9`` or
  ``inherent 4 -> 9``);
- a decision that mitigates it stops applying (assessed from "applies" to anything else;
  detail ``validity applies -> suspended``), or stops mitigating it (the link is removed;
  detail ``unlinked``): :func:`mitigation_lost`.

A lapse clears the acceptance and flags the risk for review with a reason of kind
``acceptance_lapsed`` (the trigger: the risk itself for a value, else the decision), in the
same change that caused it.

**Expiry.** An acceptance is in force until its expiry date (inclusive). After that:

- at once, ``check()`` reports it (finding ``acceptance_expired``, a warning), and the risk
  no longer counts as accepted (:meth:`Risk.accepted`);
- the next time an editor writes the register (any change; on a file register, anyone),
  the expired acceptance is cleared and the risk flagged for review with a reason of kind
  ``acceptance_expired`` (detail: the expiry date), recorded in the history as ``lapse``.
  From then on the ``needs_review`` finding carries it, until the risk is marked reviewed.

Either way the finding lasts until the risk is reviewed. The acceptance and these reasons
stay in the register: no report, shared dump or shared hash shows them
(:mod:`riskreg.sharing`).
"""

from __future__ import annotations

from datetime import date

import attrs

from riskreg.matrix import RiskMatrix
from riskreg.model import ReviewReason, Risk, Validity

LAPSED = "acceptance_lapsed"
EXPIRED = "acceptance_expired"


def value_rise(old: Risk, new: Risk, matrix: RiskMatrix, today: date) -> ReviewReason | None:
    """The reason an acceptance lapses when ``old`` became ``new``, if its value went up."""
    before, after = matrix.value(old.rating), matrix.value(new.rating)
    if after > before:
        return ReviewReason(LAPSED, new.key, f"value {before} -> {after}", today)
    before, after = matrix.value(old.inherent), matrix.value(new.inherent)
    if after > before:
        return ReviewReason(LAPSED, new.key, f"inherent {before} -> {after}", today)
    return None


def mitigation_lost(decision: str, old: Validity | None, new: Validity | None,
                    today: date) -> ReviewReason | None:
    """The reason an acceptance lapses when mitigating ``decision`` went from ``old`` to
    ``new`` validity (``new`` None: it no longer mitigates the risk), if it stopped applying."""
    if old is not Validity.APPLIES:
        return None  # it did not count as a mitigation before either
    if new is None:
        return ReviewReason(LAPSED, decision, "unlinked", today)
    if new is Validity.APPLIES:
        return None
    return ReviewReason(LAPSED, decision, f"validity {old} -> {new}", today)


def expiry(risk: Risk, today: date) -> ReviewReason | None:
    """The reason an acceptance lapses by its date, if it has expired."""
    acceptance = risk.acceptance
    if acceptance is None or not acceptance.expired(today):
        return None
    return ReviewReason(EXPIRED, risk.key, acceptance.expires.isoformat(), today)


def lapse(risk: Risk, reason: ReviewReason) -> Risk:
    """``risk`` without its acceptance, flagged for review with ``reason`` (replacing an
    earlier reason of the same kind and trigger), one revision on."""
    kept = tuple(r for r in risk.review_reasons
                 if (r.kind, r.trigger) != (reason.kind, reason.trigger))
    return attrs.evolve(risk, acceptance=None, review_reasons=(*kept, reason),
                        revision=risk.revision + 1)


__all__ = ["EXPIRED", "LAPSED", "expiry", "lapse", "mitigation_lost", "value_rise"]
