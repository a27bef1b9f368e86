"""How often (module 2): bone-metastasis frequency by primary, for a chosen population.

The figures, populations and sorting are :mod:`course.biology.spread` (``assets/02_spread/
frequency.yml``); this widget only draws and listens. Each bar is a range (low to high) with its
figure written beside it, so the numbers never depend on colour; the caption names the population
and the source, because a frequency means nothing without them.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from course.bibliography import cite
from course.biology.spread import (
    SORTS,
    FrequencyRow,
    Population,
    SpreadData,
    default_data,
    frequency_rows,
)
from course.figures import GREYS, PALETTE, ROLE_COLOURS, Figure, new_figure
from course.widgets.kit import widget_text, words

TEXT = widget_text("02_spread", "frequency_chart", required=("alt", "notes", "who", "source"))
_N = TEXT["notes"]

_KIND_STYLE = {
    "metastasis": (PALETTE["blue"], ""),
    "marrow_primary": (PALETTE["orange"], "////"),
    "all": (ROLE_COLOURS["neutral"], ""),
}


def frequency_figure(rows: list[FrequencyRow], population: Population) -> Figure:
    """Horizontal range bars, one per row, with the figure written at the end of each bar."""
    height = 0.9 + 0.42 * max(len(rows), 1)
    fig, ax = new_figure((7.2, height))
    for y, row in enumerate(reversed(rows)):
        colour, hatch = _KIND_STYLE.get(row.kind, _KIND_STYLE["metastasis"])
        width = max(row.high - row.low, 0.8)  # a single figure still shows as a short bar
        ax.barh(
            y,
            width,
            left=row.low if row.high > row.low else row.low - 0.4,
            height=0.55,
            color=colour,
            hatch=hatch,
            edgecolor="black",
            linewidth=0.6,
        )
        flag = TEXT["not_checked"] if row.unverified else ""
        ax.text(row.high + 1.5, y, row.range_text + flag, va="center", fontsize=9)
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels([r.label for r in reversed(rows)], fontsize=9)
    ax.set_xlim(0, 110)
    ax.set_xticks(range(0, 101, 20))
    ax.set_xlabel(population.measure)
    ax.grid(axis="x", color=GREYS["faint"], linewidth=0.6)
    ax.set_axisbelow(True)
    ax.set_title(population.label, fontsize=10)
    described = "; ".join(f"{r.label} {r.range_text}" for r in rows) or TEXT["no_rows"]
    alt = TEXT["alt"].format(
        measure=population.measure,
        population=population.label.lower(),
        rows=described,
        who=population.who,
    )
    return Figure(fig, alt)


class FrequencyChart(widgets.VBox):
    """The frequency chart with population, sort and filter controls.

    Parameters
    ----------
    population
        ``"advanced"`` (default), ``"postmortem"`` or ``"everyone"``.
    sort
        A key of :data:`course.biology.spread.SORTS`.
    include_marrow_primary
        Show myeloma (whose bone disease is not a spread).
    focus_only
        Show only breast, prostate, lung, kidney and thyroid.

    Attributes
    ----------
    rows : list of FrequencyRow
        What the chart currently shows, in order from the top.
    """

    def __init__(
        self,
        population: str = "advanced",
        sort: str = "high_first",
        *,
        include_marrow_primary: bool = True,
        focus_only: bool = False,
        data: SpreadData | None = None,
    ):
        self.data = data or default_data()
        frequency_rows(population, sort, data=self.data)  # fail early on a bad choice
        style = {"description_width": "initial"}
        self.population_choice = widgets.Dropdown(
            options=[(p.label, p.id) for p in self.data.populations.values()],
            value=population,
            description=TEXT["population"],
            style=style,
            layout=widgets.Layout(width="auto"),
        )
        self.sort_choice = widgets.Dropdown(
            options=[(label, key) for key, label in SORTS.items()],
            value=sort,
            description=TEXT["sort"],
            style=style,
            layout=widgets.Layout(width="auto"),
        )
        self.myeloma_box = widgets.Checkbox(
            value=include_marrow_primary,
            indent=False,
            layout=widgets.Layout(width="auto"),
            description=TEXT["myeloma"],
        )
        self.focus_box = widgets.Checkbox(
            value=focus_only,
            indent=False,
            layout=widgets.Layout(width="auto"),
            description=TEXT["focus"],
        )
        self.chart = widgets.HTML("")
        self.chart.add_class("bc-frequency-chart")
        self.caption = widgets.HTML("")
        self.caption.add_class("bc-frequency-caption")
        self.rows: list[FrequencyRow] = []
        self.figure: Figure | None = None
        for control in (self.population_choice, self.sort_choice, self.myeloma_box, self.focus_box):
            control.observe(self._update, names="value")
        super().__init__(
            [
                widgets.HBox(
                    [self.population_choice, self.sort_choice],
                    layout=widgets.Layout(flex_flow="row wrap"),
                ),
                self.myeloma_box,
                self.focus_box,
                self.chart,
                self.caption,
            ]
        )
        self.add_class("bc-frequency")
        self._update()

    @property
    def population(self) -> Population:
        """The chosen population (who was counted)."""
        return self.data.populations[self.population_choice.value]

    def _update(self, _change=None) -> None:
        population = self.population
        by_primary = any(r.primary for r in population.rows)
        has_marrow = any(r.kind == "marrow_primary" for r in population.rows)
        # the filters only make sense for figures given per primary cancer
        self.focus_box.disabled = not by_primary
        self.myeloma_box.disabled = not has_marrow
        self.rows = frequency_rows(
            population.id,
            self.sort_choice.value,
            include_marrow_primary=self.myeloma_box.value,
            focus_only=self.focus_box.value and by_primary,
            data=self.data,
        )
        notes = []
        if not by_primary:
            notes.append(words(_N["all_cancers"]))
        if any(r.unverified for r in self.rows):
            notes.append(words(_N["unverified"]))
        if any(r.kind == "marrow_primary" for r in self.rows):
            notes.append(words(_N["marrow"]))
        if self.sort_choice.value == "survival":
            survival = "; ".join(
                f"{self.data.primary(r.primary).name}: {self.data.primary(r.primary).survival_text}"
                for r in self.rows
                if r.primary
            )
            if survival:
                notes.append(_N["survival"].format(survival=survival))
        self.figure = frequency_figure(self.rows, population)
        self.chart.value = self.figure._repr_html_()
        note_html = "".join(f"<li>{html.escape(n)}</li>" for n in notes)
        self.caption.value = (
            f"<p>{TEXT['who'].format(who=html.escape(population.who))}<br>"
            f"{TEXT['source'].format(source=html.escape(cite(population.source)))}</p>"
            + (f"<ul>{note_html}</ul>" if note_html else "")
        )


def frequency_chart(
    population: str = "advanced", sort: str = "high_first", **kwargs
) -> FrequencyChart:
    """Show the bone-metastasis frequency chart."""
    return FrequencyChart(population=population, sort=sort, **kwargs)
