"""Imaging explorer widget, driven headless: choose questions, tests and patient details."""

import pytest

from course.widgets.imaging_explorer import ImagingExplorer, imaging_explorer, imaging_table


def test_starts_on_suspected_mscc_with_mri_best_and_xray_avoided():
    explorer = imaging_explorer()
    assert "bc-imaging" in explorer._dom_classes
    shown = explorer.advice_box.value
    assert "✔ <b>Best fit</b>: MRI scan" in shown
    assert "✘ <b>Not the right test here</b>: Plain X-ray" in shown
    assert "24 hours" in shown
    assert explorer.test_choice.value == "mri"
    assert "MRI safety checklist" in explorer.test_box.value


def test_changing_question_selects_its_best_test():
    explorer = ImagingExplorer()
    explorer.question_choice.value = "staging_prostate"
    assert explorer.test_choice.value == "bone_scan"
    assert "tracer" in explorer.test_box.value
    explorer.question_choice.value = "unknown_primary"
    assert explorer.test_choice.value == "core_biopsy"
    assert "consent" in explorer.test_box.value.lower()


def test_ticking_pacemaker_shows_a_stop_alert_for_mri():
    explorer = ImagingExplorer()
    assert "No safety flags" in explorer.test_box.value
    explorer.flag_boxes["pacemaker"].value = True
    assert explorer.alerts[0].stops_the_test
    assert "✘ STOP" in explorer.test_box.value
    explorer.test_choice.value = "ct"
    assert explorer.alerts == []


def test_anticoagulant_flag_given_at_start_applies_to_biopsy():
    explorer = ImagingExplorer(question="unknown_primary", flags=("anticoagulant",))
    assert explorer.alerts and explorer.alerts[0].flag == "anticoagulant"


def test_choosing_an_avoided_test_says_so():
    explorer = ImagingExplorer(question="possible_myeloma")
    explorer.test_choice.value = "bone_scan"
    assert "not the right one" in explorer.test_box.value


def test_returning_to_a_question_with_the_same_best_test_still_refreshes():
    explorer = ImagingExplorer(question="suspected_mscc")
    explorer.flag_boxes["metal"].value = True
    explorer.question_choice.value = "spinal_pain_no_neuro"  # best is MRI again
    assert explorer.test_choice.value == "mri"
    assert "⚠ Check" in explorer.test_box.value
    assert "1 week" in explorer.advice_box.value


def test_bad_start_values_are_refused():
    with pytest.raises(ValueError, match="Unknown clinical question"):
        ImagingExplorer(question="headache")
    with pytest.raises(ValueError, match="Unknown patient flag"):
        ImagingExplorer(flags=("tattoo",))


def test_table_lists_every_test_with_headers():
    table = imaging_table()._repr_html_()
    assert "<caption>" in table and '<th scope="col">Test</th>' in table and "FACTS" not in table
    assert "vary by department" in table  # unsourced timings are framed as such
    for name in ("Plain X-ray", "Isotope bone scan", "CT scan", "MRI scan", "PET-CT scan"):
        assert name in table
