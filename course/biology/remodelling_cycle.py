"""The remodelling cycle, phase by phase, with each phase's length in Komarova's model.

What the cells do in each phase, and how long it lasts in model days (pure: no Jupyter). The
words live in ``assets/01_bone_biology/remodelling_cycle.yml`` (schema
``course/schemas/remodelling_cycle.schema.json``, which also fixes the phases' order); the
timings are computed from :func:`course.models.remodelling.start_remodelling_event` with the
Fig. 2 values, so the diagram and the model cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from course.content import read_content
from course.models import remodelling as model
from course.paths import assets_dir

PHASE_KEYS = ("activation", "resorption", "reversal", "formation", "rest")


@dataclass(frozen=True)
class CyclePhase:
    """One phase: its words, and its window in the model run (model days)."""

    key: str
    number: int
    title: str
    cells: str
    what_happens: str
    bone: str
    start_day: float
    end_day: float
    bone_mass_at_end: float
    duration_template: str = ""

    @property
    def duration_text(self) -> str:
        """How long the phase lasts in the model, in words."""
        return " ".join(self.duration_template.split()).format(
            days=f"{self.end_day - self.start_day:.0f}",
            start=f"{self.start_day:.0f}",
            end=f"{self.end_day:.0f}",
            bone=f"{self.bone_mass_at_end:.1f}",
        )


@dataclass(frozen=True)
class RemodellingCycle:
    """The five phases and the model run they were timed on."""

    phases: tuple[CyclePhase, ...]
    sim: model.Simulation
    source: str


def phase_windows(sim: model.Simulation, margin: float = 0.02) -> dict[str, tuple[float, float]]:
    """Split one remodelling event into phases (model days).

    Resorption runs from day 0 until bone mass is lowest (net removal); reversal from then until
    osteoclasts are back near rest (removal fades, building takes over); formation until
    osteoblasts are back near rest; rest is what follows.
    """
    t = sim.t
    low = int(np.argmin(sim.bone_mass))
    clast_busy = np.nonzero(sim.osteoclasts > sim.reference[0] * (1 + margin))[0]
    blast_busy = np.nonzero(sim.osteoblasts > sim.reference[1] * (1 + margin))[0]
    if clast_busy.size == 0 or blast_busy.size == 0:
        raise ValueError("This run has no remodelling event to split into phases.")
    low_day = float(t[low])
    clast_end = max(float(t[clast_busy[-1]]), low_day)
    blast_end = max(float(t[blast_busy[-1]]), clast_end)
    return {
        "activation": (0.0, 0.0),
        "resorption": (0.0, low_day),
        "reversal": (low_day, clast_end),
        "formation": (clast_end, blast_end),
        "rest": (blast_end, float(t[-1])),
    }


def _bone_at(sim: model.Simulation, day: float) -> float:
    return float(np.interp(day, sim.t, sim.bone_mass))


@lru_cache(maxsize=2)
def load_cycle(path: str | None = None) -> RemodellingCycle:
    """The phases with their words (from the YAML file) and model timings (Fig. 2 values).

    Parameters
    ----------
    path
        Another cycle file, for tests (default: the course's copy in ``assets/01_bone_biology``).

    Returns
    -------
    RemodellingCycle

    Raises
    ------
    course.errors.ContentError
        If the file is missing or breaks its schema (phases missing, out of order or without
        their words); the message names the file and the entry.
    """
    file = Path(path) if path else assets_dir() / "01_bone_biology" / "remodelling_cycle.yml"
    data = read_content(file, "remodelling_cycle")
    sim = model.start_remodelling_event(model.KOMAROVA_FIG2, days=300)
    windows = phase_windows(sim)
    durations = data["durations"]
    phases = []
    for n, e in enumerate(data["phases"], start=1):
        start, end = windows[e["key"]]
        phases.append(
            CyclePhase(
                e["key"],
                n,
                e["title"],
                e["cells"].strip(),
                e["what_happens"].strip(),
                e["bone"].strip(),
                start,
                end,
                _bone_at(sim, end),
                durations.get(e["key"], durations["other"]),
            )
        )
    return RemodellingCycle(tuple(phases), sim, str(data["source"]))
