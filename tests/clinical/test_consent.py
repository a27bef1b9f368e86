"""Who may consent: MCA 2005 principles, the capacity test, LPA, deputy, IMCA, Montgomery."""

from __future__ import annotations

import itertools

import pytest

from course.clinical.consent import (
    ATTORNEY,
    AUTHORITIES,
    CLINICIAN,
    DEPUTY,
    FOUR_ABILITIES,
    HAS_CAPACITY,
    LACKS,
    NOT_ESTABLISHED,
    OTHER_LAW,
    PATIENT,
    PATIENT_DECISIONS,
    PRESET_SCENARIOS,
    PRESUMED,
    WAIT,
    WHO_DECIDES_LABELS,
    ConsentInputError,
    ConsentScenario,
    assess_capacity,
    assess_consent,
    scenario_from_dict,
)

#: a patient assessed and found to lack capacity for the decision, nothing else decided yet
LACKING = ConsentScenario(
    doubt_about_capacity=True,
    practicable_support_given=True,
    understands=False,
    retains=False,
    uses_or_weighs=False,
    impairment_of_mind_or_brain=True,
)


def text(assessment) -> str:
    return " ".join(assessment.reasons + assessment.nurse_actions).lower()


# -- principle 1: presume capacity ---------------------------------------------------------------


def test_capacity_is_presumed_without_a_reason_to_doubt_it():
    a = assess_consent(ConsentScenario())
    assert a.capacity.status == PRESUMED
    assert a.who_decides == PATIENT
    assert a.can_proceed is True


def test_presumption_ignores_ability_answers_when_there_is_no_doubt():
    # Nobody has assessed anything: the presumption, not a guess at the abilities, decides.
    s = ConsentScenario(understands=False, impairment_of_mind_or_brain=True)
    assert assess_capacity(s).status == PRESUMED
    assert assess_consent(s).who_decides == PATIENT


# -- principle 2: help the person decide --------------------------------------------------------


def test_missing_ability_without_support_does_not_remove_capacity():
    s = LACKING.with_changes(practicable_support_given=False)
    finding = assess_capacity(s)
    assert finding.status == NOT_ESTABLISHED
    assert finding.has_capacity
    a = assess_consent(s)
    assert a.who_decides == PATIENT
    assert a.can_proceed is False  # do not rely on agreement while the doubt is unresolved
    assert "practicable" in text(a)
    assert any("interpreter" in act for act in a.nurse_actions)


def test_refusal_while_capacity_is_in_doubt_is_not_overridden():
    s = LACKING.with_changes(practicable_support_given=False, patient_decision="refuses")
    a = assess_consent(s)
    assert a.who_decides == PATIENT
    assert a.can_proceed is False


# -- the functional test ------------------------------------------------------------------------


@pytest.mark.parametrize("missing", [name for name, _ in FOUR_ABILITIES])
def test_any_one_missing_ability_with_impairment_means_lacking_capacity(missing):
    s = ConsentScenario(
        doubt_about_capacity=True,
        practicable_support_given=True,
        impairment_of_mind_or_brain=True,
        **{missing: False},
    )
    finding = assess_capacity(s)
    assert finding.status == LACKS
    assert finding.failed_abilities == (missing,)
    assert not finding.has_capacity


def test_all_four_abilities_means_capacity_even_with_an_impairment():
    s = ConsentScenario(
        doubt_about_capacity=True, practicable_support_given=True, impairment_of_mind_or_brain=True
    )
    assert assess_capacity(s).status == HAS_CAPACITY
    assert assess_consent(s).who_decides == PATIENT


def test_every_combination_of_abilities_follows_the_functional_test():
    for combo in itertools.product([True, False], repeat=4):
        facts = dict(zip([n for n, _ in FOUR_ABILITIES], combo, strict=True))
        s = ConsentScenario(
            doubt_about_capacity=True,
            practicable_support_given=True,
            impairment_of_mind_or_brain=True,
            **facts,
        )
        expected = HAS_CAPACITY if all(combo) else LACKS
        assert assess_capacity(s).status == expected, facts


def test_inability_without_impairment_of_mind_or_brain_is_not_incapacity():
    s = LACKING.with_changes(impairment_of_mind_or_brain=False)
    finding = assess_capacity(s)
    assert finding.status == NOT_ESTABLISHED
    assert "impairment" in finding.reasons[0]
    assert finding.label.startswith("Still presumed to have capacity")
    assert "help to decide has not been given" not in finding.label
    assert assess_consent(s).who_decides == PATIENT


def test_reason_names_the_missing_abilities():
    finding = assess_capacity(LACKING.with_changes(understands=True, retains=True))
    assert finding.failed_abilities == ("uses_or_weighs",)
    assert "use or weigh the information" in finding.reasons[0]


# -- principle 3: unwise decisions --------------------------------------------------------------


def test_unwise_refusal_by_a_capable_patient_is_respected():
    name, scenario = PRESET_SCENARIOS["refuses_surgery"]
    a = assess_consent(scenario)
    assert a.who_decides == PATIENT
    assert a.capacity.status == HAS_CAPACITY
    assert a.can_proceed is False
    assert "unwise decision is not in itself a lack of capacity" in text(a)
    assert "may refuse any treatment" in text(a)


def test_unwise_decision_alone_never_changes_who_decides():
    for decision in PATIENT_DECISIONS:
        a = assess_consent(ConsentScenario(decision_seems_unwise=True, patient_decision=decision))
        assert a.who_decides == PATIENT
        assert a.capacity.status == PRESUMED


# -- consent with capacity: information, voluntariness, withdrawal, signature ------------------


def test_consent_without_material_risks_and_alternatives_is_not_valid():
    a = assess_consent(ConsentScenario(risks_and_alternatives_discussed=False))
    assert a.who_decides == PATIENT
    assert a.can_proceed is False
    assert "montgomery" in text(a)
    assert "no treatment" in text(a)


def test_consent_under_pressure_is_not_valid():
    a = assess_consent(ConsentScenario(under_pressure=True))
    assert a.can_proceed is False
    assert "freely" in text(a)
    assert any("privately" in act for act in a.nurse_actions)


def test_both_problems_are_reported_together():
    a = assess_consent(ConsentScenario(under_pressure=True, risks_and_alternatives_discussed=False))
    assert a.can_proceed is False
    assert "information and voluntariness" in a.route[-1][1]


def test_consent_can_be_withdrawn_at_any_time():
    a = assess_consent(PRESET_SCENARIOS["withdraws_mid_treatment"][1])
    assert a.who_decides == PATIENT
    assert a.can_proceed is False
    assert "withdrawn at any time" in text(a)
    assert any(act.startswith("Stop") for act in a.nurse_actions)


def test_undecided_patient_is_offered_time_and_not_treated():
    a = assess_consent(ConsentScenario(patient_decision="undecided"))
    assert a.can_proceed is False
    assert "teach-back" in text(a)


def test_patient_who_cannot_sign_can_still_consent():
    a = assess_consent(ConsentScenario(can_sign=False))
    assert a.who_decides == PATIENT
    assert a.can_proceed is True
    assert "witness" in text(a)
    assert "relative does not sign" in text(a)


# -- relatives ----------------------------------------------------------------------------------


def test_relative_cannot_sign_for_an_adult_with_capacity():
    a = assess_consent(PRESET_SCENARIOS["daughter_wants_to_sign"][1])
    assert a.who_decides == PATIENT
    assert a.relative_may_consent is False
    assert "cannot consent or sign" in text(a)


def test_relative_never_consents_in_any_scenario():
    for _, scenario in PRESET_SCENARIOS.values():
        for asks in (True, False):
            a = assess_consent(scenario.with_changes(relative_asks_to_sign=asks))
            assert a.relative_may_consent is False


def test_relative_without_lpa_is_consulted_but_clinician_decides():
    a = assess_consent(LACKING.with_changes(relative_asks_to_sign=True))
    assert a.who_decides == CLINICIAN
    assert "cannot consent or sign for the patient" in text(a)
    assert a.imca_required is False


# -- lacking capacity: wait, LPA, deputy, best interests, IMCA ---------------------------------


def test_wait_when_capacity_may_return_and_decision_can_wait():
    a = assess_consent(PRESET_SCENARIOS["confused_high_calcium"][1])
    assert a.who_decides == WAIT
    assert a.can_proceed is False
    assert "4(3)" in text(a)
    assert any("calcium" in act for act in a.nurse_actions)


def test_wait_takes_precedence_over_an_attorney():
    s = LACKING.with_changes(may_regain_capacity_and_can_wait=True, authority="health_welfare_lpa")
    assert assess_consent(s).who_decides == WAIT


def test_registered_health_and_welfare_lpa_decides_within_powers():
    a = assess_consent(PRESET_SCENARIOS["dementia_with_lpa"][1])
    assert a.who_decides == ATTORNEY
    assert a.can_proceed is True
    assert a.imca_required is False
    assert "life-sustaining" in text(a)


def test_lpa_outside_its_powers_falls_to_best_interests():
    a = assess_consent(
        LACKING.with_changes(authority="health_welfare_lpa", authority_covers_decision=False)
    )
    assert a.who_decides == CLINICIAN
    assert "do not cover this decision" in text(a)


def test_unregistered_lpa_cannot_be_used():
    a = assess_consent(LACKING.with_changes(authority="health_welfare_lpa_unregistered"))
    assert a.who_decides == CLINICIAN
    assert "registered with the office of the public guardian" in text(a)


def test_property_and_finance_lpa_cannot_make_treatment_decisions():
    a = assess_consent(LACKING.with_changes(authority="property_finance_lpa"))
    assert a.who_decides == CLINICIAN
    assert "not treatment" in text(a)


def test_court_deputy_decides_within_the_order():
    a = assess_consent(LACKING.with_changes(authority="court_deputy"))
    assert a.who_decides == DEPUTY
    assert "never refuse life-sustaining" in text(a)
    outside = assess_consent(
        LACKING.with_changes(authority="court_deputy", authority_covers_decision=False)
    )
    assert outside.who_decides == CLINICIAN


def test_attorney_has_no_power_while_patient_has_capacity():
    a = assess_consent(ConsentScenario(authority="health_welfare_lpa"))
    assert a.who_decides == PATIENT
    assert "no power over a decision the patient can make" in text(a)


def test_imca_needed_for_serious_treatment_with_nobody_to_consult():
    a = assess_consent(PRESET_SCENARIOS["no_one_to_consult"][1])
    assert a.who_decides == CLINICIAN
    assert a.imca_required is True
    assert "section 37" in text(a)


def test_no_imca_when_there_is_someone_to_consult():
    assert assess_consent(LACKING).imca_required is False


def test_no_imca_wait_for_urgent_treatment():
    a = assess_consent(LACKING.with_changes(someone_to_consult=False, urgent=True))
    assert a.who_decides == CLINICIAN
    assert a.imca_required is False
    assert "37(4)" in text(a)


def test_no_imca_for_treatment_that_is_not_serious():
    a = assess_consent(LACKING.with_changes(someone_to_consult=False, serious_treatment=False))
    assert a.imca_required is False
    assert a.who_decides == CLINICIAN


def test_best_interests_mentions_wishes_and_least_restrictive_option():
    t = text(assess_consent(LACKING))
    assert "wishes" in t and "least restrictive" in t


# -- other parts of the UK ----------------------------------------------------------------------


@pytest.mark.parametrize("place", ["scotland", "northern_ireland"])
def test_mca_is_not_applied_outside_england_and_wales(place):
    a = assess_consent(LACKING.with_changes(jurisdiction=place, authority="health_welfare_lpa"))
    assert a.who_decides == OTHER_LAW
    assert a.can_proceed is False
    assert any("Adults with Incapacity (Scotland) Act 2000" in n for n in a.notes)


def test_capable_adult_decides_everywhere_in_the_uk():
    a = assess_consent(ConsentScenario(jurisdiction="scotland"))
    assert a.who_decides == PATIENT
    assert a.notes  # still reminded that the law differs


# -- route and labels ---------------------------------------------------------------------------


def test_route_records_each_question_in_order():
    a = assess_consent(PRESET_SCENARIOS["no_one_to_consult"][1])
    questions = [q for q, _ in a.route]
    assert questions[0].startswith("Is there a reason to doubt")
    assert questions[-1] == "Who decides?"
    assert "IMCA" in a.route[-1][1]


def test_every_preset_has_a_label_and_known_outcome():
    for description, scenario in PRESET_SCENARIOS.values():
        a = assess_consent(scenario)
        assert description
        assert a.who_decides_label == WHO_DECIDES_LABELS[a.who_decides]
        assert a.nurse_actions


def test_every_authority_value_is_handled():
    for authority in AUTHORITIES:
        a = assess_consent(LACKING.with_changes(authority=authority))
        assert a.who_decides in WHO_DECIDES_LABELS


# -- bad input ----------------------------------------------------------------------------------


def test_unknown_authority_is_a_clear_error():
    with pytest.raises(ConsentInputError, match="authority must be one of"):
        assess_consent(ConsentScenario(authority="next_of_kin"))


def test_next_of_kin_is_not_a_legal_power():
    assert "next_of_kin" not in AUTHORITIES


def test_non_boolean_fact_is_a_clear_error():
    with pytest.raises(ConsentInputError, match="urgent must be True or False"):
        assess_consent(ConsentScenario(urgent="yes"))


def test_unknown_jurisdiction_is_a_clear_error():
    with pytest.raises(ConsentInputError, match="jurisdiction"):
        assess_consent(ConsentScenario(jurisdiction="usa"))


def test_unknown_fact_in_a_mapping_is_named():
    with pytest.raises(ConsentInputError, match="Unknown fact.*next_of_kin_signs"):
        scenario_from_dict({"next_of_kin_signs": True})


def test_mapping_builds_a_valid_scenario():
    s = scenario_from_dict({"patient_decision": "refuses"})
    assert assess_consent(s).can_proceed is False


def test_wrong_type_of_input_is_a_clear_error():
    with pytest.raises(ConsentInputError, match="Expected a ConsentScenario"):
        assess_consent({"urgent": True})
    with pytest.raises(ConsentInputError, match="Expected a mapping"):
        scenario_from_dict(["urgent"])


# -- corrections and the data file -------------------------------------------------------------


def test_the_mca_sequence_asks_about_an_advance_decision_before_an_attorney_decides():
    a = assess_consent(PRESET_SCENARIOS["dementia_with_lpa"][1])
    questions = [q for q, _ in a.route]
    adrt = next(i for i, q in enumerate(questions) if "advance decision" in q)
    lpa = next(i for i, q in enumerate(questions) if "LPA" in q)
    assert questions.index("Could capacity return, and can the decision wait?") < adrt < lpa
    assert any("advance decision to refuse treatment" in r for r in a.reasons)
    assert any("advance decision" in act for act in a.nurse_actions)
    best = assess_consent(PRESET_SCENARIOS["no_one_to_consult"][1])
    assert any("advance decision" in q for q, _ in best.route)


def test_mrs_clarke_holds_a_health_and_welfare_lpa():
    title, scenario = PRESET_SCENARIOS["dementia_with_lpa"]
    assert "Mrs Clarke" in title and "health-and-welfare LPA" in title
    assert scenario.authority == "health_welfare_lpa"
    assert assess_consent(scenario).who_decides == "attorney"


def test_consent_input_error_is_a_course_error():
    from course.errors import CourseError

    assert issubclass(ConsentInputError, CourseError)
    assert issubclass(ConsentInputError, ValueError)


def test_rules_file_loads_through_its_schema():
    from course.clinical.consent import RULES_FILE
    from course.content import read_content
    from course.paths import assets_dir

    data = read_content(assets_dir() / RULES_FILE, "consent_rules")
    assert [p["id"] for p in data["presets"]] == list(PRESET_SCENARIOS)
    assert set(data["authorities"]) == set(AUTHORITIES)


def test_a_bad_preset_is_named_with_file_and_entry(tmp_path):
    import yaml

    from course.clinical.consent import RULES_FILE
    from course.content import read_content
    from course.errors import ContentError
    from course.paths import assets_dir

    data = yaml.safe_load((assets_dir() / RULES_FILE).read_text(encoding="utf-8"))
    data["presets"][3]["facts"]["authority"] = "son_says_so"
    del data["reasons"]["wait"]
    bad = tmp_path / "consent_rules.yml"
    bad.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(ContentError) as info:
        read_content(bad, "consent_rules")
    message = str(info.value)
    assert "consent_rules.yml: presets/dementia_with_lpa/facts/authority: 'son_says_so'" in message
    assert "consent_rules.yml: reasons: 'wait' is a required property" in message


@pytest.mark.parametrize(
    "changes",
    [
        {"may_regain_capacity_and_can_wait": True},
        {"authority": "health_welfare_lpa"},
        {"authority": "court_deputy"},
        {"authority": "property_finance_lpa"},
        {},
    ],
    ids=["waiting", "attorney", "deputy", "finance-lpa", "best-interests"],
)
def test_a_relative_who_offers_to_sign_is_told_why_not_on_every_route(changes):
    # Mr Osei's daughter offers to sign while he waits to regain capacity: the nurse still
    # explains that she cannot, whoever ends up deciding.
    s = LACKING.with_changes(relative_asks_to_sign=True, **changes)
    a = assess_consent(s)
    assert a.relative_may_consent is False
    explain = [act for act in a.nurse_actions if "cannot sign" in act]
    assert len(explain) == 1, a.nurse_actions
    assert sum("cannot consent or sign" in r for r in a.reasons) == 1, a.reasons


def test_the_confused_high_calcium_preset_tells_ama_why_she_cannot_sign():
    a = assess_consent(PRESET_SCENARIOS["confused_high_calcium"][1])
    assert a.who_decides == WAIT
    assert any("cannot sign" in act for act in a.nurse_actions)
