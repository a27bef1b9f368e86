"""The resting state of the remodelling model and its linear stability.

Gamma, the analytic steady state (Komarova 2003; Ayati 2010 at full tumour burden, with the
BioModels curators' corrections), the trace and determinant of the linearisation, and the
behaviour they predict in plain words. See :mod:`course.models.remodelling`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from course.models.remodelling_parameters import (
    ModelParameterError,
    RemodellingParameters,
    TumourParameters,
)


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
