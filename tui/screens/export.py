"""Export: the status reports to the municipalities, with recipients and formats chosen here,
and then sending them.

The screen only asks: the recipient groups, the export itself and its progress
come from :mod:`riskreg.report` through the register service, in a thread
worker. A progress bar counts the recipients; when the export is done, the
files written (with their SHA-256 in ``manifest.json``) are listed.

The send step sends the edition just exported (:func:`riskreg.delivery.run.send_edition`,
as ``riskreg send --edition`` does) to each recipient's project lead and ledningsråd,
the checked formats attached; or, as a dry run (always for a preview), writes the
messages as ``.eml`` files beside the reports. A line per recipient shows what the
delivery log says of its message.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, Horizontal, Vertical
from textual.message import Message
from textual.widgets import (
    Button,
    Checkbox,
    Input,
    Label,
    ProgressBar,
    Select,
    SelectionList,
    Static,
)
from textual.widgets.selection_list import Selection

import riskreg
from riskreg.delivery.answers import answer_words
from tui.i18n import N_, t
from tui.requests import Written
from tui.screens.base import RegisterScreen
from tui.service import RegisterInfo
from tui.widgets.footer import KeyFooter
from tui.widgets.header import RegisterHeader
from tui.widgets.item_table import Column, ItemTable
from tui.widgets.ticks import TickBox, TickList

if TYPE_CHECKING:
    from riskreg.delivery.model import Delivery
    from riskreg.delivery.outgoing import Outgoing
    from riskreg.delivery.run import SendRun
    from riskreg.editions import EditionFile
    from riskreg.report import Manifest, RecipientGroup

LANGUAGES = ("sv", "en")
#: what came of a message (riskreg.delivery.model.Outcome; written: a dry run's file)
SEND_OUTCOMES = {"sent": N_("tui.send.outcome.sent"), "failed": N_("tui.send.outcome.failed"),
                 "pending": N_("tui.send.outcome.pending"),
                 "written": N_("tui.send.outcome.written")}
LANGUAGE_NAMES = {"sv": N_("tui.export.lang.sv"), "en": N_("tui.export.lang.en")}
#: a recipient group by its kind (riskreg.report.RecipientGroup.kind)
GROUP_KINDS = {"all": N_("tui.export.group.all"), "association": N_("tui.export.group.association"),
               "care_area": N_("tui.export.group.care_area")}
NO_GROUP = "-"  # the group choice once the user has picked recipients one by one


def human_size(size: int) -> str:
    """Bytes as a short figure (``1.2 MB``)."""
    value = float(size)
    for unit in ("B", "kB", "MB"):
        if value < 1000 or unit == "MB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1000
    return f"{value:.1f} GB"  # pragma: no cover - unreachable


def file_columns(names: dict[str, str]) -> list[Column[EditionFile]]:
    """The columns of the files written; ``names`` gives a recipient's name by code."""

    def recipient(f: EditionFile) -> str:
        return names.get(f.recipient, "")

    return [
        Column("file", t("tui.col.file"), 24, lambda f: f.path, lambda f: f.path, flex=True),
        Column("format", t("tui.col.format"), 6, lambda f: f.format,
               lambda f: (f.format, f.path)),
        Column("recipient", t("tui.col.recipient"), 18, recipient,
               lambda f: (recipient(f).casefold(), f.path), drop=2),
        Column("size", t("tui.col.size"), 9, lambda f: human_size(f.size),
               lambda f: (f.size, f.path), drop=1, right=True),
    ]


@dataclass(frozen=True)
class SentLine:
    """One message of a send as the screen lists it: what the delivery log says."""

    number: int
    kind: str
    address: str
    outcome: str  # sent, failed, pending; "written" in a dry run
    answer: str  # the server's answer, the reason, or the .eml file's name

    @property
    def key(self) -> str:
        return f"{self.kind}|{self.address}"


def sent_columns() -> list[Column[SentLine]]:
    """The columns of the messages sent."""
    return [
        Column("number", "#", 4, lambda x: str(x.number), lambda x: x.number, right=True),
        Column("address", t("tui.col.address"), 24, lambda x: x.address,
               lambda x: (x.address, x.kind), flex=True),
        Column("outcome", t("tui.col.outcome"), 12, lambda x: t(SEND_OUTCOMES[x.outcome]),
               lambda x: (x.outcome, x.number)),
        Column("answer", t("tui.col.answer"), 20, lambda x: answer_words(x.answer),
               lambda x: (x.answer, x.number), flex=True, drop=1),
    ]


class ExportScreen(RegisterScreen):
    """Choose recipients (a group, or one by one), formats, language and folder; export."""

    VIEW = "export"
    TITLE_KEY = N_("tui.screen.export")
    CSS_PATH = Path(__file__).with_name("export.tcss")
    AUTO_FOCUS = "#group"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "export", N_("tui.key.export"), tooltip=N_("tui.tip.export"),
                id="export-run", priority=True),
        Binding("ctrl+r", "recipients", N_("tui.key.recipients"), tooltip=N_("tui.tip.recipients"),
                id="export-recipients"),
        Binding("ctrl+t", "send", N_("tui.key.send"), tooltip=N_("tui.tip.send"), id="export-send",
                priority=True),
    ]

    @dataclass
    class GroupsLoaded(Message):
        groups: list[RecipientGroup]
        allowed: frozenset[str]  # the recipients the person may export to (riskreg.access)
        record: riskreg.Verdict  # whether they may record an edition in the log

    @dataclass
    class Progressed(Message):
        done: int
        total: int
        name: str

    @dataclass
    class Exported(Message):
        manifest: Manifest
        info: RegisterInfo

    @dataclass
    class ExportFailed(Message):
        text: str

    @dataclass
    class SendProgressed(Message):
        done: int
        total: int
        line: SentLine

    @dataclass
    class Sent(Message):
        run: SendRun
        info: RegisterInfo

    @dataclass
    class SendFailed(Message):
        text: str

    def __init__(self) -> None:
        super().__init__()
        self.groups: dict[str, RecipientGroup] = {}
        self.towns: dict[str, riskreg.Organisation] = {}
        self.names: dict[str, str] = {}  # recipient code -> name, for the list of files
        self.manifest: Manifest | None = None
        self.sent: list[SentLine] = []
        self.send_run: SendRun | None = None
        self.running = False
        self._choosing_group = False
        # the formats the library writes (imported when the view is first shown: the report
        # code is not needed to start the UI)
        from riskreg.report import FORMATS

        self.formats: tuple[str, ...] = tuple(FORMATS)

    def compose(self) -> ComposeResult:
        yield RegisterHeader()
        with Vertical(id="settings"):
            with Horizontal(classes="row"):
                yield Select[str]([], prompt=t("tui.export.group"), compact=True, id="group",
                                  allow_blank=True)
                yield Select[str]([(t(LANGUAGE_NAMES[code]), code) for code in LANGUAGES],
                                  prompt=t("tui.export.lang"), compact=True, id="lang",
                                  value=self.rapp.lang, allow_blank=False)
            with Horizontal(classes="row", id="formats"):
                for fmt in self.formats:
                    yield TickBox(fmt, value=True, compact=True, id=f"fmt-{fmt}")
                yield TickBox(t("tui.export.preview"), value=False, compact=True,
                              id="preview", tooltip=t("tui.export.preview_tip"))
            with Horizontal(classes="row"):
                yield Label(t("tui.export.out"), id="out-label")
                yield Input(placeholder=t("tui.export.out_placeholder"), compact=True,
                            id="out")
                yield Button(t("tui.export.button"), compact=True, variant="primary",
                             id="run")
            with Horizontal(classes="row", id="send-row"):
                yield TickBox(t("tui.send.dry_run"), value=True, compact=True, id="send-dry",
                              tooltip=t("tui.send.dry_run_tip"))
                yield Label(t("tui.send.smtp"), id="smtp-label")
                yield Input(value=os.environ.get("RISKREG_SMTP_CONFIG", ""),
                            placeholder=t("tui.send.smtp_placeholder"), compact=True, id="smtp")
                yield Button(t("tui.send.button"), compact=True, id="send", disabled=True)
            with Horizontal(classes="row", id="progress-row"):
                yield ProgressBar(total=None, show_eta=False, id="progress")
                yield Static(t("tui.export.idle"), id="status")
        with Container(id="body"):
            with Vertical(id="recipients-box"):
                yield Static("", id="chosen")
                yield TickList[str](id="recipients")
            with Vertical(id="results"):
                yield ItemTable(file_columns(self.names), lambda f: f.path,
                                empty_text=t("tui.export.files_none"), id="files")
                yield ItemTable(sent_columns(), lambda x: x.key,
                                empty_text=t("tui.send.none"), id="sent")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#progress", ProgressBar).display = False
        self.sent_table.display = False
        self.data_changed()

    # --- loading --------------------------------------------------------------------------
    def reload(self) -> None:
        info = self.rapp.info
        out = self.query_one("#out", Input)
        if info is not None and not out.value:
            out.value = str(info.folder / "export")
        if not self.groups:
            self.load_groups()

    @work(thread=True, exclusive=True, exit_on_error=False, group="load", description="groups")
    def load_groups(self) -> None:
        service = self.rapp.service
        try:
            groups = service.recipient_groups()
            everyone = groups[0].codes  # the first group: every municipality
            allowed = frozenset(code for code in everyone if service.may(
                riskreg.Operation.EXPORT, organisation=code))
            record = service.may(riskreg.Operation.RECORD_EDITION)
        except riskreg.RiskregError as exc:
            self.post_message(self.ExportFailed(exc.message(self.rapp.lang)))
            return
        self.post_message(self.GroupsLoaded(groups, allowed, record))

    def on_export_screen_groups_loaded(self, message: GroupsLoaded) -> None:
        # only what the person may do: a project lead exports their municipality's report, as
        # a preview (the edition log is the central team's)
        allowed = message.allowed
        self.groups = {g.spec: g for g in message.groups if set(g.codes) <= allowed}
        preview = self.query_one("#preview", Checkbox)
        if not message.record:
            preview.value = True
            preview.disabled = True
            preview.tooltip = message.record.message(self.rapp.lang)
        info = self.rapp.info
        towns = [o for o in info.organisations if o.code in allowed] if info else []
        towns.sort(key=lambda o: o.name.casefold())
        self.towns = {o.code: o for o in towns}
        self.names.update((o.code, o.name) for o in towns)
        select = self.query_one("#group", Select)
        options = [(self.group_label(g), g.spec) for g in self.groups.values()]
        options.append((t("tui.export.group.none"), NO_GROUP))
        with self.prevent(Select.Changed):
            select.set_options(options)
            select.value = "all" if "all" in self.groups else NO_GROUP
        recipients = self.recipients_list
        recipients.clear_options()
        recipients.add_options(
            [Selection(f"{o.code} {o.name}", o.code, True) for o in towns])
        self._show_chosen()

    @staticmethod
    def group_label(group: RecipientGroup) -> str:
        return t(GROUP_KINDS[group.kind], name=group.name, n=len(group.codes))

    @property
    def recipients_list(self) -> SelectionList[str]:
        return self.query_one("#recipients", SelectionList)

    @property
    def files_table(self) -> ItemTable[EditionFile]:
        return self.query_one("#files", ItemTable)

    @property
    def sent_table(self) -> ItemTable[SentLine]:
        return self.query_one("#sent", ItemTable)

    # --- choosing -------------------------------------------------------------------------
    @on(Select.Changed, "#group")
    def group_chosen(self, event: Select.Changed) -> None:
        group = self.groups.get(str(event.value))
        if group is None:
            return
        recipients = self.recipients_list
        self._choosing_group = True
        try:
            recipients.deselect_all()
            for code in group.codes:
                recipients.select(code)
        finally:
            self._choosing_group = False
        self._show_chosen()

    @on(SelectionList.SelectedChanged, "#recipients")
    def recipients_changed(self) -> None:
        if self._choosing_group:
            return
        chosen = set(self.recipients_list.selected)
        select = self.query_one("#group", Select)
        matching = next((g.spec for g in self.groups.values() if set(g.codes) == chosen),
                        NO_GROUP)
        if select.value != matching:
            with self.prevent(Select.Changed):
                select.value = matching
        self._show_chosen()

    def _show_chosen(self) -> None:
        self.query_one("#chosen", Static).update(t(
            "tui.export.chosen", n=len(self.recipients_list.selected), total=len(self.towns)))

    def chosen_formats(self) -> list[str]:
        return [fmt for fmt in self.formats if self.query_one(f"#fmt-{fmt}", Checkbox).value]

    # --- exporting ------------------------------------------------------------------------
    @on(Button.Pressed, "#run")
    def run_pressed(self) -> None:
        self.action_export()

    @on(Input.Submitted, "#out")
    def out_submitted(self) -> None:
        self.action_export()

    def action_recipients(self) -> None:
        self.recipients_list.focus()

    def action_export(self) -> None:
        if self.running:
            self.notify(t("tui.export.busy"), severity="warning")
            return
        recipients = list(self.recipients_list.selected)
        formats = self.chosen_formats()
        out = self.query_one("#out", Input).value.strip()
        problem = (t("tui.export.no_recipients") if not recipients
                   else t("tui.export.no_formats") if not formats
                   else t("tui.export.no_out") if not out else None)
        if problem is not None:
            self.query_one("#status", Static).update(problem)
            self.notify(problem, severity="warning")
            return
        lang = str(self.query_one("#lang", Select).value)
        record = not self.query_one("#preview", Checkbox).value
        self.running = True
        self.query_one("#run", Button).disabled = True
        progress = self.query_one("#progress", ProgressBar)
        progress.display = True
        progress.update(total=len(recipients), progress=0)
        self.files_table.set_rows([])
        self.run_export(Path(out).expanduser(), recipients, formats, lang, record)

    @work(thread=True, exclusive=True, exit_on_error=False, group="export", description="export")
    def run_export(self, out: Path, recipients: list[str], formats: list[str], lang: str,
                   record: bool) -> None:
        service = self.rapp.service

        def progress(done: int, total: int, org: riskreg.Organisation) -> None:
            self.post_message(self.Progressed(done, total, org.name))

        try:
            manifest = service.export(out, recipients=recipients, formats=formats, lang=lang,
                                      record=record, progress=progress)
            info = service.info()
        except riskreg.RiskregError as exc:
            self.post_message(self.ExportFailed(exc.message(self.rapp.lang)))
            return
        self.post_message(self.Exported(manifest, info))

    def on_export_screen_progressed(self, message: Progressed) -> None:
        self.query_one("#progress", ProgressBar).update(total=message.total,
                                                        progress=message.done)
        self.query_one("#status", Static).update(t(
            "tui.export.running", done=message.done, total=message.total, name=message.name))

    def on_export_screen_exported(self, message: Exported) -> None:
        self._finished()
        manifest = self.manifest = message.manifest
        self.names.update((o.code, o.name) for o in manifest.recipients)
        self.files_table.set_rows(list(manifest.files))
        key = N_("tui.export.done") if manifest.recorded else N_("tui.export.done_preview")
        text = t(key, number=manifest.edition, recipients=len(manifest.recipients),
                 files=len(manifest.files) + 1, out=str(manifest.out))
        self.query_one("#status", Static).update(text)
        self.query_one("#progress", ProgressBar).update(total=len(manifest.recipients),
                                                        progress=len(manifest.recipients))
        self._offer_send(manifest, message.info)
        self.post_message(Written(message.info, text))

    def on_export_screen_export_failed(self, message: ExportFailed) -> None:
        self._finished()
        text = t("tui.export.failed", text=message.text)
        self.query_one("#status", Static).update(text)
        self.query_one("#progress", ProgressBar).update(total=None, progress=0)
        self.notify(text, severity="error", timeout=10)

    def _finished(self) -> None:
        self.running = False
        self.query_one("#run", Button).disabled = False
        self.query_one("#send", Button).disabled = self.manifest is None

    # --- sending the edition exported -----------------------------------------------------
    def _offer_send(self, manifest: Manifest, info: RegisterInfo) -> None:
        """After an export: the send step is open; a preview, or a person who may not send,
        gets a dry run only."""
        dry = self.query_one("#send-dry", Checkbox)
        may_send = manifest.recorded and info.may(riskreg.Operation.DELIVER)
        if not may_send:
            dry.value = True
        dry.disabled = not may_send
        self.query_one("#send", Button).disabled = False
        self.sent = []
        self.send_run = None

    @on(Button.Pressed, "#send")
    def send_pressed(self) -> None:
        self.action_send()

    def action_send(self) -> None:
        if self.running:
            self.notify(t("tui.send.busy"), severity="warning")
            return
        manifest = self.manifest
        formats = [f for f in self.chosen_formats() if manifest and f in manifest.formats]
        problem = (t("tui.send.no_edition") if manifest is None
                   else t("tui.export.no_formats") if not formats else None)
        if problem is not None or manifest is None:
            self.query_one("#status", Static).update(problem or "")
            self.notify(problem or "", severity="warning")
            return
        dry = self.query_one("#send-dry", Checkbox).value or not manifest.recorded
        folder = manifest.out / t("tui.send.folder") if dry else None
        smtp = self.query_one("#smtp", Input).value.strip() or None
        self.running = True
        self.query_one("#run", Button).disabled = True
        self.query_one("#send", Button).disabled = True
        progress = self.query_one("#progress", ProgressBar)
        progress.display = True
        progress.update(total=None, progress=0)
        self.sent = []
        self.send_run = None
        self.sent_table.set_rows([])
        self.sent_table.display = True
        self.query_one("#status", Static).update(t("tui.send.starting"))
        self.run_send(manifest.out, manifest.edition, manifest.recorded, formats,
                      [o.code for o in manifest.recipients], folder, smtp)

    @work(thread=True, exclusive=True, exit_on_error=False, group="send", description="send")
    def run_send(self, out: Path, number: int, recorded: bool, formats: list[str],
                 recipients: list[str], folder: Path | None, smtp: str | None) -> None:
        service = self.rapp.service

        def progress(done: int, total: int, item: Outgoing, line: Delivery) -> None:
            if folder is not None:
                outcome, answer = "written", line.answer.removeprefix("written to ")
            else:
                outcome, answer = str(line.outcome), line.answer
            self.post_message(self.SendProgressed(done, total, SentLine(
                done, str(line.kind), item.address, outcome, answer)))

        try:
            run = service.send(out, number, recorded=recorded, formats=formats,
                               recipients=recipients, dry_run=folder, smtp_config=smtp,
                               progress=progress)
            info = service.info()
        except riskreg.RiskregError as exc:
            self.post_message(self.SendFailed(exc.message(self.rapp.lang)))
            return
        self.post_message(self.Sent(run, info))

    def on_export_screen_send_progressed(self, message: SendProgressed) -> None:
        line = message.line
        self.sent.append(line)
        self.sent_table.set_rows(list(self.sent))
        self.query_one("#progress", ProgressBar).update(total=message.total,
                                                        progress=message.done)
        self.query_one("#status", Static).update(t(
            "tui.send.running", done=message.done, total=message.total, address=line.address,
            outcome=t(SEND_OUTCOMES[line.outcome])))

    def on_export_screen_sent(self, message: Sent) -> None:
        from riskreg.delivery.model import DeliveryKind, Outcome

        run = self.send_run = message.run
        self._finished()
        if run.dry_run:
            text = t("tui.send.dry_done", edition=run.edition, count=len(run.written),
                     out=str(run.written[0].parent) if run.written else "-")
        else:
            text = t("tui.send.done", edition=run.edition,
                     sent=run.count(DeliveryKind.STATUS, Outcome.SENT),
                     failed=run.count(DeliveryKind.STATUS, Outcome.FAILED),
                     pending=run.count(DeliveryKind.STATUS, Outcome.PENDING),
                     already=len(run.already))
        if run.report.aborted:
            text += " " + t("tui.send.aborted", reason=answer_words(run.report.aborted),
                            count=len(run.report.not_attempted))
        self.query_one("#status", Static).update(text)
        total = max(run.planned, 1)
        self.query_one("#progress", ProgressBar).update(total=total,
                                                        progress=len(run.report.lines))
        if run.without_contacts:
            names = ", ".join(self.names.get(c, c) for c in run.without_contacts)
            self.notify(t("tui.send.nobody", orgs=names), severity="warning", timeout=10)
        if run.dry_run:
            self.notify(text, timeout=6)
        elif run.complete:
            self.post_message(Written(message.info, text))
        else:
            self.notify(text, severity="error", timeout=10)
            self.post_message(Written(message.info, text))

    def on_export_screen_send_failed(self, message: SendFailed) -> None:
        self._finished()
        text = t("tui.send.failed", text=message.text)
        self.query_one("#status", Static).update(text)
        self.query_one("#progress", ProgressBar).update(total=None, progress=0)
        self.notify(text, severity="error", timeout=10)

    def show_error(self, message: str) -> None:
        self.query_one("#status", Static).update(message)
