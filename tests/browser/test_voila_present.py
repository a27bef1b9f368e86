"""Workshop mode in the browser: ``bonecourse present`` serves a module through Voilà.

The page must show the widgets without any code, keep the title, section headings and activity
labels, use the projector type size, and its widgets must respond, here from the keyboard alone
(Tab, arrow keys, Space, Enter), as a trainer driving it from a laptop would.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from a11y import audit, radio_groups_named, reflow_problems, sliders_named
from bc_browser import CHECK_BUTTON
from playwright.sync_api import Page, expect

REPO = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.browser, pytest.mark.slow]

FOCUSED = """() => {
  const e = document.activeElement;
  const label = e.closest('label');
  return {tag: e.tagName, type: e.type || '', checked: !!e.checked,
          name: (e.getAttribute('aria-label') || (label ? label.innerText : e.innerText) || '')
                .trim()};
}"""


def tab_to(page: Page, name: str, limit: int = 25) -> list[str]:
    """Press Tab until the focused control's name is ``name``; return the names passed."""
    passed = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        passed.append(focused["name"])
        if focused["name"] == name:
            return passed
    raise AssertionError(f"Tab never reached {name!r}; went through {passed}")


def open_presentation(page: Page, server) -> None:
    page.goto(server.url + "/")
    page.wait_for_selector(".bc-check", timeout=120_000)


def test_present_hides_code_and_prose_keeps_headings(voila, page: Page, shoot) -> None:
    server = voila("00_start_here")
    open_presentation(page, server)
    body = page.locator("body")
    expect(page.get_by_role("heading", name=re.compile("Start here"))).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("Check 3.1"))).to_be_visible()
    # code is hidden: no input areas and no source text
    assert page.locator(".jp-InputArea-editor, .jp-InputArea .cm-editor").count() == 0
    assert "course.self_check(" not in body.inner_text()
    assert "course.start(" not in body.inner_text()
    # prose is stripped for projecting (this sentence is in the notebook's section 1)
    assert "nursing students, and for any nurse" not in body.inner_text()
    # projector type: headings and body text larger than JupyterLab's defaults
    h1_px = float(page.locator("h1").first.evaluate("e => getComputedStyle(e).fontSize")[:-2])
    assert h1_px >= 30, h1_px
    assert page.errors == [], page.errors
    shoot(page, "voila-00_start_here-top")


def test_present_self_check_by_keyboard_alone(voila, page: Page, shoot) -> None:
    """Tab to the first option, arrow to another, Tab to certainty, Space, Tab to Check, Enter."""
    server = voila("00")
    open_presentation(page, server)
    check = page.locator(".bc-check").filter(has_text="Check 3.1").first
    feedback = check.locator(".bc-feedback")
    group = check.get_by_role("radiogroup").first
    expect(group).to_have_accessible_name(re.compile("Mrs Ade had breast cancer"))
    names = [
        n.strip()
        for n in group.get_by_role("radio").evaluate_all(
            "els => els.map(e => e.closest('label').innerText)"
        )
    ]
    first, second = names[0], names[1]

    tab_to(page, first)
    page.keyboard.press("ArrowDown")  # arrow keys move between the options and choose
    focused = page.evaluate(FOCUSED)
    assert focused == {"tag": "INPUT", "type": "radio", "checked": True, "name": second}
    page.keyboard.press("ArrowUp")
    assert page.evaluate(FOCUSED)["name"] == first
    passed = tab_to(page, "guessing")  # the certainty group is the next Tab stop
    assert passed == ["guessing"], passed
    page.keyboard.press("ArrowDown")  # to "fairly sure", chosen
    assert page.evaluate(FOCUSED) == {
        "tag": "INPUT",
        "type": "radio",
        "checked": True,
        "name": "fairly sure",
    }
    tab_to(page, "Check")
    page.keyboard.press("Enter")
    expect(feedback).to_contain_text(re.compile("Correct|Not this time"))
    expect(feedback).to_contain_text("Certainty-based mark:")
    # Try again by keyboard: Tab to it (once the kernel has enabled it) and press Space
    expect(check.get_by_role("button", name="Try again")).to_be_enabled()
    tab_to(page, "Try again")
    page.keyboard.press("Space")
    expect(feedback).to_have_text("")
    check.scroll_into_view_if_needed()
    shoot(page, "voila-00_start_here-keyboard")


def test_present_prose_option_keeps_text(voila, page: Page) -> None:
    server = voila("00_start_here", "--prose")
    open_presentation(page, server)
    expect(page.get_by_text("nursing students, and for any nurse").first).to_be_visible()
    assert "course.self_check(" not in page.locator("body").inner_text()


NOTEBOOKS = sorted(p.stem for p in (REPO / "notebooks").glob("*.ipynb"))
VOILA_ERROR = "There was an error when executing cell"


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("module", NOTEBOOKS)
def test_present_every_module(module: str, theme: str, voila, page: Page, shoot) -> None:
    """Each module presents without code or errors in workshop mode (1280x720, a projector), its
    first self-check shows an error and then feedback in live regions, and axe-core finds no
    violation in the course's content, in the light and the dark theme; no control is squeezed
    and no label cut at 1280x720."""
    page.set_viewport_size({"width": 1280, "height": 720})
    server = voila(module, *(["--dark"] if theme == "dark" else []))
    page.goto(server.url + "/")
    page.wait_for_selector("[class*='bc-']", timeout=180_000)
    page.wait_for_load_state("networkidle")
    body = page.locator("body")
    text = body.inner_text()
    assert VOILA_ERROR not in text
    assert page.locator("[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
    assert "course.start(" not in text and "import course" not in text
    assert page.locator(".jp-InputArea-editor").count() == 0
    expect(page.locator("h1").first).to_be_visible()
    images = page.locator(".jp-OutputArea-output img")
    assert all((images.nth(i).get_attribute("alt") or "").strip() for i in range(images.count()))
    check_button = page.get_by_role("button", name=CHECK_BUTTON)
    checks = page.locator(".bc-check").filter(has=check_button)
    if checks.count():
        check = checks.first
        check.scroll_into_view_if_needed()
        check.get_by_role("button", name=CHECK_BUTTON).first.click()  # no answer: an error
        expect(check.locator("[aria-live] .bc-error").first).to_be_visible()
        first_choice = check.locator("input[type=radio], input[type=checkbox]").first
        first_choice.check()
        check.get_by_role("button", name=CHECK_BUTTON).first.click()
        feedback = check.locator(".bc-feedback [role=status][aria-live=polite]").first
        expect(feedback).to_contain_text(re.compile("Correct|Not this time|Partly right"))
    else:
        dashboard = page.locator(".bc-dashboard").first
        dashboard.scroll_into_view_if_needed()
        dashboard.get_by_role("button", name="Refresh").click()
        expect(dashboard).to_contain_text("Overall")
    assert page.errors == [], page.errors
    assert radio_groups_named(page) == [] and sliders_named(page) == []
    assert reflow_problems(page) == [], "squeezed or cut at 1280x720"
    shoot(page, f"voila-{module}-{theme}")
    found = audit(page)
    page.set_viewport_size({"width": 1280, "height": 720})
    assert found["course"] == [], found["course"]


def test_present_slider_by_keyboard(voila, page: Page, shoot) -> None:
    """In workshop mode a slider moves with the arrow keys (JupyterLab takes them, Voilà not).

    ``present 05`` opens part 1 of module 5, where the pain ladder is.
    """
    server = voila("05")
    page.goto(server.url + "/")
    page.wait_for_selector(".bc-pain-ladder", timeout=180_000)
    widget = page.locator(".bc-pain-ladder").first
    summary = widget.locator(".bc-pain-summary")
    expect(summary).to_contain_text("Suggested: Step 2")
    handle = widget.get_by_role("slider", name="Pain now (0-10)")
    handle.focus()  # where Tab from the previous control lands
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    expect(widget.locator(".bc-readout").first).to_have_text("8")
    expect(handle).to_have_attribute("aria-valuetext", "8")
    expect(summary).to_contain_text("Suggested: Step 3")
    expect(widget.locator(".bc-pain-figure img")).to_have_attribute(
        "alt", re.compile("Pain 8 out of 10")
    )
    widget.scroll_into_view_if_needed()
    shoot(page, "voila-05-slider-keyboard")


def test_present_all_lists_modules_and_opens_one(voila, page: Page) -> None:
    """``bonecourse present all``: a list of every module; choosing one shows its widgets."""
    server = voila("all")
    page.goto(server.url + "/")
    listing = page.get_by_role("listitem")
    expect(listing.filter(has_text="04_treatments_part2.ipynb")).to_have_count(1, timeout=60_000)
    names = [n.strip() for n in listing.all_inner_texts()]
    assert names == [f"{m}.ipynb" for m in NOTEBOOKS], names
    page.goto(server.url + "/voila/render/04_treatments_part2.ipynb")
    page.wait_for_selector(".bc-mirels", timeout=180_000)
    assert "course.mirels_calculator(" not in page.locator("body").inner_text()
