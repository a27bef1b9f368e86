"""Module 3 branching case: valid, the best route ends well, and its numbers match the rules."""

import re

from course.branching import CaseRun, load_case
from course.clinical.calcium import adjusted_calcium, calcium_band
from course.paths import assets_dir

CASE = assets_dir() / "03_diagnosis" / "case_hip_pain.yml"


def _best_walk():
    case = load_case(CASE)
    walk = CaseRun(case)
    while not walk.finished:
        qualities = [c.quality for c in walk.node.choices]
        walk.choose(qualities.index("best"))
    return case, walk


def test_best_route_reaches_a_good_outcome_with_full_marks():
    case, walk = _best_walk()
    assert walk.node.outcome == "good"
    got, best = walk.score()
    assert got == best > 0


def test_every_node_offers_a_best_choice_or_is_an_end():
    case = load_case(CASE)
    for node in case.nodes.values():
        assert node.terminal or any(c.quality == "best" for c in node.choices), node.id


def test_calcium_figures_in_the_case_match_the_calculator():
    case = load_case(CASE)
    bloods = case.node("bloods")
    measured = float(re.search(r"measured calcium (\d\.\d\d)", bloods.text).group(1))
    albumin = float(re.search(r"albumin (\d+) g/L", bloods.text).group(1))
    adjusted = adjusted_calcium(measured, albumin)
    assert f"{adjusted:.2f} mmol/L" in bloods.choices[0].text
    assert calcium_band(adjusted).key == "mild"
    worse = case.node("returns_worse")
    assert adjusted_calcium(3.02, 30) == 3.22 and "3.22" in worse.choices[0].text
    assert calcium_band(3.22).key == "moderate"


def test_symptomatic_high_calcium_is_treated_before_she_goes_home():
    case = load_case(CASE)
    # every choice that moves on from a raised calcium to the X-ray has her treated first
    into_xray = [c for node in case.nodes.values() for c in node.choices if c.next == "xray"]
    assert into_xray
    for choice in into_xray:
        assert "IV fluids and a bisphosphonate" in choice.feedback
    # the X-ray node, the only way home to the cancelled MRI, says the calcium is back to normal
    xray = case.node("xray")
    assert "calcium is back in the normal range" in xray.text
    assert "going home" in xray.text
    assert {
        c.next for node in case.nodes.values() for c in node.choices if c.next == "cancelled_mri"
    }
    assert all(
        node.id == "xray"
        for node in case.nodes.values()
        if any(c.next == "cancelled_mri" for c in node.choices)
    )
    # back home, the nurse still asks about high-calcium symptoms
    assert "calcium can rise again" in case.node("cancelled_mri").choices[0].text
