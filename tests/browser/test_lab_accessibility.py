"""The accessibility helpers themselves, without a browser: each check can fail.

The checks run in the browser by ``test_lab_modules`` (JupyterLab, every notebook, one run each)
and ``test_voila_present`` (workshop mode): axe-core, radio-group and slider names, live regions,
focus rings, reflow. Here: the parts that are plain arithmetic or text.
"""

from __future__ import annotations

import json

import pytest
from a11y import AXE, PAGE_RULES, TAGS, _rgb, contrast
from bc_browser import unnamed_controls


def test_unnamed_controls_are_detected() -> None:
    """A control with no quoted name is reported, a named one is not."""
    snapshot = '- radio "sure"\n- button\n- slider "Dose (mg)": 4\n- checkbox [checked]\n- text: x'
    assert unnamed_controls(snapshot) == ["- button", "- checkbox [checked]"]
    assert unnamed_controls('- slider: "1"') == ['- slider: "1"']


@pytest.mark.parametrize(
    "a,b,ratio",
    [
        ((0, 0, 0), (255, 255, 255), 21.0),
        ((100, 181, 246), (255, 255, 255), 2.21),  # ipywidgets' old 1 px focus ring
        ((0, 114, 178), (255, 255, 255), 5.14),  # palette blue: the focus ring on light themes
        ((86, 180, 233), (17, 17, 17), 8.18),  # palette sky blue on JupyterLab Dark
        ((0, 0, 0), (17, 17, 17), 1.11),  # the old black error text on a dark theme
    ],
)
def test_contrast_ratio(a, b, ratio) -> None:
    assert contrast(a, b) == pytest.approx(ratio, abs=0.05)


def test_css_colours_are_read() -> None:
    assert _rgb("rgb(0, 114, 178)") == (0, 114, 178)
    assert _rgb("rgba(255, 255, 255, 0.5)") == (255, 255, 255)


def test_axe_is_installed_from_the_projects_package_json() -> None:
    package = json.loads((AXE.parents[2] / "package.json").read_text())
    assert "axe-core" in package["dependencies"]
    if not AXE.exists():
        pytest.fail("axe-core missing: run `npm ci --prefix tests/browser/js`")
    assert {"wcag2aa", "wcag21aa", "wcag22aa"} <= set(TAGS)
    assert "color-contrast" not in PAGE_RULES and "target-size" not in PAGE_RULES
