"""The footer: the keys of the view in one line, in the app's language, fitted to the width.

What it shows are the view's active bindings (Textual's public ``Screen.active_bindings``,
so only what the person's role may do, and not a key the focused input takes as text):
the view's own keys first, then the keys of the views, the help (F1), quit and the palette.
When the line is too short for all of them, the view's later keys give way first and F1
says "all keys" instead of "help": the footer never claims to hold every key when it does
not. Help and quit are always there.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widget import Widget

from tui.i18n import binding_text, is_ours, t

#: actions always on the footer (when bound on the view): help and quit
ESSENTIAL = frozenset({"help", "quit", "cancel", "save", "close"})
#: the app's keys in this order (others between)
GENERAL_ORDER = {"help": 0, "quit": 2}
#: how many of the view's own keys go before the keys of the views when room is short
FIRST_KEYS = 2


@dataclass(frozen=True)
class FooterItem:
    """One entry: the keys as shown, the words, the key pressed when it is clicked."""

    keys: str
    label: str
    press: str | None
    action: str = ""
    enabled: bool = True

    @property
    def essential(self) -> bool:
        return self.action in ESSENTIAL

    @property
    def width(self) -> int:
        return cell_len(self.keys) + cell_len(self.label) + 3  # " keys label "


def _keys_display(keys: list[str]) -> str:
    """Digit keys of a group as a range ("0–6") when they run without a gap."""
    if len(keys) > 2 and all(k.isdigit() and len(k) == 1 for k in keys):
        digits = sorted(int(k) for k in keys)
        if digits == list(range(digits[0], digits[-1] + 1)):
            return f"{digits[0]}–{digits[-1]}"
    return "".join(keys)


def footer_items(screen: Screen[object]) -> tuple[list[FooterItem], list[FooterItem],
                                                  list[FooterItem], FooterItem | None]:
    """The screen's own (and its focused widget's) keys, the groups (the views), the app's
    keys, and the palette, as the footer may show them."""
    app = screen.app
    own: list[FooterItem] = []
    groups: dict[str, tuple[list[str], list[str]]] = {}  # description -> keys shown, pressed
    general: list[FooterItem] = []
    palette: FooterItem | None = None
    chosen: dict[str, tuple[DOMNode, Binding, bool]] = {}  # action -> the binding shown
    for namespace, binding, enabled, _tooltip in screen.active_bindings.values():
        if binding.action == "command_palette" and namespace is app:
            palette = FooterItem(app.get_key_display(binding), t("tui.key.palette"),
                                 binding.key, enabled=enabled)
            continue
        if not binding.show or not is_ours(binding):
            continue
        earlier = chosen.get(binding.action)
        # one key per action: a plain key rather than a combination (q rather than Ctrl+Q)
        if earlier is None or ("+" in earlier[1].key and "+" not in binding.key):
            chosen[binding.action] = (namespace, binding, enabled)
    for namespace, binding, enabled in chosen.values():
        if binding.group is not None and namespace is app:
            shown, pressed = groups.setdefault(binding.group.description, ([], []))
            shown.append(app.get_key_display(binding))
            pressed.append(binding.key)
            continue
        item = FooterItem(app.get_key_display(binding), binding_text(binding)[0], binding.key,
                          _action_name(binding), enabled=enabled)
        (general if namespace is app else own).append(item)
    general.sort(key=lambda i: GENERAL_ORDER.get(i.action, 1))
    grouped = [FooterItem(_keys_display(keys), t(group), pressed[0] if len(pressed) == 1
                          else None) for group, (keys, pressed) in groups.items()]
    return own, grouped, general, palette


def _action_name(binding: Binding) -> str:
    return binding.action.split("(", 1)[0].rsplit(".", 1)[-1]


def fit(own: list[FooterItem], grouped: list[FooterItem], general: list[FooterItem],
        palette: FooterItem | None, width: int) -> tuple[list[FooterItem], int]:
    """The items that fit in ``width`` cells, in the order shown, and how many gave way.

    The essential ones always stay; of the others the view's first keys, then the views,
    then the view's other keys, then the palette, as long as they fit.
    """
    essential = [i for i in (*own, *general) if i.essential]
    others = [i for i in own if not i.essential]
    priority = [*others[:FIRST_KEYS], *grouped, *others[FIRST_KEYS:],
                *(i for i in general if not i.essential), *([palette] if palette else [])]
    help_item = next((i for i in essential if i.action == "help"), None)
    # F1's words grow ("all keys") when something gives way: room for them is kept, except
    # for the last item (when it fits, nothing gives way)
    grow = 0 if help_item is None else max(
        0, cell_len(t("tui.key.all_keys")) - cell_len(help_item.label))
    used = sum(i.width for i in essential)
    kept: set[int] = set()
    for n, item in enumerate(priority):
        last = n == len(priority) - 1
        if used + item.width + (0 if last else grow) > width:
            break
        kept.add(id(item))
        used += item.width
    dropped = len(priority) - len(kept)
    order = [*own, *grouped, *general, *([palette] if palette else [])]
    shown = [i for i in order if i.essential or id(i) in kept]
    if dropped and help_item is not None:
        shown = [FooterItem(i.keys, t("tui.key.all_keys"), i.press, i.action, i.enabled)
                 if i is help_item else i for i in shown]
    return shown, dropped


class KeyFooter(Widget):
    """The footer; see the module doc."""

    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: 1;
        width: 1fr;
        background: $footer-background;
        color: $footer-foreground;
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._hits: list[tuple[int, int, str]] = []  # from, to, the key pressed

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        self.refresh()

    def shown(self) -> tuple[list[FooterItem], int]:
        """The items shown at the widget's width, and how many gave way (for tests)."""
        return fit(*footer_items(self.screen), width=self.size.width or 80)

    def render(self) -> Content:
        items, _dropped = self.shown()
        parts: list[Content] = []
        hits: list[tuple[int, int, str]] = []
        used = 0
        for item in items:
            key = Content.styled(f" {item.keys} ", "bold $footer-key-foreground")
            label = Content(f"{item.label} ")
            part = Content.assemble(key, label)
            if not item.enabled:
                part = part.stylize("dim")
            elif item.press is not None:
                hits.append((used, used + item.width, item.press))
            parts.append(part)
            used += item.width
        self._hits = hits
        return Content.assemble(*parts)

    def on_click(self, event: events.Click) -> None:
        """A click on a key presses it."""
        offset = event.get_content_offset(self)
        if offset is None:
            return
        for start, end, press in self._hits:
            if start <= offset.x < end:
                event.stop()
                self.app.simulate_key(press)
                return


__all__ = ["FooterItem", "KeyFooter", "fit", "footer_items"]
