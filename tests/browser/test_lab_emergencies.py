"""Module 5 in JupyterLab, in headless Chromium: the triage exercise, the pain ladder, the
high-calcium explorer and the MSCC case.

Runs the notebook, then uses each main widget as a learner would and asserts what visibly changed.
"""

from __future__ import annotations

from playwright.sync_api import Page, expect


def test_emergency_widgets_respond(lab, page: Page, shoot) -> None:
    lab.open("notebooks/05_symptoms_and_emergencies.ipynb")
    lab.run_all()
    assert lab.errors() == [], "05_symptoms_and_emergencies showed errors in JupyterLab"
    assert page.errors == [], f"JavaScript errors: {page.errors}"

    # pain ladder: tick codeine, the advice moves to step 3 with the laxative point
    ladder = page.locator(".bc-pain-ladder").first
    ladder.scroll_into_view_if_needed()
    expect(ladder.locator(".bc-pain-summary")).to_contain_text("Suggested: Step 2")
    ladder.get_by_role("checkbox", name="Codeine", exact=True).check()
    expect(ladder.locator(".bc-pain-summary")).to_contain_text("Suggested: Step 3")
    expect(ladder).to_contain_text("regular laxative")
    shoot(page, "lab-05-pain-ladder")

    # high calcium: ticking a symptom turns a moderate result into an emergency
    explorer = page.locator(".bc-hypercalcaemia").first
    explorer.scroll_into_view_if_needed()
    urgency = explorer.locator(".bc-hypercalcaemia-urgency")
    expect(urgency).to_contain_text("Same-day review")
    explorer.get_by_role("checkbox", name="Very thirsty and passing a lot of urine").check()
    expect(urgency).to_contain_text("Emergency")
    shoot(page, "lab-05-hypercalcaemia")

    # MSCC case: the first best choice gets teaching feedback
    case = page.locator(".bc-case").first
    case.scroll_into_view_if_needed()
    case.get_by_role("radio", name="Pause the check-in", exact=False).check()
    case.get_by_role("button", name="Choose").click()
    expect(case.locator(".bc-feedback")).to_contain_text("Best action")

    # triage: tick every red flag for Joan, choose same-day review, check
    triage = page.locator(".bc-triage").first
    triage.scroll_into_view_if_needed()
    for name in (
        "Pain in the upper or middle back (thoracic) or neck (cervical) spine",
        "Spinal pain at night that stops them sleeping",
        "Back pain made worse by straining, coughing or sneezing",
    ):
        triage.get_by_role("checkbox", name=name, exact=True).check()
    triage.get_by_role("radio", name="Same-day review", exact=True).check()
    triage.get_by_role("button", name="Check").click()
    expect(triage.locator(".bc-feedback")).to_contain_text("Same-day review is right")
    expect(triage.locator(".bc-triage-score")).to_contain_text("Score: 2.0 of")
    shoot(page, "lab-05-triage")
    assert lab.errors() == [], "05_symptoms_and_emergencies showed errors after using its widgets"
