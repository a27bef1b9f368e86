"""Marking responses: every item type, numeric parsing, wrong forms, certainty-based marks."""

from __future__ import annotations

import pytest

from course.questions.bank import parse_module
from course.questions.marking import (
    AnswerFormatError,
    cbm_mark,
    check_answer,
    check_step,
    parse_numeric,
)

from .test_bank import GOOD, dump

MODULE = parse_module(dump(GOOD), "99_test.yml")
ITEMS = {i.id: i for i in MODULE.items}


@pytest.mark.parametrize(
    "typed,value",
    [
        ("2.8", 2.8),
        ("2,8", 2.8),
        ("2.8 mmol/L", 2.8),
        ("2.8mmol/l", 2.8),
        (" 2.80 ", 2.8),
        ("-0.5", -0.5),
        (".5", 0.5),
        (3, 3.0),
        (2.75, 2.75),
        ("2,8 MMOL/L", 2.8),
    ],
)
def test_numbers_are_read_the_way_people_type_them(typed, value):
    assert parse_numeric(typed, "mmol/L") == pytest.approx(value)


@pytest.mark.parametrize(
    "typed,expected",
    [
        ("", "No answer yet"),
        ("   ", "No answer yet"),
        ("about three", "not a number"),
        ("11.2 mg/dL", "asks for the answer in mmol/L"),
        ("2.8 - 3.0", "not a number"),
        ("2..8", "not a number"),
        (None, "No answer yet"),
        (True, "Type a number"),
    ],
)
def test_wrong_forms_get_a_message_naming_the_expected_form(typed, expected):
    with pytest.raises(AnswerFormatError, match=expected):
        parse_numeric(typed, "mmol/L")


def test_unit_on_a_unitless_item_is_refused_clearly():
    with pytest.raises(AnswerFormatError, match="plain number"):
        parse_numeric("4 points", "")


def test_single_choice_feedback_is_for_the_chosen_option():
    item = ITEMS["m99-single"]
    right = check_answer(item, "a")
    assert right.correct and right.points == 1 and right.feedback[0].kind == "right"
    wrong = check_answer(item, "B")
    assert wrong.correct is False and wrong.points == 0
    assert wrong.feedback[0].text == "Tempting, but b is not it."
    assert wrong.misconceptions == ["b is a"]


@pytest.mark.parametrize(
    "response,message",
    [(None, "Choose one option"), ("e", "'e' is not an option"), ("a, b", "only one option")],
)
def test_single_choice_bad_forms(response, message):
    with pytest.raises(AnswerFormatError, match=message):
        check_answer(ITEMS["m99-single"], response)


def test_multiple_choice_partial_credit_and_missed_feedback():
    item = ITEMS["m99-multi"]
    full = check_answer(item, ["c", "a"])
    assert full.correct and full.fraction == 1 and full.points == 2
    half = check_answer(item, ["a"])
    assert half.correct is False and half.fraction == 0.5 and half.points == 1
    assert [f.kind for f in half.feedback] == ["right", "missed"]
    penalised = check_answer(item, "a, b, c")
    assert penalised.fraction == pytest.approx(0.5)
    assert check_answer(item, ["b"]).fraction == 0


def test_wrong_multiple_response_feedback_does_not_hand_out_the_key():
    item = ITEMS["m99-multi"]  # key a and c
    result = check_answer(item, ["b"])
    # the chosen option's feedback, and a count of what was left out: never which
    assert [(f.kind, f.option) for f in result.feedback] == [("wrong", "b"), ("missed", "")]
    assert "2 more options apply" in result.feedback[1].text
    shown = " ".join(f.text for f in result.feedback)
    for key in item.correct_keys:
        assert item.option(key).feedback not in shown
    full = check_answer(item, ["b"], full_key=True)
    assert {f.option for f in full.feedback if f.kind == "missed"} == {"a", "c"}


def test_numeric_right_within_tolerance_and_known_slip_feedback():
    item = ITEMS["m99-numeric"]
    assert check_answer(item, "2,81 mmol/L").correct
    assert not check_answer(item, "2.83").correct
    slip = check_answer(item, "2.2")
    assert slip.feedback[0].text == "You subtracted the correction."
    assert slip.misconceptions == ["subtract"]
    assert check_answer(item, "3.5").feedback[0].text == "Not quite."


def test_free_text_is_not_auto_marked_but_shows_the_model_answer():
    item = ITEMS["m99-text"]
    result = check_answer(item, "Because the course is general.")
    assert result.correct is None and result.points == 0
    assert "model answer" in result.feedback[0].text
    with pytest.raises(AnswerFormatError):
        check_answer(item, " ")


def test_case_marks_each_step():
    item = ITEMS["m99-case"]
    assert check_answer(item, ["a", "b"]).correct
    half = check_answer(item, "a a")
    assert half.fraction == 0.5 and half.points == 1
    with pytest.raises(AnswerFormatError, match="2 steps"):
        check_answer(item, ["a"])
    step = check_step(item, 1, "a")
    assert step.correct is False and step.item_id == "m99-case#2"
    with pytest.raises(AnswerFormatError):
        check_step(item, 0, "z")


def test_certainty_based_marks_follow_moodle():
    assert [cbm_mark(True, c) for c in ("guessing", "fairly sure", "sure")] == [1, 2, 3]
    assert [cbm_mark(False, c) for c in ("guessing", "fairly sure", "sure")] == [0, -2, -6]
    with pytest.raises(ValueError, match="confidence must be one of"):
        cbm_mark(True, "certain")


def test_partly_right_earns_a_share_of_the_certainty_reward():
    assert cbm_mark(0.5, "sure") == 1.5
    assert cbm_mark(0.5, "guessing") == 0.5
    assert cbm_mark(0.0, "fairly sure") == -2
    with pytest.raises(ValueError, match="between 0 and 1"):
        cbm_mark(1.5, "sure")
