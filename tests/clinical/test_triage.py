"""Tests for course.clinical.triage: worked examples of each emergency and bad input."""

import pytest

from course.clinical.triage import (
    FINDINGS,
    TriageError,
    Urgency,
    assess,
    finding,
    is_red_flag,
)


def test_spinal_pain_without_neurology_is_same_day_review():
    result = assess(["night_spinal_pain", "spinal_pain_worse_straining"])
    assert result.urgency is Urgency.SAME_DAY
    assert set(result.red_flags) == {"night_spinal_pain", "spinal_pain_worse_straining"}
    assert result.categories == ("spinal_pain",)
    assert any("one week" in a for a in result.actions)


def test_spinal_pain_with_leg_weakness_is_an_emergency_calling_the_mscc_coordinator():
    result = assess(["thoracic_or_cervical_spinal_pain", "limb_weakness"])
    assert result.urgency is Urgency.EMERGENCY
    assert "neurological" in result.categories
    text = " ".join(result.actions)
    assert "MSCC coordinator" in text and "24 hours" in text


@pytest.mark.parametrize("code", [c for c, f in FINDINGS.items() if f.category == "neurological"])
def test_every_neurological_sign_alone_is_an_emergency(code):
    assert assess([code]).urgency is Urgency.EMERGENCY


@pytest.mark.parametrize("code", ["fever_after_chemotherapy", "unwell_after_chemotherapy"])
def test_fever_or_feeling_unwell_after_chemotherapy_is_an_emergency(code):
    result = assess([code])
    assert result.urgency is Urgency.EMERGENCY
    assert any("within an hour" in a or "within the hour" in a for a in result.actions)


def test_impending_and_actual_fracture():
    assert assess(["pain_on_weight_bearing"]).urgency is Urgency.SAME_DAY
    assert assess(["sudden_pain_cannot_bear_weight"]).urgency is Urgency.EMERGENCY


def test_findings_that_are_not_red_flags_are_routine_with_an_action():
    codes = ["stable_controlled_bone_pain", "tiredness", "constipation_on_opioid_without_laxative"]
    result = assess(codes)
    assert result.urgency is Urgency.ROUTINE
    assert result.red_flags == ()
    assert not any(is_red_flag(c) for c in codes)
    assert any("laxative" in a for a in result.actions)


def test_no_findings_is_routine():
    assert assess([]).urgency is Urgency.ROUTINE


@pytest.mark.parametrize(
    ("band", "symptoms", "expected"),
    [
        ("normal", [], Urgency.ROUTINE),
        ("mild", [], Urgency.SAME_DAY),
        ("moderate", [], Urgency.SAME_DAY),
        ("severe", [], Urgency.EMERGENCY),
        ("mild", ["thirst_and_passing_more_urine"], Urgency.EMERGENCY),
        ("moderate", ["new_constipation_and_nausea"], Urgency.EMERGENCY),
        ("normal", ["thirst_and_passing_more_urine"], Urgency.SAME_DAY),
        (None, ["thirst_and_passing_more_urine"], Urgency.SAME_DAY),
        (None, ["new_confusion_or_drowsiness"], Urgency.EMERGENCY),
    ],
)
def test_calcium_bands_and_symptoms(band, symptoms, expected):
    assert assess(symptoms, calcium_band=band).urgency is expected


def test_symptomatic_raised_calcium_names_the_symptoms_in_its_reason():
    result = assess(["thirst_and_passing_more_urine"], calcium_band="Mild")
    reason = [r for r in result.reasons if r.code.startswith("calcium_")][0]
    assert reason.code == "calcium_mild_with_symptoms"
    assert "thirsty" in reason.explanation


def test_most_urgent_finding_wins_and_actions_start_with_the_generic_step():
    result = assess(["tiredness", "pain_on_weight_bearing", "fever_after_chemotherapy"])
    assert result.urgency is Urgency.EMERGENCY
    assert result.actions[0].startswith("Act now")


def test_every_finding_has_explanation_action_and_source():
    for f in FINDINGS.values():
        assert len(f.explanation) > 30 and len(f.action) > 20 and f.source.startswith("FACTS")
        assert f.red_flag == (f.urgency > Urgency.ROUTINE)


def test_unknown_finding_names_close_matches():
    with pytest.raises(TriageError, match="Did you mean limb_weakness"):
        assess(["limb_weaknes"])
    with pytest.raises(TriageError, match="not a finding"):
        finding("headache")
    with pytest.raises(TriageError, match="code"):
        finding(3)


def test_bad_calcium_band_is_refused():
    with pytest.raises(TriageError, match="not a calcium band"):
        assess([], calcium_band="very high")
    with pytest.raises(TriageError):
        assess([], calcium_band=3.1)


def test_urgency_parse_accepts_codes_and_labels_and_refuses_others():
    assert Urgency.parse("same_day") is Urgency.SAME_DAY
    assert Urgency.parse("Same-day review") is Urgency.SAME_DAY
    assert Urgency.parse("EMERGENCY") is Urgency.EMERGENCY
    with pytest.raises(TriageError, match="not an urgency"):
        Urgency.parse("urgent")
    with pytest.raises(TriageError):
        Urgency.parse(None)


def test_a_single_string_is_one_finding_not_letters():
    assert assess("limb_weakness").red_flags == ("limb_weakness",)
