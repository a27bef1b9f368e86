"""What a graded quiz notebook runs in the learner's kernel.

Answer controls, saved answers, and a check that says whether each question is answered.
Nothing in it is secret.

A quiz notebook (built by :mod:`course.grading.build`) has a setup cell that makes
``quiz = Quiz(name, QUESTIONS)`` from the questions' public part (stem, options with their keys,
unit, type: no answer, no feedback), and per question an answer cell that calls
``quiz.ask(item_id)``. That shows the question's controls
(:mod:`course.widgets.quiz_controls`) with the
options in this learner's own order (:func:`course.questions.shuffle.option_order` with
:func:`course.questions.shuffle.learner_seed`), labelled A, B, C... Every change is saved at once
into the
answer cell's output and into ``<quiz>.answers.json`` beside the notebook
(:mod:`course.grading.saved`); reopening the quiz restores the choices. Typing stays possible:
``answer_3 = "B"`` in the answer cell (the letter shown before the option), then run the cell.

The check cell (``quiz.check(item_id)``, graded by nbgrader) says "Answer saved" or "Not
answered yet" and never raises; it never says whether an answer is right. The marks come from
the grader, which reads the saved answers and the typed lines without running anything and
marks them against the trainer's bank (:func:`course.grading.answers.grader_marks`).

``quiz.check("answer_1", "single", options="abc")`` and ``quiz.grade(...)`` (hidden tests of
quizzes built before the answers were saved) still work for old notebooks
(:mod:`~course.grading.hidden_tests`).

This module is imported inside the quiz kernel: it must stay light (no nbgrader; the controls
are imported only when a question is shown).
"""

from __future__ import annotations

import html
import os
import sys
import time
from pathlib import Path
from typing import Any

from course.grading import saved
from course.grading import typed as typed_text
from course.grading.hidden_tests import (  # noqa: F401 (Score, WrongAnswer: re-exported)
    MISSING,
    Score,
    WrongAnswer,
    feedback_text,
    form_item,
    key_item,
    read_answer,
    register_handler,
)
from course.grading.text import text as quiz_text
from course.questions.marking import AnswerFormatError, check_answer


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


def _now_ms() -> int:
    return time.time_ns() // 1_000_000


#: set by ``bonecourse quiz autograde`` in the kernel it grades with (the marks come from the
#: grader, outside the kernel); nbgrader's own autograde does not set it
GRADER_ENV = "BONECOURSE_GRADER"


class PlainNbgraderError(RuntimeError):  # noqa: N818
    """A quiz run by nbgrader's own autograde, which cannot mark its saved answers."""


def _refuse_plain_nbgrader() -> None:
    """Fail every check cell under nbgrader's own autograde.

    Under the Formgrader's button or ``nbgrader autograde`` the check cells would pass whatever
    was answered, so nbgrader alone would give full marks. ``bonecourse quiz autograde`` marks
    the saved answers instead.
    """
    if os.environ.get("NBGRADER_EXECUTION") == "autograde" and os.environ.get(GRADER_ENV) != "1":
        raise PlainNbgraderError(
            "Grade this quiz with `bonecourse quiz autograde` (it marks the saved answers); "
            "nbgrader's own autograde cannot, so it gives no mark here."
        )


class Quiz:
    """The quiz's helper object, created in the setup cell.

    Parameters
    ----------
    name
        The quiz name, e.g. ``"quiz_00_start_here"``.
    questions
        item id -> the question's public part: ``n`` (its number), ``type``, ``stem``,
        ``options`` (``[key, text]`` pairs in bank order), ``unit``, ``steps`` (for a case:
        ``{"stem", "options"}`` each). Never a key or feedback.
    folder
        Where the answers file is kept (default: the kernel's folder, the notebook's).
    seed
        The learner's shuffle seed (default: :func:`course.questions.shuffle.learner_seed`).
    """

    def __init__(
        self,
        name: str,
        questions: dict[str, dict] | None = None,
        *,
        folder: str | os.PathLike | None = None,
        seed: str | None = None,
    ):
        self.name = name
        self.questions = dict(questions or {})
        self.folder = Path(folder) if folder is not None else Path.cwd()
        self._seed = seed
        self.records: dict[str, dict] = saved.saved_before(self.folder, name) if questions else {}
        self._views: dict[str, Any] = {}
        self.save_problem = ""
        register_handler()

    @property
    def seed(self) -> str:
        """The shuffle seed of this learner (made on first use)."""
        if self._seed is None:
            from course.questions.shuffle import learner_seed

            self._seed = learner_seed()
        return self._seed

    def __repr__(self) -> str:
        return quiz_text("runtime")["ready"].format(name=self.name)

    def _repr_html_(self) -> str:
        return quiz_text("runtime")["ready_html"].format(name=html.escape(self.name))

    # -- the option order and the record ----------------------------------------------------
    def order(self, item_id: str) -> list | list[list[str]]:
        """The option keys of ``item_id`` in this learner's order (one list per case step)."""
        from course.questions.shuffle import option_order

        q = self.questions[item_id]
        if q["type"] in ("single", "multiple"):
            return option_order(item_id, [k for k, _ in q["options"]], self.seed)
        if q["type"] == "case":
            return [
                option_order(saved.step_id(item_id, i), [k for k, _ in st["options"]], self.seed)
                for i, st in enumerate(q["steps"])
            ]
        return []

    def _fits(self, item_id: str, order: object) -> bool:
        """Whether a saved order holds exactly this question's options (each step's)."""
        q = self.questions[item_id]
        if q["type"] in ("single", "multiple"):
            return isinstance(order, list) and sorted(order) == sorted(k for k, _ in q["options"])
        if q["type"] == "case":
            return (
                isinstance(order, list)
                and len(order) == len(q["steps"])
                and all(
                    isinstance(o, list) and sorted(o) == sorted(k for k, _ in st["options"])
                    for o, st in zip(order, q["steps"], strict=True)
                )
            )
        return True

    def _record(self, item_id: str) -> dict:
        """The question's current record.

        The saved one (its order kept, so a reopened quiz shows the order the learner saw even if
        their seed changed), or a new one.
        """
        q = self.questions[item_id]
        old = self.records.get(item_id)
        if old is not None and old.get("type") == q["type"] and self._fits(item_id, old["order"]):
            return dict(old)
        keep = old.get("value") if old and q["type"] in ("numeric", "text") else None
        return saved.new_record(
            self.name, item_id, q["type"], self.order(item_id), keep, seed=self.seed, seq=_now_ms()
        )

    def _typed_value(self, item_id: str, typed: object, order=None) -> object:
        """A typed answer as the control's value (keys for choices); raises ValueError."""
        q = self.questions[item_id]
        kind = q["type"]
        order = order if order is not None else self.order(item_id)
        if kind == "single":
            return typed_text.typed_to_keys(typed, order, many=False)[0][0]
        if kind == "multiple":
            return typed_text.typed_to_keys(typed, order, many=True)[0]
        if kind == "case":
            parts = typed if isinstance(typed, list) else typed_text.plain_text(str(typed))[0]
            if isinstance(parts, str):
                parts = [p for p in typed_text._SPLIT.split(parts.strip()) if p]
            if len(parts) != len(order):
                raise ValueError(f"give one letter per step ({len(order)} steps)")
            return [
                typed_text.typed_to_keys(p, o, many=False)[0][0]
                for p, o in zip(parts, order, strict=True)
            ]
        return str(typed)

    def _save(self, record: dict) -> None:
        """Keep ``record`` and show it in the answer cell's saved-answer output."""
        self.records[record["item"]] = record
        view = self._views.get(record["item"])
        if view is not None:
            view.update(saved.answer_output(record, self.questions[record["item"]]), raw=True)

    def _write_file(self) -> None:
        try:
            saved.write_answers_file(
                saved.answers_file(self.folder, self.name), self.name, self.records
            )
            self.save_problem = ""
        except OSError as exc:  # a read-only folder: the notebook output still keeps it
            self.save_problem = quiz_text("runtime")["not_saved_beside"].format(reason=exc.strerror)

    def changed(self, item_id: str, value: object) -> None:
        """A control changed: save the new value at once (notebook output and file)."""
        record = self._record(item_id)
        record["value"] = value if value not in ("", [], None) else None
        if isinstance(value, list) and record["type"] == "case" and not any(value):
            record["value"] = None
        record["seq"] = max(_now_ms(), record["seq"] + 1)
        self._save(record)
        self._write_file()

    # -- what the answer cell and the check cell call -----------------------------------------
    def ask(self, item_id: str) -> None:
        """Show question ``item_id``'s controls in this learner's order, with the saved answer.

        A typed ``answer_N = ...`` line in the same cell (run with it) sets the controls.
        """
        if item_id not in self.questions:
            _display_text(quiz_text("runtime")["not_in_quiz"].format(item=item_id))
            return
        q = self.questions[item_id]
        namespace = sys._getframe(1).f_globals
        typed = namespace.get(f"answer_{q['n']}", "")
        record = self._record(item_id)
        problem = ""
        if typed not in ("", None, []) and typed != record.get("typed"):
            try:
                record["value"] = self._typed_value(item_id, typed, record["order"])
            except (ValueError, IndexError) as exc:
                problem = quiz_text("runtime")["typed_unreadable_yet"].format(problem=exc)
            record["typed"] = typed if isinstance(typed, (str, int, float, list)) else str(typed)
            record["seq"] = max(_now_ms(), record["seq"] + 1)
        self.records[item_id] = record
        from IPython.display import display

        from course.widgets.quiz_controls import question_controls

        controls = question_controls(
            q, record["order"], record["value"], lambda v: self.changed(item_id, v)
        )
        display(controls)
        self._views[item_id] = display(
            saved.answer_output(record, q),
            raw=True,
            display_id=f"bc-{self.name}-{item_id}-{_now_ms()}",
        )
        if problem:
            _display_text(problem)

    def check(
        self,
        variable: str,
        kind: str | None = None,
        options: str = "",
        unit: str = "",
        steps: list[str] | None = None,
    ) -> FormCheck | None:
        """Say whether a question is answered in a form that can be marked; never raises.

        ``quiz.check(item_id)`` for quizzes answered with controls; the old form
        ``quiz.check("answer_1", "single", options="abc")`` reads a typed answer.
        Returns ``None`` (after showing "Answer saved") or a :class:`FormCheck` naming what is
        missing, for example "Not answered yet". It never says whether the answer is right.
        """
        namespace = sys._getframe(1).f_globals
        _refuse_plain_nbgrader()
        if variable in self.questions:
            return self._check_saved(variable, namespace)
        value = read_answer(variable, namespace)
        if value is MISSING:
            return FormCheck(quiz_text("runtime")["line_missing"].format(variable=variable))
        try:
            result = check_answer(form_item(kind, options, unit, steps), value)
        except AnswerFormatError as exc:
            message = str(exc)
            if message.startswith("No answer yet"):
                message = (
                    quiz_text("runtime")["not_answered_yet"] + message[len("No answer yet. ") :]
                )
            return FormCheck(message)
        except Exception as exc:  # an odd value the learner typed: say so, never raise
            return FormCheck(
                quiz_text("runtime")["unreadable"].format(error=type(exc).__name__, problem=exc)
            )
        shown = result.response
        if isinstance(shown, (list, tuple)):
            shown = ", ".join(str(s) for s in shown)
        _display_text(quiz_text("runtime")["recorded"].format(shown=shown))
        return None

    def _check_saved(self, item_id: str, namespace: dict) -> FormCheck | None:
        q = self.questions[item_id]
        record = self.records.get(item_id)
        typed = namespace.get(f"answer_{q['n']}", "")
        value = record.get("value") if record else None
        if value in (None, "", []) and typed not in ("", None, []):
            try:
                value = self._typed_value(item_id, typed, record["order"] if record else None)
            except (ValueError, IndexError) as exc:
                return FormCheck(quiz_text("runtime")["typed_unreadable"].format(problem=exc))
        if q["type"] == "case" and isinstance(value, list) and None in value:
            missing = [str(n) for n, v in enumerate(value, 1) if v is None]
            return FormCheck(quiz_text("runtime")["step_missing"].format(steps=", ".join(missing)))
        if value in (None, "", []):
            return FormCheck(quiz_text("runtime")["not_answered"])
        shown = saved.answer_shown(q, record["order"] if record else self.order(item_id), value)
        message = quiz_text("runtime")["saved"].format(shown=shown)
        if self.save_problem:
            message += " " + self.save_problem
        _display_text(message)
        return None

    def grade(self, variable: str, key: dict) -> Score | None:
        """Mark the answer in ``variable`` against ``key`` (hidden test of an old quiz).

        Raises
        ------
        WrongAnswer
            With the item's feedback when the answer earns nothing (or cannot be marked).
        """
        namespace = sys._getframe(1).f_globals
        value = read_answer(variable, namespace)
        if value is MISSING:
            raise WrongAnswer(f"Not answered: the line {variable} = ... was missing.")
        item = key_item(key)
        try:
            result = check_answer(item, value)
        except AnswerFormatError as exc:
            raise WrongAnswer(f"Not marked: {exc}") from None
        except Exception as exc:
            raise WrongAnswer(f"Not marked: the answer could not be read ({exc}).") from None
        feedback = feedback_text(result)
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
