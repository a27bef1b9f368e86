"""The grader's marks come from the learner's saved answers, read without running anything."""

from __future__ import annotations

import copy
from pathlib import Path

import nbformat
import pytest

from course.grading.answers import Mark, grader_marks

COURSE = Path(__file__).resolve().parents[2] / "quizzes"
QUIZ = "quiz_00_start_here"


@pytest.fixture(scope="module")
def source_nb():
    return nbformat.read(COURSE / "source" / QUIZ / f"{QUIZ}.ipynb", as_version=4)


def _answer(nb, grade_id: str, line: str):
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == f"{grade_id}-answer":
            cell.source = line
    return nb


def test_every_auto_graded_question_gets_a_mark(source_nb):
    marks = grader_marks(COURSE, QUIZ, source_nb, None)
    assert marks
    assert all(isinstance(m, Mark) for m in marks.values())


def test_unanswered_quiz_earns_nothing_and_says_why(source_nb):
    blank = copy.deepcopy(source_nb)
    for cell in blank.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id", "").endswith("-answer"):
            cell.source = 'answer_1 = ""'
    marks = grader_marks(COURSE, QUIZ, blank, None)
    assert {m.points for m in marks.values()} == {0.0}
    assert {m.how for m in marks.values()} == {"none"}


def test_answer_code_is_never_run(source_nb, tmp_path):
    flag = tmp_path / "ran"
    grade_id = next(iter(grader_marks(COURSE, QUIZ, source_nb, None)))
    nb = _answer(source_nb, grade_id, f"open({str(flag)!r}, 'w')\nanswer_1 = 'a'")
    grader_marks(COURSE, QUIZ, nb, None)
    assert not flag.exists()
