"""The graded quizzes' text file: valid, and every text the code asks for is there (and used)."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from course.content import read_content
from course.errors import ContentError
from course.grading.text import TEXT_FILE, text

GRADING = Path(__file__).resolve().parents[2] / "course" / "grading"
DIRECT = re.compile(r'quiz_text\("(\w+)"\)\["(\w+)"\]')
WORDS_OF = re.compile(r'(\w+) = quiz_text\("(\w+)"\)$', re.M)
HELPER = re.compile(
    r'def (_\w+)\(key: str, \*\*fields\) -> str:\n(?:.*\n){1,2}?.*quiz_text\("(\w+)"\)\[key\]'
)


def used_keys() -> set[tuple[str, str]]:
    """``(group, key)`` for every text the grading modules ask for, read from their source."""
    used = set()
    for path in sorted(GRADING.glob("*.py")):
        source = path.read_text(encoding="utf-8")
        used |= set(DIRECT.findall(source))
        for variable, group in WORDS_OF.findall(source):
            used |= {(group, k) for k in re.findall(rf'\b{variable}\["(\w+)"\]', source)}
        for helper, group in HELPER.findall(source):
            used |= {(group, k) for k in re.findall(rf'\b{helper}\(\s*"(\w+)"', source)}
    return used


def test_the_file_meets_its_schema():
    assert read_content(TEXT_FILE, "widget_text")


def test_every_text_the_code_asks_for_is_in_the_file():
    used = used_keys()
    assert len(used) > 60  # the reader above finds the code's look-ups
    data = read_content(TEXT_FILE, "widget_text")
    missing = sorted((g, k) for g, k in used if k not in data.get(g, {}))
    assert missing == []


def test_every_text_in_the_file_is_used():
    used = used_keys()
    data = read_content(TEXT_FILE, "widget_text")
    # the two sandbox notes are picked by a conditional expression, not by a literal look-up
    conditional = {("autograde", "sandboxed"), ("autograde", "unsandboxed")}
    unused = sorted(
        (g, k) for g, texts in data.items() for k in texts if (g, k) not in used | conditional
    )
    assert unused == []


@pytest.mark.parametrize("group", ["runtime", "marking_notes", "import", "verdicts", "report"])
def test_fields_are_plain_names(group):
    """Every ``{field}`` is a name (with an optional format), never a position or an index."""
    for key, value in text(group).items():
        for _, field, _, _ in string.Formatter().parse(value):
            if field is not None:
                assert re.fullmatch(r"[a-z_]+", field), (key, field)


def test_a_broken_file_is_refused_by_name(tmp_path):
    broken = tmp_path / "text.yml"
    broken.write_text("runtime:\n  ready: 3\n", encoding="utf-8")
    with pytest.raises(ContentError, match="text.yml"):
        read_content(broken, "widget_text")
