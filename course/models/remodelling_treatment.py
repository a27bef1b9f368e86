"""Ayati's tumour model run, untreated or with the drug from a chosen day.

See :mod:`course.models.remodelling`.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from course.models.remodelling_parameters import (
    AYATI_DRUG,
    AYATI_NORMAL,
    AYATI_TUMOUR,
    AYATI_TUMOUR_START,
    DrugParameters,
    ModelParameterError,
    RemodellingParameters,
    TumourParameters,
    _number,
)
from course.models.remodelling_solver import Simulation, simulate


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
