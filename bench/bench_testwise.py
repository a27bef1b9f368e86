"""Test-wise strategies against what learners see: every strategy should score about chance.

A test-wise learner answers without knowing the subject: always the same position, always the
longest option, always the shortest, the option that shares most words with the question, or at
random. This plays each strategy against every graded quiz and against the practice bank, on
the options as a cohort of learners actually sees them (each learner's own shuffled order, from
``course.questions.shuffle``), and prints the expected score beside chance. Ties (two equally long
options, or options within 10% or 4 characters of the longest, which look equally long) are
split evenly, so each figure is an exact expectation over the cohort's orders.

Single-choice questions and each step of a case count one each (multiple-response, numeric and
written questions give no option to pick at random, and are left out). For comparison it also
prints the score of "always the first option" on the bank's fixed order (what the course showed
before options were shuffled).

Prints ``BENCH testwise_<set>_<strategy> value=<score %> baseline=<chance %> ratio=<value/chance>
unit=% diff=<points>`` lines and, last, ``TARGET met`` or ``TARGET missed`` (every strategy
within ``TOLERANCE`` percentage points of chance, on the orders learners see).

Usage: ``python bench/bench_testwise.py [--learners N]``
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("BONECOURSE_PROGRESS", os.devnull)

from course.questions.lint import CUES, ChoiceSet, choice_sets, cue_picks  # noqa: E402
from course.questions.shuffle import option_order  # noqa: E402

TOLERANCE = 10.0  # percentage points

Strategy = Callable[[ChoiceSet, list[str]], list[str]]  # -> the keys it would pick (tied)


def strategies(max_options: int) -> dict[str, Strategy]:
    """Each strategy: the keys it would pick among the shown ``order`` (several when tied).

    The content cues (longest, shortest, stem words) are the linter's own (``cue_picks``), so
    the benchmark measures what ``bonecourse bank lint`` enforces.
    """
    out: dict[str, Strategy] = {}
    for p in range(max_options):
        # an item with fewer options than p+1: the learner picks its last one
        out[f"position{p + 1}"] = lambda cs, order, p=p: [order[min(p, len(order) - 1)]]
    for cue in CUES:
        out[cue.replace("-", "_")] = lambda cs, order, cue=cue: cue_picks(cs)[cue]
    out["random"] = lambda cs, order: list(order)
    return out


def expected_score(sets: Sequence[ChoiceSet], strategy: Strategy, seeds: Sequence) -> float:
    """Mean share of questions right (ties split evenly), over the learners' orders."""
    total = 0.0
    for seed in seeds:
        for cs in sets:
            order = option_order(cs.label, [o.key for o in cs.options], seed)
            picks = strategy(cs, order)
            total += sum(k in cs.keys for k in picks) / len(picks)
    return 100 * total / (len(sets) * len(seeds))


def chance(sets: Sequence[ChoiceSet]) -> float:
    return 100 * sum(1 / len(cs.options) for cs in sets) / len(sets)


def question_sets(bank) -> dict[str, list[ChoiceSet]]:
    """``{name: choice sets}`` for each quiz (a module's assessment items) and the practice bank."""
    out: dict[str, list[ChoiceSet]] = {}
    for module in sorted(bank.modules):
        sets = [cs for i in bank.select(module=module, use="assessment") for cs in choice_sets(i)]
        if sets:
            out[f"quiz_{module}"] = sets
    out["all_quizzes"] = [cs for i in bank.select(use="assessment") for cs in choice_sets(i)]
    out["practice"] = [cs for i in bank.select(use="practice") for cs in choice_sets(i)]
    return out


def _bank():
    from course.questions import bank as bank_module

    trainer = getattr(bank_module, "trainer_bank", None)
    return trainer() if trainer else bank_module.load_bank()


def run(bank, learners: int, out=None) -> bool:
    """Print the figures; return whether every strategy is within the target of chance."""
    out = out or sys.stdout
    seeds = [f"learner{n:03d}" for n in range(learners)]
    met = True
    for name, sets in question_sets(bank).items():
        if not sets:
            continue
        base = chance(sets)
        widest = max(len(cs.options) for cs in sets)
        for strategy_name, strategy in strategies(widest).items():
            value = expected_score(sets, strategy, seeds)
            diff = value - base
            met &= abs(diff) <= TOLERANCE
            print(
                f"BENCH testwise_{name}_{strategy_name} value={value:.1f} baseline={base:.1f} "
                f"ratio={value / base:.2f} unit=% diff={diff:+.1f} n={len(sets)}",
                file=out,
            )
        fixed = expected_score(sets, strategies(1)["position1"], [None])
        print(
            f"BENCH testwise_{name}_first_in_bank_order value={fixed:.1f} baseline={base:.1f} "
            f"ratio={fixed / base:.2f} unit=% diff={fixed - base:+.1f} n={len(sets)} "
            "(fixed order, for comparison)",
            file=out,
        )
    print("TARGET met" if met else "TARGET missed", file=out)
    return met


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=200, help="cohort size (orders drawn)")
    args = parser.parse_args(argv)
    run(_bank(), args.learners)
    return 0


if __name__ == "__main__":
    sys.exit(main())
