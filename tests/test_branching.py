"""Branching cases: validation names the problem; walking and scoring."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from course.branching import CaseError, CaseRun, load_case, parse_case
from course.paths import course_root

SMALL = Path(__file__).parent / "data" / "case_small.yml"


def mutate(fn):
    data = yaml.safe_load(SMALL.read_text())
    fn(data)
    return yaml.safe_dump(data)


def test_walk_best_route_scores_full_marks():
    case = load_case(SMALL)
    run = CaseRun(case)
    run.choose(0)
    run.choose(0)
    assert run.finished and run.node.outcome == "good"
    assert run.score() == (4, 4)


def test_poor_choice_has_consequences():
    run = CaseRun(load_case(SMALL))
    run.choose(1)  # paracetamol and move on
    assert run.current == "later"
    run.choose(0)
    assert run.node.outcome == "mixed" and run.score() == (2, 4)
    with pytest.raises(CaseError, match="has ended"):
        run.choose(0)
    run.restart()
    assert run.current == "a" and run.path == []


def test_choice_out_of_range():
    with pytest.raises(CaseError, match="Choose one of the 2"):
        CaseRun(load_case(SMALL)).choose(5)


@pytest.mark.parametrize(
    "change,expected",
    [
        (
            lambda d: d["nodes"]["a"]["choices"][0].update(next="nowhere"),
            "case_small.yml: nodes/a: choice 'Ask about red flags' leads to unknown node 'nowhere'",
        ),
        (lambda d: d["nodes"]["a"]["choices"].pop(), "nodes/a: needs at least 2 choices"),
        (
            lambda d: d["nodes"]["good"].update(outcome="great"),
            "case_small.yml: nodes/good/outcome: 'great' is not one of",
        ),
        (lambda d: d.pop("source"), "case_small.yml: top level: 'source' is a required property"),
        (lambda d: d["nodes"].update(orphan={"text": "x", "outcome": "good"}), "never reached"),
        (lambda d: d["nodes"]["good"].update(outcome="poor"), "no path reaches a good outcome"),
        (
            lambda d: d["nodes"]["b"]["choices"][0].update(quality="ok"),
            "nodes/b/choices/entry #1/quality: 'ok' is not one of",
        ),
        (
            lambda d: d["nodes"]["b"]["choices"][0].pop("feedback"),
            "nodes/b/choices/entry #1: 'feedback' is a required property",
        ),
        (lambda d: d.update(start="zzz"), "start node 'zzz'"),
    ],
)
def test_bad_cases_are_reported(change, expected):
    with pytest.raises(CaseError, match=expected):
        parse_case(mutate(change), "case_small.yml")


def test_missing_file():
    with pytest.raises(CaseError, match="not found"):
        load_case("assets/none/case_none.yml")


def test_every_course_case_file_is_valid():
    files = sorted((course_root() / "assets").glob("*/case_*.yml"))
    for path in files:
        case = load_case(path)
        assert case.id.startswith("m") and case.best_path_points() > 0


def test_case_file_errors_are_content_errors_naming_file_and_node(tmp_path):
    from course.errors import ContentError, CourseError

    bad = tmp_path / "case_bad.yml"
    bad.write_text(mutate(lambda d: d["nodes"]["b"]["choices"][1].update(quality="ok")))
    with pytest.raises(ContentError) as info:
        load_case(bad)
    assert isinstance(info.value, CaseError) and isinstance(info.value, CourseError)
    assert "case_bad.yml: nodes/b/choices/entry #2/quality: 'ok' is not one of" in str(info.value)


def test_every_problem_of_the_graph_is_listed():
    def two_problems(d):
        d["nodes"]["a"]["choices"][0]["quality"] = "acceptable"
        d["nodes"]["b"]["choices"][0]["quality"] = "acceptable"

    with pytest.raises(CaseError) as info:
        parse_case(mutate(two_problems), "case_small.yml")
    assert "case_small.yml: nodes/a: no choice is marked best" in str(info.value)
    assert "case_small.yml: nodes/b: no choice is marked best" in str(info.value)


def test_a_case_file_loads_through_the_case_schema():
    from course.content import read_content

    data = read_content(SMALL, "case")
    assert load_case(SMALL).nodes.keys() == data["nodes"].keys()


# --- the corrected course cases ------------------------------------------------------------------

CONSENT = "assets/06_the_person/case_consent.yml"
MSCC = "assets/05_symptoms_and_emergencies/case_mscc.yml"


def _choice(node, start):
    return next(c for c in node.choices if c.text.startswith(start))


def _reachable(case, node_id):
    seen, todo = set(), [node_id]
    while todo:
        n = todo.pop()
        if n not in seen:
            seen.add(n)
            todo += [c.next for c in case.node(n).choices]
    return seen


def test_waking_him_to_sign_is_harmful():
    case = load_case(CONSENT)
    assert _choice(case.node("arrive"), "Wake Mr Osei").quality == "harmful"


def test_heavy_legs_are_suspected_mscc_before_any_question():
    case = load_case(MSCC)
    first = _choice(case.node("arrive"), "Pause the check-in")
    assert "decide how urgent" not in first.feedback
    assert "suspected MSCC already" in first.feedback


def test_review_at_end_of_clinic_does_not_find_her_gone_home():
    case = load_case(MSCC)
    choice = _choice(case.node("assess"), "Her bladder is normal")
    assert choice.next != "home"
    assert "goes home" not in case.node(choice.next).text
    assert "end of the clinic" in case.node(choice.next).text


def test_the_steroid_held_route_does_not_blame_red_flags_that_were_acted_on():
    case = load_case(MSCC)
    held = _choice(case.node("escalate"), "Hold the steroid").next
    route = _reachable(case, held)
    assert "late" not in route and "mixed_end" not in route and "poor_end" not in route
    texts = [case.node(n).text for n in route]
    texts += [c.feedback for n in route for c in case.node(n).choices]
    for text in texts:
        assert "could no longer stand unaided" not in text
        assert "first red flags" not in text
    poor = [case.node(n) for n in route if case.node(n).outcome == "poor"]
    assert poor and all("escalated at check-in" in n.text for n in poor)
    steroid_late = case.node(_choice(case.node(held), "Tell the registrar").next)
    assert "can still stand" in steroid_late.text


def test_cg75_is_named_as_replaced_by_ng234_in_the_mscc_case():
    import re

    text = (course_root() / MSCC).read_text(encoding="utf-8")
    for match in re.finditer(r"CG75", text):
        before, after = text[match.start() - 40 : match.start()], text[match.start() :]
        assert after.startswith("CG75 (replaced by NG234)") or "replaced " in before, before
