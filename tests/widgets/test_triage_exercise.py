"""Headless tests of the red-flag triage exercise (course.widgets.triage_exercise)."""

import pytest

from course.clinical.triage import FINDINGS, TriageError
from course.widgets.triage_exercise import TriageExercise, load_vignettes, triage_exercise


def test_builds_on_the_course_vignettes_with_one_box_per_finding():
    ex = triage_exercise()
    assert "bc-triage" in ex._dom_classes
    assert len(ex.vignettes) >= 6
    assert [t for _, t in ex.flags.options] == [FINDINGS[c].label for c in ex.vignette.findings]
    assert "Patient 1 of" in ex.story.value
    assert ex.previous_button.disabled and not ex.next_button.disabled
    assert "Score: 0.0 of" in ex.score.value


def test_perfect_answer_on_arun_scores_two_and_explains_each_flag():
    ex = TriageExercise()
    ex.show([v.id for v in ex.vignettes].index("arun-heavy-legs"))
    mark = ex.answer(list(ex.vignette.findings), "emergency")
    assert mark.score == 2.0
    fb = ex.feedback.value
    assert "Emergency: escalate now</b> is right" in fb
    assert fb.count("Red flag, and you ticked it.") == 4
    assert "MSCC coordinator" in fb and "24 hours" in fb
    assert "Score: 2.0 of" in ex.score.value


def test_under_triage_is_named_as_the_dangerous_error_and_counted():
    ex = TriageExercise()
    ex.show([v.id for v in ex.vignettes].index("sian-shivery-after-chemo"))
    mark = ex.answer(["fever_after_chemotherapy"], "same_day")
    assert mark.under_triaged
    assert "Under-triage is the dangerous error" in ex.feedback.value
    assert "Red flag you missed." in ex.feedback.value
    assert "under-triaged 1 patient" in ex.score.value


def test_over_triage_and_a_wrongly_ticked_non_flag():
    ex = TriageExercise()
    ex.show([v.id for v in ex.vignettes].index("tom-new-morphine"))
    ex.answer(["tiredness"], "emergency")
    fb = ex.feedback.value
    assert "Over-triage is the safer error" in fb
    assert "Not a red flag on its own, but you ticked it." in fb
    assert "laxative" in fb


def test_checking_without_an_urgency_asks_for_one_and_marks_nothing():
    ex = TriageExercise()
    ex.flags.value = ex.flags.option_keys[:1]
    assert ex._check() is None
    assert "Choose how urgent" in ex.message.value
    assert ex.marks == {}


def test_navigation_keeps_earlier_answers_and_the_total():
    ex = TriageExercise()
    first = ex.answer(list(ex.vignette.findings), ex.vignette.urgency.code)
    ex.next_button.click()
    assert ex.index == 1 and ex.picker.value == 1
    assert ex.feedback.value == "" and ex.urgency.value is None
    ex.previous_button.click()
    assert ex.urgency.value == first.chosen.code
    assert "Score for this patient" in ex.feedback.value
    ex.picker.value = len(ex.vignettes) - 1
    assert ex.next_button.disabled


def test_finishing_every_vignette_shows_the_summary():
    ex = TriageExercise()
    for n, v in enumerate(ex.vignettes):
        ex.show(n)
        ex.answer([c for c in v.findings if FINDINGS[c].red_flag], v.urgency.code)
    assert ex.total == 2.0 * len(ex.vignettes)
    assert "All patients done" in ex.score.value


def test_a_calcium_vignette_shows_the_result_and_band():
    ex = TriageExercise()
    ex.show([v.id for v in ex.vignettes].index("dafydd-thirsty"))
    assert "adjusted calcium 3.20 mmol/L" in ex.story.value
    assert "band: moderate" in ex.story.value


def test_missing_or_broken_file_gives_a_clear_message(tmp_path):
    with pytest.raises(TriageError, match="not found"):
        load_vignettes(tmp_path / "none.yml")
    bad = tmp_path / "bad.yml"
    bad.write_text("vignettes: [\n", encoding="utf-8")
    with pytest.raises(TriageError, match="not valid YAML"):
        load_vignettes(bad)
    with pytest.raises(TriageError, match="at least one"):
        TriageExercise([])
