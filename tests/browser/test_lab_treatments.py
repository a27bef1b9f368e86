"""Module 4 in JupyterLab, in headless Chromium: Mirels' score, the bone drugs and the explorer.

Runs the notebook, then uses three widgets as a learner would (radio buttons, a typed creatinine
clearance, a drop-down and a tick box) and asserts what visibly changed.
"""

from __future__ import annotations

from playwright.sync_api import Page, expect


def test_treatment_widgets_respond(lab, page: Page, shoot) -> None:
    lab.open("notebooks/04_treatments.ipynb")
    lab.run_all()
    assert lab.errors() == [], "04_treatments showed errors in JupyterLab"
    assert page.errors == [], f"JavaScript errors: {page.errors}"

    mirels = page.locator(".bc-mirels").first
    mirels.scroll_into_view_if_needed()
    result = mirels.locator(".bc-mirels-result")
    expect(result).to_contain_text("Score 8")
    mirels.get_by_role("radio", name="Lytic (bone-destroying) (3)").check()
    expect(result).to_contain_text("Score 9")
    expect(result).to_contain_text("Prophylactic fixation")
    expect(mirels.locator(".bc-mirels-scale img")).to_have_attribute(
        "alt",
        "Scale of Mirels' score from 4 to 12: 7 or less low risk, 8 borderline, 9 or more "
        "high risk. This lesion scores 9, in the high band (fracture risk 33% or more).",
    )
    shoot(page, "lab-04-mirels")

    drugs = page.locator(".bc-bone-drugs").first
    drugs.scroll_into_view_if_needed()
    advice = drugs.locator(".bc-bone-drugs-advice")
    box = drugs.get_by_label("Creatinine clearance (mL/min):")
    box.fill("25")
    expect(advice).to_contain_text("Not recommended")
    expect(advice).to_contain_text("no dose change for denosumab")
    box.fill("forty")
    expect(advice).to_contain_text("Creatinine clearance")
    expect(advice.locator("[role=alert]")).to_be_visible()
    shoot(page, "lab-04-bone-drugs")

    explorer = page.locator(".bc-treatment-explorer").first
    explorer.scroll_into_view_if_needed()
    options = explorer.locator(".bc-treatment-options")
    expect(options).to_contain_text("Surgery to fix the bone")
    explorer.get_by_label("Primary cancer:").select_option(
        label="Prostate cancer that has become castration-resistant"
    )
    explorer.get_by_label("Situation:").select_option(label="Painful metastases in many bones")
    expect(options).to_contain_text("Radium-223")
    explorer.get_by_role(
        "checkbox", name="Taking abiraterone with prednisone or prednisolone"
    ).check()
    expect(options.locator(".bc-excluded").filter(has_text="Radium-223")).to_contain_text("ERA-223")
    shoot(page, "lab-04-treatment-explorer")
    assert lab.errors() == [], "04_treatments showed errors after using its widgets"
