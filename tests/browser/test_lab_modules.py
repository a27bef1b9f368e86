"""Each module notebook in JupyterLab, in headless Chromium: run it once, then do every check on
that one run: use its widgets (here and in ``module_uses``), then the accessibility audit.

For every notebook in ``notebooks/`` (each part of a module in parts is a notebook of its own, so
each part is opened and run once): open it, run all cells, assert no error output and no widget
that failed to display, then use the module's main widget as a learner would (move a slider, pick
an option, press Check) and assert what visibly changed. A screenshot per module goes to
``artifacts/screenshots/``. Notebooks without a specific interaction below still get the run.
"""

from __future__ import annotations

import inspect
import json
import re
from collections.abc import Callable
from pathlib import Path

import module_uses
import pytest
from a11y import (
    audit,
    axe_version,
    focus_problems,
    radio_groups_named,
    reflow_problems,
    sliders_named,
)
from bc_browser import CHECK_BUTTON, attempts_in, course_calls, events_in, unnamed_controls
from module_uses import (
    MORE,
    SHOWN,
    WIDGET_MARK,
    bone_drugs_kidneys,
    calls_shown,
    imaging_explorer_choices,
    red_flag_triage,
    remodelling_cycle_steps,
)
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted(p.name for p in (REPO / "notebooks").glob("*.ipynb"))


def answer_single(check, option_text: str, confidence: str | None = None) -> None:
    """Pick an option (and a confidence) in a ``.bc-check`` self-check and press Check."""
    check.get_by_role("radio", name=option_text, exact=True).check()
    if confidence:
        check.get_by_role("radio", name=confidence, exact=True).check()
    check.get_by_role("button", name=CHECK_BUTTON).click()


# -- the main widget of each module -------------------------------------------------------------


def use_00_start_here(page: Page, lab) -> None:
    """Check 3.1: a wrong answer gets teaching feedback; Try again; the right answer scores."""
    check = page.locator(".bc-check").filter(has_text="Check 3.1").first
    check.scroll_into_view_if_needed()
    feedback = check.locator(".bc-feedback")
    expect(feedback).to_have_text("")
    earlier = len(attempts_in(lab.server.progress, "m00-secondary-meaning"))

    answer_single(
        check, "Primary bone cancer: a new cancer that has started in her vertebrae", "sure"
    )
    expect(feedback).to_contain_text("Not this time")
    expect(feedback).to_contain_text("✘ Not quite")
    expect(feedback).to_contain_text("Certainty-based mark: -6")
    retry = check.get_by_role("button", name="Try again")
    expect(retry).to_be_enabled()
    retry.click()
    expect(feedback).to_have_text("")

    answer_single(
        check,
        "Secondary bone cancer: breast cancer cells now growing in her vertebrae",
        "fairly sure",
    )
    expect(feedback).to_contain_text("Correct.")
    expect(feedback).to_contain_text("✔ Right")
    expect(feedback).to_contain_text("Certainty-based mark: +2")
    rows = attempts_in(lab.server.progress, "m00-secondary-meaning")[earlier:]
    assert [bool(c) for _, c in rows] == [False, True], rows

    # the check group keeps a running score
    group_score = page.get_by_text(re.compile(r"Answered \d of 3\. Score so far"))
    expect(group_score).to_contain_text("Answered 0 of 3")
    check.scroll_into_view_if_needed()


def use_01_bone_biology(page: Page, lab) -> None:
    """Part 2, remodelling explorer: a tumour in the bone, then treatment, redraw the plot."""
    widget = page.locator(".bc-remodelling").first
    widget.scroll_into_view_if_needed()
    plot = widget.locator(".bc-remodelling-plot img")
    expect(plot).to_have_attribute("alt", re.compile("Three line charts over 400 model days"))
    treatment = widget.get_by_role("checkbox", name="Give treatment")
    expect(treatment).to_be_disabled()
    widget.get_by_role("checkbox", name="Tumour in the bone (myeloma model)").check()
    expect(plot).to_have_attribute("alt", re.compile(r"Tumour from 1% to 97% of its maximum"))
    expect(treatment).to_be_enabled()
    treatment.check()
    expect(plot).to_have_attribute("alt", re.compile("Treatment starts on day 600"))
    expect(widget).to_contain_text("against 36% without treatment")
    page.evaluate("e => e.scrollIntoView()", widget.element_handle())


def use_02_spread(page: Page, lab) -> None:
    """Skeleton map: choosing another primary cancer redraws the map and its alt text."""
    widget = page.locator(".bc-skeleton-map").first
    widget.scroll_into_view_if_needed()
    drawing = widget.locator(".bc-skeleton-drawing img")
    expect(drawing).to_have_attribute("alt", re.compile("For prostate cancer"))
    widget.get_by_label("Primary cancer:").select_option(label="Breast cancer")
    expect(drawing).to_have_attribute("alt", re.compile("For breast cancer"))
    expect(widget.locator(".bc-skeleton-primary")).to_contain_text("Breast cancer")
    expect(widget.locator(".bc-skeleton-primary")).to_contain_text("lytic")
    page.evaluate("e => e.scrollIntoView()", widget.element_handle())


def use_03_diagnosis(page: Page, lab) -> None:
    """Adjusted calcium: a new albumin changes the working, band and scale; bad input is refused."""
    widget = page.locator(".bc-calcium").first
    widget.scroll_into_view_if_needed()
    result = widget.locator(".bc-calcium-result")
    expect(result).to_contain_text("2.82 mmol/L")
    expect(result).to_contain_text("Mild hypercalcaemia")
    albumin = widget.get_by_label("Albumin (g/L):")
    albumin.fill("40")
    expect(result).to_contain_text("2.58 + 0.02 × (40 − 40)")
    expect(result).to_contain_text("Normal")
    expect(widget.locator(".bc-calcium-scale img")).to_have_attribute(
        "alt", re.compile(r"adjusted 2\.58 mmol/L")
    )
    albumin.fill("forty")
    expect(result).to_contain_text("is not a number I can read")
    expect(result).not_to_contain_text("Traceback")
    albumin.fill("28")
    expect(result).to_contain_text("2.82 mmol/L")


def use_04_treatments(page: Page, lab) -> None:
    """Part 2, Mirels' score: functional pain and a lytic lesion raise the score from 8 to 10."""
    widget = page.locator(".bc-mirels").first
    widget.scroll_into_view_if_needed()
    result = widget.locator(".bc-mirels-result")
    expect(result).to_contain_text("Score 8")
    widget.get_by_role(
        "radio", name="Functional (pain on using the limb or bearing weight) (3)"
    ).check()
    expect(result).to_contain_text("Score 9")
    widget.get_by_role("radio", name="Lytic (bone-destroying) (3)").check()
    expect(result).to_contain_text("Score 10")
    assert "Borderline" not in result.inner_text()


def use_05_symptoms_and_emergencies(page: Page, lab) -> None:
    """Pain ladder: dragging the pain score from 5 to 8 changes the suggested step and figure."""
    widget = page.locator(".bc-pain-ladder").first
    widget.scroll_into_view_if_needed()
    summary = widget.locator(".bc-pain-summary")
    expect(summary).to_contain_text("Suggested: Step 2")
    figure = widget.locator(".bc-pain-figure img")
    alt_before = figure.get_attribute("alt")
    slider = widget.get_by_role("slider", name="Pain now (0-10)")
    slider.fill("8")
    expect(widget.locator(".bc-readout").first).to_have_text("8")
    expect(summary).to_contain_text("Suggested: Step 3")
    expect(summary).to_contain_text("strong opioid")
    expect(figure).to_have_attribute("alt", re.compile("Pain 8 out of 10"))
    assert figure.get_attribute("alt") != alt_before


def use_06_the_person(page: Page, lab) -> None:
    """The "who decides?" explorer: a scenario, then a fact changed by hand, changes the answer."""
    explorer = page.locator(".bc-consent").first
    explorer.scroll_into_view_if_needed()
    result = explorer.locator(".bc-consent-result")
    expect(result).to_contain_text("The patient decides")
    explorer.get_by_label("Start from a scenario:").select_option(
        label="Mr Osei, 68, muddled with high calcium; his surgery can wait a few days"
    )
    expect(result).to_contain_text("Nobody yet: wait for the patient to regain capacity")
    capacity_returns = explorer.get_by_role(
        "checkbox", name="Capacity may return and the decision can wait"
    )
    expect(capacity_returns).to_be_checked()
    capacity_returns.uncheck()
    expect(result).not_to_contain_text("Nobody yet")
    expect(result).to_contain_text("decides")
    explorer.scroll_into_view_if_needed()


def use_my_progress(page: Page, lab) -> None:
    """The dashboard reads the progress store again on Refresh and shows a new confident mistake."""
    from course.learner.store import ProgressStore

    dashboard = page.locator(".bc-dashboard").first
    dashboard.scroll_into_view_if_needed()
    expect(dashboard).to_contain_text("Overall")
    expect(dashboard.locator("img[alt]").first).to_be_visible()
    before = dashboard.inner_text()
    ProgressStore(lab.server.progress).record(
        "m00-secondary-meaning", "00_start_here", "a", False, 0.0, "sure", 12.0
    )
    dashboard.get_by_role("button", name="Refresh").click()
    expect(dashboard).to_contain_text("Cancer in a bone must be bone cancer.")
    expect(dashboard).to_contain_text("Not yet put right")
    assert dashboard.inner_text() != before
    dashboard.get_by_label("Show module:").select_option(label="Start here: how the course works")
    expect(dashboard.locator("table caption")).to_have_count(1)
    expect(dashboard.locator("table caption")).to_contain_text("Start here")
    dashboard.scroll_into_view_if_needed()


def use_01_remodelling_cycle(page: Page, lab) -> None:
    """Part 1: the cycle stepper (its explorer's presets follow in ``module_uses``)."""
    remodelling_cycle_steps(page, lab, None)


def use_06_the_person_part2(page: Page, lab) -> None:
    """Part 2 has self-checks only: an answer to Check 4.2 gets feedback and is recorded."""
    check = page.locator(".bc-check").filter(has_text="Check 4.2").first
    check.scroll_into_view_if_needed()
    earlier = len(attempts_in(lab.server.progress, "m06-feelings"))
    check.get_by_role("radio").first.check()
    check.get_by_role("button", name=CHECK_BUTTON).click()
    expect(check.locator(".bc-feedback")).to_contain_text(re.compile("Correct|Not this time"))
    assert len(attempts_in(lab.server.progress, "m06-feelings")) == earlier + 1


#: notebook -> its main widget, used first on the run (each part of a module has its own)
MAIN_WIDGET: dict[str, Callable[[Page, object], None]] = {
    "00_start_here.ipynb": use_00_start_here,
    "01_bone_biology_part1.ipynb": use_01_remodelling_cycle,
    "01_bone_biology_part2.ipynb": use_01_bone_biology,
    "02_spread.ipynb": use_02_spread,
    "03_diagnosis_part1.ipynb": use_03_diagnosis,
    "03_diagnosis_part2.ipynb": imaging_explorer_choices,
    "04_treatments_part1.ipynb": bone_drugs_kidneys,
    "04_treatments_part2.ipynb": use_04_treatments,
    "05_symptoms_and_emergencies_part1.ipynb": use_05_symptoms_and_emergencies,
    "05_symptoms_and_emergencies_part2.ipynb": red_flag_triage,
    "06_the_person_part1.ipynb": use_06_the_person,
    "06_the_person_part2.ipynb": use_06_the_person_part2,
    "my_progress.ipynb": use_my_progress,
}


def test_every_notebook_has_its_main_widget_and_uses_name_real_notebooks() -> None:
    """No notebook goes unused in the browser, and no entry names a notebook that has gone."""
    assert set(MAIN_WIDGET) == set(NOTEBOOKS), sorted(set(MAIN_WIDGET) ^ set(NOTEBOOKS))
    assert set(MORE) <= set(NOTEBOOKS), sorted(set(MORE) - set(NOTEBOOKS))


def _uses_source(notebook: str) -> str:
    """The source of a notebook's uses, and of the functions of ``module_uses`` they call."""
    uses = [MAIN_WIDGET[notebook], *MORE.get(notebook, [])]
    text = "".join(inspect.getsource(u) for u in uses)
    called = [
        f
        for name, f in inspect.getmembers(module_uses, inspect.isfunction)
        if f.__module__ == "module_uses" and f"{name}(" in text
    ]
    return text + "".join(inspect.getsource(f) for f in called)


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_every_course_call_is_used_or_asserted(notebook: str) -> None:
    """Each ``course.<widget>(`` call of a notebook is either asserted for every notebook by
    ``calls_shown`` or found (by its class, or its cell) by one of that notebook's uses."""
    calls = {name for name, _ in course_calls(REPO / "notebooks" / notebook)}
    assert calls, notebook
    unknown = sorted(calls - SHOWN - set(WIDGET_MARK))
    assert unknown == [], f"no browser check for {unknown}: add it to module_uses"
    source = _uses_source(notebook)
    unused = sorted(n for n in calls - SHOWN if f'"{WIDGET_MARK[n]}"' not in source)
    assert unused == [], f"{notebook}: no use drives {unused}"


def accessibility_problems(page: Page) -> list[str]:
    """Images without alt text, controls without an accessible name, radios whose group has no
    name (or several ``name``s), and sliders without a name, in the outputs."""
    images = page.locator(".jp-OutputArea-output img")
    problems = [
        f"image without alt text: {src}"
        for src in images.evaluate_all(
            "els => els.filter(e => !(e.getAttribute('alt') || '').trim())"
            ".map(e => (e.src || '').slice(0, 60))"
        )
    ]
    outputs = page.locator(".jp-OutputArea-output")
    unnamed: list[str] = []
    for i in range(outputs.count()):
        unnamed += unnamed_controls(outputs.nth(i).aria_snapshot())
    problems += [f"unnamed control: {c}" for c in unnamed]
    problems += [f"radio group without its question: {r}" for r in radio_groups_named(page)]
    problems += sliders_named(page)
    return problems


def open_states(page: Page, limit: int = 3) -> list[str]:
    """Show each self-check's error and feedback states (the first ``limit`` of them): Check
    with no answer (an error), then an answer and Check (feedback). Return problems: an error
    or feedback that did not land in a live region."""
    problems = []
    checks = page.locator(".bc-check").filter(has=page.get_by_role("button", name=CHECK_BUTTON))
    for i in range(min(checks.count(), limit)):
        check = checks.nth(i)
        check.scroll_into_view_if_needed()
        button = check.get_by_role("button", name=CHECK_BUTTON).first
        if not button.is_enabled():
            continue
        retry = check.get_by_role("button", name="Try again").first
        if retry.is_enabled():
            retry.click()
        button.click()
        alert = check.locator("[aria-live] .bc-error, [role=alert] .bc-error").first
        try:
            expect(alert).to_be_visible()
        except AssertionError:
            if check.locator("input[type=radio], input[type=checkbox]").count():
                problems.append(f"self-check {i}: no error in a live region for an empty answer")
        box = check.locator("input[type=text], textarea").first
        if box.count():
            box.fill("2")
        else:
            check.locator("input[type=radio], input[type=checkbox]").first.check()
        button.click()
        live = check.locator("[role=status][aria-live=polite]").filter(has_text=re.compile(r"\w"))
        try:
            expect(live.first).to_be_visible()
        except AssertionError:
            problems.append(f"self-check {i}: feedback not in a polite live region")
    return problems


def set_theme(page: Page, theme: str) -> None:
    """Switch JupyterLab's theme and wait until the page says so."""
    page.evaluate(
        "t => window.jupyterapp.commands.execute('apputils:change-theme', {theme: t})", theme
    )
    page.wait_for_function(
        "t => document.body.dataset.jpThemeName === t", arg=theme, timeout=30_000
    )
    page.wait_for_timeout(800)


AXE_REPORT = Path(__file__).resolve().parents[2] / "artifacts" / "axe"


def accessibility_audit(page: Page, notebook: str, shoot) -> dict:
    """axe-core (light and dark), focus, live regions and reflow on one run notebook."""
    report: dict = {"axe": axe_version()}
    report["states"] = open_states(page)
    out = page.locator(".jp-OutputArea-output")
    report["focus"] = focus_problems(
        page,
        {
            "button": out.locator("button:not([disabled])"),
            "radio": out.locator("input[type=radio]:not([disabled])"),
            "tick box": out.locator("input[type=checkbox]:not([disabled])"),
            "text box": out.locator("input[type=text], textarea"),
            "slider": out.locator("input[type=range]:not([disabled])"),
            "drop-down": out.locator("select:not([disabled])"),
        },
    )
    name = notebook.removesuffix(".ipynb")
    for theme in ("JupyterLab Light", "JupyterLab Dark"):
        if theme != "JupyterLab Light":
            set_theme(page, theme)
        report[theme] = audit(page)
    shoot(page, f"a11y-{name}-dark")
    set_theme(page, "JupyterLab Light")
    # 320 CSS px (a 1280 px screen at 400% zoom), the side panels closed as a learner would
    page.evaluate(
        "() => { window.jupyterapp.shell.collapseLeft(); window.jupyterapp.shell.collapseRight(); }"
    )
    page.set_viewport_size({"width": 320, "height": 720})
    page.wait_for_timeout(800)
    widgets = page.locator(".jp-OutputArea-output [class*='bc-']")
    if widgets.count():
        widgets.first.scroll_into_view_if_needed()
    report["reflow-320"] = reflow_problems(page)
    shoot(page, f"a11y-{name}-320px")
    page.set_viewport_size({"width": 1280, "height": 900})
    AXE_REPORT.mkdir(parents=True, exist_ok=True)
    (AXE_REPORT / f"lab-{name}.json").write_text(json.dumps(report, indent=2))
    return report


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_module_runs_and_main_widget_responds(notebook: str, lab, page: Page, shoot) -> None:
    opened_before = len(events_in(lab.server.progress, "module_opened"))
    lab.open(f"notebooks/{notebook}")
    lab.run_all()
    assert lab.errors() == [], f"{notebook} showed errors in JupyterLab"
    assert page.errors == [], f"JavaScript errors: {page.errors}"
    assert accessibility_problems(page) == []
    calls_shown(page, lab, notebook, opened_before)
    widgets = page.locator(".jp-OutputArea-output [class*='bc-']")
    if widgets.count():
        widgets.first.scroll_into_view_if_needed()
    use = MAIN_WIDGET.get(notebook)
    if use is not None:
        use(page, lab)
        for more in MORE.get(notebook, []):
            more(page, lab, shoot)
        assert lab.errors() == [], f"{notebook} showed errors after using its widgets"
        assert accessibility_problems(page) == [], "after using the widgets"
    report = accessibility_audit(page, notebook, shoot)
    course = {t: report[t]["course"] for t in ("JupyterLab Light", "JupyterLab Dark")}
    assert course == {"JupyterLab Light": [], "JupyterLab Dark": []}, course
    assert report["states"] == [] and report["focus"] == [], report
    assert report["reflow-320"] == [], report["reflow-320"]
    shoot(page, f"lab-{Path(notebook).stem}")
    assert lab.errors() == [], f"{notebook} showed errors after using its widget"
