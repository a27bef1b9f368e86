"""Bone Secondaries: the Python package behind the course notebooks.

``import course`` is quick: widgets, figures and nbgrader load only when first used.
A notebook's setup cell is ``import course`` followed by ``course.start("<module>")``.
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

DISCLAIMER = (
    "Bone Secondaries is an educational aid for nursing students. It is not medical advice and "
    "does not replace local policy, a prescriber's instructions or a specialist team. It follows "
    "UK practice (NICE, NHS) by default; local policy may differ."
)

# name -> "module:attribute", imported on first use (PEP 562)
_LAZY = {
    "sources": "course.bibliography:sources",
    "self_check": "course.widgets.self_check:self_check",
    "check_group": "course.widgets.check_group:check_group",
    "SelfCheck": "course.widgets.self_check:SelfCheck",
    "CheckGroup": "course.widgets.check_group:CheckGroup",
    "case": "course.widgets.branching_case:case",
    "get_item": "course.questions.bank:get_item",
    "load_bank": "course.questions.bank:load_bank",
    "start": "course.delivery.notebook:start",
    "diagram": "course.diagrams:diagram",
    "module_overview": "course.delivery.notebook:module_overview",
    "progress_summary": "course.delivery.notebook:progress_summary",
    "disclaimer": "course.delivery.notebook:disclaimer",
    "remodelling_explorer": "course.widgets.remodelling_explorer:remodelling_explorer",
    "remodelling_cycle": "course.widgets.remodelling_cycle_stepper:remodelling_cycle",
    "lesion_types": "course.widgets.lesion_types:lesion_types",
    "calcium_calculator": "course.widgets.calcium_calculator:calcium_calculator",
    "CalciumCalculator": "course.widgets.calcium_calculator:CalciumCalculator",
    "skeleton_map": "course.widgets.skeleton_map:skeleton_map",
    "frequency_chart": "course.widgets.frequency:frequency_chart",
    "imaging_explorer": "course.widgets.imaging_explorer:imaging_explorer",
    "imaging_table": "course.widgets.imaging_explorer:imaging_table",
    "consent_explorer": "course.widgets.consent_explorer:consent_explorer",
    "bone_drugs": "course.widgets.bone_drugs_explorer:bone_drugs",
    "mirels_calculator": "course.widgets.mirels_calculator:mirels_calculator",
    "radiotherapy_planner": "course.widgets.radiotherapy_planner:radiotherapy_planner",
    "treatment_explorer": "course.widgets.treatment_explorer:treatment_explorer",
    "my_progress": "course.widgets.standing_view:my_progress",
    "progress_history": "course.widgets.standing_view:progress_history",
    "confidently_wrong": "course.widgets.standing_view:confidently_wrong",
    "certainty_marking": "course.widgets.standing_view:certainty_marking",
    "learning_record": "course.widgets.learning_record_view:learning_record",
    "review_now": "course.widgets.review_view:review_now",
    "triage_exercise": "course.widgets.triage_exercise:triage_exercise",
    "pain_ladder": "course.widgets.pain_ladder:pain_ladder",
    "hypercalcaemia_explorer": "course.widgets.hypercalcaemia_explorer:hypercalcaemia_explorer",
}


def __getattr__(name: str):
    target = _LAZY.get(name)
    if target is None:
        raise AttributeError(f"module 'course' has no attribute {name!r}")
    module_name, attr = target.split(":")
    value = getattr(importlib.import_module(module_name), attr)
    globals()[name] = value
    return value


def __dir__():
    return sorted(list(globals()) + list(_LAZY))
