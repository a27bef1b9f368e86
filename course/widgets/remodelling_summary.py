"""The remodelling explorer's run in words: the summary under the chart and its alt text.

The sentences are in ``assets/01_bone_biology/remodelling_explorer.yml`` (``words`` and ``alt``);
these functions fill them in with a run's numbers. Used by
:class:`course.widgets.remodelling_explorer.RemodellingExplorer`.
"""

from __future__ import annotations

import numpy as np

from course.models import remodelling as model
from course.widgets.kit import callout, widget_text, words

TEXT = widget_text("01_bone_biology", "remodelling_explorer", required=("words", "alt"))
#: summary sentences (folded), and the trend clauses kept with their leading space
_W = {k: v if k in ("growing", "shrinking") else words(v) for k, v in TEXT["words"].items()}
_ALT = TEXT["alt"]


def behaviour_text(sim: model.Simulation | None) -> str:
    """What the linearisation predicts for the healthy-bone controls, in plain words."""
    if sim is None or sim.tumour is not None:
        return ""
    stab = model.linear_stability(sim.params)
    return _W["behaviour"].format(
        behaviour=model.BEHAVIOURS[stab.kind],
        trace=f"{stab.trace:+.3f}",
        determinant=f"{stab.determinant:.5f}",
        critical=f"{model.critical_g11(sim.params):.2f}",
    )


def summary_html(sim: model.Simulation | None, comparison: model.Simulation | None) -> str:
    """A plain-words summary of a run (with the untreated run for comparison, if any)."""
    if sim is None:
        return ""
    if sim.tumour is None:
        return f"<p>{behaviour_text(sim)} {_healthy_words(sim)}</p>"
    text = _tumour_words(sim, comparison) + "."
    ends = [sim.bone_mass[-1]] + ([comparison.bone_mass[-1]] if comparison else [])
    if min(ends) <= 0:
        text += " " + _W["gone"]
    top = int(np.argmax(sim.bone_mass))
    if sim.drug is None and sim.bone_mass[top] > 101:
        text += " " + _W["overshoot"].format(
            top=f"{sim.bone_mass[top]:.0f}", day=f"{sim.t[top]:.0f}"
        )
    html_text = f"<p>{text}</p>"
    if sim.drug is not None:
        caution = _W["treated_caution"].format(
            tumour=f"{sim.tumour[-1]:.0f}", bone=f"{sim.bone_mass[-1]:.0f}"
        )
        html_text += callout(caution, "caveat", tag="p", role="note", css_class="bc-caution")
    return html_text


def _tumour_words(sim: model.Simulation, comparison: model.Simulation | None) -> str:
    """The tumour run in words: growth, shrinking with treatment, bone mass at the end."""
    top = int(np.argmax(sim.tumour))
    text = _W["tumour_grows"].format(start=f"{sim.tumour[0]:.0f}", top=f"{sim.tumour[top]:.0f}")
    if sim.tumour[-1] < sim.tumour[top] - 1:
        text += _W["tumour_shrinks"].format(end=f"{sim.tumour[-1]:.0f}")
    text += _W["bone_at_end"].format(end=f"{sim.bone_mass[-1]:.0f}")
    if comparison is not None and sim.drug is not None:
        text += _W["against_untreated"].format(
            untreated=f"{comparison.bone_mass[-1]:.0f}", day=f"{sim.drug.start_day:.0f}"
        )
    return text


def _healthy_words(sim: model.Simulation) -> str:
    """What happens in a healthy-bone run: nothing, one event, or repeated cycles."""
    ev = model.summarise_event(sim)
    if ev.resorption_start is None:
        return _W["at_rest"]
    lowest, final = f"{ev.lowest_bone_mass:.1f}", f"{ev.final_bone_mass:.1f}"
    peaks = model.cycle_peaks(sim.osteoblasts, sim.t)
    if len(peaks) >= 2:
        period = float(np.mean(np.diff(sim.t[peaks])))
        heights = sim.osteoclasts[model.cycle_peaks(sim.osteoclasts, sim.t)]
        trend = ""
        if len(heights) >= 2 and np.all(np.diff(heights) > 0.05 * heights[:-1]):
            trend = _W["growing"]
        elif len(heights) >= 2 and np.all(np.diff(heights) < -0.05 * heights[:-1]):
            trend = _W["shrinking"]
        return _W["cycles"].format(
            count=len(peaks), period=f"{period:.0f}", trend=trend, lowest=lowest, final=final
        )
    if float(sim.osteoclasts[-1]) < 0.01 * sim.reference[0]:
        peak = f"{float(sim.osteoclasts.max()):.1f}"
        return _W["breakdown"].format(peak=peak, lowest=lowest, final=final)
    return _W["one_event"].format(
        resorption=f"{ev.resorption_days:.0f}",
        formation=f"{ev.formation_days:.0f}",
        lowest=lowest,
        day=f"{ev.lowest_day:.0f}",
        final=final,
    )


def alt_text(sim: model.Simulation | None, comparison: model.Simulation | None, days: int) -> str:
    """A text description of the chart for a run over ``days`` model days."""
    if sim is None:
        return ""
    peak_c = int(np.argmax(sim.osteoclasts))
    peak_b = int(np.argmax(sim.osteoblasts))
    text = words(_ALT["charts"]).format(
        days=days,
        peak_c=f"{sim.osteoclasts[peak_c]:.1f}",
        day_c=f"{sim.t[peak_c]:.0f}",
        rest_c=f"{sim.reference[0]:.2f}",
        peak_b=f"{sim.osteoblasts[peak_b]:.0f}",
        day_b=f"{sim.t[peak_b]:.0f}",
        rest_b=f"{sim.reference[1]:.0f}",
        start=f"{sim.bone_mass[0]:.0f}",
        end=f"{sim.bone_mass[-1]:.1f}",
        lowest=f"{sim.bone_mass.min():.1f}",
    )
    if sim.tumour is not None:
        text += _ALT["tumour"].format(start=f"{sim.tumour[0]:.0f}", end=f"{sim.tumour[-1]:.0f}")
    if sim.drug is not None:
        text += _ALT["treatment"].format(day=f"{sim.drug.start_day:.0f}")
        if comparison is not None:
            text += _ALT["untreated"].format(end=f"{comparison.bone_mass[-1]:.1f}")
    if sim.stopped_early:
        text += " " + sim.message
    return text
