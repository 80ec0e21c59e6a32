"""The register against a plain-Python model: hypothesis drives random sequences of changes.

Every rule does one thing a user or script can do (add, edit, assess, link,
unlink, review, remove, a batch that succeeds or is abandoned, an export, close and
reopen), predicts its outcome in the model (accepted, or refused with which
error, and then nothing written), and the invariants after every step compare the
register, its graph, what a fresh client reads from the store, and what a second
client that only takes in what changed (``refresh``) holds, with the model.

It runs once per store (a register file; a register on the PostgreSQL server, with a
smaller sample in make test since every example makes a register there).
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections import deque
from datetime import date
from pathlib import Path
from typing import Any

import attrs
import stores
import strategies as s
from faultcounts import count, scaled
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from strategies import TODAY, fixed_today, new_register

import riskreg
from riskreg import (
    ConflictError,
    DuplicateKeyError,
    LinkError,
    NotFoundError,
    Rating,
    Relation,
    RiskregError,
    RiskStatus,
    ValidationError,
    Validity,
)

ACYCLIC = {"depends_on", "supersedes"}
SPREADS_TO_SOURCE = {str(k): v for k, v in s.SPREADS_TO_SOURCE.items()}
KINDS = {  # relation -> (source kind, target kind)
    "mitigated_by": ("R", "KL"), "caused_by": ("R", "KL"), "aggravates": ("R", "R"),
    "depends_on": ("KL", "KL"), "supersedes": ("KL", "KL"),
}


class Abandon(Exception):
    """Raised inside a batch to abandon it."""


@attrs.define
class Model:
    """What the register should hold: plain dicts and a set."""

    risks: dict[str, dict[str, Any]] = attrs.Factory(dict)
    decisions: dict[str, dict[str, Any]] = attrs.Factory(dict)
    links: set[tuple[str, str, str]] = attrs.Factory(set)
    #: the items each decision flagged on its own side (riskreg.model.RaisedFlag)
    raised: dict[str, set[str]] = attrs.field(factory=dict, eq=False)

    def copy(self) -> Model:
        return Model({k: dict(v) for k, v in self.risks.items()},
                     {k: dict(v) for k, v in self.decisions.items()}, set(self.links),
                     {k: set(v) for k, v in self.raised.items()})

    def flag_stays_with(self, decision: str, key: str) -> bool:
        """Whether the flag ``decision`` sets on ``key`` is kept on the decision's side: unless
        everyone who reads ``key`` reads the decision (issue 10)."""
        setter = self.decisions[decision]
        if setter["visibility"] == "shared" and setter["everyone"]:
            return False
        return self.item(key)["visibility"] != "internal"

    def reviewed(self, key: str) -> None:
        """``key`` was reviewed (or assessed): the flags on it kept by setters go."""
        for setter, items in self.raised.items():
            if key in items:
                items.discard(key)
                self.bump(setter)

    def item(self, key: str) -> dict[str, Any]:
        return self.risks[key] if key.startswith("R-") else self.decisions[key]

    def exists(self, key: str) -> bool:
        return key in self.risks or key in self.decisions

    def affected(self, key: str) -> set[str]:
        """What a change of ``key`` spreads to (the same rule as the graph, written plainly)."""
        seen, queue = {key}, deque([key])
        while queue:
            here = queue.popleft()
            for source, relation, target in self.links:
                if target == here and SPREADS_TO_SOURCE[relation] and source not in seen:
                    seen.add(source)
                    queue.append(source)
                if source == here and not SPREADS_TO_SOURCE[relation] and target not in seen:
                    seen.add(target)
                    queue.append(target)
        return seen - {key}

    def closes_cycle(self, source: str, relation: str, target: str) -> bool:
        if relation not in ACYCLIC:
            return False
        seen, queue = {target}, deque([target])
        while queue:
            here = queue.popleft()
            if here == source:
                return True
            for a, r, b in self.links:
                if a == here and r in ACYCLIC and b not in seen:
                    seen.add(b)
                    queue.append(b)
        return False

    def conflicts(self) -> set[tuple[str, str]]:
        return {
            (a, b) for a, r, b in self.links
            if r == "depends_on" and self.decisions[a]["validity"] == "applies"
            and self.decisions[b]["validity"] != "applies"
        }

    def bump(self, key: str, **changes: Any) -> None:
        item = self.item(key)
        item.update(changes)
        item["revision"] += 1


def risk_state(risk: riskreg.Risk) -> dict[str, Any]:
    return {"title": risk.title, "owner": risk.owner, "area": risk.area,
            "inherent": (risk.inherent.likelihood, risk.inherent.impact),
            "status": str(risk.status), "needs_review": risk.needs_review,
            "revision": risk.revision, "visibility": str(risk.visibility)}


def decision_state(decision: riskreg.Decision) -> dict[str, Any]:
    return {"validity": str(decision.validity), "needs_review": decision.needs_review,
            "revision": decision.revision, "visibility": str(decision.visibility),
            "everyone": str(decision.scope.kind) == "all"}


def register_state(reg: riskreg.Register) -> Model:
    return Model(
        {r.key: risk_state(r) for r in reg.risks()},
        {d.key: decision_state(d) for d in reg.decisions()},
        {(link.source, str(link.relation), link.target) for link in reg.links()},
    )


class RegisterMachine(RuleBasedStateMachine):
    def __init__(self, location: str | None = None) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="riskreg-model-"))
        self.location = location or str(self.folder / "riskreg.json")
        self.reg = new_register(self.location)
        # a fresh client's view (a store of its own, kept open) and a second client that only
        # takes in what changed, as the TUI does
        self.reader = riskreg.storage.open_store(self.location)
        self.follower = riskreg.Register.open(self.location, user="följare", today=fixed_today)
        self.model = Model()
        self.numbers = 0
        self.exports = 0
        count("model_runs")

    def teardown(self) -> None:
        self.reg.close()
        self.follower.close()
        self.reader.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    # --- helpers ---------------------------------------------------------------------------
    def refused(self, error: type[RiskregError], action: Any) -> None:
        """``action`` must raise ``error`` and change nothing, in memory or in the store."""
        with stores.unchanged(self.location):
            try:
                action()
            except error:
                pass
            else:
                raise AssertionError(f"expected {error.__name__}")

    def new_key(self) -> str:
        self.numbers += 1
        return f"R-{self.numbers:03d}"

    def pick(self, data: st.DataObject, keys: Any, missing: str) -> str:
        """An existing key, now and then one that is not there."""
        keys = sorted(keys)
        if not keys or data.draw(st.integers(0, 9), label="missing?") == 0:
            return missing
        return data.draw(st.sampled_from(keys))

    # --- rules -------------------------------------------------------------------------------
    @rule(data=st.data())
    def add_risk(self, data: st.DataObject) -> None:
        duplicate = self.model.risks and data.draw(st.integers(0, 7)) == 0
        key = data.draw(st.sampled_from(sorted(self.model.risks))) if duplicate else self.new_key()
        risk = data.draw(s.risks(key=key))
        if duplicate:
            self.refused(DuplicateKeyError, lambda: self.reg.add_risk(risk, why="dubblett"))
            return
        added = self.reg.add_risk(risk, why="ny risk")
        assert added.revision == 1 and added.updated == TODAY
        self.model.risks[key] = risk_state(added)

    @rule(key_and_date=s.decision_keys_and_dates(), data=st.data())
    def add_decision(self, key_and_date: tuple[str, date], data: st.DataObject) -> None:
        decision = data.draw(s.decisions(key_and_date))
        if decision.key in self.model.decisions:
            self.refused(DuplicateKeyError, lambda: self.reg.add_decision(decision))
            return
        added = self.reg.add_decision(decision, why="nytt beslut")
        self.model.decisions[decision.key] = decision_state(added)

    @rule(data=st.data(), owner=s.texts(12), title=s.texts(), likelihood=st.integers(0, 5),
          status=st.sampled_from(RiskStatus))
    def edit_risk(self, data: st.DataObject, owner: str, title: str, likelihood: int,
                  status: RiskStatus) -> None:
        key = self.pick(data, self.model.risks, "R-999")
        if key not in self.model.risks:
            self.refused(NotFoundError, lambda: self.reg.update_risk(key, owner=owner))
            return
        old = self.model.risks[key]
        stale = data.draw(st.integers(0, 5)) == 0
        expected = old["revision"] - 1 if stale else old["revision"]
        inherent = Rating(likelihood, old["inherent"][1]) if 1 <= likelihood <= 4 else None
        changes: dict[str, Any] = {"owner": owner, "title": title, "status": status}
        if stale:
            self.refused(ConflictError, lambda: self.reg.update_risk(
                key, expected_revision=expected, why="gammal", **changes))
            return
        if likelihood not in range(1, 5):  # off the 4x4 matrix
            self.refused(ValidationError, lambda: self.reg.update_risk(
                key, inherent=(likelihood, 1), why="fel skala"))
            return
        assert inherent is not None
        self.reg.update_risk(key, expected_revision=expected, why="ändrad", inherent=inherent,
                             **changes)
        self.model.bump(key, owner=owner, title=title, status=str(status),
                        inherent=(inherent.likelihood, inherent.impact))

    @precondition(lambda self: self.model.decisions)
    @rule(data=st.data(), validity=st.sampled_from(
        [Validity.APPLIES, Validity.UNCERTAIN, Validity.SUSPENDED]))
    def assess(self, data: st.DataObject, validity: Validity) -> None:
        key = data.draw(st.sampled_from(sorted(self.model.decisions)))
        review_by = date(2027, 3, 31) if validity is Validity.UNCERTAIN else None
        old = self.model.decisions[key]["validity"]
        self.reg.assess(key, validity, rationale="bedömd i modelltest", review_by=review_by)
        self.model.bump(key, validity=str(validity), needs_review=False)
        self.model.reviewed(key)
        if old != str(validity):
            kept = set()
            for other in self.model.affected(key):
                if self.model.flag_stays_with(key, other):
                    kept.add(other)
                    self.model.item(other)["needs_review"] = True
                else:
                    self.model.bump(other, needs_review=True)
            if kept:
                self.model.raised.setdefault(key, set()).update(kept)
                self.model.bump(key)

    @rule(data=st.data(), relation=st.sampled_from(sorted(KINDS)))
    def link(self, data: st.DataObject, relation: str) -> None:
        everything = [*self.model.risks, *self.model.decisions]
        source = self.pick(data, everything, "KL-2019-99")
        target = self.pick(data, everything, "R-998")
        ends_ok = (source.split("-")[0], target.split("-")[0]) == KINDS[relation]
        if source == target or not ends_ok:
            self.refused(ValidationError, lambda: self.reg.link(source, relation, target))
        elif (
            not (self.model.exists(source) and self.model.exists(target))  # to nothing
            or (source, relation, target) in self.model.links  # a duplicate
            or self.model.closes_cycle(source, relation, target)
        ):
            self.refused(LinkError, lambda: self.reg.link(source, relation, target))
        else:
            self.reg.link(source, relation, target, why="länkad")
            self.model.links.add((source, relation, target))

    @rule(data=st.data())
    def unlink(self, data: st.DataObject) -> None:
        links = sorted(self.model.links)
        if not links or data.draw(st.integers(0, 6)) == 0:
            self.refused(LinkError, lambda: self.reg.unlink("R-997", "mitigated_by", "KL-2019-98"))
            return
        source, relation, target = data.draw(st.sampled_from(links))
        self.reg.unlink(source, relation, target, why="borttagen länk")
        self.model.links.discard((source, relation, target))

    @rule(data=st.data())
    def review(self, data: st.DataObject) -> None:
        key = self.pick(data, [*self.model.risks, *self.model.decisions], "R-996")
        if not self.model.exists(key):
            self.refused(NotFoundError, lambda: self.reg.mark_reviewed(key))
            return
        self.reg.mark_reviewed(key, note="granskad")
        self.model.bump(key, needs_review=False)
        self.model.reviewed(key)
        if key.startswith("R-"):
            assert self.reg.risk(key).last_reviewed == TODAY

    @precondition(lambda self: self.model.risks)
    @rule(data=st.data())
    def remove_risk(self, data: st.DataObject) -> None:
        key = data.draw(st.sampled_from(sorted(self.model.risks)))
        if any(key in (a, b) for a, _, b in self.model.links):
            self.refused(LinkError, lambda: self.reg.remove_risk(key))
            return
        self.reg.remove_risk(key, why="borttagen")
        del self.model.risks[key]

    @rule(data=st.data(), outcome=st.sampled_from(["keep", "abandon", "invalid"]))
    def batch(self, data: st.DataObject, outcome: str) -> None:
        """Several changes in one batch: all saved at once, or (abandoned, invalid) none."""
        before = stores.fingerprint(self.location)
        planned = self.model.copy()
        numbers = self.numbers
        try:
            with self.reg.batch(why="modellbatch"):
                for _ in range(data.draw(st.integers(1, 4))):
                    what = data.draw(st.sampled_from(["add", "edit", "link"]))
                    if what == "add":
                        risk = data.draw(s.risks(key=self.new_key()))
                        planned.risks[risk.key] = risk_state(self.reg.add_risk(risk))
                    elif what == "edit" and planned.risks:
                        key = data.draw(st.sampled_from(sorted(planned.risks)))
                        owner = data.draw(s.texts(12))
                        self.reg.update_risk(key, owner=owner)
                        planned.bump(key, owner=owner)
                    elif what == "link" and planned.risks and planned.decisions:
                        r = data.draw(st.sampled_from(sorted(planned.risks)))
                        d = data.draw(st.sampled_from(sorted(planned.decisions)))
                        if (r, "mitigated_by", d) not in planned.links:
                            self.reg.link(r, Relation.MITIGATED_BY, d)
                            planned.links.add((r, "mitigated_by", d))
                if outcome == "abandon":
                    raise Abandon
                if outcome == "invalid":
                    self.reg.update_risk("R-995", owner="finns inte")
        except (Abandon, NotFoundError):
            assert outcome != "keep"
            assert stores.fingerprint(self.location) == before
            self.numbers = numbers
            return
        assert outcome == "keep"
        self.model = planned

    @precondition(lambda self: hasattr(riskreg, "export_reports"))
    @rule(data=st.data())
    def export(self, data: st.DataObject) -> None:
        """A status export to one or two municipalities: recorded in the export log (two saves:
        its number taken, then complete once its files are in place), the items unchanged, and
        nothing marked internal in any report."""
        codes = data.draw(st.lists(st.sampled_from(s.MUNICIPALITY_CODES), min_size=1,
                                   max_size=2, unique=True))
        self.exports += 1
        out = self.folder / f"export-{self.exports}"
        revision = self.reg.revision
        manifest = riskreg.export_reports(self.reg, out, recipients=codes, formats="json",
                                          lang=data.draw(st.sampled_from(["sv", "en"])))
        assert self.reg.revision == revision + 2
        assert self.reg.editions()[-1].complete
        internal = self.reg.internal_keys()
        for file in manifest.files:
            if file.recipient:
                text = (out / file.path).read_text(encoding="utf-8")
                leaked = {k for k in internal if re.search(rf"\b{re.escape(k)}\b", text)}
                assert not leaked, f"internal items in the report to {file.recipient}: {leaked}"
        shutil.rmtree(out)
        count("model_exports")

    @rule()
    def close_and_reopen(self) -> None:
        self.reg.close()
        self.reg = riskreg.Register.open(self.location, user="testare", today=fixed_today)

    # --- invariants ----------------------------------------------------------------------------
    @invariant()
    def the_store_holds_the_model(self) -> None:
        content = self.reader.load()
        assert content.version.revision == self.reg.revision
        assert register_state(self.reg) == self.model
        # what a fresh client reads (without closing the reader: closing a register closes
        # its store, and a server store would connect again at every step)
        fresh = riskreg.Register(self.reader, content, today=fixed_today)
        assert register_state(fresh) == self.model
        assert fresh.history() == self.reg.history()
        # a client that only takes in what changed since it last looked
        self.follower.refresh()
        assert self.follower.revision == self.reg.revision
        assert register_state(self.follower) == self.model
        assert not self.follower.has_outside_changes()
        count("model_steps")

    @invariant()
    def the_graph_agrees_with_the_links(self) -> None:
        graph = self.reg.graph
        assert {(x.source, str(x.relation), x.target) for x in graph.links()} == self.model.links
        for key, decision in self.model.decisions.items():
            assert str(graph.validity(key)) == decision["validity"]
        assert {(c.key, c.depends_on) for c in graph.conflicts()} == self.model.conflicts()
        assert graph.cycles() == []

    @invariant()
    def check_never_crashes(self) -> None:
        findings = self.reg.check()
        assert all(f.message("sv") and f.message("en") for f in findings)


def test_the_register_against_the_model(locations: stores.Locations) -> None:
    on_file = locations.kind == stores.FILE
    run_state_machine_as_test(
        lambda: RegisterMachine(None if on_file else locations.new()),
        settings=settings(
            max_examples=scaled(25, 150) if on_file else scaled(6, 150),
            stateful_step_count=scaled(30, 50),
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                   HealthCheck.filter_too_much],
        ),
    )
