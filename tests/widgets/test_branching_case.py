"""The branching-case widget, headless."""

from __future__ import annotations

from pathlib import Path

from course.widgets.branching_case import CaseWidget

SMALL = Path(__file__).parent.parent / "data" / "case_small.yml"


def test_choose_feedback_continue_and_outcome():
    w = CaseWidget(str(SMALL), store=False)
    assert "Step 1" in w.situation.value and w.continue_button.disabled
    w.choose_button.click()
    assert "Choose an action first" in w.message.value
    w.options.value = 1
    w.choose_button.click()
    assert "Poor choice" in w.feedback.value and "Tempting" in w.feedback.value
    assert w.options.disabled and not w.continue_button.disabled
    w.continue_button.click()
    assert "cannot walk" in w.situation.value
    w.options.value = 0
    w.choose_button.click()
    w.continue_button.click()
    assert "Mixed outcome" in w.situation.value and "scored 2 of 4" in w.situation.value
    assert w.options.layout.display == "none"
    w.restart_button.click()
    assert "Step 1" in w.situation.value and w.options.options


def test_finished_case_is_logged(tmp_path):
    from course.learner.store import ProgressStore

    store = ProgressStore(tmp_path / "p.sqlite")
    w = CaseWidget(str(SMALL), store=store)
    for _ in range(2):
        w.options.value = 0
        w.choose_button.click()
        w.continue_button.click()
    events = store.events("case_finished")
    assert events and events[0]["detail"] == "m99-case-small:good:4/4"
