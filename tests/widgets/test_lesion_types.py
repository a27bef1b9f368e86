"""The lesion-type explorer, driven headless."""

from __future__ import annotations

from course.widgets.lesion_types import LesionTypesExplorer


def test_choosing_a_primary_updates_card_picture_and_warning():
    w = LesionTypesExplorer()
    assert w.primary.value == "breast" and w.primary.description == "Primary cancer:"
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
    for key, _ in [(k, v) for v, k in w.primary.options]:
        w.primary.value = key
        assert w.profile.key == key
        assert "<svg" in w.picture.value and "For the nurse" in w.card.value
