"""Bone remodelling as a pair of coupled cell populations (pure science, no Jupyter).

Two published models, exactly as the curated BioModels encodings give them:

* **Komarova et al. (2003)**, *Bone* 33:206-215 (BIOMD0000000148). Osteoclasts ``x1`` and
  osteoblasts ``x2`` signal to themselves and to each other through power laws::

      dx1/dt = a1 x1^g11 x2^g21 - b1 x1
      dx2/dt = a2 x1^g12 x2^g22 - b2 x2
      dz/dt  = -k1 max(x1 - x1_bar, 0) + k2 max(x2 - x2_bar, 0)

  where ``z`` is bone mass (% of the start) and ``(x1_bar, x2_bar)`` the resting (steady) state.
  Fig. 2 of the paper uses a1=3, a2=4, b1=0.2, b2=0.02, g11=0.5, g12=1, g21=-0.5, g22=0,
  k1=0.24, k2=0.0017, starting from x1=11, x2=212, z=100.

* **Ayati et al. (2010)**, *Biology Direct* 5:28 (BIOMD0000000402 and 0403). A tumour ``T``
  (% of its maximum ``LT``, Gompertz growth) changes the exponents, and a drug from a chosen day
  lowers osteoblast removal (``v1``) and tumour growth (``v2``). The paper's steady-state formulas
  (its eqs. 4, 13, 14) contain typos that the BioModels curators corrected; the corrected forms
  are used here. As in the encoding, the reference state for bone mass in the tumour model is the
  steady state at ``T = LT``.

Numerics. The cell equations are solved with :func:`scipy.integrate.solve_ivp` (DOP853) in log
coordinates (``u = ln x``), which keeps cell numbers positive by construction and makes the
right-hand side smooth: the negative powers cannot blow up at zero, because zero is never
reached. Reported cell numbers are clamped to ``[CELL_FLOOR, max_cells]``. The ``max(., 0)``
switches only enter bone mass, which does not feed back on the cells, so instead of forcing tiny
steps through them (a 0.05-day maximum step, or event handling) bone mass is
integrated afterwards on a fine grid (0.05 model days by default), with each switch located
exactly within its grid step. The tests check this against an independent run with bone mass as
a state and a 0.05-day maximum step. A drug start switches the equations themselves, so the run
is split there. Unstable parameter sets grow without bound (even in finite time): growth is held
at ``max_cells`` inside the equations, and the run is cut at that point and says so.

These are qualitative models: neither was fitted to patients with bone metastases from breast or
prostate cancer, and Ayati's model describes myeloma.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields, replace

import numpy as np

#: reported cell numbers are clamped at or above this floor (they are never 0 or negative)
CELL_FLOOR = 1e-20
_LOG_FLOOR = math.log(CELL_FLOOR)
#: a run stops when a cell count passes this (unstable parameter sets grow without limit)
DEFAULT_MAX_CELLS = 1e6
#: the longest run accepted, in model days
MAX_DAYS = 20_000.0


class ModelParameterError(ValueError):
    """A parameter value the model cannot use; the message says which one and why."""


def _number(name: str, value: object) -> float:
    if isinstance(value, bool):
        raise ModelParameterError(f"{name} must be a number, not {value!r}.")
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ModelParameterError(f"{name} must be a number, not {value!r}.") from None
    if not math.isfinite(number):
        raise ModelParameterError(f"{name} must be a finite number, not {value!r}.")
    return number


def _check_fields(obj: object, positive: tuple[str, ...], non_negative: tuple[str, ...]) -> None:
    for f in fields(obj):  # type: ignore[arg-type]
        value = _number(f.name, getattr(obj, f.name))
        if f.name in positive and value <= 0:
            raise ModelParameterError(
                f"{f.name} must be greater than 0 (it is a rate or a size), not {value:g}."
            )
        if f.name in non_negative and value < 0:
            raise ModelParameterError(f"{f.name} cannot be negative (got {value:g}).")


@dataclass(frozen=True)
class RemodellingParameters:
    """Parameters of the Komarova (2003) model.

    ``alpha1``/``alpha2`` are the production rates and ``beta1``/``beta2`` the removal rates
    (per day) of osteoclasts and osteoblasts. ``g11`` is osteoclast self-signalling (autocrine),
    ``g21`` the osteoblast-to-osteoclast signal (negative: net inhibition, the RANKL/OPG
    balance), ``g12`` the osteoclast-to-osteoblast signal (positive: coupling) and ``g22``
    osteoblast self-signalling. ``k1``/``k2`` turn excess osteoclasts/osteoblasts into bone
    resorbed/formed (% of bone mass per cell per day).
    """

    alpha1: float = 3.0
    alpha2: float = 4.0
    beta1: float = 0.2
    beta2: float = 0.02
    g11: float = 0.5
    g12: float = 1.0
    g21: float = -0.5
    g22: float = 0.0
    k1: float = 0.24
    k2: float = 0.0017

    def validate(self) -> None:
        """Raise :class:`ModelParameterError` with a plain message if a value is unusable."""
        _check_fields(self, ("alpha1", "alpha2", "beta1", "beta2"), ("k1", "k2"))

    def with_changes(self, **changes: float) -> RemodellingParameters:
        """A copy with some values changed (unknown names raise a clear error)."""
        known = {f.name for f in fields(self)}
        unknown = sorted(set(changes) - known)
        if unknown:
            raise ModelParameterError(
                f"Unknown parameter(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}."
            )
        return replace(self, **changes)


@dataclass(frozen=True)
class TumourParameters:
    """The tumour terms of Ayati (2010).

    Gompertz growth rate ``gamma_t`` (per day) towards ``lt`` (maximum, %), and ``r11, r12, r21,
    r22``, how strongly the tumour changes each signalling exponent.
    """

    gamma_t: float = 0.005
    lt: float = 100.0
    r11: float = 0.005
    r12: float = 0.0
    r21: float = 0.0
    r22: float = 0.2

    def validate(self) -> None:
        """Raise :class:`ModelParameterError` with a plain message if a value is unusable."""
        _check_fields(self, ("lt",), ("gamma_t", "r11", "r12", "r21", "r22"))


@dataclass(frozen=True)
class DrugParameters:
    """The treatment of Ayati (2010, BIOMD0000000403).

    From ``start_day`` on, ``v1`` is taken off osteoblast removal and ``v2`` off tumour growth (both
    per day).
    """

    start_day: float = 600.0
    v1: float = 0.001
    v2: float = 0.008

    def validate(self, beta2: float | None = None) -> None:
        """Raise :class:`ModelParameterError` if a value is unusable.

        ``v1`` must stay below the osteoblast removal rate ``beta2``, or osteoblasts would never
        be removed.
        """
        _check_fields(self, (), ("start_day", "v1", "v2"))
        if beta2 is not None and self.v1 >= beta2:
            raise ModelParameterError(
                f"v1 ({self.v1:g}) must be smaller than the osteoblast removal rate beta2 "
                f"({beta2:g}); otherwise osteoblasts would never be removed."
            )


#: Komarova et al. (2003) Fig. 2 (BIOMD0000000148): a single remodelling cycle.
KOMAROVA_FIG2 = RemodellingParameters()
#: Komarova Fig. 2 starting point: extra osteoclasts (11 against a resting ~1.06).
KOMAROVA_FIG2_START = (11.0, 212.0)
#: Ayati et al. (2010) normal bone (BIOMD0000000402/0403): sustained cycles.
AYATI_NORMAL = RemodellingParameters(g11=1.1, k1=0.0748, k2=0.0006395)
AYATI_TUMOUR = TumourParameters()
AYATI_DRUG = DrugParameters()
#: starting values (osteoclasts, osteoblasts, tumour) of BIOMD0000000402 and 0403
AYATI_TUMOUR_START = (15.0, 316.0, 1.0)
AYATI_DRUG_START = (13.0, 300.0, 1.0)


def gamma(params: RemodellingParameters, tumour: TumourParameters | None = None) -> float:
    """Gamma = g12*g21 - (1 - g11)(1 - g22); with a tumour, the Ayati form at ``T = LT``."""
    p = params
    if tumour is None:
        return p.g12 * p.g21 - (1 - p.g11) * (1 - p.g22)
    r = tumour
    return (p.g12 / (1 + r.r12)) * p.g21 * (1 + r.r21) - (1 - p.g11 * (1 + r.r11)) * (
        1 - p.g22 + r.r22
    )


def steady_state(
    params: RemodellingParameters, tumour: TumourParameters | None = None
) -> tuple[float, float]:
    """The resting numbers of osteoclasts and osteoblasts, from the analytic formulas.

    Parameters
    ----------
    params
        The Komarova parameters.
    tumour
        With tumour parameters, Ayati's steady state at full tumour burden (``T = LT``), with the
        curators' corrections to the paper's eqs. 13 and 14.

    Returns
    -------
    tuple of float
        ``(osteoclasts, osteoblasts)`` at rest.

    Raises
    ------
    ModelParameterError
        If a parameter is unusable, or Gamma = 0 (then there is no single resting state).
    """
    params.validate()
    if tumour is not None:
        tumour.validate()
    p = params
    g = gamma(p, tumour)
    if abs(g) < 1e-12:
        raise ModelParameterError(
            "Gamma = g12*g21 - (1 - g11)(1 - g22) is 0 for these values, so the model has no "
            "single resting state; change g11, g12, g21 or g22 slightly."
        )
    ratio1 = p.beta1 / p.alpha1
    ratio2 = p.beta2 / p.alpha2
    if tumour is None:
        e11, e12, e21, e22 = p.g11, p.g12, p.g21, p.g22
    else:
        r = tumour
        e11, e12 = p.g11 * (1 + r.r11), p.g12 / (1 + r.r12)
        e21, e22 = p.g21 * (1 + r.r21), p.g22 - r.r22
    try:
        osteoclasts = ratio1 ** ((1 - e22) / g) * ratio2 ** (e21 / g)
        osteoblasts = ratio1 ** (e12 / g) * ratio2 ** ((1 - e11) / g)
    except OverflowError:
        osteoclasts = osteoblasts = math.inf
    if not (math.isfinite(osteoclasts) and math.isfinite(osteoblasts)):
        raise ModelParameterError(
            "The resting state is too large to compute for these values (Gamma is very close to "
            "0); move g11, g12, g21 or g22 away from this point."
        )
    return osteoclasts, osteoblasts


@dataclass(frozen=True)
class Stability:
    """Linear stability of the resting state.

    ``trace`` and ``determinant`` are those of the Jacobian at the steady state (the same in
    log and in plain coordinates). ``kind`` is ``"stable"`` (disturbances die away),
    ``"neutral"`` (closed cycles in the linear approximation), ``"unstable"`` or ``"saddle"``.
    """

    trace: float
    determinant: float
    eigenvalues: tuple[complex, complex]
    kind: str
    oscillates: bool


def linear_stability(params: RemodellingParameters, tol: float = 1e-12) -> Stability:
    """Trace and determinant of the linearisation at the resting state.

    In log coordinates the Jacobian is ``[[b1(g11-1), b1 g21], [b2 g12, b2(g22-1)]]``, so
    trace = b1(g11-1) + b2(g22-1) and det = b1 b2 [(g11-1)(g22-1) - g12 g21] = -b1 b2 Gamma.

    Parameters
    ----------
    params
        The Komarova parameters.
    tol
        Traces within ``tol`` of zero count as neutral.

    Returns
    -------
    Stability
    """
    params.validate()
    p = params
    if abs(gamma(p)) < 1e-12:
        steady_state(p)  # raises the Gamma = 0 message
    jac = np.array(
        [[p.beta1 * (p.g11 - 1), p.beta1 * p.g21], [p.beta2 * p.g12, p.beta2 * (p.g22 - 1)]]
    )
    trace = float(np.trace(jac))
    det = float(p.beta1 * p.beta2 * ((p.g11 - 1) * (p.g22 - 1) - p.g12 * p.g21))
    eig = np.linalg.eigvals(jac)
    if det < 0:
        kind = "saddle"
    elif abs(trace) <= tol:
        kind = "neutral"
    elif trace < 0:
        kind = "stable"
    else:
        kind = "unstable"
    oscillates = trace * trace - 4 * det < 0
    return Stability(trace, det, (complex(eig[0]), complex(eig[1])), kind, bool(oscillates))


def critical_g11(params: RemodellingParameters) -> float:
    """The osteoclast self-signal g11 at which the trace is 0 (with the other values fixed).

    Below it the resting state is stable, above it unstable. 1.1 for the Fig. 2 values.
    """
    params.validate()
    return 1 + params.beta2 * (1 - params.g22) / params.beta1


BEHAVIOURS = {
    "stable": "a single remodelling cycle that settles back to rest",
    "neutral": "repeating cycles that neither grow nor fade",
    "unstable": "unstable growth: the swings get larger and larger",
    "saddle": "unstable growth: no balance between the cells is possible",
}


def behaviour(params: RemodellingParameters) -> str:
    """The behaviour the linearisation predicts, in plain words (see :data:`BEHAVIOURS`)."""
    return BEHAVIOURS[linear_stability(params).kind]


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
    from scipy.integrate import solve_ivp

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
    reference = steady_state(params, tumour)

    log_cap = math.log(max_cells)
    n_samples = int(round(days / sample_step))
    grid = np.linspace(0.0, n_samples * sample_step, n_samples + 1)
    y0 = np.log(np.array(start_values, dtype=float))

    # the drug switches the equations on its start day: solve the two stretches separately
    stretches = [(0.0, float(grid[-1]), 0.0, 0.0)]
    if drug is not None:
        if drug.start_day <= 0:
            stretches = [(0.0, float(grid[-1]), drug.v1, drug.v2)]
        elif drug.start_day < grid[-1]:
            stretches = [
                (0.0, drug.start_day, 0.0, 0.0),
                (drug.start_day, float(grid[-1]), drug.v1, drug.v2),
            ]

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

    logs = np.concatenate(pieces, axis=1)
    t = grid[: logs.shape[1]]
    stopped_at: float | None = None
    ran_away = np.nonzero(np.max(logs[:2], axis=0) >= log_cap - 1e-6)[0]
    if ran_away.size:
        stop = int(ran_away[0])
        stopped_at = float(t[stop])
        t, logs = t[: stop + 1], logs[:, : stop + 1]
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


def tumour_run(
    days: float = 1200.0,
    drug_start_day: float | None = None,
    params: RemodellingParameters = AYATI_NORMAL,
    tumour: TumourParameters = AYATI_TUMOUR,
    start: tuple[float, float, float] = AYATI_TUMOUR_START,
    **kwargs: object,
) -> Simulation:
    """Ayati's tumour model (BIOMD0000000402), with the drug of BIOMD0000000403 if asked.

    The drug starts on ``drug_start_day`` if given (the published run starts it on day 600).

    Treated and untreated runs both start from 402's values (C = 15, B = 316, T = 1), so they
    share their history until the drug starts; BIOMD0000000403 itself starts from C = 13,
    B = 300 (:data:`AYATI_DRUG_START`).
    """
    drug = None
    if drug_start_day is not None:
        drug = replace(AYATI_DRUG, start_day=_number("drug_start_day", drug_start_day))
    return simulate(params, days=days, start=start, tumour=tumour, drug=drug, **kwargs)  # type: ignore[arg-type]


def treat_from_day(
    untreated: Simulation,
    start_day: float,
    drug: DrugParameters = AYATI_DRUG,
    **solver_options: float,
) -> Simulation:
    """The same tumour run with treatment from ``start_day``.

    The untreated run is reused up to that day (the two are identical until the drug starts)
    and only what follows is solved.

    Parameters
    ----------
    untreated
        A tumour run without treatment (from :func:`tumour_run` or :func:`simulate`).
    start_day
        The first day of treatment; it is moved to the nearest day of the run's grid.
    drug
        The drug's strengths (``drug.start_day`` is replaced by ``start_day``).
    **solver_options
        ``rtol``, ``atol`` or ``max_cells``, passed on to :func:`simulate`.

    Returns
    -------
    Simulation
        Equal, within solver tolerance, to running :func:`simulate` with the drug from the start.
    """
    if untreated.tumour is None or untreated.tumour_params is None:
        raise ModelParameterError("Treatment needs a tumour run to start from.")
    if untreated.drug is not None:
        raise ModelParameterError("This run already has treatment; start from an untreated run.")
    start_day = _number("start_day", start_day)
    t = untreated.t
    step = float(t[1] - t[0])
    if not 0 <= start_day < t[-1]:
        raise ModelParameterError(
            f"The treatment start day must be between 0 and {t[-1]:g} (the run's length), "
            f"not {start_day:g}."
        )
    i = int(round(start_day / step))
    day = float(t[i])
    drug = replace(drug, start_day=0.0)
    rest = simulate(
        untreated.params,
        days=float(t[-1]) - day,
        start=(untreated.osteoclasts[i], untreated.osteoblasts[i], untreated.tumour[i]),
        tumour=untreated.tumour_params,
        drug=drug,
        bone_mass_start=float(untreated.bone_mass[i]),
        sample_step=step,
        **solver_options,  # type: ignore[arg-type]
    )
    return Simulation(
        t=np.concatenate((t[:i], rest.t + day)),
        osteoclasts=np.concatenate((untreated.osteoclasts[:i], rest.osteoclasts)),
        osteoblasts=np.concatenate((untreated.osteoblasts[:i], rest.osteoblasts)),
        bone_mass=np.concatenate((untreated.bone_mass[:i], rest.bone_mass)),
        tumour=np.concatenate((untreated.tumour[:i], rest.tumour)),
        reference=untreated.reference,
        params=untreated.params,
        tumour_params=untreated.tumour_params,
        drug=replace(drug, start_day=day),
        stopped_early=rest.stopped_early,
        message=rest.message,
        solver_steps=rest.solver_steps,
    )
