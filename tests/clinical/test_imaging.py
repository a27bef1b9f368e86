"""Imaging rules: which test fits which question, safety checks, and loud failure on bad rules."""

import pytest
import yaml

from course.clinical.imaging import (
    ImagingRulesError,
    advise,
    default_rules,
    load_rules,
    parse_rules,
    safety_alerts,
)
from course.paths import assets_dir


@pytest.fixture
def raw_rules():
    return yaml.safe_load((assets_dir() / "03_diagnosis" / "imaging.yml").read_text())


def test_suspected_mscc_needs_mri_not_plain_xray():
    advice = advise("suspected_mscc")
    assert [t.id for t in advice.best] == ["mri"]
    assert advice.verdict("ct") == "also"
    assert advice.verdict("xray") == "avoid"
    assert "24 hours" in advice.question.urgency
    assert "MSCC coordinator" in advice.question.urgency


def test_spinal_pain_without_neurology_is_mri_within_a_week():
    assert "1 week" in advise("spinal_pain_no_neuro").question.urgency


def test_possible_myeloma_avoids_bone_scan():
    advice = advise("possible_myeloma")
    assert advice.verdict("bone_scan") == "avoid"
    assert "ionised calcium" in " ".join(advice.question.nurse)


def test_possible_myeloma_follows_the_nice_ng35_order():
    advice = advise("possible_myeloma")
    assert [t.id for t in advice.best] == ["mri"]
    assert advice.verdict("ct") == "also" and advice.verdict("xray") == "also"
    why = advice.question.why
    assert "NG35" in why
    assert why.index("whole-body MRI") < why.index("whole-body low-dose CT")
    assert why.index("low-dose CT") < why.index("skeletal X-ray survey only if neither")


def test_no_drafting_notes_in_what_the_learner_reads():
    rules = default_rules()
    texts = [
        text
        for t in rules.tests.values()
        for text in (t.what, t.shows, t.misses, t.time, t.radiation, *t.prepare)
    ]
    texts += [text for q in rules.questions.values() for text in (q.why, q.urgency, *q.nurse)]
    texts += [r.action for r in rules.safety]
    for text in texts:
        for note in ("general knowledge", "general practice", "[GK]", "FACTS", "seed 0"):
            assert note not in text, text


def test_mri_safety_asks_about_pregnancy():
    assert any("pregnant" in step for step in default_rules().test("mri").prepare)
    alerts = safety_alerts("mri", ["pregnant"])
    assert len(alerts) == 1 and "gadolinium" in alerts[0].action


def test_metformin_with_iodinated_contrast_follows_local_policy():
    alerts = safety_alerts("ct", ["metformin"])
    assert len(alerts) == 1 and alerts[0].level == "check"
    assert "local policy" in alerts[0].action and "iodinated contrast" in alerts[0].action
    assert "48 hours" in alerts[0].action and "kidney" in alerts[0].action
    assert "do not stop it on your own" in alerts[0].action
    assert safety_alerts("mri", ["metformin"]) == []


def test_every_test_with_x_rays_or_a_tracer_asks_about_pregnancy():
    rules = default_rules()
    for test in ("xray", "ct", "bone_scan", "pet_ct"):
        assert any("pregnan" in step for step in rules.test(test).prepare), test
        assert len(safety_alerts(test, ["pregnant"])) == 1, test


def test_single_destructive_lesion_goes_to_a_sarcoma_centre_before_biopsy():
    question = advise("unknown_primary").question
    assert "bone sarcoma centre before any biopsy" in question.why
    assert any("sarcoma centre" in step for step in question.nurse)


def test_imaging_errors_are_course_errors_and_value_errors():
    from course.errors import ContentError, CourseError

    assert issubclass(ImagingRulesError, ContentError)
    assert issubclass(ImagingRulesError, CourseError) and issubclass(ImagingRulesError, ValueError)


def test_imaging_schema_names_file_and_entry(tmp_path, raw_rules):
    raw_rules["questions"][1]["urgency"] = 7
    path = tmp_path / "imaging.yml"
    path.write_text(yaml.safe_dump(raw_rules))
    with pytest.raises(ImagingRulesError, match=r"imaging.yml: questions/spinal_pain_no_neuro"):
        load_rules(path)


def test_normal_xray_does_not_end_the_search():
    advice = advise("painful_hip_xray_normal")
    assert advice.verdict("xray") == "avoid"
    assert advice.verdict("mri") == "best"


def test_mri_contraindicated_falls_back_to_ct():
    advice = advise("mri_not_possible")
    assert [t.id for t in advice.best] == ["ct"]
    assert advice.verdict("mri") == "avoid"


def test_unknown_primary_needs_a_biopsy():
    assert advise("unknown_primary").best[0].id == "core_biopsy"


def test_facts_flags_are_respected_in_the_test_descriptions():
    rules = default_rules()
    assert "tracer, not a dye" in rules.test("bone_scan").what
    assert "minutes" in rules.test("ct").time
    assert "30-90 minutes" in rules.test("mri").time
    assert "30-50%" in rules.test("xray").misses
    assert "lytic" in rules.test("bone_scan").misses


def test_every_question_has_a_best_test_and_nursing_actions():
    for question in default_rules().questions.values():
        assert question.best and question.nurse and question.why


def test_pacemaker_stops_mri_but_not_ct():
    alerts = safety_alerts("mri", ["pacemaker"])
    assert len(alerts) == 1 and alerts[0].stops_the_test
    assert safety_alerts("ct", ["pacemaker"]) == []


def test_anticoagulant_stops_biopsy():
    alerts = safety_alerts("core_biopsy", ["anticoagulant"])
    assert alerts[0].level == "stop"
    assert safety_alerts("xray", ["anticoagulant"]) == []


def test_contrast_and_kidney_checks_for_ct():
    alerts = safety_alerts("ct", ["contrast_reaction", "kidney"])
    assert {a.flag for a in alerts} == {"contrast_reaction", "kidney"}
    assert all(a.level == "check" for a in alerts)


def test_stop_alerts_come_first():
    alerts = safety_alerts("mri", ["claustrophobia", "metal", "pacemaker"])
    assert alerts[0].flag == "pacemaker"
    assert [a.level for a in alerts] == ["stop", "check", "check"]


def test_no_flags_no_alerts():
    assert safety_alerts("mri", []) == []


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: advise("headache"), "Unknown clinical question"),
        (lambda: safety_alerts("ultrasound", []), "Unknown test"),
        (lambda: safety_alerts("mri", ["tattoo"]), "Unknown patient flag"),
    ],
)
def test_unknown_ids_name_the_choices(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_a_question_naming_an_unknown_test_fails_loudly(raw_rules):
    raw_rules["questions"][0]["best"] = ["x_ray_vision"]
    with pytest.raises(ImagingRulesError, match="suspected_mscc.*x_ray_vision"):
        parse_rules(raw_rules)


def test_a_test_in_two_groups_fails_loudly(raw_rules):
    raw_rules["questions"][0]["avoid"] = ["mri"]
    with pytest.raises(ImagingRulesError, match="more than one group"):
        parse_rules(raw_rules)


def test_a_safety_rule_with_a_bad_level_fails_loudly(raw_rules):
    raw_rules["safety"][0]["level"] = "maybe"
    with pytest.raises(
        ImagingRulesError, match=r"imaging.yml: safety/entry #1/level: 'maybe' is not one of"
    ):
        parse_rules(raw_rules)


def test_a_test_without_preparation_fails_loudly(raw_rules):
    raw_rules["tests"]["mri"]["prepare"] = []
    with pytest.raises(ImagingRulesError, match=r"imaging.yml: tests/mri/prepare: \[\] "):
        parse_rules(raw_rules)


def test_unreadable_file_fails_loudly(tmp_path):
    path = tmp_path / "imaging.yml"
    path.write_text("tests: [unclosed")
    with pytest.raises(ImagingRulesError, match="imaging.yml: not valid YML"):
        load_rules(path)


def test_unknown_ids_are_course_errors():
    from course.errors import CourseError

    with pytest.raises(CourseError, match="Unknown clinical question"):
        advise("headache")
    with pytest.raises(CourseError, match="Unknown patient flag"):
        safety_alerts("mri", ["tattoo"])
