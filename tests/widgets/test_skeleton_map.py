"""Skeleton map widget, driven headless: choose a primary and a region, check what it shows."""

import pytest

from course.biology.spread import default_data
from course.widgets.skeleton_map import SkeletonMap, _region_html, skeleton_figure, skeleton_map


def test_starts_with_breast_and_thoracic_spine():
    m = skeleton_map()
    assert m.primary.id == "breast" and m.region.id == "thoracic_spine"
    assert "bc-skeleton-map" in m._dom_classes
    assert 'alt="Front view of a simplified adult skeleton' in m.drawing.value
    assert "Mostly lytic" in m.primary_info.value
    assert "MSCC coordinator" in m.region_info.value
    assert "What the nurse watches for" in m.region_info.value


def test_choosing_prostate_shows_sclerotic_lesions_and_updates_alt_text():
    m = SkeletonMap()
    before = m.figure.alt
    m.primary_choice.value = "prostate"
    assert m.figure.alt != before
    assert "sclerotic" in m.figure.alt
    assert "Mostly sclerotic" in m.primary_info.value
    assert "pelvis" in m.figure.alt


def test_myeloma_is_described_as_starting_in_the_marrow():
    m = SkeletonMap(primary="myeloma")
    assert "starts in the bone marrow" in m.primary_info.value
    assert "spread (metastasise)" not in m.primary_info.value


def test_the_map_says_why_the_sites_look_alike_and_what_differs():
    m = SkeletonMap(primary="thyroid")
    assert "same for every choice" in m.primary_info.value
    m.primary_choice.value = "prostate"
    assert "lumbar" in m.primary_info.value and "Batson" in m.primary_info.value
    m.primary_choice.value = "breast"
    assert "Batson" not in m.primary_info.value


@pytest.mark.parametrize("primary", ["thyroid", "bladder", "melanoma"])
def test_thyroid_bladder_and_melanoma_have_a_lesion_type(primary):
    m = SkeletonMap(primary=primary)
    assert m.primary.lesion == "lytic"
    assert "lytic" in m.figure.alt
    assert "not covered" not in m.figure.alt and "not covered" not in m.primary_info.value


def test_no_primary_is_left_without_a_lesion_type():
    assert all(p.lesion != "not_stated" for p in default_data().primaries.values())


def test_lung_marks_distal_limbs_as_rare_sites():
    m = SkeletonMap(primary="lung", region="lower_leg_foot")
    assert "Rare sites" in m.figure.alt and "lower leg and foot" in m.figure.alt
    assert "A rare site" in m.region_info.value
    m.primary_choice.value = "breast"
    assert "Rare sites" not in m.figure.alt
    assert "Not a usual site for breast cancer" in m.region_info.value


def test_choosing_a_region_shows_its_risks_and_escalation():
    m = SkeletonMap()
    m.region_choice.value = "femur"
    assert "Thigh (femur)" in m.region_info.value
    assert "functional" in m.region_info.value.lower()
    assert "Selected region: thigh (femur)" in m.figure.alt
    m.region_choice.value = "lumbar_spine"
    assert "saddle" in m.region_info.value.lower()


def test_every_primary_and_region_has_a_described_figure_and_nursing_text():
    data = default_data()
    for primary in data.primaries.values():
        figure = skeleton_figure(primary, None, data)  # built, not rendered: fast
        for site in primary.sites:
            assert data.regions[site].name.lower() in figure.alt
        assert primary.lesion_label in figure.alt
    for region in data.regions.values():
        shown = _region_html(region, data.primary("breast"))
        assert region.name in shown and "Escalate:" in shown


def test_revisiting_a_choice_reuses_the_drawing():
    m = SkeletonMap()
    first = m.drawing.value
    m.region_choice.value = "femur"
    m.region_choice.value = "thoracic_spine"
    assert m.drawing.value is first


def test_bare_skeleton_figure_has_alt_text():
    assert skeleton_figure(None, None).alt == "Front view of a simplified adult skeleton."


def test_unknown_primary_is_refused_with_the_choices():
    with pytest.raises(KeyError, match="breast"):
        SkeletonMap(primary="pancreas")
