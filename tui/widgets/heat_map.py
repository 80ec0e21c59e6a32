"""The risk matrix as a heat map: open risks per likelihood x impact cell, coloured by level."""

from __future__ import annotations

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
        width = self.size.width or 40
        label_w = min(max(len(f"{n} {x}") for n, x in enumerate(names, 1)) + 1,
                      max(6, width - n_i * 5 - 1))
        cell_w = max(4, min(14, (width - label_w - 1) // n_i - 1))
        lines: list[Content] = []
        header = [Content("\u00a0" * label_w)]  # (a plain space would be trimmed)
        for step in range(1, n_i + 1):
            name = matrix.impact_name(step, lang)
            label = f"{step} {name}" if cell_w >= 8 else str(step)
            header.append(Content(" " + fmt.clip(label, cell_w).center(cell_w)))
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
        axis = t("tui.matrix.axes")
        lines.append(Content.styled(fmt.clip(axis, width), "$text-muted"))
        lines.append(Content("\n"))
        legend: list[Content] = []
        used = 0
        for band in matrix.bands:  # chips laid out by hand: a chip never breaks over lines
            chip = f" {fmt.band_label(band)} {band.low}–{band.high} "
            if used and used + len(chip) > width:
                legend.append(Content("\n"))
                used = 0
            legend.append(Content.styled(chip, fmt.chip_style(fmt.shade(band.colour))))
            legend.append(Content(" "))
            used += len(chip) + 1
        lines.append(Content.assemble(*legend))
        return Content.assemble(*lines)
