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

from course.figures import ROLE_COLOURS
from course.models import remodelling as model
from course.widgets.controls import IntSlider, LiveRegion, Slider
from course.widgets.kit import callout, widget_text, words

TEXT = widget_text(
    "01_bone_biology",
    "remodelling_explorer",
    required=("caption", "rates", "presets", "sliders", "controls", "chart", "words", "alt"),
)
#: summary sentences (folded), and the trend clauses kept with their leading space
_W = {k: v if k in ("growing", "shrinking") else words(v) for k, v in TEXT["words"].items()}
_ALT = TEXT["alt"]
_C = TEXT["controls"]
_CH = TEXT["chart"]

#: output grid of the explorer's runs (model days); bone mass switches are located exactly
SAMPLE_STEP = 0.5
#: solver tolerances for the explorer: bone mass within about 0.001% of a 1e-10 run
TOLERANCES = {"rtol": 1e-6, "atol": 1e-8}
#: treatment slider range (model days)
TREATMENT_DAYS = (0, 950)

K_RATES = {
    "komarova": (TEXT["rates"]["komarova"], 0.24, 0.0017),
    "ayati": (TEXT["rates"]["ayati"], 0.0748, 0.0006395),
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
        TEXT["presets"]["single"]["label"],
        0.5,
        1.0,
        -0.5,
        0.0,
        "komarova",
        400,
        10,
        TEXT["presets"]["single"]["tooltip"],
    ),
    "cycles": Preset(
        TEXT["presets"]["cycles"]["label"],
        1.1,
        1.0,
        -0.5,
        0.0,
        "ayati",
        1000,
        10,
        TEXT["presets"]["cycles"]["tooltip"],
    ),
    "unstable": Preset(
        TEXT["presets"]["unstable"]["label"],
        1.12,
        1.0,
        -0.5,
        0.0,
        "ayati",
        1000,
        2,
        TEXT["presets"]["unstable"]["tooltip"],
    ),
}

CAPTION = words(TEXT["caption"])


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
    """The next 'nice' number (1, 2, 2.5, 5 times a power of ten) at or above ``value``.

    Axis limits, and the cached backgrounds drawn for them, then repeat between runs.
    """
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
            TEXT["sliders"]["g11"]["label"],
            preset.g11,
            0.0,
            1.4,
            0.01,
            TEXT["sliders"]["g11"]["tooltip"],
        )
        self.g21 = _slider(
            TEXT["sliders"]["g21"]["label"],
            preset.g21,
            -1.0,
            0.5,
            0.05,
            TEXT["sliders"]["g21"]["tooltip"],
        )
        self.g12 = _slider(
            TEXT["sliders"]["g12"]["label"],
            preset.g12,
            0.0,
            2.0,
            0.1,
            TEXT["sliders"]["g12"]["tooltip"],
        )
        self.g22 = _slider(
            TEXT["sliders"]["g22"]["label"],
            preset.g22,
            -0.5,
            0.5,
            0.05,
            TEXT["sliders"]["g22"]["tooltip"],
        )
        self.rates = W.Dropdown(
            options=[(label, key) for key, (label, _, _) in K_RATES.items()],
            value=preset.rates,
            description=_C["rates"],
            style={"description_width": "initial"},
            layout=W.Layout(width="28.5em"),
        )
        self.extra = IntSlider(
            _C["extra"],
            value=preset.extra_osteoclasts,
            min=0,
            max=20,
            step=1,
            continuous_update=False,
        )
        self.event_button = W.Button(
            description=_C["event"],
            icon="play",
            tooltip=_C["event_tooltip"],
            button_style="primary",
            layout=W.Layout(width="auto"),
        )
        self.rest_button = W.Button(
            description=_C["rest"],
            icon="pause",
            tooltip=_C["rest_tooltip"],
        )
        self.event_button.on_click(lambda _b: self._set_event(10))
        self.rest_button.on_click(lambda _b: self._set_event(0))
        self.days = IntSlider(
            _C["days"],
            value=preset.days,
            min=200,
            max=1500,
            step=100,
            continuous_update=False,
        )
        self.tumour = W.Checkbox(
            value=False,
            description=_C["tumour"],
            indent=False,
            layout=W.Layout(width="auto"),
        )
        self.treatment = W.Checkbox(
            value=False,
            description=_C["treatment"],
            indent=False,
            disabled=True,
            layout=W.Layout(width="auto"),
        )
        self.treatment_day = IntSlider(
            _C["treatment_day"],
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
        (self.line_c,) = ax_c.plot([], [], color=oc, lw=1.8, label=_CH["osteoclasts"])
        (self.rest_c,) = ax_c.plot([], [], color=oc, lw=1, ls=":", label=_CH["resting"])
        (self.line_b,) = ax_b.plot([], [], color=ob, lw=1.8, label=_CH["osteoblasts"])
        (self.rest_b,) = ax_b.plot([], [], color=ob, lw=1, ls=":", label=_CH["resting"])
        (self.line_z,) = ax_z.plot([], [], color=ROLE_COLOURS["bone"], lw=2, label=_CH["bone_mass"])
        (self.line_z0,) = ax_z.plot(
            [],
            [],
            color=ROLE_COLOURS["neutral"],
            lw=1.5,
            ls="--",
            label=_CH["bone_mass_untreated"],
        )
        (self.line_t,) = ax_z.plot(
            [], [], color=ROLE_COLOURS["tumour"], lw=1.5, ls="-.", label=_CH["tumour"]
        )
        (self.treat_line,) = ax_z.plot(
            [],
            [],
            color=ROLE_COLOURS["treatment"],
            lw=1.5,
            ls=(0, (6, 3)),
            label=_CH["treatment"],
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
            _CH["title_osteoclasts"],
            loc="left",
            fontsize=11,
        )
        ax_b.set_title(
            _CH["title_osteoblasts"],
            loc="left",
            fontsize=11,
        )
        ax_z.set_title(_CH["title_bone_mass"], loc="left", fontsize=11)
        ax_c.set_ylabel(_CH["cells"])
        ax_b.set_ylabel(_CH["cells"])
        ax_z.set_ylabel("%")
        ax_z.set_xlabel(_CH["time"])
        for ax in self.axes:
            ax.spines["top"].set_visible(False)
            ax.spines["right"].set_visible(False)
            ax.grid(alpha=0.25)
            ax.yaxis.set_major_locator(MaxNLocator(4))
        self._legend_z = None
        self._backgrounds: OrderedDict[tuple, object] = OrderedDict()
        self.background_draws = 0

        presets = W.HBox([W.Label(_C["presets"]), *self.preset_buttons.values()])
        signals = W.VBox(
            [
                W.HTML(_C["signals"]),
                self.g11,
                self.g21,
                self.g12,
                self.g22,
                self.rates,
            ]
        )
        event = W.VBox(
            [
                W.HTML(_C["event_heading"]),
                W.HBox([self.event_button, self.rest_button]),
                self.extra,
                self.days,
            ]
        )
        tumour_box = W.VBox(
            [
                W.HTML(_C["tumour_heading"]),
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
            message = words(TEXT["bad_values"]).format(error=html.escape(self.error))
            self.status.value = f'<p class="bc-error">{message}</p>'
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
        note = TEXT["note"].format(message=html.escape(sim.message)) if sim.message else ""
        self.status.value = f"<p>{note}</p>" if note else ""
        self.summary.value = self.summary_html()

    # -- words ------------------------------------------------------------------------------------
    def behaviour_text(self) -> str:
        """What the linearisation predicts for the healthy-bone controls, in plain words."""
        sim = self.sim
        if sim is None or sim.tumour is not None:
            return ""
        stab = model.linear_stability(sim.params)
        return _W["behaviour"].format(
            behaviour=model.BEHAVIOURS[stab.kind],
            trace=f"{stab.trace:+.3f}",
            determinant=f"{stab.determinant:.5f}",
            critical=f"{model.critical_g11(sim.params):.2f}",
        )

    def summary_html(self) -> str:
        """A plain-words summary of the run on show."""
        sim = self.sim
        if sim is None:
            return ""
        if sim.tumour is None:
            return f"<p>{self.behaviour_text()} {self._healthy_words(sim)}</p>"
        text = self._tumour_words(sim) + "."
        ends = [sim.bone_mass[-1]] + ([self.comparison.bone_mass[-1]] if self.comparison else [])
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

    def _tumour_words(self, sim: model.Simulation) -> str:
        """The tumour run in words: growth, shrinking with treatment, bone mass at the end."""
        top = int(np.argmax(sim.tumour))
        text = _W["tumour_grows"].format(start=f"{sim.tumour[0]:.0f}", top=f"{sim.tumour[top]:.0f}")
        if sim.tumour[-1] < sim.tumour[top] - 1:
            text += _W["tumour_shrinks"].format(end=f"{sim.tumour[-1]:.0f}")
        text += _W["bone_at_end"].format(end=f"{sim.bone_mass[-1]:.0f}")
        if self.comparison is not None and sim.drug is not None:
            text += _W["against_untreated"].format(
                untreated=f"{self.comparison.bone_mass[-1]:.0f}", day=f"{sim.drug.start_day:.0f}"
            )
        return text

    @staticmethod
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

    def alt_text(self) -> str:
        """A text description of the figure, updated with every redraw."""
        sim = self.sim
        if sim is None:
            return ""
        peak_c = int(np.argmax(sim.osteoclasts))
        peak_b = int(np.argmax(sim.osteoblasts))
        text = words(_ALT["charts"]).format(
            days=self.days.value,
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
            if self.comparison is not None:
                text += _ALT["untreated"].format(end=f"{self.comparison.bone_mass[-1]:.1f}")
        if sim.stopped_early:
            text += " " + sim.message
        return text


def remodelling_explorer() -> RemodellingExplorer:
    """The remodelling explorer (the notebook's one-line call)."""
    return RemodellingExplorer()
