"""The bone-drug rule: what a patient factor changes (FACTS 4.13-4.20, 5.10)."""

import math

import pytest

from course.clinical.bone_drugs import (
    CREATININE_CLEARANCE_NOTE,
    DRUGS,
    BoneDrugInputError,
    PatientFactors,
    drug_facts,
    what_changes,
    zoledronic_acid_renal_band,
)
from course.content import read_content
from course.errors import ContentError, CourseError
from course.paths import assets_dir


def test_facts_cover_every_aspect_for_both_drugs():
    facts = drug_facts()
    assert set(facts["drugs"]) == set(DRUGS)
    for drug in DRUGS:
        for aspect in facts["aspects"]:
            assert len(facts["drugs"][drug][aspect]) > 20


def test_facts_carry_the_current_doses_and_intervals():
    zol = drug_facts()["drugs"]["zoledronic_acid"]
    den = drug_facts()["drugs"]["denosumab"]
    assert "4 mg" in zol["given"] and "15 minutes" in zol["given"]
    assert "3 to 4 weeks" in zol["interval"]
    assert "4 to 6" not in zol["interval"]  # seed 004's outdated interval
    assert "creatinine" in zol["before_each_dose"].lower()
    assert "120 mg" in den["given"] and "under the skin" in den["given"]
    assert "4 weeks" in den["interval"]
    assert "RANKL" in den["action"]


@pytest.mark.parametrize(
    ("crcl", "status"),
    [
        (120, "usual"),
        (60.1, "usual"),
        (60, "adjust"),
        (45, "adjust"),
        (30, "adjust"),
        (29.9, "avoid"),
        (10, "avoid"),
        (0, "avoid"),
    ],
)
def test_zoledronic_acid_renal_bands_and_their_boundaries(crcl, status):
    assert zoledronic_acid_renal_band(crcl).status == status


def test_reduced_band_sends_the_dose_to_the_prescriber():
    text = zoledronic_acid_renal_band(45).action
    assert "reduces the dose" in text and "creatinine before every dose" in text


@pytest.mark.parametrize("crcl", [75, 45, 25])
def test_kidney_bands_name_their_source_and_local_protocol(crcl):
    from course.bibliography import render_source

    band = zoledronic_acid_renal_band(crcl)
    assert "Zometa SmPC" in render_source(band.source)
    assert "local" in (band.action + " " + getattr(band, "note", "")).lower()


def test_no_factors_means_kidney_result_is_still_needed_for_zoledronic_acid():
    advice = what_changes()
    assert advice["zoledronic_acid"].status == "delay"
    assert "creatinine" in advice["zoledronic_acid"].changes[0].action
    assert advice["denosumab"].status == "usual"


def test_normal_kidneys_leave_both_plans_usual():
    advice = what_changes(PatientFactors(creatinine_clearance=90))
    assert advice["zoledronic_acid"].status == "usual"
    assert advice["denosumab"].status == "usual"
    assert advice["denosumab"].changes == []


def test_denosumab_has_no_renal_adjustment_but_more_hypocalcaemia_below_30():
    for crcl in (59, 30):
        assert what_changes(PatientFactors(creatinine_clearance=crcl))["denosumab"].changes == []
    den = what_changes(PatientFactors(creatinine_clearance=25))["denosumab"]
    assert den.status == "caution"
    text = den.changes[0].action
    assert "no dose change" in text and "low calcium" in text


def test_severe_renal_impairment_with_high_calcium_mentions_the_exception():
    zol = what_changes(PatientFactors(creatinine_clearance=20, hypercalcaemia=True))
    renal = [c for c in zol["zoledronic_acid"].changes if c.factor == "kidney function"][0]
    assert renal.status == "avoid"
    assert "may weigh that exception" in renal.action


def test_low_calcium_delays_both_drugs_until_it_is_corrected():
    advice = what_changes(PatientFactors(creatinine_clearance=80, low_calcium=True))
    assert advice["denosumab"].status == "delay"
    assert "corrected before" in advice["denosumab"].changes[0].action
    # corrected rule: zoledronic acid also waits for the calcium to be corrected
    zol = advice["zoledronic_acid"]
    assert zol.status == "delay"
    low = [c for c in zol.changes if c.factor == "low calcium"]
    assert len(low) == 1 and low[0].status == "delay"
    assert "corrected before the dose" in low[0].action
    assert "extra checks" not in low[0].action


def test_high_calcium_stops_calcium_supplements_with_denosumab():
    den = what_changes(PatientFactors(creatinine_clearance=80, hypercalcaemia=True))["denosumab"]
    assert den.status == "adjust"
    assert "No calcium supplements" in den.changes[0].action


def test_high_calcium_uses_zoledronic_acid_once_after_fluids():
    zol = what_changes(PatientFactors(creatinine_clearance=80, hypercalcaemia=True))
    text = " ".join(c.action for c in zol["zoledronic_acid"].changes)
    assert "4 mg once" in text and "fluids" in text and "48 hours" in text


def test_dental_work_delays_both_drugs_for_jaw_safety():
    advice = what_changes(PatientFactors(creatinine_clearance=80, dental_work_planned=True))
    for drug in DRUGS:
        assert advice[drug].status == "delay"
        assert "Osteonecrosis of the jaw" in advice[drug].changes[-1].action


@pytest.mark.parametrize(
    ("other", "zol_status", "den_status"),
    [
        ("none", "usual", "usual"),
        ("bisphosphonate", "delay", "avoid"),
        ("denosumab_product", "avoid", "avoid"),
    ],
)
def test_another_bone_drug_is_never_combined(other, zol_status, den_status):
    advice = what_changes(PatientFactors(creatinine_clearance=80, other_bone_drug=other))
    assert advice["zoledronic_acid"].status == zol_status
    assert advice["denosumab"].status == den_status


def test_overall_status_is_the_worst_factor():
    advice = what_changes(
        PatientFactors(
            creatinine_clearance=45,
            low_calcium=True,
            dental_work_planned=True,
            already_on_drug=True,
        )
    )
    zol = advice["zoledronic_acid"]
    assert {c.status for c in zol.changes} == {"adjust", "caution", "delay"}
    assert zol.status == "delay"
    assert zol.status_label.startswith("Wait")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"creatinine_clearance": -5}, "not possible"),
        ({"creatinine_clearance": 900}, "not possible"),
        ({"creatinine_clearance": "45"}, "must be a number"),
        ({"creatinine_clearance": math.nan}, "must be a number"),
        ({"creatinine_clearance": True}, "must be a number"),
        ({"other_bone_drug": "Prolia"}, "must be one of"),
        ({"low_calcium": True, "hypercalcaemia": True}, "both low and high"),
    ],
)
def test_invalid_factors_get_a_clear_message(kwargs, message):
    with pytest.raises(BoneDrugInputError, match=message):
        PatientFactors(**kwargs)


def test_renal_band_rejects_bad_values():
    with pytest.raises(BoneDrugInputError):
        zoledronic_acid_renal_band(-1)


def test_high_calcium_with_moderate_kidney_impairment_says_which_dose_applies():
    advice = what_changes(PatientFactors(creatinine_clearance=45, hypercalcaemia=True))
    kidney = advice["zoledronic_acid"].changes[0]
    assert kidney.factor == "kidney function" and kidney.status == "adjust"
    text = kidney.action
    assert "4 mg dose that treats high calcium caused by cancer is not reduced" in text
    assert "reduced doses" in text and "regular doses that prevent bone problems" in text
    # without high calcium the reduced-dose message stands alone
    plain = zoledronic_acid_renal_band(45).action
    assert "reduces the dose" in plain and "is not reduced" not in plain


def test_denosumab_for_high_calcium_is_marked_off_label_in_the_uk():
    den = what_changes(PatientFactors(creatinine_clearance=80, hypercalcaemia=True))["denosumab"]
    assert "off-label" in den.changes[0].action and "UK" in den.changes[0].action


def test_dental_work_when_already_on_the_drug_avoids_invasive_work():
    before = what_changes(PatientFactors(creatinine_clearance=80, dental_work_planned=True))
    on = what_changes(
        PatientFactors(creatinine_clearance=80, dental_work_planned=True, already_on_drug=True)
    )
    for drug in DRUGS:
        assert "before starting" in before[drug].changes[-1].action
        change = on[drug].changes[-1]
        assert change.status == "caution"
        assert "avoid it while on the drug where possible" in change.action
        assert "do not stop the drug" in change.action


def test_jaw_care_teaching_says_to_avoid_invasive_dental_work():
    for drug in DRUGS:
        assert "avoid invasive dental work" in drug_facts()["drugs"][drug]["teach"]


def test_creatinine_clearance_note_explains_the_egfr():
    assert "eGFR" in CREATININE_CLEARANCE_NOTE and "Cockcroft-Gault" in CREATININE_CLEARANCE_NOTE
    assert "\n" not in CREATININE_CLEARANCE_NOTE


def test_bone_drug_errors_are_course_errors_and_value_errors():
    assert issubclass(BoneDrugInputError, CourseError)
    assert issubclass(BoneDrugInputError, ValueError)


def test_bone_drugs_schema_accepts_the_course_file():
    data = read_content(assets_dir() / "04_treatments" / "bone_drugs.yml", "bone_drugs")
    assert set(data["changes"]) >= {"zol_low_calcium", "dental_planned_already_on"}


def test_bone_drugs_schema_names_file_and_entry_of_a_bad_change(tmp_path):
    import yaml

    data = yaml.safe_load((assets_dir() / "04_treatments" / "bone_drugs.yml").read_text())
    data["changes"]["zol_low_calcium"]["status"] = "maybe"
    bad = tmp_path / "bone_drugs.yml"
    bad.write_text(yaml.safe_dump(data))
    with pytest.raises(ContentError) as err:
        read_content(bad, "bone_drugs")
    assert "bone_drugs.yml: changes/zol_low_calcium/status" in str(err.value)
