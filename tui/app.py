"""The review UI: a Textual app over one register (a file, or a server's).

    from tui.app import run
    run(Path("riskreg.json"), lang="sv", user="anna")

Views (modes, keys 0-6): the municipality page, overview, risks, decisions, dependencies,
export, submissions; F1 help; Ctrl+P palette (jump to any risk or decision, run the check,
the view's own commands). All register calls run in thread workers through
:class:`tui.service.RegisterService` and report back by message; the app looks for other
writers about once a second.

The UI knows who is working (:attr:`riskreg.Register.me`): the header says so, and the views
and keys offer only what their role may do (:meth:`riskreg.Register.may`; see
:class:`tui.screens.base.RegisterScreen`). A municipality's project lead or reader starts on
their municipality's page. On a register without people (a file: one user, whose access is
the file's permissions) everything is allowed and the UI is the single user's, as before.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import ClassVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.command import CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.filter import LineFilter
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.worker import Worker, get_current_worker

import riskreg
from riskreg.messages import resolve_language
from tui.format import NoBidiControls
from tui.i18n import localise_bindings, set_app_language, t
from tui.screens.base import RegisterScreen
from tui.screens.decisions import DecisionsScreen
from tui.screens.dependencies import DependenciesScreen
from tui.screens.export import ExportScreen
from tui.screens.help import HelpScreen
from tui.screens.home import HomeScreen
from tui.screens.overview import OverviewScreen
from tui.screens.risks import RisksScreen
from tui.screens.submissions import SubmissionsScreen
from tui.service import RegisterInfo, RegisterService

VIEWS = Binding.Group("tui.key.views", compact=True)
_NO_BIDI_CONTROLS = NoBidiControls()


@dataclass(frozen=True)
class IndexItem:
    key: str
    kind: riskreg.ItemKind
    title: str
    folded: str


class RegisterCommands(Provider):
    """Ctrl+P: the app's commands, and every risk and decision by key or title."""

    async def search(self, query: str) -> Hits:
        app = self.app
        if not isinstance(app, RiskregApp):
            return
        matcher = self.matcher(query)
        for name, help_text, callback in app.palette_commands(self.screen):
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, text=name, help=help_text)
        folded = query.casefold().strip()
        words = folded.split()
        if not words:
            return
        shown = 0
        for item in app.index:
            if all(w in item.folded for w in words):
                text = f"{item.key}  {item.title}"
                key = item.key.casefold()
                score = 1.0 if key == folded else 0.95 if key.startswith(folded) else 0.6
                yield Hit(score, matcher.highlight(text), partial(app.jump, item.key), text=text,
                          help=t(f"tui.palette.{item.kind}"))
                shown += 1
                if shown >= 50:
                    break

    async def discover(self) -> Hits:
        app = self.app
        if not isinstance(app, RiskregApp):
            return
        for name, help_text, callback in app.palette_commands(self.screen):
            yield DiscoveryHit(name, callback, text=name, help=help_text)


class RiskregApp(App[None]):
    """The review UI; see the module doc."""

    CSS_PATH = Path(__file__).with_name("app.tcss")
    TITLE = "riskreg"
    MODES: ClassVar[dict[str, type[RegisterScreen]]] = {  # type: ignore[assignment]
        "home": HomeScreen,
        "overview": OverviewScreen,
        "risks": RisksScreen,
        "decisions": DecisionsScreen,
        "dependencies": DependenciesScreen,
        "export": ExportScreen,
        "submissions": SubmissionsScreen,
    }
    #: the views in the order of their keys (0-6), with the catalogue key of their name
    VIEW_KEYS: ClassVar[tuple[tuple[str, str], ...]] = (
        ("home", "tui.key.home"), ("overview", "tui.key.overview"), ("risks", "tui.key.risks"),
        ("decisions", "tui.key.decisions"), ("dependencies", "tui.key.dependencies_view"),
        ("export", "tui.key.export_view"), ("submissions", "tui.key.submissions"),
    )
    #: the roles that start on their municipality's page
    HOME_ROLES = frozenset({riskreg.Role.PROJEKTLEDARE, riskreg.Role.LASARE})
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]  # noqa: RUF012 (Textual's type)
    COMMANDS = App.COMMANDS | {RegisterCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("0", "show('home')", "tui.key.home", tooltip="tui.tip.home", id="show-home",
                group=VIEWS),
        Binding("1", "show('overview')", "tui.key.overview", tooltip="tui.tip.overview",
                id="show-overview", group=VIEWS),
        Binding("2", "show('risks')", "tui.key.risks", tooltip="tui.tip.risks",
                id="show-risks", group=VIEWS),
        Binding("3", "show('decisions')", "tui.key.decisions", tooltip="tui.tip.decisions",
                id="show-decisions", group=VIEWS),
        Binding("4", "show('dependencies')", "tui.key.dependencies_view",
                tooltip="tui.tip.dependencies_view", id="show-dependencies", group=VIEWS),
        Binding("5", "show('export')", "tui.key.export_view", tooltip="tui.tip.export_view",
                id="show-export", group=VIEWS),
        Binding("6", "show('submissions')", "tui.key.submissions",
                tooltip="tui.tip.submissions", id="show-submissions", group=VIEWS),
        Binding("f1", "help", "tui.key.help", tooltip="tui.tip.help", id="help"),
        Binding("ctrl+p", "command_palette", "tui.key.palette", tooltip="tui.tip.palette",
                id="palette", show=False, priority=True),
        Binding("f2", "toggle_theme", "tui.key.theme", tooltip="tui.tip.theme", id="theme",
                show=False),
        Binding("f5", "reload", "tui.key.reload", tooltip="tui.tip.reload", id="reload",
                show=False),
        Binding("ctrl+q", "quit", "tui.key.quit", tooltip="tui.tip.quit", id="quit",
                show=False, priority=True),
    ]

    def get_line_filters(self) -> Sequence[LineFilter]:
        """Textual's filters, then :class:`tui.format.NoBidiControls` on every line."""
        return [*super().get_line_filters(), _NO_BIDI_CONTROLS]

    @dataclass
    class Opened(Message):
        info: RegisterInfo

    @dataclass
    class OpenFailed(Message):
        text: str

    @dataclass
    class Reloaded(Message):
        info: RegisterInfo
        outside: bool

    @dataclass
    class IndexLoaded(Message):
        index: list[IndexItem]

    @dataclass
    class CheckDone(Message):
        findings: list[riskreg.Finding]

    @dataclass
    class PollFailed(Message):
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

    @dataclass
    class Refused(Message):
        text: str

    def __init__(
        self,
        db_path: Path | str,
        lang: str = "sv",
        user: str | None = None,
        *,
        today: Callable[[], date] | None = None,
        poll_interval: float = 1.0,
        start: str | None = None,
        person: riskreg.Person | None = None,
    ) -> None:
        self.lang = resolve_language(lang)
        set_app_language(self.lang)
        super().__init__()
        localise_bindings(self, self.lang)
        self.service = RegisterService(db_path, user=user, today=today, person=person)
        self.info: RegisterInfo | None = None
        self.load_error: str | None = None
        self.generation = 0
        self.index: list[IndexItem] = []
        self.poll_interval = poll_interval
        # the first view: as asked, else the overview until the register says who is working
        # (a project lead or reader then starts on their municipality's page)
        self.start_mode = start or "overview"
        self._start_chosen = start is not None
        #: the revision the start page showed last (marked as seen when the app closes)
        self.shown_revision: int | None = None
        self._poll_timer: Timer | None = None
        self._poll_worker: Worker[None] | None = None
        self._poll_error: str | None = None

    # --- starting -------------------------------------------------------------------------
    async def on_mount(self) -> None:
        # Show the first screen before reading the file: opening a big register is CPU-bound
        # and would otherwise slow down composing the screen (they share the GIL).
        await self.switch_mode(self.start_mode)
        self.call_after_refresh(self.open_register)

    @work(thread=True, exclusive=True, exit_on_error=False, group="open", description="open")
    def open_register(self) -> None:
        try:
            info = self.service.open()
        except riskreg.RiskregError as exc:
            self.post_message(self.OpenFailed(exc.message(self.lang)))
            return
        self.post_message(self.Opened(info))

    def on_riskreg_app_opened(self, message: Opened) -> None:
        self._install(message.info)
        self._poll_timer = self.set_interval(self.poll_interval, self.poll_register)
        me = message.info.me
        if not self._start_chosen and me is not None and me.role in self.HOME_ROLES:
            self.switch_mode("home")

    def on_riskreg_app_open_failed(self, message: OpenFailed) -> None:
        self.load_error = message.text
        self.notify(message.text, severity="error", timeout=30)
        self._broadcast()

    def _install(self, info: RegisterInfo) -> None:
        self.info = info
        self.generation = self.service.generation
        self.sub_title = info.name
        self._broadcast()
        self.call_after_refresh(self.load_index)

    def _broadcast(self) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, RegisterScreen) and screen.is_mounted:
                screen.data_changed()
        self.refresh_bindings()

    # --- what the person may do ------------------------------------------------------------------
    def offers(self, mode: str) -> bool:
        """Whether the view ``mode`` is offered to the person working: their municipality's
        page to a person of a register with people; submissions to those who may submit or
        take them in; the export to those who may export (see riskreg.access)."""
        info = self.info
        if mode in ("home", "submissions"):
            if info is None or info.me is None:
                return False
            return mode == "home" or info.may(riskreg.Operation.SUBMIT) or info.may(
                riskreg.Operation.TAKE_SUBMISSION)
        if mode == "export":
            return info is None or info.may(riskreg.Operation.EXPORT)
        return True

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "show" and parameters:
            return self.offers(str(parameters[0]))
        return True

    # --- other writers -------------------------------------------------------------------------
    def poll_register(self) -> None:
        worker = self._poll_worker
        if self.info is not None and (worker is None or worker.is_finished):
            # wait for another writer's commit a while (a server says at once), then look again
            self._poll_worker = self.check_outside(self.generation,
                                                   wait=min(self.poll_interval, 1.0))

    @work(thread=True, exclusive=True, exit_on_error=False, group="poll", description="poll")
    def check_outside(self, generation: int, wait: float = 0.0) -> None:
        service = self.service
        worker = get_current_worker()
        try:
            # keep listening (a server says at once) until something changes, this worker is
            # replaced (a reload asked for) or the app stops
            changed = service.wait_for_outside_changes(wait)
            while (wait and not changed and service.generation == generation
                   and not worker.is_cancelled):
                changed = service.wait_for_outside_changes(wait)
        except riskreg.RiskregError as exc:
            self.post_message(self.PollFailed(exc.message(self.lang)))
            return
        if worker.is_cancelled:
            return
        if not changed and service.generation == generation:
            return  # the usual case, without waiting for the register's lock
        try:
            info = service.refresh()
        except riskreg.RiskregError as exc:
            self.post_message(self.PollFailed(exc.message(self.lang)))
            return
        if info is not None:
            self.post_message(self.Reloaded(info, outside=True))
        elif service.generation != generation:  # a refused write reloaded the register
            self.post_message(self.Reloaded(service.info(), outside=False))

    def on_riskreg_app_reloaded(self, message: Reloaded) -> None:
        self._poll_error = None
        if message.outside:
            self.notify(t("tui.reloaded", revision=message.info.revision), timeout=4)
        self._install(message.info)

    def on_riskreg_app_poll_failed(self, message: PollFailed) -> None:
        if message.text != self._poll_error:
            self._poll_error = message.text
            self.notify(message.text, severity="error", timeout=10)

    def refresh_from_service(self) -> None:
        """Show what the service holds now (after a write was refused and it reloaded)."""
        self.check_outside(self.generation)

    def data_written(self, info: RegisterInfo, text: str) -> None:
        """A form saved a change durably: say so and show it everywhere."""
        self.notify(text, title=t("tui.saved.title"), timeout=4)
        self._install(info)

    # --- the search index for the palette ----------------------------------------------------
    @work(thread=True, exclusive=True, exit_on_error=False, group="index", description="index")
    def load_index(self) -> None:
        entries = self.service.search_index()
        self.post_message(self.IndexLoaded([
            IndexItem(e.key, e.kind, e.title, f"{e.key} {e.title}".casefold()) for e in entries
        ]))

    def on_riskreg_app_index_loaded(self, message: IndexLoaded) -> None:
        self.index = message.index

    def palette_commands(self, screen: Screen[object] | None = None
                         ) -> Iterator[tuple[str, str, Callable[[], object]]]:
        """The commands of the palette: what the keys of ``screen`` (the view it was opened
        over) and of the app offer, so only what the person may do, as the help lists it."""
        if isinstance(screen, RegisterScreen):
            for binding in screen.offered_bindings():
                yield (binding.description, binding.tooltip,
                       partial(screen.run_action, binding.action))
        yield t("tui.palette.check"), t("tui.palette.check_help"), self.action_run_check
        if self.offers("export"):
            yield (t("tui.palette.export"), t("tui.palette.export_help"),
                   partial(self.action_show, "export"))
        for mode, key in self.VIEW_KEYS:
            if self.offers(mode):
                yield (t("tui.palette.show", view=t(key)), t(f"tui.tip.{key.split('.')[-1]}"),
                       partial(self.action_show, mode))
        yield t("tui.key.help"), t("tui.tip.help"), self.action_help
        yield t("tui.key.reload"), t("tui.tip.reload"), self.action_reload

    def action_command_palette(self) -> None:
        """The command palette, with its prompt in the app's language."""
        if self.use_command_palette and not CommandPalette.is_open(
            self  # type: ignore[arg-type]  # App[None] is an App[object] at run time
        ):
            self.push_screen(CommandPalette(id="--command-palette",
                                            placeholder=t("tui.palette.placeholder")))

    def get_system_commands(self, screen: Screen[object]) -> Iterator[SystemCommand]:
        """Textual's own palette commands that matter here, in the app's language."""
        yield SystemCommand(t("tui.system.theme"), t("tui.system.theme_help"),
                            self.action_change_theme)
        yield SystemCommand(t("tui.system.quit"), t("tui.system.quit_help"), self.action_quit)

    # --- navigation --------------------------------------------------------------------------
    def action_show(self, mode: str) -> None:
        if self.offers(mode):
            self.switch_mode(mode)

    def jump(self, key: str) -> None:
        """Show the risk or decision with this key in its view."""
        self.run_worker(self._jump(key), group="navigate", exclusive=True)

    def action_jump(self, key: str) -> None:
        self.jump(key)

    async def _jump(self, key: str) -> None:
        if key.startswith("edition-"):  # a finding about an export: the export view
            await self.switch_mode("export")
            return
        try:
            kind = riskreg.kind_of_key(key)
        except riskreg.ValidationError as exc:
            self.notify(exc.message(self.lang), severity="warning")
            return
        await self.switch_mode("risks" if kind is riskreg.ItemKind.RISK else "decisions")
        screen = self.screen
        if isinstance(screen, RegisterScreen):
            screen.focus_key(key)

    def show_dependencies(self, key: str) -> None:
        self.run_worker(self._show_dependencies(key), group="navigate", exclusive=True)

    async def _show_dependencies(self, key: str) -> None:
        await self.switch_mode("dependencies")
        screen = self.screen
        if isinstance(screen, DependenciesScreen):
            screen.show_key(key)

    def risks_in_area(self, area: str) -> None:
        async def go() -> None:
            await self.switch_mode("risks")
            screen = self.screen
            if isinstance(screen, RisksScreen):
                screen.set_area_filter(area)

        self.run_worker(go(), group="navigate", exclusive=True)

    def action_decisions_with(self, validity: str) -> None:
        async def go() -> None:
            await self.switch_mode("decisions")
            screen = self.screen
            if isinstance(screen, DecisionsScreen):
                screen.set_validity_filter(riskreg.Validity(validity))

        self.run_worker(go(), group="navigate", exclusive=True)

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen.for_screen(self.screen))

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.current_theme.dark else "textual-dark"

    def action_reload(self) -> None:
        self.check_outside(-1)

    # --- forms that need the library's word on an item first -----------------------------------
    def open_action_status(self, key: str, index: int | None = None) -> None:
        """The form setting the status of an action of risk ``key`` (``index``, or the first
        one the person may change), offering only the actions the library lets them change."""
        self._ask_actions(key, index)

    @work(thread=True, exclusive=True, exit_on_error=False, group="ask", description="ask")
    def _ask_actions(self, key: str, index: int | None) -> None:
        try:
            risk = self.service.item(key)
            verdicts = self.service.action_verdicts(key)
        except riskreg.RiskregError as exc:
            self.post_message(self.Refused(exc.message(self.lang)))
            return
        if isinstance(risk, riskreg.Risk):
            self.post_message(self.ActionsAsked(risk, verdicts, index))

    def on_riskreg_app_actions_asked(self, message: ActionsAsked) -> None:
        from tui.modals.actions import ActionStatusModal

        verdicts, index = message.verdicts, message.index
        allowed = [n for n, verdict in enumerate(verdicts) if verdict]
        if index is not None and 0 <= index < len(verdicts) and not verdicts[index]:
            self.refuse(verdicts[index].message(self.lang))
        elif not allowed:
            refused = next((v for v in verdicts if not v), None)
            self.refuse(refused.message(self.lang) if refused is not None
                        else t("tui.no_open_actions", key=message.risk.key))
        else:
            self.push_screen(ActionStatusModal(message.risk, allowed, index))

    def open_acceptance(self, key: str) -> None:
        """The acceptance form of risk ``key``, with what the library lets the person do."""
        self._ask_acceptance(key)

    @work(thread=True, exclusive=True, exit_on_error=False, group="ask", description="ask")
    def _ask_acceptance(self, key: str) -> None:
        operations = (riskreg.Operation.PROPOSE_ACCEPTANCE, riskreg.Operation.APPROVE_ACCEPTANCE)
        try:
            risk = self.service.item(key)
            verdicts = self.service.verdicts(key, operations)
        except riskreg.RiskregError as exc:
            self.post_message(self.Refused(exc.message(self.lang)))
            return
        if isinstance(risk, riskreg.Risk):
            self.post_message(self.AcceptanceAsked(risk, *(verdicts[op] for op in operations)))

    def on_riskreg_app_acceptance_asked(self, message: AcceptanceAsked) -> None:
        from tui.modals.acceptance import AcceptanceModal

        if message.risk.is_submission:
            self.refuse(t("error.is_a_submission", key=message.risk.key))
        elif not message.propose and not message.approve:
            self.refuse(message.propose.message(self.lang))
        elif self.info is not None:
            self.push_screen(AcceptanceModal(message.risk, self.info.today,
                                             may_propose=message.propose,
                                             may_approve=message.approve))

    def on_riskreg_app_refused(self, message: Refused) -> None:
        self.refuse(message.text)

    def refuse(self, text: str) -> None:
        """Say in one line why something is not done."""
        self.notify(text, severity="warning", timeout=8)

    # --- check --------------------------------------------------------------------------------
    def action_run_check(self) -> None:
        self.notify(t("tui.check.running"), timeout=2)
        self.run_check()

    @work(thread=True, exclusive=True, exit_on_error=False, group="check", description="check")
    def run_check(self) -> None:
        try:
            findings = self.service.check()
        except riskreg.RiskregError as exc:
            self.post_message(self.PollFailed(exc.message(self.lang)))
            return
        self.post_message(self.CheckDone(findings))

    def on_riskreg_app_check_done(self, message: CheckDone) -> None:
        errors = sum(f.severity is riskreg.Severity.ERROR for f in message.findings)
        warnings = sum(f.severity is riskreg.Severity.WARNING for f in message.findings)
        self.notify(t("tui.check.done", errors=errors, warnings=warnings),
                    severity="error" if errors else "information", timeout=6)
        self.switch_mode("overview")

    def on_unmount(self) -> None:
        if self.shown_revision is not None:  # the start page was seen: mark it so
            # (the server gone away: the mark stays where it was)
            with contextlib.suppress(riskreg.RiskregError):
                self.service.mark_seen(self.shown_revision)
        self.service.close()


def run(location: Path | str, lang: str = "sv", user: str | None = None) -> int:
    """Open the review UI on the register at ``location`` (a path or a ``postgresql://``
    URL); the exit code (2: no register there, or it cannot be reached)."""
    lang = resolve_language(lang)
    try:
        exists = riskreg.register_exists(location)
    except riskreg.RiskregError as exc:
        print(exc.message(lang), file=sys.stderr)
        return 2
    if not exists:
        print(riskreg.translate("error.register_missing", lang, path=str(location)),
              file=sys.stderr)
        return 2
    RiskregApp(location, lang=lang, user=user).run()
    return 0


__all__ = ["RiskregApp", "run"]
