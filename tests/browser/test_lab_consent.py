"""Module 6 in JupyterLab, in headless Chromium: the "who decides?" explorer and the consent case.

Runs the notebook, then uses the explorer as a learner would (a scenario from the list, a tick
box) and takes one step of the branching case, asserting what visibly changed.
"""

from __future__ import annotations

from playwright.sync_api import Page, expect


def test_consent_explorer_and_case_respond(lab, page: Page, shoot) -> None:
    lab.open("notebooks/06_the_person.ipynb")
    lab.run_all()
    assert lab.errors() == [], "06_the_person showed errors in JupyterLab"
    assert page.errors == [], f"JavaScript errors: {page.errors}"

    explorer = page.locator(".bc-consent").first
    explorer.scroll_into_view_if_needed()
    result = explorer.locator(".bc-consent-result")
    expect(result).to_contain_text("The patient decides")

    explorer.get_by_label("Start from a scenario:").select_option(
        label="Mr Bell, 79, severe brain injury, no family or friends; radiotherapy proposed"
    )
    expect(result).to_contain_text("The treating clinician decides")
    expect(result).to_contain_text("IMCA needed: yes")

    explorer.get_by_role("checkbox", name="Urgent: the treatment cannot wait").check()
    expect(result).to_contain_text("IMCA needed: no")
    expect(result).to_contain_text("37(4)")
    shoot(page, "lab-06-consent-explorer")

    case = page.locator(".bc-case").first
    case.scroll_into_view_if_needed()
    case.get_by_role(
        "radio", name="Let Ama sign: she is his next of kin and knows him best.", exact=True
    ).check()
    case.get_by_role("button", name="Choose").click()
    expect(case.locator(".bc-feedback")).to_contain_text("Unsafe choice")
    shoot(page, "lab-06-consent-case")
    assert lab.errors() == [], "06_the_person showed errors after using its widgets"
