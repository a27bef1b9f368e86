"""Every route through the module 6 consent case, walked through the case engine.

The score must match the teaching: only the route that never takes the decision away from
Mr Osei earns full marks. A route that hands the decision to a relative (letting Ama sign, or
letting her decide) or asks a confused man to sign must score below it, even when the nurse puts
things right afterwards, and must end as the story says.
"""

from __future__ import annotations

import pytest

from course.branching import CaseRun, load_case

CASE_FILE = "assets/06_the_person/case_consent.yml"

# Each route: the start of each choice's text, then (points, best, ending node, outcome).
ROUTES = {
    "the best route": (
        ["Explain that next of kin", "Ask to see it", "Wait: treat", "Use teach-back"],
        (8, 8, "good_end", "good"),
    ),
    "let Ama decide, then put it right": (
        ["Explain that next of kin", "Ask to see it", "Ask Ama what", "Tell the team Ama"],
        (6, 8, "recovered_end", "mixed"),
    ),
    "let Ama decide, and let the booking stand": (
        ["Explain that next of kin", "Ask to see it", "Ask Ama what", "Let the booking stand"],
        (4, 8, "mixed_end", "mixed"),
    ),
    "let Ama sign, then be open": (
        ["Let Ama sign", "Be open with them", "Wait: treat", "Use teach-back"],
        (6, 8, "good_end", "good"),
    ),
    "let Ama sign, then hide it": (
        ["Let Ama sign", "Say nothing"],
        (0, 8, "poor_end", "poor"),
    ),
    "wake him to sign, then report it": (
        ["Wake Mr Osei", "Tell the nurse in charge", "Wait: treat", "Use teach-back"],
        (6, 8, "good_end", "good"),
    ),
    "wake him to sign, then file the form": (
        ["Wake Mr Osei", "File the form"],
        (0, 8, "poor_end", "poor"),
    ),
    "tell Ama to wait, without explaining": (
        ["Tell Ama the form has to wait", "Ask to see it", "Wait: treat", "Use teach-back"],
        (7, 8, "good_end", "good"),
    ),
    "accept a finance LPA": (
        ["Explain that next of kin", "Accept it"],
        (2, 8, "poor_end", "poor"),
    ),
    "operate now in his best interests": (
        ["Explain that next of kin", "Ask to see it", "As he lacks capacity"],
        (4, 8, "mixed_end", "mixed"),
    ),
    "doubt his capacity because he refuses": (
        ["Explain that next of kin", "Ask to see it", "Wait: treat", "Ask the doctor"],
        (6, 8, "reassess", "mixed"),
    ),
    "leave Ama to change his mind": (
        ["Explain that next of kin", "Ask to see it", "Wait: treat", "Leave Ama alone"],
        (6, 8, "poor_end", "poor"),
    ),
}


def _follow(picks: list[str]) -> CaseRun:
    run = CaseRun(load_case(CASE_FILE))
    for start in picks:
        assert not run.finished, (start, run.current)
        starts = [i for i, c in enumerate(run.node.choices) if c.text.startswith(start)]
        assert len(starts) == 1, (start, run.current, [c.text for c in run.node.choices])
        run.choose(starts[0])
    return run


def _every_route(case) -> list[CaseRun]:
    """Every route from the start to an ending (the case has no loops)."""
    finished, todo = [], [CaseRun(case)]
    while todo:
        run = todo.pop()
        if run.finished:
            finished.append(run)
            continue
        for index in range(len(run.node.choices)):
            step = CaseRun(case, run.current, list(run.path))
            step.choose(index)
            todo.append(step)
    return finished


@pytest.mark.parametrize("name", list(ROUTES))
def test_each_route_scores_and_ends_as_the_teaching_says(name):
    picks, (points, best, end, outcome) = ROUTES[name]
    run = _follow(picks)
    assert run.finished, name
    assert run.score() == (points, best), name
    assert (run.current, run.node.outcome) == (end, outcome), name


def test_only_the_route_of_best_choices_earns_full_marks():
    case = load_case(CASE_FILE)
    routes = _every_route(case)
    assert len(routes) >= len(ROUTES)
    full = [r for r in routes if r.score()[0] == r.score()[1]]
    assert len(full) == 1
    assert all(c.quality == "best" for c in full[0].choices_made())
    assert full[0].node.outcome == "good"
    for run in routes:
        if any(c.quality in ("poor", "harmful") for c in run.choices_made()):
            assert run.score()[0] < run.score()[1], [c.text for c in run.choices_made()]


def test_handing_the_decision_to_ama_never_scores_as_the_best_route_nor_ends_good():
    case = load_case(CASE_FILE)
    to_ama = next(c for c in case.node("plan").choices if c.text.startswith("Ask Ama what"))
    assert to_ama.quality == "poor"
    through_ama = [r for r in _every_route(case) if to_ama in r.choices_made()]
    assert len(through_ama) >= 2
    for run in through_ama:
        got, best = run.score()
        assert got < best
        assert run.node.outcome != "good", run.current
    # putting it right is still the best thing to do at that point, and its ending says why
    # the route fell short
    ending = case.node("recovered_end").text
    assert "near miss" in ending and "waits for the person" in ending


def test_waking_him_to_sign_is_harmful_and_costs_marks_even_when_reported():
    case = load_case(CASE_FILE)
    wake = next(c for c in case.node("arrive").choices if c.text.startswith("Wake Mr Osei"))
    assert wake.quality == "harmful"
    assert "not valid consent" in wake.feedback
    got, best = _follow(ROUTES["wake him to sign, then report it"][0]).score()
    assert got < best


def test_every_route_hears_the_capacity_assessment_before_the_plan():
    case = load_case(CASE_FILE)
    plan = case.node("plan").text
    assert "lacks\ncapacity" in plan or "lacks capacity" in plan.replace("\n", " ")
    assert "delirium" in plan
    for node_id in ("daughter_signed", "rushed_signature", "lpa_question"):
        assert "bank and the house" in case.node(node_id).text, node_id
        assert any(c.next == "plan" and c.quality == "best" for c in case.node(node_id).choices)
