"""The remodelling cycle, step by step: a labelled diagram of one remodelling site.

The learner steps through activation, resorption, reversal, formation and rest with Previous
and Next (or picks a phase). Each step shows which cells act, what happens to the bone and how
long the phase lasts in Komarova's model; the words and timings come from
:mod:`course.models.remodelling_cycle`. The diagram is SVG with a text description
(``role="img"`` and ``aria-label``), and every cell type is named on the drawing, so colour is
never the only cue.
"""

from __future__ import annotations

import html

import ipywidgets as W

from course.figures import PALETTE, ROLE_COLOURS
from course.models.remodelling_cycle import CyclePhase, RemodellingCycle, load_cycle

BONE = "#E8DCC0"
NEW_BONE = "#F6EFD9"
MARROW = "#FBF7F2"
OC = ROLE_COLOURS["osteoclast"]
OB = ROLE_COLOURS["osteoblast"]
INK = PALETTE["black"]

# the pit's depth (px) at the end of each phase
_PIT = {"activation": 0, "resorption": 46, "reversal": 50, "formation": 18, "rest": 0}


def _text(
    x: float, y: float, words: str, size: int = 12, anchor: str = "start", weight: str = "normal"
) -> str:
    return (
        f'<text x="{x}" y="{y}" font-size="{size}" text-anchor="{anchor}" '
        f'font-weight="{weight}" fill="{INK}">{html.escape(words)}</text>'
    )


def _osteoclast(cx: float, cy: float, faded: bool = False) -> str:
    style = 'stroke-dasharray="4 3" fill-opacity="0.25"' if faded else 'fill-opacity="0.85"'
    nuclei = "".join(
        f'<circle cx="{cx + dx}" cy="{cy - 2}" r="4" fill="#FFFFFF"/>' for dx in (-18, -6, 6, 18)
    )
    return f'<ellipse cx="{cx}" cy="{cy}" rx="34" ry="16" fill="{OC}" stroke="{INK}" {style}/>' + (
        "" if faded else nuclei
    )


def _osteoblast(x: float, y: float) -> str:
    return (
        f'<rect x="{x}" y="{y}" width="16" height="16" rx="3" fill="{OB}" '
        f'stroke="{INK}" fill-opacity="0.85"/><circle cx="{x + 8}" cy="{y + 8}" r="3" '
        f'fill="#FFFFFF"/>'
    )


def _lining(x0: float, x1: float, y: float) -> str:
    cells = []
    x = x0
    while x + 24 <= x1:
        cells.append(
            f'<ellipse cx="{x + 12}" cy="{y - 3}" rx="12" ry="3.5" fill="{OB}" '
            f'fill-opacity="0.45" stroke="{INK}" stroke-width="0.6"/>'
        )
        x += 26
    return "".join(cells)


def _osteocyte(cx: float, cy: float) -> str:
    arms = "".join(
        f'<line x1="{cx}" y1="{cy}" x2="{cx + dx}" y2="{cy + dy}" stroke="{INK}" '
        'stroke-width="0.8"/>'
        for dx, dy in ((-14, -6), (14, -6), (-12, 8), (12, 8), (0, -12))
    )
    return arms + (
        f'<ellipse cx="{cx}" cy="{cy}" rx="7" ry="4.5" fill="{OB}" '
        f'fill-opacity="0.6" stroke="{INK}"/>'
    )


def phase_svg(phase: CyclePhase) -> str:
    """The labelled diagram of one phase, as an SVG string with a text description."""
    w, h, surface = 560, 230, 110
    pit_l, pit_r = 200, 360
    depth = _PIT[phase.key]
    parts = [
        f'<rect x="0" y="0" width="{w}" height="{surface}" fill="{MARROW}"/>',
        _text(12, 20, "Bone marrow side", 11),
        f'<rect x="0" y="{surface}" width="{w}" height="{h - surface}" fill="{BONE}"/>',
        _text(12, h - 10, "Old bone", 11),
    ]
    if depth:
        deepest = _PIT["reversal"]
        parts.append(
            f'<path d="M{pit_l},{surface} Q{(pit_l + pit_r) / 2},{surface + 2 * deepest} '
            f'{pit_r},{surface} Z" fill="{MARROW}" stroke="{INK}" stroke-width="0.8"/>'
        )
        if phase.key == "formation":
            parts.append(
                f'<path d="M{pit_l},{surface} Q{(pit_l + pit_r) / 2},{surface + 2 * deepest} '
                f"{pit_r},{surface} Q{(pit_l + pit_r) / 2},{surface + 2 * depth} {pit_l},"
                f'{surface} Z" fill="{NEW_BONE}" stroke="{INK}" stroke-dasharray="3 2"/>'
            )
            parts.append(_text(280, surface + 2 * deepest - 12, "new bone", 11, "middle"))
    elif phase.key == "rest":
        parts.append(
            f'<path d="M{pit_l},{surface} Q280,{surface + 100} {pit_r},{surface} Z" '
            f'fill="{NEW_BONE}" stroke="{INK}" stroke-dasharray="3 2"/>'
        )
        parts.append(_text(280, surface + 30, "renewed bone", 11, "middle"))
    parts.append(_osteocyte(470, 170))
    parts.append(_text(486, 190, "osteocyte", 11))

    label_y = 40
    if phase.key == "activation":
        parts.append(_lining(20, 540, surface))
        for cx in (230, 270, 310):
            parts.append(
                f'<circle cx="{cx}" cy="70" r="9" fill="{OC}" fill-opacity="0.35" stroke="{INK}"/>'
            )
        parts.append(_text(330, 74, "osteoclast precursors gather", 11))
        parts.append(
            f'<line x1="120" y1="{surface - 8}" x2="218" y2="74" stroke="{INK}" '
            'marker-end="url(#arrow)"/>'
        )
        parts.append(_text(60, 60, "RANKL signal", 11))
        parts.append(_text(60, 75, "(OPG holds it back)", 10))
    elif phase.key == "resorption":
        parts.append(_lining(20, 190, surface))
        parts.append(_lining(370, 540, surface))
        parts.append(_osteoclast(280, surface + 40))
        parts.append(_text(280, label_y, "osteoclast dissolving bone", 12, "middle", "bold"))
        parts.append(
            f'<line x1="280" y1="{label_y + 5}" x2="280" y2="{surface + 20}" '
            f'stroke="{INK}" marker-end="url(#arrow)"/>'
        )
        parts.append(_text(380, 95, "growth factors set free", 11))
    elif phase.key == "reversal":
        parts.append(_lining(20, 190, surface))
        parts.append(_lining(370, 540, surface))
        parts.append(_osteoclast(130, 72, faded=True))
        parts.append(_text(80, 48, "osteoclast leaving", 11))
        parts.append(_osteoblast(380, 70))
        parts.append(_osteoblast(400, 62))
        parts.append(_text(424, 75, "osteoblasts called in", 11))
        parts.append(_text(280, surface + 75, "empty pit", 11, "middle"))
    elif phase.key == "formation":
        parts.append(_lining(20, 190, surface))
        parts.append(_lining(370, 540, surface))
        for x, y in ((214, 104), (238, 116), (264, 121), (290, 121), (316, 116), (340, 104)):
            parts.append(_osteoblast(x - 8, y - 8))
        parts.append(_text(280, label_y, "osteoblasts building new bone", 12, "middle", "bold"))
    else:  # rest
        parts.append(_lining(20, 540, surface))
        parts.append(_text(280, label_y, "quiet surface: flat lining cells", 12, "middle", "bold"))

    desc = (
        f"Diagram of a patch of bone surface during {phase.title.lower()}. Cells: "
        f"{phase.cells}. {phase.bone}"
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="100%" '
        f'style="max-width:{w}px" role="img" aria-label="{html.escape(desc)}">'
        f"<title>{html.escape(desc)}</title>"
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        f'markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="{INK}"/></marker>'
        "</defs>" + "".join(parts) + "</svg>"
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
    shade = (
        f'<rect x="{x0:.1f}" y="12" width="{max(x1 - x0, 3):.1f}" height="{bottom - 12}" '
        f'fill="{PALETTE["sky_blue"]}" fill-opacity="0.35"/>'
    )
    ticks = "".join(
        f'<line x1="{x(d):.1f}" y1="{bottom}" x2="{x(d):.1f}" y2="{bottom + 4}" stroke="{INK}"/>'
        + _text(x(d), bottom + 16, f"{d:.0f}", 10, "middle")
        for d in range(0, int(days) + 1, 20)
    )
    desc = (
        f"Bone mass in the model, falling to {sim.bone_mass.min():.0f}% and climbing back "
        f"to about 100%; the shaded band marks {current.title.lower()}."
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="100%" '
        f'style="max-width:{w}px" role="img" aria-label="{html.escape(desc)}">'
        f"<title>{html.escape(desc)}</title>{shade}"
        f'<line x1="{left}" y1="{bottom}" x2="{w - 10}" y2="{bottom}" stroke="{INK}"/>'
        f'<line x1="{left}" y1="12" x2="{left}" y2="{bottom}" stroke="{INK}"/>'
        f'<line x1="{left}" y1="{y(100):.1f}" x2="{w - 10}" y2="{y(100):.1f}" stroke="{INK}" '
        'stroke-dasharray="2 3" stroke-width="0.7"/>'
        + _text(left - 4, y(100) + 4, "100%", 10, "end")
        + _text(left - 4, y(90) + 4, "90%", 10, "end")
        + f'<polyline points="{points}" fill="none" stroke="{ROLE_COLOURS["bone"]}" '
        'stroke-width="2"/>'
        + ticks
        + _text(w - 10, h - 2, "model days", 10, "end")
        + _text(left + 6, 24, "bone mass at the site", 10)
        + "</svg>"
    )


class RemodellingCycleStepper(W.VBox):
    """Step through the five phases with Previous / Next (or choose one)."""

    def __init__(self, cycle: RemodellingCycle | None = None):
        self.cycle = cycle or load_cycle()
        phases = self.cycle.phases
        self.previous_button = W.Button(
            description="Previous", icon="arrow-left", tooltip="Go to the previous phase"
        )
        self.next_button = W.Button(
            description="Next",
            icon="arrow-right",
            tooltip="Go to the next phase",
            button_style="primary",
        )
        self.phase_choice = W.Dropdown(
            options=[(f"{p.number}. {p.title}", p.number - 1) for p in phases],
            value=0,
            description="Phase:",
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
        note = W.HTML(
            '<p style="font-size:90%">Timings come from Komarova et al. (2003), Fig. 2 values: '
            "a qualitative model in <i>model days</i>, which are the model's own time scale "
            "and not how long remodelling takes in a person. The order and the proportions "
            "(removal quick, rebuilding slow) are the point, not the exact numbers.</p>"
        )
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
        self.position.value = f"<span>Step {index + 1} of {last + 1}</span>"
        self.diagram.value = phase_svg(phase)
        self.details.value = (
            f"<h4>{phase.number}. {html.escape(phase.title)}</h4><ul>"
            f"<li><b>Which cells act:</b> {html.escape(phase.cells)}</li>"
            f"<li><b>What happens:</b> {html.escape(phase.what_happens)}</li>"
            f"<li><b>The bone:</b> {html.escape(phase.bone)}</li>"
            f"<li><b>How long:</b> {html.escape(phase.duration_text)}</li></ul>"
        )
        self.timeline.value = timeline_svg(self.cycle, phase)


def remodelling_cycle() -> RemodellingCycleStepper:
    """The step-by-step remodelling cycle (the notebook's one-line call)."""
    return RemodellingCycleStepper()
