"""Item statistics against values worked out by hand on a tiny cohort."""

from __future__ import annotations

import math

import pytest

from course.grading.item_analysis import (
    NO_ANSWER,
    analyse,
    cronbach_alpha,
    facility,
    kr20,
    pearson,
    point_biserial,
    upper_lower,
)

# Four learners, three one-mark items.  Totals 3, 2, 1, 0.
TINY = {
    "ann": [1, 1, 1],
    "bob": [1, 1, 0],
    "cat": [1, 0, 0],
    "dan": [0, 0, 0],
}


def test_facility_is_the_proportion_correct():
    assert facility([1, 1, 1, 0]) == 0.75
    assert facility([0.5, 1.0]) == 0.75


def test_kr20_by_hand():
    # p = .75, .5, .25; sum pq = .1875 + .25 + .1875 = .625; var(3, 2, 1, 0) = 1.25
    # KR-20 = 3/2 * (1 - .625 / 1.25) = 0.75
    assert kr20(list(TINY.values())) == pytest.approx(0.75)
    # with right/wrong items, alpha equals KR-20
    assert cronbach_alpha(list(TINY.values())) == pytest.approx(0.75)


def test_point_biserial_by_hand():
    # item 1 = 1, 1, 1, 0; rest score = 2, 1, 0, 0
    # sxy = .75, sxx = .75, syy = 2.75: r = .75 / sqrt(.75 * 2.75) = 0.52223
    assert point_biserial([1, 1, 1, 0], [2, 1, 0, 0]) == pytest.approx(0.522233, abs=1e-6)


def test_upper_lower_by_hand():
    # 27% of 4 rounds to 1 learner per group: ann (3) against dan (0)
    totals = [3, 2, 1, 0]
    assert upper_lower([1, 1, 1, 0], totals) == 1.0
    assert upper_lower([0, 1, 1, 1], totals) == -1.0
    # ties at the bottom are broken by the order given (learner id), reproducibly
    assert upper_lower([1, 0, 0, 1], [2, 2, 0, 0], order=["a", "b", "c", "d"]) == 0.0


def test_undefined_statistics_are_none_not_errors():
    assert pearson([1, 1, 1], [0, 1, 2]) is None
    assert kr20([[1, 1], [1, 1]]) is None
    assert kr20([[1], [0]]) is None
    assert upper_lower([1], [1]) is None


def test_analyse_a_tiny_cohort(fixture_items):
    single, multiple, numeric = (
        next(i for i in fixture_items if i.type == t) for t in ("single", "multiple", "numeric")
    )
    items = [single, multiple, numeric]
    scores = {
        s: {i.id: v * i.points for i, v in zip(items, row, strict=True)} for s, row in TINY.items()
    }
    responses = {
        "ann": {single.id: "a", multiple.id: ["a", "b"], numeric.id: 2.6},
        "bob": {single.id: "a", multiple.id: ["a", "b"], numeric.id: 2.2},
        "cat": {single.id: "a", multiple.id: ["c"], numeric.id: 2.2},
        "dan": {single.id: "b", multiple.id: NO_ANSWER, numeric.id: 9.0},
    }
    stats = analyse("quiz_99_fixture", items, scores, responses)
    assert stats.n_learners == 4
    assert [s.facility for s in stats.items] == [0.75, 0.5, 0.25]
    # rest scores in points for item 1: 3, 2, 0, 0 against 1, 1, 1, 0:
    # sxy = 1.25, sxx = .75, syy = 6.75: r = 1.25 / sqrt(.75 * 6.75) = 1.25 / 2.25
    assert stats.items[0].point_biserial == pytest.approx(5 / 9)
    assert stats.kr20 == pytest.approx(0.75)
    # totals in points: 4, 3, 1, 0 (the multiple-choice item is worth 2)
    assert stats.mean_score == 2.0
    assert stats.sd_score == pytest.approx(math.sqrt(2.5))
    by_label = {o.label: o for o in stats.items[0].options}
    assert by_label["a"].count == 3 and by_label["a"].correct
    assert by_label["b"].count == 1 and by_label["b"].misconception.startswith("All skin")
    assert by_label["c"].count == 0
    numeric_counts = {o.label: o.count for o in stats.items[2].options}
    assert numeric_counts == {"2.6": 1, "2.2": 2, "(another wrong value)": 1, NO_ANSWER: 0}
    multiple_counts = {o.label: o.count for o in stats.items[1].options}
    assert multiple_counts == {"a": 2, "b": 2, "c": 1, NO_ANSWER: 1}


def test_flags_name_hard_items_and_common_misconceptions(fixture_items):
    single = next(i for i in fixture_items if i.type == "single")
    other = next(i for i in fixture_items if i.type == "numeric")
    learners = [f"l{n}" for n in range(10)]
    scores = {
        s: {single.id: 1.0 if n < 2 else 0.0, other.id: 1.0 if n < 5 else 0.0}
        for n, s in enumerate(learners)
    }
    responses = {
        s: {single.id: "a" if n < 2 else "c", other.id: 2.6} for n, s in enumerate(learners)
    }
    stats = analyse("q", [single, other], scores, responses)
    flags = " ".join(stats.items[0].flags)
    assert "hard (facility 0.20): re-teach objective O2" in flags
    assert "80% chose c: Myeloma is a cancer that has spread to bone." in flags
    assert stats.reteach()[0].startswith("Q1 (m99-single)")


def test_unmarked_answers_are_left_out_and_noted(fixture_items):
    single = next(i for i in fixture_items if i.type == "single")
    text = next(i for i in fixture_items if i.type == "text")
    scores = {
        "a": {single.id: 1.0, text.id: 2.0},
        "b": {single.id: 0.0, text.id: None},
        "c": {single.id: 1.0, text.id: 1.0},
    }
    stats = analyse("q", [single, text], scores)
    assert stats.items[1].n == 2 and stats.items[1].facility == 0.75
    assert any("not marked yet" in n for n in stats.notes)
    assert any("Reliability uses the 1 item" in n for n in stats.notes)
    assert stats.kr20 is None  # one item is not enough for a reliability
