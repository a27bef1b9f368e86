"""Bone drugs side-by-side widget, headless: set controls, check what it computed and shows."""

import pytest

from course.widgets.bone_drugs_explorer import BoneDrugsComparison, bone_drugs
from course.widgets.controls import LiveRegion


def test_builds_with_the_facts_table_and_labelled_controls():
    w = bone_drugs()
    assert "bc-bone-drugs" in w._dom_classes
    assert "Zoledronic acid" in w.facts.value and "Denosumab" in w.facts.value
    assert "every 3 to 4 weeks" in w.facts.value.lower()
    for control in (
        w.crcl_input,
        w.low_calcium_box,
        w.high_calcium_box,
        w.dental_box,
        w.other_drug,
    ):
        assert control.description
    assert w.advice["zoledronic_acid"].status == "usual"
    assert "Usual plan" in w.output.value


def test_low_kidney_function_changes_both_drugs():
    w = BoneDrugsComparison()
    advice = w.set_factors(creatinine_clearance="25 mL/min")
    assert advice["zoledronic_acid"].status == "avoid"
    assert advice["denosumab"].status == "caution"
    assert "Not recommended" in w.output.value
    assert "no dose change for denosumab" in w.output.value


def test_empty_creatinine_clearance_asks_for_a_result():
    w = BoneDrugsComparison()
    assert w.advice["zoledronic_acid"].status == "delay"
    assert "creatinine result is needed" in w.output.value


def test_ticking_factors_updates_the_advice():
    w = BoneDrugsComparison(creatinine_clearance=80)
    w.low_calcium_box.value = True
    assert w.advice["denosumab"].status == "delay"
    w.low_calcium_box.value = False
    w.dental_box.value = True
    assert "Osteonecrosis of the jaw" in w.output.value
    w.other_drug.value = "denosumab_product"
    assert w.advice["denosumab"].status == "avoid"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("forty", "Creatinine clearance"),
        ("-5", "not possible"),
        ("45 mmol/L", "Creatinine clearance"),
    ],
)
def test_bad_creatinine_clearance_gives_a_clear_message(text, words):
    w = BoneDrugsComparison()
    w.crcl_input.value = text
    assert w.advice is None
    assert words in w.error
    assert isinstance(w.output, LiveRegion) and 'class="bc-error"' in w.output.value
    w.crcl_input.value = "70"
    assert w.advice is not None and w.error is None


def test_low_and_high_calcium_together_are_refused():
    w = BoneDrugsComparison(creatinine_clearance=70)
    w.set_factors(creatinine_clearance=70, low_calcium=True, high_calcium=True)
    assert "both low and high" in w.output.value


def test_already_on_drug_tick_box_judges_dental_work_for_someone_on_it():
    w = BoneDrugsComparison(creatinine_clearance=75)
    before = w.set_factors(creatinine_clearance=75, dental_work_planned=True)
    assert before["denosumab"].status == "delay"
    after = w.set_factors(creatinine_clearance=75, dental_work_planned=True, already_on_drug=True)
    assert after["denosumab"].status != "delay"
    assert "Already on the drug" in w.output.value
    w.already_on_box.value = False  # the tick box itself drives the rule
    assert w.advice["denosumab"].status == "delay"


def test_creatinine_clearance_note_sits_under_the_kidney_field():
    from course.clinical.bone_drugs import CREATININE_CLEARANCE_NOTE

    w = BoneDrugsComparison()
    controls = w.children[1].children
    assert controls.index(w.crcl_note) == controls.index(w.crcl_input) + 1
    assert "eGFR" in w.crcl_note.value
    assert CREATININE_CLEARANCE_NOTE[:40] in w.crcl_note.value


def test_facts_table_has_a_caption_and_scoped_headers():
    w = BoneDrugsComparison()
    table = w.facts.value
    assert "<caption>" in table and 'scope="col"' in table and 'scope="row"' in table
    assert "<style" not in table
