"""What a graded quiz notebook runs: form checks the learner sees and the hidden marking.

A quiz notebook (built by :mod:`course.grading.build`) has, per question, an answer cell
(``answer_3 = ""``) and a check cell. The check cell's visible line, ``quiz.check(...)``, tells
the learner whether the answer is in a form that can be marked ("not answered yet" otherwise)
and never raises. Its hidden line, ``quiz.grade(...)``, present only in the trainer's copy,
marks the answer with :func:`course.marking.check_answer`, the same function the self-check
widgets use, against the item's key from the bank.

nbgrader reads the check cell's outputs: an error is no credit, a number shown as the cell's
result is partial credit, anything else is full credit. So a wrong answer raises
:class:`WrongAnswer` whose message is the item's feedback (shown without a traceback, so the
hidden code never appears in the learner's feedback), and a partly right answer returns a
:class:`Score`.

Answers are read from the notebook's variables by name, so a learner who deleted or renamed
the answer line gets "not answered" rather than a ``NameError``.

This module is imported inside the quiz kernel: it must stay light (no nbgrader, no widgets).
"""

from __future__ import annotations

import html
import sys
import textwrap
from typing import Any

from course.bank import Item, Option
from course.marking import AnswerFormatError, Result, check_answer

#: printed instead of a traceback for a wrong answer (red "Not right" in a terminal or notebook)
_RED, _GREEN, _RESET = "\x1b[0;31m", "\x1b[0;32m", "\x1b[0m"


class WrongAnswer(Exception):  # noqa: N818 (the name learners see in feedback)
    """A hidden test found the answer wrong (or unmarkable); the message is the feedback."""


class Score(float):
    """Points earned for a partly right answer: nbgrader reads the number, people the HTML."""

    def __new__(cls, points: float, max_points: float, feedback: str):
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


class FormCheck:
    """The visible check's verdict when the answer cannot be marked yet.

    Shown as the cell's result: the HTML is for the learner, the plain text ``0`` tells
    ``nbgrader validate`` that this question is not done (so validation of an unanswered
    quiz fails, while running it never raises).
    """

    def __init__(self, message: str):
        self.message = message

    def __repr__(self) -> str:
        return "0"

    def _repr_html_(self) -> str:
        return f'<p class="bc-quiz-check"><b>{html.escape(self.message)}</b></p>'

    def __str__(self) -> str:
        return self.message


def _show_wrong_answer(shell, etype, value, tb, tb_offset=None) -> list[str]:
    """IPython custom exception handler: the feedback only, never the hidden test's code."""
    lines = str(value).split("\n")
    stb = [f"{_RED}Not right{_RESET}: {lines[0]}", *lines[1:]]
    # IPython 8 returns the handler's traceback without showing it: show it ourselves, so the
    # kernel sends it as the cell's error output (and its execute reply)
    shell._showtraceback(etype, value, stb)
    return stb


def _register_handler() -> None:
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - quizzes run in IPython kernels
        return
    shell = get_ipython()
    if shell is not None:
        shell.set_custom_exc((WrongAnswer,), _show_wrong_answer)


_MISSING = object()


def _read_answer(variable: str, namespace: dict) -> Any:
    return namespace.get(variable, _MISSING)


def _form_item(kind: str, options: str, unit: str, steps: list[str] | None) -> Item:
    """A stand-in item with only what the answer's form depends on (no answer key)."""
    options = options or "a"
    opts = tuple(Option(k, k, "") for k in options)
    step_items = ()
    if kind == "case":
        from course.bank import Step

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


def _key_item(key: dict) -> Item:
    """The bank item from the key embedded in a hidden test (the bank's YAML mapping)."""
    from course.bank import item_from_mapping  # the bank's constructor: marking is identical

    return item_from_mapping(key, key.get("module", ""), {}, key.get("file", "<quiz>"))


def _feedback_text(result: Result, max_lines: int = 12) -> str:
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


class Quiz:
    """The quiz's helper object, created in the setup cell (``quiz = Quiz("quiz_00_...")``)."""

    def __init__(self, name: str):
        self.name = name
        _register_handler()

    def __repr__(self) -> str:
        return f"Quiz {self.name}: ready. Answer each question, then run its check cell."

    def _repr_html_(self) -> str:
        return (
            f"<p><b>Quiz ready.</b> Answer each question in its answer cell, then run the "
            f"check cell below it (Shift+Enter). <code>{html.escape(self.name)}</code></p>"
        )

    def check(
        self,
        variable: str,
        kind: str,
        options: str = "",
        unit: str = "",
        steps: list[str] | None = None,
    ) -> FormCheck | None:
        """Say whether the answer in ``variable`` can be marked; never raises.

        Returns ``None`` (after showing "answer recorded") when it can, or a :class:`FormCheck`
        naming what is missing or malformed, for example "Not answered yet".
        """
        namespace = sys._getframe(1).f_globals
        value = _read_answer(variable, namespace)
        if value is _MISSING:
            return FormCheck(
                f"Not answered yet: the line {variable} = ... is missing from the answer cell "
                "above. Type it again as the comment there shows, and run that cell."
            )
        try:
            result = check_answer(_form_item(kind, options, unit, steps), value)
        except AnswerFormatError as exc:
            message = str(exc)
            if message.startswith("No answer yet"):
                message = "Not answered yet. " + message[len("No answer yet. ") :]
            return FormCheck(message)
        except Exception as exc:  # an odd value the learner typed: say so, never raise
            return FormCheck(f"This answer cannot be read ({type(exc).__name__}); {exc}")
        shown = result.response
        if isinstance(shown, (list, tuple)):
            shown = ", ".join(str(s) for s in shown)
        _display_text(f"Answer recorded: {shown}. It is marked when your trainer grades the quiz.")
        return None

    def grade(self, variable: str, key: dict) -> Score | None:
        """Mark the answer in ``variable`` against ``key`` (hidden test; trainer's copy only).

        Raises
        ------
        WrongAnswer
            With the item's feedback when the answer earns nothing (or cannot be marked).
        """
        namespace = sys._getframe(1).f_globals
        value = _read_answer(variable, namespace)
        if value is _MISSING:
            raise WrongAnswer(f"Not answered: the line {variable} = ... was missing.")
        item = _key_item(key)
        try:
            result = check_answer(item, value)
        except AnswerFormatError as exc:
            raise WrongAnswer(f"Not marked: {exc}") from None
        except Exception as exc:
            raise WrongAnswer(f"Not marked: the answer could not be read ({exc}).") from None
        feedback = _feedback_text(result)
        if result.correct:
            print(f"Right: {item.points:g} of {item.points:g} points.\n{feedback}")
            return None
        if result.points <= 0:
            raise WrongAnswer(f"0 of {item.points:g} points.\n{feedback}")
        return Score(result.points, item.points, feedback)


def _display_text(message: str) -> None:
    try:
        from IPython.display import HTML, display

        display(HTML(f"<p class='bc-quiz-check'>{html.escape(message)}</p>"))
    except ImportError:  # pragma: no cover
        print(message)
