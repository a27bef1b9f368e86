r"""The question bank as GIFT, Moodle's plain-text question format.

GIFT gives ``~ = # { } :`` a meaning, so every one of them in the bank's text is escaped with a
backslash (and a backslash itself is doubled); line breaks become ``\n`` so a question's text
never ends early at a blank line. Texts are marked ``[markdown]``, the bank's own format.

What Moodle's GIFT importer keeps, and how each item type is written:

- every question starts with a comment line ``// [id:<item id>] [tag:...]``: Moodle (and
  ``gift-pegjs``) read the id number and the tags from it. GIFT has no field for a question's
  weight, so each question is tagged ``points-<n>``; :func:`weights_note` says which questions
  need their mark set in the quiz (Moodle XML carries the weight itself);
- single and multiple choice: options in the order of :func:`course.questions.shuffle.option_order`
for the
  recorded seed (written in the file's header); right answers share 100 %, wrong ones of a
  multiple-choice item cost the same share; feedback per option, with the misconception;
- numeric: the answer with its tolerance, each known wrong value at 0 % with its feedback, and
  ``~#`` with the feedback for any other answer. GIFT has no units, so the stem asks for the
  number only and names the unit, and says to use a decimal point;
- free text: an essay ``{}``; its general feedback holds the explanation, the model answer and
  the marking points (GIFT has no field for information to graders; Moodle XML has one);
- a case: one question per step, named ``<id>#<n>``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from course.questions.bank import Item, Option
from course.questions.exports import (
    DECIMAL_POINT_NOTE,
    EXPORT_SEED,
    number_text,
    ordered,
    portable_numeric_stem,
)
from course.questions.exports.moodle import fraction_text

GIFT_SPECIAL = "~=#{}:"


def gift_escape(text: str) -> str:
    r"""Escape text for GIFT.

    A backslash goes before each of ``~ = # { } :`` and before a backslash; line breaks become
    ``\n``.
    """
    out = []
    for char in str(text).strip():
        if char == "\\" or char in GIFT_SPECIAL:
            out.append("\\" + char)
        elif char == "\n":
            out.append("\\n")
        elif char == "\r":
            continue
        else:
            out.append(char)
    return "".join(out)


def _bracket_text(text: str) -> str:
    """A value for ``[id:...]`` or ``[tag:...]``: no brackets, no line breaks."""
    return " ".join(str(text).replace("[", "(").replace("]", ")").split())


def _feedback(option: Option) -> str:
    text = option.feedback.strip()
    if option.misconception:
        text += f"\n\n*Misconception:* {option.misconception}"
    return gift_escape(text)


def _choices(options: list[Option], right: frozenset[str]) -> list[str]:
    share = 100.0 / len(right)
    lines = []
    for opt in options:
        if len(right) == 1:
            mark = "=" if opt.key in right else "~"
        else:
            mark = f"~%{fraction_text(share if opt.key in right else -share)}%"
        lines.append(f"\t{mark}{gift_escape(opt.text)}#{_feedback(opt)}")
    return lines


def _tags(item: Item, points: float) -> list[str]:
    names = [f"objective-{item.objective}", item.use, f"points-{number_text(points)}"]
    names += list(item.tags)
    if item.red_flag:
        names.append("red-flag")
    return [_bracket_text(n).replace(" ", "_") for n in names]


def _question(
    name: str,
    stem: str,
    answer_lines: list[str],
    general: str,
    item: Item,
    points: float,
    note: str = "",
    numeric: bool = False,
) -> str:
    marks = " ".join([f"[id:{_bracket_text(name)}]"] + [f"[tag:{t}]" for t in _tags(item, points)])
    flags = ", red flag" if item.red_flag else ""
    body = [
        f"// {marks}",
        f"// {item.id}: objective {item.objective}, {item.use}, worth {number_text(points)}"
        f" point(s){flags}{note}",
        f"::{gift_escape(name)}::[markdown]{gift_escape(stem)} {{{'#' if numeric else ''}",
    ]
    body += answer_lines
    if general:
        body.append(f"\t####{gift_escape(general)}")
    body.append("}")
    return "\n".join(body)


def numeric_stem(item: Item) -> str:
    """A numeric item's stem as GIFT writes it.

    No decimal-comma hints, and an instruction to type the number only (GIFT has no units) with a
    decimal point.
    """
    unit = f", in {item.unit}" if item.unit else ""
    return (
        f"{portable_numeric_stem(item.stem)}\n\n*Type the number only{unit}. {DECIMAL_POINT_NOTE}.*"
    )


def essay_feedback(item: Item) -> str:
    """A written item's general feedback: the explanation, the model answer, the marking points."""
    points = "\n".join(f"- {' '.join(p.split())}" for p in item.rubric)
    parts = [item.explanation.strip()] if item.explanation.strip() else []
    parts.append(f"**Model answer.** {item.model_answer.strip()}")
    if points:
        parts.append(f"**A full answer covers:**\n\n{points}")
    return "\n\n".join(parts)


def item_to_gift(item: Item, seed: str | int | None = EXPORT_SEED) -> str:
    """One bank item as GIFT (a case gives one question per step, separated by blank lines)."""
    stem = (
        item.stem if not item.scenario or item.type == "case" else f"{item.scenario}\n\n{item.stem}"
    )
    if item.type in ("single", "multiple"):
        options = ordered(item.id, item.options, seed)
        return _question(
            item.id,
            stem,
            _choices(options, item.correct_keys),
            item.explanation,
            item,
            item.points,
        )
    if item.type == "numeric":
        tolerance = number_text(item.tolerance)
        lines = [f"\t={number_text(item.answer)}:{tolerance}#{gift_escape(item.feedback_correct)}"]
        for d in item.distractors:
            feedback = d.feedback + (
                f"\n\n*Misconception:* {d.misconception}" if d.misconception else ""
            )
            lines.append(f"\t=%0%{number_text(d.value)}:{tolerance}#{gift_escape(feedback)}")
        if item.feedback_wrong.strip():
            lines.append(f"\t~#{gift_escape(item.feedback_wrong)}")
        asked = numeric_stem(item)
        if item.scenario:
            asked = f"{item.scenario}\n\n{asked}"
        return _question(item.id, asked, lines, item.explanation, item, item.points, numeric=True)
    if item.type == "text":
        return _question(
            item.id, stem, [], essay_feedback(item), item, item.points, "; marked by hand"
        )
    if item.type == "case":
        parts = []
        for n, step in enumerate(item.steps, start=1):
            step_stem = f"{item.scenario}\n\n**Step {n} of {len(item.steps)}.** {step.stem}"
            options = ordered(f"{item.id}#{n}", step.options, seed)
            parts.append(
                _question(
                    f"{item.id}#{n}",
                    step_stem,
                    _choices(options, frozenset([step.answer])),
                    step.explanation,
                    item,
                    item.points / len(item.steps),
                    f"; step {n} of {len(item.steps)}",
                )
            )
        return "\n\n".join(parts)
    raise ValueError(f"{item.id}: cannot export a {item.type!r} item to GIFT")  # pragma: no cover


def weights_note(items: Iterable[Item]) -> str:
    """A sentence for the trainer naming the questions worth other than 1 point.

    GIFT loses weights; ``""`` when there are none.
    """
    odd = []
    for item in items:
        if item.type == "case":
            share = item.points / len(item.steps)
            if share != 1:
                odd.append(f"{item.id}#1-{len(item.steps)} ({number_text(share)} each)")
        elif item.points != 1:
            odd.append(f"{item.id} ({number_text(item.points)})")
    if not odd:
        return ""
    return (
        f"GIFT has no question weights: {len(odd)} question(s) are worth other than 1 point and "
        "are tagged points-<n>; set their marks in the Moodle quiz or use the Moodle XML export, "
        "which keeps them: " + ", ".join(odd)
    )


def to_gift(
    items: Iterable[Item],
    module_titles: dict[str, str] | None = None,
    seed: str | int | None = EXPORT_SEED,
) -> str:
    """The items as a GIFT file's text, with a ``$CATEGORY`` line per module.

    ``seed`` sets the option order (``None``: the bank's order); it is written in the header.
    """
    items = list(items)
    titles = module_titles or {}
    order = "the bank's order" if seed is None else f"shuffled with seed {seed}"
    blocks = [
        "// Bone Secondaries question bank (GIFT). Educational aid, not medical advice.\n"
        f"// Options: {order} (course.questions.shuffle.option_order).\n"
        "// Question weights: see the points-<n> tag of each question."
    ]
    current = None
    for item in items:
        if item.module != current:
            current = item.module
            title = titles.get(item.module, item.module).replace("/", "-")
            blocks.append(f"$CATEGORY: $course$/top/Bone Secondaries/{title}")
        blocks.append(item_to_gift(item, seed))
    return "\n\n".join(blocks) + "\n"


def write_gift(
    items: Iterable[Item],
    path: str | os.PathLike,
    module_titles: dict[str, str] | None = None,
    seed: str | int | None = EXPORT_SEED,
) -> Path:
    """Write :func:`to_gift` to ``path`` (UTF-8) and return the path."""
    path = Path(path)
    path.write_text(to_gift(items, module_titles, seed), encoding="utf-8")
    return path
