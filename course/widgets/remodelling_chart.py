"""The remodelling explorer's chart: one matplotlib figure, built once and redrawn fast.

Three stacked panels (osteoclasts, osteoblasts, bone mass with tumour and treatment). The axes,
ticks, titles and legend are drawn into a cached background, one per set of axis limits and
legend entries; a redraw pastes the background, draws only the data lines on top and encodes
the PNG. Object-oriented matplotlib only (its own Agg canvas, no pyplot). Used by
:class:`course.widgets.remodelling_explorer.RemodellingExplorer`.
"""

from __future__ import annotations

import io
import math
from collections import OrderedDict

import numpy as np

from course.figures import ROLE_COLOURS
from course.models import remodelling as model

#: how many cached backgrounds to keep (one per set of axis limits and legend entries)
MAX_BACKGROUNDS = 24


def nice_ceiling(value: float) -> float:
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


def axis_limits(
    sim: model.Simulation, comparison: model.Simulation | None, end: float
) -> tuple[float, ...]:
    """``(x end, osteoclast top, osteoblast top, bone-mass bottom, bone-mass top)``."""
    z_values = [sim.bone_mass] + ([comparison.bone_mass] if comparison is not None else [])
    z_lo = min(float(z.min()) for z in z_values)
    z_hi = max(float(z.max()) for z in z_values)
    if sim.tumour is not None:
        z_lo = min(0.0, z_lo)
    return (
        end,
        nice_ceiling(max(1.1 * float(sim.osteoclasts.max()), 1.3 * sim.reference[0])),
        nice_ceiling(max(1.1 * float(sim.osteoblasts.max()), 1.3 * sim.reference[1])),
        min(10.0 * math.floor((z_lo - 1) / 10.0), 90.0),
        max(10.0 * math.ceil((z_hi + 1) / 10.0), 110.0),
    )


class RemodellingChart:
    """The explorer's figure: build once with :meth:`__init__`, then :meth:`draw` each run.

    Parameters
    ----------
    labels
        The chart's words (``chart`` in ``assets/01_bone_biology/remodelling_explorer.yml``).
    dpi
        Resolution of the PNG.

    Attributes
    ----------
    renders : int
        How many times the chart has been drawn.
    background_draws : int
        How many of those drew the whole figure (a new background).
    """

    def __init__(self, labels: dict[str, str], dpi: int = 72):
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        self.fig = Figure(figsize=(7.6, 6.6), dpi=dpi)
        self.canvas = FigureCanvasAgg(self.fig)
        self.fig.subplots_adjust(left=0.1, right=0.97, top=0.95, bottom=0.16, hspace=0.5)
        self.axes = tuple(self.fig.subplots(3, 1, sharex=True))
        self.renders = 0
        self.background_draws = 0
        self._legend_z = None
        self._backgrounds: OrderedDict[tuple, object] = OrderedDict()
        self._make_lines(labels)
        self._dress_axes(labels)

    def _make_lines(self, labels: dict[str, str]) -> None:
        ax_c, ax_b, ax_z = self.axes
        oc, ob = ROLE_COLOURS["osteoclast"], ROLE_COLOURS["osteoblast"]
        (self.line_c,) = ax_c.plot([], [], color=oc, lw=1.8, label=labels["osteoclasts"])
        (self.rest_c,) = ax_c.plot([], [], color=oc, lw=1, ls=":", label=labels["resting"])
        (self.line_b,) = ax_b.plot([], [], color=ob, lw=1.8, label=labels["osteoblasts"])
        (self.rest_b,) = ax_b.plot([], [], color=ob, lw=1, ls=":", label=labels["resting"])
        bone, neutral = ROLE_COLOURS["bone"], ROLE_COLOURS["neutral"]
        (self.line_z,) = ax_z.plot([], [], color=bone, lw=2, label=labels["bone_mass"])
        (self.line_z0,) = ax_z.plot(
            [], [], color=neutral, lw=1.5, ls="--", label=labels["bone_mass_untreated"]
        )
        (self.line_t,) = ax_z.plot(
            [], [], color=ROLE_COLOURS["tumour"], lw=1.5, ls="-.", label=labels["tumour"]
        )
        (self.treat_line,) = ax_z.plot(
            [],
            [],
            color=ROLE_COLOURS["treatment"],
            lw=1.5,
            ls=(0, (6, 3)),
            label=labels["treatment"],
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

    def _dress_axes(self, labels: dict[str, str]) -> None:
        from matplotlib.ticker import MaxNLocator

        ax_c, ax_b, ax_z = self.axes
        ax_c.set_title(labels["title_osteoclasts"], loc="left", fontsize=11)
        ax_b.set_title(labels["title_osteoblasts"], loc="left", fontsize=11)
        ax_z.set_title(labels["title_bone_mass"], loc="left", fontsize=11)
        ax_c.set_ylabel(labels["cells"])
        ax_b.set_ylabel(labels["cells"])
        ax_z.set_ylabel("%")
        ax_z.set_xlabel(labels["time"])
        for ax in self.axes:
            ax.spines["top"].set_visible(False)
            ax.spines["right"].set_visible(False)
            ax.grid(alpha=0.25)
            ax.yaxis.set_major_locator(MaxNLocator(4))

    def _set_data(
        self, sim: model.Simulation, comparison: model.Simulation | None, end: float
    ) -> None:
        t = sim.t
        self.line_c.set_data(t, sim.osteoclasts)
        self.line_b.set_data(t, sim.osteoblasts)
        self.line_z.set_data(t, sim.bone_mass)
        self.rest_c.set_data([0, end], [sim.reference[0]] * 2)
        self.rest_b.set_data([0, end], [sim.reference[1]] * 2)
        self.line_t.set_visible(sim.tumour is not None)
        if sim.tumour is not None:
            self.line_t.set_data(t, sim.tumour)
        self.line_z0.set_visible(comparison is not None)
        if comparison is not None:
            self.line_z0.set_data(comparison.t, comparison.bone_mass)
        self.treat_line.set_visible(sim.drug is not None)

    def _legend_handles(self) -> list:
        candidates = (self.line_z, self.line_z0, self.line_t, self.treat_line)
        return [a for a in candidates if a.get_visible()]

    def _background(self, key: tuple) -> None:
        """Paste the cached background for ``key``, drawing (and caching) it first if new."""
        background = self._backgrounds.get(key)
        if background is not None:
            self._backgrounds.move_to_end(key)
            self.canvas.restore_region(background)
            return
        if self._legend_z is not None:
            self._legend_z.remove()
        handles = self._legend_handles()
        self._legend_z = self.axes[2].legend(
            handles=handles,
            loc="upper center",
            bbox_to_anchor=(0.5, -0.42),
            ncol=len(handles),
            fontsize=8,
            frameon=False,
        )
        self.canvas.draw()
        self._backgrounds[key] = self.canvas.copy_from_bbox(self.fig.bbox)
        self.background_draws += 1
        while len(self._backgrounds) > MAX_BACKGROUNDS:
            self._backgrounds.popitem(last=False)

    def draw(self, sim: model.Simulation, comparison: model.Simulation | None, end: float) -> bytes:
        """Draw a run (and the untreated run for comparison, if any); return the PNG bytes."""
        ax_c, ax_b, ax_z = self.axes
        self._set_data(sim, comparison, end)
        limits = axis_limits(sim, comparison, end)
        if sim.drug is not None:
            self.treat_line.set_data([sim.drug.start_day] * 2, limits[3:5])
        ax_c.set_xlim(0, limits[0])
        ax_c.set_ylim(0, limits[1])
        ax_b.set_ylim(0, limits[2])
        ax_z.set_ylim(limits[3], limits[4])
        self._background((limits, tuple(a.get_label() for a in self._legend_handles())))
        for artist in self.data_artists:
            if artist.get_visible():
                artist.axes.draw_artist(artist)
        self.renders += 1
        return self.png()

    def png(self) -> bytes:
        """The canvas as PNG bytes (fast, lightly compressed)."""
        from PIL import Image

        rgba = np.asarray(self.canvas.buffer_rgba())
        buf = io.BytesIO()
        Image.fromarray(rgba[:, :, :3]).save(buf, format="png", compress_level=1)
        return buf.getvalue()
