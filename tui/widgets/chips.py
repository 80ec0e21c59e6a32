"""A line of coloured chips (label and count) that wraps between chips, never inside one.

A chip without a style is plain text ("4 konflikter"), set apart from the next plain one by
a middle dot."""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
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
    ChipLine { height: auto; width: 1fr; link-style: none; link-style-hover: reverse; }
    """

    heading: reactive[str] = reactive("", layout=True)
    chips: reactive[tuple[Chip, ...]] = reactive((), layout=True)

    def render(self) -> Content:
        width = max(10, self.size.width or 80)
        parts: list[Content] = []
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
                used, gap = 0, ""
            elif not used:
                gap = ""
            content = Content.styled(label, chip.style)
            if chip.action:
                content = content.stylize(f"@click={chip.action}")
            parts.append(Content(gap))
            parts.append(content)
            used += len(gap) + cell_len(label)
            previous = chip
        return Content.assemble(*parts)
