"""What every register screen shares: reloading when the register changed, showing what it is
asked to show, the header with who is working, and offering only what that person's role
may do.

Data flows one way: the app holds the register's state and the last request to show
something (:mod:`tui.requests`); a screen watches them and tells the app what happened by
message (it never calls the app)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, cast

from textual import work
from textual.actions import parse
from textual.binding import Binding
from textual.css.query import NoMatches
from textual.message import Message
from textual.screen import Screen

import riskreg
from riskreg import Operation
from tui.i18n import declared_bindings, t
from tui.requests import RegisterState, Request
from tui.widgets.header import RegisterHeader

DETAIL_DELAY = 0.12  # seconds the cursor rests on a row before its detail is read

if TYPE_CHECKING:
    from tui.app import RiskregApp


class RegisterScreen(Screen[None]):
    """A screen over the register; :meth:`reload` runs when the register changed since last shown.

    Only the screen on show reloads at once; the others catch up when they are shown again.

    ``GATES`` maps an action to the operations (:class:`riskreg.Operation`) any of which the
    person's role must be allowed for its key to be offered: ``check_action`` hides the key
    otherwise, so the footer, the help (F1) and the palette show only what the role may do.
    Actions in ``NEEDS_PERSON`` act for the person's organisation and are offered only on a
    register with people (a server; a file register has one user and no organisation).
    Whether the item under the cursor allows it is asked when the key is pressed
    (:meth:`when_allowed`); a refusal is said in one line.
    """

    TITLE_KEY = ""
    #: the view's name (its mode in the app; tui.views lists the views)
    VIEW: ClassVar[str] = ""
    GATES: ClassVar[dict[str, tuple[Operation, ...]]] = {}
    NEEDS_PERSON: ClassVar[frozenset[str]] = frozenset()

    @dataclass
    class Answered(Message):
        """What the library said to a question asked when a key was pressed."""

        verdict: riskreg.Verdict
        then: Callable[[], object]

    @dataclass
    class Refused(Message):
        text: str

    @dataclass
    class ActionsAsked(Message):
        risk: riskreg.Risk
        verdicts: list[riskreg.Verdict]
        index: int | None

    @dataclass
    class AcceptanceAsked(Message):
        risk: riskreg.Risk
        propose: riskreg.Verdict
        approve: riskreg.Verdict

    def __init__(self) -> None:
        super().__init__()
        self.seen_generation = -1
        self._request_serial = 0
        if self.TITLE_KEY:
            self.title = t(self.TITLE_KEY)

    @property
    def rapp(self) -> RiskregApp:
        return cast("RiskregApp", self.app)

    def on_mount(self) -> None:
        app = self.rapp
        self.watch(app, "state", self._state_changed, init=False)
        self.watch(app, "request", self._request_changed, init=False)
        self.call_after_refresh(self._request_changed, app.request)

    def _state_changed(self, state: RegisterState) -> None:
        if self.is_current:  # the others catch up when shown again
            self.data_changed()

    def _request_changed(self, request: Request | None) -> None:
        if (request is not None and request.view == self.VIEW
                and request.serial > self._request_serial):
            self._request_serial = request.serial
            self.take_request(request)

    def take_request(self, request: Request) -> None:
        """Show what ``request`` asks for (the item, the filter)."""
        if request.key is not None:
            self.focus_key(request.key)

    def on_screen_resume(self) -> None:
        self.data_changed()

    def data_changed(self) -> None:
        """Reload if the register is open and changed since this screen last loaded it."""
        app = self.rapp
        info = app.info
        if info is None:
            if app.load_error:
                self.show_error(app.load_error)
            return
        self.sub_title = t("tui.subtitle", name=info.name, revision=info.revision)
        with contextlib.suppress(NoMatches):  # a screen without the header
            self.query_one(RegisterHeader).show_who(info)
        self.refresh_bindings()  # the person's role may have changed
        if self.seen_generation != app.generation:
            self.seen_generation = app.generation
            self.reload()

    def reload(self) -> None:
        """Fetch what the screen shows (in workers)."""

    def show_error(self, message: str) -> None:
        """The register could not be opened or read."""

    def focus_key(self, key: str) -> None:
        """Show the item with this key (risks and decisions screens)."""

    # --- what the role may do -------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer an action only when the person's role may do it (see the class doc)."""
        operations = self.GATES.get(action)
        if operations is None and action not in self.NEEDS_PERSON:
            return True
        info = self.rapp.info
        if info is None:
            return False
        if action in self.NEEDS_PERSON and info.me is None:
            return False
        return operations is None or any(info.may(op) for op in operations)

    def offered_bindings(self) -> list[Binding]:
        """This screen's own keys that the person is offered (their role may), as the footer
        and the help show them: for the palette."""
        offered: list[Binding] = []
        for binding in declared_bindings(self):
            name, parameters = parse(binding.action)[1:]
            if (binding.id is None or binding.priority or not binding.description
                    or self.check_action(name, parameters) is False
                    or any(b.action == binding.action for b in offered)):
                continue
            offered.append(binding)
        return offered

    def when_allowed(self, operation: Operation, key: str, then: Callable[[], object], *,
                     organisation: str | None = None) -> None:
        """Ask the library whether the person may do ``operation`` on ``key``; run ``then``
        if so, else say why in one line (the answer comes from a worker: the UI never waits
        for the register's lock)."""
        self._ask(operation, key, organisation, then, self.rapp.lang)

    @work(thread=True, exclusive=True, exit_on_error=False, group="ask", description="ask")
    def _ask(self, operation: Operation, key: str, organisation: str | None,
             then: Callable[[], object], lang: str) -> None:
        try:
            verdict = self.rapp.service.may(operation, key, organisation=organisation)
        except riskreg.RiskregError as exc:
            self.post_message(self.Refused(exc.message(lang)))
            return
        self.post_message(self.Answered(verdict, then))

    def on_register_screen_answered(self, message: Answered) -> None:
        if message.verdict:
            message.then()
        else:
            self.refuse(message.verdict.message(self.rapp.lang))

    def on_register_screen_refused(self, message: Refused) -> None:
        self.refuse(message.text)

    def refuse(self, text: str) -> None:
        """Say in one line why an action is not done."""
        self.notify(text, severity="warning", timeout=8)

    # --- forms that need the library's word on an item first -----------------------------------
    def open_action_status(self, key: str, index: int | None = None) -> None:
        """The form setting the status of an action of risk ``key`` (``index``, or the first
        one the person may change), offering only the actions the library lets them change."""
        self._ask_actions(key, index, self.rapp.lang)

    @work(thread=True, exclusive=True, exit_on_error=False, group="ask", description="ask")
    def _ask_actions(self, key: str, index: int | None, lang: str) -> None:
        service = self.rapp.service
        try:
            risk = service.item(key)
            verdicts = service.action_verdicts(key)
        except riskreg.RiskregError as exc:
            self.post_message(self.Refused(exc.message(lang)))
            return
        if isinstance(risk, riskreg.Risk):
            self.post_message(self.ActionsAsked(risk, verdicts, index))

    def on_register_screen_actions_asked(self, message: ActionsAsked) -> None:
        from tui.modals.actions import ActionStatusModal

        verdicts, index, lang = message.verdicts, message.index, self.rapp.lang
        allowed = [n for n, verdict in enumerate(verdicts) if verdict]
        if index is not None and 0 <= index < len(verdicts) and not verdicts[index]:
            self.refuse(verdicts[index].message(lang))
        elif not allowed:
            refused = next((v for v in verdicts if not v), None)
            self.refuse(refused.message(lang) if refused is not None
                        else t("tui.no_open_actions", key=message.risk.key))
        else:
            self.app.push_screen(ActionStatusModal(message.risk, allowed, index))

    def open_acceptance(self, key: str) -> None:
        """The acceptance form of risk ``key``, with what the library lets the person do."""
        self._ask_acceptance(key, self.rapp.lang)

    @work(thread=True, exclusive=True, exit_on_error=False, group="ask", description="ask")
    def _ask_acceptance(self, key: str, lang: str) -> None:
        operations = (Operation.PROPOSE_ACCEPTANCE, Operation.APPROVE_ACCEPTANCE)
        service = self.rapp.service
        try:
            risk = service.item(key)
            verdicts = service.verdicts(key, operations)
        except riskreg.RiskregError as exc:
            self.post_message(self.Refused(exc.message(lang)))
            return
        if isinstance(risk, riskreg.Risk):
            self.post_message(self.AcceptanceAsked(risk, *(verdicts[op] for op in operations)))

    def on_register_screen_acceptance_asked(self, message: AcceptanceAsked) -> None:
        from tui.modals.acceptance import AcceptanceModal

        info = self.rapp.info
        if message.risk.is_submission:
            self.refuse(t("error.is_a_submission", key=message.risk.key))
        elif not message.propose and not message.approve:
            self.refuse(message.propose.message(self.rapp.lang))
        elif info is not None:
            self.app.push_screen(AcceptanceModal(message.risk, info.today,
                                                 may_propose=message.propose,
                                                 may_approve=message.approve))
