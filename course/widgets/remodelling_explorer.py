"""Remodelling explorer: osteoclasts, osteoblasts and bone mass from a published model.

The widget only draws and listens; the science is :mod:`course.models.remodelling` (Komarova et
al. 2003; Ayati et al. 2010). The chart (:mod:`course.widgets.remodelling_chart`) is built once
and reused: a control change recomputes the model, moves the lines' data and renders the figure
to a PNG shown with alt text.
Sliders use ``continuous_update=False``, so a drag recomputes once, when it is released.
"""

from __future__ import annotations

import base64
import html

import ipywidgets as W

from course.models import remodelling as model
from course.widgets import remodelling_summary as summary
from course.widgets.controls import IntSlider, LiveRegion, Slider
from course.widgets.kit import widget_text, words
from course.widgets.remodelling_chart import RemodellingChart
from course.widgets.remodelling_runs import (
    K_RATES,
    PRESETS,
    Preset,
    _healthy_run,
    _treated_tumour_run,
    _untreated_tumour_run,
)

TEXT = widget_text(
    "01_bone_biology",
    "remodelling_explorer",
    required=("caption", "rates", "presets", "sliders", "controls", "chart", "words", "alt"),
)
_C = TEXT["controls"]
_CH = TEXT["chart"]

#: treatment slider range (model days)
TREATMENT_DAYS = (0, 950)
#: the signalling sliders, in the order shown: name -> (lowest, highest, step)
SIGNAL_RANGES = {
    "g11": (0.0, 1.4, 0.01),
    "g21": (-1.0, 0.5, 0.05),
    "g12": (0.0, 2.0, 0.1),
    "g22": (-0.5, 0.5, 0.05),
}
CAPTION = words(TEXT["caption"])


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
        self.dpi = dpi
        self.sim: model.Simulation | None = None
        self.comparison: model.Simulation | None = None
        self.error = ""
        self._quiet = False
        self._saved_healthy: dict[str, object] | None = None

        self._make_signal_controls(PRESETS["single"])
        self._make_event_controls(PRESETS["single"])
        self._make_tumour_controls()
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

        self.chart = RemodellingChart(_CH, dpi)

        super().__init__(self._layout())
        self.add_class("bc-remodelling")
        self.update()

    def _make_signal_controls(self, preset: Preset) -> None:
        """The preset buttons, the four signalling sliders and the rates."""
        self.preset_buttons = {}
        for key, p in PRESETS.items():
            button = W.Button(description=p.label, tooltip=p.tooltip, layout=W.Layout(width="auto"))
            button.on_click(lambda _b, key=key: self.apply_preset(key))
            self.preset_buttons[key] = button
        for name, (lo, hi, step) in SIGNAL_RANGES.items():
            text = TEXT["sliders"][name]
            slider = _slider(text["label"], getattr(preset, name), lo, hi, step, text["tooltip"])
            setattr(self, name, slider)
        self.rates = W.Dropdown(
            options=[(label, key) for key, (label, _, _) in K_RATES.items()],
            value=preset.rates,
            description=_C["rates"],
            style={"description_width": "initial"},
            layout=W.Layout(width="28.5em"),
        )

    def _make_event_controls(self, preset: Preset) -> None:
        """The remodelling-event buttons and the extra-osteoclast and days sliders."""
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

    def _make_tumour_controls(self) -> None:
        """The tumour and treatment tick boxes and the treatment-day slider."""
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

    def _layout(self) -> list:
        """The explorer's rows: presets, status, chart, caption, summary, controls."""
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
        return [presets, self.status, self.image, self.caption, self.summary, controls]

    @property
    def renders(self) -> int:
        """How many times the chart has been drawn."""
        return self.chart.renders

    @property
    def background_draws(self) -> int:
        """How many draws rendered the whole figure (a new axis background)."""
        return self.chart.background_draws

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

    def redraw(self) -> None:
        """Draw the current run into the reused figure and show it with alt text."""
        if self.error:
            # no single resting state (Gamma = 0): said in plain words, the formula kept last
            key = "no_resting_state" if "Gamma" in self.error else "bad_values"
            message = words(TEXT[key]).format(error=html.escape(self.error))
            self.status.value = f'<p class="bc-error">{message}</p>'
            return
        sim = self.sim
        if sim is None:  # pragma: no cover - update() always sets sim or error
            return
        png = self.chart.draw(sim, self.comparison, float(self.days.value))
        data = base64.b64encode(png).decode("ascii")
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
        return summary.behaviour_text(self.sim)

    def summary_html(self) -> str:
        """A plain-words summary of the run on show."""
        return summary.summary_html(self.sim, self.comparison)

    def alt_text(self) -> str:
        """A text description of the figure, updated with every redraw."""
        return summary.alt_text(self.sim, self.comparison, self.days.value)


def remodelling_explorer() -> RemodellingExplorer:
    """The remodelling explorer (the notebook's one-line call)."""
    return RemodellingExplorer()
