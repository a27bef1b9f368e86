"""read_content: one loader for every course data file, with problems named by file and entry."""

from __future__ import annotations

import json

import pytest

from course import content
from course.errors import ContentError, CourseError


@pytest.fixture
def schema(tmp_path, monkeypatch):
    monkeypatch.setattr(content, "SCHEMA_DIR", tmp_path)
    content._schema.cache_clear()
    content._fast_validator.cache_clear()
    (tmp_path / "finding.schema.json").write_text(
        json.dumps(
            {
                "type": "object",
                "required": ["findings"],
                "properties": {
                    "findings": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["id", "text", "urgency"],
                            "properties": {
                                "id": {"type": "string"},
                                "text": {"type": "string", "minLength": 5},
                                "urgency": {"enum": ["routine", "same_day", "emergency"]},
                            },
                        },
                    }
                },
            }
        )
    )
    yield "finding"
    content._schema.cache_clear()
    content._fast_validator.cache_clear()


def test_a_valid_file_is_read(tmp_path, schema):
    path = tmp_path / "f.yml"
    path.write_text("findings:\n  - {id: leg-weak, text: Legs feel heavy, urgency: emergency}\n")
    assert content.read_content(path, schema)["findings"][0]["urgency"] == "emergency"


def test_problems_name_the_file_and_the_entry(tmp_path, schema):
    path = tmp_path / "f.yml"
    path.write_text(
        "findings:\n"
        "  - {id: ok, text: Legs feel heavy, urgency: emergency}\n"
        "  - {id: bad-urgency, text: New back pain, urgency: soon}\n"
    )
    with pytest.raises(ContentError) as info:
        content.read_content(path, schema)
    assert "f.yml: findings/bad-urgency/urgency: 'soon' is not one of" in str(info.value)
    assert isinstance(info.value, CourseError)


def test_missing_file_and_bad_yaml_are_named(tmp_path, schema):
    with pytest.raises(ContentError, match="does not exist"):
        content.read_content(tmp_path / "nope.yml", schema)
    bad = tmp_path / "bad.yml"
    bad.write_text("findings: [\n")
    with pytest.raises(ContentError, match="bad.yml: not valid YML"):
        content.read_content(bad, schema)


def test_an_edited_file_is_read_again(tmp_path, schema):
    path = tmp_path / "f.yml"
    path.write_text("findings: []\n")
    assert content.read_content(path, schema) == {"findings": []}
    import os

    path.write_text("findings:\n  - {id: a, text: Fever above 38, urgency: emergency}\n")
    os.utime(path, (1, 1))
    assert len(content.read_content(path, schema)["findings"]) == 1


def test_unknown_schema_is_a_course_error(tmp_path):
    path = tmp_path / "f.yml"
    path.write_text("a: 1\n")
    with pytest.raises(ContentError, match="no such schema"):
        content.read_content(path, "does-not-exist")
