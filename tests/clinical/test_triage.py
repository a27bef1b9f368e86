"""Tests for course.clinical.triage: worked examples of each emergency and bad input."""

import pytest

from course.bibliography import check_source
from course.clinical.triage import (
    FINDINGS,
    URGENCY_ACTIONS,
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
    codes = ["stable_controlled_bone_pain", "tiredness", "worry_about_addiction"]
    result = assess(codes)
    assert result.urgency is Urgency.ROUTINE
    assert result.red_flags == ()
    assert not any(is_red_flag(c) for c in codes)
    assert any("safety-net" in a or "review" in a for a in result.actions)


def test_opioid_without_a_laxative_is_sorted_today_though_not_a_red_flag():
    result = assess(["constipation_on_opioid_without_laxative"])
    assert result.urgency is Urgency.SAME_DAY
    assert result.red_flags == ()
    assert not is_red_flag("constipation_on_opioid_without_laxative")
    assert any("laxative" in a and "today" in a for a in result.actions)
    assert not any("next planned contact" in a for a in result.actions)
    assert "next planned contact" not in URGENCY_ACTIONS[Urgency.ROUTINE]


def test_no_red_flag_is_routine_on_its_own_and_no_plain_finding_escalates():
    for code, f in FINDINGS.items():
        if f.red_flag:
            assert f.urgency >= Urgency.SAME_DAY, code
        elif code == "constipation_on_opioid_without_laxative":
            assert f.urgency is Urgency.SAME_DAY, code  # a prescribing gap closed today
        else:
            assert f.urgency is Urgency.ROUTINE, code


def test_mscc_symptom_lists_are_credited_to_cg75_not_to_ng234_wording():
    lists = [f for f in FINDINGS.values() if f.category in ("spinal_pain", "neurological")]
    assert len(lists) >= 12
    for f in lists:
        assert "NG234" not in f.explanation.replace("CG75 (replaced by NG234)", ""), f.code
        assert "NICE's list" not in f.explanation, f.code
    assert all("nice-cg75" in f.source for f in lists if f.category == "spinal_pain")


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
        assert len(f.explanation) > 30 and len(f.action) > 20
        assert f.source and check_source(f.source) == [], f.code
        if f.code != "constipation_on_opioid_without_laxative":  # not a red flag, sorted today
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


# --- vignettes ---------------------------------------------------------------------------------

import yaml  # noqa: E402

from course.clinical.triage import (  # noqa: E402
    MAX_VIGNETTE_SCORE,
    mark_vignette,
    parse_vignettes,
)
from course.paths import assets_dir  # noqa: E402

VIGNETTES_FILE = assets_dir() / "05_symptoms_and_emergencies" / "vignettes.yml"


def _vignettes():
    return parse_vignettes(yaml.safe_load(VIGNETTES_FILE.read_text(encoding="utf-8")))


def test_course_vignettes_agree_with_the_rules_and_cover_every_urgency():
    vignettes = _vignettes()
    assert len(vignettes) >= 6
    assert {v.urgency for v in vignettes} == set(Urgency)
    categories = {FINDINGS[c].category for v in vignettes for c in v.findings}
    assert {
        "spinal_pain",
        "neurological",
        "calcium",
        "infection",
        "fracture",
        "other",
    } <= categories


def test_vignette_whose_urgency_disagrees_with_the_rules_is_refused():
    data = {
        "vignettes": [
            {
                "id": "x",
                "title": "X",
                "text": "t",
                "findings": ["limb_weakness"],
                "urgency": "routine",
            }
        ]
    }
    with pytest.raises(TriageError, match="vignette x says routine but the rules give emergency"):
        parse_vignettes(data)


def test_vignette_problems_are_all_named():
    data = {
        "vignettes": [
            {"id": "a", "title": "A"},
            {"id": "b", "title": "B", "text": "t", "findings": ["headache"], "urgency": "routine"},
        ]
    }
    with pytest.raises(TriageError) as info:
        parse_vignettes(data, where="v.yml")
    message = str(info.value)
    for field in ("text", "findings", "urgency"):
        assert f"v.yml: vignettes/a: '{field}' is a required property" in message
    assert "v.yml: vignette b 'headache' is not a finding" in message
    with pytest.raises(TriageError, match="'vignettes' list"):
        parse_vignettes(["not", "a", "mapping"])


def test_marking_a_perfect_answer_scores_full_marks():
    arun = {v.id: v for v in _vignettes()}["arun-heavy-legs"]
    mark = mark_vignette(arun, list(arun.findings), "emergency")
    assert mark.urgency_right and not mark.under_triaged
    assert mark.score == MAX_VIGNETTE_SCORE


def test_marking_under_triage_and_a_missed_flag():
    arun = {v.id: v for v in _vignettes()}["arun-heavy-legs"]
    mark = mark_vignette(arun, ["progressive_lumbar_pain"], "same_day")
    assert mark.under_triaged and not mark.urgency_right
    assert set(mark.flags_missed) == {
        "limb_weakness",
        "difficulty_walking",
        "bladder_or_bowel_change",
    }
    assert mark.score == pytest.approx(0.25)


def test_marking_a_non_flag_ticked_wrongly_and_over_triage():
    tom = {v.id: v for v in _vignettes()}["tom-new-morphine"]
    mark = mark_vignette(tom, ["tiredness"], "emergency")
    assert mark.flags_wrongly_ticked == ("tiredness",)
    assert set(mark.non_flags_left_unticked) == {
        "constipation_on_opioid_without_laxative",
        "nausea_starting_opioid",
    }
    assert not mark.under_triaged and not mark.urgency_right
    assert mark.score == pytest.approx(2 / 3)


def test_marking_refuses_findings_from_elsewhere_and_bad_urgency():
    tom = {v.id: v for v in _vignettes()}["tom-new-morphine"]
    with pytest.raises(TriageError, match="not among this vignette's findings"):
        mark_vignette(tom, ["limb_weakness"], "routine")
    with pytest.raises(TriageError, match="not an urgency"):
        mark_vignette(tom, [], "soon")


def test_low_and_borderline_calcium_do_not_escalate_symptoms():
    assert assess(["thirst_and_passing_more_urine"], "borderline").urgency is Urgency.SAME_DAY
    assert assess([], "low").urgency is Urgency.ROUTINE


def test_band_comes_from_the_module_3_calculator():
    from course.clinical.triage import band_of

    assert band_of(3.20) == "moderate"
    assert band_of(3.41) == "severe"
    with pytest.raises(TriageError, match="mg/dL"):
        band_of(12.0)


def test_vignette_calcium_must_match_its_band():
    data = {
        "vignettes": [
            {
                "id": "c",
                "title": "C",
                "text": "t",
                "findings": ["thirst_and_passing_more_urine"],
                "calcium": 3.5,
                "calcium_band": "moderate",
                "urgency": "emergency",
            }
        ]
    }
    with pytest.raises(TriageError, match="3.5 mmol/L, which is severe, but says moderate"):
        parse_vignettes(data)
    del data["vignettes"][0]["calcium_band"]
    (vignette,) = parse_vignettes(data)
    assert vignette.calcium_band == "severe"


def test_cg75_is_always_named_as_replaced_by_ng234():
    import re

    texts = [VIGNETTES_FILE.read_text(encoding="utf-8")]
    texts += [" ".join([f.label, f.explanation, f.action, f.source]) for f in FINDINGS.values()]
    for text in texts:
        for match in re.finditer(r"CG75", text):
            assert text[match.start() : match.start() + 24] == "CG75 (replaced by NG234)", text


def test_a_routine_vignette_is_truly_routine():
    routine = [v for v in _vignettes() if v.urgency is Urgency.ROUTINE]
    assert routine
    for v in routine:
        assert all(FINDINGS[c].urgency is Urgency.ROUTINE for c in v.findings), v.id
    tom = {v.id: v for v in _vignettes()}["tom-new-morphine"]
    assert tom.urgency is Urgency.SAME_DAY


# --- the data files and their schemas ------------------------------------------------------------


def test_findings_file_loads_through_its_schema():
    from course.clinical.triage import FINDINGS_FILE
    from course.content import read_content

    data = read_content(assets_dir() / FINDINGS_FILE, "triage_findings")
    assert {f["id"] for f in data["findings"]} == set(FINDINGS)


def test_a_bad_finding_is_named_with_file_and_entry(tmp_path):
    from course.clinical.triage import FINDINGS_FILE
    from course.content import read_content
    from course.errors import ContentError

    data = yaml.safe_load((assets_dir() / FINDINGS_FILE).read_text(encoding="utf-8"))
    data["findings"][1]["urgency"] = "soon"
    bad = tmp_path / "triage_findings.yml"
    bad.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(ContentError) as info:
        read_content(bad, "triage_findings")
    code = data["findings"][1]["id"]
    assert f"triage_findings.yml: findings/{code}/urgency: 'soon' is not one of" in str(info.value)


def test_a_finding_with_an_unknown_category_or_action_is_refused(tmp_path, monkeypatch):
    from course.clinical import triage_findings as triage
    from course.errors import ContentError

    data = yaml.safe_load((assets_dir() / triage.FINDINGS_FILE).read_text(encoding="utf-8"))
    data["findings"][0]["category"] = "elsewhere"
    (tmp_path / "05_symptoms_and_emergencies").mkdir()
    (tmp_path / triage.FINDINGS_FILE).write_text(yaml.safe_dump(data), encoding="utf-8")
    monkeypatch.setattr(triage, "assets_dir", lambda: tmp_path)
    with pytest.raises(ContentError) as info:
        triage._load_rules()
    code = data["findings"][0]["id"]
    assert f"triage_findings.yml: findings/{code}: category 'elsewhere'" in str(info.value)
    assert isinstance(info.value, ValueError)
