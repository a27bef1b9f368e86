"""The remodelling cycle, phase by phase: what the cells do and, from Komarova's model, how
long each phase lasts in model days (pure: no Jupyter).

The words live in ``assets/01_bone_biology/remodelling_cycle.yml``; the timings are computed
from :func:`course.models.remodelling.start_remodelling_event` with the Fig. 2 values, so the
diagram and the model cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import yaml

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

    @property
    def duration_text(self) -> str:
        """How long the phase lasts in the model, in words."""
        if self.key == "activation":
            return (
                "In the model this is the starting moment (model day 0): extra osteoclasts appear."
            )
        if self.key == "rest":
            return (
                f"In the model, from about model day {self.start_day:.0f} until the next signal; "
                f"bone mass is then {self.bone_mass_at_end:.1f}% of the start."
            )
        days = self.end_day - self.start_day
        return (
            f"In the model: about {days:.0f} model days (model day {self.start_day:.0f} to "
            f"{self.end_day:.0f}); bone mass {self.bone_mass_at_end:.1f}% at the end."
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
    """The phases with their words (from the YAML file) and model timings (Fig. 2 values)."""
    file = Path(path) if path else assets_dir() / "01_bone_biology" / "remodelling_cycle.yml"
    if not file.is_file():
        raise FileNotFoundError(f"{file}: the remodelling cycle file does not exist")
    data = yaml.safe_load(file.read_text(encoding="utf-8"))
    entries = data.get("phases") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise ValueError(f"{file}: expected a list under 'phases'")
    keys = tuple(e.get("key") for e in entries)
    if keys != PHASE_KEYS:
        raise ValueError(
            f"{file}: phases must be {', '.join(PHASE_KEYS)} in that order, "
            f"not {', '.join(map(str, keys))}"
        )
    sim = model.start_remodelling_event(model.KOMAROVA_FIG2, days=300)
    windows = phase_windows(sim)
    phases = []
    for n, e in enumerate(entries, start=1):
        missing = [f for f in ("title", "cells", "what_happens", "bone") if not e.get(f)]
        if missing:
            raise ValueError(f"{file}: phase {e['key']} lacks {', '.join(missing)}")
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
            )
        )
    return RemodellingCycle(tuple(phases), sim, str(data.get("source", "")))
