"""The module 5 branching emergency (assets/05_symptoms_and_emergencies/case_mscc.yml), walked
headless through the shared case widget."""

from case_helpers import walk as _walk

from course.branching import QUALITY_POINTS, CaseRun, load_case
from course.widgets.branching_case import CaseWidget

CASE_FILE = "assets/05_symptoms_and_emergencies/case_mscc.yml"


def test_case_is_valid_and_every_choice_teaches():
    case = load_case(CASE_FILE)
    assert case.id == "m05-case-mscc"
    for node in case.nodes.values():
        for choice in node.choices:
            assert len(choice.feedback) > 80
    outcomes = {n.outcome for n in case.nodes.values() if n.terminal}
    assert outcomes == {"good", "mixed", "poor"}


def test_the_best_route_reaches_a_good_outcome_with_full_marks():
    widget = CaseWidget(CASE_FILE, store=False)
    _walk(
        widget,
        [
            "Pause the check-in",
            "Treat this as suspected MSCC",
            "Give the dexamethasone",
            "Follow the plan",
            "Say honestly",
        ],
    )
    assert widget.run.node.outcome == "good"
    got, best = widget.run.score()
    assert got == best
    assert "Good outcome" in widget.situation.value


def test_sending_her_home_leads_to_a_late_diagnosis():
    widget = CaseWidget(CASE_FILE, store=False)
    _walk(widget, ["Give the infusion as planned", "Tell Gareth to call 999", "Reflect"])
    assert widget.run.node.outcome == "mixed"
    assert "Scottish audit" in widget.situation.value


def test_an_x_ray_then_reassurance_ends_badly():
    run = CaseRun(load_case(CASE_FILE))
    for start in ["Pause", "Ask for an X-ray", "The X-ray is normal"]:
        run.choose(next(i for i, c in enumerate(run.node.choices) if c.text.startswith(start)))
    assert run.node.outcome == "poor"
    assert sum(QUALITY_POINTS[c.quality] for c in run.choices_made()) < run.score()[1]


def test_case_teaches_ng234_not_cg75_as_current():
    case = load_case(CASE_FILE)
    feedback = " ".join(c.feedback for n in case.nodes.values() for c in n.choices)
    assert "NG234" in feedback and "replaced CG75" in feedback
    # the source names bibliography entries (assets/bibliography.yml) by key
    assert "nice-ng234" in case.source.split("; ")


def test_every_poor_or_harmful_choice_says_why_it_tempts_and_what_is_true():
    case = load_case(CASE_FILE)
    weak = [c for n in case.nodes.values() for c in n.choices if c.quality in ("poor", "harmful")]
    assert len(weak) >= 10
    for choice in weak:
        assert choice.feedback.startswith("Tempting"), choice.text
        assert " But " in choice.feedback, choice.text


def test_dexamethasone_without_glucose_checks_is_not_an_acceptable_choice():
    steroid = load_case(CASE_FILE).node("escalate").choices
    skip = next(c for c in steroid if "skip the glucose" in c.text)
    assert skip.quality == "poor"
    best = next(c for c in steroid if c.quality == "best")
    assert "glucose" in best.text and "stomach protection" in best.text


def test_module_bank_wrong_answers_say_why_they_tempt_and_name_the_misconception():
    from course.questions.bank import trainer_bank
    from course.questions.lint import opening

    items = trainer_bank().select(module="05_symptoms_and_emergencies")
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
    assert checked >= 40
    # varied wording, not one stock opening (docs/item-writing.md, rule 12)
    most = max(openings.count(o) for o in set(openings))
    assert most <= 3, sorted(set(openings), key=openings.count)[-1]
