"""The module 6 consent case (assets/06_the_person/case_consent.yml), walked headless through the
shared case widget, and checked against the consent rules it teaches."""

from case_helpers import walk as _walk

from course.branching import CaseRun, load_case
from course.clinical.consent import PRESET_SCENARIOS, WAIT, assess_consent
from course.widgets.branching_case import CaseWidget

CASE_FILE = "assets/06_the_person/case_consent.yml"


def test_case_is_valid_and_every_choice_teaches():
    case = load_case(CASE_FILE)
    assert case.id == "m06-case-consent"
    for node in case.nodes.values():
        for choice in node.choices:
            assert len(choice.feedback) > 80, choice.text
    outcomes = {n.outcome for n in case.nodes.values() if n.terminal}
    assert outcomes == {"good", "mixed", "poor"}


def test_the_best_route_reaches_a_good_outcome_with_full_marks():
    widget = CaseWidget(CASE_FILE, store=False)
    _walk(widget, ["Explain that next of kin", "Ask to see it", "Wait: treat", "Use teach-back"])
    assert widget.run.node.outcome == "good"
    got, best = widget.run.score()
    assert got == best
    assert "Good outcome" in widget.situation.value


def test_letting_the_daughter_sign_is_marked_unsafe_and_has_consequences():
    widget = CaseWidget(CASE_FILE, store=False)
    widget.options.value = 0
    assert widget.run.node.choices[0].text.startswith("Let Ama sign")
    widget.choose_button.click()
    assert "Unsafe choice" in widget.feedback.value
    widget.continue_button.click()
    assert widget.run.current == "daughter_signed"
    assert "not valid" in widget.situation.value


def test_treating_a_finance_lpa_as_covering_treatment_ends_badly():
    run = CaseRun(load_case(CASE_FILE))
    for start in ["Explain that next of kin", "Accept it"]:
        run.choose(next(i for i, c in enumerate(run.node.choices) if c.text.startswith(start)))
    assert run.node.outcome == "poor"


def test_deciding_now_when_capacity_may_return_is_a_mixed_outcome():
    run = CaseRun(load_case(CASE_FILE))
    for start in ["Explain that next of kin", "Ask to see it", "As he lacks capacity"]:
        run.choose(next(i for i, c in enumerate(run.node.choices) if c.text.startswith(start)))
    assert run.node.outcome == "mixed"


def test_case_agrees_with_the_rules_engine():
    # The case's "wait" answer is what the rules give for the same facts.
    _, scenario = PRESET_SCENARIOS["confused_high_calcium"]
    finance = scenario.with_changes(authority="property_finance_lpa")
    assert assess_consent(finance).who_decides == WAIT
    best = [c.text for c in load_case(CASE_FILE).node("plan").choices if c.quality == "best"]
    assert best and best[0].startswith("Wait")


def test_every_poor_or_harmful_choice_says_why_it_tempts_and_what_is_true():
    case = load_case(CASE_FILE)
    weak = [c for n in case.nodes.values() for c in n.choices if c.quality in ("poor", "harmful")]
    assert len(weak) >= 6
    for choice in weak:
        assert choice.feedback.startswith("Tempting"), choice.text
        assert " But " in choice.feedback, choice.text


def test_module_bank_wrong_options_say_why_they_tempt_and_name_the_misconception():
    from course.questions.bank import trainer_bank
    from course.questions.lint import opening

    items = trainer_bank().select(module="06_the_person")
    checked, openings = 0, []
    for item in items:
        wrong = [o for o in item.options if o.key not in item.correct_keys]
        for option in [*wrong, *item.distractors]:
            checked += 1
            where = (item.id, getattr(option, "key", getattr(option, "value", None)))
            # why it tempts and what is true instead: more than a bare "No."
            assert len(option.feedback) >= 80, where
            assert option.misconception, where
            openings.append(opening(option.feedback))
    assert checked >= 20
    # varied wording, not one stock opening (docs/item-writing.md, rule 12)
    most = max(openings.count(o) for o in set(openings))
    assert most <= 3, sorted(set(openings), key=openings.count)[-1]
