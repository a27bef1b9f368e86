"""Adjusted calcium calculator: measured calcium and albumin in; adjusted value, band, action out.

The arithmetic, bands and warnings are :mod:`course.clinical.calcium`; this widget only draws and
listens. Inputs are text boxes so that "2,5" and "2.5 mmol/L" work and a typed unit slip
("10 mg/dL") gets a clear message. Reused by module 5::

    calc = CalciumCalculator(calcium=2.5, albumin=25)
    calc.result.adjusted   # 2.8
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from course.clinical.calcium import (
    BANDS,
    CalciumInputError,
    CalciumResult,
    assess_calcium,
)
from course.figures import ROLE_COLOURS, Figure
from course.marking import AnswerFormatError, parse_numeric
from course.widgets.controls import LiveRegion

#: Drawn band edges (mmol/L) for the scale; the lookup itself is in course.clinical.calcium.
_SCALE = [
    ("low", 1.8, 2.2),
    ("normal", 2.2, 2.6),
    ("borderline", 2.6, 2.65),
    ("mild", 2.65, 3.0),
    ("moderate", 3.0, 3.4),
    ("severe", 3.4, 4.0),
]
_SCALE_COLOURS = {
    "low": ROLE_COLOURS["neutral"],
    "normal": ROLE_COLOURS["normal"],
    "borderline": ROLE_COLOURS["neutral"],
    "mild": ROLE_COLOURS["mild"],
    "moderate": ROLE_COLOURS["moderate"],
    "severe": ROLE_COLOURS["severe"],
}
_SYMBOL = {
    "low": "▼",
    "normal": "✔",
    "borderline": "△",
    "mild": "⚠",
    "moderate": "⚠⚠",
    "severe": "⚠⚠⚠",
}


def _number_text(value: float | str | None) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else f"{value:g}"


def band_scale_figure(result: CalciumResult) -> Figure:
    """A horizontal scale of the CKS bands with the measured and adjusted values marked."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7.5, 1.6))
    for key, lo, hi in _SCALE:
        ax.axvspan(lo, hi, color=_SCALE_COLOURS[key], alpha=0.55, lw=0)
        if key != "borderline":
            ax.text((lo + hi) / 2, 0.82, key, ha="center", va="center", fontsize=9)
    shown_adjusted = min(max(result.adjusted, 1.82), 3.98)
    shown_measured = min(max(result.measured_calcium, 1.82), 3.98)
    ax.plot(
        [shown_measured],
        [0.35],
        marker="o",
        ms=9,
        mfc="white",
        mec="black",
        ls="none",
        label=f"measured {result.measured_calcium:g}",
    )
    ax.plot(
        [shown_adjusted],
        [0.35],
        marker="D",
        ms=10,
        color="black",
        ls="none",
        label=f"adjusted {result.adjusted:.2f}",
    )
    if abs(shown_adjusted - shown_measured) > 0.02:
        ax.annotate(
            "",
            xy=(shown_adjusted, 0.35),
            xytext=(shown_measured, 0.35),
            arrowprops={"arrowstyle": "->", "color": "black"},
        )
    ax.set_xlim(1.8, 4.0)
    ax.set_ylim(0, 1)
    ax.set_yticks([])
    ax.set_xlabel("calcium (mmol/L); mild, moderate and severe bands from NHS CKS")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=9)
    for side in ("left", "top", "right"):
        ax.spines[side].set_visible(False)
    alt = (
        f"Scale of calcium bands from 1.8 to 4.0 mmol/L: low below 2.20, normal 2.20 to 2.60, "
        f"just above the usual range 2.61 to 2.64, mild 2.65 to 3.00, moderate 3.01 to 3.40, "
        f"severe above 3.40. Measured calcium "
        f"{result.measured_calcium:g} mmol/L (circle); adjusted {result.adjusted:.2f} mmol/L "
        f"(diamond) in the {result.band.label.lower()} band."
    )
    plt.close(fig)  # free pyplot's reference; the figure still renders to PNG
    return Figure(fig, alt)


class CalciumCalculator(widgets.VBox):
    """The adjusted calcium calculator.

    Parameters
    ----------
    calcium
        Measured total calcium to start with, mmol/L (number or text), or ``None`` for empty.
    albumin
        Serum albumin to start with, g/L, or ``None``.
    myeloma
        Tick "myeloma or a known paraprotein" at the start.
    acidosis
        Tick "acidosis" at the start.
    show_scale
        Draw the band scale under the result.

    Attributes
    ----------
    result : CalciumResult or None
        The current result, or ``None`` when the inputs are missing or refused.
    error : str or None
        The message shown for missing or refused input.
    """

    def __init__(
        self,
        calcium: float | str | None = None,
        albumin: float | str | None = None,
        *,
        myeloma: bool = False,
        acidosis: bool = False,
        show_scale: bool = True,
    ):
        style = {"description_width": "15em"}
        self.calcium_input = widgets.Text(
            value=_number_text(calcium),
            description="Measured calcium (mmol/L):",
            placeholder="e.g. 2.50",
            style=style,
            continuous_update=True,
        )
        self.albumin_input = widgets.Text(
            value=_number_text(albumin),
            description="Albumin (g/L):",
            placeholder="e.g. 25",
            style=style,
            continuous_update=True,
        )
        self.myeloma_box = widgets.Checkbox(
            value=myeloma,
            description="Myeloma or a known paraprotein",
            indent=False,
            layout=widgets.Layout(width="auto"),
        )
        self.acidosis_box = widgets.Checkbox(
            value=acidosis,
            description="Acidosis (e.g. acute kidney injury, sepsis, DKA)",
            indent=False,
            layout=widgets.Layout(width="auto"),
        )
        self.output = LiveRegion(role="status")
        self.output.add_class("bc-calcium-result")
        self.scale = widgets.HTML("")
        self.scale.add_class("bc-calcium-scale")
        self._show_scale = show_scale
        self.result: CalciumResult | None = None
        self.error: str | None = None
        self.figure: Figure | None = None
        for control in (
            self.calcium_input,
            self.albumin_input,
            self.myeloma_box,
            self.acidosis_box,
        ):
            control.observe(self._update, names="value")
        heading = widgets.HTML(
            "<b>Adjusted calcium calculator</b> (NHS CKS formula and bands). Type the results as "
            "printed on a UK report: calcium in <b>mmol/L</b>, albumin in <b>g/L</b>."
        )
        flags = widgets.VBox(
            [
                widgets.HTML("Does either of these apply? (They make the formula unreliable.)"),
                self.myeloma_box,
                self.acidosis_box,
            ]
        )
        super().__init__(
            [heading, self.calcium_input, self.albumin_input, flags, self.output, self.scale]
        )
        self.add_class("bc-calcium")
        self._update()

    # -- reading the inputs -----------------------------------------------------------------
    def _read(self, text: str, unit: str, field: str) -> float:
        if not text.strip():
            raise AnswerFormatError(f"Enter the {field} in {unit}.")
        try:
            return parse_numeric(text, unit)
        except AnswerFormatError as exc:
            raise AnswerFormatError(f"{field.capitalize()}: {exc}") from None

    def _update(self, _change=None) -> None:
        self.result = None
        self.error = None
        try:
            calcium = self._read(self.calcium_input.value, "mmol/L", "measured calcium")
            albumin = self._read(self.albumin_input.value, "g/L", "albumin")
            self.result = assess_calcium(
                calcium,
                albumin,
                myeloma=self.myeloma_box.value,
                acidosis=self.acidosis_box.value,
            )
        except (AnswerFormatError, CalciumInputError) as exc:
            self.error = str(exc)
        self._draw()

    # -- drawing ------------------------------------------------------------------------------
    def _draw(self) -> None:
        if self.result is None:
            self.output.value = f'<p class="bc-error">{html.escape(self.error or "")}</p>'
            self.scale.value = ""
            self.figure = None
            return
        r = self.result
        colour = _SCALE_COLOURS[r.band.key]
        parts = [
            f"<p>Working: {html.escape(r.working)}</p>",
            f'<p style="border-left:6px solid {colour};padding-left:0.5em">'
            f"<b>Adjusted calcium: {r.adjusted:.2f} mmol/L</b><br>"
            f"Band: {_SYMBOL[r.band.key]} <b>{html.escape(r.band.label)}</b> "
            f"({html.escape(r.band.range_text)})</p>",
            f"<p><b>What to do:</b> {html.escape(r.band.action)}</p>",
        ]
        if r.warnings:
            items = "".join(f"<li>{html.escape(w)}</li>" for w in r.warnings)
            parts.append(f"<div><b>⚠ Do not rely on this adjusted value.</b><ul>{items}</ul></div>")
        parts.append(
            "<p><small>Mild, moderate and severe bands: NHS CKS, which advises urgent admission "
            "if calcium is severe or the patient has symptoms. “Low” and “just above the usual "
            "range” are the course's labels, and the other actions are the course's "
            "suggestions. Your laboratory's reference range may differ slightly; follow local "
            "policy. Educational aid, not medical advice.</small></p>"
        )
        self.output.value = "\n".join(parts)
        if self._show_scale:
            self.figure = band_scale_figure(r)
            self.scale.value = self.figure._repr_html_()

    # -- convenience for notebooks and tests ----------------------------------------------
    def set_values(self, calcium: float | str, albumin: float | str) -> CalciumResult | None:
        """Type both values (as a learner would) and return the new result."""
        self.calcium_input.value = _number_text(calcium)
        self.albumin_input.value = _number_text(albumin)
        return self.result


def calcium_calculator(
    calcium: float | str | None = 2.50, albumin: float | str | None = 25, **kwargs
) -> CalciumCalculator:
    """Show the adjusted calcium calculator (default: the FACTS 3.2 worked example)."""
    return CalciumCalculator(calcium=calcium, albumin=albumin, **kwargs)


__all__ = ["BANDS", "CalciumCalculator", "band_scale_figure", "calcium_calculator"]
