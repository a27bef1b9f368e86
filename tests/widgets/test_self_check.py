"""The self-check widget, headless: choose → feedback; numeric parsing; bad input; groups."""

from __future__ import annotations

import pytest

from course.learner.store import ProgressStore
from course.questions.bank import parse_module
from course.widgets.check_group import CheckGroup
from course.widgets.self_check import SelfCheck, _plain

from ..questions.test_bank import GOOD, dump

ITEMS = {i.id: i for i in parse_module(dump(GOOD), "99_test.yml").items}


@pytest.fixture
def store(tmp_path):
    return ProgressStore(tmp_path / "p.sqlite")


def test_choosing_shows_feedback_for_that_option_and_records_it(store):
    w = SelfCheck(ITEMS["m99-single"], store=store)
    assert w.feedback.value == "" and w.retry_button.disabled
    w.choice.value = "b"
    w.confidence.value = "sure"
    w.check_button.click()
    assert "Tempting, but b is not it." in w.feedback.value
    assert "Not quite" in w.feedback.value
    assert "Certainty-based mark: <b>-6</b>" in w.feedback.value
    assert "a is right." in w.feedback.value  # the explanation
    assert not w.retry_button.disabled
    attempt = store.attempts()[0]
    assert (attempt.item_id, attempt.answer, attempt.correct, attempt.confidence) == (
        "m99-single",
        "b",
        False,
        "sure",
    )
    w.retry_button.click()
    assert w.choice.value is None and w.feedback.value == ""
    w.choice.value = "a"
    w.check_button.click()
    assert "Correct" in w.feedback.value and store.count() == 2


def test_no_choice_gives_a_message_not_a_traceback(store):
    w = SelfCheck(ITEMS["m99-single"], store=store)
    w.check_button.click()
    assert "Choose one option" in w.message.value
    assert w.feedback.value == "" and store.count() == 0


@pytest.mark.parametrize("typed", ["2.8", "2,8", "2.8 mmol/L"])
def test_numeric_accepts_usual_forms(store, typed):
    w = SelfCheck(ITEMS["m99-numeric"], store=store)
    w.number.value = typed
    w.check_button.click()
    assert "Correct" in w.feedback.value
    assert store.attempts()[0].answer == pytest.approx(2.8)


@pytest.mark.parametrize(
    "typed,shown",
    [
        ("abc", "is not a number I can read"),
        ("11 mg/dL", "asks for the answer in mmol/L"),
        ("", "No answer yet"),
    ],
)
def test_numeric_bad_input_shows_the_expected_form(store, typed, shown):
    w = SelfCheck(ITEMS["m99-numeric"], store=store)
    w.number.value = typed
    w.check_button.click()
    assert shown in w.message.value and "Traceback" not in w.message.value
    assert w.feedback.value == "" and store.count() == 0


def test_numeric_known_slip_gets_its_own_feedback(store):
    w = SelfCheck(ITEMS["m99-numeric"], store=store)
    w.number.value = "2.2"
    w.check_button.click()
    assert "You subtracted the correction." in w.feedback.value


def test_multiple_choice_boxes(store):
    w = SelfCheck(ITEMS["m99-multi"], store=store)
    w.ticks.value = ["a"]
    w.check_button.click()
    assert "Partly right" in w.feedback.value and "You missed" in w.feedback.value


def test_case_item_goes_step_by_step(store):
    w = SelfCheck(ITEMS["m99-case"], store=store)
    assert "Step 1 of 2" in w.choice.label  # the step's question names its radio group
    w.choice.value = "b"
    w.check_button.click()
    assert "waiting is unsafe" in w.feedback.value and w.next_button.disabled
    w.retry_button.click()
    w.choice.value = "a"
    w.check_button.click()
    assert not w.next_button.disabled
    w.next_button.click()
    assert "Step 2 of 2" in w.choice.label
    w.choice.value = "b"
    w.check_button.click()
    assert "Case complete" in w.feedback.value
    whole = [a for a in store.attempts() if a.item_id == "m99-case"]
    assert len(whole) == 1 and whole[0].fraction == 0.5  # step 1 was wrong on the first try


def test_free_text_shows_model_answer_without_a_mark(store):
    w = SelfCheck(ITEMS["m99-text"], store=store)
    w.essay.value = "Because it is general teaching."
    w.check_button.click()
    assert "model answer" in w.feedback.value
    assert store.attempts()[0].correct is None


def test_every_control_has_a_label():
    for item in ITEMS.values():
        w = SelfCheck(item, store=False)
        for control in (w.choice, w.ticks, w.number, w.essay, w.confidence):
            if control is not None:
                assert control.label.strip()
        for group in (w.choice, w.ticks):
            if group is not None and item.type != "case":
                assert _plain(item.stem)[:20] in group.label  # the question names the group
        assert w.check_button.description == "Check"


def test_storage_failure_still_shows_feedback(store, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(store, "record", broken)
    w = SelfCheck(ITEMS["m99-single"], store=store)
    w.choice.value = "a"
    with pytest.warns(UserWarning, match="disk full"):
        w.check_button.click()
    assert "Correct" in w.feedback.value
    assert "could not be saved" in w.message.value and "disk full" in w.message.value


def test_group_scores_first_tries_and_summarises(store):
    group = CheckGroup(
        [ITEMS["m99-single"], ITEMS["m99-numeric"], ITEMS["m99-multi"]],
        title="Check 9.9",
        store=store,
    )
    assert "Answered 0 of 3" in group.score.value
    single, numeric, multi = group.checks
    single.choice.value = "b"
    single.confidence.value = "fairly sure"
    single.check_button.click()
    single.retry_button.click()
    single.choice.value = "a"
    single.check_button.click()  # a retry does not change the first-try score
    numeric.number.value = "2.8"
    numeric.confidence.value = "sure"
    numeric.check_button.click()
    assert "Answered 2 of 3" in group.score.value
    multi.ticks.value = ["a", "c"]
    multi.check_button.click()
    assert group.complete
    assert "3 of 4 on first tries (75%)" in group.score.value
    assert "Certainty-based total: <b>+1</b> over 2 rated answers" in group.score.value


def test_course_level_one_liners():
    import course

    w = course.self_check("m00-secondary-meaning", store=False)
    assert w.item.module == "00_start_here"
    with pytest.raises(KeyError, match="No question with id"):
        course.self_check("m00-nope")


def test_options_shown_in_the_learners_own_stable_order(monkeypatch):
    from course.questions.shuffle import option_order

    item = ITEMS["m99-single"]
    keys = [o.key for o in item.options]
    monkeypatch.setenv("BONECOURSE_LEARNER", "learner-one")
    first = SelfCheck(item, store=False)
    shown = first.choice.option_keys
    assert shown == option_order(item.id, keys, "learner-one")
    assert SelfCheck(item, store=False).choice.option_keys == shown  # re-opened: same order
    first.choice.value = shown[-1]
    first.check_button.click()
    first.retry_button.click()
    assert first.choice.option_keys == shown  # Try again: same order
    orders = set()
    for n in range(12):
        monkeypatch.setenv("BONECOURSE_LEARNER", f"learner-{n}")
        orders.add(tuple(SelfCheck(item, store=False).choice.option_keys))
    assert len(orders) > 1  # other learners see other orders
    assert SelfCheck(item, store=False, seed=None).choice.option_keys == keys


def test_case_steps_are_shuffled_too(monkeypatch):
    item = ITEMS["m99-case"]
    orders = set()
    for n in range(12):
        monkeypatch.setenv("BONECOURSE_LEARNER", f"learner-{n}")
        orders.add(tuple(SelfCheck(item, store=False).choice.option_keys))
    assert len(orders) > 1
    assert set(next(iter(orders))) == {o.key for o in item.steps[0].options}


def test_feedback_names_options_by_their_words_not_by_letter(store):
    item = ITEMS["m99-multi"]
    w = SelfCheck(item, store=store)
    w.ticks.value = ["a"]
    w.check_button.click()
    text = w.feedback.value
    assert "(a)" not in text and "(b)" not in text and "(c)" not in text
    chosen = item.option("a").text
    assert f"“{chosen[:40]}" in text  # the ticked option quoted by its words
