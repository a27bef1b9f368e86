"""Mirels' score against the published criteria (Mirels 1989; FACTS 4.23-4.24)."""

import itertools

import pytest

from course.clinical.mirels import (
    BORDERLINE,
    HIGH,
    LOW,
    MIRELS_ITEMS,
    MirelsInputError,
    item_points,
    mirels_band,
    mirels_score,
)


@pytest.mark.parametrize(
    ("item", "choice", "points"),
    [
        ("site", "upper_limb", 1),
        ("site", "lower_limb", 2),
        ("site", "peritrochanteric", 3),
        ("pain", "mild", 1),
        ("pain", "moderate", 2),
        ("pain", "functional", 3),
        ("lesion", "blastic", 1),
        ("lesion", "mixed", 2),
        ("lesion", "lytic", 3),
        ("size", "under_third", 1),
        ("size", "third_to_two_thirds", 2),
        ("size", "over_two_thirds", 3),
    ],
)
def test_each_published_criterion_scores_as_mirels_table(item, choice, points):
    assert item_points(item, choice) == points


def test_minimum_and_maximum_totals():
    assert mirels_score("upper_limb", "mild", "blastic", "under_third").total == 4
    top = mirels_score("peritrochanteric", "functional", "lytic", "over_two_thirds")
    assert top.total == 12
    assert top.band is HIGH


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (4, LOW),
        (5, LOW),
        (6, LOW),
        (7, LOW),
        (8, BORDERLINE),
        (9, HIGH),
        (10, HIGH),
        (11, HIGH),
        (12, HIGH),
    ],
)
def test_every_total_falls_in_the_published_band(total, band):
    assert mirels_band(total) is band


def test_threshold_boundaries_7_8_9():
    # 7: lower limb, moderate pain, blastic, 1/3-2/3 -> 2+2+1+2
    seven = mirels_score("lower_limb", "moderate", "blastic", "third_to_two_thirds")
    eight = mirels_score("lower_limb", "moderate", "mixed", "third_to_two_thirds")
    nine = mirels_score("lower_limb", "moderate", "lytic", "third_to_two_thirds")
    assert (seven.total, eight.total, nine.total) == (7, 8, 9)
    assert seven.band.name == "low" and "radiotherapy" in seven.recommendation.lower()
    assert eight.band.name == "borderline" and "judgement" in eight.recommendation.lower()
    assert nine.band.name == "high" and "prophylactic fixation" in nine.recommendation.lower()


def test_fracture_risk_figures_are_mirels_figures():
    assert "4%" in LOW.fracture_risk
    assert "15%" in BORDERLINE.fracture_risk
    assert "33%" in HIGH.fracture_risk


def test_all_81_combinations_sum_their_item_points():
    seen = 0
    totals = set()
    for combo in itertools.product(*(MIRELS_ITEMS[i] for i in ("site", "pain", "lesion", "size"))):
        result = mirels_score(*combo)
        expected = sum(MIRELS_ITEMS[i][c][0] for i, c in zip(MIRELS_ITEMS, combo, strict=True))
        assert result.total == expected
        assert result.band is mirels_band(expected)
        totals.add(result.total)
        seen += 1
    assert seen == 81
    assert totals == set(range(4, 13))


def test_choices_accept_spaces_and_capitals():
    assert item_points("site", "Lower limb") == 2
    assert item_points("size", "over-two-thirds") == 3


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("hip", "mild", "lytic", "under_third"), "site"),
        (("upper_limb", "severe", "lytic", "under_third"), "pain"),
        (("upper_limb", "mild", "sclerotic", "under_third"), "lesion type"),
        (("upper_limb", "mild", "lytic", "half"), "size"),
        (("upper_limb", None, "lytic", "half"), "pain"),
        (("upper_limb", 3, "lytic", "half"), "pain"),
    ],
)
def test_invalid_choice_names_the_item_and_lists_valid_choices(args, message):
    with pytest.raises(MirelsInputError) as err:
        mirels_score(*args)
    assert message in str(err.value).lower()
    assert "choose one of" in str(err.value)


def test_unknown_item_is_reported():
    with pytest.raises(MirelsInputError, match="not a Mirels item"):
        item_points("age", "old")


@pytest.mark.parametrize("total", [3, 13, 0, -1, 8.5, "9", None, True])
def test_impossible_totals_are_rejected(total):
    with pytest.raises(MirelsInputError):
        mirels_band(total)


def test_whole_float_total_is_accepted():
    assert mirels_band(9.0) is HIGH


def test_mirels_error_is_a_course_error_and_a_value_error():
    from course.clinical.mirels import MirelsInputError
    from course.errors import CourseError

    assert issubclass(MirelsInputError, CourseError) and issubclass(MirelsInputError, ValueError)


def test_mirels_schema_names_file_and_entry(tmp_path):
    import yaml

    from course.content import read_content
    from course.errors import ContentError
    from course.paths import assets_dir

    good = assets_dir() / "04_treatments" / "mirels.yml"
    assert set(read_content(good, "mirels")["bands"]) == {"low", "borderline", "high"}
    data = yaml.safe_load(good.read_text())
    data["bands"]["high"]["fracture_risk"] = "high"
    bad = tmp_path / "mirels.yml"
    bad.write_text(yaml.safe_dump(data))
    with pytest.raises(ContentError, match="mirels.yml: bands/high/fracture_risk"):
        read_content(bad, "mirels")


def test_mirels_choices_in_the_data_must_match_the_points(tmp_path, monkeypatch):
    import yaml

    from course.clinical import mirels
    from course.errors import ContentError
    from course.paths import assets_dir

    data = yaml.safe_load((assets_dir() / "04_treatments" / "mirels.yml").read_text())
    data["items"]["lesion"]["choices"]["sclerotic"] = data["items"]["lesion"]["choices"].pop(
        "blastic"
    )
    (tmp_path / "04_treatments").mkdir()
    (tmp_path / "04_treatments" / "mirels.yml").write_text(yaml.safe_dump(data))
    monkeypatch.setattr(mirels, "assets_dir", lambda: tmp_path)
    with pytest.raises(ContentError, match="mirels.yml: items/lesion/choices"):
        mirels._content()
