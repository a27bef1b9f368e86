"""Radiotherapy planner widget, headless."""

import pytest

from course.clinical.radiotherapy import RadiotherapyInputError
from course.widgets.radiotherapy_planner import RadiotherapyPlanner, radiotherapy_planner


def test_default_compares_single_fraction_with_ten():
    w = radiotherapy_planner()
    assert "bc-radiotherapy" in w._dom_classes
    assert [t.visits for t in w.timelines] == [1, 10]
    assert w.first.description == "Schedule A:" and w.second.description == "Schedule B:"
    assert "twice" in w.table.value
    assert "<img" in w.picture.value and 'alt="Timeline' in w.picture.value
    assert "1 visit (days 0 to 0)" in w.figure.alt
    assert "10 visits (days 0 to 11)" in w.figure.alt
    assert "teaching approximation" in w.children[0].value
    assert "teaching approximation" in w.table.value  # the 10-fraction column says so


def test_changing_a_schedule_redraws_table_and_alt_text():
    w = RadiotherapyPlanner()
    w.set_schedules("20Gy_5", "8Gy_1")
    assert [t.visits for t in w.timelines] == [5, 1]
    assert "20 Gy in 5 fractions" in w.figure.alt
    assert "day 0 (Mon), day 1 (Tue)" in w.table.value
    assert "relief often felt by about day 18" in w.figure.alt


def test_unknown_schedule_is_a_clear_error():
    with pytest.raises(RadiotherapyInputError, match="not one of the schedules"):
        RadiotherapyPlanner("8 Gy once")
