"""Treatment explorer rules: which options fit (FACTS 4.1-4.28)."""

import pytest

from course.clinical.treatment_options import (
    RadiumDetails,
    TreatmentInputError,
    primary_choices,
    situation_choices,
    treatment_data,
    treatment_options,
)


def test_data_loads_and_every_option_has_aim_and_nursing_points():
    data = treatment_data()
    for opt in data["options"]:
        assert opt["aim"] and len(opt["nursing"]) >= 2 and opt["source"]


def test_every_combination_includes_palliative_care_a_bone_drug_and_a_systemic_option():
    for primary in primary_choices():
        for situation in situation_choices():
            ids = treatment_options(primary, situation).option_ids()
            assert "palliative_care" in ids
            assert "bone_targeted_drug" in ids
            assert ids[0] in (
                "chemotherapy",
                "hormone_therapy",
                "targeted_or_immunotherapy",
                "further_hormone_treatment",
                "radioactive_iodine",
            )


def test_radium_fits_castration_resistant_prostate_with_painful_bones():
    plan = treatment_options("prostate_castration_resistant", "many_painful_sites")
    assert "radium_223" in plan.option_ids()
    radium = [o for o in plan.options if o.id == "radium_223"][0]
    assert any("abiraterone" in r for r in radium.restrictions)
    assert any("visceral" in r for r in radium.restrictions)


@pytest.mark.parametrize(
    ("details", "words"),
    [
        (RadiumDetails(prior_systemic_lines=1), "at least two"),
        (RadiumDetails(visceral_metastases=True), "visceral"),
        (RadiumDetails(on_abiraterone_prednisolone=True), "ERA-223"),
    ],
)
def test_radium_restrictions_exclude_it_with_the_reason(details, words):
    plan = treatment_options("prostate_castration_resistant", "many_painful_sites", details)
    assert "radium_223" not in plan.option_ids()
    excluded = [e for e in plan.excluded if e.id == "radium_223"][0]
    assert any(words in r for r in excluded.reasons)


def test_radium_allowed_before_two_lines_when_nothing_else_suits():
    details = RadiumDetails(prior_systemic_lines=0, other_treatments_unsuitable=True)
    plan = treatment_options("prostate_castration_resistant", "many_painful_sites", details)
    assert "radium_223" in plan.option_ids()


def test_several_barriers_are_all_listed():
    details = RadiumDetails(
        prior_systemic_lines=1, visceral_metastases=True, on_abiraterone_prednisolone=True
    )
    plan = treatment_options("prostate_castration_resistant", "many_painful_sites", details)
    assert len([e for e in plan.excluded if e.id == "radium_223"][0].reasons) == 3


def test_radium_not_for_a_single_painful_deposit_even_when_every_rule_is_met():
    plan = treatment_options("prostate_castration_resistant", "painful_rib", RadiumDetails())
    assert "radium_223" not in plan.option_ids()
    excluded = [e for e in plan.excluded if e.id == "radium_223"][0]
    assert "low-volume" in excluded.reasons[0]
    assert "external_radiotherapy" in plan.option_ids()


@pytest.mark.parametrize("primary", ["kidney", "thyroid_differentiated"])
def test_chemotherapy_not_offered_where_it_works_poorly_and_the_reason_is_framed(primary):
    plan = treatment_options(primary, "many_painful_sites")
    assert "chemotherapy" not in plan.option_ids()
    reason = [e for e in plan.excluded if e.id == "chemotherapy"][0].reasons[0]
    assert "responds poorly" in reason and "oncologist decides" in reason
    assert "general knowledge" not in reason  # no drafting notes in what learners read
    assert "chemotherapy" in treatment_options("breast", "many_painful_sites").option_ids()


def test_hormone_sensitive_prostate_gets_the_zoledronic_acid_licence_note():
    def bone_drug(primary):
        plan = treatment_options(primary, "many_painful_sites")
        return [o for o in plan.options if o.id == "bone_targeted_drug"][0]

    note = bone_drug("prostate_hormone_sensitive").nursing[-1]
    assert "progressed on hormone therapy" in note and "Prolia" in note
    # the prostate licence is the US label's, not a UK licence or a NICE recommendation
    assert "US label" in note and "NG131" in note and "osteoporosis" in note
    assert "is licensed once" not in note
    assert not any("progressed" in n for n in bone_drug("breast").nursing)


@pytest.mark.parametrize("primary", ["breast", "lung", "kidney", "prostate_hormone_sensitive"])
def test_radium_never_offered_outside_castration_resistant_prostate(primary):
    for situation in situation_choices():
        assert "radium_223" not in treatment_options(primary, situation).option_ids()


def test_hormone_sensitive_prostate_is_told_why_not_radium():
    plan = treatment_options("prostate_hormone_sensitive", "many_painful_sites")
    assert "radium_223" in plan.excluded_ids()
    assert "hormone_therapy" in plan.option_ids()


def test_radioactive_iodine_only_for_differentiated_thyroid():
    assert (
        "radioactive_iodine"
        in treatment_options("thyroid_differentiated", "many_painful_sites").option_ids()
    )
    other = treatment_options("thyroid_other", "many_painful_sites")
    assert "radioactive_iodine" not in other.option_ids()
    assert "radioactive_iodine" in other.excluded_ids()
    assert "do not take up iodine" in other.excluded[0].reasons[0]
    for primary in ("breast", "prostate_castration_resistant", "lung", "kidney"):
        assert "radioactive_iodine" not in treatment_options(primary, "painful_rib").option_ids()


def test_hormone_therapy_for_breast_warns_that_it_thins_bone():
    plan = treatment_options("breast", "painful_rib")
    hormone = [o for o in plan.options if o.id == "hormone_therapy"][0]
    assert any("thins bone" in n for n in hormone.nursing)
    assert "hormone_therapy" not in treatment_options("lung", "painful_rib").option_ids()
    crpc = treatment_options("prostate_castration_resistant", "painful_rib")
    assert "hormone_therapy" not in crpc.option_ids() + crpc.excluded_ids()
    further = [o for o in crpc.options if o.id == "further_hormone_treatment"][0]
    assert any("never be combined" in n for n in further.nursing)


def test_impending_hip_fracture_brings_fixation_and_mirels():
    plan = treatment_options("breast", "impending_hip_fracture")
    assert "prophylactic_fixation" in plan.option_ids()
    fix = [o for o in plan.options if o.id == "prophylactic_fixation"][0]
    assert "Mirels" in fix.aim
    assert "Mirels" in plan.first_actions


def test_spinal_collapse_brings_cement_and_the_mscc_warning():
    plan = treatment_options("lung", "spinal_collapse")
    assert "vertebral_augmentation" in plan.option_ids()
    assert "MSCC" in plan.first_actions
    assert "prophylactic_fixation" not in plan.option_ids()


def test_high_calcium_brings_fluids_and_bisphosphonate_not_radiotherapy():
    ids = treatment_options("kidney", "high_calcium").option_ids()
    assert "zoledronic_acid_for_calcium" in ids
    assert "external_radiotherapy" not in ids
    assert "vertebral_augmentation" not in ids


def test_single_fraction_nursing_point_in_radiotherapy():
    plan = treatment_options("breast", "painful_rib")
    rt = [o for o in plan.options if o.id == "external_radiotherapy"][0]
    assert "single 8 Gy" in rt.aim
    assert any("Retreatment" in n for n in rt.nursing)


def test_options_are_listed_by_kind_systemic_first():
    kinds = [o.kind for o in treatment_options("breast", "painful_rib").options]
    assert kinds[0] == "systemic" and kinds[-1] == "supportive"


@pytest.mark.parametrize(
    ("primary", "situation", "message"),
    [
        ("bowel", "painful_rib", "primary cancer"),
        ("breast", "broken leg", "situation"),
        (None, "painful_rib", "primary cancer"),
        (["breast"], "painful_rib", "primary cancer"),
        ("breast", {"rib": 1}, "situation"),
    ],
)
def test_unknown_choices_list_the_valid_ones(primary, situation, message):
    with pytest.raises(TreatmentInputError, match=message) as err:
        treatment_options(primary, situation)
    assert "choose one of" in str(err.value)


@pytest.mark.parametrize("lines", [-1, 2.5, "two", True, 99])
def test_impossible_prior_lines_are_rejected(lines):
    with pytest.raises(TreatmentInputError, match="whole number"):
        RadiumDetails(prior_systemic_lines=lines)


def _bone_drug(primary, situation="many_painful_sites"):
    plan = treatment_options(primary, situation)
    return [o for o in plan.options if o.id == "bone_targeted_drug"][0]


@pytest.mark.parametrize("primary", ["prostate_hormone_sensitive", "prostate_castration_resistant"])
def test_prostate_cancer_is_not_offered_denosumab_for_bone_metastases(primary):
    option = _bone_drug(primary)
    assert "denosumab" not in option.name.lower()
    text = " ".join(option.nursing)
    assert "TA265" in text and "not recommended" in text
    assert "US label" in text
    # the licence covers prostate cancer in the UK too: it is NICE, not the licence, that says no
    assert "UK product information" in text and "NHS follows NICE" in text
    assert not any(n.startswith("Denosumab: 120 mg") for n in option.nursing)


def test_castration_resistant_prostate_follows_ng131_on_bisphosphonates():
    text = " ".join(_bone_drug("prostate_castration_resistant").nursing)
    assert "NG131" in text and "bone pain" in text and "palliative radiotherapy" in text


def test_bone_protection_on_hormone_therapy_follows_a_fracture_risk_assessment():
    option = _bone_drug("prostate_hormone_sensitive")
    assert "fracture-risk assessment" in option.name
    assert any("assessing fracture risk" in n for n in option.nursing)
    # NG131: a bisphosphonate for men on androgen deprivation who have osteoporosis
    assert any("NG131" in n and "osteoporosis" in n for n in option.nursing)
    hormone = [
        o for o in treatment_options("breast", "painful_rib").options if o.id == "hormone_therapy"
    ][0]
    assert any("fracture-risk assessment" in n for n in hormone.nursing)


def test_other_primaries_keep_both_bone_drugs():
    option = _bone_drug("breast")
    assert "denosumab" in option.name
    assert any(n.startswith("Denosumab: 120 mg") for n in option.nursing)


def test_denosumab_for_high_calcium_is_off_label_in_the_explorer():
    plan = treatment_options("lung", "high_calcium")
    fluids = [o for o in plan.options if o.id == "zoledronic_acid_for_calcium"][0]
    assert any("off-label" in n and "denosumab" in n for n in fluids.nursing)


def test_radium_223_has_its_own_nursing_care():
    plan = treatment_options("prostate_castration_resistant", "many_painful_sites")
    radium = " ".join([o for o in plan.options if o.id == "radium_223"][0].nursing)
    for point in ("full blood count", "diarrhoea", "body fluids", "contraception"):
        assert point in radium


def test_medullary_thyroid_cancer_is_said_to_respond_poorly_to_chemotherapy():
    plan = treatment_options("thyroid_other", "many_painful_sites")
    chemo = [o for o in plan.options if o.id == "chemotherapy"][0]
    assert any("Medullary" in n and "responds poorly" in n for n in chemo.nursing)


def test_treatment_error_is_a_course_error_and_a_value_error():
    from course.errors import CourseError

    assert issubclass(TreatmentInputError, CourseError)
    assert issubclass(TreatmentInputError, ValueError)


def _write_options(tmp_path, monkeypatch, change):
    import yaml

    from course.clinical import treatment_options as module
    from course.paths import assets_dir

    data = yaml.safe_load((assets_dir() / "04_treatments" / "treatment_options.yml").read_text())
    change(data)
    folder = tmp_path / "04_treatments"
    folder.mkdir()
    (folder / "treatment_options.yml").write_text(yaml.safe_dump(data))
    monkeypatch.setattr(module, "assets_dir", lambda: tmp_path)


def test_schema_names_file_and_option_of_a_bad_entry(tmp_path, monkeypatch):
    from course.errors import ContentError

    def change(data):
        data["options"][2]["kind"] = "magic"

    _write_options(tmp_path, monkeypatch, change)
    with pytest.raises(ContentError, match="treatment_options.yml: options/hormone_therapy/kind"):
        treatment_data()


def test_an_option_naming_an_unknown_primary_is_named_with_file_and_option(tmp_path, monkeypatch):
    from course.errors import ContentError

    def change(data):
        data["options"][0]["not_for"] = {"pancreas": "Not this one, for a reason."}

    _write_options(tmp_path, monkeypatch, change)
    with pytest.raises(
        ContentError, match=r"treatment_options.yml: options/palliative_care: not_for"
    ):
        treatment_data()
