"""A graded quiz's answer controls: the self-checks' kinds of control, without any feedback.

One question gets a radio group (one choice), tick boxes (every option that applies), a number
box with its unit, a text area (a written answer), or one radio group per step (a case). Each
control is named by the question (:mod:`course.widgets.controls`: native form elements, one Tab
stop per group, arrow keys within it). Options are shown in the learner's order, each labelled
with the letter a typed answer uses ("B. ..."); values are option keys, never positions.

Nothing here marks or says whether an answer is right: every change goes to ``on_change``,
which saves it (:meth:`course.grading.runtime.Quiz.changed`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import ipywidgets as W

from course.grading.saved import labels
from course.widgets.controls import MultipleChoice, NumberInput, SingleChoice, TextArea


def _plain(markdown: str) -> str:
    """A stem as plain text for an accessible name (Markdown marks and links dropped)."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    return re.sub(r"[*_`#>]+", "", text).strip()


def lettered(options: Sequence[Sequence[str]], order: Sequence[str]) -> list[tuple[str, str]]:
    """``(key, "B. text")`` pairs in the learner's ``order``."""
    texts = {key: text for key, text in options}
    return [
        (key, f"{label}. {_plain(texts[key])}")
        for label, key in zip(labels(len(order)), order, strict=True)
    ]


def question_controls(
    question: dict,
    order: list,
    value: object,
    on_change: Callable[[object], None],
) -> W.Widget:
    """The controls of one quiz question, showing ``value`` and reporting every change.

    Parameters
    ----------
    question
        The question's public part (``n``, ``type``, ``stem``, ``options``, ``unit``,
        ``steps``), as the quiz's setup cell holds it.
    order
        Option keys in the learner's order (one list per step for a case).
    value
        The saved answer (a key, keys, text, or one key per step), or ``None``.
    on_change
        Called with the new value after every change.
    """
    n, kind = question["n"], question["type"]
    name = f"Question {n}. {_plain(question.get('stem', ''))}"
    if kind == "single":
        control = SingleChoice(
            lettered(question["options"], order),
            label=name,
            value=value if isinstance(value, str) and value in order else None,
        )
        control.observe(lambda change: on_change(change["new"]), "value")
        return _box(control)
    if kind == "multiple":
        chosen = [k for k in (value or []) if k in order] if isinstance(value, list) else []
        control = MultipleChoice(
            lettered(question["options"], order),
            label=name + " Tick every option that applies.",
            value=chosen,
        )
        control.observe(lambda change: on_change(sorted(change["new"])), "value")
        return _box(control)
    if kind == "numeric":
        control = NumberInput(
            label=f"Question {n}: your answer",
            unit=question.get("unit", ""),
            value=value if isinstance(value, str) else "",
            placeholder="a number, e.g. 2.8",
        )
        control.observe(lambda change: on_change(change["new"].strip()), "value")
        return _box(control)
    if kind == "text":
        control = TextArea(
            label=f"Question {n}: your written answer",
            value=value if isinstance(value, str) else "",
            placeholder="Write your answer here; your trainer marks it.",
            rows=8,
        )
        control.observe(lambda change: on_change(change["new"]), "value")
        return _box(control)
    if kind == "case":
        steps = question["steps"]
        current = list(value) if isinstance(value, list) and len(value) == len(steps) else []
        current = current or [None] * len(steps)
        groups = []
        for index, (step, step_order) in enumerate(zip(steps, order, strict=True)):
            chosen = current[index] if current[index] in step_order else None
            group = SingleChoice(
                lettered(step["options"], step_order),
                label=f"Question {n}, step {index + 1} of {len(steps)}. {_plain(step['stem'])}",
                value=chosen,
            )

            def changed(change, index=index):
                current[index] = change["new"]
                on_change(list(current))

            group.observe(changed, "value")
            groups.append(group)
        return _box(*groups)
    raise ValueError(f"no control for a {kind!r} question")


def _box(*children: W.Widget) -> W.Widget:
    box = W.VBox(list(children))
    box.add_class("bc-quiz-question")
    return box
