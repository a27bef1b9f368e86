"""Tests for course.clinical.hypercalcaemia: the treatment timeline."""

import pytest

from course.clinical.hypercalcaemia import (
    EARLIEST_RECHECK_HOURS,
    TimelineError,
    status_at,
    timeline,
)


def test_timeline_has_the_taught_numbers():
    phases = {p.key: p for p in timeline()}
    assert (phases["onset"].start_day, phases["onset"].end_day) == (2.0, 4.0)
    assert (phases["normal"].start_day, phases["normal"].end_day) == (3.0, 5.0)
    assert phases["recheck"].start_day == 2.0 == EARLIEST_RECHECK_HOURS / 24
    assert phases["fluids"].start_day < 0 == phases["bisphosphonate"].start_day
    assert "creatinine" in phases["bisphosphonate"].nurse
    assert "fluid balance" in phases["fluids"].nurse


def test_heart_or_kidney_failure_adds_overload_warning():
    plain = {p.key: p for p in timeline()}["fluids"].nurse
    failing = {p.key: p for p in timeline(heart_or_kidney_failure=True)}["fluids"].nurse
    assert "overload" not in plain and "overload" in failing


@pytest.mark.parametrize(
    ("hours", "stage", "allowed"),
    [
        (0, "waiting", False),
        (24, "waiting", False),
        (47.5, "waiting", False),
        (48, "onset", True),
        (60, "onset", True),
        (72, "falling", True),
        (120, "falling", True),
        (150, "after", True),
        ("36", "waiting", False),
    ],
)
def test_status_at_worked_examples(hours, stage, allowed):
    status = status_at(hours)
    assert status.stage == stage
    assert status.recheck_allowed is allowed


def test_too_early_message_says_how_long_to_wait():
    assert "another 24 hours" in status_at(24).recheck_message
    assert "another 1 hour " in status_at(47).recheck_message


@pytest.mark.parametrize("bad", [-1, "soon", None, float("nan"), float("inf"), True])
def test_bad_times_are_refused_with_a_message(bad):
    with pytest.raises(TimelineError, match="hours"):
        status_at(bad)


def test_denosumab_after_failed_bisphosphonate_is_marked_off_label():
    text = status_at(24 * 7).expect
    assert "denosumab" in text and "off-label" in text and "UK" in text


def test_nurse_role_and_phase_texts_come_joined_on_one_line():
    from course.clinical.hypercalcaemia import NURSE_ROLE

    assert len(NURSE_ROLE) == 7 and all("\n" not in point for point in NURSE_ROLE)
    assert all("\n" not in p.nurse for p in timeline(True))


def test_timeline_error_is_a_course_error_and_a_value_error():
    from course.clinical.hypercalcaemia import TimelineError
    from course.errors import CourseError

    assert issubclass(TimelineError, CourseError) and issubclass(TimelineError, ValueError)


def test_hypercalcaemia_schema_names_file_and_entry_of_a_bad_phase(tmp_path):
    import yaml

    from course.content import read_content
    from course.errors import ContentError
    from course.paths import assets_dir

    good = assets_dir() / "05_symptoms_and_emergencies" / "hypercalcaemia.yml"
    assert set(read_content(good, "hypercalcaemia")["stages"]) == {
        "waiting",
        "onset",
        "falling",
        "after",
    }
    data = yaml.safe_load(good.read_text())
    del data["phases"]["onset"]["label"]
    data["recheck"]["too_early"] = "Too early to recheck calcium."
    bad = tmp_path / "hypercalcaemia.yml"
    bad.write_text(yaml.safe_dump(data))
    with pytest.raises(ContentError) as err:
        read_content(bad, "hypercalcaemia")
    message = str(err.value)
    assert "hypercalcaemia.yml: phases/onset" in message and "label" in message
    assert "hypercalcaemia.yml: recheck/too_early" in message
