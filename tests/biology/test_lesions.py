"""The lesion table: each primary's usual lesion type and imaging, and a checked file format."""

from __future__ import annotations

import pytest

from course.biology.lesions import LesionTableError, load_lesion_table, parse_lesion_table


def test_each_primary_has_its_usual_lesion_type():
    table = load_lesion_table()
    usual = {key: p.usual_type.key for key, p in table.primaries.items()}
    assert usual == {
        "breast": "lytic",
        "prostate": "blastic",
        "lung": "lytic",
        "kidney": "lytic",
        "myeloma": "lytic",
    }
    assert {p.key for p in table.by_type("blastic")} == {"prostate"}


def test_a_bone_scan_can_miss_myeloma_but_not_prostate():
    table = load_lesion_table()
    myeloma = table.profile("myeloma")
    assert myeloma.bone_scan_can_miss and "miss" in myeloma.bone_scan
    assert "marrow" in myeloma.pattern
    assert not table.profile("prostate").bone_scan_can_miss
    assert "tracer" in table.bone_scan_how and "not a dye" in table.bone_scan_how


def test_both_kinds_of_lesion_weaken_bone():
    table = load_lesion_table()
    assert "break" in table.types["lytic"].what_happens
    assert "weak" in table.types["blastic"].what_happens


def test_lookup_by_name_and_unknown_primary():
    table = load_lesion_table()
    assert table.profile("Prostate cancer").key == "prostate"
    with pytest.raises(ValueError, match="choose one of: breast, prostate"):
        table.profile("pancreas")
    with pytest.raises(ValueError, match="Unknown lesion type"):
        table.by_type("sclerotic")


GOOD = """
lesion_types:
  lytic: {name: L, what_happens: holes, xray: dark}
  blastic: {name: B, what_happens: dense, xray: white}
  mixed: {name: M, what_happens: both, xray: both}
primaries:
  - {key: x, name: X, usual_type: lytic, pattern: p, bone_scan: s, bone_scan_can_miss: true,
     note: n, source: FACTS}
imaging: {xray_threshold: t, bone_scan_how: h, source: FACTS}
"""


def test_a_good_file_parses():
    assert parse_lesion_table(GOOD).profile("x").bone_scan_can_miss is True


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (
            ("usual_type: lytic", "usual_type: sclerotic"),
            r"lesions.yml: primaries/X/usual_type: 'sclerotic' is not one of",
        ),
        (
            ("bone_scan_can_miss: true", "bone_scan_can_miss: maybe"),
            r"lesions.yml: primaries/X/bone_scan_can_miss: 'maybe' is not of type 'boolean'",
        ),
        (("note: n, ", ""), r"lesions.yml: primaries/X: 'note' is a required property"),
        (
            ("  mixed: {name: M, what_happens: both, xray: both}\n", ""),
            r"lesions.yml: lesion_types: 'mixed' is a required property",
        ),
        (("imaging:", "imagery:"), r"lesions.yml: top level: 'imaging' is a required property"),
        (("lesion_types:", "lesion_types: [\n"), "not valid YAML"),
    ],
)
def test_a_bad_file_gets_a_clear_message(change, words):
    with pytest.raises(LesionTableError, match=words):
        parse_lesion_table(GOOD.replace(*change), "lesions.yml")


def test_a_primary_listed_twice_is_named():
    second = (
        "  - {key: x, name: Y, usual_type: mixed, pattern: p, bone_scan: s,\n"
        "     bone_scan_can_miss: false, note: n, source: FACTS}\nimaging:"
    )
    twice = GOOD.replace("imaging:", second)
    with pytest.raises(LesionTableError, match="lesions.yml: primaries/x: appears twice"):
        parse_lesion_table(twice, "lesions.yml")


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(LesionTableError, match="does not exist"):
        load_lesion_table(str(tmp_path / "nothing.yml"))


def test_lesion_table_error_is_a_course_error_and_a_value_error():
    from course.errors import ContentError, CourseError

    assert issubclass(LesionTableError, ContentError)
    assert issubclass(LesionTableError, CourseError) and issubclass(LesionTableError, ValueError)


def test_unknown_lookups_are_course_errors_and_value_errors():
    from course.errors import CourseError

    table = load_lesion_table()
    with pytest.raises(CourseError, match="choose one of"):
        table.profile("pancreas")
    with pytest.raises(ValueError, match="Unknown lesion type"):
        table.by_type("sclerotic")
