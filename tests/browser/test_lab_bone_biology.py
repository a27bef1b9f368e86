"""Module 1 in JupyterLab, in headless Chromium: the remodelling explorer, the remodelling cycle
stepper and the lesion-type explorer, used as a learner would, asserting what visibly changed.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect


def test_bone_biology_widgets_respond(lab, page: Page, shoot) -> None:
    lab.open("notebooks/01_bone_biology.ipynb")
    lab.run_all()
    assert lab.errors() == [], "01_bone_biology showed errors in JupyterLab"
    assert page.errors == [], f"JavaScript errors: {page.errors}"

    cycle = page.locator(".bc-remodelling-cycle").first
    cycle.scroll_into_view_if_needed()
    expect(cycle).to_contain_text("1. Activation")
    cycle.get_by_role("button", name="Next").click()
    expect(cycle).to_contain_text("2. Resorption")
    expect(cycle.locator(".bc-cycle-diagram svg")).to_have_attribute(
        "aria-label", re.compile("during resorption. Cells: Osteoclasts")
    )
    shoot(page, "lab-01-remodelling-cycle")

    explorer = page.locator(".bc-remodelling").first
    explorer.scroll_into_view_if_needed()
    expect(explorer).to_contain_text("a single remodelling cycle")
    explorer.get_by_role("button", name="Repeating cycles").click()
    expect(explorer).to_contain_text("repeating cycles that neither grow nor fade")
    image = explorer.locator(".bc-remodelling-plot img")
    expect(image).to_have_attribute("alt", re.compile("Three line charts over 1000 model days"))
    explorer.get_by_role("checkbox", name="Tumour in the bone (myeloma model)").check()
    expect(explorer).to_contain_text("The tumour grows from 1%")
    explorer.get_by_role("checkbox", name="Give treatment").check()
    expect(explorer).to_contain_text("without treatment (treatment from day 600)")
    shoot(page, "lab-01-remodelling-explorer")

    lesions = page.locator(".bc-lesion-types").first
    lesions.scroll_into_view_if_needed()
    expect(lesions).not_to_contain_text("A bone scan can miss this")
    lesions.get_by_role("radio", name="Myeloma (a cancer of the bone marrow)").check()
    expect(lesions).to_contain_text("A bone scan can miss this")
    shoot(page, "lab-01-lesion-types")
    assert lab.errors() == [], "01_bone_biology showed errors after using its widgets"
