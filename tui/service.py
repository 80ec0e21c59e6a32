"""The one door from the UI to the register: every call runs in a worker thread, one at a time.

:class:`RegisterService` owns the open :class:`riskreg.Register` and a lock; it
hands out frozen snapshots (rows, details, previews from :mod:`riskreg.views`)
that the UI thread may read freely. Nothing here imports Textual, so it can be
used (and tested) from any thread.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

import riskreg
from riskreg import views

if TYPE_CHECKING:
    from riskreg.delivery.run import SendRun
    from riskreg.delivery.send import Progress as SendProgress
    from riskreg.report import Manifest, Progress, RecipientGroup

T = TypeVar("T")


@attrs.frozen
class RegisterInfo:
    """What forms and filters need to know of the register, read once per (re)load."""

    name: str
    location: str  # the register file's path, or its URL
    folder: Path  # where exports go by default: beside the file, else the working folder
    user: str
    revision: int
    today: date
    matrix: riskreg.RiskMatrix
    categories: tuple[riskreg.Category, ...]
    organisations: tuple[riskreg.Organisation, ...]
    risks: int
    #: who is working: the person of the login (a server), or None (a file: one user)
    me: riskreg.Person | None = None
    #: what :attr:`me`'s role may do at all (:meth:`riskreg.Register.may` without an item)
    allowed: frozenset[riskreg.Operation] = frozenset(riskreg.Operation)
    store_kind: str = "file"
    #: whether who is recorded is the login's or person's (a server), not the user's to name
    user_fixed: bool = False

    def may(self, operation: riskreg.Operation) -> bool:
        """Whether the role may do ``operation`` on some item (what a menu offers)."""
        return operation in self.allowed

    @property
    def organisation(self) -> riskreg.Organisation | None:
        """:attr:`me`'s organisation (None on a register without people)."""
        if self.me is None:
            return None
        code = self.me.organisation
        found = next((o for o in self.organisations if o.code == code), None)
        return found or riskreg.Organisation(code=code, name=code)


_bulk_depth = 0  # only changed by callers holding a RegisterService lock


@contextmanager
def _bulk() -> Iterator[None]:
    """Read a whole register with the cyclic garbage collector out of the way.

    A register of 10,000 risks is millions of small objects without cycles: pausing the
    collector while they are made is about a third faster, and freezing them afterwards
    (``gc.freeze``) keeps later collections from walking them all again, which would stall
    the UI for a few hundred milliseconds. Garbage from before is collected first, so that
    nothing unreachable is frozen; reference counting frees the frozen data once replaced.
    """
    global _bulk_depth
    if _bulk_depth:
        yield
        return
    was_enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    _bulk_depth += 1
    try:
        yield
    finally:
        _bulk_depth -= 1
        gc.freeze()
        if was_enabled:
            gc.enable()


class RegisterService:
    """A register opened for one UI; thread-safe, caches what every screen asks for."""

    def __init__(
        self, location: str | Path, *, user: str | None = None,
        today: Callable[[], date] | None = None, person: riskreg.Person | None = None,
    ) -> None:
        self.location = str(location)
        self._user = user
        self._today = today
        self._person = person  # a file register opened as a person (tests, demos)
        self._lock = threading.RLock()
        self._register: riskreg.Register | None = None
        self._cache: dict[str, Any] = {}
        self.generation = 0

    # --- opening and reloading ----------------------------------------------------------
    def open(self) -> RegisterInfo:
        with self._lock:
            if self._register is None:
                with _bulk():
                    self._register = riskreg.Register.open(
                        self.location, user=self._user, today=self._today,
                        person=self._person,
                    )
                self._changed()
            with _bulk():
                return self._info()

    @property
    def is_open(self) -> bool:
        return self._register is not None

    def close(self) -> None:
        with self._lock:
            if self._register is not None:
                self._register.close()
                self._register = None

    def has_outside_changes(self) -> bool:
        register = self._register
        return register is not None and register.has_outside_changes()

    def wait_for_outside_changes(self, timeout: float) -> bool:
        """Wait up to ``timeout`` seconds for another writer's commit (at once on a server,
        which says so; a file is looked at a few times a second). Not under the lock: the
        UI's own work goes on meanwhile."""
        register = self._register
        return register is not None and register.wait_for_change(timeout)

    def refresh(self) -> RegisterInfo | None:
        """Reload if another process wrote the file; the new info, or None if nothing changed."""
        with self._lock:
            register = self._require()
            with _bulk():
                if not register.refresh():
                    return None
            self._changed()
            return self._info()

    def info(self) -> RegisterInfo:
        with self._lock:
            return self._info()

    def _info(self) -> RegisterInfo:
        reg = self._require()
        return self._cached("info", lambda: RegisterInfo(
            name=reg.name, location=reg.location,
            folder=reg.path.parent if reg.store_kind == "file" else Path.cwd(),
            user=reg.user, revision=reg.revision,
            today=reg.today(), matrix=reg.matrix, categories=tuple(reg.categories()),
            organisations=tuple(views.organisations(reg)),
            risks=len(self._summaries(reg)),
            me=reg.me, allowed=frozenset(op for op in riskreg.Operation if reg.may(op)),
            store_kind=reg.store_kind, user_fixed=reg.user_is_fixed,
        ))

    def record_as(self, name: str) -> RegisterInfo:
        """Record changes as ``name`` from now on (:meth:`riskreg.Register.record_as`)."""
        with self._lock:
            reg = self._require()
            reg.record_as(name)
            self._cache.pop("info", None)
            return self._info()

    def _require(self) -> riskreg.Register:
        if self._register is None:
            raise riskreg.StorageError("error.storage", path=self.location, detail="not open")
        return self._register

    def _changed(self) -> None:
        self._cache.clear()
        self.generation += 1

    def _cached(self, name: str, compute: Callable[[], T]) -> T:
        if name not in self._cache:
            self._cache[name] = compute()
        return self._cache[name]  # type: ignore[no-any-return]

    @contextmanager
    def reading(self) -> Iterator[riskreg.Register]:
        """The register, held for one read."""
        with self._lock:
            yield self._require()

    # --- reading (cached per version of the register) ---------------------------------------
    def _summaries(self, reg: riskreg.Register) -> list[views.RiskSummary]:
        return self._cached("summaries", lambda: views.risk_summaries(reg))

    def risk_summaries(self) -> list[views.RiskSummary]:
        """Every risk as a table row without building the models (fast, for the first paint)."""
        with self.reading() as reg:
            return self._summaries(reg)

    def risk_rows(self) -> list[views.RiskRow]:
        with self.reading() as reg, _bulk():
            return self._cached("risk_rows", lambda: views.risk_rows(reg))

    def decision_rows(self) -> list[views.DecisionRow]:
        with self.reading() as reg, _bulk():
            return self._cached("decision_rows", lambda: views.decision_rows(reg))

    def warm_up(self) -> None:
        """Build the dependency graph now (details and checks need it) rather than on first use."""
        with self.reading() as reg, _bulk():
            reg.graph  # noqa: B018 - built and kept by the register

    def care_areas(self) -> list[str]:
        with self.reading() as reg:
            return self._cached("care_areas", lambda: views.care_areas(reg))

    def search_index(self) -> list[views.IndexEntry]:
        with self.reading() as reg:
            return self._cached("index", lambda: [
                *(views.IndexEntry(r.key, riskreg.ItemKind.RISK, r.title)
                  for r in self._summaries(reg)),
                *(views.IndexEntry(d.key, riskreg.ItemKind.DECISION, d.title)
                  for d in reg.decisions()),
            ])

    def overview(self, residual: bool) -> tuple[
        list[views.AreaCount], views.HeatMap, views.HeatMap, list[tuple[riskreg.Validity, int]]
    ]:
        rows = self.risk_rows()
        with self.reading() as reg:
            return (
                views.risks_per_area(reg, rows),
                views.heat_map(reg, residual=False, rows=rows),
                views.heat_map(reg, residual=True, rows=rows),
                views.validity_counts(reg),
            )

    def check(self) -> list[riskreg.Finding]:
        with self.reading() as reg:
            return self._cached("check", reg.check)

    def risk_detail(self, key: str) -> views.RiskDetail:
        with self.reading() as reg:
            return views.risk_detail(reg, key)

    def decision_detail(self, key: str) -> views.DecisionDetail:
        with self.reading() as reg:
            return views.decision_detail(reg, key)

    def linked_items(self, key: str) -> list[views.LinkedItem]:
        with self.reading() as reg:
            return views.linked_items(reg, key)

    def item(self, key: str) -> riskreg.Risk | riskreg.Decision:
        with self.reading() as reg:
            return reg.get(key)

    def history(self, key: str) -> list[riskreg.Change]:
        with self.reading() as reg:
            return reg.history(key)

    def assess_preview(self, key: str, validity: riskreg.Validity) -> views.AssessPreview:
        with self.reading() as reg:
            return views.assess_preview(reg, key, validity)

    # --- who may do what (every answer from Register.may) -------------------------------------
    def may(self, operation: riskreg.Operation, key: str | None = None, *,
            organisation: str | None = None, action: int | None = None) -> riskreg.Verdict:
        with self.reading() as reg:
            return reg.may(operation, key, organisation=organisation, action=action)

    def verdicts(self, key: str, operations: Sequence[riskreg.Operation]
                 ) -> dict[riskreg.Operation, riskreg.Verdict]:
        """Whether :attr:`Register.me` may do each of ``operations`` on item ``key``."""
        with self.reading() as reg:
            return {op: reg.may(op, key) for op in operations}

    def action_verdicts(self, key: str) -> list[riskreg.Verdict]:
        """Whether :attr:`Register.me` may change the status of each action of risk ``key``."""
        with self.reading() as reg:
            return [reg.may(riskreg.Operation.ACTION_STATUS, key, action=n)
                    for n in range(len(reg.risk(key).actions))]

    # --- the start page, submissions, notes ---------------------------------------------------
    def start_page(self) -> riskreg.StartPage:
        """:attr:`Register.me`'s start page (their organisation's), as of now."""
        with self.reading() as reg:
            return self._cached("start_page", lambda: riskreg.start_page(reg))

    def mark_seen(self, revision: int) -> int:
        """Record that the person has seen the register as of ``revision``; the mark."""
        with self._lock:
            mark = self._require().mark_seen(revision)
            self._cache.pop("start_page", None)
            return mark

    def submissions(self) -> list[views.RiskRow]:
        """The pending submissions :attr:`Register.me` may read, as rows."""
        rows = self.risk_rows()
        return [r for r in rows if r.risk.is_submission]

    def submission_matches(self, key: str) -> list[tuple[riskreg.Risk, float]]:
        with self.reading() as reg:
            return reg.submission_matches(key)

    def notes(self, key: str) -> list[riskreg.Note]:
        with self.reading() as reg:
            return reg.notes(key)

    # --- writing (durable when these return) -------------------------------------------------
    def _write(self, change: Callable[[riskreg.Register], T]) -> T:
        with self._lock:
            reg = self._require()
            before = reg.revision
            try:
                return change(reg)
            finally:
                # a write (even a refused one) may have reloaded what another process wrote
                if reg.revision != before:
                    self._changed()

    def update_risk(self, key: str, *, why: str, expected_revision: int,
                    **changes: Any) -> riskreg.Risk:
        return self._write(lambda reg: reg.update_risk(
            key, why=why, expected_revision=expected_revision, **changes))

    def add_action(self, key: str, action: riskreg.Action, *, why: str,
                   expected_revision: int) -> riskreg.Risk:
        return self._write(lambda reg: reg.add_action(
            key, action, why=why, expected_revision=expected_revision))

    def complete_action(self, key: str, number: int, *, why: str,
                        expected_revision: int) -> riskreg.Risk:
        return self._write(lambda reg: reg.complete_action(
            key, number, why=why, expected_revision=expected_revision))

    def mark_reviewed(self, key: str, *, note: str) -> riskreg.Risk | riskreg.Decision:
        return self._write(lambda reg: reg.mark_reviewed(key, note=note))

    def assess(self, key: str, validity: riskreg.Validity, *, rationale: str,
               review_by: date | None, expected_revision: int) -> riskreg.Decision:
        return self._write(lambda reg: reg.assess(
            key, validity, rationale=rationale, review_by=review_by,
            expected_revision=expected_revision))

    def submit_risk(self, *, why: str, **fields: Any) -> riskreg.Risk:
        return self._write(lambda reg: reg.submit_risk(why=why, **fields))

    def withdraw_submission(self, key: str, *, why: str,
                            expected_revision: int) -> None:
        self._write(lambda reg: reg.withdraw_submission(
            key, why=why, expected_revision=expected_revision))

    def take_submission(self, key: str, into: str | None, *, why: str,
                        expected_revision: int) -> riskreg.Risk:
        return self._write(lambda reg: reg.take_submission(
            key, into, why=why, expected_revision=expected_revision))

    def recognise(self, key: str, *, why: str) -> riskreg.Risk:
        return self._write(lambda reg: reg.recognise(key, why=why))

    def set_action_status(self, key: str, index: int, status: riskreg.ActionStatus, *,
                          why: str, expected_revision: int) -> riskreg.Risk:
        return self._write(lambda reg: reg.set_action_status(
            key, index, status, why=why, expected_revision=expected_revision))

    def add_note(self, key: str, text: str) -> riskreg.Note:
        return self._write(lambda reg: reg.add_note(key, text))

    def propose_acceptance(self, key: str, *, rationale: str, expires: date,
                           why: str) -> riskreg.Risk:
        return self._write(lambda reg: reg.propose_acceptance(key, rationale, expires, why=why))

    def approve_acceptance(self, key: str, *, why: str) -> riskreg.Risk:
        return self._write(lambda reg: reg.approve_acceptance(key, why=why))

    def reject_acceptance(self, key: str, *, why: str) -> riskreg.Risk:
        return self._write(lambda reg: reg.reject_acceptance(key, why=why))

    def last_change(self) -> riskreg.Undoable | None:
        """What undo would take back (see :meth:`riskreg.Register.last_change`)."""
        with self.reading() as reg:
            return reg.last_change()

    def undo(self, *, expected_revision: int) -> riskreg.Undoable:
        return self._write(lambda reg: reg.undo(expected_revision=expected_revision))

    # --- exporting the status reports ------------------------------------------------------------
    def recipient_groups(self) -> list[RecipientGroup]:
        """The ready-made recipient choices (all, each association, each care area)."""
        from riskreg.report import recipient_groups

        with self.reading() as reg:
            return self._cached("recipient_groups", lambda: recipient_groups(reg))

    def export(self, out: Path, *, recipients: Sequence[str], formats: Sequence[str],
               lang: str, record: bool, progress: Progress | None = None) -> Manifest:
        """Write the status reports into ``out`` (and record the edition unless a preview)."""
        from riskreg.report import export_reports

        return self._write(lambda reg: export_reports(
            reg, out, recipients=list(recipients), formats=list(formats), lang=lang,
            record=record, progress=progress))

    # --- sending an edition (riskreg.delivery) ----------------------------------------------------
    def send(self, out: Path, number: int, *, recorded: bool, formats: Sequence[str],
             recipients: Sequence[str], dry_run: Path | None, smtp_config: str | None,
             progress: SendProgress | None = None) -> SendRun:
        """Send edition ``number`` from its folder ``out`` as ``riskreg send --edition``
        does (:func:`riskreg.delivery.run.send_edition`): over SMTP with the settings of
        ``smtp_config`` and ``RISKREG_SMTP_*``, or with ``dry_run`` into that folder as
        ``.eml`` files. A preview (not ``recorded``) can only be a dry run."""
        from riskreg.delivery.run import preflight, send_edition
        from riskreg.delivery.send import Transport
        from riskreg.delivery.smtp import SmtpConfig, SmtpTransport, load_sender
        from riskreg.delivery.status import open_edition

        if not recorded and dry_run is None:
            raise riskreg.ValidationError("error.delivery.not_recorded", path=str(out),
                                          edition=number)
        transport: Transport | None = None
        if dry_run is None:
            config = SmtpConfig.load(smtp_config or None)
            sender, transport = config.sender, SmtpTransport(config)
        else:
            sender = load_sender(smtp_config or None)

        def change(reg: riskreg.Register) -> SendRun:
            preflight(reg, list(recipients), dry_run=dry_run is not None)
            edition = open_edition(reg, out, number, preview=not recorded)
            return send_edition(reg, edition, transport, sender=sender, formats=list(formats),
                                recipients=list(recipients), dry_run=dry_run,
                                progress=progress)

        return self._write(change)
