"""Treatment explorer widget, headless."""

import pytest

from course.clinical.treatment_options import TreatmentInputError
from course.widgets.treatment_explorer import TreatmentExplorer, treatment_explorer


def test_builds_for_breast_painful_rib():
    w = treatment_explorer()
    assert "bc-treatment-explorer" in w._dom_classes
    assert w.primary.description and w.situation.description
    assert "Hormone therapy" in w.output.value
    assert "thins bone" in w.output.value
    assert w.radium_details.layout.display == "none"


def test_radium_details_appear_for_castration_resistant_prostate_and_decide_radium():
    w = TreatmentExplorer()
    w.set_choice("prostate_castration_resistant", "many_painful_sites")
    assert w.radium_details.layout.display is None
    assert "radium_223" in w.plan.option_ids()
    assert "Only when all of these hold" in w.output.value
    w.abiraterone_box.value = True
    assert "radium_223" in w.plan.excluded_ids()
    assert "ERA-223" in w.output.value
    w.abiraterone_box.value = False
    w.prior_lines.value = 1
    assert "radium_223" in w.plan.excluded_ids()
    w.unsuitable_box.value = True
    assert "radium_223" in w.plan.option_ids()


def test_thyroid_choice_shows_iodine_only_when_differentiated():
    w = TreatmentExplorer()
    w.set_choice("thyroid_differentiated", "many_painful_sites")
    assert "Radioactive iodine" in w.output.value
    assert "radioactive_iodine" in w.plan.option_ids()
    w.primary.value = "thyroid_other"
    assert "radioactive_iodine" in w.plan.excluded_ids()
    assert "Not suitable here, and why" in w.output.value


def test_situation_changes_first_actions():
    w = TreatmentExplorer()
    w.situation.value = "spinal_collapse"
    assert "MSCC coordinator" in w.output.value
    assert "Vertebroplasty" in w.output.value


def test_unknown_start_choice_is_a_clear_error():
    with pytest.raises(TreatmentInputError, match="choose one of"):
        TreatmentExplorer("bowel")
