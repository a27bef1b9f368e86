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

The code is in five sibling modules, re-exported here so that ``from course.models import
remodelling`` gives the whole model:

* :mod:`~course.models.remodelling_parameters`: the parameters, their checks and the published
  values;
* :mod:`~course.models.remodelling_steady_state`: Gamma, the resting state and its stability;
* :mod:`~course.models.remodelling_solver`: the right-hand side, :func:`simulate` and bone mass;
* :mod:`~course.models.remodelling_events`: a remodelling event, its phases and cycle peaks;
* :mod:`~course.models.remodelling_treatment`: the tumour run and treatment from a chosen day.
"""

from __future__ import annotations

from course.models.remodelling_events import (
    EventSummary,
    cycle_peaks,
    start_remodelling_event,
    summarise_event,
)
from course.models.remodelling_parameters import (
    AYATI_DRUG,
    AYATI_DRUG_START,
    AYATI_NORMAL,
    AYATI_TUMOUR,
    AYATI_TUMOUR_START,
    CELL_FLOOR,
    DEFAULT_MAX_CELLS,
    KOMAROVA_FIG2,
    KOMAROVA_FIG2_START,
    MAX_DAYS,
    DrugParameters,
    ModelParameterError,
    RemodellingParameters,
    TumourParameters,
)
from course.models.remodelling_solver import Simulation, positive_part_integral, simulate
from course.models.remodelling_steady_state import (
    BEHAVIOURS,
    Stability,
    behaviour,
    critical_g11,
    gamma,
    linear_stability,
    steady_state,
)
from course.models.remodelling_treatment import treat_from_day, tumour_run

__all__ = [
    "AYATI_DRUG",
    "AYATI_DRUG_START",
    "AYATI_NORMAL",
    "AYATI_TUMOUR",
    "AYATI_TUMOUR_START",
    "BEHAVIOURS",
    "CELL_FLOOR",
    "DEFAULT_MAX_CELLS",
    "KOMAROVA_FIG2",
    "KOMAROVA_FIG2_START",
    "MAX_DAYS",
    "DrugParameters",
    "EventSummary",
    "ModelParameterError",
    "RemodellingParameters",
    "Simulation",
    "Stability",
    "TumourParameters",
    "behaviour",
    "critical_g11",
    "cycle_peaks",
    "gamma",
    "linear_stability",
    "positive_part_integral",
    "simulate",
    "start_remodelling_event",
    "steady_state",
    "summarise_event",
    "treat_from_day",
    "tumour_run",
]
