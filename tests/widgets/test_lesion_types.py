"""The lesion-type explorer, driven headless."""

from __future__ import annotations

from case_helpers import walk as _walk

from course.widgets.lesion_types import LesionTypesExplorer


def test_choosing_a_primary_updates_card_picture_and_warning():
    w = LesionTypesExplorer()
    assert w.primary.value == "breast" and w.primary.label == "Primary cancer"
    assert "usually osteolytic" in w.card.value and "dark holes" in w.picture.value
    assert w.warning.value == ""
    w.primary.value = "prostate"
    assert "usually osteoblastic" in w.card.value
    assert "dense white patches" in w.picture.value and "hot spots" in w.picture.value
    w.primary.value = "myeloma"
    assert "can miss" in w.warning.value
    assert "it can be missed" in w.picture.value
    assert 'role="img"' in w.picture.value and "aria-label" in w.picture.value
    assert "bc-lesion-types" in w._dom_classes


def test_every_primary_renders():
    w = LesionTypesExplorer()
    for key in w.primary.option_keys:
        w.primary.value = key
        assert w.profile.key == key
        assert "<svg" in w.picture.value and "For the nurse" in w.card.value


CASE_FILE = "assets/01_bone_biology/case_clear_scan.yml"


def test_clear_scan_case_is_valid_and_reaches_every_outcome():
    from course.branching import load_case

    case = load_case(CASE_FILE)
    assert case.id == "m01-case-clear-scan"
    assert {n.outcome for n in case.nodes.values() if n.terminal} == {"good", "mixed", "poor"}
    for node in case.nodes.values():
        for choice in node.choices:
            assert len(choice.feedback) > 80


def test_clear_scan_case_best_and_poor_routes():
    from course.widgets.branching_case import CaseWidget

    best = CaseWidget(CASE_FILE, store=False)
    _walk(best, ["Explain gently", "'A bone scan shows", "'It calms down"])
    assert best.run.node.outcome == "good"
    poor = CaseWidget(CASE_FILE, store=False)
    _walk(poor, ["Agree that it sounds muscular", "Suggest he rests"])
    assert poor.run.node.outcome == "poor"
