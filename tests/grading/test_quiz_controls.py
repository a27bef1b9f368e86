"""A graded quiz in the learner's kernel: controls in the learner's order, every change saved at
once (answer cell output and answers file), restored on reopening, no word on correctness."""

from __future__ import annotations

import json

import pytest

from course.grading import saved
from course.grading.build import QuizItem, public_question
from course.grading.runtime import FormCheck, Quiz
from course.questions.shuffle import option_order
from course.widgets.controls import MultipleChoice, NumberInput, SingleChoice, TextArea
from course.widgets.quiz_controls import question_controls

QUIZ = "quiz_99_fixture"


@pytest.fixture
def questions(fixture_items):
    return {i.id: public_question(QuizItem(n, i)) for n, i in enumerate(fixture_items, 1)}


@pytest.fixture
def quiz(questions, tmp_path):
    return Quiz(QUIZ, questions, folder=tmp_path, seed="learner-1")


def _run(quiz, code, **answers):
    namespace = {"quiz": quiz, **answers}
    exec(code, namespace)
    return namespace.get("result")


def _controls(widget):
    return [c for c in widget.children]


def test_options_are_in_the_learners_order_lettered_and_named_by_the_question(questions):
    order = option_order("m99-single", ["a", "b", "c"], "learner-1")
    box = question_controls(questions["m99-single"], order, None, lambda v: None)
    (choice,) = _controls(box)
    assert isinstance(choice, SingleChoice)
    assert choice.option_keys == order
    assert [label[:2] for _, label in choice.options] == ["A.", "B.", "C."]
    assert choice.label.startswith("Question 1. Which cancer")


def test_orders_differ_between_learners_and_stay_for_one(questions, tmp_path):
    orders = {tuple(Quiz(QUIZ, questions, folder=tmp_path, seed=f"s{i}").order("m99-single"))
              for i in range(12)}  # fmt: skip
    assert len(orders) > 1
    one = Quiz(QUIZ, questions, folder=tmp_path, seed="s1")
    assert one.order("m99-single") == Quiz(QUIZ, questions, folder=tmp_path, seed="s1").order(
        "m99-single"
    )


@pytest.mark.parametrize(
    ("item", "kind"),
    [
        ("m99-multiple", MultipleChoice),
        ("m99-numeric", NumberInput),
        ("m99-text", TextArea),
        ("m99-case", SingleChoice),
    ],
)
def test_each_type_gets_the_self_checks_kind_of_control(questions, item, kind):
    q = questions[item]
    order = [[k for k, _ in st["options"]] for st in q["steps"]] if "steps" in q else []
    if "options" in q:
        order = [k for k, _ in q["options"]]
    controls = _controls(question_controls(q, order, None, lambda v: None))
    assert all(isinstance(c, kind) for c in controls)
    assert all(c.label.startswith(f"Question {q['n']}") for c in controls)
    if item == "m99-numeric":
        assert controls[0].unit == "mmol/L"


def test_a_click_is_saved_at_once_to_the_file_and_the_output(quiz, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda *a, **k: shown.append((a, k)))
    _run(quiz, "quiz.ask('m99-single')", answer_1="")
    box = shown[0][0][0]
    choice = box.children[0]
    choice.value = choice.option_keys[1]  # the learner clicks "B"
    data = json.loads(saved.answers_file(tmp_path, QUIZ).read_text())
    record = data["answers"]["m99-single"]
    assert record["value"] == choice.option_keys[1] and record["order"] == choice.option_keys
    assert saved.validate_record(record, QUIZ)
    assert not list(tmp_path.glob("*.tmp"))  # written atomically, nothing left over


def test_reopening_restores_the_choices(questions, tmp_path):
    first = Quiz(QUIZ, questions, folder=tmp_path, seed="learner-1")
    first.changed("m99-multiple", ["a", "c"])
    first.changed("m99-numeric", "2,6")
    again = Quiz(QUIZ, questions, folder=tmp_path, seed="learner-1")
    assert again.records["m99-multiple"]["value"] == ["a", "c"]
    box = question_controls(
        questions["m99-multiple"], again.order("m99-multiple"), ["a", "c"], lambda v: None
    )
    assert sorted(box.children[0].value) == ["a", "c"]


def test_reopening_restores_from_the_notebook_when_the_file_is_gone(questions, tmp_path):
    rec = Quiz(QUIZ, questions, folder=tmp_path, seed="s")._record("m99-single") | {"value": "b"}
    nb = {"cells": [{"cell_type": "code", "outputs": [{"data": {saved.MIME: rec}}]}]}
    (tmp_path / f"{QUIZ}.ipynb").write_text(json.dumps(nb))
    assert Quiz(QUIZ, questions, folder=tmp_path, seed="s").records["m99-single"]["value"] == "b"


def test_typed_answer_sets_the_control_through_the_letters_shown(quiz):
    order = quiz.order("m99-single")
    _run(quiz, "quiz.ask('m99-single')", answer_1="b")
    assert quiz.records["m99-single"]["value"] == order[1]
    assert quiz.records["m99-single"]["typed"] == "b"


def test_check_says_saved_or_not_answered_and_never_right_or_wrong(quiz, capsys):
    result = _run(quiz, "result = quiz.check('m99-single')", answer_1="")
    assert isinstance(result, FormCheck) and repr(result) == "0"
    assert str(result).startswith("Not answered yet")
    quiz.changed("m99-single", quiz.order("m99-single")[0])
    assert _run(quiz, "result = quiz.check('m99-single')", answer_1="") is None
    quiz.changed("m99-case", [quiz.order("m99-case")[0][0], None])
    result = _run(quiz, "result = quiz.check('m99-case')", answer_5="")
    assert "step 2" in str(result)


def test_saved_output_names_the_answer_without_judging_it(quiz):
    from course.grading.saved import answer_output

    quiz.changed("m99-single", "a")
    line = answer_output(quiz.records["m99-single"], quiz.questions["m99-single"])["text/plain"]
    assert "answer saved" in line
    assert not any(w in line.lower() for w in ("right", "wrong", "correct"))


def test_unwritable_folder_keeps_the_answer_and_says_so(quiz, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(saved, "write_answers_file", refuse)
    quiz.changed("m99-single", "a")
    assert quiz.records["m99-single"]["value"] == "a"
    assert "could not be saved beside the notebook" in quiz.save_problem
    result = _run(quiz, "result = quiz.check('m99-single')", answer_1="")
    assert result is None  # answered: the notebook output still holds it


def test_learner_kernel_needs_nothing_secret(questions):
    """The public part holds no key and no feedback, so the kernel cannot hand one out."""
    text = json.dumps(questions)
    assert "answer" not in json.dumps([sorted(q) for q in questions.values()])
    assert "feedback" not in text and "Right:" not in text


def test_reopening_keeps_the_order_seen_even_if_the_seed_changed(questions, tmp_path):
    first = Quiz(QUIZ, questions, folder=tmp_path, seed="old-seed")
    order = first.order("m99-single")
    first.changed("m99-single", order[0])
    again = Quiz(QUIZ, questions, folder=tmp_path, seed="new-seed")
    record = again._record("m99-single")
    assert record["order"] == order and record["value"] == order[0]
