"""Learners' feedback on a graded quiz teaches without handing out the key (issue 13.5)."""

from __future__ import annotations

import html
import shutil
from pathlib import Path

import nbformat
import pytest

from course.grading import saved
from course.grading.answers import Mark
from course.grading.build import build_notebook, quiz_name
from course.grading.feedback import add_quiz_feedback, question_feedback_html

QUIZ = quiz_name("99_fixture")
FIXTURE_BANK = Path(__file__).with_name("bank")


def _item(items, kind):
    return next(i for i in items if i.type == kind)


def test_wrong_single_choice_shows_its_own_feedback_and_the_explanation_only(fixture_items):
    item = _item(fixture_items, "single")  # key a; shown order c, a, b
    page = question_feedback_html(item, Mark(0.0, 1.0, "c", "clicked"), ["c", "a", "b"])
    assert "0 of 1 points" in page
    assert "A. Myeloma" in page  # the letter the learner saw, not the bank key
    assert item.option("c").feedback in page
    assert item.explanation in page
    assert item.option("a").feedback not in page and item.option("b").feedback not in page


def test_wrong_multiple_response_feedback_names_no_left_out_option(fixture_items):
    item = _item(fixture_items, "multiple")  # key a, b
    page = question_feedback_html(item, Mark(0.0, 2.0, ["c"], "clicked"), ["a", "b", "c"])
    assert item.option("c").feedback in page
    assert "2 more options apply" in page
    assert item.option("a").feedback not in page and item.option("b").feedback not in page


def test_full_key_is_shown_only_when_the_trainer_turns_it_on(fixture_items):
    item = _item(fixture_items, "multiple")
    mark = Mark(0.0, 2.0, ["c"], "clicked")
    full = question_feedback_html(item, mark, ["a", "b", "c"], full_key=True)
    assert all(o.feedback in full for o in item.options)
    assert "Every option" in full
    text = _item(fixture_items, "text")
    written = Mark(None, 2.0, "Local policy governs practice.", "clicked")
    model = html.escape(text.model_answer)
    assert model not in question_feedback_html(text, written)
    assert model in question_feedback_html(text, written, full_key=True)


def test_unanswered_and_unreadable_answers_are_said_plainly(fixture_items):
    item = _item(fixture_items, "single")
    assert "not answered" in question_feedback_html(item, Mark(0.0, 1.0, None, "none"))
    odd = question_feedback_html(item, Mark(0.0, 1.0, "(b", "unreadable", "note"))
    assert "could not be read" in odd


def test_add_quiz_feedback_replaces_controls_and_checks(fixture_bank, fixture_items):
    nb = build_notebook(fixture_bank.modules["99_fixture"], fixture_items)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = [nbformat.v4.new_output("stream", text="Answer saved: B")]
    single = _item(fixture_items, "single")
    marks = {single.id: Mark(1.0, 1.0, "a", "clicked")}
    add_quiz_feedback(nb, marks, fixture_bank, {single.id: ["b", "a", "c"]})
    cells = {c.metadata["nbgrader"]["grade_id"]: c for c in nb.cells}
    answer_html = cells[f"{single.id}-answer"].outputs[0]["data"]["text/html"]
    assert "B. Breast cancer" in answer_html
    check_html = cells[single.id].outputs[0]["data"]["text/html"]
    assert "1 of 1 points" in check_html and single.option("a").feedback in check_html
    other = _item(fixture_items, "numeric")
    assert cells[other.id].outputs[0]["text"] == "Answer saved: B"  # no mark: left alone


@pytest.fixture
def graded_course(tmp_path, fixture_bank, fixture_items):
    """A course folder with the fixture quiz's source, the bank, and one submission."""
    nb = build_notebook(fixture_bank.modules["99_fixture"], fixture_items)
    (tmp_path / "source" / QUIZ).mkdir(parents=True)
    nbformat.write(nb, tmp_path / "source" / QUIZ / f"{QUIZ}.ipynb")
    shutil.copytree(FIXTURE_BANK, tmp_path / "bank")
    folder = tmp_path / "submitted" / "ann" / QUIZ
    folder.mkdir(parents=True)
    nbformat.write(nb, folder / f"{QUIZ}.ipynb")
    record = {
        "format": 1,
        "quiz": QUIZ,
        "item": "m99-single",
        "type": "single",
        "seed": "ann",
        "order": ["b", "c", "a"],
        "value": "b",
        "typed": None,
        "seq": 3,
    }
    saved.write_answers_file(saved.answers_file(folder, QUIZ), QUIZ, {"m99-single": record})
    return tmp_path, nb


@pytest.mark.parametrize("full_key", [False, True])
def test_quiz_feedback_preprocessor_marks_the_submitted_answers(graded_course, full_key):
    from traitlets.config import Config

    from course.grading.preprocessors import QuizFeedback

    course, nb = graded_course
    config = Config()
    config.CourseDirectory.root = str(course)
    config.QuizFeedback.full_key = full_key
    resources = {"nbgrader": {"assignment": QUIZ, "student": "ann", "notebook": QUIZ}}
    out, _ = QuizFeedback(config=config).preprocess(nb, resources)
    check = next(c for c in out.cells if c.metadata["nbgrader"]["grade_id"] == "m99-single")
    page = check.outputs[0]["data"]["text/html"]
    assert "0 of 1 points" in page and "A. Basal cell skin cancer" in page
    right_feedback = "Right: breast cancer is among the commonest to spread to bone."
    assert (right_feedback in page) is full_key


def test_our_preprocessors_run_when_listed_in_an_exporter(graded_course):
    """nbconvert skips a disabled preprocessor silently; listed in GenerateFeedback's
    preprocessors ours must run (as nbgrader registers them: by name, on an exporter)."""
    from nbconvert.exporters import NotebookExporter
    from traitlets.config import Config

    course, nb = graded_course
    config = Config()
    config.CourseDirectory.root = str(course)
    exporter = NotebookExporter(config=config)
    exporter.register_preprocessor("course.grading.preprocessors.QuizFeedback")
    exporter.register_preprocessor("course.grading.preprocessors.RedactHiddenTests")
    resources = {"nbgrader": {"assignment": QUIZ, "student": "ann", "notebook": QUIZ}}
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    assert "bc-quiz-feedback" in body
