"""Keyboard and screen-reader basics in JupyterLab, on the Start Here notebook.

A learner who cannot use a mouse must be able to answer a self-check with the keyboard alone;
a screen reader must find a name for every control and a description for every figure.
"""

from __future__ import annotations

import pytest
from bc_browser import CHECK_BUTTON, FOCUSED, tab_to, unnamed_controls
from playwright.sync_api import Page, expect

FIRST_OPTION = (
    "She has breast cancer cells growing in her spine: secondary (metastatic) bone cancer."
)
pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_unnamed_controls_are_detected() -> None:
    """The name check itself: a control with no quoted name is reported, a named one is not."""
    snapshot = '- radio "sure"\n- button\n- slider "Dose (mg)": 4\n- checkbox [checked]\n- text: x'
    assert unnamed_controls(snapshot) == ["- button", "- checkbox [checked]"]


@pytest.fixture(scope="module")
def start_here(module_lab):
    """Start Here, opened and run once for this file's tests (they share the tab)."""
    module_lab.open("notebooks/00_start_here.ipynb")
    module_lab.run_all()
    assert module_lab.errors() == []
    return module_lab


@pytest.fixture
def page(start_here, module_page: Page) -> Page:
    """The shared tab, scrolled back to the top of the notebook."""
    module_page.keyboard.press("Escape")
    return module_page


def test_self_check_by_tab_space_enter(start_here, page: Page, shoot) -> None:
    """From the question, Tab reaches each option, Space chooses, Enter on Check marks it."""
    check = page.locator(".bc-check").filter(has_text="Check 3.1").first
    check.scroll_into_view_if_needed()
    option = check.get_by_role("radio", name="She has a new primary bone cancer in her spine.")
    # the learner is reading the question (the cell is selected); from there only keys
    check.get_by_text("Mrs Ade had breast cancer").click()
    first = FIRST_OPTION
    tab_to(page, first, limit=8)  # past the cell's toolbar to the first option
    tab_to(page, "She has a new primary bone cancer in her spine.", limit=1)
    page.keyboard.press("Space")
    expect(option).to_be_checked()
    tab_to(page, "sure", limit=6)
    page.keyboard.press("Space")
    expect(check.get_by_role("radio", name="sure", exact=True)).to_be_checked()
    tab_to(page, "Check", limit=4)
    page.keyboard.press("Enter")
    feedback = check.locator(".bc-feedback")
    expect(feedback).to_contain_text("Not this time")
    expect(feedback).to_contain_text("Certainty-based mark: -6")
    expect(check.get_by_role("button", name="Try again")).to_be_enabled()
    tab_to(page, "Try again", limit=2)
    page.keyboard.press("Enter")
    expect(feedback).to_have_text("")
    expect(option).not_to_be_checked()
    shoot(page, "lab-00_start_here-keyboard")


def test_arrow_keys_move_between_options_in_jupyterlab(start_here, page: Page) -> None:
    """With the course's JupyterLab settings (``course.labsettings``, written by ``make install``
    and ``bonecourse lab``) the arrow keys move between a self-check's options instead of
    jumping to another cell, and still move between cells outside widgets."""
    check = page.locator(".bc-check").filter(has_text="Check 3.1").first
    check.scroll_into_view_if_needed()
    check.get_by_role("radio").first.focus()
    page.keyboard.press("ArrowDown")
    focused = page.evaluate(FOCUSED)
    assert focused["name"] == "She has a new primary bone cancer in her spine.", focused
    page.keyboard.press("ArrowUp")
    assert page.evaluate(FOCUSED)["name"].startswith("She has breast cancer cells")
    active = "() => window.jupyterapp.shell.currentWidget.content.activeCellIndex"
    page.locator(".jp-MarkdownCell").first.click()
    page.keyboard.press("Escape")
    before = page.evaluate(active)
    page.keyboard.press("ArrowDown")
    assert page.evaluate(active) == before + 1


def test_controls_have_accessible_names(start_here, page: Page) -> None:
    outputs = page.locator(".jp-OutputArea-output")
    assert outputs.count() > 0
    widgets = page.locator(".jp-OutputArea-output .jupyter-widgets.widget-container")
    assert widgets.count() >= 2
    bad = []
    for i in range(outputs.count()):
        bad += unnamed_controls(outputs.nth(i).aria_snapshot())
    assert bad == [], f"controls without an accessible name: {bad}"
    # the certainty choice is announced with its options, not just as bare radios
    check = page.locator(".bc-check").first
    expect(check.get_by_role("radio", name="guessing")).to_have_count(1)
    expect(check.get_by_role("button", name=CHECK_BUTTON)).to_have_count(1)


