"""Learners' feedback: nbgrader's ``generate_feedback`` plus a check that nothing leaks.

The course's ``nbgrader_config.py`` adds ``QuizFeedback`` (:mod:`course.grading.preprocessors`),
``RedactHiddenTests`` and ``ClearHiddenTests`` to GenerateFeedback. Feedback then shows, under
each question, what the learner answered (in the letters they saw), the marks the grader gave
(:func:`course.grading.answers.grader_marks`), the feedback of what they chose and the item's
explanation: never every option's verdict, so one learner's feedback does not hand out the key.
The trainer turns the full key on with ``c.QuizFeedback.full_key = True`` (for example once
the quiz has closed for everyone). :func:`leaks` checks any released notebook or feedback file
for text that only the trainer's copy holds.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from course.grading.preprocessors import hidden_test_lines
from course.grading.release import generate_feedback

__all__ = [
    "add_quiz_feedback",
    "answer_html",
    "generate_feedback",
    "leaks",
    "question_feedback_html",
    "secret_lines",
]

_ANSWER_LINE = re.compile(r"^answer_\d+ = ")
_SOLUTION = re.compile(r"BEGIN SOLUTION\n(.*?)\n[^\n]*END SOLUTION", re.S)


def secret_lines(
    source_notebook: str | Path, released_notebook: str | Path, *, for_feedback: bool = False
) -> list[str]:
    """Lines of the trainer's source notebook that learners must never see.

    Hidden-test and solution lines that are not also in the released copy (short lines are skipped).

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


# --------------------------------------------------------------------------- quiz feedback

_KIND = {"right": "Right", "wrong": "Not right", "missed": "Left out", "info": ""}


def _letters(order) -> dict[str, str]:
    from course.grading.saved import labels

    return dict(zip(order, labels(len(order)), strict=True)) if order else {}


def answer_html(item, mark, order=None) -> str:
    """What the learner answered, in the letters they saw (bank keys never shown)."""
    esc = html.escape
    if mark.answer in (None, "", []):
        return "<p><b>Your answer:</b> not answered.</p>"
    if item.type in ("single", "multiple"):
        letters = _letters(order)
        keys = [mark.answer] if isinstance(mark.answer, str) else list(mark.answer)
        parts = []
        for key in keys:
            try:
                text = item.option(key).text
            except KeyError:
                continue
            label = letters.get(key)
            parts.append(f"{esc(label)}. {esc(text)}" if label else esc(text))
        return "<p><b>Your answer:</b> " + "; ".join(parts) + "</p>"
    if item.type == "case":
        rows = []
        for n, key in enumerate(mark.answer, start=1):
            step = item.steps[n - 1]
            letters = _letters(order[n - 1] if order and len(order) >= n else None)
            try:
                text = step.option(key).text
            except KeyError:
                text = "not answered"
            label = letters.get(key)
            rows.append(f"<li>Step {n}: {esc(label) + '. ' if label else ''}{esc(text)}</li>")
        return "<p><b>Your answers:</b></p><ul>" + "".join(rows) + "</ul>"
    if item.type == "numeric":
        shown = f"{mark.answer:g}" if isinstance(mark.answer, float) else str(mark.answer)
        return f"<p><b>Your answer:</b> {esc(shown)} {esc(item.unit)}</p>"
    return (
        "<p><b>Your written answer:</b></p><blockquote>"
        + esc(str(mark.answer)).replace("\n", "<br>")
        + "</blockquote>"
    )


def _points_line(mark) -> str:
    if mark.points is None:
        return f"<p><b>Marked by your trainer</b> (out of {mark.max_points:g}).</p>"
    return f"<p><b>{mark.points:g} of {mark.max_points:g} points.</b></p>"


def question_feedback_html(item, mark, order=None, *, full_key: bool = False) -> str:
    """The feedback a learner sees under one graded question.

    Their answer and points, the feedback of what they chose, and the explanation. Only with
    ``full_key`` (the trainer's setting) the right answer and every option's verdict.
    """
    from course.questions.marking import check_answer

    esc = html.escape
    parts = [f'<div class="bc-quiz-feedback">{_points_line(mark)}', answer_html(item, mark, order)]
    feedback = []
    if mark.answer not in (None, "", []) and item.type != "text" and mark.how != "unreadable":
        try:
            feedback = check_answer(item, mark.answer, full_key=full_key).feedback
        except Exception:  # an answer the grader named as unreadable: no option feedback
            feedback = []
    if mark.how == "unreadable":
        parts.append("<p>Your answer could not be read, so it earned no marks here; your "
                     "trainer has been told and can look at it.</p>")  # fmt: skip
    if feedback:
        items = []
        for fb in feedback:
            if not fb.text:
                continue
            # one choice: its points say right or not, its feedback says why
            kind = "" if item.type in ("single", "numeric") else _KIND.get(fb.kind, "")
            items.append(f"<li>{'<b>' + kind + ':</b> ' if kind else ''}{esc(fb.text)}</li>")
        parts.append("<ul>" + "".join(items) + "</ul>")
    if item.explanation and item.type != "text":
        parts.append(f"<p><b>Why:</b> {esc(item.explanation)}</p>")
    if full_key:
        parts.append(_full_key_html(item, order))
    parts.append("</div>")
    return "".join(parts)


def _full_key_html(item, order=None) -> str:
    """Every option's verdict and feedback, and the right answer (trainer's setting only)."""
    esc = html.escape
    if item.type in ("single", "multiple"):
        letters = _letters(order)
        keys = order or [o.key for o in item.options]
        rows = []
        for key in keys:
            opt = item.option(key)
            verdict = "right" if key in item.correct_keys else "not right"
            label = letters.get(key, "")
            rows.append(
                f"<li>{esc(label) + '. ' if label else ''}{esc(opt.text)} "
                f"(<b>{verdict}</b>): {esc(opt.feedback)}</li>"
            )
        return "<p><b>Every option:</b></p><ul>" + "".join(rows) + "</ul>"
    if item.type == "numeric":
        return f"<p><b>The answer:</b> {float(item.answer):g} {esc(item.unit)}</p>"
    if item.type == "case":
        rows = [
            f"<li>Step {n}: {esc(step.option(step.answer).text)}</li>"
            for n, step in enumerate(item.steps, start=1)
        ]
        return "<p><b>The answers:</b></p><ul>" + "".join(rows) + "</ul>"
    if item.model_answer:
        return f"<p><b>A model answer:</b> {esc(item.model_answer)}</p>"
    return ""


def _html_output(text: str):
    import nbformat

    return nbformat.v4.new_output("display_data", data={"text/html": text, "text/plain": ""})


def add_quiz_feedback(nb, marks: dict, bank, orders: dict | None = None, *, full_key=False):
    """Put each question's feedback into an autograded quiz notebook (in place).

    The answer cell's outputs (controls, saved record) become one line saying what the learner
    answered; the check cell's outputs (or, for a written answer, the answer cell's) become
    the feedback of :func:`question_feedback_html`. Questions without a mark are left alone.
    """
    orders = orders or {}
    for cell in nb.cells:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") or ""
        item_id = grade_id.removesuffix("-answer")
        if item_id not in marks or item_id not in bank or cell.get("cell_type") != "code":
            continue
        item, mark = bank.item(item_id), marks[item_id]
        if grade_id.endswith("-answer"):
            cell.outputs = [_html_output(answer_html(item, mark, orders.get(item_id)))]
        else:
            html_text = question_feedback_html(item, mark, orders.get(item_id), full_key=full_key)
            cell.outputs = [_html_output(html_text)]
    return nb
