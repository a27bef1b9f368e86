"""High calcium from result to recovery: the calculator, the urgency, the treatment timeline.

Three parts, each driven by tested rules:

1. the adjusted calcium calculator of module 3
   (:class:`course.widgets.calcium_calculator.CalciumCalculator`, reused as it is, with its
   arithmetic in :mod:`course.clinical.calcium`);
2. the urgency for this band with or without symptoms (:func:`course.clinical.triage.assess`);
3. the treatment timeline and what to expect at a chosen time after the bisphosphonate
   (:mod:`course.clinical.hypercalcaemia`).

The timeline figure marks the chosen time with a labelled vertical line and its alt text says
the same in words.
"""

from __future__ import annotations

import html

import ipywidgets as W

from course.clinical.hypercalcaemia import NURSE_ROLE, Status, status_at, timeline
from course.clinical.triage import FINDINGS, Assessment, assess
from course.figures import PALETTE, ROLE_COLOURS, Figure, new_figure
from course.widgets.calcium_calculator import CalciumCalculator
from course.widgets.controls import IntSlider, LiveRegion
from course.widgets.kit import widget_text, words
from course.widgets.self_check import CSS

TEXT = widget_text(
    "05_symptoms_and_emergencies",
    "hypercalcaemia_explorer",
    required=("heading", "patient_step", "treatment_step", "alt", "urgency"),
)

CALCIUM_SYMPTOMS = (
    "thirst_and_passing_more_urine",
    "new_constipation_and_nausea",
    "new_confusion_or_drowsiness",
)
_PHASE_COLOURS = {
    "fluids": PALETTE["sky_blue"],
    "bisphosphonate": ROLE_COLOURS["treatment"],
    "onset": PALETTE["orange"],
    "normal": ROLE_COLOURS["normal"],
    "recheck": PALETTE["reddish_purple"],
    "u_and_e": ROLE_COLOURS["neutral"],
}
_URGENCY_SYMBOL = {0: "✔", 1: "⚠", 2: "⚠⚠"}


def timeline_figure(hours: float, heart_or_kidney_failure: bool = False) -> Figure:
    """Bars for each phase (days from the dose) and a line at ``hours`` after the dose."""
    phases = timeline(heart_or_kidney_failure)
    fig, ax = new_figure((7.2, 2.9))
    for row, phase in enumerate(reversed(phases)):
        width = max(phase.end_day - phase.start_day, 0.08)
        ax.barh(
            row,
            width,
            left=phase.start_day,
            color=_PHASE_COLOURS[phase.key],
            edgecolor="black",
            height=0.6,
        )
        ax.text(-1.15, row, phase.label, ha="right", va="center", fontsize=9)
    day = hours / 24
    ax.axvline(day, color="black", lw=2, ls="--")
    ax.text(day, len(phases) - 0.35, f" {hours:g} h", ha="left", va="bottom", fontsize=9)
    ax.set_xlim(-1.1, 7)
    ax.set_ylim(-0.6, len(phases))
    ax.set_yticks([])
    ax.set_xlabel(TEXT["axis"])
    for side in ("left", "top", "right"):
        ax.spines[side].set_visible(False)
    status = status_at(hours)
    alt = words(TEXT["alt"]).format(
        hours=f"{hours:g}",
        verdict=TEXT["alt_recheck" if status.recheck_allowed else "alt_too_early"],
    )
    return Figure(fig, alt)


class HypercalcaemiaExplorer(W.VBox):
    """Calculator, urgency and treatment timeline for high calcium.

    Parameters
    ----------
    calcium, albumin
        Results to start the calculator with (mmol/L, g/L).
    symptoms
        Codes of calcium symptoms to tick at the start (see :data:`CALCIUM_SYMPTOMS`).
    hours
        Hours since the bisphosphonate to start the timeline at.
    """

    def __init__(
        self,
        calcium: float | str | None = 2.95,
        albumin: float | str | None = 28,
        symptoms: tuple[str, ...] = (),
        hours: int = 24,
    ):
        unknown = [s for s in symptoms if s not in CALCIUM_SYMPTOMS]
        if unknown:
            raise ValueError(
                TEXT["not_a_symptom"].format(
                    codes=", ".join(unknown), known=", ".join(CALCIUM_SYMPTOMS)
                )
            )
        self.calculator = CalciumCalculator(calcium=calcium, albumin=albumin)
        self.symptom_boxes = {
            code: W.Checkbox(
                value=code in symptoms,
                description=FINDINGS[code].label,
                indent=False,
                layout=W.Layout(width="auto"),
            )
            for code in CALCIUM_SYMPTOMS
        }
        self.urgency_view = LiveRegion(role="status")
        self.urgency_view.add_class("bc-hypercalcaemia-urgency")
        self.failure_box = W.Checkbox(
            value=False,
            description=TEXT["failure"],
            indent=False,
            layout=W.Layout(width="auto"),
        )
        self.hours_slider = IntSlider(
            TEXT["hours"],
            unit="hours",
            value=hours,
            min=0,
            max=168,
            step=6,
            continuous_update=False,
        )
        self.picture = W.HTML("")
        self.picture.add_class("bc-hypercalcaemia-figure")
        self.status_view = LiveRegion(role="status")
        self.status_view.add_class("bc-hypercalcaemia-status")
        self.phases_view = W.HTML("")
        self.assessment: Assessment | None = None
        self.status: Status | None = None
        self.figure: Figure | None = None

        calc = self.calculator
        for control in (
            calc.calcium_input,
            calc.albumin_input,
            calc.myeloma_box,
            calc.acidosis_box,
            *self.symptom_boxes.values(),
        ):
            control.observe(self._update_urgency, names="value")
        for control in (self.hours_slider, self.failure_box):
            control.observe(self._update_timeline, names="value")

        super().__init__(self._children())
        self.add_class("bc-check")
        self.add_class("bc-hypercalcaemia")
        self._update_urgency()
        self._update_timeline()

    def _children(self) -> list:
        """The explorer's three steps, top to bottom, and the nurse's role."""
        role = "".join(f"<li>{html.escape(p)}</li>" for p in NURSE_ROLE)
        calc = self.calculator
        return [
            W.HTML(CSS + words(TEXT["heading"])),
            calc,
            W.HTML(TEXT["patient_step"]),
            *self.symptom_boxes.values(),
            self.urgency_view,
            W.HTML(words(TEXT["treatment_step"])),
            self.failure_box,
            self.hours_slider,
            self.picture,
            self.status_view,
            self.phases_view,
            W.HTML(
                f"<details><summary><b>{TEXT['nurse_role']}</b></summary><ul>{role}</ul></details>"
            ),
        ]

    def ticked_symptoms(self) -> list[str]:
        """The codes of the symptoms ticked now."""
        return [c for c, b in self.symptom_boxes.items() if b.value]

    def _update_urgency(self, _change=None) -> None:
        result = self.calculator.result
        if result is None:
            self.assessment = None
            self.urgency_view.value = TEXT["no_result"]
            return
        self.assessment = assess(self.ticked_symptoms(), calcium_band=result.band.key)
        a = self.assessment
        reasons = "".join(
            f"<li>{html.escape(r.label)}: {html.escape(r.explanation)}</li>" for r in a.reasons
        )
        caveat = ""
        if result.ionised_advised:
            caveat = words(TEXT["ionised"])
        urgency = TEXT["urgency"].format(
            symbol=_URGENCY_SYMBOL[int(a.urgency)], label=html.escape(a.urgency.label)
        )
        detail = TEXT["urgency_detail"].format(
            adjusted=f"{result.adjusted:.2f}", band=html.escape(result.band.label.lower())
        )
        self.urgency_view.value = (
            f"<p><b>{urgency}</b> {detail}</p><ul>{reasons}</ul>"
            f"<p><b>{TEXT['do']}</b> {html.escape(a.actions[0])}</p>{caveat}"
        )

    def _update_timeline(self, _change=None) -> None:
        hours = self.hours_slider.value
        failure = self.failure_box.value
        self.status = status_at(hours)
        self.figure = timeline_figure(hours, failure)
        self.picture.value = self.figure._repr_html_()
        s = self.status
        symbol = "✔" if s.recheck_allowed else "✘"
        self.status_view.value = (
            f"<p><b>{TEXT['at_time'].format(hours=hours, day=f'{hours / 24:.1f}')}</b> "
            f"{html.escape(s.expect)}</p>"
            f"<p><b>{symbol} {TEXT['recheck']}</b> {html.escape(s.recheck_message)}</p>"
        )
        self.phases_view.value = (
            f"<details><summary>{TEXT['phases']}</summary><ul>"
            + "".join(
                f"<li><b>{html.escape(p.label)}</b>: {html.escape(p.nurse)}</li>"
                for p in timeline(failure)
            )
            + "</ul></details>"
        )


def hypercalcaemia_explorer(
    calcium: float | str | None = 2.95, albumin: float | str | None = 28, **kwargs
) -> HypercalcaemiaExplorer:
    """Show the high-calcium explorer (default: measured 2.95 mmol/L, albumin 28 g/L)."""
    return HypercalcaemiaExplorer(calcium=calcium, albumin=albumin, **kwargs)
