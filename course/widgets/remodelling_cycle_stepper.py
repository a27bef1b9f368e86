"""The remodelling cycle, step by step: a labelled diagram of one remodelling site.

The learner steps through activation, resorption, reversal, formation and rest with Previous
and Next (or picks a phase). Each step shows which cells act, what happens to the bone and how
long the phase lasts in Komarova's model; the words and timings come from
:mod:`course.biology.remodelling_cycle`. The diagram is an SVG template
(``course/templates/remodelling_phase.svg``) with a text description (``role="img"`` and
``aria-label``), and every cell type is named on the drawing, so colour is never the only cue.
"""

from __future__ import annotations

import html

import ipywidgets as W

from course.biology.remodelling_cycle import CyclePhase, RemodellingCycle, load_cycle
from course.palette import GREYS, PALETTE, ROLE_COLOURS, TISSUE
from course.widgets.kit import render, widget_text, words

TEXT = widget_text(
    "01_bone_biology",
    "remodelling_cycle_widget",
    required=("diagram", "diagram_description", "timeline", "controls", "details", "note"),
)
#: the drawing's colours: tissues, the two cell types (by role) and ink
COLOURS = {
    "bone": TISSUE["bone"],
    "new_bone": TISSUE["new_bone"],
    "marrow": TISSUE["marrow"],
    "oc": ROLE_COLOURS["osteoclast"],
    "ob": ROLE_COLOURS["osteoblast"],
    "ink": PALETTE["black"],
    "white": GREYS["white"],
    "shade": PALETTE["sky_blue"],
    "mass": ROLE_COLOURS["bone"],
}

# the pit's depth (px) at the end of each phase
_PIT = {"activation": 0, "resorption": 46, "reversal": 50, "formation": 18, "rest": 0}
#: where flat lining cells sit on the surface: the whole surface, or either side of the pit
_LINING = {"activation": ((20, 540),), "rest": ((20, 540),)}
_LINING_BESIDE_PIT = ((20, 190), (370, 540))


def _lining_positions(key: str) -> list[float]:
    """The left edges of the lining cells for a phase (each cell 24 px wide, 2 px apart)."""
    xs: list[float] = []
    for x0, x1 in _LINING.get(key, _LINING_BESIDE_PIT):
        x = x0
        while x + 24 <= x1:
            xs.append(x)
            x += 26
    return xs


def phase_svg(phase: CyclePhase) -> str:
    """The labelled diagram of one phase, as an SVG string with a text description."""
    desc = TEXT["diagram_description"].format(
        phase=phase.title.lower(), cells=phase.cells, bone=phase.bone
    )
    return render(
        "remodelling_phase.svg",
        desc=desc,
        phase=phase.key,
        depth=_PIT[phase.key],
        deepest=_PIT["reversal"],
        labels=TEXT["diagram"],
        c=COLOURS,
        w=560,
        h=230,
        surface=110,
        pit_l=200,
        pit_r=360,
        lining=_lining_positions(phase.key),
    )


def timeline_svg(cycle: RemodellingCycle, current: CyclePhase, days: float = 160) -> str:
    """A small chart of bone mass in the model run, with the current phase shaded."""
    sim = cycle.sim
    w, h, left, bottom = 560, 120, 44, 96
    lo, hi = 85.0, 102.0

    def x(day: float) -> float:
        return left + (w - left - 10) * min(day, days) / days

    def y(mass: float) -> float:
        return bottom - (bottom - 12) * (mass - lo) / (hi - lo)

    keep = sim.t <= days
    points = " ".join(
        f"{x(t):.1f},{y(z):.1f}"
        for t, z in zip(sim.t[keep][::10], sim.bone_mass[keep][::10], strict=True)
    )
    x0, x1 = x(current.start_day), x(current.end_day)
    desc = words(TEXT["timeline_description"]).format(
        lowest=f"{sim.bone_mass.min():.0f}", phase=current.title.lower()
    )
    return render(
        "remodelling_timeline.svg",
        desc=desc,
        w=w,
        h=h,
        left=left,
        bottom=bottom,
        shade_x=f"{x0:.1f}",
        shade_w=f"{max(x1 - x0, 3):.1f}",
        y100=float(f"{y(100):.1f}"),
        y90=float(f"{y(90):.1f}"),
        points=points,
        ticks=[{"x": f"{x(d):.1f}", "label": f"{d:.0f}"} for d in range(0, int(days) + 1, 20)],
        labels=TEXT["timeline"],
        c={"ink": COLOURS["ink"], "shade": COLOURS["shade"], "bone": COLOURS["mass"]},
    )


_C = TEXT["controls"]


class RemodellingCycleStepper(W.VBox):
    """Step through the five phases with Previous / Next (or choose one)."""

    def __init__(self, cycle: RemodellingCycle | None = None):
        self.cycle = cycle or load_cycle()
        phases = self.cycle.phases
        self.previous_button = W.Button(
            description=_C["previous"], icon="arrow-left", tooltip=_C["previous_tooltip"]
        )
        self.next_button = W.Button(
            description=_C["next"],
            icon="arrow-right",
            tooltip=_C["next_tooltip"],
            button_style="primary",
        )
        self.phase_choice = W.Dropdown(
            options=[(f"{p.number}. {p.title}", p.number - 1) for p in phases],
            value=0,
            description=_C["phase"],
            style={"description_width": "initial"},
        )
        self.position = W.HTML("")
        self.diagram = W.HTML("")
        self.diagram.add_class("bc-cycle-diagram")
        self.details = W.HTML("")
        self.timeline = W.HTML("")
        self.previous_button.on_click(lambda _b: self.go(self.index - 1))
        self.next_button.on_click(lambda _b: self.go(self.index + 1))
        self.phase_choice.observe(lambda ch: self.go(ch["new"]), names="value")
        nav = W.HBox([self.previous_button, self.phase_choice, self.next_button, self.position])
        note = W.HTML(f'<p style="font-size:90%">{words(TEXT["note"])}</p>')
        super().__init__([nav, self.diagram, self.details, self.timeline, note])
        self.add_class("bc-remodelling-cycle")
        self.index = -1
        self.go(0)

    @property
    def phase(self) -> CyclePhase:
        """The phase on show."""
        return self.cycle.phases[self.index]

    def go(self, index: int) -> None:
        """Show phase number ``index`` (0-based; clipped to the first and last)."""
        index = max(0, min(int(index), len(self.cycle.phases) - 1))
        if index == self.index:
            return
        self.index = index
        if self.phase_choice.value != index:
            self.phase_choice.value = index  # observer calls go() again, which returns early
        phase = self.phase
        last = len(self.cycle.phases) - 1
        self.previous_button.disabled = index == 0
        self.next_button.disabled = index == last
        step = _C["step"].format(number=index + 1, total=last + 1)
        self.position.value = f"<span>{step}</span>"
        self.diagram.value = phase_svg(phase)
        facts = {
            "cells": phase.cells,
            "what_happens": phase.what_happens,
            "bone": phase.bone,
            "duration": phase.duration_text,
        }
        items = "".join(
            f"<li><b>{TEXT['details'][key]}</b> {html.escape(value)}</li>"
            for key, value in facts.items()
        )
        self.details.value = f"<h4>{phase.number}. {html.escape(phase.title)}</h4><ul>{items}</ul>"
        self.timeline.value = timeline_svg(self.cycle, phase)


def remodelling_cycle() -> RemodellingCycleStepper:
    """The step-by-step remodelling cycle (the notebook's one-line call)."""
    return RemodellingCycleStepper()
