"""Remodelling explorer: osteoclasts, osteoblasts and bone mass from a published model.

The widget only draws and listens; the science is :mod:`course.models.remodelling` (Komarova et
al. 2003; Ayati et al. 2010). One matplotlib figure is built once and reused: a control change
recomputes the model, moves the lines' data and renders the figure to a PNG shown with alt text.
Sliders use ``continuous_update=False``, so a drag recomputes once, when it is released.
"""

from __future__ import annotations

import base64
import html
import io
import math
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache

import ipywidgets as W
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.ticker import MaxNLocator

from course.figures import PALETTE, ROLE_COLOURS
from course.models import remodelling as model
from course.widgets.controls import IntSlider, LiveRegion, Slider

#: output grid of the explorer's runs (model days); bone mass switches are located exactly
SAMPLE_STEP = 0.5
#: solver tolerances for the explorer: bone mass within about 0.001% of a 1e-10 run
TOLERANCES = {"rtol": 1e-6, "atol": 1e-8}
#: treatment slider range (model days)
TREATMENT_DAYS = (0, 950)

K_RATES = {
    "komarova": ("Komarova Fig. 2 (k1 0.24, k2 0.0017)", 0.24, 0.0017),
    "ayati": ("Ayati 2010 (k1 0.0748, k2 0.00064)", 0.0748, 0.0006395),
}


@dataclass(frozen=True)
class Preset:
    """A named set of control values showing one of the paper's behaviours."""

    label: str
    g11: float
    g12: float
    g21: float
    g22: float
    rates: str
    days: int
    extra_osteoclasts: int
    tooltip: str


PRESETS = {
    "single": Preset(
        "One cycle",
        0.5,
        1.0,
        -0.5,
        0.0,
        "komarova",
        400,
        10,
        "Komarova Fig. 2: one remodelling cycle, then rest (g11 = 0.5)",
    ),
    "cycles": Preset(
        "Repeating cycles",
        1.1,
        1.0,
        -0.5,
        0.0,
        "ayati",
        1000,
        10,
        "g11 = 1.1: cycles that keep coming back (Ayati's normal bone)",
    ),
    "unstable": Preset(
        "Unstable growth",
        1.12,
        1.0,
        -0.5,
        0.0,
        "ayati",
        1000,
        2,
        "g11 = 1.12: swings that grow and grow (like Paget's disease)",
    ),
}

CAPTION = (
    "A <b>qualitative model</b>: it shows how the two kinds of cell drive each other, not what "
    "will happen to any patient. Time is in <i>model days</i> (the model's own scale, not days "
    "in a person); cell numbers are in model units. Sources: Komarova et al., <i>Bone</i> 2003 "
    "(healthy remodelling); Ayati et al., <i>Biology Direct</i> 2010 (a tumour and treatment "
    "model built for myeloma, not fitted to breast, prostate or other cancers that spread to "
    "bone). The model's treatment is not a bisphosphonate or denosumab."
)


@lru_cache(maxsize=8)
def _untreated_tumour_run(days: int) -> model.Simulation:
    """Ayati's untreated tumour run (cached: it does not depend on the treatment controls)."""
    return model.tumour_run(days=days, sample_step=SAMPLE_STEP, **TOLERANCES)


@lru_cache(maxsize=64)
def _healthy_run(
    g11: float, g12: float, g21: float, g22: float, rates: str, days: int, extra: float
) -> model.Simulation:
    _, k1, k2 = K_RATES[rates]
    params = model.KOMAROVA_FIG2.with_changes(g11=g11, g12=g12, g21=g21, g22=g22, k1=k1, k2=k2)
    return model.start_remodelling_event(
        params, extra_osteoclasts=extra, days=days, sample_step=SAMPLE_STEP, **TOLERANCES
    )


@lru_cache(maxsize=64)
def _treated_tumour_run(days: int, start_day: int) -> model.Simulation:
    return model.treat_from_day(_untreated_tumour_run(days), start_day, **TOLERANCES)


def _nice_ceiling(value: float) -> float:
    """The next 'nice' number (1, 2, 2.5, 5 times a power of ten) at or above ``value``, so
    that axis limits, and the cached backgrounds drawn for them, repeat between runs."""
    if value <= 0 or not math.isfinite(value):
        return 1.0
    power = 10.0 ** math.floor(math.log10(value))
    for factor in (1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0):
        if factor * power >= value * (1 - 1e-12):
            return factor * power
    return 10.0 * power  # pragma: no cover


def _slider(
    description: str, value: float, lo: float, hi: float, step: float, tooltip: str
) -> Slider:
    """A named slider (course.widgets.controls); ``tooltip`` is shown with its label."""
    return Slider(
        f"{description}: {tooltip[0].lower()}{tooltip[1:]}",
        value=value,
        min=lo,
        max=hi,
        step=step,
        decimals=2,
        continuous_update=False,
    )


class RemodellingExplorer(W.VBox):
    """The remodelling explorer widget.

    Attributes
    ----------
    sim
        The model run on show (a :class:`course.models.remodelling.Simulation`).
    comparison
        With treatment, the untreated run drawn faintly for comparison, else ``None``.
    """

    def __init__(self, dpi: int = 72):
        from matplotlib.figure import Figure

        self.dpi = dpi
        self.sim: model.Simulation | None = None
        self.comparison: model.Simulation | None = None
        self.error = ""
        self.renders = 0
        self._quiet = False
        self._saved_healthy: dict[str, object] | None = None

        preset = PRESETS["single"]
        self.preset_buttons = {}
        for key, p in PRESETS.items():
            button = W.Button(description=p.label, tooltip=p.tooltip, layout=W.Layout(width="auto"))
            button.on_click(lambda _b, key=key: self.apply_preset(key))
            self.preset_buttons[key] = button
        self.g11 = _slider(
            "Osteoclast self-signal (g11)",
            preset.g11,
            0.0,
            1.4,
            0.01,
            "How strongly osteoclasts boost their own numbers (autocrine)",
        )
        self.g21 = _slider(
            "Osteoblast → osteoclast (g21)",
            preset.g21,
            -1.0,
            0.5,
            0.05,
            "Negative: osteoblasts hold osteoclasts back overall (RANKL/OPG)",
        )
        self.g12 = _slider(
            "Osteoclast → osteoblast (g12)",
            preset.g12,
            0.0,
            2.0,
            0.1,
            "Positive: osteoclasts call in osteoblasts (coupling)",
        )
        self.g22 = _slider(
            "Osteoblast self-signal (g22)",
            preset.g22,
            -0.5,
            0.5,
            0.05,
            "How strongly osteoblasts boost their own numbers",
        )
        self.rates = W.Dropdown(
            options=[(label, key) for key, (label, _, _) in K_RATES.items()],
            value=preset.rates,
            description="Bone-mass rates:",
            style={"description_width": "initial"},
            layout=W.Layout(width="28.5em"),
        )
        self.extra = IntSlider(
            "Extra osteoclasts on day 0",
            value=preset.extra_osteoclasts,
            min=0,
            max=20,
            step=1,
            continuous_update=False,
        )
        self.event_button = W.Button(
            description="Start a remodelling event",
            icon="play",
            tooltip="Add 10 extra osteoclasts on day 0, as a signal to remodel would",
            button_style="primary",
            layout=W.Layout(width="auto"),
        )
        self.rest_button = W.Button(
            description="Back to rest",
            icon="pause",
            tooltip="No extra osteoclasts: the bone stays at rest",
        )
        self.event_button.on_click(lambda _b: self._set_event(10))
        self.rest_button.on_click(lambda _b: self._set_event(0))
        self.days = IntSlider(
            "Model days shown",
            value=preset.days,
            min=200,
            max=1500,
            step=100,
            continuous_update=False,
        )
        self.tumour = W.Checkbox(
            value=False,
            description="Tumour in the bone (myeloma model)",
            indent=False,
            layout=W.Layout(width="auto"),
        )
        self.treatment = W.Checkbox(
            value=False,
            description="Give treatment",
            indent=False,
            disabled=True,
            layout=W.Layout(width="auto"),
        )
        self.treatment_day = IntSlider(
            "Treatment starts on model day",
            value=600,
            min=TREATMENT_DAYS[0],
            max=TREATMENT_DAYS[1],
            step=50,
            continuous_update=False,
            disabled=True,
        )
        self.status = LiveRegion(role="status")
        self.summary = W.HTML("")
        self.image = W.HTML("")
        self.image.add_class("bc-remodelling-plot")
        self.caption = W.HTML(f'<p style="font-size:90%">{CAPTION}</p>')

        for control in (
            self.g11,
            self.g21,
            self.g12,
            self.g22,
            self.rates,
            self.extra,
            self.days,
            self.treatment,
            self.treatment_day,
        ):
            control.observe(self._on_change, names="value")
        self.tumour.observe(self._on_tumour, names="value")
        self.treatment.observe(self._on_treatment, names="value")

        # one figure, built once. The axes, ticks, titles and legend are drawn into a cached
        # background (one per set of axis limits); a redraw pastes the background and draws only
        # the data lines on top, then encodes the PNG.
        self.fig = Figure(figsize=(7.6, 6.6), dpi=dpi)
        self.canvas = FigureCanvasAgg(self.fig)
        self.fig.subplots_adjust(left=0.1, right=0.97, top=0.95, bottom=0.16, hspace=0.5)
        ax_c, ax_b, ax_z = self.fig.subplots(3, 1, sharex=True)
        self.axes = (ax_c, ax_b, ax_z)
        oc, ob = ROLE_COLOURS["osteoclast"], ROLE_COLOURS["osteoblast"]
        (self.line_c,) = ax_c.plot([], [], color=oc, lw=1.8, label="osteoclasts")
        (self.rest_c,) = ax_c.plot([], [], color=oc, lw=1, ls=":", label="resting level")
        (self.line_b,) = ax_b.plot([], [], color=ob, lw=1.8, label="osteoblasts")
        (self.rest_b,) = ax_b.plot([], [], color=ob, lw=1, ls=":", label="resting level")
        (self.line_z,) = ax_z.plot([], [], color=ROLE_COLOURS["bone"], lw=2, label="bone mass")
        (self.line_z0,) = ax_z.plot(
            [],
            [],
            color=ROLE_COLOURS["neutral"],
            lw=1.5,
            ls="--",
            label="bone mass without treatment",
        )
        (self.line_t,) = ax_z.plot(
            [], [], color=ROLE_COLOURS["tumour"], lw=1.5, ls="-.", label="tumour (% of its maximum)"
        )
        (self.treat_line,) = ax_z.plot(
            [],
            [],
            color=ROLE_COLOURS["treatment"],
            lw=1.5,
            ls=(0, (6, 3)),
            label="treatment starts",
        )
        self.data_artists = (
            self.line_c,
            self.rest_c,
            self.line_b,
            self.rest_b,
            self.line_z,
            self.line_z0,
            self.line_t,
            self.treat_line,
        )
        for artist in self.data_artists:
            artist.set_animated(True)
        ax_c.set_title(
            "Osteoclasts: the cells that remove bone (dotted: resting level)",
            loc="left",
            fontsize=11,
        )
        ax_b.set_title(
            "Osteoblasts: the cells that build bone (dotted: resting level)",
            loc="left",
            fontsize=11,
        )
        ax_z.set_title("Bone mass at this site (% of the start)", loc="left", fontsize=11)
        ax_c.set_ylabel("cells")
        ax_b.set_ylabel("cells")
        ax_z.set_ylabel("%")
        ax_z.set_xlabel("time (model days)")
        for ax in self.axes:
            ax.spines["top"].set_visible(False)
            ax.spines["right"].set_visible(False)
            ax.grid(alpha=0.25)
            ax.yaxis.set_major_locator(MaxNLocator(4))
        self._legend_z = None
        self._backgrounds: OrderedDict[tuple, object] = OrderedDict()
        self.background_draws = 0

        presets = W.HBox([W.Label("Show a behaviour:"), *self.preset_buttons.values()])
        signals = W.VBox(
            [
                W.HTML("<b>Signalling strengths</b> (the paper's exponents)"),
                self.g11,
                self.g21,
                self.g12,
                self.g22,
                self.rates,
            ]
        )
        event = W.VBox(
            [
                W.HTML("<b>Remodelling event</b>"),
                W.HBox([self.event_button, self.rest_button]),
                self.extra,
                self.days,
            ]
        )
        tumour_box = W.VBox(
            [
                W.HTML("<b>Tumour and treatment</b> (Ayati 2010)"),
                self.tumour,
                self.treatment,
                self.treatment_day,
            ]
        )
        # the chart sits right under the presets and above the sliders, so that it stays in
        # view while a control is moved; the two control columns wrap on a narrow screen
        controls = W.HBox(
            [signals, W.VBox([event, tumour_box])],
            layout=W.Layout(flex_flow="row wrap", grid_gap="0 2em"),
        )
        super().__init__([presets, self.status, self.image, self.caption, self.summary, controls])
        self.add_class("bc-remodelling")
        self.update()

    # -- controls -------------------------------------------------------------------------------
    def apply_preset(self, key: str) -> None:
        """Set the controls to a preset (see :data:`PRESETS`) and redraw once."""
        p = PRESETS[key]
        if self.tumour.value:
            self._quiet = True
            self.tumour.value = False
            self._quiet = False
        self._set_quietly(
            g11=p.g11,
            g12=p.g12,
            g21=p.g21,
            g22=p.g22,
            rates=p.rates,
            days=p.days,
            extra=p.extra_osteoclasts,
        )
        self.update()

    def _set_quietly(self, **values: object) -> None:
        self._quiet = True
        try:
            for name, value in values.items():
                getattr(self, name).value = value
        finally:
            self._quiet = False

    def _set_event(self, extra: int) -> None:
        self.extra.value = extra  # triggers one update through the observer

    def _on_change(self, _change: object = None) -> None:
        if not self._quiet:
            self.update()

    def _on_tumour(self, change: dict) -> None:
        on = bool(change["new"])
        healthy_controls = (
            self.g11,
            self.g21,
            self.g12,
            self.g22,
            self.rates,
            self.extra,
            self.event_button,
            self.rest_button,
        )
        if on:
            self._saved_healthy = {
                name: getattr(self, name).value
                for name in ("g11", "g12", "g21", "g22", "rates", "extra", "days")
            }
            normal = model.AYATI_NORMAL
            self._set_quietly(
                g11=normal.g11,
                g12=normal.g12,
                g21=normal.g21,
                g22=normal.g22,
                rates="ayati",
                days=max(self.days.value, 1000),
            )
        else:
            self._quiet = True
            self.treatment.value = False
            self._quiet = False
            if self._saved_healthy:
                self._set_quietly(**self._saved_healthy)
        for control in healthy_controls:
            control.disabled = on
        self.treatment.disabled = not on
        self.treatment_day.disabled = not (on and self.treatment.value)
        if not self._quiet:
            self.update()

    def _on_treatment(self, change: dict) -> None:
        self.treatment_day.disabled = not (self.tumour.value and change["new"])
        if not self._quiet:
            self.update()

    # -- model and drawing --------------------------------------------------------------------
    def recompute(self) -> None:
        """Run the model for the current controls (sets ``sim``, ``comparison``, ``error``)."""
        self.error = ""
        self.comparison = None
        try:
            if self.tumour.value:
                untreated = _untreated_tumour_run(int(self.days.value))
                if self.treatment.value:
                    self.sim = _treated_tumour_run(
                        int(self.days.value), int(self.treatment_day.value)
                    )
                    self.comparison = untreated
                else:
                    self.sim = untreated
            else:
                self.sim = _healthy_run(
                    round(self.g11.value, 4),
                    round(self.g12.value, 4),
                    round(self.g21.value, 4),
                    round(self.g22.value, 4),
                    self.rates.value,
                    int(self.days.value),
                    float(self.extra.value),
                )
        except model.ModelParameterError as exc:
            self.error = str(exc)

    def update(self) -> None:
        """Recompute and redraw (what every control change does)."""
        self.recompute()
        self.redraw()

    def _png(self) -> bytes:
        """The canvas as PNG bytes (fast, lightly compressed)."""
        from PIL import Image

        rgba = np.asarray(self.canvas.buffer_rgba())
        buf = io.BytesIO()
        Image.fromarray(rgba[:, :, :3]).save(buf, format="png", compress_level=1)
        return buf.getvalue()

    def redraw(self) -> None:
        """Draw the current run into the reused figure and show it with alt text."""
        if self.error:
            self.status.value = (
                f'<p class="bc-error" style="border-left:4px solid '
                f'{PALETTE["vermillion"]};padding:0.2em 0.6em"><b>⚠ These values do not '
                f"work in the model.</b> {html.escape(self.error)} The chart still shows the "
                "last run that worked.</p>"
            )
            return
        sim = self.sim
        if sim is None:  # pragma: no cover - update() always sets sim or error
            return
        ax_c, ax_b, ax_z = self.axes
        t = sim.t
        end = float(self.days.value)
        self.line_c.set_data(t, sim.osteoclasts)
        self.line_b.set_data(t, sim.osteoblasts)
        self.line_z.set_data(t, sim.bone_mass)
        self.rest_c.set_data([0, end], [sim.reference[0]] * 2)
        self.rest_b.set_data([0, end], [sim.reference[1]] * 2)
        self.line_t.set_visible(sim.tumour is not None)
        if sim.tumour is not None:
            self.line_t.set_data(t, sim.tumour)
        self.line_z0.set_visible(self.comparison is not None)
        if self.comparison is not None:
            self.line_z0.set_data(self.comparison.t, self.comparison.bone_mass)
        self.treat_line.set_visible(sim.drug is not None)
        z_values = [sim.bone_mass]
        if self.comparison is not None:
            z_values.append(self.comparison.bone_mass)
        z_lo = min(float(z.min()) for z in z_values)
        z_hi = max(float(z.max()) for z in z_values)
        if sim.tumour is not None:
            z_lo = min(0.0, z_lo)
        limits = (
            end,
            _nice_ceiling(max(1.1 * float(sim.osteoclasts.max()), 1.3 * sim.reference[0])),
            _nice_ceiling(max(1.1 * float(sim.osteoblasts.max()), 1.3 * sim.reference[1])),
            min(10.0 * math.floor((z_lo - 1) / 10.0), 90.0),
            max(10.0 * math.ceil((z_hi + 1) / 10.0), 110.0),
        )
        if sim.drug is not None:
            self.treat_line.set_data([sim.drug.start_day] * 2, limits[3:5])
        legend = tuple(
            a.get_label()
            for a in (self.line_z, self.line_z0, self.line_t, self.treat_line)
            if a.get_visible()
        )
        ax_c.set_xlim(0, limits[0])
        ax_c.set_ylim(0, limits[1])
        ax_b.set_ylim(0, limits[2])
        ax_z.set_ylim(limits[3], limits[4])
        key = (limits, legend)
        background = self._backgrounds.get(key)
        if background is None:
            if self._legend_z is not None:
                self._legend_z.remove()
            handles = [
                a
                for a in (self.line_z, self.line_z0, self.line_t, self.treat_line)
                if a.get_visible()
            ]
            self._legend_z = ax_z.legend(
                handles=handles,
                loc="upper center",
                bbox_to_anchor=(0.5, -0.42),
                ncol=len(handles),
                fontsize=8,
                frameon=False,
            )
            self.canvas.draw()
            background = self.canvas.copy_from_bbox(self.fig.bbox)
            self._backgrounds[key] = background
            self.background_draws += 1
            while len(self._backgrounds) > 24:
                self._backgrounds.popitem(last=False)
        else:
            self._backgrounds.move_to_end(key)
            self.canvas.restore_region(background)
        for artist in self.data_artists:
            if artist.get_visible():
                artist.axes.draw_artist(artist)
        self.renders += 1
        data = base64.b64encode(self._png()).decode("ascii")
        alt = self.alt_text()
        self.image.value = (
            f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt)}" '
            'style="max-width:100%"/>'
        )
        self.status.value = f"<p><b>Note:</b> {html.escape(sim.message)}</p>" if sim.message else ""
        self.summary.value = self.summary_html()

    # -- words ------------------------------------------------------------------------------------
    def behaviour_text(self) -> str:
        """What the linearisation predicts for the healthy-bone controls, in plain words."""
        sim = self.sim
        if sim is None or sim.tumour is not None:
            return ""
        stab = model.linear_stability(sim.params)
        return (
            f"The model's maths predicts <b>{model.BEHAVIOURS[stab.kind]}</b> "
            f"(trace {stab.trace:+.3f}, determinant {stab.determinant:.5f}; the switch "
            f"from one cycle to repeating cycles is at g11 = "
            f"{model.critical_g11(sim.params):.2f})."
        )

    def summary_html(self) -> str:
        """A plain-words summary of the run on show."""
        sim = self.sim
        if sim is None:
            return ""
        if sim.tumour is None:
            return f"<p>{self.behaviour_text()} {self._healthy_words(sim)}</p>"
        tumour_top = int(np.argmax(sim.tumour))
        words = (
            f"The tumour grows from {sim.tumour[0]:.0f}% of its maximum to "
            f"{sim.tumour[tumour_top]:.0f}%"
        )
        if sim.tumour[-1] < sim.tumour[tumour_top] - 1:
            words += f", then shrinks to {sim.tumour[-1]:.0f}% with treatment"
        words += f". Bone mass is {sim.bone_mass[-1]:.0f}% at the end"
        if self.comparison is not None and sim.drug is not None:
            words += (
                f", against {self.comparison.bone_mass[-1]:.0f}% without treatment "
                f"(treatment from day {sim.drug.start_day:.0f})"
            )
        words += "."
        ends = [sim.bone_mass[-1]] + ([self.comparison.bone_mass[-1]] if self.comparison else [])
        if min(ends) <= 0:
            words += (
                " Below 0% the model has run past what it can describe: the bone at "
                "this site is gone."
            )
        return f"<p>{words}</p>"

    @staticmethod
    def _healthy_words(sim: model.Simulation) -> str:
        """What happens in a healthy-bone run: nothing, one event, or repeated cycles."""
        ev = model.summarise_event(sim)
        if ev.resorption_start is None:
            return (
                "Nothing happens: the cells stay at their resting numbers and bone mass "
                "stays at 100%. Press <b>Start a remodelling event</b>."
            )
        peaks = model.cycle_peaks(sim.osteoblasts, sim.t)
        if len(peaks) >= 2:
            period = float(np.mean(np.diff(sim.t[peaks])))
            heights = sim.osteoclasts[model.cycle_peaks(sim.osteoclasts, sim.t)]
            trend = ""
            if len(heights) >= 2 and np.all(np.diff(heights) > 0.05 * heights[:-1]):
                trend = " Each osteoclast surge is bigger than the one before."
            elif len(heights) >= 2 and np.all(np.diff(heights) < -0.05 * heights[:-1]):
                trend = " Each osteoclast surge is smaller than the one before."
            return (
                f"The cells go through {len(peaks)} cycles, about one every {period:.0f} "
                f"model days.{trend} Each time bone mass dips and recovers (lowest "
                f"{ev.lowest_bone_mass:.1f}%); it is {ev.final_bone_mass:.1f}% at the end."
            )
        crashed = float(sim.osteoclasts[-1]) < 0.01 * sim.reference[0]
        if crashed:
            return (
                f"One outsized surge (osteoclasts up to {float(sim.osteoclasts.max()):.1f}), "
                "after which the cells crash far below their resting numbers instead of "
                "settling: the balance has broken down. Bone mass dips to "
                f"{ev.lowest_bone_mass:.1f}% and is {ev.final_bone_mass:.1f}% at the end."
            )
        return (
            f"One remodelling event: osteoclasts are above rest for about "
            f"{ev.resorption_days:.0f} model days, osteoblasts for about "
            f"{ev.formation_days:.0f}. Bone mass dips to {ev.lowest_bone_mass:.1f}% on model day "
            f"{ev.lowest_day:.0f} and is {ev.final_bone_mass:.1f}% at the end."
        )

    def alt_text(self) -> str:
        """A text description of the figure, updated with every redraw."""
        sim = self.sim
        if sim is None:
            return ""
        peak_c = int(np.argmax(sim.osteoclasts))
        peak_b = int(np.argmax(sim.osteoblasts))
        text = (
            f"Three line charts over {self.days.value} model days. Top: osteoclasts, highest "
            f"{sim.osteoclasts[peak_c]:.1f} on model day {sim.t[peak_c]:.0f} (resting level "
            f"{sim.reference[0]:.2f}). Middle: osteoblasts, highest {sim.osteoblasts[peak_b]:.0f} "
            f"on model day {sim.t[peak_b]:.0f} (resting level {sim.reference[1]:.0f}). Bottom: "
            f"bone mass from {sim.bone_mass[0]:.0f}% to {sim.bone_mass[-1]:.1f}%, lowest "
            f"{sim.bone_mass.min():.1f}%."
        )
        if sim.tumour is not None:
            text += f" Tumour from {sim.tumour[0]:.0f}% to {sim.tumour[-1]:.0f}% of its maximum."
        if sim.drug is not None:
            text += f" Treatment starts on day {sim.drug.start_day:.0f}."
            if self.comparison is not None:
                text += (
                    f" Without treatment bone mass would end at "
                    f"{self.comparison.bone_mass[-1]:.1f}%."
                )
        if sim.stopped_early:
            text += " " + sim.message
        return text


def remodelling_explorer() -> RemodellingExplorer:
    """The remodelling explorer (the notebook's one-line call)."""
    return RemodellingExplorer()
