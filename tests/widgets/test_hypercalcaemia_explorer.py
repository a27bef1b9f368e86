"""Headless tests of the high-calcium explorer (course.widgets.hypercalcaemia_explorer)."""

import pytest

from course.clinical.triage import Urgency
from course.widgets.calcium_calculator import CalciumCalculator
from course.widgets.hypercalcaemia_explorer import HypercalcaemiaExplorer, hypercalcaemia_explorer


def test_default_reuses_the_module_3_calculator_and_shows_a_moderate_band():
    w = hypercalcaemia_explorer()
    assert "bc-hypercalcaemia" in w._dom_classes
    assert isinstance(w.calculator, CalciumCalculator)
    assert w.calculator.result.adjusted == pytest.approx(3.19)
    assert w.assessment.urgency is Urgency.SAME_DAY
    assert "Same-day review" in w.urgency_view.value and "3.19 mmol/L" in w.urgency_view.value


def test_ticking_a_symptom_makes_a_raised_band_an_emergency():
    w = HypercalcaemiaExplorer()
    w.symptom_boxes["thirst_and_passing_more_urine"].value = True
    assert w.assessment.urgency is Urgency.EMERGENCY
    assert "Emergency" in w.urgency_view.value and "urgent admission" in w.urgency_view.value


def test_typing_new_results_updates_the_urgency():
    w = HypercalcaemiaExplorer()
    w.calculator.set_values("3.3", "30")  # 3.50: severe
    assert w.assessment.urgency is Urgency.EMERGENCY
    w.calculator.set_values("2.3", "42")  # 2.26: normal
    assert w.assessment.urgency is Urgency.ROUTINE


def test_bad_calcium_input_hides_the_urgency_with_a_prompt():
    w = HypercalcaemiaExplorer()
    w.calculator.set_values("11", "30")  # mg/dL slip: the calculator explains it
    assert w.calculator.result is None and "mg/dL" in w.calculator.output.value
    assert w.assessment is None
    assert "Enter a valid calcium" in w.urgency_view.value


def test_myeloma_adds_the_ionised_calcium_caveat():
    w = HypercalcaemiaExplorer()
    w.calculator.myeloma_box.value = True
    assert "ionised calcium" in w.urgency_view.value


def test_timeline_slider_controls_the_recheck_answer_and_alt_text():
    w = HypercalcaemiaExplorer(hours=24)
    assert not w.status.recheck_allowed
    assert "✘ Recheck calcium?" in w.status_view.value
    assert "too early to recheck" in w.figure.alt and 'alt="Timeline' in w.picture.value
    w.hours_slider.value = 72
    assert w.status.recheck_allowed and w.status.stage == "falling"
    assert "recheck allowed" in w.figure.alt
    assert "day 3.0" in w.status_view.value


def test_heart_or_kidney_failure_changes_the_fluid_advice():
    w = HypercalcaemiaExplorer()
    assert "overload" not in w.phases_view.value
    w.failure_box.value = True
    assert "overload" in w.phases_view.value


def test_unknown_symptom_is_refused():
    with pytest.raises(ValueError, match="not a calcium symptom"):
        HypercalcaemiaExplorer(symptoms=("headache",))
