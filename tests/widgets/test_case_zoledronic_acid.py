"""Module 4 case (a patient about to start zoledronic acid): valid, and its routes end as taught."""

from course.branching import CaseRun, load_case
from course.widgets.branching_case import CaseWidget

CASE = "assets/04_treatments/case_zoledronic_acid.yml"


def _walk(case, picks):
    run = CaseRun(case)
    for text_start in picks:
        index = next(i for i, c in enumerate(run.node.choices) if c.text.startswith(text_start))
        run.choose(index)
    return run


def test_case_loads_and_validates():
    case = load_case(CASE)
    assert case.id == "m04-case-zoledronic-acid"
    assert case.node("arrive").choices


def test_best_route_checks_kidneys_dose_mouth_and_teaches_to_a_good_end():
    run = _walk(
        load_case(CASE),
        [
            "Look up",
            "Contact the prescriber",
            "Tell the registrar",
            "Check she has been drinking",
            "Flu-like",
        ],
    )
    assert run.finished and run.node.outcome == "good"
    got, best = run.score()
    assert got == best


def test_full_dose_at_52_ml_min_ends_in_kidney_injury():
    run = _walk(load_case(CASE), ["Look up", "Give the 4 mg"])
    assert run.node.id == "kidney_injury_end" and run.node.outcome == "poor"


def test_dose_before_dental_extraction_ends_in_jaw_osteonecrosis():
    run = _walk(load_case(CASE), ["Look up", "Contact the prescriber", "Give today's dose"])
    assert run.node.id == "jaw_end"


def test_outdated_leaflet_interval_can_be_corrected():
    run = _walk(
        load_case(CASE),
        [
            "Look up",
            "Contact the prescriber",
            "Tell the registrar",
            "Check she has been drinking",
            "Your next infusion is in 4 to 6",
        ],
    )
    assert run.node.id == "outdated"
    run.choose(0)
    assert run.node.outcome == "good"


def test_widget_walks_the_case_headless():
    w = CaseWidget(CASE, store=False)
    assert "Mrs Price" in w.title.value or "Price" in w.title.value
    w.options.value = 0
    w.choose_button.click()
    assert "creatinine" in w.feedback.value
    w.continue_button.click()
    assert "52 mL/min" in w.situation.value
