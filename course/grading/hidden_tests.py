"""Quizzes built with hidden tests, before answers were saved: typed answers marked in the kernel.

Old quiz notebooks call ``quiz.check("answer_1", "single", options="abc")`` (is the typed
answer in a form that can be marked?) and, in nbgrader's hidden tests, ``quiz.grade(...)`` with
the item's key embedded. This module holds what those need: a stand-in item for the form check
(:func:`form_item`), the bank item from an embedded key (:func:`key_item`), a partly right
:class:`Score`, and :class:`WrongAnswer`, shown as feedback rather than a traceback. The grader
uses :func:`key_item` and :func:`feedback_text` too, to mark such quizzes outside the kernel.
"""

from __future__ import annotations

import html
import textwrap
from typing import Any

from course.questions.bank import Item, Option
from course.questions.marking import Result

#: printed instead of a traceback for a wrong answer (red "Not right" in a terminal or notebook)
_RED, _GREEN, _RESET = "\x1b[0;31m", "\x1b[0;32m", "\x1b[0m"


class WrongAnswer(Exception):  # noqa: N818 (the name learners see in feedback)
    """A hidden test found the answer wrong (or unmarkable); the message is the feedback."""


class Score(float):
    """Points earned for a partly right answer: nbgrader reads the number, people the HTML."""

    def __new__(cls, points: float, max_points: float, feedback: str):
        """A float score that also carries its maximum and the feedback."""
        obj = super().__new__(cls, round(points, 4))
        obj.max_points = max_points
        obj.feedback = feedback
        return obj

    def __repr__(self) -> str:
        return repr(float(self))

    def _repr_html_(self) -> str:
        return (
            f"<p><b>Partly right: {float(self):g} of {self.max_points:g} points.</b></p>"
            f"<p>{html.escape(self.feedback).replace(chr(10), '<br>')}</p>"
        )


def show_wrong_answer(shell, etype, value, tb, tb_offset=None) -> list[str]:
    """IPython custom exception handler: the feedback only, never the hidden test's code."""
    lines = str(value).split("\n")
    stb = [f"{_RED}Not right{_RESET}: {lines[0]}", *lines[1:]]
    # IPython 8 returns the handler's traceback without showing it: show it ourselves, so the
    # kernel sends it as the cell's error output (and its execute reply)
    shell._showtraceback(etype, value, stb)
    return stb


def register_handler() -> None:
    """Show :class:`WrongAnswer` as its feedback in IPython, never as a traceback."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - quizzes run in IPython kernels
        return
    shell = get_ipython()
    if shell is not None:
        shell.set_custom_exc((WrongAnswer,), show_wrong_answer)


#: what :func:`read_answer` returns for a variable the learner's cell never set
MISSING = object()


def read_answer(variable: str, namespace: dict) -> Any:
    """The value of ``variable`` in the learner's namespace, or :data:`MISSING`."""
    return namespace.get(variable, MISSING)


def form_item(kind: str, options: str, unit: str, steps: list[str] | None) -> Item:
    """A stand-in item with only what the answer's form depends on (no answer key)."""
    options = options or "a"
    opts = tuple(Option(k, k, "") for k in options)
    step_items = ()
    if kind == "case":
        from course.questions.bank import Step

        step_items = tuple(
            Step(f"step {n}", tuple(Option(k, k, "") for k in keys), keys[0])
            for n, keys in enumerate(steps or [], start=1)
        )
    return Item(
        id="form",
        module="",
        objective="",
        objective_text="",
        type=kind,
        use="assessment",
        stem="",
        explanation="",
        points=1.0,
        source="",
        options=opts,
        answer=0.0 if kind == "numeric" else (options[0] if kind == "single" else [options[0]]),
        unit=unit,
        tolerance=0.0,
        steps=step_items,
    )


def key_item(key: dict) -> Item:
    """The bank item from the key embedded in a hidden test (the bank's YAML mapping)."""
    from course.questions.bank import (
        item_from_mapping,  # the bank's constructor: marking is identical
    )

    return item_from_mapping(key, key.get("module", ""), {}, key.get("file", "<quiz>"))


def feedback_text(result: Result, max_lines: int = 12) -> str:
    """A marked answer's feedback as plain lines (at most ``max_lines``, wrapped to read)."""
    lines = []
    for fb in result.feedback:
        prefix = {"right": "Right", "wrong": "Wrong", "missed": "Missed"}.get(fb.kind, "")
        if fb.option:
            prefix = f"{prefix} ({fb.option})".strip()
        lines.append(f"{prefix}: {fb.text}" if prefix else fb.text)
    if result.explanation:
        lines.append("Why: " + result.explanation)
    # feedback pages show error text unwrapped: keep lines short enough to read
    wrapped = [textwrap.fill(line, width=88, subsequent_indent="  ") for line in lines[:max_lines]]
    return "\n".join(wrapped)
