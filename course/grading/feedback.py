"""Learners' feedback: nbgrader's ``generate_feedback`` plus a check that nothing leaks.

The course's ``nbgrader_config.py`` adds ``RedactHiddenTests`` and ``ClearHiddenTests`` to
GenerateFeedback, so feedback shows each learner's answers, marks and the item's feedback, but
no hidden test and no solution. :func:`leaks` checks any released notebook or feedback file for
text that only the trainer's copy holds.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from course.grading.preprocessors import hidden_test_lines
from course.grading.release import generate_feedback

__all__ = ["generate_feedback", "leaks", "secret_lines"]

_ANSWER_LINE = re.compile(r"^answer_\d+ = ")
_SOLUTION = re.compile(r"BEGIN SOLUTION\n(.*?)\n[^\n]*END SOLUTION", re.S)


def secret_lines(
    source_notebook: str | Path, released_notebook: str | Path, *, for_feedback: bool = False
) -> list[str]:
    """Lines of the trainer's source notebook that learners must never see: hidden-test and
    solution lines that are not also in the released copy (short lines are skipped).

    With ``for_feedback``, answer lines (``answer_3 = '2.6'``) are not secret: a learner who
    answered right typed exactly that line.
    """
    import nbformat

    source = nbformat.read(str(source_notebook), as_version=4)
    released = nbformat.read(str(released_notebook), as_version=4)
    public = "\n".join(c.source for c in released.cells)
    secrets = set()
    for cell in source.cells:
        lines = hidden_test_lines(cell.source)
        for block in _SOLUTION.findall(cell.source):
            lines += [line.strip() for line in block.split("\n")]
        for line in lines:
            if len(line) < 6 or line in public:
                continue
            if for_feedback and _ANSWER_LINE.match(line):
                continue
            secrets.add(line)
    return sorted(secrets)


def leaks(path: str | Path, secrets: list[str]) -> list[str]:
    """The secret lines found in a file (a notebook or an HTML feedback page)."""
    text = Path(path).read_text(encoding="utf-8", errors="replace")
    if path.__str__().endswith(".ipynb"):
        import nbformat

        nb = nbformat.reads(text, as_version=4)
        text = "\n".join(c.source for c in nb.cells) + "\n" + text
    plain = html.unescape(re.sub(r"<[^>]+>", "", text))
    found = [s for s in secrets if s in text or s in plain or html.escape(s) in text]
    for marker in ("BEGIN HIDDEN TESTS", "BEGIN SOLUTION"):
        if marker in text:
            found.append(marker)
    return found
