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
    SCHEME_NOTE,
    CalciumInputError,
    CalciumResult,
    assess_calcium,
)
from course.figures import Figure, course_style, new_figure
from course.questions.marking import AnswerFormatError, parse_numeric
from course.widgets.controls import LiveRegion
from course.widgets.kit import badge, callout, prose, verdict, widget_text, words

TEXT = widget_text(
    "03_diagnosis",
    "calcium_widget",
    required=("heading", "footnote", "scale_axis", "scale_alt", "missing_value"),
)

#: Drawn band edges (mmol/L) for the scale; the lookup itself is in course.clinical.calcium.
_SCALE = [
    ("low", 1.8, 2.2),
    ("normal", 2.2, 2.6),
    ("borderline", 2.6, 2.65),
    ("mild", 2.65, 3.0),
    ("moderate", 3.0, 3.4),
    ("severe", 3.4, 4.0),
]


def _number_text(value: float | str | None) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else f"{value:g}"


def band_scale_figure(result: CalciumResult) -> Figure:
    """A horizontal scale of the CKS bands with the measured and adjusted values marked."""
    with course_style():
        fig, ax = new_figure((7.5, 1.6))
        _draw_scale(ax, result)
    alt = words(TEXT["scale_alt"]).format(
        measured=f"{result.measured_calcium:g}",
        adjusted=f"{result.adjusted:.2f}",
        band=result.band.label.lower(),
    )
    return Figure(fig, alt)


def _draw_scale(ax, result: CalciumResult) -> None:
    for key, lo, hi in _SCALE:
        ax.axvspan(lo, hi, color=verdict(key).colour, alpha=0.55, lw=0)
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
    ax.set_xlabel(TEXT["scale_axis"])
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=9)
    for side in ("left", "top", "right"):
        ax.spines[side].set_visible(False)


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
            description=TEXT["calcium"],
            placeholder=TEXT["calcium_placeholder"],
            style=style,
            continuous_update=True,
        )
        self.albumin_input = widgets.Text(
            value=_number_text(albumin),
            description=TEXT["albumin"],
            placeholder=TEXT["albumin_placeholder"],
            style=style,
            continuous_update=True,
        )
        self.myeloma_box = widgets.Checkbox(
            value=myeloma,
            description=TEXT["myeloma"],
            indent=False,
            layout=widgets.Layout(width="auto"),
        )
        self.acidosis_box = widgets.Checkbox(
            value=acidosis,
            description=TEXT["acidosis"],
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
        heading = widgets.HTML(words(TEXT["heading"]))
        flags = widgets.VBox(
            [
                widgets.HTML(html.escape(TEXT["flags_prompt"])),
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
            raise AnswerFormatError(TEXT["missing_value"].format(field=field, unit=unit))
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
        result_html = (
            f"<b>{TEXT['adjusted']} {r.adjusted:.2f} mmol/L</b><br>"
            f"{TEXT['band']} {badge(r.band.key, r.band.label)} ({html.escape(r.band.range_text)})"
        )
        parts = [
            f"<p>{TEXT['working']} {html.escape(r.working)}</p>",
            callout(result_html, r.band.key, tag="p"),
            f"<p><b>{TEXT['what_to_do']}</b> {html.escape(r.band.action)}</p>",
        ]
        if r.warnings:
            items = "".join(f"<li>{html.escape(w)}</li>" for w in r.warnings)
            warning = f"<b>{verdict('warning').symbol} {TEXT['unreliable']}</b><ul>{items}</ul>"
            parts.append(callout(warning, "warning"))
        parts.append(f"<p><small>{prose(TEXT['footnote'])}</small></p>")
        self.output.value = "\n".join(parts)
        if self._show_scale:
            self.figure = band_scale_figure(r)
            self.scale.value = self.figure._repr_html_() + (
                f'<p class="bc-scheme-note"><small>{html.escape(SCHEME_NOTE)}</small></p>'
            )

    # -- convenience for notebooks and tests ----------------------------------------------
    def set_values(self, calcium: float | str, albumin: float | str) -> CalciumResult | None:
        """Type both values (as a learner would) and return the new result."""
        self.calcium_input.value = _number_text(calcium)
        self.albumin_input.value = _number_text(albumin)
        return self.result


def calcium_calculator(
    calcium: float | str | None = 2.50, albumin: float | str | None = 25, **kwargs
) -> CalciumCalculator:
    """Show the adjusted calcium calculator (default: the module's worked example)."""
    return CalciumCalculator(calcium=calcium, albumin=albumin, **kwargs)


__all__ = ["BANDS", "CalciumCalculator", "band_scale_figure", "calcium_calculator"]
