"""Module 3 branching case: valid, the best route ends well, and its numbers match the rules."""

import re

from course.cases import CaseRun, load_case
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
