"""Mirels widget, headless."""

import pytest

from course.clinical.mirels import MirelsInputError
from course.widgets.mirels_calculator import MirelsCalculator, mirels_calculator


def test_builds_with_four_labelled_choices_and_scores_the_default():
    w = mirels_calculator()
    assert "bc-mirels" in w._dom_classes
    assert [c.description for c in w.controls.values()] == [
        "Site",
        "Pain",
        "Lesion type",
        "Size (share of the bone's width)",
    ]
    assert w.result.total == 2 + 2 + 2 + 2
    assert "Borderline" in w.output.value
    assert 'alt="' in w.scale.value and "scores 8" in w.figure.alt


def test_choosing_answers_updates_score_band_and_alt_text():
    w = MirelsCalculator()
    r = w.set_choices("peritrochanteric", "functional", "lytic", "third_to_two_thirds")
    assert r.total == 11
    assert "High risk" in w.output.value and "Prophylactic fixation" in w.output.value
    assert "33%" in w.output.value
    assert "scores 11" in w.figure.alt and "scores 11" in w.scale.value
    w.controls["site"].value = "upper_limb"
    w.controls["size"].value = "under_third"
    assert w.result.total == 1 + 3 + 3 + 1
    assert "Borderline" in w.output.value and "15%" in w.output.value
    w.controls["pain"].value = "mild"
    assert w.result.total == 1 + 1 + 3 + 1
    assert "Low risk" in w.output.value and "4%" in w.output.value


def test_bad_start_choice_is_a_clear_error():
    with pytest.raises(MirelsInputError, match="choose one of"):
        MirelsCalculator(site="hip")


def test_start_choices_accept_labels_with_spaces():
    assert MirelsCalculator(site="Upper limb").result.points["site"] == 1


def test_score_table_is_captioned_and_its_total_is_a_data_cell():
    from course.widgets.mirels_calculator import MirelsCalculator

    w = MirelsCalculator()
    w.set_choices("peritrochanteric", "functional", "lytic", "third_to_two_thirds")
    table = w.output.value.split("</table>")[0]
    assert "<caption>" in table and table.count('scope="col"') == 3
    foot = table.split("<tfoot>")[1]
    assert foot.count("<td>") == 1 and "<td>11</td>" in foot
    assert '<th scope="row" colspan="2">Total</th>' in foot
    assert "High risk" in w.output.value
