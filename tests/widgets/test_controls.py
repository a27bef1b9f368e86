"""The accessible controls: values by key, clear errors, the stylesheet from the palette."""

from __future__ import annotations

import re

import pytest

from course.figures import PALETTE
from course.widgets import controls as C
from course.widgets.style import CSS_FILE, VARIABLES, stylesheet


def test_single_choice_value_is_a_key_and_unknown_keys_are_refused():
    group = C.SingleChoice([("a", "Calcium"), ("b", "Sodium")], label="Which ion?")
    assert group.value is None and group.option_keys == ["a", "b"]
    group.value = "b"
    assert group.value == "b"
    with pytest.raises(ValueError, match="Which ion.*'z' is not one of the options"):
        group.value = "z"
    assert group.value == "b"  # the refused value lost nothing
    group.options = [("c", "Potassium")]
    assert group.value is None  # a key that no longer exists is cleared


def test_multiple_choice_keeps_display_order_and_refuses_unknown_keys():
    group = C.MultipleChoice([("x", "Back pain"), ("y", "Leg weakness"), ("z", "Cough")])
    group.value = ["z", "x", "x"]
    assert group.value == ["x", "z"]
    with pytest.raises(ValueError, match=r"\['q'\] not among"):
        group.value = ["q"]


def test_description_is_another_name_for_label():
    box = C.NumberInput(description="Adjusted calcium", unit="mmol/L")
    assert box.label == "Adjusted calcium" and box.description == "Adjusted calcium"
    box.description = "Calcium"
    assert box.label == "Calcium"


def test_duplicate_option_keys_are_refused():
    with pytest.raises(ValueError, match="unique"):
        C.SingleChoice([("a", "One"), ("a", "Two")])


def test_slider_range_decimals_and_int_values():
    s = C.Slider("Rate", min=0, max=1, step=0.05, value=0.5, unit="per day")
    assert s.decimals == 2 and s.value == 0.5
    with pytest.raises(ValueError, match="outside 0 to 1"):
        s.value = 2
    i = C.IntSlider("Days", min=0, max=30, value=12, unit="days")
    assert i.value == 12 and isinstance(i.value, int) and i.decimals == 0
    assert C.IntSlider("Days", min=5, max=30).value == 5  # starts at min when no value given
    with pytest.raises(ValueError, match="min 9.0 is above max 1.0"):
        C.Slider("Bad", min=9, max=1)


def test_live_region_roles():
    assert C.LiveRegion().role == "status"
    assert C.LiveRegion(role="alert").role == "alert"
    with pytest.raises(Exception, match="role"):
        C.LiveRegion(role="banner")


def test_controls_draw_native_semantics():
    js = C.SingleChoice._esm
    for needed in ('"radiogroup"', "aria-labelledby", "input.name = name", "legend"):
        assert needed in js
    assert 'setAttribute("aria-live"' in C.LiveRegion._esm
    assert 'input.type = "range"' in C.Slider._esm and "aria-valuetext" in C.Slider._esm
    assert "label.htmlFor = input.id" in C.NumberInput._esm


def test_stylesheet_colours_come_from_the_palette():
    css = CSS_FILE.read_text(encoding="utf-8")
    assert not re.search(r"#[0-9a-fA-F]{3,8}\b", css), "course.css names colours only as vars"
    used = set(re.findall(r"var\((--bc-[\w-]+)", css)) - {"--bc-fill"}  # set per slider
    assert used <= set(VARIABLES), f"undefined: {used - set(VARIABLES)}"
    palette = set(PALETTE.values())
    for light, dark in VARIABLES.values():
        for colour in (light, dark):
            assert colour in palette or len({colour[1:3], colour[3:5], colour[5:7]}) == 1
    sheet = stylesheet()
    assert sheet.startswith(":root") and 'data-jp-theme-light="false"' in sheet
