"""The risk matrix as a heat map: open risks per likelihood x impact cell, coloured by level."""

from __future__ import annotations

from rich.cells import cell_len
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from riskreg.views import HeatMap
from tui import format as fmt
from tui.i18n import current_lang, t


class HeatMapView(Widget):
    """Draws a :class:`riskreg.views.HeatMap`; cells widen (with scale names) when there is room."""

    DEFAULT_CSS = """
    HeatMapView {
        width: 1fr;
        height: auto;
    }
    """

    heat: reactive[HeatMap | None] = reactive(None, layout=True)

    def render(self) -> Content:
        heat = self.heat
        if heat is None:
            return Content.styled(t("tui.loading"), "$text-muted")
        lang = current_lang()
        matrix = heat.matrix
        n_l, n_i = heat.likelihood_steps, heat.impact_steps
        names = [matrix.likelihood_name(s, lang) for s in range(1, n_l + 1)]
        impacts = [f"{s} {matrix.impact_name(s, lang)}" for s in range(1, n_i + 1)]
        width = self.size.width or 40
        axis_l = "↑ " + t("scale.likelihood")
        label_w = min(max(cell_len(axis_l), *(cell_len(f"{n} {x}") for n, x in
                                              enumerate(names, 1))) + 1,
                      max(6, width - n_i * 5 - 1))
        cell_w = max(4, min(14, (width - label_w - 1) // n_i - 1))
        # the impact scale's names head the columns when every one fits; else the columns
        # are numbered and the names follow the matrix in a line of their own
        named = all(cell_len(x) <= cell_w for x in impacts)
        lines: list[Content] = []
        header = [Content.styled(fmt.clip(axis_l, label_w - 1).ljust(label_w), "$text-muted")]
        for step, label in enumerate(impacts, 1):
            header.append(Content(" " + (label if named else str(step)).center(cell_w)))
        lines.append(Content.assemble(*header, "\n").stylize("bold"))
        for likelihood in range(n_l, 0, -1):
            label = fmt.clip(f"{likelihood} {names[likelihood - 1]}", label_w - 1)
            row = [Content.styled(label.ljust(label_w), "bold")]
            for impact in range(1, n_i + 1):
                count = heat.count(likelihood, impact)
                band = heat.band(likelihood, impact)
                text = str(count) if count else "·"
                row.append(Content(" "))
                row.append(Content.styled(text.center(cell_w),
                                          fmt.chip_style(fmt.shade(band.colour))
                                          + (" bold" if count else "")))
            lines.append(Content.assemble(*row, "\n"))
        axis_i = t("scale.impact") + " →"
        lines.append(flow([(axis_i, "$text-muted"), *((x, "") for x in impacts)]
                          if not named else [(axis_i, "$text-muted")], width, "  "))
        lines.append(Content("\n"))
        lines.append(flow([(f" {fmt.band_label(b)} {b.low}–{b.high} ",
                            fmt.chip_style(fmt.shade(b.colour))) for b in matrix.bands],
                          width, " "))
        return Content.assemble(*lines)


def flow(items: list[tuple[str, str]], width: int, gap: str) -> Content:
    """Styled items in lines of ``width``, broken between items, never inside one."""
    parts: list[Content] = []
    used = 0
    for text, style in items:
        if used and used + len(gap) + cell_len(text) > width:
            parts.append(Content("\n"))
            used = 0
        if used:
            parts.append(Content(gap))
            used += len(gap)
        parts.append(Content.styled(text, style))
        used += cell_len(text)
    return Content.assemble(*parts)
