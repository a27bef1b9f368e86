"""A remodelling event: starting one from rest, and the phases and peaks of a run.

See :mod:`course.models.remodelling`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from course.models.remodelling_parameters import (
    KOMAROVA_FIG2,
    ModelParameterError,
    RemodellingParameters,
    _number,
)
from course.models.remodelling_solver import Simulation, simulate
from course.models.remodelling_steady_state import steady_state


def start_remodelling_event(
    params: RemodellingParameters = KOMAROVA_FIG2,
    extra_osteoclasts: float = 10.0,
    days: float = 400.0,
    **kwargs: object,
) -> Simulation:
    """Start a remodelling event.

    The model at rest, plus a burst of extra osteoclasts at day 0 (the signal that starts
    remodelling at one site). Komarova's Fig. 2 starts with 11 osteoclasts against a resting ~1.06,
    i.e. about 10 extra.

    Parameters
    ----------
    params
        Komarova parameters.
    extra_osteoclasts
        Osteoclasts added to the resting number (>= 0; 0 means the bone stays at rest).
    days
        Length of the run, model days.
    **kwargs
        Passed on to :func:`simulate`.

    Returns
    -------
    Simulation
    """
    extra = _number("extra_osteoclasts", extra_osteoclasts)
    if extra < 0:
        raise ModelParameterError(f"extra_osteoclasts cannot be negative (got {extra:g}).")
    rest_c, rest_b = steady_state(params)
    return simulate(params, days=days, start=(rest_c + extra, rest_b), **kwargs)  # type: ignore[arg-type]


@dataclass(frozen=True)
class EventSummary:
    """The phases of one remodelling event, in model days."""

    resorption_start: float | None
    resorption_days: float
    formation_start: float | None
    formation_days: float
    lowest_bone_mass: float
    lowest_day: float
    final_bone_mass: float


def summarise_event(sim: Simulation, margin: float = 0.01) -> EventSummary:
    """Summarise one remodelling event.

    When osteoclasts and osteoblasts are in excess of rest (by more than ``margin`` of the
    resting number), for how long, and what happens to bone mass.
    """
    t = sim.t
    step = float(t[1] - t[0]) if t.size > 1 else 0.0
    excess_c = sim.osteoclasts > sim.reference[0] * (1 + margin)
    excess_b = sim.osteoblasts > sim.reference[1] * (1 + margin)
    low = int(np.argmin(sim.bone_mass))
    return EventSummary(
        resorption_start=float(t[excess_c][0]) if excess_c.any() else None,
        resorption_days=float(excess_c.sum() * step),
        formation_start=float(t[excess_b][0]) if excess_b.any() else None,
        formation_days=float(excess_b.sum() * step),
        lowest_bone_mass=float(sim.bone_mass[low]),
        lowest_day=float(t[low]),
        final_bone_mass=float(sim.bone_mass[-1]),
    )


def cycle_peaks(values: np.ndarray, t: np.ndarray, min_gap: float = 20.0) -> np.ndarray:
    """Indices of the local maxima of ``values`` (cycle peaks).

    Peaks are at least ``min_gap`` days apart and clearly above the series' median (by a tenth
    of the range from median to top).
    """
    inner = (values[1:-1] > values[:-2]) & (values[1:-1] >= values[2:])
    idx = np.nonzero(inner)[0] + 1
    median = float(np.median(values))
    idx = idx[values[idx] > median + 0.1 * (float(values.max()) - median)]
    kept: list[int] = []
    for i in idx:
        if kept and t[i] - t[kept[-1]] < min_gap:
            if values[i] > values[kept[-1]]:
                kept[-1] = int(i)
            continue
        kept.append(int(i))
    return np.array(kept, dtype=int)
