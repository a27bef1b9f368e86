"""The graded quizzes' learner- and trainer-facing text, from ``course/grading/text.yml``.

Read once through :func:`course.content.read_content` (schema ``widget_text``: texts by key,
in groups). Texts holding ``{name}`` fields are filled in with :meth:`str.format`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

TEXT_FILE = Path(__file__).with_name("text.yml")


def text(group: str) -> dict[str, Any]:
    """The texts of one group of ``text.yml`` (``"report"``, ``"runtime"`` ...), by key.

    Raises
    ------
    course.errors.ContentError
        When the file is missing or breaks its schema.
    KeyError
        For a group the file does not have.
    """
    from course.content import read_content

    return read_content(TEXT_FILE, "widget_text")[group]
