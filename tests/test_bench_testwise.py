"""The test-wise benchmark scores strategies correctly: a cue it should find, it finds."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from course.questions.bank import Bank
from tests.questions.test_lint import FAIR, module, single

_spec = importlib.util.spec_from_file_location(
    "bench_testwise", Path(__file__).resolve().parent.parent / "bench" / "bench_testwise.py"
)
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)


def _sets(opts, answer, n=6):
    items = [single(f"m99-q{i}", opts, answer, f"Question {i}?") for i in range(n)]
    return [cs for item in module(*items).items for cs in bench.choice_sets(item)]


def test_always_longest_scores_full_marks_when_the_key_is_longest():
    opts = [("A much longer and more qualified answer", "x"), ("Short one", "y"), ("Brief", "z")]
    sets = _sets(opts, "a")
    assert bench.expected_score(sets, bench.strategies(3)["longest"], ["s1", "s2"]) == 100.0
    assert bench.chance(sets) == pytest.approx(100 / 3)


def test_shuffled_positions_score_about_chance_while_the_fixed_order_does_not():
    sets = _sets(FAIR, "a", n=30)
    seeds = [f"learner{n}" for n in range(60)]
    first = bench.expected_score(sets, bench.strategies(3)["position1"], seeds)
    assert abs(first - 100 / 3) < 5
    assert bench.expected_score(sets, bench.strategies(3)["position1"], [None]) == 100.0


def test_options_that_look_equally_long_are_a_tie():
    opts = [("Breast cancer", "x"), ("Bowel cancer", "y"), ("Basal cell skin cancer", "z")]
    sets = _sets(opts, "a")
    # 13 and 12 characters look alike: "shortest" picks one of the two
    assert bench.expected_score(sets, bench.strategies(3)["shortest"], ["s"]) == 50.0


def test_run_reports_every_set_and_the_target(capsys):
    bank = Bank([module(*[single(f"m99-q{i}", FAIR, "abc"[i % 3], f"Q{i}?") for i in range(6)])])
    bench.run(bank, learners=20)
    out = capsys.readouterr().out
    assert "BENCH testwise_practice_longest" in out and out.strip().splitlines()[-1] in (
        "TARGET met",
        "TARGET missed",
    )
