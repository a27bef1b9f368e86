"""Parameters of the bone remodelling models, their checks and the published values.

The Komarova (2003) cell signalling, the Ayati (2010) tumour terms and treatment, each a frozen
dataclass that checks its own values, and the parameter sets and starting points of the curated
BioModels encodings (BIOMD0000000148, 0402 and 0403). See :mod:`course.models.remodelling`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields, replace

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
