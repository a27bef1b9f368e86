"""Every learning objective is sampled: by a practice item and by a graded (assessment) item.

A graded quiz a trainer can defend tests every objective its module states, and a learner can
practise every objective before the quiz. Practice items are read as learners get them
(:func:`course.questions.bank.default_bank`), assessment items as trainers do
(:func:`course.questions.bank.trainer_bank`). The check itself is tested on a small bank written
to a temporary folder, so it is known to fail when an objective has no item.
"""

from __future__ import annotations

import pytest
import yaml

from course.questions.bank import Bank, default_bank, load_bank, trainer_bank

#: Objectives that still have no practice item, each with why. Practice items live in
#: ``assets/bank`` (owned by the module authors); this list may only shrink, and
#: ``test_known_practice_gaps_are_still_open`` fails once an entry has been filled.
KNOWN_PRACTICE_GAPS: dict[tuple[str, str], str] = {}


def coverage_gaps(practice: Bank, trainer: Bank) -> set[tuple[str, str, str]]:
    """The objectives that no item samples, for each use.

    Parameters
    ----------
    practice
        The practice bank as learners get it (its modules give the objectives too).
    trainer
        The trainer's bank, whose assessment items are counted.

    Returns
    -------
    set of tuple
        ``(module, objective, use)`` for every objective of every module with no item of that
        use (``"practice"`` or ``"assessment"``).
    """
    modules = {**practice.modules, **trainer.modules}
    gaps = set()
    for name, module in modules.items():
        for objective in module.objectives:
            for use, bank in (("practice", practice), ("assessment", trainer)):
                if not bank.select(module=name, use=use, objective=objective):
                    gaps.add((name, objective, use))
    return gaps


@pytest.fixture(scope="module")
def course_gaps() -> set[tuple[str, str, str]]:
    return coverage_gaps(default_bank(), trainer_bank())


def test_every_objective_has_an_assessment_item(course_gaps):
    missing = sorted((m, o) for m, o, use in course_gaps if use == "assessment")
    assert not missing, f"objectives with no assessment item in quizzes/bank: {missing}"


def test_every_objective_has_a_practice_item(course_gaps):
    missing = sorted(
        (m, o)
        for m, o, use in course_gaps
        if use == "practice" and (m, o) not in KNOWN_PRACTICE_GAPS
    )
    assert not missing, f"objectives with no practice item in assets/bank: {missing}"


def test_known_practice_gaps_are_still_open(course_gaps):
    filled = sorted(
        key for key in KNOWN_PRACTICE_GAPS if (key[0], key[1], "practice") not in course_gaps
    )
    assert not filled, f"these now have a practice item: remove them from the list: {filled}"


# ---------------------------------------------------------------- the check on a small bank


def _item(item_id: str, objective: str, use: str) -> dict:
    return {
        "id": item_id,
        "objective": objective,
        "type": "single",
        "use": use,
        "stem": "Which is the demonstration answer?",
        "options": [
            {"key": "a", "text": "The first answer", "feedback": "This one is the answer."},
            {
                "key": "b",
                "text": "The second answer",
                "feedback": "This one is not the answer.",
                "misconception": "The second is the answer.",
            },
        ],
        "answer": "a",
        "explanation": "The first is the answer.",
        "points": 1,
        "source": "komarova-2003",
    }


def _write_bank(root, practice: dict[str, str], assessment: dict[str, str]) -> tuple[Bank, Bank]:
    """A module of three objectives with practice and assessment items as given (id: objective)."""
    practice_dir = root / "assets" / "bank"
    assessment_dir = root / "quizzes" / "bank"
    practice_dir.mkdir(parents=True)
    assessment_dir.mkdir(parents=True)
    objectives = {f"O{n}": f"Demonstrate objective number {n}." for n in (1, 2, 3)}
    practice_file = {
        "module": "99_demo",
        "title": "Demonstration module",
        "objectives": objectives,
        "items": [_item(i, o, "practice") for i, o in practice.items()],
    }
    assessment_file = {
        "module": "99_demo",
        "items": [_item(i, o, "assessment") for i, o in assessment.items()],
    }
    (practice_dir / "99_demo.yml").write_text(yaml.safe_dump(practice_file), encoding="utf-8")
    (assessment_dir / "99_demo.yml").write_text(yaml.safe_dump(assessment_file), encoding="utf-8")
    return load_bank(practice_dir).only("practice"), load_bank(practice_dir, assessment_dir)


def test_a_complete_bank_has_no_gaps(tmp_path):
    ids = {"m99-one": "O1", "m99-two": "O2", "m99-three": "O3"}
    practice, trainer = _write_bank(tmp_path, ids, {f"{k}-graded": o for k, o in ids.items()})
    assert coverage_gaps(practice, trainer) == set()


def test_gaps_name_the_objective_and_the_missing_use(tmp_path):
    practice, trainer = _write_bank(
        tmp_path,
        {"m99-one": "O1", "m99-two": "O2"},
        {"m99-one-graded": "O1", "m99-three-graded": "O3"},
    )
    assert coverage_gaps(practice, trainer) == {
        ("99_demo", "O3", "practice"),
        ("99_demo", "O2", "assessment"),
    }


def test_assessment_items_do_not_count_as_practice(tmp_path):
    """An objective sampled only by the graded quiz still lacks a practice item."""
    practice, trainer = _write_bank(
        tmp_path,
        {"m99-one": "O1", "m99-two": "O2"},
        {"m99-one-graded": "O1", "m99-two-graded": "O2", "m99-three-graded": "O3"},
    )
    assert ("99_demo", "O3", "practice") in coverage_gaps(practice, trainer)
    assert ("99_demo", "O3", "assessment") not in coverage_gaps(practice, trainer)
