"""Adjusted calcium: worked examples (FACTS 3.2), CKS band boundaries (FACTS 5.8), bad input."""

import math

import pytest

from course.clinical.calcium import (
    BANDS,
    CalciumInputError,
    ImpossibleValueError,
    LikelyUnitError,
    adjusted_calcium,
    assess_calcium,
    calcium_band,
    check_albumin,
    check_calcium,
    mg_dl_to_mmol_l,
    reliability_warnings,
)


# -- worked examples -------------------------------------------------------------------------
def test_facts_worked_example_low_albumin_adds_correction():
    # FACTS 3.2: Ca 2.50 mmol/L, albumin 25 g/L -> 2.50 + 0.30 = 2.80 mmol/L
    assert adjusted_calcium(2.50, 25) == 2.80


@pytest.mark.parametrize(
    ("calcium", "albumin", "expected"),
    [
        (2.40, 30, 2.60),  # 2.40 + 0.02 x 10
        (2.40, 40, 2.40),  # reference albumin: no change
        (2.60, 45, 2.50),  # albumin above 40: adjustment is subtracted
        (2.95, 22, 3.31),  # 2.95 + 0.36
        (3.10, 20, 3.50),  # 3.10 + 0.40
        (2.31, 35, 2.41),
    ],
)
def test_adjusted_calcium_matches_hand_calculation(calcium, albumin, expected):
    assert adjusted_calcium(calcium, albumin) == pytest.approx(expected, abs=1e-9)


def test_result_is_rounded_to_two_decimals_half_up():
    # 2.505 + 0 -> 2.51 (half up), not the binary-float 2.50
    assert adjusted_calcium(2.505, 40) == 2.51


def test_us_form_is_the_same_formula_in_other_units():
    # FACTS 3.2: Ca + 0.8 x (4 - albumin g/dL) in mg/dL is the same formula.
    ca_mg_dl, alb_g_dl = 10.0, 2.5
    us_adjusted_mmol = (ca_mg_dl + 0.8 * (4 - alb_g_dl)) / 4.008
    uk = adjusted_calcium(ca_mg_dl / 4.008, alb_g_dl * 10)
    assert uk == pytest.approx(us_adjusted_mmol, abs=0.01)


def test_assess_returns_band_action_working_and_no_warnings_when_reliable():
    result = assess_calcium(2.50, 25)
    assert result.adjusted == 2.80
    assert result.correction == 0.30
    assert result.band.key == "mild"
    assert "same day" in result.band.action
    assert result.warnings == ()
    assert result.ionised_advised is False
    assert result.working == "2.50 + 0.02 × (40 − 25) = 2.50 + 0.30 = 2.80 mmol/L"
    assert assess_calcium(2.505, 40).working.startswith("2.505 + ")


def test_working_shows_a_minus_when_albumin_is_high():
    assert "− 0.10" in assess_calcium(2.60, 45).working


# -- band boundaries ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("adjusted", "band"),
    [
        (2.19, "low"),
        (2.20, "normal"),
        (2.60, "normal"),
        (2.61, "borderline"),
        (2.64, "borderline"),
        (2.65, "mild"),
        (3.00, "mild"),
        (3.01, "moderate"),
        (3.40, "moderate"),
        (3.41, "severe"),
        (4.50, "severe"),
    ],
)
def test_cks_band_boundaries(adjusted, band):
    assert calcium_band(adjusted).key == band


def test_band_is_judged_at_two_decimals():
    assert calcium_band(3.004).key == "mild"
    assert calcium_band(3.005).key == "moderate"


def test_every_band_has_an_action_and_only_moderate_and_severe_are_urgent():
    assert all(len(b.action) > 40 for b in BANDS.values())
    assert {k for k, b in BANDS.items() if b.urgent} == {"moderate", "severe"}
    assert "Emergency" in BANDS["severe"].action


@pytest.mark.parametrize("band", ["mild", "moderate"])
def test_symptoms_call_for_urgent_admission_in_the_lower_cks_bands(band):
    # FACTS 5.8: NHS CKS advises urgent admission if severe *or symptomatic*
    assert "urgent admission" in BANDS[band].action
    assert "symptom" in BANDS[band].action


@pytest.mark.parametrize("band", ["low", "borderline"])
def test_bands_outside_cks_say_they_are_the_course_labels(band):
    assert "course's label" in BANDS[band].action


def test_normal_measured_calcium_can_hide_hypercalcaemia():
    # measured 2.55 looks normal; albumin 22 g/L makes it 2.91 (mild)
    assert calcium_band(2.55).key == "normal"
    assert assess_calcium(2.55, 22).band.key == "mild"


def test_adjustment_can_lift_a_value_above_the_measured_plausible_range():
    assert assess_calcium(5.5, 10).band.key == "severe"


# -- unreliable formula ---------------------------------------------------------------------
@pytest.mark.parametrize("flag", ["myeloma", "paraprotein", "acidosis"])
def test_each_unreliable_situation_advises_ionised_calcium(flag):
    result = assess_calcium(2.50, 35, **{flag: True})
    assert result.ionised_advised
    assert len(result.warnings) == 1
    assert "ionised calcium" in result.warnings[0]
    # the number is still the formula's number; the warning says not to trust it
    assert result.adjusted == 2.60


def test_myeloma_warning_names_paraprotein():
    assert "paraprotein" in reliability_warnings(35, myeloma=True)[0]


@pytest.mark.parametrize(("albumin", "extreme"), [(19, True), (20, False), (50, False), (51, True)])
def test_extreme_albumin_warning(albumin, extreme):
    warnings = reliability_warnings(albumin)
    assert bool(warnings) is extreme
    if extreme:
        assert "Extreme albumin" in warnings[0]
        assert "teaching limits" in warnings[0]  # a course choice, not a published cut-off


def test_warnings_accumulate():
    result = assess_calcium(2.30, 15, myeloma=True, acidosis=True)
    assert len(result.warnings) == 3


# -- bad input --------------------------------------------------------------------------------
@pytest.mark.parametrize("calcium", [9.6, 10.2, 12.0, 14.5, 6.0, 25.0])
def test_calcium_in_mg_dl_is_named_as_a_unit_slip(calcium):
    with pytest.raises(LikelyUnitError, match="mg/dL") as info:
        assess_calcium(calcium, 35)
    assert info.value.field == "calcium"
    assert info.value.likely_unit == "mg/dL"
    assert info.value.converted == pytest.approx(calcium / 4.008)
    assert f"{calcium / 4.008:.2f} mmol/L" in str(info.value)


@pytest.mark.parametrize("albumin", [2.5, 3.5, 4.0, 1.0, 6.5])
def test_albumin_in_g_dl_is_named_as_a_unit_slip(albumin):
    with pytest.raises(LikelyUnitError, match="g/dL") as info:
        adjusted_calcium(2.4, albumin)
    assert info.value.field == "albumin"
    assert info.value.converted == pytest.approx(albumin * 10)


@pytest.mark.parametrize("calcium", [0, -2.4, 0.2, 5.8, 30, 240])
def test_impossible_calcium_is_refused(calcium):
    with pytest.raises(ImpossibleValueError, match="mmol/L"):
        check_calcium(calcium)


@pytest.mark.parametrize("albumin", [0, -35, 0.5, 8, 70, 350])
def test_impossible_albumin_is_refused(albumin):
    with pytest.raises(ImpossibleValueError, match="g/L"):
        check_albumin(albumin)


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_non_finite_values_are_refused(value):
    with pytest.raises(ImpossibleValueError):
        adjusted_calcium(value, 35)
    with pytest.raises(ImpossibleValueError):
        adjusted_calcium(2.4, value)


@pytest.mark.parametrize("value", ["2.4", None, True, [2.4]])
def test_non_numbers_are_refused_with_a_value_error(value):
    with pytest.raises(CalciumInputError, match="must be a number"):
        adjusted_calcium(value, 35)


def test_errors_are_value_errors_so_callers_can_catch_them_generally():
    assert issubclass(LikelyUnitError, CalciumInputError)
    assert issubclass(ImpossibleValueError, CalciumInputError)
    assert issubclass(CalciumInputError, ValueError)


def test_band_lookup_refuses_mg_dl_too():
    with pytest.raises(LikelyUnitError):
        calcium_band(11.2)
    with pytest.raises(ImpossibleValueError):
        calcium_band(-1)


def test_mg_dl_conversion():
    assert mg_dl_to_mmol_l(10.0) == 2.50
    assert mg_dl_to_mmol_l(14.0) == 3.49
    with pytest.raises(ImpossibleValueError):
        mg_dl_to_mmol_l(0)


def test_scheme_note_and_upper_bands_say_other_schemes_use_3_0_and_3_5():
    from course.clinical.calcium import SCHEME_NOTE

    assert "NHS CKS" in SCHEME_NOTE and "3.0 and 3.5 mmol/L" in SCHEME_NOTE
    assert "3.0 and 3.5 mmol/L" in BANDS["moderate"].action
    assert "3.5 mmol/L" in BANDS["severe"].action


def test_calcium_errors_are_course_errors_and_value_errors():
    from course.clinical.calcium import CalciumInputError, LikelyUnitError
    from course.errors import CourseError

    assert issubclass(CalciumInputError, CourseError)
    assert issubclass(LikelyUnitError, ValueError)


def test_calcium_schema_accepts_the_course_file():
    from course.content import read_content
    from course.paths import assets_dir

    data = read_content(assets_dir() / "03_diagnosis" / "calcium.yml", "calcium")
    assert list(data["bands"]) == list(BANDS)


def test_calcium_schema_names_file_and_entry_of_a_bad_band(tmp_path):
    import yaml

    from course.content import read_content
    from course.errors import ContentError
    from course.paths import assets_dir

    data = yaml.safe_load((assets_dir() / "03_diagnosis" / "calcium.yml").read_text())
    data["bands"]["severe"]["action"] = "Call."
    del data["warnings"]["acidosis"]
    bad = tmp_path / "calcium.yml"
    bad.write_text(yaml.safe_dump(data))
    with pytest.raises(ContentError) as err:
        read_content(bad, "calcium")
    message = str(err.value)
    assert "calcium.yml: bands/severe/action" in message
    assert "calcium.yml: warnings" in message and "acidosis" in message
