"""Radiotherapy timeline: single 8 Gy against multiple fractions (FACTS 4.5-4.7)."""

import pytest

from course.clinical.radiotherapy import (
    SCHEDULES,
    RadiotherapyInputError,
    compare_schedules,
    radiotherapy_timeline,
    weekday,
)


def test_single_fraction_is_one_visit_of_8_gy():
    single = radiotherapy_timeline("8Gy_1")
    assert single.visits == 1
    assert single.treatment_days == (0,)
    assert single.schedule.total_dose_gy == 8.0


def test_five_fractions_fill_one_working_week():
    plan = radiotherapy_timeline("20Gy_5")
    assert plan.treatment_days == (0, 1, 2, 3, 4)
    assert plan.schedule.dose_per_fraction_gy == pytest.approx(4.0)


def test_ten_fractions_skip_the_weekend():
    plan = radiotherapy_timeline("30Gy_10")
    assert plan.visits == 10
    assert plan.treatment_days == (0, 1, 2, 3, 4, 7, 8, 9, 10, 11)
    assert all(weekday(d) not in ("Sat", "Sun") for d in plan.treatment_days)
    assert plan.schedule.dose_per_fraction_gy == pytest.approx(3.0)


def test_flare_watch_matches_chow_days_0_to_10_for_a_single_fraction():
    assert radiotherapy_timeline("8Gy_1").flare_watch == (0, 10)
    assert radiotherapy_timeline("30Gy_10").flare_watch == (0, 21)


def test_relief_builds_over_about_two_weeks_after_the_last_treatment():
    assert radiotherapy_timeline("8Gy_1").relief_building == (0, 14)
    assert radiotherapy_timeline("20Gy_5").relief_building == (0, 18)


def test_single_fraction_needs_retreatment_about_twice_as_often():
    single, multi = compare_schedules("8Gy_1", "20Gy_5")
    assert single.retreatment_relative / multi.retreatment_relative == pytest.approx(2.0)
    assert "twice" in single.retreatment_text
    assert "possible" in multi.retreatment_text  # retreatment is possible (seed 001 outdated)


def test_summary_states_visits_relief_flare_and_retreatment():
    summary = radiotherapy_timeline("8Gy_1").summary()
    assert summary["Treatment visits"] == "1"
    assert "day 14" in summary["Pain relief"]
    assert "30 to 40" in summary["Pain flare"]
    assert "twice" in summary["Retreatment"]
    assert "weekdays" in radiotherapy_timeline("30Gy_10").summary()["Treatment days"]


def test_multi_fraction_windows_are_marked_as_an_approximation():
    assert "teaching approximation" in radiotherapy_timeline("30Gy_10").summary()["Pain flare"]
    assert "teaching approximation" in radiotherapy_timeline("20Gy_5").summary()["Pain flare"]
    assert "approximation" not in radiotherapy_timeline("8Gy_1").summary()["Pain flare"]


def test_default_comparison_is_single_against_ten():
    a, b = compare_schedules()
    assert (a.visits, b.visits) == (1, 10)


@pytest.mark.parametrize("bad", ["8 Gy", "", "40Gy_20", None, ["8Gy_1"]])
def test_unknown_schedule_lists_the_choices(bad):
    with pytest.raises(RadiotherapyInputError) as err:
        radiotherapy_timeline(bad)
    for key in SCHEDULES:
        assert key in str(err.value)


@pytest.mark.parametrize("bad", [-1, 1.5, "Monday", True])
def test_weekday_rejects_impossible_days(bad):
    with pytest.raises(RadiotherapyInputError):
        weekday(bad)


def test_weekday_wraps_each_week():
    assert weekday(0) == "Mon" and weekday(5) == "Sat" and weekday(7) == "Mon"


def test_no_drafting_notes_in_the_planner_text():
    from course.clinical.radiotherapy import MULTI_FRACTION_NOTE

    assert "general knowledge" not in MULTI_FRACTION_NOTE
    assert "single fraction" in MULTI_FRACTION_NOTE  # says what was measured instead
    for key in ("8Gy_1", "20Gy_5", "30Gy_10"):
        for text in radiotherapy_timeline(key).summary().values():
            assert "{" not in text and "\n" not in text


def test_radiotherapy_error_is_a_course_error_and_a_value_error():
    from course.clinical.radiotherapy import RadiotherapyInputError
    from course.errors import CourseError

    assert issubclass(RadiotherapyInputError, CourseError)
    assert issubclass(RadiotherapyInputError, ValueError)


def test_radiotherapy_schema_names_file_and_entry(tmp_path):
    import yaml

    from course.content import read_content
    from course.errors import ContentError
    from course.paths import assets_dir

    good = assets_dir() / "04_treatments" / "radiotherapy.yml"
    assert set(read_content(good, "radiotherapy")["schedules"]) == {"8Gy_1", "20Gy_5", "30Gy_10"}
    data = yaml.safe_load(good.read_text())
    data["summary"]["pain_relief"] = "Builds over a couple of weeks."
    bad = tmp_path / "radiotherapy.yml"
    bad.write_text(yaml.safe_dump(data))
    with pytest.raises(ContentError, match="radiotherapy.yml: summary/pain_relief"):
        read_content(bad, "radiotherapy")
