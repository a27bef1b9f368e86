"""Marking a learner's response to a bank item.

Pure logic shared by the self-check widgets, the progress dashboard and the graded quizzes.

A wrong *form* of answer (``"about three"`` for a number, ``"e"`` for options a to d) raises
:class:`AnswerFormatError` with a message that says what form is expected; it is never marked
wrong and never shown as a traceback.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from course.errors import CourseError
from course.questions.bank import Item

#: Certainty-based marking as Moodle uses it (Gardner-Medwin): marks for right and for wrong
#: at each level of certainty. High certainty earns more when right and costs more when wrong.
CBM_MARKS: dict[str, tuple[float, float]] = {
    "guessing": (1.0, 0.0),
    "fairly sure": (2.0, -2.0),
    "sure": (3.0, -6.0),
}
CONFIDENCE_LEVELS: tuple[str, ...] = tuple(CBM_MARKS)


class AnswerFormatError(CourseError, ValueError):
    """The response is not in a form the item can mark; the message tells the learner why."""


@dataclass
class Feedback:
    """One piece of feedback: ``kind`` is 'right', 'wrong', 'missed' or 'info'."""

    kind: str
    text: str
    option: str = ""
    misconception: str = ""


@dataclass
class Result:
    """The outcome of marking one response."""

    item_id: str
    correct: bool | None  # None: not auto-marked (free text)
    fraction: float  # 0..1 of the item's points
    points: float
    max_points: float
    response: object  # normalised response, as stored
    feedback: list[Feedback] = field(default_factory=list)
    explanation: str = ""

    @property
    def misconceptions(self) -> list[str]:
        """The misconceptions the chosen wrong answers reveal."""
        return [f.misconception for f in self.feedback if f.misconception]


_NUMBER = re.compile(
    r"^\s*(?P<num>[+-]?(?:\d+(?:[.,]\d+)?|[.,]\d+))\s*(?P<unit>[A-Za-zµμ%°×/].*?)?\s*$"
)


def _norm_unit(unit: str) -> str:
    return re.sub(r"\s+", "", unit).lower().replace("per", "/")


def parse_numeric(text: str | float | int, unit: str = "") -> float:
    """Read a number the way people type it: ``"2.8"``, ``"2,8"``, ``"2.8 mmol/L"``.

    Parameters
    ----------
    text
        What the learner typed (a number is passed through).
    unit
        The item's unit. A typed unit must match it (case and spaces ignored).

    Raises
    ------
    AnswerFormatError
        With a message naming the expected form, for anything that is not one number in that unit.
    """
    if isinstance(text, bool):
        raise AnswerFormatError("Type a number.")
    if isinstance(text, (int, float)):
        return float(text)
    example = f"2.8{' ' + unit if unit else ''}"
    expected = f"Type one number, for example {example} (a decimal comma such as 2,8 is fine" + (
        f"; the unit {unit} is optional)." if unit else ")."
    )
    if text is None or not str(text).strip():
        raise AnswerFormatError("No answer yet. " + expected)
    match = _NUMBER.match(str(text))
    if not match:
        raise AnswerFormatError(f"{str(text).strip()!r} is not a number I can read. " + expected)
    typed_unit = (match.group("unit") or "").strip()
    if typed_unit and _norm_unit(typed_unit) != _norm_unit(unit):
        if unit:
            raise AnswerFormatError(
                f"This question asks for the answer in {unit}, but you typed {typed_unit!r}. "
                f"Convert it, or type the number alone."
            )
        raise AnswerFormatError(
            f"This question asks for a plain number; remove {typed_unit!r}. " + expected
        )
    return float(match.group("num").replace(",", "."))


def _choice_keys(item: Item, response: object, *, many: bool) -> list[str]:
    keys = [o.key for o in item.options]
    if isinstance(response, str):
        raw = [r for r in re.split(r"[\s,;]+", response.strip().lower()) if r]
    elif isinstance(response, Iterable):
        raw = [str(r).strip().lower() for r in response]
    elif response is None:
        raw = []
    else:
        raise AnswerFormatError(f"Choose from the options {', '.join(keys)}.")
    if not raw:
        raise AnswerFormatError(
            "No answer yet. "
            + ("Tick every option that applies." if many else "Choose one option.")
        )
    unknown = [r for r in raw if r not in keys]
    if unknown:
        raise AnswerFormatError(
            f"{', '.join(repr(u) for u in unknown)} is not an option here; "
            f"the options are {', '.join(keys)}."
        )
    if not many and len(raw) > 1:
        raise AnswerFormatError("Choose only one option for this question.")
    return sorted(set(raw))


def _all_or_nothing(item: Item, correct: bool, response: object, fb: list[Feedback]) -> Result:
    """The result of a question that earns all its points or none."""
    return Result(
        item.id,
        correct,
        1.0 if correct else 0.0,
        item.points if correct else 0.0,
        item.points,
        response,
        fb,
        item.explanation,
    )


def check_answer(item: Item, response: object, *, full_key: bool = False) -> Result:
    """Mark ``response`` for ``item`` and gather the feedback the learner should see.

    ``response`` is an option key (single), a list of keys or a string such as ``"a, c"``
    (multiple), a number or typed text (numeric), free text (text) or a list of keys, one per
    step (case).

    Feedback covers what the learner chose, so one learner's feedback never hands out the whole
    key: a multiple-response answer that leaves out right options says how many, not which.
    ``full_key=True`` (a trainer's choice, e.g. after a quiz has closed) names them too.
    """
    kind = item.type
    if kind == "single":
        (key,) = _choice_keys(item, response, many=False)
        opt = item.option(key)
        correct = key == item.answer
        fb = [
            Feedback(
                "right" if correct else "wrong",
                opt.feedback,
                key,
                "" if correct else opt.misconception,
            )
        ]
        return _all_or_nothing(item, correct, key, fb)

    if kind == "multiple":
        return _check_multiple(item, response, full_key)

    if kind == "numeric":
        return _check_numeric(item, response)

    if kind == "text":
        text = "" if response is None else str(response).strip()
        if len(text) < 3:
            raise AnswerFormatError("Write your answer in a sentence or two, then press Check.")
        fb = [Feedback("info", "Compare your answer with this model answer: " + item.model_answer)]
        fb += [Feedback("info", "A full answer covers: " + point) for point in item.rubric]
        return Result(item.id, None, 0.0, 0.0, item.points, text, fb, item.explanation)

    if kind == "case":
        return _check_case(item, response)

    raise AnswerFormatError(f"Unknown question type {kind!r}.")


def _check_multiple(item: Item, response: object, full_key: bool) -> Result:
    """Mark a multiple-response answer; partial credit is right picks minus wrong picks."""
    chosen = _choice_keys(item, response, many=True)
    right = item.correct_keys
    fb = []
    for opt in item.options:
        if opt.key in chosen:
            ok = opt.key in right
            fb.append(
                Feedback(
                    "right" if ok else "wrong",
                    opt.feedback,
                    opt.key,
                    "" if ok else opt.misconception,
                )
            )
        elif opt.key in right and full_key:
            fb.append(Feedback("missed", opt.feedback, opt.key))
    left_out = len(right - set(chosen))
    if left_out and not full_key:
        fb.append(
            Feedback(
                "missed",
                f"{left_out} more option{'s apply' if left_out > 1 else ' applies'} that you "
                "did not tick. Read the options again with the explanation in mind.",
            )
        )
    hits = len(right.intersection(chosen))
    false_hits = len(set(chosen) - right)
    fraction = max(0.0, (hits - false_hits) / len(right))
    correct = set(chosen) == right
    return Result(
        item.id,
        correct,
        fraction,
        round(fraction * item.points, 4),
        item.points,
        chosen,
        fb,
        item.explanation,
    )


def _check_numeric(item: Item, response: object) -> Result:
    """Mark a number within the tolerance; a known wrong value gets its own feedback."""
    value = parse_numeric(response, item.unit)
    correct = abs(value - float(item.answer)) <= item.tolerance + 1e-9
    if correct:
        fb = [Feedback("right", item.feedback_correct)]
    else:
        near = [d for d in item.distractors if abs(d.value - value) <= max(item.tolerance, 1e-9)]
        if near:
            fb = [Feedback("wrong", near[0].feedback, misconception=near[0].misconception)]
        else:
            fb = [Feedback("wrong", item.feedback_wrong)]
    return _all_or_nothing(item, correct, value, fb)


def _check_case(item: Item, response: object) -> Result:
    """Mark a case one step at a time; the score is the share of steps answered right."""
    if isinstance(response, str):
        response = [r for r in re.split(r"[\s,;]+", response.strip().lower()) if r]
    keys = list(response or [])
    if len(keys) != len(item.steps):
        raise AnswerFormatError(
            f"This case has {len(item.steps)} steps; give one choice per step "
            f"(you gave {len(keys)})."
        )
    fb = []
    n_right = 0
    for n, key in enumerate(keys, start=1):
        result = check_step(item, n - 1, key)
        n_right += bool(result.correct)
        fb.extend(result.feedback)
    fraction = n_right / len(item.steps)
    return Result(
        item.id,
        n_right == len(item.steps),
        fraction,
        round(fraction * item.points, 4),
        item.points,
        [str(k) for k in keys],
        fb,
        item.explanation,
    )


def check_step(item: Item, index: int, key: str) -> Result:
    """Mark one step of a case item."""
    step = item.steps[index]
    keys = [o.key for o in step.options]
    key = str(key).strip().lower()
    if key not in keys:
        raise AnswerFormatError(f"Choose one of {', '.join(keys)} for step {index + 1}.")
    opt = step.option(key)
    correct = key == step.answer
    fb = [
        Feedback(
            "right" if correct else "wrong", opt.feedback, key, "" if correct else opt.misconception
        )
    ]
    share = item.points / len(item.steps)
    return Result(
        f"{item.id}#{index + 1}",
        correct,
        1.0 if correct else 0.0,
        share if correct else 0.0,
        share,
        key,
        fb,
        step.explanation,
    )


def cbm_mark(correct: bool | float, confidence: str) -> float:
    """Certainty-based mark for one answer, as Moodle computes it (Gardner-Medwin's scheme).

    ``correct`` is True/False, or the fraction of the item's marks earned (0 to 1): a wrong
    answer (fraction 0) earns the level's penalty (0, -2, -6); a partly right one earns that
    fraction of the level's reward (1, 2, 3).
    """
    try:
        right, wrong = CBM_MARKS[confidence]
    except KeyError:
        raise ValueError(
            f"confidence must be one of {', '.join(CONFIDENCE_LEVELS)}, not {confidence!r}"
        ) from None
    fraction = (1.0 if correct else 0.0) if isinstance(correct, bool) else float(correct)
    if not 0.0 <= fraction <= 1.0:
        raise ValueError(f"the fraction earned must be between 0 and 1, not {fraction}")
    return wrong if fraction <= 5e-8 else round(right * fraction, 4)


def score_summary(results: Sequence[Result]) -> tuple[float, float]:
    """(points earned, points possible) over auto-marked results."""
    marked = [r for r in results if r.correct is not None]
    return sum(r.points for r in marked), sum(r.max_points for r in marked)
