"""What the browser tests do in each module after running it, as a learner would.

Each function takes ``(page, lab, shoot)`` on a notebook that ``test_lab_modules`` has opened and
run once; it uses widgets (mouse and keyboard) and asserts what visibly changed. Gathered here so
that every notebook is opened and run once per test session, not once per test file.
"""

from __future__ import annotations

import re

from bc_browser import CHECK_BUTTON, FOCUSED, tab_to
from playwright.sync_api import Page, expect


def _contains(text: str):
    return re.compile(".*" + re.escape(text) + ".*", re.S)


# -- 00: the keyboard -------------------------------------------------------------------------


def keyboard_self_check(page: Page, lab, shoot) -> None:
    """Start Here, Check 3.1 by keyboard alone: Tab to the group, arrow keys choose, Tab to the
    certainty group, Space, Tab to Check, Enter; feedback; Try again puts focus back."""
    check = page.locator(".bc-check").filter(has_text="Check 3.1").first
    check.scroll_into_view_if_needed()
    group = check.get_by_role("radiogroup").first
    names = [
        n.strip()
        for n in group.get_by_role("radio").evaluate_all(
            "els => els.map(e => e.closest('label').innerText)"
        )
    ]
    assert len(names) >= 3, names
    # the question is the radio group's name
    expect(group).to_have_accessible_name(re.compile("Mrs Ade had breast cancer"))
    # Tab enters a radio group on its chosen option, or on the first when none is chosen
    chosen = group.get_by_role("radio").evaluate_all("els => els.findIndex(e => e.checked)")
    start = max(chosen, 0)
    check.get_by_text("Mrs Ade had breast cancer").click()
    tab_to(page, names[start], limit=8)  # one Tab stop for the whole group
    page.keyboard.press("ArrowDown")
    focused = page.evaluate(FOCUSED)
    after = names[(start + 1) % len(names)]
    assert focused["name"] == after and focused["checked"], focused
    page.keyboard.press("ArrowUp")
    assert page.evaluate(FOCUSED)["name"] == names[start]
    page.keyboard.press("Tab")  # the next Tab leaves the group for the certainty group
    focused = page.evaluate(FOCUSED)
    assert focused["name"] in ("guessing", "fairly sure", "sure"), focused
    page.keyboard.press("ArrowDown")
    assert page.evaluate(FOCUSED)["checked"] is True
    tab_to(page, "Check", limit=3)
    page.keyboard.press("Enter")
    feedback = check.locator(".bc-feedback [role=status]")
    expect(feedback).to_contain_text(re.compile("Correct|Not this time"))
    expect(check.get_by_role("button", name="Try again")).to_be_enabled()
    shoot(page, "lab-00_start_here-keyboard-feedback")
    tab_to(page, "Try again", limit=2)
    page.keyboard.press("Enter")
    expect(feedback).to_have_text("")
    # focus returns to the answer, not lost with the disabled button
    page.wait_for_function("() => document.activeElement.type === 'radio'", timeout=15_000)


def arrow_keys_between_cells(page: Page, lab, shoot) -> None:
    """With the course's JupyterLab settings the arrow keys move between a group's options,
    and still move between cells outside widgets."""
    active = "() => window.jupyterapp.shell.currentWidget.content.activeCellIndex"
    page.locator(".jp-MarkdownCell").first.click()
    page.keyboard.press("Escape")
    before = page.evaluate(active)
    page.keyboard.press("ArrowDown")
    assert page.evaluate(active) == before + 1


# -- 01 ---------------------------------------------------------------------------------------


def remodelling_cycle_steps(page: Page, lab, shoot) -> None:
    """Part 1: the remodelling cycle stepper moves on a phase and redescribes its diagram."""
    cycle = page.locator(".bc-remodelling-cycle").first
    cycle.scroll_into_view_if_needed()
    expect(cycle).to_contain_text("1. Activation")
    cycle.get_by_role("button", name="Next").click()
    expect(cycle).to_contain_text("2. Resorption")
    expect(cycle.locator(".bc-cycle-diagram svg")).to_have_attribute(
        "aria-label", re.compile("during resorption. Cells: Osteoclasts")
    )


def remodelling_explorer_presets(page: Page, lab, shoot) -> None:
    """Part 1: the explorer's "repeating cycles" preset and its labelled slider."""
    explorer = page.locator(".bc-remodelling").first
    explorer.scroll_into_view_if_needed()
    explorer.get_by_role("button", name="Repeating cycles").click()
    expect(explorer).to_contain_text("repeating cycles that neither grow nor fade")
    days = explorer.get_by_role("slider", name="Model days shown")
    expect(days).to_have_attribute("aria-valuetext", "1000")


def lesion_types_choice(page: Page, lab, shoot) -> None:
    """Part 2: the lesion-type explorer warns that a bone scan can miss myeloma."""
    lesions = page.locator(".bc-lesion-types").first
    lesions.scroll_into_view_if_needed()
    expect(lesions).not_to_contain_text("A bone scan can miss this")
    lesions.get_by_role("radio", name="Myeloma (a cancer of the bone marrow)").check()
    expect(lesions).to_contain_text("A bone scan can miss this")
    shoot(page, "lab-01-lesion-types")


# -- 02 and 03 --------------------------------------------------------------------------------


def spread_widgets(page: Page, lab, shoot) -> None:
    chart = page.locator(".bc-frequency").first
    chart.scroll_into_view_if_needed()
    caption = chart.locator(".bc-frequency-caption")
    expect(caption).to_contain_text("advanced disease")
    chart.get_by_label("Who was counted:").select_option(
        label="Everyone with cancer (population studies)"
    )
    expect(caption).to_contain_text("SEER")
    expect(chart.locator(".bc-frequency-chart img")).to_have_attribute("alt", _contains("about 5%"))
    skeleton = page.locator(".bc-skeleton-map").first
    skeleton.scroll_into_view_if_needed()
    skeleton.get_by_label("Primary cancer:").select_option(label="Lung cancer")
    drawing = skeleton.locator(".bc-skeleton-drawing img")
    expect(drawing).to_have_attribute("alt", _contains("Rare sites"))
    skeleton.get_by_label("Region:").select_option(label="Thigh (femur)")
    expect(skeleton.locator(".bc-skeleton-region")).to_contain_text("functional")
    expect(drawing).to_have_attribute("alt", _contains("Selected region: thigh (femur)"))


def calcium_calculator_warnings(page: Page, lab, shoot) -> None:
    """Part 1: the calculator's myeloma warning, unit slip in a live region, severe band."""
    calc = page.locator(".bc-calcium").first
    calc.scroll_into_view_if_needed()
    result = calc.locator(".bc-calcium-result")
    calc.get_by_label("Albumin (g/L):").fill("28")
    expect(result).to_contain_text("Adjusted calcium: 2.82 mmol/L")
    calc.get_by_role("checkbox", name="Myeloma or a known paraprotein").check()
    expect(result).to_contain_text("ionised calcium")
    box = calc.get_by_label("Measured calcium (mmol/L):")
    box.fill("10.2")
    expect(result.locator(".bc-error")).to_contain_text("mg/dL")
    expect(calc.locator("[aria-live]").filter(has=page.locator(".bc-error"))).to_have_count(1)
    expect(result).not_to_contain_text("Adjusted calcium:")
    box.fill("3.10")
    calc.get_by_label("Albumin (g/L):").fill("20")
    expect(result).to_contain_text("Severe hypercalcaemia")


def imaging_explorer_choices(page: Page, lab) -> None:
    """Part 2: the imaging explorer's best test, a wrong test, and MRI safety screening."""
    explorer = page.locator(".bc-imaging").first
    explorer.scroll_into_view_if_needed()
    advice = explorer.locator(".bc-imaging-advice")
    expect(advice).to_contain_text("Best fit: MRI scan")
    explorer.get_by_label("Clinical question:").select_option(
        label="Possible myeloma: bone pain, anaemia and raised calcium in an older adult"
    )
    expect(advice).to_contain_text("Not the right test here: Isotope bone scan")
    explorer.get_by_label("Prepare the patient for:").select_option(label="MRI scan")
    explorer.get_by_role(
        "checkbox", name="Pacemaker, defibrillator or other implanted device"
    ).check()
    expect(explorer.locator(".bc-imaging-test")).to_contain_text("STOP")


# -- 04 ---------------------------------------------------------------------------------------


def bone_drugs_kidneys(page: Page, lab) -> None:
    """Part 1: the bone-drug checker refuses zoledronic acid at low clearance, and bad input."""
    drugs = page.locator(".bc-bone-drugs").first
    drugs.scroll_into_view_if_needed()
    advice = drugs.locator(".bc-bone-drugs-advice")
    box = drugs.get_by_label("Creatinine clearance (mL/min):")
    box.fill("25")
    expect(advice).to_contain_text("Not recommended")
    box.fill("forty")
    expect(advice.locator(".bc-error")).to_be_visible()


def mirels_table_and_treatment_explorer(page: Page, lab, shoot) -> None:
    """Part 2: Mirels' table structure, then the treatment explorer's options for one person."""
    mirels = page.locator(".bc-mirels").first
    mirels.scroll_into_view_if_needed()
    expect(mirels.get_by_role("radiogroup", name="Lesion type")).to_have_count(1)
    expect(mirels.locator("tfoot td")).to_have_count(1)  # the total is data, not a header
    explorer = page.locator(".bc-treatment-explorer").first
    explorer.scroll_into_view_if_needed()
    options = explorer.locator(".bc-treatment-options")
    explorer.get_by_label("Primary cancer:").select_option(
        label="Prostate cancer that has become castration-resistant"
    )
    explorer.get_by_label("Situation:").select_option(label="Painful metastases in many bones")
    expect(options).to_contain_text("Radium-223")


# -- 05 ---------------------------------------------------------------------------------------


def pain_ladder_and_calcium(page: Page, lab, shoot) -> None:
    """Part 1: a weak opioid moves the ladder up a step; the high-calcium explorer escalates."""
    ladder = page.locator(".bc-pain-ladder").first
    ladder.scroll_into_view_if_needed()
    ladder.get_by_role("slider", name="Pain now (0-10)").fill("5")
    expect(ladder.locator(".bc-pain-summary")).to_contain_text("Suggested: Step 2")
    ladder.get_by_role("checkbox", name="Codeine", exact=True).check()
    expect(ladder.locator(".bc-pain-summary")).to_contain_text("Suggested: Step 3")
    explorer = page.locator(".bc-hypercalcaemia").first
    explorer.scroll_into_view_if_needed()
    urgency = explorer.locator(".bc-hypercalcaemia-urgency")
    expect(urgency).to_contain_text("Same-day review")
    explorer.get_by_role("checkbox", name="Very thirsty and passing a lot of urine").check()
    expect(urgency).to_contain_text("Emergency")
    expect(explorer.get_by_role("slider", name="Hours since the bisphosphonate")).to_have_count(1)


def red_flag_triage(page: Page, lab) -> None:
    """Part 2: three spinal red flags and "same-day review" are marked right, with a score."""
    triage = page.locator(".bc-triage").first
    triage.scroll_into_view_if_needed()
    flags = triage.get_by_role("group", name=re.compile("Which of these are red flags"))
    for name in (
        "Pain in the upper or middle back (thoracic) or neck (cervical) spine",
        "Spinal pain at night that stops them sleeping",
        "Back pain made worse by straining, coughing or sneezing",
    ):
        flags.get_by_role("checkbox", name=name, exact=True).check()
    triage.get_by_role("radiogroup", name="How urgent?").get_by_role(
        "radio", name="Same-day review", exact=True
    ).check()
    triage.get_by_role("button", name=CHECK_BUTTON).click()
    expect(triage.locator(".bc-feedback")).to_contain_text("Same-day review is right")
    expect(triage.locator(".bc-triage-score")).to_contain_text("Score: 2.0 of")


def mscc_case_first_choice(page: Page, lab, shoot) -> None:
    """Part 2: the spinal cord compression case's best first step gets its feedback."""
    case = page.locator(".bc-case").first
    case.scroll_into_view_if_needed()
    case.get_by_role("radio", name="Pause the check-in", exact=False).check()
    case.get_by_role("button", name="Choose").click()
    expect(case.locator(".bc-feedback")).to_contain_text("Best action")


# -- 06 ---------------------------------------------------------------------------------------


def consent_widgets(page: Page, lab, shoot) -> None:
    """Part 1: the consent explorer's IMCA rule, and an unsafe choice in the consent case."""
    explorer = page.locator(".bc-consent").first
    explorer.scroll_into_view_if_needed()
    result = explorer.locator(".bc-consent-result")
    explorer.get_by_label("Start from a scenario:").select_option(
        label="Mr Bell, 79, severe brain injury, no family or friends; radiotherapy proposed"
    )
    expect(result).to_contain_text("The treating clinician decides")
    expect(result).to_contain_text("IMCA needed: yes")
    explorer.get_by_role("checkbox", name="Urgent: the treatment cannot wait").check()
    expect(result).to_contain_text("IMCA needed: no")
    case = page.locator(".bc-case").first
    case.scroll_into_view_if_needed()
    case.get_by_role(
        "radio", name="Let Ama sign: she is his next of kin and knows him best.", exact=True
    ).check()
    case.get_by_role("button", name="Choose").click()
    expect(case.locator(".bc-feedback")).to_contain_text("Unsafe choice")


#: notebook -> what to do after its main widget, on the same run (each part of a module is a
#: notebook of its own, opened and run once)
MORE: dict[str, list] = {
    "00_start_here.ipynb": [keyboard_self_check, arrow_keys_between_cells],
    "01_bone_biology_part1.ipynb": [remodelling_explorer_presets],
    "01_bone_biology_part2.ipynb": [lesion_types_choice],
    "02_spread.ipynb": [spread_widgets],
    "03_diagnosis_part1.ipynb": [calcium_calculator_warnings],
    "04_treatments_part2.ipynb": [mirels_table_and_treatment_explorer],
    "05_symptoms_and_emergencies_part1.ipynb": [pain_ladder_and_calcium],
    "05_symptoms_and_emergencies_part2.ipynb": [mscc_case_first_choice],
    "06_the_person_part1.ipynb": [consent_widgets],
}
