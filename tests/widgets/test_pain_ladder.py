"""Headless tests of the pain ladder explorer (course.widgets.pain_ladder)."""

import pytest

from course.clinical.pain import PainError
from course.widgets.pain_ladder import PainLadder, pain_ladder


def test_default_is_moderate_pain_on_paracetamol_moving_to_step_2():
    w = pain_ladder()
    assert "bc-pain-ladder" in w._dom_classes
    assert (w.advice.current_step, w.advice.suggested_step) == (1, 2)
    assert "move up" in w.summary.value
    assert "skip step 2" in w.summary.value
    assert 'alt="WHO analgesic ladder' in w.picture.value
    assert "suggested next: step 2 (diamond)" in w.figure.alt


def test_moving_the_slider_and_ticking_codeine_reaches_step_3_with_laxative_and_cg140():
    w = PainLadder()
    advice = w.set(score=8, drugs=["paracetamol", "codeine"])
    assert advice.suggested_step == 3
    assert "laxative" in w.points.value
    assert "20-30 mg oral morphine a day" in w.points.value
    assert "now on step 2" in w.figure.alt


def test_controlled_pain_on_morphine_stays_and_alt_text_follows():
    w = PainLadder(score=2, drugs=["morphine"])
    assert not w.advice.moves_up
    assert "stay on step 3" in w.figure.alt
    assert "breakthrough" in w.points.value


def test_ticking_risks_adds_cautions():
    w = PainLadder(score=5, drugs=["ibuprofen"])
    assert "anticoagulant" not in w.points.value
    w.risk_boxes["anticoagulant"].value = True
    assert "Cautions" in w.points.value and "anticoagulant" in w.points.value
    w.risk_boxes["weight_bearing_pain"].value = True
    assert "impending fracture" in w.points.value


def test_no_pain_and_no_drugs():
    w = PainLadder(score=0, drugs=[])
    assert w.advice.suggested_step == 0
    assert "no regular pain relief yet" in w.figure.alt


def test_dexamethasone_alone_is_described_as_an_adjuvant_not_as_nothing_given():
    w = PainLadder(score=6, drugs=["dexamethasone"])
    assert w.advice.current_step == 0
    assert "no regular pain relief yet" not in w.figure.alt
    assert "an adjuvant alone" in w.figure.alt
    assert "not a step on the ladder" in w.summary.value


def test_every_control_has_a_visible_label():
    w = PainLadder()
    assert w.score_slider.description
    assert all(b.description for b in [*w.drug_boxes.values(), *w.risk_boxes.values()])


def test_bad_start_values_are_refused_clearly():
    with pytest.raises(PainError, match="not a drug"):
        PainLadder(drugs=["aspirin"])
    with pytest.raises(PainError, match="not a risk"):
        PainLadder(risks=["asthma"])


def test_kidney_problems_with_a_strong_opioid_ask_for_specialist_advice():
    w = PainLadder()
    w.set(score=8, drugs=["codeine"])
    assert "no kidney or liver problems" in w.points.value
    assert "specialist advice" not in w.points.value
    w.risk_boxes["kidney_problem"].value = True
    assert "specialist advice" in w.points.value
