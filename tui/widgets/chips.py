"""A line of coloured chips (label and count) that wraps between chips, never inside one.

A chip without a style is plain text ("4 konflikter"), set apart from the next plain one by
a middle dot."""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from textual import events
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget


@dataclass(frozen=True)
class Chip:
    text: str
    style: str  # e.g. "#000000 on #66bb6a"; "" for plain text
    action: str | None = None  # run on click, e.g. "app.decisions_with('applies')"

    @property
    def label(self) -> str:
        return f" {self.text} " if self.style else self.text


class ChipLine(Widget):
    """A heading and chips, laid out to the widget's width."""

    DEFAULT_CSS = """
    ChipLine { height: auto; width: 1fr; }
    """

    heading: reactive[str] = reactive("", layout=True)
    chips: reactive[tuple[Chip, ...]] = reactive((), layout=True)

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._hits: list[tuple[int, int, int, str]] = []  # line, from, to, action

    def render(self) -> Content:
        width = max(10, self.size.width or 80)
        parts: list[Content] = []
        hits: list[tuple[int, int, int, str]] = []
        line = 0
        used = 0
        if self.heading:
            parts.append(Content.styled(self.heading, "bold"))
            used = cell_len(self.heading)
        previous: Chip | None = None
        for chip in self.chips:
            label = chip.label
            gap = " · " if previous is not None and not (chip.style or previous.style) else " "
            if used and used + len(gap) + cell_len(label) > width:
                parts.append(Content("\n"))
                used, gap, line = 0, "", line + 1
            elif not used:
                gap = ""
            parts.append(Content(gap))
            parts.append(Content.styled(label, chip.style))
            used += len(gap)
            if chip.action:  # clicked by position (a link's style would recolour the chip)
                hits.append((line, used, used + cell_len(label), chip.action))
            used += cell_len(label)
            previous = chip
        self._hits = hits
        return Content.assemble(*parts)

    async def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        for line, start, end, action in self._hits:
            if offset.y == line and start <= offset.x < end:
                event.stop()
                await self.run_action(action)
                return
