"""The self-check's words and feedback drawing moved to a sibling file; the old names still work.

Other widgets import ``CSS``, ``md`` and ``TEXT`` from :mod:`course.widgets.self_check`; they must
be the very objects :mod:`course.widgets.self_check_feedback` defines.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from course.paths import course_root
from course.questions.marking import Feedback, Result
from course.widgets import self_check, self_check_feedback


@pytest.mark.parametrize("name", ["CSS", "TEXT", "md", "_plain", "_feedback_html"])
def test_self_check_exports_the_drawing_helpers(name):
    assert getattr(self_check, name) is getattr(self_check_feedback, name)


def test_the_feedback_module_imports_first_in_a_fresh_interpreter():
    out = subprocess.run(
        [sys.executable, "-c", "import course.widgets.self_check_feedback"],
        cwd=course_root(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr[-2000:]


def test_feedback_names_the_option_in_the_learners_words():
    result = Result("x", False, 0.0, 0.0, 1.0, "b", [Feedback("wrong", "Too low.", "b")], "")
    page = self_check_feedback._feedback_html(result, None, {"b": "Two tablets a day"})
    assert "✘ Not quite “Two tablets a day”:" in page
    assert "Too low." in page
