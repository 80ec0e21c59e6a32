"""A virtual table for many rows: only the lines on screen are rendered (Toolong style).

Textual's DataTable builds every row up front (about a second for 10,000);
:class:`ItemTable` keeps the row objects as given and renders a line only when
it is shown, with a small line cache. It has a header line that stays put, a
row cursor, sortable columns (``s`` / click a header), and posts
:class:`ItemTable.Highlighted` and :class:`ItemTable.Selected` with the row's key.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from time import perf_counter
from typing import Any, ClassVar, Generic, TypeVar

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget

from tui.i18n import N_

T = TypeVar("T")

Cell = str | Text


@dataclass(frozen=True)
class Column(Generic[T]):
    """One column: header label, width, how to show a row's cell and how to sort by it.

    ``flex`` columns share the width left over; when the table is too narrow,
    columns with the highest ``drop`` are hidden first (0: never hidden). A column is never
    narrower than its label (with the sort mark when sorted by it): a header is not cut.
    """

    key: str
    label: str
    width: int
    cell: Callable[[T], Cell]
    sort_key: Callable[[T], Any] | None = None
    flex: bool = False
    drop: int = 0
    right: bool = False


class ItemTable(ScrollView, Generic[T], can_focus=True):
    """Rows of items (risks, decisions, findings) with a cursor; see the module doc."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor(-1)", N_("tui.key.up"), show=False, id="row-up"),
        Binding("down,j", "cursor(1)", N_("tui.key.down"), show=False, id="row-down"),
        Binding("pageup", "page(-1)", N_("tui.key.page_up"), show=False, id="page-up"),
        Binding("pagedown", "page(1)", N_("tui.key.page_down"), show=False, id="page-down"),
        Binding("home", "first", N_("tui.key.first"), show=False, id="first-row"),
        Binding("end", "last", N_("tui.key.last"), show=False, id="last-row"),
        Binding("enter", "select", N_("tui.key.open"), tooltip=N_("tui.tip.open"), show=False,
                id="open-row"),
        Binding("s", "sort_next", N_("tui.key.sort"), tooltip=N_("tui.tip.sort"), id="sort",
                show=False),
        Binding("S", "sort_reverse", N_("tui.key.sort_reverse"), tooltip=N_("tui.tip.sort_reverse"),
                show=False, id="sort-reverse"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "item-table--header",
        "item-table--cursor",
        "item-table--empty",
    }

    DEFAULT_CSS = """
    ItemTable {
        background: $surface;
        color: $foreground;
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-gutter: stable;
        & > .item-table--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        & > .item-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        & > .item-table--empty {
            color: $text-muted;
            text-style: italic;
        }
        &:focus {
            background-tint: $foreground 5%;
            & > .item-table--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
        }
    }
    """

    cursor: reactive[int] = reactive(0, repaint=False, init=False)
    empty_text: reactive[str] = reactive("")

    @dataclass
    class Highlighted(Message):
        """The cursor is on another item (``key`` is None when the table is empty)."""

        table: ItemTable[Any]
        key: str | None

        @property
        def control(self) -> ItemTable[Any]:
            return self.table

    @dataclass
    class Selected(Message):
        """Enter (or a click on the cursor row) on an item."""

        table: ItemTable[Any]
        key: str

        @property
        def control(self) -> ItemTable[Any]:
            return self.table

    @dataclass
    class Sorted(Message):
        table: ItemTable[Any]
        column: str | None
        reverse: bool

    def __init__(
        self,
        columns: Sequence[Column[T]],
        key_of: Callable[[T], str],
        *,
        empty_text: str = "",
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.columns = list(columns)
        self.key_of = key_of
        self._rows: list[T] = []  # as given
        self._view: list[T] = []  # sorted
        self._index: dict[str, int] = {}
        self.sort_column: str | None = None
        self.sort_reverse = False
        self._layout: list[tuple[Column[T], int]] = []
        self._layout_width = -1
        self._cache: LRUCache[tuple[Any, ...], Strip] = LRUCache(maxsize=400)
        self._version = 0
        self._last_key: str | None = None
        self.set_reactive(ItemTable.empty_text, empty_text)
        self.rows_generation = 0
        self.painted_generation = 0
        self.painted_at = 0.0
        #: the rows generation whose lines the screen last drew (render_line ran for them)
        self.drawn_generation = 0
        # (rows generation, row count, when first painted): for benchmarks and tests
        self.paint_log: deque[tuple[int, int, float]] = deque(maxlen=64)

    # --- data ---------------------------------------------------------------------------
    @property
    def rows(self) -> list[T]:
        """The rows in the order shown."""
        return self._view

    @property
    def row_count(self) -> int:
        return len(self._view)

    @property
    def cursor_key(self) -> str | None:
        if 0 <= self.cursor < len(self._view):
            return self.key_of(self._view[self.cursor])
        return None

    @property
    def keys(self) -> list[str]:
        return [self.key_of(r) for r in self._view]

    def set_rows(self, rows: Sequence[T], keep: str | None = None) -> None:
        """Show ``rows``; keep the cursor on ``keep`` (default: the current item) if present."""
        keep = keep if keep is not None else self.cursor_key
        self._rows = list(rows)
        self._resort()
        index = self._index.get(keep, None) if keep is not None else None
        self._set_virtual_height(len(self._view) + 1)
        self._invalidate()
        self.set_reactive(ItemTable.cursor, -1)
        self._move_to(index if index is not None else 0, force_message=True)
        self.rows_generation += 1
        generation = self.rows_generation
        self.call_after_refresh(self._mark_painted, generation, len(self._view))

    def _set_virtual_height(self, height: int) -> None:
        """Resize the scrollable area without a layout pass of the whole screen (only the
        scrollbar changes; a layout is needed only if a scrollbar appears or goes)."""
        size = Size(self.scrollable_content_region.width, height)
        if size == self.virtual_size:
            return
        shown = (self.show_vertical_scrollbar, self.show_horizontal_scrollbar)
        self.set_reactive(Widget.virtual_size, size)
        self._scroll_update(size)
        if (self.show_vertical_scrollbar, self.show_horizontal_scrollbar) != shown:
            self.refresh(layout=True)

    def _mark_painted(self, generation: int, rows: int) -> None:
        if generation > self.painted_generation:
            self.painted_generation = generation
            self.painted_at = perf_counter()
            self.paint_log.append((generation, rows, self.painted_at))

    def select_key(self, key: str) -> bool:
        """Move the cursor to ``key``; False if it is not among the rows."""
        index = self._index.get(key)
        if index is None:
            return False
        self._move_to(index)
        return True

    def _resort(self) -> None:
        column = next((c for c in self.columns if c.key == self.sort_column), None)
        if column is None or column.sort_key is None:
            self._view = list(self._rows)
            if self.sort_reverse:
                self._view.reverse()
        else:
            sort_key = column.sort_key
            self._view = sorted(self._rows, key=sort_key, reverse=self.sort_reverse)
        key_of = self.key_of
        self._index = {key_of(r): i for i, r in enumerate(self._view)}

    def sort_by(self, column: str | None, reverse: bool = False) -> None:
        """Sort by the column with this key (None: the order the rows came in)."""
        keep = self.cursor_key
        self.sort_column = column
        self.sort_reverse = reverse
        self._layout_width = -1
        self._resort()
        self._invalidate()
        self.set_reactive(ItemTable.cursor, -1)
        self._move_to(self._index.get(keep, 0) if keep else 0)
        self.post_message(self.Sorted(self, column, reverse))

    # --- actions --------------------------------------------------------------------------
    def action_cursor(self, delta: int) -> None:
        self._move_to(self.cursor + delta)

    def action_page(self, direction: int) -> None:
        self._move_to(self.cursor + direction * max(1, self._page_height() - 1))

    def action_first(self) -> None:
        self._move_to(0)

    def action_last(self) -> None:
        self._move_to(len(self._view) - 1)

    def action_select(self) -> None:
        key = self.cursor_key
        if key is not None:
            self.post_message(self.Selected(self, key))

    def _sortable(self) -> list[Column[T]]:
        visible = {c.key for c, _ in self._layout} or {c.key for c in self.columns}
        return [c for c in self.columns if c.sort_key is not None and c.key in visible]

    def action_sort_next(self) -> None:
        """Sort by the next column (after the last one: back to the natural order)."""
        sortable = self._sortable()
        keys = [c.key for c in sortable]
        if self.sort_column in keys:
            position = keys.index(self.sort_column) + 1
            self.sort_by(keys[position] if position < len(keys) else None)
        else:
            self.sort_by(keys[0] if keys else None)

    def action_sort_reverse(self) -> None:
        self.sort_by(self.sort_column, not self.sort_reverse)

    # --- cursor ---------------------------------------------------------------------------
    def _page_height(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def _move_to(self, index: int, force_message: bool = False) -> None:
        count = len(self._view)
        index = max(0, min(index, count - 1)) if count else 0
        old = self.cursor
        if index != old:
            self.set_reactive(ItemTable.cursor, index)
            self._invalidate(lines_only=True)
        self._scroll_to_cursor()
        self.refresh()
        key = self.cursor_key
        if force_message or key != self._last_key:
            self._last_key = key
            self.post_message(self.Highlighted(self, key))

    def watch_cursor(self, value: int) -> None:  # cursor set from outside
        self._move_to(value)

    def _scroll_to_cursor(self) -> None:
        height = self._page_height()
        top = int(self.scroll_y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, force=True)
        elif self.cursor > top + height - 1:
            self.scroll_to(y=self.cursor - height + 1, animate=False, force=True)

    # --- rendering ----------------------------------------------------------------------
    def _invalidate(self, lines_only: bool = False) -> None:
        self._version += 1
        if not lines_only:
            self._cache.clear()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._invalidate()
        self._layout_width = -1

    def on_resize(self, event: events.Resize) -> None:
        self._set_virtual_height(len(self._view) + 1)
        self._layout_width = -1
        self._invalidate()
        self._scroll_to_cursor()

    def watch_empty_text(self) -> None:
        self._invalidate()

    def set_column_width(self, key: str, width: int) -> None:
        """Make the column ``key`` ``width`` cells wide (e.g. as wide as its widest value)."""
        columns = [replace(c, width=width) if c.key == key else c for c in self.columns]
        if columns != self.columns:
            self.columns = columns
            self._layout_width = -1
            self._invalidate()
            self.refresh()

    def _width_of(self, column: Column[T]) -> int:
        """The column's width: as declared, but never narrower than its label."""
        mark = 2 if column.key == self.sort_column else 0
        return max(column.width, cell_len(column.label) + mark)

    def _columns_for(self, width: int) -> list[tuple[Column[T], int]]:
        if width == self._layout_width:
            return self._layout
        shown = list(self.columns)
        width_of = self._width_of

        def needed(cols: list[Column[T]]) -> int:
            return sum(width_of(c) for c in cols) + max(0, len(cols) - 1) + 1

        while needed(shown) > width and any(c.drop for c in shown):
            worst = max(shown, key=lambda c: c.drop)
            shown.remove(worst)
        spare = max(0, width - needed(shown))
        flex = [c for c in shown if c.flex]
        layout = []
        for column in shown:
            extra = 0
            if flex and column.flex:
                extra = spare // len(flex) + (1 if flex.index(column) < spare % len(flex) else 0)
            layout.append((column, width_of(column) + extra))
        self._layout = layout
        self._layout_width = width
        return layout

    def _line_text(self, cells: list[tuple[Cell, int, bool]], style: Style) -> Text:
        line = Text(" ", style=style, no_wrap=True, end="")
        for n, (value, width, right) in enumerate(cells):
            text = value.copy() if isinstance(value, Text) else Text(str(value))
            text.truncate(width, overflow="ellipsis")
            if right:
                text.pad_left(width - text.cell_len)
            else:
                text.pad_right(width - text.cell_len)
            line.append_text(text)
            if n < len(cells) - 1:
                line.append(" ")
        return line

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        layout = self._columns_for(width)
        if y == 0:
            return self._header_line(layout, width, base)
        self.drawn_generation = self.rows_generation
        index = int(self.scroll_y) + y - 1
        if not self._view:
            if y == 1 and self.empty_text:
                style = base + self.get_component_rich_style("item-table--empty")
                text = Text(" " + self.empty_text, style=style, no_wrap=True, end="")
                text.truncate(width, overflow="ellipsis")
                return self._strip(text, width, base)
            return Strip.blank(width, base)
        if index >= len(self._view):
            return Strip.blank(width, base)
        row = self._view[index]
        is_cursor = index == self.cursor
        cache_key = (self.key_of(row), index, is_cursor, width, self.has_focus, self._version
                     if is_cursor else 0)
        strip = self._cache.get(cache_key)
        if strip is None:
            style = base
            if is_cursor:
                style = base + self.get_component_rich_style("item-table--cursor")
            text = self._line_text([(c.cell(row), w, c.right) for c, w in layout], style)
            strip = self._strip(text, width, style)
            self._cache[cache_key] = strip
        return strip

    def _header_line(self, layout: list[tuple[Column[T], int]], width: int, base: Style) -> Strip:
        style = base + self.get_component_rich_style("item-table--header")
        cells: list[tuple[Cell, int, bool]] = []
        for column, w in layout:
            label = column.label
            if column.key == self.sort_column:
                label = f"{label} {'▼' if self.sort_reverse else '▲'}"
            cells.append((label, w, column.right))
        return self._strip(self._line_text(cells, style), width, style)

    def _strip(self, text: Text, width: int, style: Style) -> Strip:
        segments = list(text.render(self.app.console))
        return Strip(segments).adjust_cell_length(width, style).simplify()

    def on_focus(self) -> None:
        self._invalidate(lines_only=True)
        self.refresh()

    def on_blur(self) -> None:
        self._invalidate(lines_only=True)
        self.refresh()

    # --- mouse ------------------------------------------------------------------------------
    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        event.stop()
        if offset.y == 0:
            x = 1
            for column, w in self._layout:
                if x <= offset.x < x + w + 1:
                    if column.sort_key is not None:
                        reverse = column.key == self.sort_column and not self.sort_reverse
                        self.sort_by(column.key, reverse)
                    return
                x += w + 1
            return
        index = int(self.scroll_y) + offset.y - 1
        if 0 <= index < len(self._view):
            if index == self.cursor:
                self.action_select()
            else:
                self._move_to(index)
