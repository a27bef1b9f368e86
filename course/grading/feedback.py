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
    from course.grading.typed import labels

    return dict(zip(order, labels(len(order)), strict=True)) if order else {}


class _Escaped(str):
    """Text already escaped: Jinja2 (through its ``__html__`` protocol) leaves it as it is."""

    def __html__(self) -> str:
        return str(self)


def _escaped(value):
    """``value`` with every text in it escaped as :func:`html.escape` does, marked as HTML.

    The feedback's HTML has always been escaped this way (``&#x27;``, ``&quot;``), and a
    learner's feedback is checked for leaks in that form.
    """
    if isinstance(value, str):
        return _Escaped(html.escape(value))
    if isinstance(value, dict):
        return {k: _escaped(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_escaped(v) for v in value)
    return value


def _render(part: str, data: dict) -> str:
    """One macro of ``course/templates/quiz_feedback.html`` as HTML (texts escaped here)."""
    from course.widgets.kit import render

    return render("quiz_feedback.html", part=part, data=_escaped(data)).strip()


def _answer_shown(item, mark, order=None) -> dict:
    """What the learner answered, as the template's ``answer`` macro shows it."""
    if mark.answer in (None, "", []):
        return {"kind": "none"}
    if item.type in ("single", "multiple"):
        letters = _letters(order)
        keys = [mark.answer] if isinstance(mark.answer, str) else list(mark.answer)
        parts = []
        for key in keys:
            try:
                parts.append((letters.get(key), item.option(key).text))
            except KeyError:
                continue
        return {"kind": "choice", "parts": parts}
    if item.type == "case":
        parts = []
        for n, key in enumerate(mark.answer, start=1):
            step = item.steps[n - 1]
            letters = _letters(order[n - 1] if order and len(order) >= n else None)
            try:
                text = step.option(key).text
            except KeyError:
                text = ""
            parts.append((letters.get(key), text))
        return {"kind": "case", "parts": parts}
    if item.type == "numeric":
        shown = f"{mark.answer:g}" if isinstance(mark.answer, float) else str(mark.answer)
        return {"kind": "numeric", "shown": shown, "unit": item.unit}
    return {"kind": "text", "shown": str(mark.answer)}


def answer_html(item, mark, order=None) -> str:
    """What the learner answered, in the letters they saw (bank keys never shown)."""
    return _render("answer", _answer_shown(item, mark, order))


def _option_feedback(item, mark, full_key: bool) -> list[tuple[str, str]] | None:
    """The feedback of what the learner chose as ``(kind, text)``; ``None`` when there is none."""
    from course.questions.marking import check_answer

    feedback = []
    if mark.answer not in (None, "", []) and item.type != "text" and mark.how != "unreadable":
        try:
            feedback = check_answer(item, mark.answer, full_key=full_key).feedback
        except Exception:  # an answer the grader named as unreadable: no option feedback
            feedback = []
    if not feedback:
        return None
    # one choice: its points say right or not, its feedback says why
    plain = item.type in ("single", "numeric")
    return [("" if plain else _KIND.get(fb.kind, ""), fb.text) for fb in feedback if fb.text]


def question_feedback_html(item, mark, order=None, *, full_key: bool = False) -> str:
    """The feedback a learner sees under one graded question.

    Their answer and points, the feedback of what they chose, and the explanation. Only with
    ``full_key`` (the trainer's setting) the right answer and every option's verdict.
    """
    data = {
        "mark": mark,
        "answer": _answer_shown(item, mark, order),
        "unreadable": mark.how == "unreadable",
        "feedback": _option_feedback(item, mark, full_key),
        "explanation": item.explanation if item.type != "text" else "",
        "full_key": _full_key(item, order) if full_key else None,
    }
    return _render("question", data)


def _full_key(item, order=None) -> dict | None:
    """Every option's verdict and feedback, and the right answer (trainer's setting only)."""
    if item.type in ("single", "multiple"):
        letters = _letters(order)
        keys = order or [o.key for o in item.options]
        rows = []
        for key in keys:
            opt = item.option(key)
            rows.append((letters.get(key, ""), opt.text, key in item.correct_keys, opt.feedback))
        return {"kind": "options", "rows": rows}
    if item.type == "numeric":
        return {"kind": "numeric", "answer": f"{float(item.answer):g}", "unit": item.unit}
    if item.type == "case":
        return {"kind": "case", "rows": [s.option(s.answer).text for s in item.steps]}
    if item.model_answer:
        return {"kind": "model", "answer": item.model_answer}
    return None


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
