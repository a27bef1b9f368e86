"""The calcium calculator widget, driven headless: set inputs, check what it computed and shows."""

import pytest

from course.widgets.calcium_calculator import CalciumCalculator, calcium_calculator


def test_constructor_values_give_a_result_module_5_can_read():
    calc = CalciumCalculator(calcium=2.50, albumin=25)
    assert calc.result.adjusted == 2.80
    assert calc.result.band.key == "mild"
    assert calc.error is None
    shown = calc.output.value
    assert "2.80 mmol/L" in shown
    assert "Mild hypercalcaemia" in shown
    assert "What to do" in shown and "same day" in shown
    assert "bc-calcium" in calc._dom_classes
    # the footnote names the CKS rule and says which labels are the course's own
    assert "urgent admission" in shown and "course's labels" in shown


def test_typing_new_values_updates_result_and_figure_alt_text():
    calc = calcium_calculator()
    calc.calcium_input.value = "3,10"  # decimal comma
    calc.albumin_input.value = "20 g/L"  # unit typed
    assert calc.result.adjusted == 3.50
    assert calc.result.band.key == "severe"
    assert "Emergency" in calc.output.value
    assert 'alt="' in calc.scale.value
    assert "adjusted 3.50 mmol/L" in calc.figure.alt
    assert "severe" in calc.figure.alt


def test_checkboxes_add_warnings_and_the_ionised_advice():
    calc = CalciumCalculator(calcium=2.5, albumin=35)
    assert "Do not rely" not in calc.output.value
    calc.myeloma_box.value = True
    assert calc.result.ionised_advised
    assert "paraprotein" in calc.output.value and "ionised calcium" in calc.output.value
    calc.acidosis_box.value = True
    assert len(calc.result.warnings) == 2
    calc.myeloma_box.value = False
    calc.acidosis_box.value = False
    assert calc.result.warnings == ()


def test_extreme_albumin_warns_without_a_checkbox():
    calc = CalciumCalculator(calcium=2.3, albumin=15)
    assert "Extreme albumin" in calc.output.value


@pytest.mark.parametrize(
    ("calcium", "albumin", "message"),
    [
        ("10.2", "35", "mg/dL"),
        ("2.4", "3.5", "g/dL"),
        ("10 mg/dL", "35", "mmol/L"),
        ("-2", "35", "impossible"),
        ("abc", "35", "not a number"),
        ("", "35", "Enter the measured calcium"),
        ("2.4", "", "Enter the albumin"),
    ],
)
def test_bad_input_shows_a_message_and_no_number(calcium, albumin, message):
    calc = CalciumCalculator()
    result = calc.set_values(calcium, albumin)
    assert result is None and calc.result is None
    assert message in calc.error
    assert message in calc.output.value
    assert "Adjusted calcium:" not in calc.output.value
    assert calc.scale.value == ""


def test_recovers_after_bad_input():
    calc = CalciumCalculator(calcium=10.2, albumin=35)
    assert calc.result is None
    assert calc.set_values(2.55, 22).band.key == "mild"


def test_scale_can_be_turned_off():
    calc = CalciumCalculator(calcium=2.5, albumin=25, show_scale=False)
    assert calc.scale.value == "" and calc.result is not None


def test_scheme_note_is_shown_with_the_band_scale():
    from course.clinical.calcium import SCHEME_NOTE

    calc = CalciumCalculator(calcium=3.1, albumin=40)
    assert "bc-scheme-note" in calc.scale.value
    assert "3.0 and 3.5" in calc.scale.value
    assert SCHEME_NOTE.split(".")[0] in calc.scale.value
    assert calc.scale.value.index("<img") < calc.scale.value.index("bc-scheme-note")


def test_band_scale_is_drawn_without_pyplot_state():
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    calc = CalciumCalculator(calcium=2.5, albumin=25)
    assert calc.figure is not None and calc.figure.fig.canvas is not None
    assert plt.get_fignums() == before
    assert "adjusted 2.80 mmol/L" in calc.figure.alt
