"""The review UI: a Textual app over one register (a file, or a server's).

    from tui.app import run
    run(Path("riskreg.json"), lang="sv", user="anna")

Views (modes, keys 0-6, listed once in :mod:`tui.views`): the municipality page, overview,
risks, decisions, dependencies, export, submissions; F1 help; F3 who changes are recorded
as; q / Ctrl+Q quit; Ctrl+P palette (jump to any risk or decision, run the check, the
view's own commands). All register calls run in thread workers through
:class:`tui.service.RegisterService` and report back by message; the app looks for other
writers about once a second.

Data flows one way (:mod:`tui.requests`): the app holds the register's state and the last
request to show something; screens watch them and tell the app by message. Key bindings
carry catalogue keys and are worded where they are shown (:mod:`tui.i18n`).

``RISKREG_TUI_EXIT_AFTER_FIRST_DATA=1`` makes the app exit once its start view has shown the
register's data (the first frame with data is on the screen): ``bench/cli_bench.py`` times
``riskreg tui`` so, as a whole process from start to that frame.

The UI knows who is working (:attr:`riskreg.Register.me`): the header says so, and the views
and keys offer only what their role may do (:meth:`riskreg.Register.may`; see
:class:`tui.screens.base.RegisterScreen`). A municipality's project lead or reader starts on
their municipality's page. On a register without people (a file: one user, whose access is
the file's permissions) everything is allowed and the UI is the single user's, as before.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
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
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.worker import Worker, get_current_worker

import riskreg
from riskreg.messages import resolve_language
from riskreg.undo import describe as describe_change
from tui.format import NoBidiControls
from tui.i18n import N_, binding_text, set_app_language, t, tn
from tui.requests import (
    DataShown,
    Navigate,
    PageSeen,
    RegisterState,
    Request,
    Stale,
    Written,
)
from tui.screens.base import RegisterScreen
from tui.screens.help import HelpScreen
from tui.service import RegisterInfo, RegisterService
from tui.views import BY_NAME, VIEWS

VIEW_KEYS = Binding.Group(N_("tui.key.views"), compact=True)
#: set to 1: exit once the start view has shown the register's data (for timing the start)
EXIT_AFTER_FIRST_DATA = "RISKREG_TUI_EXIT_AFTER_FIRST_DATA"
_NO_BIDI_CONTROLS = NoBidiControls()


@dataclass(frozen=True)
class IndexItem:
    key: str
    kind: riskreg.ItemKind
    title: str
    folded: str


#: keys Textual shows by an English name, in the app's words
KEY_NAMES = {"space": N_("tui.keyname.space"), "backspace": N_("tui.keyname.backspace")}
#: keys Textual shows in lower case ("esc", "pgup"), as their keys are labelled (and as the
#: help's texts name them: "Esc, F1 eller q stänger"); F keys and Ctrl+ likewise
KEY_LABELS = {"esc": "Esc", "tab": "Tab", "pgup": "PgUp", "pgdn": "PgDn", "home": "Home",
              "end": "End", "del": "Del", "insert": "Ins", "shift+tab": "Shift+Tab"}

#: what the palette says a found item is
PALETTE_KINDS = {riskreg.ItemKind.RISK: N_("tui.palette.risk"),
                 riskreg.ItemKind.DECISION: N_("tui.palette.decision")}


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
                          help=t(PALETTE_KINDS[item.kind]))
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
        view.name: view.screen for view in VIEWS}
    #: the roles that start on their municipality's page
    HOME_ROLES = frozenset({riskreg.Role.PROJEKTLEDARE, riskreg.Role.LASARE})
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]  # noqa: RUF012 (Textual's type)
    COMMANDS = App.COMMANDS | {RegisterCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(view.key, f"show('{view.name}')", view.label, tooltip=view.tip,
                  id=f"show-{view.name}", group=VIEW_KEYS) for view in VIEWS),
        Binding("f1", "help", N_("tui.key.help"), tooltip=N_("tui.tip.help"), id="help"),
        Binding("q", "quit", N_("tui.key.quit"), tooltip=N_("tui.tip.quit"), id="quit-q"),
        Binding("ctrl+q", "quit", N_("tui.key.quit"), tooltip=N_("tui.tip.quit"), id="quit",
                priority=True),
        Binding("ctrl+p", "command_palette", N_("tui.key.palette"), tooltip=N_("tui.tip.palette"),
                id="palette", show=False, priority=True),
        Binding("f2", "toggle_theme", N_("tui.key.theme"), tooltip=N_("tui.tip.theme"), id="theme",
                show=False),
        Binding("f5", "reload", N_("tui.key.reload"), tooltip=N_("tui.tip.reload"), id="reload",
                show=False),
        Binding("f3", "who", N_("tui.key.who"), tooltip=N_("tui.tip.who"), id="who", show=False),
        Binding("u", "undo", N_("tui.key.undo"), tooltip=N_("tui.tip.undo"), id="undo", show=False),
    ]

    #: the register as read last (screens watch it)
    state: reactive[RegisterState] = reactive(RegisterState, init=False)
    #: what a view was asked to show last (the view it names watches it)
    request: reactive[Request | None] = reactive(None, init=False)

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
    class UndoAsked(Message):
        change: riskreg.Undoable

    @dataclass
    class UndoRefused(Message):
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
        self.service = RegisterService(db_path, user=user, today=today, person=person)
        self._requests = 0
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
        self._undo_armed: tuple[int, float] | None = None  # (revision, when u was pressed)
        self._exit_after_first_data = os.environ.get(EXIT_AFTER_FIRST_DATA) == "1"

    # --- the register's state (screens watch it) ---------------------------------------------
    @property
    def info(self) -> RegisterInfo | None:
        """What the register service read last (None until the register is open)."""
        return self.state.info

    @property
    def generation(self) -> int:
        return self.state.generation

    @property
    def load_error(self) -> str | None:
        return self.state.error

    # --- starting -------------------------------------------------------------------------
    def on_load(self) -> None:
        set_app_language(self.lang)  # the app that runs speaks its language

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
        if not self.screen_stack:
            return
        self.state = RegisterState(self.info, self.generation, message.text)
        self.notify(message.text, severity="error", timeout=30)
        self.refresh_bindings()

    def _install(self, info: RegisterInfo) -> None:
        if not self.screen_stack:  # closing: a poll's answer came as the last screen went
            return
        self.sub_title = info.name
        self.state = RegisterState(info, self.service.generation)
        self.refresh_bindings()
        self.call_after_refresh(self.load_index)

    def on_data_shown(self, message: DataShown) -> None:
        """A view has put the register's data on the screen (the start view says so when its
        first data arrives): with ``RISKREG_TUI_EXIT_AFTER_FIRST_DATA=1`` the app exits after
        that frame is drawn."""
        if not self._exit_after_first_data:
            return
        self._exit_after_first_data = False
        tables = message.tables

        def exit_once_drawn() -> None:
            # the screen has drawn the tables' rows when their render_line ran for them (under
            # load that may take more than one refresh: a table is sized in a later idle);
            # the frame with them goes out in that refresh: exit after the next one
            shown = [t for t in tables if t.region.area]  # not in a hidden tab
            drawn = all(t.drawn_generation >= t.rows_generation for t in shown)
            if not tables or (shown and drawn):
                timer.stop()
                self.call_after_refresh(self.exit)

        timer = self.set_interval(0.005, exit_once_drawn)

    # --- what the person may do ------------------------------------------------------------------
    def offers(self, mode: str) -> bool:
        """Whether the view ``mode`` is offered to the person working (see tui.views)."""
        view = BY_NAME.get(mode)
        return view is not None and view.offered(self.info)

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

    def on_stale(self, message: Stale) -> None:
        """Show what the service holds now (after a write was refused and it reloaded)."""
        self.check_outside(self.generation)

    def on_written(self, message: Written) -> None:
        """A change was saved durably: say so and show it everywhere."""
        self.notify(message.text, title=t("tui.saved.title"), timeout=4)
        self._install(message.info)

    def on_page_seen(self, message: PageSeen) -> None:
        self.shown_revision = message.revision

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
                yield (*binding_text(binding), partial(screen.run_action, binding.action))
        yield t("tui.palette.check"), t("tui.palette.check_help"), self.action_run_check
        if self.offers("export"):
            yield (t("tui.palette.export"), t("tui.palette.export_help"),
                   partial(self.action_show, "export"))
        for view in VIEWS:
            if view.offered(self.info):
                yield (t("tui.palette.show", view=t(view.label)), t(view.tip),
                       partial(self.action_show, view.name))
        yield t("tui.key.help"), t("tui.tip.help"), self.action_help
        yield t("tui.key.who"), t("tui.tip.who"), self.action_who
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

    # --- navigation: the app switches the view and sets the request it watches ------------------
    def get_key_display(self, binding: Binding) -> str:
        """A key as the footer and the help show it, the named ones in the app's words."""
        shown = super().get_key_display(binding)
        if shown in KEY_NAMES:
            return t(KEY_NAMES[shown])
        if shown.startswith("^") and len(shown) == 2:
            return f"Ctrl+{shown[1].upper()}"
        if shown[:1] == "f" and shown[1:].isdigit():
            return shown.upper()
        return KEY_LABELS.get(shown, shown)

    def action_show(self, mode: str) -> None:
        if self.offers(mode):
            self.switch_mode(mode)

    def jump(self, key: str) -> None:
        """Show the risk or decision with this key in its view."""
        self.post_message(Navigate(key))

    def action_jump(self, key: str) -> None:
        self.jump(key)

    def action_decisions_with(self, validity: str) -> None:
        self.post_message(Navigate(view="decisions", validity=riskreg.Validity(validity)))

    def on_navigate(self, message: Navigate) -> None:
        message.stop()
        self.run_worker(self._navigate(message), group="navigate", exclusive=True)

    async def _navigate(self, message: Navigate) -> None:
        view, key = message.view, message.key
        if view is None and key is not None:
            if key.startswith("edition-"):  # a finding about an export: the export view
                view, key = "export", None
            else:
                try:
                    kind = riskreg.kind_of_key(key)
                except riskreg.ValidationError as exc:
                    self.notify(exc.message(self.lang), severity="warning")
                    return
                view = "risks" if kind is riskreg.ItemKind.RISK else "decisions"
        if view is None or not self.offers(view):
            return
        await self.switch_mode(view)
        self._requests += 1
        self.request = Request(view, key=key, area=message.area, validity=message.validity,
                               serial=self._requests)

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen.for_screen(self.screen))

    def action_who(self) -> None:
        """Show who changes are recorded as, and let the one user of a file name themselves."""
        from tui.modals.who import WhoModal

        if self.info is not None and not isinstance(self.screen, WhoModal):
            self.push_screen(WhoModal(self.info))

    def action_help_quit(self) -> None:
        """Ctrl+C: say how to quit (Textual's own words are English)."""
        self.notify(t("tui.quit_hint"), title=t("tui.quit_hint.title"))

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.current_theme.dark else "textual-dark"

    def action_reload(self) -> None:
        self.check_outside(-1)

    # --- undo: u shows what it takes back, u again within a few seconds does it -------------
    UNDO_WINDOW = 8.0  # seconds

    def action_undo(self) -> None:
        armed = self._undo_armed
        self._undo_armed = None
        if armed is not None and time.monotonic() - armed[1] < self.UNDO_WINDOW:
            self._undo(armed[0])
        else:
            self._ask_undo()

    @work(thread=True, exclusive=True, exit_on_error=False, group="undo", description="undo")
    def _ask_undo(self) -> None:
        try:
            change = self.service.last_change()
            if change is None:
                raise riskreg.UndoError("error.undo.nothing", user=self.service.info().user)
        except riskreg.RiskregError as exc:
            self.post_message(self.UndoRefused(exc.message(self.lang)))
            return
        self.post_message(self.UndoAsked(change))

    def on_riskreg_app_undo_asked(self, message: UndoAsked) -> None:
        self._undo_armed = (message.change.revision, time.monotonic())
        self.notify(t("tui.undo.confirm", revision=message.change.revision,
                      what=describe_change(message.change, self.lang)),
                    timeout=self.UNDO_WINDOW)

    @work(thread=True, exclusive=True, exit_on_error=False, group="undo", description="undo")
    def _undo(self, revision: int) -> None:
        try:
            change = self.service.undo(expected_revision=revision)
        except riskreg.RiskregError as exc:
            self.post_message(self.UndoRefused(exc.message(self.lang)))
            self.post_message(Stale())  # the register may have moved on: show it as it is
            return
        self.post_message(Written(self.service.info(), t(
            "tui.saved.undone", revision=change.revision,
            what=describe_change(change, self.lang))))

    def on_riskreg_app_undo_refused(self, message: UndoRefused) -> None:
        self.notify(message.text, severity="warning", timeout=8)

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
        self.notify(t("tui.check.done",
                      errors=tn("tui.overview.check.errors", "tui.overview.check.errors.plural",
                                errors),
                      warnings=tn("tui.overview.check.warnings",
                                  "tui.overview.check.warnings.plural", warnings)),
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
