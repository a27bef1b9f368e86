"""Branching cases: validation names the problem; walking and scoring."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from course.cases import CaseError, CaseRun, load_case, parse_case
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
