"""Modules 2 and 3 in JupyterLab, in headless Chromium: skeleton map, frequency chart, calcium
calculator and imaging explorer, used as a learner would (drop-downs, tick boxes, typing), with
assertions on what visibly changed, including the figures' alt text.
"""

from __future__ import annotations

from playwright.sync_api import Page, expect


def test_spread_widgets_respond(lab, page: Page, shoot) -> None:
    lab.open("notebooks/02_spread.ipynb")
    lab.run_all()
    assert lab.errors() == [], "02_spread showed errors in JupyterLab"
    assert page.errors == [], f"JavaScript errors: {page.errors}"

    chart = page.locator(".bc-frequency").first
    chart.scroll_into_view_if_needed()
    caption = chart.locator(".bc-frequency-caption")
    expect(caption).to_contain_text("advanced disease")
    chart.get_by_label("Who was counted:").select_option(
        label="Everyone with cancer (population studies)"
    )
    expect(caption).to_contain_text("SEER")
    expect(chart.locator(".bc-frequency-chart img")).to_have_attribute("alt", _contains("about 5%"))
    shoot(page, "lab-02-frequency")

    skeleton = page.locator(".bc-skeleton-map").first
    skeleton.scroll_into_view_if_needed()
    skeleton.get_by_label("Primary cancer:").select_option(label="Lung cancer")
    drawing = skeleton.locator(".bc-skeleton-drawing img")
    expect(drawing).to_have_attribute("alt", _contains("Rare sites"))
    skeleton.get_by_label("Region:").select_option(label="Thigh (femur)")
    region = skeleton.locator(".bc-skeleton-region")
    expect(region).to_contain_text("functional")
    expect(drawing).to_have_attribute("alt", _contains("Selected region: thigh (femur)"))
    shoot(page, "lab-02-skeleton-map")
    assert lab.errors() == [], "02_spread showed errors after using its widgets"


def test_diagnosis_widgets_respond(lab, page: Page, shoot) -> None:
    lab.open("notebooks/03_diagnosis.ipynb")
    lab.run_all()
    assert lab.errors() == [], "03_diagnosis showed errors in JupyterLab"
    assert page.errors == [], f"JavaScript errors: {page.errors}"

    calc = page.locator(".bc-calcium").first
    calc.scroll_into_view_if_needed()
    result = calc.locator(".bc-calcium-result")
    expect(result).to_contain_text("Adjusted calcium: 2.82 mmol/L")
    expect(result).to_contain_text("Mild hypercalcaemia")
    calc.get_by_role("checkbox", name="Myeloma or a known paraprotein").check()
    expect(result).to_contain_text("ionised calcium")
    box = calc.get_by_label("Measured calcium (mmol/L):")
    box.fill("10.2")
    expect(result.locator("[role=alert]")).to_contain_text("mg/dL")
    expect(result).not_to_contain_text("Adjusted calcium:")
    box.fill("3.10")
    calc.get_by_label("Albumin (g/L):").fill("20")
    expect(result).to_contain_text("Severe hypercalcaemia")
    expect(calc.locator(".bc-calcium-scale img")).to_have_attribute(
        "alt", _contains("adjusted 3.50 mmol/L")
    )
    shoot(page, "lab-03-calcium")

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
    shoot(page, "lab-03-imaging")
    assert lab.errors() == [], "03_diagnosis showed errors after using its widgets"


def _contains(text: str):
    import re

    return re.compile(".*" + re.escape(text) + ".*", re.S)
