"""What the browser tests do in each module after running it, as a learner would.

Each function takes ``(page, lab, shoot)`` on a notebook that ``test_lab_modules`` has opened and
run once; it uses widgets (mouse and keyboard) and asserts what visibly changed. Gathered here so
that every notebook is opened and run once per test session, not once per test file.
"""

from __future__ import annotations

import re
from pathlib import Path

from bc_browser import CHECK_BUTTON, FOCUSED, course_calls, events_in, tab_to
from playwright.sync_api import Page, expect

NOTEBOOK_DIR = Path(__file__).resolve().parents[2] / "notebooks"


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


def choose_in_case(case, option: re.Pattern | str) -> None:
    """In a branching case: pick the option so named, press Choose (Continue then unlocks)."""
    case.get_by_role("radio", name=option).check()
    case.get_by_role("button", name="Choose").click()
    expect(case.get_by_role("button", name="Continue")).to_be_enabled()


def continue_case(case, step: int) -> None:
    """Press Continue and wait for the case's next step (``step``) or its ending (``0``)."""
    case.get_by_role("button", name="Continue").click()
    if step:
        expect(case).to_contain_text(f"Step {step}.")
        expect(case.get_by_role("button", name="Choose")).to_be_enabled()
        expect(case.get_by_role("button", name="Continue")).to_be_disabled()


def clear_scan_case_to_its_ending(page: Page, lab, shoot) -> None:
    """Part 2, Case 5.3: the best choice at each of three steps leads to the good ending, scored
    6 of 6 and written to the progress store; Start again goes back to step 1."""
    case = page.locator(".bc-case").first
    case.scroll_into_view_if_needed()
    finished = len(events_in(lab.server.progress, "case_finished"))
    expect(case).to_contain_text("Step 1.")
    expect(case.get_by_role("button", name="Continue")).to_be_disabled()
    feedback = case.locator(".bc-feedback")
    choose_in_case(case, re.compile(r"^Explain gently that a bone scan can miss myeloma"))
    expect(feedback).to_contain_text("Best action")
    continue_case(case, 2)
    expect(case).to_contain_text("Why did the bone scan miss them?")
    expect(feedback).to_have_text("")
    choose_in_case(case, re.compile(r"^'A bone scan shows where bone is being rebuilt"))
    expect(feedback).to_contain_text("Best action")
    continue_case(case, 3)
    expect(case).to_contain_text("He asks what the bone drug does.")
    choose_in_case(case, re.compile(r"^'It calms down the cells that wear bone away"))
    continue_case(case, 0)
    expect(case).to_contain_text("Good outcome.")
    expect(case).to_contain_text("Your route scored 6 of 6.")
    expect(case.get_by_role("radio")).to_have_count(0)
    expect(case.get_by_role("button", name="Choose")).to_be_disabled()
    expect(case.get_by_role("button", name="Continue")).to_be_disabled()
    case.get_by_text("Your choices so far").click()
    expect(case.locator("details").get_by_role("listitem")).to_have_count(3)
    rows = events_in(lab.server.progress, "case_finished")[finished:]
    assert [d for _, d in rows] == ["m01-case-clear-scan:good:6/6"], rows
    shoot(page, "lab-01-case-ending")
    case.get_by_role("button", name="Start again").click()
    expect(case).to_contain_text("Step 1.")
    expect(case).not_to_contain_text("Good outcome.")
    expect(case.get_by_role("button", name="Choose")).to_be_enabled()


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


def imaging_table_structure(page: Page, lab, shoot) -> None:
    """Part 2: the imaging table is static (no controls), so its structure is what a screen
    reader user gets: a table named by its caption, a named header per column, and each test
    heading its row, in the order of the course's imaging rules."""
    from course.widgets.imaging_explorer import TEXT, default_rules

    table = page.locator(".bc-imaging-table").first
    table.scroll_into_view_if_needed()
    expect(table).to_have_role("table")
    expect(table).to_have_accessible_name(re.compile(r"^Tests used to diagnose bone metastases"))
    columns = table.get_by_role("columnheader")
    expect(columns).to_have_text(TEXT["table"]["columns"])
    tests = [t.name for t in default_rules().tests.values()]
    expect(table.get_by_role("rowheader")).to_have_text(tests)
    # every body row: its test as the row header, then one cell per remaining column
    body = table.locator("tbody tr")
    expect(body).to_have_count(len(tests))
    for i in range(len(tests)):
        expect(body.nth(i).get_by_role("cell")).to_have_count(len(TEXT["table"]["columns"]) - 1)
    expect(table.locator("button, input, select")).to_have_count(0)


def hip_pain_case_consequence(page: Page, lab, shoot) -> None:
    """Part 2, Case 8.1: a poor first choice gets its verdict and leads to its consequence (she
    comes back drowsy three weeks later), with the choice kept in the trail."""
    case = page.locator(".bc-case").first
    case.scroll_into_view_if_needed()
    expect(case).to_contain_text("Step 1.")
    choose_in_case(case, re.compile(r"^Agree it is probably arthritis"))
    expect(case.locator(".bc-feedback")).to_contain_text("Poor choice")
    expect(case.get_by_role("radio").first).to_be_disabled()
    continue_case(case, 2)
    expect(case).to_contain_text("Three weeks later her husband brings her back")
    expect(
        case.get_by_role("radio", name=re.compile(r"^Record the result and plan to repeat it"))
    ).to_be_enabled()
    case.get_by_text("Your choices so far").click()
    expect(case.locator("details").get_by_role("listitem")).to_have_text(
        [re.compile(r"^Agree it is probably arthritis.*Poor choice")]
    )


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


def zoledronic_case_checks_kidneys(page: Page, lab, shoot) -> None:
    """Part 1, Case 3.3: checking the blood results first is the best action and leads to the
    kidney results (a clearance of 52 mL/min) and the next decision."""
    case = page.locator(".bc-case").first
    case.scroll_into_view_if_needed()
    expect(case).not_to_contain_text("creatinine clearance 52 mL/min")
    choose_in_case(case, re.compile(r"^Look up this week's blood results"))
    expect(case.locator(".bc-feedback")).to_contain_text("Best action")
    continue_case(case, 2)
    expect(case).to_contain_text("creatinine clearance 52 mL/min")
    expect(
        case.get_by_role("radio", name=re.compile(r"^Contact the prescriber before giving"))
    ).to_be_visible()


def radiotherapy_planner_schedules(page: Page, lab, shoot) -> None:
    """Part 2: choosing 20 Gy in 5 as schedule B redraws the timeline (its alt text) and the
    table's column for schedule B."""
    planner = page.locator(".bc-radiotherapy").first
    planner.scroll_into_view_if_needed()
    table = planner.get_by_role("table", name="The two schedules compared")
    timeline = planner.locator(".bc-radiotherapy-timeline").get_by_role("img")
    expect(timeline).to_have_accessible_name(re.compile(r"10 visits \(days 0 to 11\)"))
    expect(
        table.get_by_role("columnheader", name="30 Gy in 10 fractions (two weeks)")
    ).to_have_count(1)
    second = planner.get_by_role("combobox", name="Schedule B:")
    second.select_option(label="20 Gy in 5 fractions (one week)")
    expect(timeline).to_have_accessible_name(re.compile(r"5 visits \(days 0 to 4\)"))
    expect(timeline).not_to_have_accessible_name(re.compile("10 visits"))
    expect(table.get_by_role("columnheader", name="20 Gy in 5 fractions (one week)")).to_have_count(
        1
    )
    expect(
        table.get_by_role("columnheader", name="30 Gy in 10 fractions (two weeks)")
    ).to_have_count(0)
    visits = table.get_by_role("row", name=re.compile(r"^Treatment visits"))
    expect(visits.get_by_role("cell")).to_have_text(["1", "5"])
    planner.get_by_role("combobox", name="Schedule A:").select_option(
        label="30 Gy in 10 fractions (two weeks)"
    )
    expect(visits.get_by_role("cell")).to_have_text(["10", "5"])


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


# -- my progress ------------------------------------------------------------------------------


def output_of(page: Page, call: str):
    """The output area of the (first) code cell that calls ``course.<call>(``."""
    cell = page.locator(".jp-CodeCell").filter(
        has=page.locator(".jp-InputArea", has_text=f"course.{call}(")
    )
    return cell.first.locator(".jp-OutputArea")


def progress_page_parts(page: Page, lab, shoot) -> None:
    """The scheme's table, the confident mistakes, the history chart, the review list, and the
    learning record: a name typed into the record's box appears in its preview."""
    marks = output_of(page, "certainty_marking").get_by_role(
        "table", name="Certainty-based marks (Moodle's scheme)"
    )
    expect(marks.get_by_role("rowheader")).to_have_text(["guessing", "fairly sure", "sure"])
    expect(marks.get_by_role("columnheader")).to_have_text(["You said", "Right", "Wrong"])
    expect(output_of(page, "confidently_wrong")).to_contain_text(
        re.compile(
            "No answers yet, so no confident mistakes either"
            "|No confidently wrong answers|you were “(guessing|fairly sure|sure)”"
        )
    )
    history = output_of(page, "progress_history").get_by_role("img")
    expect(history).to_have_accessible_name(
        re.compile(r"^(Bar chart of your answers on \d+ day|An empty chart: no self-check)")
    )
    review = page.locator(".bc-review").first
    review.scroll_into_view_if_needed()
    refresh = review.get_by_role("button", name="Refresh")
    expect(refresh).to_be_enabled()
    refresh.click()
    # the main use recorded an answer, so the schedule has something in it now
    expect(review).not_to_contain_text("Nothing to review yet")
    expect(review).to_contain_text(re.compile(r"Nothing is due today|\d+ questions? due today"))
    record = page.locator(".bc-record").first
    record.scroll_into_view_if_needed()
    preview = record.frame_locator("iframe[title='Preview of your learning record']")
    expect(preview.locator("body")).not_to_contain_text("Ada Lovelace-Nightingale")
    record.get_by_role("textbox", name="Your name (optional):").fill("Ada Lovelace-Nightingale")
    expect(preview.locator("body")).to_contain_text("Ada Lovelace-Nightingale")


# -- every call of the course in a notebook ----------------------------------------------------

#: a widget's call -> how its use in ``MAIN_WIDGET`` or ``MORE`` finds it (its class, or the
#: call itself for an output found by its cell); the other calls of a notebook are asserted for
#: every notebook by ``calls_shown``
WIDGET_MARK: dict[str, str] = {
    "bone_drugs": ".bc-bone-drugs",
    "calcium_calculator": ".bc-calcium",
    "case": ".bc-case",
    "certainty_marking": "certainty_marking",
    "confidently_wrong": "confidently_wrong",
    "consent_explorer": ".bc-consent",
    "frequency_chart": ".bc-frequency",
    "hypercalcaemia_explorer": ".bc-hypercalcaemia",
    "imaging_explorer": ".bc-imaging",
    "imaging_table": ".bc-imaging-table",
    "learning_record": ".bc-record",
    "lesion_types": ".bc-lesion-types",
    "mirels_calculator": ".bc-mirels",
    "my_progress": ".bc-dashboard",
    "pain_ladder": ".bc-pain-ladder",
    "progress_history": "progress_history",
    "radiotherapy_planner": ".bc-radiotherapy",
    "remodelling_cycle": ".bc-remodelling-cycle",
    "remodelling_explorer": ".bc-remodelling",
    "review_now": ".bc-review",
    "skeleton_map": ".bc-skeleton-map",
    "treatment_explorer": ".bc-treatment-explorer",
    "triage_exercise": ".bc-triage",
}
#: calls ``calls_shown`` asserts in every notebook, whatever its uses
SHOWN = {
    "start",
    "diagram",
    "disclaimer",
    "module_overview",
    "progress_summary",
    "check_group",
    "self_check",
}
_QUOTED = re.compile(r"\"([^\"]+)\"")


def calls_shown(page: Page, lab, notebook: str, opened_before: int) -> None:
    """Every ``course.<name>(...)`` call of the notebook showed what it should, on this run:
    an output under each call's cell; ``start`` noted the module (and part) as opened in the
    progress store; each diagram an SVG image with a name; each check group its heading and
    running score; the self-checks their questions; the notice, the overview table and the
    progress summary their text."""
    calls = course_calls(NOTEBOOK_DIR / notebook)
    names = [n for n, _ in calls]
    cells = page.locator(".jp-CodeCell")
    outputs = page.locator(".jp-OutputArea-output")
    for name in sorted(set(names) - {"start"}):
        with_call = cells.filter(has=page.locator(".jp-InputArea", has_text=f"course.{name}("))
        expect(with_call).to_have_count(names.count(name))
        for i in range(with_call.count()):
            expect(with_call.nth(i).locator(".jp-OutputArea-output").first).to_be_visible()
    for name, args in calls:
        if name == "start":
            module = _QUOTED.search(args).group(1)
            part = re.search(r"part=(\d)", args)
            opened = events_in(lab.server.progress, "module_opened")[opened_before:]
            assert (module, f"part {part.group(1)}" if part else "") in opened, opened
        elif name == "check_group":
            title = re.search(r'title="([^"]+)"', args).group(1)
            expect(outputs.get_by_role("heading", name=title, exact=True)).to_have_count(1)
    diagrams = outputs.locator("figure.bs-diagram").get_by_role("img")
    expect(diagrams).to_have_count(names.count("diagram"))
    for i in range(names.count("diagram")):
        expect(diagrams.nth(i)).to_have_accessible_name(re.compile(r"\w{3}"))
    groups = names.count("check_group")
    if groups:
        scores = outputs.get_by_text(re.compile(r"^Answered 0 of \d+\. Score so far"))
        expect(scores).to_have_count(groups)
    # each group's items are checks too; a group given a list by name counts as one at least
    items = names.count("self_check") + sum(
        len(_QUOTED.findall(a.partition("]")[0])) if a.startswith("[") else 1
        for n, a in calls
        if n == "check_group"
    )
    shown = outputs.locator(".bc-check:not(.bc-case)").count()
    assert shown >= items, f"{shown} self-checks shown, {items} called"
    notices = outputs.get_by_role("note").filter(has_text="educational aid")
    expect(notices).to_have_count(names.count("disclaimer"))
    overview = outputs.get_by_role(
        "table", name=re.compile("^The modules, their learning objectives")
    )
    expect(overview).to_have_count(names.count("module_overview"))
    if "module_overview" in names:
        expect(overview.get_by_role("columnheader").first).to_have_text("No.")
    summary = outputs.get_by_text(re.compile(r"^Your answers are kept in"))
    expect(summary).to_have_count(names.count("progress_summary"))


#: notebook -> what to do after its main widget, on the same run (each part of a module is a
#: notebook of its own, opened and run once)
MORE: dict[str, list] = {
    "00_start_here.ipynb": [keyboard_self_check, arrow_keys_between_cells],
    "01_bone_biology_part1.ipynb": [remodelling_explorer_presets],
    "01_bone_biology_part2.ipynb": [lesion_types_choice, clear_scan_case_to_its_ending],
    "02_spread.ipynb": [spread_widgets],
    "03_diagnosis_part1.ipynb": [calcium_calculator_warnings],
    "03_diagnosis_part2.ipynb": [imaging_table_structure, hip_pain_case_consequence],
    "04_treatments_part1.ipynb": [zoledronic_case_checks_kidneys],
    "04_treatments_part2.ipynb": [
        radiotherapy_planner_schedules,
        mirels_table_and_treatment_explorer,
    ],
    "05_symptoms_and_emergencies_part1.ipynb": [pain_ladder_and_calcium],
    "05_symptoms_and_emergencies_part2.ipynb": [mscc_case_first_choice],
    "06_the_person_part1.ipynb": [consent_widgets],
    "my_progress.ipynb": [progress_page_parts],
}
