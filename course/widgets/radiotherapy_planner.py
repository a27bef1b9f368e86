"""Radiotherapy planner: two schedules on one timeline (visits, relief, pain flare, retreatment).

The timelines are :mod:`course.clinical.radiotherapy`; this widget only draws and
listens::

    w = RadiotherapyPlanner()
    w.set_schedules("8Gy_1", "20Gy_5")
    [t.visits for t in w.timelines]   # [1, 5]
"""

from __future__ import annotations

import ipywidgets as widgets

from course.clinical.radiotherapy import (
    SCHEDULES,
    RadiotherapyTimeline,
    compare_schedules,
)
from course.figures import PALETTE, ROLE_COLOURS, Figure, new_figure
from course.widgets.kit import table_html, widget_text, words

_DAYS_SHOWN = 28


TEXT = widget_text(
    "04_treatments", "radiotherapy_planner", required=("heading", "legend", "alt", "caption")
)
_L = TEXT["legend"]


def timeline_figure(timelines: tuple[RadiotherapyTimeline, ...]) -> Figure:
    """Both schedules as rows on a 4-week day axis.

    Visits are black triangles; the pain-flare watch is a hatched orange band; the period over
    which relief builds is a green band that ends with a star (relief often felt by then).
    """
    fig, ax = new_figure((8, 0.9 + 1.1 * len(timelines)))
    labels = []
    for row, t in enumerate(reversed(timelines)):
        y = row
        relief_lo, relief_hi = t.relief_building
        ax.barh(
            y + 0.18,
            relief_hi - relief_lo,
            left=relief_lo,
            height=0.22,
            color=ROLE_COLOURS["treatment"],
            alpha=0.45,
            label=_L["relief"] if row == 0 else None,
        )
        ax.plot(
            [relief_hi],
            [y + 0.18],
            marker="*",
            ms=13,
            color=PALETTE["bluish_green"],
            ls="none",
            label=_L["felt"] if row == 0 else None,
        )
        flare_lo, flare_hi = t.flare_watch
        ax.barh(
            y - 0.12,
            flare_hi - flare_lo,
            left=flare_lo,
            height=0.22,
            color=PALETTE["orange"],
            alpha=0.45,
            hatch="//",
            edgecolor=PALETTE["vermillion"],
            label=_L["flare"] if row == 0 else None,
        )
        ax.plot(
            list(t.treatment_days),
            [y - 0.38] * t.visits,
            marker="^",
            ms=9,
            color="black",
            ls="none",
            label=_L["visit"] if row == 0 else None,
        )
        labels.append(
            TEXT["row_label"].format(dose=f"{t.schedule.total_dose_gy:g}", visits=t.visits)
        )
    for weekend in range(5, _DAYS_SHOWN, 7):
        ax.axvspan(weekend - 0.5, weekend + 1.5, color=ROLE_COLOURS["neutral"], alpha=0.12, lw=0)
    ax.set_yticks(range(len(timelines)))
    ax.set_yticklabels(labels)
    ax.set_xlim(-0.8, _DAYS_SHOWN)
    ax.set_ylim(-0.7, len(timelines) - 0.4)
    ax.set_xticks(range(0, _DAYS_SHOWN + 1, 7))
    ax.set_xlabel(TEXT["axis"])
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=9)
    parts = [
        words(TEXT["alt_part_one" if t.visits == 1 else "alt_part_many"]).format(
            label=t.schedule.label,
            visits=t.visits,
            first=t.treatment_days[0],
            last=t.last_treatment_day,
            flare_from=t.flare_watch[0],
            flare_to=t.flare_watch[1],
            relief=t.relief_building[1],
        )
        for t in timelines
    ]
    alt = TEXT["alt"].format(parts=". ".join(parts))
    return Figure(fig, alt)


class RadiotherapyPlanner(widgets.VBox):
    """Compare two radiotherapy schedules on a timeline and in a table.

    Attributes
    ----------
    timelines : tuple of RadiotherapyTimeline
        The two schedules being compared.
    figure : Figure
        The timeline figure with its alt text.
    """

    def __init__(self, first: str = "8Gy_1", second: str = "30Gy_10"):
        compare_schedules(first, second)  # an unknown schedule fails here with a clear message
        options = [(s.label, key) for key, s in SCHEDULES.items()]
        style = {"description_width": "initial"}
        self.first = widgets.Dropdown(
            options=options,
            value=first,
            description=TEXT["schedule_a"],
            style=style,
            layout=widgets.Layout(width="auto"),
        )
        self.second = widgets.Dropdown(
            options=options,
            value=second,
            description=TEXT["schedule_b"],
            style=style,
            layout=widgets.Layout(width="auto"),
        )
        self.first.observe(self._update, names="value")
        self.second.observe(self._update, names="value")
        self.picture = widgets.HTML("")
        self.picture.add_class("bc-radiotherapy-timeline")
        self.table = widgets.HTML("")
        self.table.add_class("bc-radiotherapy-table")
        heading = widgets.HTML(words(TEXT["heading"]))
        super().__init__(
            [heading, widgets.HBox([self.first, self.second]), self.picture, self.table]
        )
        self.add_class("bc-radiotherapy")
        self._update()

    def _update(self, _change=None) -> None:
        self.timelines = compare_schedules(self.first.value, self.second.value)
        self.figure = timeline_figure(self.timelines)
        self.picture.value = self.figure._repr_html_()
        summaries = [t.summary() for t in self.timelines]
        rows = [[key] + [sm[key] for sm in summaries] for key in summaries[0] if key != "Schedule"]
        columns = [TEXT["measure"]] + [sm["Schedule"] for sm in summaries]
        self.table.value = table_html(TEXT["caption"], columns, rows) + words(TEXT["after_table"])

    def set_schedules(self, first: str, second: str) -> tuple[RadiotherapyTimeline, ...]:
        """Pick both schedules as a learner would, and return the new timelines."""
        self.first.value = first
        self.second.value = second
        return self.timelines


def radiotherapy_planner(first: str = "8Gy_1", second: str = "30Gy_10") -> RadiotherapyPlanner:
    """Show the radiotherapy planner (default: a single 8 Gy fraction against 30 Gy in 10)."""
    return RadiotherapyPlanner(first, second)
