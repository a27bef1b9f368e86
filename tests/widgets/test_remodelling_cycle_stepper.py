"""The step-by-step remodelling cycle: buttons, phase content and the model timings."""

from __future__ import annotations

import pytest

from course.biology.remodelling_cycle import PHASE_KEYS, load_cycle, phase_windows
from course.widgets.remodelling_cycle_stepper import RemodellingCycleStepper


def test_phases_are_in_order_and_timed_by_the_model():
    cycle = load_cycle()
    assert tuple(p.key for p in cycle.phases) == PHASE_KEYS
    by_key = {p.key: p for p in cycle.phases}
    resorption, formation = by_key["resorption"], by_key["formation"]
    # removal is quick, rebuilding slow
    assert formation.end_day - formation.start_day > 3 * (resorption.end_day - resorption.start_day)
    assert resorption.bone_mass_at_end < 95
    assert by_key["rest"].bone_mass_at_end == pytest.approx(100, abs=0.5)
    for a, b in zip(cycle.phases, cycle.phases[1:], strict=False):
        assert a.end_day <= b.start_day + 1e-9
    # every timing is labelled as model days, never as plain (real) days
    for phase in cycle.phases:
        text = phase.duration_text
        assert "model day" in text
        assert " day " not in text.replace("model day ", "")


def test_phase_windows_need_an_event():
    from course.models.remodelling import start_remodelling_event

    with pytest.raises(ValueError, match="no remodelling event"):
        phase_windows(start_remodelling_event(extra_osteoclasts=0, days=50))


def test_previous_and_next_step_through_the_cycle():
    w = RemodellingCycleStepper()
    assert w.phase.key == "activation" and w.previous_button.disabled
    assert "RANKL" in w.details.value and "Step 1 of 5" in w.position.value
    assert 'role="img"' in w.diagram.value and "aria-label" in w.diagram.value
    w.next_button.click()
    assert w.phase.key == "resorption"
    assert "osteoclast dissolving bone" in w.diagram.value
    assert "model days" in w.details.value and "resorption" in w.timeline.value
    for _ in range(5):
        w.next_button.click()
    assert w.phase.key == "rest" and w.next_button.disabled
    w.previous_button.click()
    assert w.phase.key == "formation" and w.phase_choice.value == 3
    assert "osteoblasts building new bone" in w.diagram.value
    w.phase_choice.value = 2
    assert w.phase.key == "reversal" and "coupling" in w.details.value
    assert "bc-remodelling-cycle" in w._dom_classes


def test_the_timing_self_check_quotes_the_days_the_stepper_shows():
    """Check 2.2 asks about the timings learners have just read in this stepper."""
    from course.questions.bank import default_bank

    by_key = {p.key: p for p in load_cycle().phases}
    resorption = round(by_key["resorption"].end_day - by_key["resorption"].start_day)
    formation = round(by_key["formation"].end_day - by_key["formation"].start_day)
    item = default_bank().item("m01-formation-slower")
    right = next(o for o in item.options if o.key == item.answer)
    feedback = " ".join(right.feedback.split())
    assert f"about {resorption} model days and formation about {formation}" in feedback
    assert "cycle explorer" in item.stem
