"""Module 4's notebook and bank fit together: every practice item is a self-check in the lesson,
every id the lesson names exists, and the lesson has the parts DESIGN.md asks for."""

import re

import nbformat

from course.bank import default_bank, trainer_bank
from course.paths import notebooks_dir

NOTEBOOK = notebooks_dir() / "04_treatments.ipynb"


def _cells():
    return nbformat.read(NOTEBOOK, as_version=4).cells


def test_every_practice_item_is_used_and_every_named_item_exists():
    code = "\n".join(c.source for c in _cells() if c.cell_type == "code")
    named = set(re.findall(r'"(m04-[a-z0-9-]+)"', code))
    bank = default_bank()
    practice = {i.id for i in bank.select(module="04_treatments", use="practice")}
    assert named <= {i.id for i in bank}
    assert practice <= named, f"practice items not in the lesson: {sorted(practice - named)}"
    assert len(practice) >= 10
    assert len(trainer_bank().select(module="04_treatments", use="assessment")) >= 8


def test_lesson_has_objectives_setup_key_points_sources_and_further_reading():
    text = "\n".join(c.source for c in _cells() if c.cell_type == "markdown")
    for heading in (
        "Learning objectives",
        "## Setup",
        "## Key points",
        "## Sources",
        "## Further reading",
    ):
        assert heading in text
    objectives = re.findall(r"^\d\. \*\*", text.split("## Setup")[0], flags=re.M)
    key_points = re.findall(
        r"^\d\. \*\*", text.split("## Key points")[1].split("## Sources")[0], flags=re.M
    )
    assert len(objectives) == len(key_points) == 5


def test_every_code_cell_is_short_and_introduced_by_markdown():
    cells = _cells()
    for n, cell in enumerate(cells):
        if cell.cell_type == "code":
            assert len(cell.source.strip().splitlines()) <= 2
            assert n > 0 and cells[n - 1].cell_type == "markdown"


def test_the_widgets_and_the_case_are_all_in_the_lesson():
    code = "\n".join(c.source for c in _cells() if c.cell_type == "code")
    for call in (
        "course.bone_drugs(",
        "course.mirels_calculator(",
        "course.radiotherapy_planner(",
        "course.treatment_explorer(",
        "case_zoledronic_acid.yml",
    ):
        assert call in code
