"""The "who decides?" explorer, headless: build it, set controls, check what it shows."""

from __future__ import annotations

import html

import ipywidgets as W
import pytest

from course.clinical.consent import (
    ATTORNEY,
    CLINICIAN,
    OTHER_LAW,
    PATIENT,
    PRESET_SCENARIOS,
    WAIT,
    ConsentScenario,
)
from course.widgets.consent_explorer import ConsentExplorer, consent_explorer
from course.widgets.controls import SingleChoice


def test_default_is_a_capable_adult_who_agrees():
    ex = consent_explorer()
    assert "bc-consent" in ex._dom_classes
    assert ex.scenario == ConsentScenario()
    assert ex.assessment.who_decides == PATIENT
    assert "The patient decides" in ex.result.value
    assert "Capacity is presumed" in ex.result.value


def test_every_fact_has_a_labelled_native_control():
    ex = ConsentExplorer()
    assert set(ex.controls) == set(ConsentScenario.__dataclass_fields__)
    for name, control in ex.controls.items():
        assert isinstance(control, (W.Checkbox, SingleChoice, W.Dropdown)), name
        assert control.description.strip(), name
    assert ex.preset.description


def test_ticking_boxes_like_a_learner_walks_the_capacity_test():
    ex = ConsentExplorer()
    ex.controls["doubt_about_capacity"].value = True
    ex.controls["understands"].value = False
    # no help given yet: the presumption stands
    assert ex.assessment.who_decides == PATIENT
    assert ex.assessment.can_proceed is False
    assert "practicable" in ex.result.value
    ex.controls["practicable_support_given"].value = True
    ex.controls["impairment_of_mind_or_brain"].value = True
    assert ex.assessment.who_decides == CLINICIAN
    assert "best interests" in ex.result.value
    ex.controls["authority"].value = "health_welfare_lpa"
    assert ex.assessment.who_decides == ATTORNEY
    assert "health-and-welfare LPA decides" in ex.result.value
    ex.controls["authority"].value = "property_finance_lpa"
    assert ex.assessment.who_decides == CLINICIAN
    assert "money and property" in ex.result.value


def test_choosing_a_preset_sets_every_control():
    ex = ConsentExplorer()
    ex.preset.value = "no_one_to_consult"
    expected = PRESET_SCENARIOS["no_one_to_consult"][1]
    assert ex.scenario == expected
    assert ex.controls["someone_to_consult"].value is False
    assert ex.assessment.imca_required is True
    assert "IMCA needed:</b> yes" in ex.result.value


def test_changing_a_fact_after_a_preset_clears_the_preset_label():
    ex = ConsentExplorer(preset="confused_high_calcium")
    assert ex.assessment.who_decides == WAIT
    ex.controls["may_regain_capacity_and_can_wait"].value = False
    assert ex.preset.value == ""
    assert ex.assessment.who_decides == CLINICIAN


def test_relative_offer_to_sign_is_answered_in_the_display():
    ex = ConsentExplorer(preset="daughter_wants_to_sign")
    assert ex.assessment.who_decides == PATIENT
    assert "cannot consent or sign" in ex.result.value
    assert "without a legal power consent?</b> No" in ex.result.value


def test_withdrawal_radio_button_stops_treatment():
    ex = ConsentExplorer()
    ex.controls["patient_decision"].value = "withdraws"
    assert ex.assessment.can_proceed is False
    assert "withdrawn at any time" in ex.result.value


def test_scotland_shows_the_other_law_note():
    ex = ConsentExplorer(preset="dementia_with_lpa")
    ex.controls["jurisdiction"].value = "scotland"
    assert ex.assessment.who_decides == OTHER_LAW
    assert "Adults with Incapacity (Scotland) Act 2000" in ex.result.value


def test_set_facts_and_route_are_shown_in_order():
    ex = ConsentExplorer()
    a = ex.set_facts(patient_decision="refuses", decision_seems_unwise=True)
    assert a.who_decides == PATIENT and a.can_proceed is False
    assert "<ol>" in ex.result.value
    assert ex.result.value.index("reason to doubt") < ex.result.value.index("refused")


def test_unknown_fact_gives_a_message_not_a_traceback():
    ex = ConsentExplorer()
    assert ex.set_facts(next_of_kin=True) is None
    assert "Unknown fact" in ex.message.value


def test_unknown_preset_is_a_clear_error():
    with pytest.raises(ValueError, match="Unknown scenario 'x'"):
        ConsentExplorer(preset="x")


def test_colour_is_not_the_only_cue():
    for key in PRESET_SCENARIOS:
        ex = ConsentExplorer(preset=key)
        assert "Who decides?" in ex.result.value
        assert html.escape(ex.assessment.who_decides_label) in ex.result.value


def test_covers_decision_box_is_disabled_when_nobody_holds_a_power():
    ex = ConsentExplorer()
    covers = ex.controls["authority_covers_decision"]
    assert covers.disabled is True
    ex.controls["authority"].value = "court_deputy"
    assert covers.disabled is False
    ex.preset.value = "daughter_wants_to_sign"
    assert covers.disabled is True
