"""Tests for course.clinical.pain: the WHO ladder as a teaching framework."""

import pytest

from course.clinical.pain import PainError, next_step, severity_from_score


@pytest.mark.parametrize(
    ("score", "word"),
    [
        (0, "none"),
        (1, "mild"),
        (3, "mild"),
        (3.5, "moderate"),
        (4, "moderate"),
        (6, "moderate"),
        (7, "severe"),
        (10, "severe"),
        ("5", "moderate"),
        ("6,5", "severe"),
    ],
)
def test_severity_words(score, word):
    assert severity_from_score(score) == word


@pytest.mark.parametrize("bad", [-1, 11, "lots", None, float("nan"), True, ""])
def test_bad_scores_get_a_clear_message(bad):
    with pytest.raises(PainError, match="0"):
        severity_from_score(bad)


def test_mild_pain_with_no_drugs_starts_step_1():
    advice = next_step(2)
    assert (advice.current_step, advice.suggested_step) == (0, 1)


def test_moderate_pain_on_paracetamol_moves_to_step_2_and_mentions_the_2018_update():
    advice = next_step(5, ["paracetamol"])
    assert (advice.current_step, advice.suggested_step) == (1, 2)
    assert advice.moves_up
    assert "skip step 2" in advice.update_2018


def test_severe_pain_on_a_weak_opioid_moves_to_step_3_with_cg140_starting_doses_and_laxative():
    advice = next_step(8, ["paracetamol", "codeine"])
    assert (advice.current_step, advice.suggested_step) == (2, 3)
    text = " ".join(advice.nursing_points)
    assert "laxative" in text
    assert "20-30 mg oral morphine a day" in text and "5 mg immediate-release" in text


def test_cg140_starting_doses_are_stated_only_for_people_without_kidney_or_liver_problems():
    text = " ".join(next_step(8, ["paracetamol", "codeine"]).nursing_points)
    assert "no kidney or liver problems" in text


def test_strong_opioid_with_kidney_problems_asks_for_specialist_advice():
    starting = next_step(8, ["paracetamol", "codeine"], risks=["kidney_problem"])
    assert any("specialist advice" in c and "kidney" in c for c in starting.cautions)
    already = next_step(6, ["morphine"], risks=["kidney_problem"])
    assert any("specialist advice" in c for c in already.cautions)
    weak_only = next_step(2, ["codeine"], risks=["kidney_problem"])
    assert not any("specialist advice" in c for c in weak_only.cautions)


def test_severe_pain_with_no_drugs_starts_at_the_matching_step():
    advice = next_step(9)
    assert advice.suggested_step == 3
    assert "not always at step 1" in advice.summary


def test_uncontrolled_pain_on_a_strong_opioid_stays_on_step_3_and_asks_for_review():
    advice = next_step(7, ["morphine", "paracetamol"])
    assert (advice.current_step, advice.suggested_step) == (3, 3)
    assert "palliative care" in advice.summary and "radiotherapy" in advice.summary
    text = " ".join(advice.nursing_points)
    assert "laxative" in text and "breakthrough" in text


def test_controlled_pain_stays_on_the_same_step():
    advice = next_step(2, ["morphine"])
    assert advice.suggested_step == 3 and not advice.moves_up
    assert "by the clock" in advice.summary


def test_no_pain_and_no_drugs_needs_nothing():
    assert next_step(0).suggested_step == 0


def test_no_laxative_point_below_step_3():
    text = " ".join(next_step(2, ["paracetamol"]).nursing_points)
    assert "laxative" not in text


def test_nsaid_cautions_depend_on_risks():
    plain = next_step(5, ["ibuprofen"])
    assert any("stomach bleeding" in c for c in plain.cautions)
    assert not any("anticoagulant" in c for c in plain.cautions)
    risky = next_step(5, ["ibuprofen"], risks=["anticoagulant", "kidney_problem"])
    assert any("anticoagulant" in c for c in risky.cautions)
    assert any("kidney" in c for c in risky.cautions)


def test_steroid_cautions_and_weight_bearing_red_flag():
    advice = next_step(
        5, ["dexamethasone", "paracetamol"], risks=["diabetes", "weight_bearing_pain"]
    )
    assert advice.current_step == 1  # an adjuvant is not a step
    text = " ".join(advice.cautions)
    assert "glucose" in text and "impending fracture" in text


def test_unknown_drug_or_risk_is_refused_with_suggestions():
    with pytest.raises(PainError, match="Did you mean morphine"):
        next_step(5, ["morfine"])
    with pytest.raises(PainError, match="not a risk"):
        next_step(5, [], risks=["pregnant"])


# --- corrected rules ------------------------------------------------------------------------------


def test_dexamethasone_alone_is_not_shown_as_nothing_given():
    advice = next_step(5, ["dexamethasone"])
    assert advice.current_step == 0
    from course.clinical.pain import STEP_NAMES

    shown = " ".join([STEP_NAMES[advice.current_step], advice.summary])
    assert "No regular pain relief yet" not in shown
    assert "adjuvant" in advice.summary and "swelling" in advice.summary
    assert advice.summary.count("Dexamethasone is an adjuvant") == 1
    plain = next_step(5)
    assert "Dexamethasone" not in plain.summary


def test_dexamethasone_alone_without_pain_still_says_what_it_is_for():
    advice = next_step(0, ["dexamethasone"])
    assert advice.suggested_step == 0
    assert "not a step" in advice.summary and "nothing to start" in advice.summary


def test_codeine_with_morphine_gets_a_replace_not_add_caution():
    advice = next_step(6, ["codeine", "morphine"])
    caution = [c for c in advice.cautions if "weak opioid" in c]
    assert len(caution) == 1
    assert "Codeine" in caution[0] and "Morphine" in caution[0]
    assert "replaces" in caution[0] and "not added" in caution[0]
    assert not any("weak opioid" in c for c in next_step(6, ["morphine"]).cautions)
    assert not any("weak opioid" in c for c in next_step(6, ["codeine"]).cautions)


def test_moving_from_a_weak_to_a_strong_opioid_says_the_strong_one_replaces_it():
    text = " ".join(next_step(8, ["codeine"]).nursing_points)
    assert "replaces the weak opioid (Codeine)" in text


def test_nausea_on_starting_shows_only_when_a_strong_opioid_is_newly_started():
    starting = " ".join(next_step(8, ["paracetamol", "codeine"]).nursing_points)
    assert "Nausea when a strong opioid is first started" in starting
    established = " ".join(next_step(2, ["morphine"]).nursing_points)
    assert "Nausea" not in established and "nausea" not in established
    assert "Drowsiness with good pain control" in established


@pytest.mark.parametrize(
    ("score", "drugs"), [(8, ["codeine"]), (2, ["morphine"]), (7, ["oxycodone"])]
)
def test_opioid_toxicity_signs_and_escalation_are_taught_with_every_strong_opioid(score, drugs):
    text = " ".join(next_step(score, drugs).nursing_points)
    for sign in ("drowsiness", "confusion", "myoclonus", "pinpoint pupils", "slow"):
        assert sign in text
    assert "hold the next dose" in text and "urgent medical help" in text


def test_no_toxicity_point_below_a_strong_opioid():
    assert not any("toxicity" in p for p in next_step(5, ["paracetamol"]).nursing_points)


# --- the data file and its schema ---------------------------------------------------------------


def test_ladder_file_loads_through_its_schema():
    from course.clinical.pain import DRUGS, LADDER_FILE
    from course.content import read_content
    from course.paths import assets_dir

    data = read_content(assets_dir() / LADDER_FILE, "pain_ladder")
    assert [d["id"] for d in data["drugs"]] == list(DRUGS)
    assert DRUGS["dexamethasone"].step == 0 and DRUGS["morphine"].step == 3


def test_a_bad_drug_is_named_with_file_and_entry(tmp_path):
    import yaml

    from course.clinical.pain import LADDER_FILE
    from course.content import read_content
    from course.errors import ContentError
    from course.paths import assets_dir

    data = yaml.safe_load((assets_dir() / LADDER_FILE).read_text(encoding="utf-8"))
    data["drugs"][3]["step"] = 4
    del data["cautions"]["weak_with_strong"]
    bad = tmp_path / "pain_ladder.yml"
    bad.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(ContentError) as info:
        read_content(bad, "pain_ladder")
    message = str(info.value)
    assert "pain_ladder.yml: drugs/codeine/step: 4 is greater than the maximum of 3" in message
    assert "pain_ladder.yml: cautions: 'weak_with_strong' is a required property" in message


def test_pain_error_is_a_course_error():
    from course.errors import CourseError

    assert issubclass(PainError, CourseError) and issubclass(PainError, ValueError)
