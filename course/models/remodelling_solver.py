"""One run of the remodelling model: the right-hand side, the solver and bone mass.

The cell equations are solved in log coordinates with :func:`scipy.integrate.solve_ivp`; bone
mass is integrated afterwards on the output grid (:func:`positive_part_integral`). The numerics
are described in :mod:`course.models.remodelling`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from course.models.remodelling_parameters import (
    _LOG_FLOOR,
    DEFAULT_MAX_CELLS,
    KOMAROVA_FIG2,
    KOMAROVA_FIG2_START,
    MAX_DAYS,
    DrugParameters,
    ModelParameterError,
    RemodellingParameters,
    TumourParameters,
    _number,
)
from course.models.remodelling_steady_state import steady_state


@dataclass(frozen=True)
class Simulation:
    """One model run, sampled on an even grid of model days.

    Attributes
    ----------
    t
        Model days.
    osteoclasts, osteoblasts
        Cell numbers (never negative, never infinite).
    bone_mass
        Bone mass, % of the start.
    tumour
        Tumour, % of its maximum (``None`` without a tumour).
    reference
        The steady state ``(osteoclasts, osteoblasts)`` above which cells resorb or form bone.
    stopped_early
        True if cell numbers ran away and the run was stopped (see ``message``).
    message
        Plain-words note on the run (empty when nothing needs saying).
    """

    t: np.ndarray
    osteoclasts: np.ndarray
    osteoblasts: np.ndarray
    bone_mass: np.ndarray
    tumour: np.ndarray | None
    reference: tuple[float, float]
    params: RemodellingParameters
    tumour_params: TumourParameters | None = None
    drug: DrugParameters | None = None
    stopped_early: bool = False
    message: str = ""
    solver_steps: int = field(default=0, compare=False)


def _rhs_factory(
    p: RemodellingParameters,
    tumour: TumourParameters | None,
    v1: float,
    v2: float,
    log_cap: float = math.log(DEFAULT_MAX_CELLS),
):
    """The right-hand side in log coordinates, written with scalar math for speed.

    u = ln osteoclasts, v = ln osteoblasts, w = ln tumour. Cell counts stop growing at
    ``exp(log_cap)``: a runaway is held there (and reported) instead of blowing up.
    """
    a1, a2, b1, b2 = p.alpha1, p.alpha2, p.beta1, p.beta2
    g11, g12, g21, g22 = p.g11, p.g12, p.g21, p.g22
    exp = math.exp

    def clamp_exp(x: float) -> float:
        return exp(x if x < 700.0 else 700.0)

    if tumour is None:

        def rhs(_t: float, y: np.ndarray) -> list[float]:
            u, v = y[0], y[1]
            du = a1 * clamp_exp((g11 - 1.0) * u + g21 * v) - b1
            dv = a2 * clamp_exp(g12 * u + (g22 - 1.0) * v) - (b2 - v1)
            if u >= log_cap and du > 0.0:
                du = 0.0
            if v >= log_cap and dv > 0.0:
                dv = 0.0
            return [du, dv]

        return rhs

    r11, r12, r21, r22 = tumour.r11, tumour.r12, tumour.r21, tumour.r22
    lt, log_lt, growth = tumour.lt, math.log(tumour.lt), tumour.gamma_t - v2

    def rhs_tumour(_t: float, y: np.ndarray) -> list[float]:
        u, v, w = y[0], y[1], y[2]
        s = clamp_exp(w) / lt
        e11 = g11 * (1.0 + r11 * s)
        e21 = g21 * (1.0 + r21 * s)
        e12 = g12 / (1.0 + r12 * s)
        e22 = g22 - r22 * s
        du = a1 * clamp_exp((e11 - 1.0) * u + e21 * v) - b1
        dv = a2 * clamp_exp(e12 * u + (e22 - 1.0) * v) - (b2 - v1)
        dw = growth * (log_lt - w)  # Gompertz: d(ln T)/dt = rate * ln(LT/T)
        if u >= log_cap and du > 0.0:
            du = 0.0
        if v >= log_cap and dv > 0.0:
            dv = 0.0
        return [du, dv, dw]

    return rhs_tumour


def positive_part_integral(values: np.ndarray, step: float) -> np.ndarray:
    """Running integral of ``max(values, 0)`` over an even grid.

    ``values`` are treated as piecewise linear, so that each switch (sign change) is located
    exactly within its step.

    Returns an array of the same length, starting at 0.
    """
    f0, f1 = values[:-1], values[1:]
    both = np.clip(f0, 0, None) + np.clip(f1, 0, None)
    area = 0.5 * step * both
    crossing = (f0 > 0) != (f1 > 0)
    if np.any(crossing):
        a, b = f0[crossing], f1[crossing]
        positive = np.where(a > 0, a, b)
        area[crossing] = 0.5 * step * positive * positive / np.abs(b - a)
    return np.concatenate(([0.0], np.cumsum(area)))


def _validate_start(start: tuple[float, ...], tumour: TumourParameters | None) -> list[float]:
    names = ["starting osteoclasts", "starting osteoblasts"]
    if tumour is not None:
        names.append("starting tumour")
    if len(start) != len(names):
        raise ModelParameterError(
            f"The starting state needs {len(names)} values ({', '.join(names)}), got {len(start)}."
        )
    values = []
    for name, value in zip(names, start, strict=True):
        number = _number(name, value)
        if number <= 0:
            raise ModelParameterError(f"The {name} must be greater than 0, not {number:g}.")
        values.append(number)
    return values


def _check_run(
    params: RemodellingParameters,
    days: float,
    start: tuple[float, ...],
    tumour: TumourParameters | None,
    drug: DrugParameters | None,
    bone_mass_start: float,
    sample_step: float,
    max_cells: float,
) -> tuple[float, float, float, float, list[float]]:
    """Check every input of :func:`simulate`.

    Returns
    -------
    tuple
        ``(days, sample_step, bone_mass_start, max_cells, start_values)`` as floats.

    Raises
    ------
    ModelParameterError
        For the first unusable value, in plain words.
    """
    params.validate()
    if tumour is not None:
        tumour.validate()
    if drug is not None:
        if tumour is None:
            raise ModelParameterError(
                "The drug acts on the tumour model: switch the tumour on to give treatment."
            )
        drug.validate(params.beta2)
    days = _number("days", days)
    if not 0 < days <= MAX_DAYS:
        raise ModelParameterError(f"days must be between 0 and {MAX_DAYS:g}, not {days:g}.")
    sample_step = _number("sample_step", sample_step)
    if not 0 < sample_step <= days:
        raise ModelParameterError("sample_step must be greater than 0 and at most days.")
    bone_mass_start = _number("bone_mass_start", bone_mass_start)
    max_cells = _number("max_cells", max_cells)
    if max_cells <= 1:
        raise ModelParameterError("max_cells must be greater than 1.")
    start_values = _validate_start(tuple(start), tumour)
    return days, sample_step, bone_mass_start, max_cells, start_values


def _drug_stretches(
    drug: DrugParameters | None, end: float
) -> list[tuple[float, float, float, float]]:
    """The stretches of a run, as ``(t0, t1, v1, v2)``.

    The drug switches the equations on its start day, so the days before and after it are
    solved separately.
    """
    stretches = [(0.0, end, 0.0, 0.0)]
    if drug is not None:
        if drug.start_day <= 0:
            stretches = [(0.0, end, drug.v1, drug.v2)]
        elif drug.start_day < end:
            stretches = [
                (0.0, drug.start_day, 0.0, 0.0),
                (drug.start_day, end, drug.v1, drug.v2),
            ]
    return stretches


def _solve_stretches(
    params: RemodellingParameters,
    tumour: TumourParameters | None,
    stretches: list[tuple[float, float, float, float]],
    grid: np.ndarray,
    y0: np.ndarray,
    log_cap: float,
    *,
    method: str,
    rtol: float,
    atol: float,
) -> tuple[np.ndarray, int]:
    """Solve the cell equations stretch by stretch, each starting where the last ended.

    Returns
    -------
    tuple
        The log cell numbers on ``grid`` (one row per state) and the solver's step count.
    """
    from scipy.integrate import solve_ivp

    pieces: list[np.ndarray] = []
    steps = 0
    for n, (t0, t1, v1, v2) in enumerate(stretches):
        rhs = _rhs_factory(params, tumour, v1, v2, log_cap)
        sol = solve_ivp(rhs, (t0, t1), y0, method=method, rtol=rtol, atol=atol, dense_output=True)
        if sol.status != 0:
            raise ModelParameterError(
                f"The solver could not continue ({sol.message}); try less extreme values."
            )
        steps += len(sol.t)
        last = n == len(stretches) - 1
        mask = (grid >= t0) & ((grid <= t1) if last else (grid < t1))
        if mask.any():
            pieces.append(sol.sol(grid[mask]))
        y0 = sol.y[:, -1]
    return np.concatenate(pieces, axis=1), steps


def _cut_runaway(
    t: np.ndarray, logs: np.ndarray, log_cap: float
) -> tuple[np.ndarray, np.ndarray, float | None]:
    """Cut a run where a cell count reached the cap.

    Returns
    -------
    tuple
        The days and log cell numbers up to that point, and the day it was cut (``None`` if
        the run never ran away).
    """
    stopped_at: float | None = None
    ran_away = np.nonzero(np.max(logs[:2], axis=0) >= log_cap - 1e-6)[0]
    if ran_away.size:
        stop = int(ran_away[0])
        stopped_at = float(t[stop])
        t, logs = t[: stop + 1], logs[:, : stop + 1]
    return t, logs, stopped_at


def _to_simulation(
    grid: np.ndarray,
    logs: np.ndarray,
    steps: int,
    log_cap: float,
    reference: tuple[float, float],
    params: RemodellingParameters,
    tumour: TumourParameters | None,
    drug: DrugParameters | None,
    bone_mass_start: float,
    sample_step: float,
) -> Simulation:
    """The run as a :class:`Simulation`, from the solver's log cell numbers on ``grid``.

    The run is cut where cells ran away, cell numbers come back from their logs, and bone mass
    integrates the cells' excess over ``reference`` on the even grid (spaced ``sample_step``).
    """
    t, logs, stopped_at = _cut_runaway(grid[: logs.shape[1]], logs, log_cap)
    logs = np.clip(logs, _LOG_FLOOR, log_cap)
    cells = np.exp(logs)
    osteoclasts, osteoblasts = cells[0], cells[1]
    tumour_values = cells[2] if tumour is not None else None

    resorbed = positive_part_integral(osteoclasts - reference[0], sample_step)
    formed = positive_part_integral(osteoblasts - reference[1], sample_step)
    bone_mass = bone_mass_start - params.k1 * resorbed + params.k2 * formed

    message = ""
    if stopped_at is not None:
        message = (
            f"Cell numbers grew without limit, so the run was stopped on model day "
            f"{stopped_at:.0f}: the model is unstable for these values."
        )
    return Simulation(
        t=t,
        osteoclasts=osteoclasts,
        osteoblasts=osteoblasts,
        bone_mass=bone_mass,
        tumour=tumour_values,
        reference=reference,
        params=params,
        tumour_params=tumour,
        drug=drug,
        stopped_early=stopped_at is not None,
        message=message,
        solver_steps=steps,
    )


def simulate(
    params: RemodellingParameters = KOMAROVA_FIG2,
    days: float = 400.0,
    start: tuple[float, ...] = KOMAROVA_FIG2_START,
    tumour: TumourParameters | None = None,
    drug: DrugParameters | None = None,
    bone_mass_start: float = 100.0,
    sample_step: float = 0.05,
    rtol: float = 1e-7,
    atol: float = 1e-9,
    max_cells: float = DEFAULT_MAX_CELLS,
    method: str = "DOP853",
) -> Simulation:
    """Run the model with :func:`scipy.integrate.solve_ivp`.

    Parameters
    ----------
    params
        Komarova parameters (the cell signalling, and k1/k2 for bone mass).
    days
        How many model days to run (0 < days <= 20 000).
    start
        Starting ``(osteoclasts, osteoblasts)``, plus the tumour (% of maximum) with a tumour.
    tumour
        Ayati tumour parameters, or ``None`` for healthy bone.
    drug
        Ayati treatment (needs a tumour), switched on from ``drug.start_day``.
    bone_mass_start
        Bone mass at day 0, %.
    sample_step
        Spacing of the output grid and of the bone-mass integration, model days.
    rtol, atol
        Solver tolerances (on log cell numbers).
    max_cells
        Stop the run when a cell count passes this.
    method
        The :func:`scipy.integrate.solve_ivp` method (DOP853: few, large, accurate steps on
        this smooth log-coordinate system; the bone-mass switches are handled afterwards).

    Returns
    -------
    Simulation

    Raises
    ------
    ModelParameterError
        With a plain message, for any unusable value (not a number, not finite, a negative rate,
        Gamma = 0, a drug without a tumour, ...).
    """
    days, sample_step, bone_mass_start, max_cells, start_values = _check_run(
        params, days, start, tumour, drug, bone_mass_start, sample_step, max_cells
    )
    reference = steady_state(params, tumour)

    log_cap = math.log(max_cells)
    n_samples = int(round(days / sample_step))
    grid = np.linspace(0.0, n_samples * sample_step, n_samples + 1)
    y0 = np.log(np.array(start_values, dtype=float))

    stretches = _drug_stretches(drug, float(grid[-1]))
    logs, steps = _solve_stretches(
        params, tumour, stretches, grid, y0, log_cap, method=method, rtol=rtol, atol=atol
    )
    return _to_simulation(
        grid, logs, steps, log_cap, reference, params, tumour, drug, bone_mass_start, sample_step
    )
