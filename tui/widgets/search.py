"""The search box of a list: its hint as long as its width allows, never cut."""

from __future__ import annotations

from rich.cells import cell_len
from textual import events
from textual.widgets import Input


class SearchInput(Input):
    """An input whose placeholder is the longest of ``hints`` that fits (the last, shortest
    one otherwise); the longest is its tooltip."""

    def __init__(self, hints: list[str], *, id: str | None = None) -> None:
        super().__init__(placeholder=hints[-1], compact=True, id=id)
        self.hints = sorted(hints, key=cell_len, reverse=True)
        self.tooltip = self.hints[0]

    def on_resize(self, event: events.Resize) -> None:
        room = self.content_region.width - 1  # the cursor's cell
        self.placeholder = next((h for h in self.hints if cell_len(h) <= room),
                                self.hints[-1])
