"""Help (F1): every key of the app and of the screen it was opened from, with what it does."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import ClassVar

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.actions import parse
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Label, Static

from tui import format as fmt
from tui.i18n import N_, binding_text, declared_bindings, t
from tui.widgets.footer import KeyFooter


def localised(binding: Binding) -> Binding:
    """``binding`` with its description and tooltip in the app's language."""
    description, tooltip = binding_text(binding)
    return replace(binding, description=description, tooltip=tooltip)


def _unique(bindings: Iterable[Binding], node: DOMNode | None = None) -> list[Binding]:
    """The app's own bindings (they have ids; Textual's built-in ones are summed up in words),
    without those ``node`` does not offer (its ``check_action``: what the person's role may
    not do is not listed, as the footer and the palette do not show it), in the app's
    language."""
    seen: set[tuple[str, str]] = set()
    out = []
    for b in bindings:
        if b.system or not b.description or b.id is None or (b.action, b.key) in seen:
            continue
        if node is not None:
            destination, name, parameters = parse(b.action)
            target = node.app if destination == "app" else node
            if target.check_action(name, parameters) is False:
                continue
        seen.add((b.action, b.key))
        out.append(localised(b))
    return out


class HelpScreen(ModalScreen[None]):
    """Lists the keys in sections; Escape, F1 or q closes."""

    CSS_PATH = Path(__file__).with_name("help.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,q", "close", N_("tui.key.close"), tooltip=N_("tui.tip.close"),
                id="help-close"),
    ]

    def __init__(self, sections: list[tuple[str, list[Binding]]]) -> None:
        super().__init__()
        self.sections = sections

    @classmethod
    def for_screen(cls, screen: Screen[object]) -> HelpScreen:
        """The sections for help opened over ``screen``: the app, the screen, its widgets."""
        from tui.screens.dependencies import DependencyTree
        from tui.widgets.item_table import ItemTable

        app = screen.app
        title = screen.title or type(screen).__name__
        sections: list[tuple[str, list[Binding]]] = [
            (title, _unique(declared_bindings(screen), screen)),
        ]
        tables = list(screen.query(ItemTable))
        if tables:
            sections.append((t("tui.help.tables"), _unique(declared_bindings(tables[0]))))
        trees = list(screen.query(DependencyTree))
        if trees:
            sections.append((t("tui.help.tree"), _unique(declared_bindings(trees[0]))))
        from tui.modals.base import FormModal

        sections.append((t("tui.help.general"), _unique(declared_bindings(app), app)))
        sections.append((t("tui.help.forms"), _unique(
            b for b in FormModal.BINDINGS if isinstance(b, Binding))))
        return cls(sections)

    def compose(self) -> ComposeResult:
        with Vertical(id="help-dialog"):
            yield Label(t("tui.help.title"), id="help-title")
            with VerticalScroll(id="help-body"):
                yield Static(self.content(), id="help-text")
            yield Label(t("tui.help.footer"), id="help-footer")
        yield KeyFooter()

    def content(self) -> Group:
        """The sections, the marks of the lists and how to move, as shown."""
        app = self.app
        parts: list[RenderableType] = []
        for title, bindings in self.sections:
            table = Table(box=None, show_header=False, padding=(0, 1), expand=True,
                          title=title, title_justify="left", title_style="bold")
            table.add_column("key", style="bold", no_wrap=True, min_width=8)
            table.add_column("what", no_wrap=True)
            table.add_column("tip", style="dim", ratio=1)
            for b in bindings:
                tip = b.tooltip if b.tooltip and b.tooltip != b.description else ""
                table.add_row(app.get_key_display(b), b.description, tip)
            parts.append(table)
            parts.append(Text(""))
        symbols = Table(box=None, show_header=False, padding=(0, 1), expand=True,
                        title=t("tui.help.symbols"), title_justify="left", title_style="bold")
        symbols.add_column("mark", style="bold", no_wrap=True, min_width=8)
        symbols.add_column("what", ratio=1)
        for mark, key in ((f"{fmt.FLAG} " + t("tui.flag.review"), N_("tui.help.symbol.flag")),
                          (f"{fmt.ALERT} " + t("tui.flag.conflict"), N_("tui.help.symbol.alert")),
                          (t("tui.col.recognition"), N_("tui.help.symbol.parties")),
                          ("→  ←", N_("tui.help.symbol.arrows"))):
            symbols.add_row(mark, t(key))
        parts.append(symbols)
        parts.append(Text(""))
        parts.append(Text(t("tui.help.moving"), style="dim"))
        parts.append(Text(""))
        parts.append(Text(t("tui.help.mouse"), style="dim"))
        return Group(*parts)

    def action_close(self) -> None:
        self.dismiss(None)
