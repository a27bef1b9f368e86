"""The remodelling explorer's presets and its model runs (cached).

Each run is cached by its settings, so moving a slider back to an earlier value, or switching
treatment on and off, does not solve the model again. The science is
:mod:`course.models.remodelling`; the preset and rate names are in
``assets/01_bone_biology/remodelling_explorer.yml``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from course.models import remodelling as model
from course.widgets.kit import widget_text

TEXT = widget_text("01_bone_biology", "remodelling_explorer", required=("rates", "presets"))

#: output grid of the explorer's runs (model days); bone mass switches are located exactly
SAMPLE_STEP = 0.5
#: solver tolerances for the explorer: bone mass within about 0.001% of a 1e-10 run
TOLERANCES = {"rtol": 1e-6, "atol": 1e-8}
K_RATES = {
    "komarova": (TEXT["rates"]["komarova"], 0.24, 0.0017),
    "ayati": (TEXT["rates"]["ayati"], 0.0748, 0.0006395),
}


@dataclass(frozen=True)
class Preset:
    """A named set of control values showing one of the paper's behaviours."""

    label: str
    g11: float
    g12: float
    g21: float
    g22: float
    rates: str
    days: int
    extra_osteoclasts: int
    tooltip: str


PRESETS = {
    "single": Preset(
        TEXT["presets"]["single"]["label"],
        0.5,
        1.0,
        -0.5,
        0.0,
        "komarova",
        400,
        10,
        TEXT["presets"]["single"]["tooltip"],
    ),
    "cycles": Preset(
        TEXT["presets"]["cycles"]["label"],
        1.1,
        1.0,
        -0.5,
        0.0,
        "ayati",
        1000,
        10,
        TEXT["presets"]["cycles"]["tooltip"],
    ),
    "unstable": Preset(
        TEXT["presets"]["unstable"]["label"],
        1.12,
        1.0,
        -0.5,
        0.0,
        "ayati",
        1000,
        2,
        TEXT["presets"]["unstable"]["tooltip"],
    ),
}


@lru_cache(maxsize=8)
def _untreated_tumour_run(days: int) -> model.Simulation:
    """Ayati's untreated tumour run (cached: it does not depend on the treatment controls)."""
    return model.tumour_run(days=days, sample_step=SAMPLE_STEP, **TOLERANCES)


@lru_cache(maxsize=64)
def _healthy_run(
    g11: float, g12: float, g21: float, g22: float, rates: str, days: int, extra: float
) -> model.Simulation:
    """A healthy-bone remodelling event with these exponents and rates (cached)."""
    _, k1, k2 = K_RATES[rates]
    params = model.KOMAROVA_FIG2.with_changes(g11=g11, g12=g12, g21=g21, g22=g22, k1=k1, k2=k2)
    return model.start_remodelling_event(
        params, extra_osteoclasts=extra, days=days, sample_step=SAMPLE_STEP, **TOLERANCES
    )


@lru_cache(maxsize=64)
def _treated_tumour_run(days: int, start_day: int) -> model.Simulation:
    """The tumour run with treatment from ``start_day`` (cached)."""
    return model.treat_from_day(_untreated_tumour_run(days), start_day, **TOLERANCES)
