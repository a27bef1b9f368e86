"""The code a quiz runs: form checks never raise; hidden marking equals the self-checks'."""

from __future__ import annotations

import pytest

from course.grading.build import item_key
from course.grading.runtime import FormCheck, Quiz, Score, WrongAnswer
from course.questions.marking import check_answer


def run(code: str, **answers):
    namespace = {"quiz": Quiz("quiz_99_fixture"), **answers}
    exec(f"result = {code}", namespace)
    return namespace["result"]


def test_unanswered_check_says_so_and_reads_as_zero_points():
    result = run("quiz.check('answer_1', 'single', options='abc')", answer_1="")
    assert isinstance(result, FormCheck)
    assert repr(result) == "0"
    assert str(result).startswith("Not answered yet")


def test_deleted_answer_line_is_not_an_exception():
    result = run("quiz.check('answer_1', 'single', options='abc')")
    assert "missing from the answer cell" in str(result)


@pytest.mark.parametrize(
    ("call", "value", "message"),
    [
        ("quiz.check('answer_1', 'single', options='abc')", "e", "not an option"),
        ("quiz.check('answer_1', 'single', options='abc')", "a, b", "only one"),
        ("quiz.check('answer_1', 'numeric', unit='mmol/L')", "about three", "not a number"),
        ("quiz.check('answer_1', 'numeric', unit='mmol/L')", "2.6 g/L", "mmol/L"),
        ("quiz.check('answer_1', 'case', steps=['ab', 'ab'])", "a", "2 steps"),
        ("quiz.check('answer_1', 'single', options='abc')", object(), "Choose from"),
    ],
)
def test_badly_formed_answers_get_a_message(call, value, message):
    result = run(call, answer_1=value)
    assert isinstance(result, FormCheck)
    assert message in str(result)


@pytest.mark.parametrize(
    ("call", "value"),
    [
        ("quiz.check('answer_1', 'single', options='abc')", "B"),
        ("quiz.check('answer_1', 'multiple', options='abc')", "a, c"),
        ("quiz.check('answer_1', 'numeric', unit='mmol/L')", "2,6 mmol/L"),
        ("quiz.check('answer_1', 'numeric')", 8),
        ("quiz.check('answer_1', 'case', steps=['ab', 'ab'])", "a, b"),
    ],
)
def test_well_formed_answers_pass_the_check(call, value):
    assert run(call, answer_1=value) is None


def _grade(item, value):
    return run("quiz.grade('answer_1', key)", answer_1=value, key=item_key(item))


def test_right_answer_earns_full_marks(fixture_items, capsys):
    single = next(i for i in fixture_items if i.type == "single")
    assert _grade(single, "a") is None
    assert "Right: 1 of 1 points" in capsys.readouterr().out


def test_wrong_answer_raises_with_the_options_feedback(fixture_items):
    single = next(i for i in fixture_items if i.type == "single")
    with pytest.raises(WrongAnswer) as info:
        _grade(single, "c")
    assert single.option("c").feedback in str(info.value)


def test_numeric_distractor_gets_its_own_feedback(fixture_items):
    numeric = next(i for i in fixture_items if i.type == "numeric")
    with pytest.raises(WrongAnswer, match="subtracted the correction"):
        _grade(numeric, "2.2")


def test_partly_right_answers_score_the_self_check_fraction(fixture_items):
    multiple = next(i for i in fixture_items if i.type == "multiple")
    score = _grade(multiple, "a")
    assert isinstance(score, Score)
    assert float(score) == check_answer(multiple, "a").points == 1.0
    assert repr(score) == "1.0"
    case = next(i for i in fixture_items if i.type == "case")
    assert float(_grade(case, "a, a")) == 1.0


def test_unanswered_or_unreadable_answers_score_nothing(fixture_items):
    numeric = next(i for i in fixture_items if i.type == "numeric")
    with pytest.raises(WrongAnswer, match="Not marked: No answer yet"):
        _grade(numeric, "")
    with pytest.raises(WrongAnswer, match="Not answered"):
        run("quiz.grade('answer_1', key)", key=item_key(numeric))


@pytest.mark.parametrize(
    "response", ["a", "b", "c", "a, b", "a, c", "b", "2.6", "2.2", "2.61", "3", "a, b", "b, b"]
)
def test_marking_matches_the_self_checks(fixture_items, response):
    for item in fixture_items:
        if item.type == "text":
            continue
        try:
            expected = check_answer(item, response)
        except ValueError:
            with pytest.raises(WrongAnswer):
                _grade(item, response)
            continue
        if expected.correct:
            assert _grade(item, response) is None
        elif expected.points == 0:
            with pytest.raises(WrongAnswer):
                _grade(item, response)
        else:
            assert float(_grade(item, response)) == pytest.approx(expected.points)


def test_nbgraders_own_autograde_gets_no_mark_and_is_told_why(monkeypatch):
    """The check cells pass whatever was answered, so nbgrader alone (the Formgrader's button)
    would give full marks: under its autograde every check fails with what to run instead."""
    from course.grading.runtime import PlainNbgraderError

    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    monkeypatch.delenv("BONECOURSE_GRADER", raising=False)
    with pytest.raises(PlainNbgraderError, match="bonecourse quiz autograde"):
        run("quiz.check('answer_1', 'single', options='abc')", answer_1="a")
    monkeypatch.setenv("BONECOURSE_GRADER", "1")  # our autograde: marks come from the grader
    assert run("quiz.check('answer_1', 'single', options='abc')", answer_1="a") is None
    monkeypatch.setenv("NBGRADER_EXECUTION", "validate")  # the learner's Validate button
    monkeypatch.delenv("BONECOURSE_GRADER")
    assert run("quiz.check('answer_1', 'single', options='abc')", answer_1="a") is None
