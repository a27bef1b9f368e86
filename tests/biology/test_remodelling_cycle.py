"""The remodelling cycle's words, read through its schema, and the model's durations in words."""

from __future__ import annotations

import pytest
import yaml

from course.biology.remodelling_cycle import PHASE_KEYS, load_cycle
from course.content import read_content
from course.errors import ContentError
from course.paths import assets_dir

CYCLE = assets_dir() / "01_bone_biology" / "remodelling_cycle.yml"


def test_the_course_file_loads_with_every_phase_in_order():
    data = read_content(CYCLE, "remodelling_cycle")
    assert tuple(p["key"] for p in data["phases"]) == PHASE_KEYS


def test_durations_are_worded_from_the_model_run():
    by_key = {p.key: p for p in load_cycle().phases}
    assert by_key["activation"].duration_text.startswith("In the model this is the starting")
    formation = by_key["formation"]
    text = formation.duration_text
    assert f"model day {formation.start_day:.0f} to {formation.end_day:.0f}" in text
    assert f"{formation.bone_mass_at_end:.1f}% at the end" in text
    assert "{" not in by_key["rest"].duration_text


def _write(tmp_path, change):
    data = yaml.safe_load(CYCLE.read_text())
    change(data)
    path = tmp_path / "remodelling_cycle.yml"
    path.write_text(yaml.safe_dump(data))
    return str(path)


def test_phases_out_of_order_are_named_with_file_and_entry(tmp_path):
    def swap(data):
        data["phases"][1], data["phases"][2] = data["phases"][2], data["phases"][1]

    with pytest.raises(ContentError, match="remodelling_cycle.yml: phases/reversal/key"):
        load_cycle(_write(tmp_path, swap))


def test_a_phase_without_its_words_is_named(tmp_path):
    def drop(data):
        del data["phases"][3]["bone"]

    with pytest.raises(
        ContentError, match="remodelling_cycle.yml: phases/formation: 'bone' is a required"
    ):
        load_cycle(_write(tmp_path, drop))


def test_a_missing_file_is_a_content_error(tmp_path):
    with pytest.raises(ContentError, match="does not exist"):
        load_cycle(str(tmp_path / "nothing.yml"))
