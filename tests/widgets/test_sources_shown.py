"""Widgets show sources as publications ("Zometa SmPC"), never as bibliography keys."""

from __future__ import annotations

import re
from pathlib import Path

from course.bibliography import cite

WIDGETS = Path(__file__).resolve().parents[2] / "course" / "widgets"


def test_a_source_field_reads_as_its_publications():
    shown = cite("smpc-zometa; nice-ng234")
    assert "Zometa SmPC" in shown and "NICE NG234" in shown
    assert "smpc-zometa" not in shown


def test_an_unknown_key_in_edited_data_is_shown_as_written_not_an_error():
    assert cite("local-trust-policy") == "local-trust-policy"


def test_every_widget_that_shows_a_source_renders_it_through_the_bibliography():
    for path in sorted(WIDGETS.glob("*.py")):
        for n, line in enumerate(path.read_text().splitlines(), start=1):
            if re.search(r"\b\w+\.source\b", line) and "cell.source" not in line:
                assert "cite(" in line, f"{path.name}:{n} shows a raw source field"
