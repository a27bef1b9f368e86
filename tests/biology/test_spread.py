"""Module 2 data: primaries, regions, frequencies (with their populations), skeleton outline."""

import shutil

import pytest
import yaml

from course.biology.spread import (
    SpreadDataError,
    default_data,
    frequency_rows,
    load_spread_data,
    primaries_at,
    sites_for,
)
from course.paths import assets_dir


@pytest.fixture
def data_copy(tmp_path):
    folder = tmp_path / "02_spread"
    shutil.copytree(assets_dir() / "02_spread", folder)
    return folder


def test_course_data_loads_with_the_five_focus_primaries_and_myeloma():
    data = default_data()
    focus = {p.id for p in data.primaries.values() if p.focus}
    assert focus == {"breast", "prostate", "lung", "kidney", "thyroid"}
    assert "myeloma" in data.primaries


def test_myeloma_is_a_marrow_primary_not_a_spread():
    myeloma = default_data().primary("myeloma")
    assert myeloma.kind == "marrow_primary"
    assert myeloma.spreads_to_bone is False
    assert all(p.spreads_to_bone for p in default_data().primaries.values() if p.id != "myeloma")


def test_lesion_types_follow_facts_1_5():
    data = default_data()
    assert data.primary("breast").lesion == "lytic"
    assert data.primary("prostate").lesion == "sclerotic"
    assert data.primary("kidney").lesion == "lytic"
    assert data.primary("myeloma").lesion == "lytic"
    assert "10% mixed" in data.primary("breast").lesion_detail
    assert "15% mixed" in data.primary("prostate").lesion_detail


def test_advanced_disease_figures_match_coleman_table():
    rows = {r.primary: (r.low, r.high) for r in frequency_rows("advanced")}
    assert rows["breast"] == (65, 75)
    assert rows["prostate"] == (65, 75)
    assert rows["thyroid"] == (60, 60)
    assert rows["bladder"] == (40, 40)
    assert rows["lung"] == (30, 40)
    assert rows["kidney"] == (20, 25)
    assert rows["melanoma"] == (14, 45)
    assert rows["myeloma"] == (70, 95)


def test_every_population_says_who_was_counted_and_where_from():
    for population in default_data().populations.values():
        assert population.who and population.source and population.measure
    everyone = default_data().populations["everyone"]
    assert max(r.high for r in everyone.rows) <= 5  # population figures are far lower
    assert "SEER" in everyone.who


def test_myeloma_frequency_is_flagged_unverified():
    row = next(r for r in frequency_rows("advanced") if r.primary == "myeloma")
    assert row.unverified and row.kind == "marrow_primary"


def test_sort_high_first_breaks_ties_by_name():
    labels = [r.primary for r in frequency_rows("advanced", "high_first")]
    assert labels[:3] == ["myeloma", "breast", "prostate"]
    assert labels[-1] == "kidney"


def test_sort_low_first_is_the_reverse_order_of_midpoints():
    mids = [r.midpoint for r in frequency_rows("advanced", "low_first")]
    assert mids == sorted(mids)


def test_sort_by_name():
    labels = [r.label for r in frequency_rows("advanced", "name")]
    assert labels == sorted(labels, key=str.lower)


def test_sort_by_survival_puts_shortest_first_and_unknown_last():
    order = [r.primary for r in frequency_rows("advanced", "survival")]
    assert order[0] == "melanoma"  # about 6 months
    assert order[-1] == "myeloma"  # no figure
    assert order.index("thyroid") > order.index("breast")  # 48 vs 19-25 months


def test_filters():
    rows = frequency_rows("advanced", include_marrow_primary=False)
    assert "myeloma" not in {r.primary for r in rows}
    focus = {r.primary for r in frequency_rows("advanced", focus_only=True)}
    assert focus == {"breast", "prostate", "lung", "kidney", "thyroid"}


def test_range_text():
    rows = {r.primary: r for r in frequency_rows("advanced")}
    assert rows["breast"].range_text == "65–75%"
    assert rows["thyroid"].range_text == "60%"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"population": "martians"}, "Unknown population"),
        ({"sort": "random"}, "Unknown sort"),
    ],
)
def test_bad_choices_name_the_valid_ones(kwargs, message):
    with pytest.raises(ValueError, match=message):
        frequency_rows(**kwargs)


def test_sites_red_marrow_skeleton_and_lung_below_knee():
    breast_sites = {r.id for r in sites_for("breast")}
    assert {"thoracic_spine", "pelvis", "ribs", "skull", "femur", "humerus"} <= breast_sites
    assert "lower_leg_foot" not in breast_sites
    lung = default_data().primary("lung")
    assert set(lung.rare_sites) == {"forearm_hand", "lower_leg_foot"}
    assert not set(lung.rare_sites) & set(lung.sites)
    assert [p.id for p in primaries_at("lower_leg_foot")] == ["lung"]


def test_spine_regions_teach_mscc_escalation():
    thoracic = default_data().region("thoracic_spine")
    assert "MSCC coordinator" in thoracic.escalate
    assert "24 hours" in thoracic.escalate
    assert any("two-thirds" in r for r in thoracic.risks)


def test_unknown_ids_name_the_choices():
    with pytest.raises(KeyError, match="breast"):
        default_data().primary("pancreas")
    with pytest.raises(KeyError, match="pelvis"):
        primaries_at("tail")


def test_every_region_is_drawn_on_the_skeleton():
    data = default_data()
    drawn = {s["region"] for s in data.skeleton["shapes"]}
    assert set(data.regions) <= drawn
    assert set(data.skeleton["labels"]) == set(data.regions)


def test_a_primary_naming_an_unknown_region_fails_loudly(data_copy):
    path = data_copy / "primaries.yml"
    doc = yaml.safe_load(path.read_text())
    doc["primaries"][0]["sites"] = ["spine_of_a_book"]
    path.write_text(yaml.safe_dump(doc))
    with pytest.raises(SpreadDataError, match="primaries.yml: primary 'breast'.*spine_of_a_book"):
        load_spread_data(data_copy)


def test_a_bad_frequency_range_fails_loudly(data_copy):
    path = data_copy / "frequency.yml"
    doc = yaml.safe_load(path.read_text())
    doc["populations"][0]["rows"][0]["low"] = 90  # above high
    path.write_text(yaml.safe_dump(doc))
    with pytest.raises(SpreadDataError, match="bad range"):
        load_spread_data(data_copy)


def test_a_region_missing_from_the_drawing_fails_loudly(data_copy):
    path = data_copy / "regions.yml"
    doc = yaml.safe_load(path.read_text())
    doc["regions"].append({**doc["regions"][0], "id": "tail"})
    path.write_text(yaml.safe_dump(doc))
    with pytest.raises(SpreadDataError, match="no shape.*tail"):
        load_spread_data(data_copy)


def test_a_region_without_nursing_content_fails_loudly(data_copy):
    path = data_copy / "regions.yml"
    doc = yaml.safe_load(path.read_text())
    doc["regions"][0]["watch"] = []
    path.write_text(yaml.safe_dump(doc))
    with pytest.raises(SpreadDataError, match=r"regions.yml: regions/skull/watch: \[\] "):
        load_spread_data(data_copy)


def test_a_bad_lesion_type_is_named_with_file_and_entry(data_copy):
    path = data_copy / "primaries.yml"
    doc = yaml.safe_load(path.read_text())
    doc["primaries"][1]["lesion"] = "osteoporotic"
    path.write_text(yaml.safe_dump(doc))
    with pytest.raises(SpreadDataError, match="primaries.yml: primaries/prostate/lesion"):
        load_spread_data(data_copy)


def test_a_percentage_over_100_is_named_with_file_and_entry(data_copy):
    path = data_copy / "frequency.yml"
    doc = yaml.safe_load(path.read_text())
    doc["populations"][0]["rows"][0]["high"] = 175
    path.write_text(yaml.safe_dump(doc))
    with pytest.raises(SpreadDataError, match=r"frequency.yml: populations/advanced/rows/.*/high"):
        load_spread_data(data_copy)


def test_a_bad_skeleton_shape_is_named(data_copy):
    import json

    path = data_copy / "skeleton.json"
    doc = json.loads(path.read_text())
    doc["shapes"][0]["kind"] = "circle"
    path.write_text(json.dumps(doc))
    with pytest.raises(SpreadDataError, match="skeleton.json: shapes/entry #1/kind"):
        load_spread_data(data_copy)


def test_an_unreadable_file_is_named(data_copy):
    (data_copy / "regions.yml").write_text("regions: [unclosed")
    with pytest.raises(SpreadDataError, match="regions.yml: not valid YML"):
        load_spread_data(data_copy)


def test_spread_error_is_a_course_error_and_a_value_error():
    from course.errors import ContentError, CourseError

    assert issubclass(SpreadDataError, ContentError)
    assert issubclass(SpreadDataError, CourseError) and issubclass(SpreadDataError, ValueError)


def test_lesion_and_sort_labels_come_from_the_data():
    from course.biology.spread import LESION_TYPES, SORTS

    assert set(LESION_TYPES) == {"lytic", "sclerotic", "mixed", "not_stated"}
    assert "sources" not in LESION_TYPES["not_stated"]
    assert set(SORTS) == {"high_first", "low_first", "name", "survival"}
    assert all(p.lesion in LESION_TYPES for p in default_data().primaries.values())


def test_unknown_ids_are_course_errors_with_their_old_base():
    from course.errors import CourseError

    with pytest.raises(CourseError, match="choose one of"):
        default_data().primary("pancreas")
    with pytest.raises(KeyError):
        default_data().region("tail")
    with pytest.raises(CourseError, match="Unknown sort"):
        frequency_rows("advanced", sort="random")
