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
