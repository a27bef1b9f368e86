"""Mirels' score: four choices in, the score, its fracture-risk band and the usual plan out.

The scoring is :mod:`course.clinical.mirels` (Mirels 1989); this widget only draws and listens::

    w = MirelsCalculator()
    w.set_choices("peritrochanteric", "functional", "lytic", "third_to_two_thirds")
    w.result.total   # 11
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from course.clinical.mirels import (
    ITEM_LABELS,
    MAX_SCORE,
    MIN_SCORE,
    MIRELS_ITEMS,
    MirelsResult,
    mirels_score,
)
from course.figures import Figure, new_figure
from course.widgets.controls import LiveRegion, SingleChoice
from course.widgets.kit import badge, callout, prose, table_html, verdict, widget_text, words

TEXT = widget_text(
    "04_treatments", "mirels_widget", required=("heading", "caption", "result", "scale_alt")
)
#: a Mirels band -> its verdict in the kit
_BAND = {"low": "low_risk", "borderline": "borderline_risk", "high": "high_risk"}
#: Drawn band edges on the 4-12 scale (half-points so each whole score sits inside its band).
_SCALE = [("low", 3.5, 7.5), ("borderline", 7.5, 8.5), ("high", 8.5, 12.5)]


def mirels_scale_figure(result: MirelsResult) -> Figure:
    """A 4-12 scale coloured by band, with the total marked."""
    fig, ax = new_figure((7, 1.5))
    for name, lo, hi in _SCALE:
        colour, label = verdict(_BAND[name]).colour, verdict(_BAND[name]).label
        ax.axvspan(lo, hi, color=colour, alpha=0.5, lw=0)
        ax.text((lo + hi) / 2, 0.8, label, ha="center", va="center", fontsize=9)
    ax.plot([result.total], [0.35], marker="v", ms=14, color="black", ls="none")
    ax.text(result.total, 0.08, f"{result.total}", ha="center", fontsize=10, fontweight="bold")
    ax.set_xlim(3.5, 12.5)
    ax.set_ylim(0, 1)
    ax.set_xticks(range(MIN_SCORE, MAX_SCORE + 1))
    ax.set_yticks([])
    ax.set_xlabel(TEXT["scale_axis"])
    for side in ("left", "top", "right"):
        ax.spines[side].set_visible(False)
    alt = words(TEXT["scale_alt"]).format(
        total=result.total, band=result.band.name, risk=result.fracture_risk
    )
    return Figure(fig, alt)


def _key(item: str, choice: str) -> str:
    """The option key of a valid choice typed with spaces, hyphens or capitals."""
    return choice.strip().lower().replace(" ", "_").replace("-", "_")


class MirelsCalculator(widgets.VBox):
    """Mirels' score with one set of radio buttons per item.

    Attributes
    ----------
    result : MirelsResult
        The current score.
    figure : Figure
        The scale figure, with its alt text.
    """

    def __init__(
        self,
        site: str = "lower_limb",
        pain: str = "moderate",
        lesion: str = "mixed",
        size: str = "third_to_two_thirds",
    ):
        start = {"site": site, "pain": pain, "lesion": lesion, "size": size}
        start = mirels_score(**start).choices  # a bad start choice fails with a clear message
        start = {item: _key(item, choice) for item, choice in start.items()}
        self.controls: dict[str, widgets.RadioButtons] = {}
        for item, options in MIRELS_ITEMS.items():
            self.controls[item] = SingleChoice(
                [(key, f"{label} ({pts})") for key, (pts, label) in options.items()],
                value=start[item],
                label=ITEM_LABELS[item],
            )
            self.controls[item].observe(self._update, names="value")
        self.output = LiveRegion(role="status")
        self.output.add_class("bc-mirels-result")
        self.scale = widgets.HTML("")
        self.scale.add_class("bc-mirels-scale")
        heading = widgets.HTML(words(TEXT["heading"]))
        grid = widgets.GridBox(
            list(self.controls.values()),
            layout=widgets.Layout(grid_template_columns="repeat(2, minmax(18em, 1fr))"),
        )
        super().__init__([heading, grid, self.output, self.scale])
        self.add_class("bc-mirels")
        self._update()

    def _update(self, _change=None) -> None:
        choices = {item: control.value for item, control in self.controls.items()}
        self.result = mirels_score(**choices)
        r = self.result
        rows = [
            [ITEM_LABELS[item], MIRELS_ITEMS[item][r.choices[item]][1], r.points[item]]
            for item in MIRELS_ITEMS
        ]
        total = [TEXT["total"], r.total]
        table = table_html(TEXT["caption"], TEXT["columns"], rows, row_headers=False, total=total)
        result = words(TEXT["result"]).format(
            total=r.total,
            badge=badge(_BAND[r.band.name]),
            risk=html.escape(r.fracture_risk),
            recommendation=html.escape(r.recommendation),
        )
        self.output.value = (
            table
            + callout(result, _BAND[r.band.name], tag="p")
            + f"<p><small>{prose(TEXT['caveat'])}</small></p>"
        )
        self.figure = mirels_scale_figure(r)
        self.scale.value = self.figure._repr_html_()

    def set_choices(self, site: str, pain: str, lesion: str, size: str) -> MirelsResult:
        """Choose all four answers as a learner would, and return the new result."""
        for item, value in (("site", site), ("pain", pain), ("lesion", lesion), ("size", size)):
            self.controls[item].value = value
        return self.result


def mirels_calculator(**choices: str) -> MirelsCalculator:
    """Show Mirels' score calculator (start choices can be given by item name)."""
    return MirelsCalculator(**choices)
