"""A line of coloured chips (label and count) that wraps between chips, never inside one."""

from __future__ import annotations

from dataclasses import dataclass

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget


@dataclass(frozen=True)
class Chip:
    text: str
    style: str  # e.g. "#000000 on #66bb6a"
    action: str | None = None  # run on click, e.g. "app.decisions_with('applies')"


class ChipLine(Widget):
    """A heading and chips, laid out to the widget's width."""

    DEFAULT_CSS = """
    ChipLine { height: auto; width: 1fr; }
    """

    heading: reactive[str] = reactive("", layout=True)
    chips: reactive[tuple[Chip, ...]] = reactive((), layout=True)

    def render(self) -> Content:
        width = max(10, self.size.width or 80)
        parts: list[Content] = []
        used = 0
        if self.heading:
            parts.append(Content.styled(self.heading + " ", "bold"))
            used = len(self.heading) + 1
        for chip in self.chips:
            label = f" {chip.text} "
            if used and used + len(label) > width:
                parts.append(Content("\n"))
                used = 0
            content = Content.styled(label, chip.style)
            if chip.action:
                content = content.stylize(f"@click={chip.action}")
            parts.append(content)
            parts.append(Content(" "))
            used += len(label) + 1
        return Content.assemble(*parts)
