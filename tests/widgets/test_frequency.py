"""Frequency chart widget, driven headless: change population, sort and filters."""

import pytest

from course.widgets.frequency import FrequencyChart, frequency_chart


def test_default_shows_advanced_disease_with_population_and_source_in_caption():
    chart = frequency_chart()
    assert "bc-frequency" in chart._dom_classes
    assert [r.primary for r in chart.rows][:3] == ["myeloma", "breast", "prostate"]
    assert "advanced disease" in chart.caption.value
    assert "Coleman" in chart.caption.value
    assert "Macedo" in chart.caption.value
    assert "not a spread" in chart.caption.value
    assert 'alt="Bar chart' in chart.chart.value
    assert "Breast cancer 65–75%" in chart.figure.alt


def test_untick_myeloma_removes_it_and_its_notes():
    chart = FrequencyChart()
    chart.myeloma_box.value = False
    assert "myeloma" not in {r.primary for r in chart.rows}
    assert "Myeloma" not in chart.figure.alt
    assert "not a spread" not in chart.caption.value


def test_sorting_changes_the_order():
    chart = FrequencyChart()
    chart.sort_choice.value = "low_first"
    assert chart.rows[0].primary == "kidney"
    chart.sort_choice.value = "name"
    assert chart.rows[0].primary == "bladder"
    chart.sort_choice.value = "survival"
    assert chart.rows[0].primary == "melanoma"
    assert "median survival" in chart.caption.value.lower()


def test_population_studies_give_much_lower_figures():
    chart = FrequencyChart()
    chart.population_choice.value = "everyone"
    assert max(r.high for r in chart.rows) <= 5
    assert "SEER" in chart.caption.value
    assert "about 5%" in chart.figure.alt


def test_postmortem_population():
    chart = FrequencyChart(population="postmortem")
    assert {r.primary for r in chart.rows} == {"breast", "prostate"}
    assert "post-mortem" in chart.figure.alt


def test_filters_by_primary_are_disabled_where_figures_are_for_all_cancers():
    chart = FrequencyChart(population="everyone", focus_only=True)
    assert chart.focus_box.disabled and chart.myeloma_box.disabled
    assert len(chart.rows) == 2  # the focus filter is not applied to all-cancer figures
    assert "filters by primary cancer do not apply" in chart.caption.value
    chart.population_choice.value = "advanced"
    assert not chart.focus_box.disabled and not chart.myeloma_box.disabled
    assert {r.primary for r in chart.rows} == {"breast", "prostate", "lung", "kidney", "thyroid"}
    chart.population_choice.value = "postmortem"
    assert chart.myeloma_box.disabled and not chart.focus_box.disabled


def test_bad_population_is_refused():
    with pytest.raises(ValueError, match="Unknown population"):
        FrequencyChart(population="martians")
