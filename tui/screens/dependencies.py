"""Dependencies: what an item rests on and what rests on it, as a tree to walk and jump from."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Label, Static, Tree
from textual.widgets.tree import TreeNode

import riskreg
from riskreg.views import LinkedItem
from tui import format as fmt
from tui.i18n import N_, t
from tui.requests import Navigate
from tui.screens.base import RegisterScreen
from tui.widgets.footer import KeyFooter
from tui.widgets.header import RegisterHeader

ARROW_OUT = "→"
ARROW_IN = "←"


@dataclass
class NodeData:
    """What a tree node stands for: an item (``key``), and whether its own links are loaded."""

    key: str | None
    loaded: bool = False
    item: LinkedItem | None = field(default=None, compare=False)


def _status(item: LinkedItem) -> Text:
    if item.validity is not None:
        return fmt.validity_chip(item.validity)
    if item.band is not None:
        return fmt.band_chip(item.band, item.value)
    return Text("")


def item_label(item: LinkedItem, arrows: bool = False) -> Text:
    label = Text(end="")
    if arrows:
        label.append(f"{ARROW_OUT if item.outgoing else ARROW_IN} ", style="bold")
    label.append(fmt.relation_label(item.relation, item.outgoing), style="italic")
    label.append("  ")
    label.append(item.key, style="bold")
    label.append(" ")
    label.append_text(_status(item))
    label.append(f" {item.title}")
    return label


class DependencyTree(Tree[NodeData | None]):
    """The tree; Enter opens the item (the Tree's own select), Space expands."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", N_("tui.key.open"), tooltip=N_("tui.tip.open_item"),
                id="dependency-open"),
        Binding("space", "toggle_node", N_("tui.key.expand"), tooltip=N_("tui.tip.expand"),
                id="dependency-expand"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", data=None, id=id)
        self.auto_expand = False
        self.show_root = True

    def render_label(self, node: TreeNode[NodeData | None], base_style: Style,
                     style: Style) -> Text:
        """The label, its end (the title: relation, key and level come first) shortened
        with "…" to the width left beside the guides; the line under the tree shows the
        highlighted one in full."""
        text = super().render_label(node, base_style, style)
        depth, parent = 0, node.parent
        while parent is not None:
            depth, parent = depth + 1, parent.parent
        room = self.scrollable_content_region.width - depth * self.guide_depth
        if room > 0 and text.cell_len > room:
            text.truncate(room, overflow="ellipsis")
        return text


class DependenciesScreen(RegisterScreen):
    VIEW = "dependencies"
    TITLE_KEY = N_("tui.screen.dependencies")
    CSS_PATH = Path(__file__).with_name("dependencies.tcss")
    AUTO_FOCUS = "#dep-tree"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("o", "reroot", N_("tui.key.reroot"), tooltip=N_("tui.tip.reroot"), id="reroot"),
        Binding("backspace", "back", N_("tui.key.back"), tooltip=N_("tui.tip.back"),
                id="dependency-back"),
        Binding("slash", "key_input", N_("tui.key.choose_key"), tooltip=N_("tui.tip.choose_key"),
                id="choose-key"),
        Binding("escape", "focus_tree", N_("tui.key.tree"), tooltip=N_("tui.tip.tree"), show=False,
                id="focus-tree"),
    ]

    @dataclass
    class RootLoaded(Message):
        key: str
        title: str
        status: riskreg.Validity | tuple[riskreg.LevelBand, int]
        links: list[LinkedItem]

    @dataclass
    class ChildrenLoaded(Message):
        node_id: int
        links: list[LinkedItem]

    @dataclass
    class LoadFailed(Message):
        text: str

    def __init__(self) -> None:
        super().__init__()
        self.root_key: str | None = None
        self._trail: list[str] = []

    def compose(self) -> ComposeResult:
        yield RegisterHeader()
        with Horizontal(id="dep-top"):
            yield Label(t("tui.dependencies.key"), id="dep-key-label")
            yield Input(placeholder=t("tui.dependencies.key_placeholder"), compact=True,
                        id="dep-key")
        yield Static(t("tui.dependencies.legend"), id="dep-help")
        yield DependencyTree(id="dep-tree")
        yield Static("", id="dep-current")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.dep_tree.root.set_label(Text(t("tui.dependencies.empty"), style="italic"))
        if self.root_key is not None:
            self.query_one("#dep-key", Input).value = self.root_key
        self.data_changed()

    @property
    def dep_tree(self) -> DependencyTree:
        return self.query_one(DependencyTree)

    def reload(self) -> None:
        if self.root_key is not None:
            self.load_root(self.root_key)

    def show_key(self, key: str, remember: bool = True) -> None:
        if remember and self.root_key is not None and self.root_key != key:
            self._trail.append(self.root_key)
        self.root_key = key
        if not self.is_mounted:  # on_mount shows it
            return
        self.query_one("#dep-key", Input).value = key
        if self.rapp.info is not None:
            self.load_root(key)

    focus_key = show_key

    @work(thread=True, exclusive=True, exit_on_error=False, group="root", description="root")
    def load_root(self, key: str) -> None:
        service = self.rapp.service
        try:
            item = service.item(key)
            status: riskreg.Validity | tuple[riskreg.LevelBand, int]
            if isinstance(item, riskreg.Risk):
                risk = service.risk_detail(key)
                status = (risk.band, risk.residual_value or risk.inherent_value)
                links = list(risk.links)
            else:
                decision = service.decision_detail(key)
                status = decision.decision.validity
                links = list(decision.links)
        except riskreg.RiskregError as exc:
            self.post_message(self.LoadFailed(exc.message(self.rapp.lang)))
            return
        self.post_message(self.RootLoaded(key, item.title, status, links))

    def on_dependencies_screen_load_failed(self, message: LoadFailed) -> None:
        self.notify(message.text, severity="error")

    def on_dependencies_screen_root_loaded(self, message: RootLoaded) -> None:
        if message.key != self.root_key:
            return
        tree = self.dep_tree
        label = Text(end="")
        label.append(message.key, style="bold")
        label.append(" ")
        status = message.status
        label.append_text(fmt.validity_chip(status) if isinstance(status, riskreg.Validity)
                          else fmt.band_chip(*status))
        label.append(f" {message.title}")
        tree.reset(label, NodeData(message.key, loaded=True))
        outgoing = [x for x in message.links if x.outgoing]
        incoming = [x for x in message.links if not x.outgoing]
        for items, title in ((outgoing, N_("tui.dependencies.rests_on")),
                             (incoming, N_("tui.dependencies.rested_on"))):
            branch = tree.root.add(Text(t(title, key=message.key, n=len(items)), style="bold"),
                                   data=None, expand=True)
            for item in items:
                self._add_item(branch, item, arrows=False)
            if not items:
                branch.add_leaf(Text(t("tui.none"), style="italic"), data=None)
        tree.root.expand()
        tree.move_cursor(tree.root)

    def _add_item(self, parent: TreeNode[NodeData | None], item: LinkedItem,
                  arrows: bool) -> None:
        parent.add(item_label(item, arrows), data=NodeData(item.key, item=item),
                   allow_expand=item.links > 1)

    @on(Tree.NodeExpanded)
    def expanded(self, event: Tree.NodeExpanded[NodeData | None]) -> None:
        data = event.node.data
        if data is not None and data.key is not None and not data.loaded:
            data.loaded = True
            self.load_children(event.node.id, data.key)

    @work(thread=True, exclusive=False, exit_on_error=False, group="children",
          description="children")
    def load_children(self, node_id: int, key: str) -> None:
        try:
            links = self.rapp.service.linked_items(key)
        except riskreg.RiskregError as exc:
            self.post_message(self.LoadFailed(exc.message(self.rapp.lang)))
            return
        self.post_message(self.ChildrenLoaded(node_id, links))

    def on_dependencies_screen_children_loaded(self, message: ChildrenLoaded) -> None:
        try:
            node = self.dep_tree.get_node_by_id(message.node_id)  # type: ignore[arg-type]
        except Exception:  # the tree was rebuilt meanwhile
            return
        for item in message.links:
            self._add_item(node, item, arrows=True)

    @on(Tree.NodeHighlighted)
    def highlighted(self, event: Tree.NodeHighlighted[NodeData | None]) -> None:
        """The highlighted line in full (the tree shortens long titles)."""
        self.query_one("#dep-current", Static).update(event.node.label)

    @on(Tree.NodeSelected)
    def selected(self, event: Tree.NodeSelected[NodeData | None]) -> None:
        data = event.node.data
        if data is not None and data.key is not None:
            self.post_message(Navigate(data.key))

    @on(Input.Submitted, "#dep-key")
    def key_entered(self, event: Input.Submitted) -> None:
        key = event.value.strip().upper()
        if key:
            self.show_key(key)
            self.dep_tree.focus()

    def action_reroot(self) -> None:
        node = self.dep_tree.cursor_node
        if node is not None and node.data is not None and node.data.key is not None:
            self.show_key(node.data.key)

    def action_back(self) -> None:
        if self._trail:
            self.show_key(self._trail.pop(), remember=False)

    def action_key_input(self) -> None:
        self.query_one("#dep-key", Input).focus()

    def action_focus_tree(self) -> None:
        self.dep_tree.focus()
