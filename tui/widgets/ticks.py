"""A checkbox and a selection list whose boxes say whether they are ticked: "X" when ticked,
empty when not. Textual draws "X" in both states and tells them apart by colour alone,
which some terminals (256 colours, monochrome) do not show."""

from __future__ import annotations

from typing import TypeVar

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import Checkbox, SelectionList
from textual.widgets.option_list import OptionDoesNotExist

TICKED = "X"
UNTICKED = " "

T = TypeVar("T")


class TickBox(Checkbox):
    """A checkbox drawing "X" only when ticked."""

    def on_mount(self) -> None:
        self.BUTTON_INNER = TICKED if self.value else UNTICKED
        self.refresh()

    def watch_value(self) -> None:
        self.BUTTON_INNER = TICKED if self.value else UNTICKED
        super().watch_value()
        self.refresh()


class TickList(SelectionList[T]):
    """A selection list drawing "X" only beside the chosen."""

    def render_line(self, y: int) -> Strip:
        line = super().render_line(y)
        try:
            option = self.get_option_at_index(int(self.scroll_offset.y) + y)
        except OptionDoesNotExist:
            return line
        value = getattr(option, "value", None)
        if value in self.selected:
            return line
        segments = list(line)
        if len(segments) > 1 and segments[1].text == TICKED:
            inner = segments[1]
            segments[1] = Segment(UNTICKED, inner.style, inner.control)
            return Strip(segments, line.cell_length)
        return line


__all__ = ["TICKED", "UNTICKED", "TickBox", "TickList"]
