"""The start page of a municipality's project lead (and reader): their municipality's view.

What applies now and what is uncertain (and by when), the risks that concern the
municipality (marking those it reported), its open actions, its pending submissions and what
changed since the person last looked: :func:`riskreg.start_page` computes it all, the screen
shows it in tabs. From here the project lead records that the municipality recognises a risk
(``+``), adds a note (``n``), submits a risk of its own (``i``), sets the status of an action
(``t``) and marks what changed as seen (``m``; leaving the app marks it too).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.widgets import Static, TabbedContent, TabPane

import riskreg
from riskreg import Operation
from riskreg.home import ChangedItem, PageAction, PageRisk, StartPage
from tui import format as fmt
from tui.i18n import N_, t, tn, word
from tui.requests import DataShown, Navigate, PageSeen
from tui.screens.base import RegisterScreen
from tui.widgets.chips import Chip, ChipLine
from tui.widgets.footer import KeyFooter
from tui.widgets.header import RegisterHeader
from tui.widgets.item_table import Column, ItemTable

TABS = ("risks", "decisions", "actions", "submissions", "changed")
OWN_MARK = "✓"


def risk_columns() -> list[Column[PageRisk]]:
    return [
        Column("key", t("tui.col.key"), 7, lambda r: r.key, lambda r: r.key),
        Column("title", t("tui.col.title"), 24, lambda r: r.risk.title,
               lambda r: r.risk.title.casefold(), flex=True),
        Column("level", t("tui.col.level"), 15, lambda r: fmt.band_chip(r.band, r.value),
               lambda r: (-r.value, r.key)),
        Column("own", t("tui.col.own"), 5, lambda r: OWN_MARK if r.reported else "",
               lambda r: (not r.reported, r.key)),
        Column("status", t("tui.col.status"), 12, lambda r: word("status", r.risk.status),
               lambda r: (str(r.risk.status), r.key), drop=2),
        Column("recognition", t("tui.col.recognition"), 4,
               lambda r: str(r.risk.recognition), lambda r: (-r.risk.recognition, r.key),
               right=True, drop=1),
    ]


def decision_columns() -> list[Column[riskreg.Decision]]:
    return [
        Column("key", t("tui.col.key"), 10, lambda d: d.key, lambda d: d.key),
        Column("title", t("tui.col.title"), 24, lambda d: d.title,
               lambda d: d.title.casefold(), flex=True),
        Column("validity", t("tui.col.validity"), 17, lambda d: fmt.validity_chip(d.validity),
               lambda d: (str(d.validity), d.key)),
        Column("review_by", t("tui.col.review_by"), 10, lambda d: fmt.day(d.review_by)
               if d.review_by else "", lambda d: (d.review_by is None, str(d.review_by)),
               drop=1),
    ]


def action_columns() -> list[Column[PageAction]]:
    def due(a: PageAction) -> str | Text:
        text = fmt.day(a.action.due) if a.action.due else ""
        return Text(text, style="bold #ef5350") if a.overdue else text

    return [
        Column("key", t("tui.col.key"), 7, lambda a: a.key, lambda a: (a.key, a.index)),
        Column("text", t("tui.col.action"), 24, lambda a: a.action.text,
               lambda a: a.action.text.casefold(), flex=True),
        Column("status", t("tui.col.status"), 11, lambda a: word("action", a.action.status),
               lambda a: (str(a.action.status), a.id)),
        Column("due", t("tui.col.due"), 10, due,
               lambda a: (a.action.due is None, str(a.action.due), a.id)),
        Column("owner", t("tui.col.owner"), 14, lambda a: a.action.owner,
               lambda a: a.action.owner.casefold(), drop=1),
    ]


def changed_columns() -> list[Column[ChangedItem]]:
    def what(c: ChangedItem) -> str:
        return fmt.change_action(c.last.action)

    def key(c: ChangedItem) -> str:  # a link: source → target
        parts = c.key.split("|")
        return f"{parts[0]}→{parts[2]}" if len(parts) == 3 else c.key

    def title(c: ChangedItem) -> str:  # a link: its relation
        parts = c.key.split("|")
        return fmt.relation_label(riskreg.Relation(parts[1]), True) if (
            len(parts) == 3 and parts[1] in set(riskreg.Relation)) else c.title

    return [
        Column("key", t("tui.col.key"), 13, key, lambda c: c.key),
        Column("title", t("tui.col.title"), 18, title, lambda c: title(c).casefold(),
               flex=True, drop=1),
        Column("what", t("tui.col.change"), 16, what, lambda c: (what(c), c.key)),
        Column("who", t("tui.col.who"), 12, lambda c: c.last.user,
               lambda c: (c.last.user.casefold(), c.key), drop=4),
        Column("when", t("tui.col.when"), 16, lambda c: fmt.moment(c.last.at),
               lambda c: (-c.last.seq, c.key), drop=2),
        Column("count", "#", 3, lambda c: str(c.changes), lambda c: (-c.changes, c.key),
               right=True, drop=3),
    ]


def item_key(row: Any) -> str:
    """The risk or decision a row is about (a note's item; a link's source)."""
    if isinstance(row, PageAction):
        return row.key
    if isinstance(row, ChangedItem):
        doc = row.last.after or row.last.before or {}
        if row.key.startswith("N-") and isinstance(doc, dict):
            return str(doc.get("key", row.key))
        return row.key.split("|")[0]
    return str(row.key)


class HomeScreen(RegisterScreen):
    """A person's start page; see the module doc."""

    VIEW = "home"
    TITLE_KEY = N_("tui.screen.home")
    CSS_PATH = Path(__file__).with_name("home.tcss")
    AUTO_FOCUS = "#home-risks"
    GATES: ClassVar[dict[str, tuple[Operation, ...]]] = {
        "recognise": (Operation.RECOGNISE,),
        "note": (Operation.NOTE,),
        "submit": (Operation.SUBMIT,),
        "action_status": (Operation.ACTION_STATUS,),
    }
    NEEDS_PERSON = frozenset({"recognise", "note", "submit", "action_status", "mark_seen"})

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("plus", "recognise", N_("tui.key.recognise"), tooltip=N_("tui.tip.recognise"),
                id="home-recognise"),
        Binding("n", "note", N_("tui.key.note"), tooltip=N_("tui.tip.note"), id="home-note"),
        Binding("i", "submit", N_("tui.key.submit"), tooltip=N_("tui.tip.submit"),
                id="home-submit"),
        Binding("t", "action_status", N_("tui.key.action_status"),
                tooltip=N_("tui.tip.action_status"),
                id="home-action-status"),
        Binding("m", "mark_seen", N_("tui.key.mark_seen"), tooltip=N_("tui.tip.mark_seen"),
                id="home-mark-seen"),
        Binding("left", "tab(-1)", N_("tui.key.tab_previous"), tooltip=N_("tui.tip.tab"),
                id="home-tab-previous", show=False, priority=True),
        Binding("right", "tab(1)", N_("tui.key.tab_next"), tooltip=N_("tui.tip.tab"),
                id="home-tab-next", show=False, priority=True),
    ]

    @dataclass
    class PageLoaded(Message):
        page: StartPage

    @dataclass
    class LoadFailed(Message):
        text: str

    def __init__(self) -> None:
        super().__init__()
        self.page: StartPage | None = None

    def compose(self) -> ComposeResult:
        yield RegisterHeader()
        yield Static(t("tui.loading"), id="home-org")
        yield ChipLine(id="home-validity")
        yield Static("", id="home-summary")
        with TabbedContent(id="home-tabs"):
            with TabPane(t("tui.home.tab.risks", n="…"), id="tab-risks"):
                yield ItemTable(risk_columns(), lambda r: r.key, empty_text=t("tui.loading"),
                                id="home-risks")
            with TabPane(t("tui.home.tab.decisions", n="…"), id="tab-decisions"):
                yield ItemTable(decision_columns(), lambda d: d.key,
                                empty_text=t("tui.loading"), id="home-decisions")
            with TabPane(t("tui.home.tab.actions", n="…"), id="tab-actions"):
                yield ItemTable(action_columns(), lambda a: a.id, empty_text=t("tui.loading"),
                                id="home-actions")
            with TabPane(t("tui.home.tab.submissions", n="…"), id="tab-submissions"):
                yield ItemTable(risk_columns(), lambda r: r.key, empty_text=t("tui.loading"),
                                id="home-submissions")
            with TabPane(t("tui.home.tab.changed", n="…"), id="tab-changed"):
                yield ItemTable(changed_columns(), lambda c: c.key,
                                empty_text=t("tui.loading"), id="home-changed")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#home-risks", ItemTable).focus()
        self.data_changed()

    # --- loading ------------------------------------------------------------------------------
    def reload(self) -> None:
        info = self.rapp.info
        if info is None or info.me is None:
            self.show_error(t("tui.home.no_person"))
            return
        self.load_page()

    @work(thread=True, exclusive=True, exit_on_error=False, group="page", description="page")
    def load_page(self) -> None:
        try:
            page = self.rapp.service.start_page()
        except riskreg.RiskregError as exc:
            self.post_message(self.LoadFailed(exc.message(self.rapp.lang)))
            return
        self.post_message(self.PageLoaded(page))

    def on_home_screen_load_failed(self, message: LoadFailed) -> None:
        self.show_error(message.text)

    def show_error(self, message: str) -> None:
        self.query_one("#home-org", Static).update(message)
        for table in self.query(ItemTable):
            table.empty_text = message

    def on_home_screen_page_loaded(self, message: PageLoaded) -> None:
        page = self.page = message.page
        self.post_message(PageSeen(page.revision))
        org = page.organisation
        where = " · ".join(dict.fromkeys(x for x in (org.association, org.care_area) if x))
        self.query_one("#home-org", Static).update(Content.assemble(
            (f"{org.name} ({org.code})", "bold"), f"  {where}" if where else "",
            ("  " + t("tui.home.as_of", date=fmt.day(page.today), revision=page.revision),
             "$text-muted")))
        line = self.query_one("#home-validity", ChipLine)
        line.heading = t("tui.home.decisions")
        line.chips = tuple(
            Chip(f"{word('validity', validity)} {count}",
                 fmt.chip_style(fmt.VALIDITY_SHADES[validity]),
                 f"app.decisions_with('{validity}')")
            for validity, count in page.validity_counts
            if count or validity is not riskreg.Validity.UNREVIEWED)
        self.query_one("#home-summary", Static).update(self._summary(page))
        tables: dict[str, tuple[str, str, list[Any]]] = {
            "risks": (N_("tui.home.tab.risks"), N_("tui.home.empty.risks"), list(page.risks)),
            "decisions": (N_("tui.home.tab.decisions"), N_("tui.home.empty.decisions"),
                          [*page.uncertain, *page.applies]),
            "actions": (N_("tui.home.tab.actions"), N_("tui.home.empty.actions"),
                        list(page.actions)),
            "submissions": (N_("tui.home.tab.submissions"), N_("tui.home.empty.submissions"),
                            list(page.submissions)),
            "changed": (N_("tui.home.tab.changed"), N_("tui.home.empty.changed"),
                        list(page.changed)),
        }
        tabs = self.query_one(TabbedContent)
        for name, (label, empty, rows) in tables.items():
            table = self.query_one(f"#home-{name}", ItemTable)
            table.empty_text = t(empty, org=org.name, revision=page.last_seen or 0)
            table.set_rows(rows)
            tabs.get_tab(f"tab-{name}").label = t(label, n=len(rows))
        self.post_message(DataShown(tuple(self.query(ItemTable))))

    def _summary(self, page: StartPage) -> Content:
        org = page.organisation.name
        parts = [tn("tui.home.risks", "tui.home.risks.plural", len(page.risks), org=org,
                    own=page.reported)]
        parts.append(t("tui.home.actions", n=len(page.actions), overdue=page.overdue))
        parts.append(t("tui.home.submissions", n=len(page.submissions)))
        changed = (t("tui.home.changed_first", n=len(page.changed)) if page.last_seen is None
                   else t("tui.home.changed", n=len(page.changed), revision=page.last_seen))
        return Content.assemble(" · ".join(parts), " · ", (changed, "bold" if page.changed
                                                           else ""))

    # --- the tabs -----------------------------------------------------------------------------
    @on(TabbedContent.TabActivated)
    def tab_activated(self) -> None:
        table = self.current_table()
        if table is not None:
            table.focus()

    def action_tab(self, step: int) -> None:
        tabs = self.query_one(TabbedContent)
        names = [f"tab-{name}" for name in TABS]
        index = names.index(tabs.active) if tabs.active in names else 0
        tabs.active = names[(index + step) % len(names)]

    def current_table(self) -> ItemTable[Any] | None:
        active = self.query_one(TabbedContent).active
        if not active.startswith("tab-"):
            return None
        return self.query_one(f"#home-{active[4:]}", ItemTable)

    def current_row(self) -> Any:
        """The row under the cursor of the tab shown, or None."""
        table = self.current_table()
        if table is None or table.cursor_key is None:
            return None
        return next((r for r in table.rows if table.key_of(r) == table.cursor_key), None)

    @on(ItemTable.Selected)
    def row_selected(self, message: ItemTable.Selected) -> None:
        row = self.current_row()
        if isinstance(row, PageAction):
            self.action_action_status()
        elif row is not None:
            self.post_message(Navigate(item_key(row)))

    # --- actions ------------------------------------------------------------------------------
    def _risk_row(self) -> PageRisk | None:
        row = self.current_row()
        if isinstance(row, PageRisk) and not row.risk.is_submission:
            return row
        self.refuse(t("tui.home.choose_risk"))
        return None

    def action_recognise(self) -> None:
        from tui.modals.recognise import RecogniseModal

        row = self._risk_row()
        info = self.rapp.info
        if row is None or info is None or info.organisation is None:
            return
        org = info.organisation
        if org.code in row.risk.reported_by:
            self.notify(t("tui.recognise.already", key=row.key, org=org.name), timeout=5)
            return
        self.when_allowed(Operation.RECOGNISE, row.key,
                          lambda: self.app.push_screen(RecogniseModal(row.risk, org)),
                          organisation=org.code)

    def action_note(self) -> None:
        from tui.modals.note import NoteModal

        row = self.current_row()
        if row is None or (isinstance(row, ChangedItem) and "|" in row.key):
            self.refuse(t("tui.home.choose_item"))
            return
        key = item_key(row)
        title = (row.risk_title if isinstance(row, PageAction)
                 else row.risk.title if isinstance(row, PageRisk)
                 else getattr(row, "title", ""))
        self.when_allowed(Operation.NOTE, key,
                          lambda: self.app.push_screen(NoteModal(key, title)))

    def action_submit(self) -> None:
        from tui.modals.submit_risk import SubmitRiskModal

        info = self.rapp.info
        if info is not None:
            self.app.push_screen(SubmitRiskModal(info))

    def action_action_status(self) -> None:
        row = self.current_row()
        if not isinstance(row, PageAction):
            self.refuse(t("tui.home.choose_action"))
            return
        self.open_action_status(row.key, row.index)

    def action_mark_seen(self) -> None:
        if self.page is not None:
            self.mark_seen(self.page.revision)

    @work(thread=True, exclusive=True, exit_on_error=False, group="seen", description="seen")
    def mark_seen(self, revision: int) -> None:
        try:
            self.rapp.service.mark_seen(revision)
            page = self.rapp.service.start_page()
        except riskreg.RiskregError as exc:
            self.post_message(self.Refused(exc.message(self.rapp.lang)))
            return
        self.post_message(self.PageLoaded(page))
