"""The question bank as GIFT, Moodle's plain-text question format.

GIFT gives ``~ = # { } :`` a meaning, so every one of them in the bank's text is escaped with a
backslash (and a backslash itself is doubled); line breaks become ``\\n`` so a question's text
never ends early at a blank line. Texts are marked ``[markdown]``, the bank's own format.

Item types map as in :mod:`course.exports.moodle`: single and multiple choice (right answers
share 100 %, wrong ones of a multiple-choice item cost the same share), numeric (answer and
tolerance, distractors at 0 % with their feedback, a catch-all with the general feedback),
free text as an essay ``{}``, and a case as one question per step named ``<id>#<n>``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from course.bank import Item, Option
from course.exports.moodle import fraction_text

GIFT_SPECIAL = "~=#{}:"


def gift_escape(text: str) -> str:
    """Escape text for GIFT: a backslash before each of ``~ = # { } :`` and before a backslash;
    line breaks as ``\\n``."""
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


def _feedback(option: Option) -> str:
    text = option.feedback.strip()
    if option.misconception:
        text += f"\n\n*Misconception:* {option.misconception}"
    return gift_escape(text)


def _choices(options: Iterable[Option], right: frozenset[str]) -> list[str]:
    share = 100.0 / len(right)
    lines = []
    for opt in options:
        if len(right) == 1:
            mark = "=" if opt.key in right else "~"
        else:
            mark = f"~%{fraction_text(share if opt.key in right else -share)}%"
        lines.append(f"\t{mark}{gift_escape(opt.text)}#{_feedback(opt)}")
    return lines


def _question(name: str, stem: str, answer_lines: list[str], explanation: str, comment: str) -> str:
    body = [f"// {comment}", f"::{gift_escape(name)}::[markdown]{gift_escape(stem)} {{"]
    body += answer_lines
    if explanation:
        body.append(f"\t####{gift_escape(explanation)}")
    body.append("}")
    return "\n".join(body)


def item_to_gift(item: Item) -> str:
    """One bank item as GIFT (a case gives one question per step, separated by blank lines)."""
    flags = ", red flag" if item.red_flag else ""
    comment = f"{item.id}: objective {item.objective}, {item.use}, {item.points:g} point(s){flags}"
    stem = (
        item.stem if not item.scenario or item.type == "case" else f"{item.scenario}\n\n{item.stem}"
    )
    if item.type in ("single", "multiple"):
        return _question(
            item.id, stem, _choices(item.options, item.correct_keys), item.explanation, comment
        )
    if item.type == "numeric":
        lines = [
            f"\t#={float(item.answer):g}:{item.tolerance:g}#{gift_escape(item.feedback_correct)}"
        ]
        for d in item.distractors:
            feedback = d.feedback + (
                f"\n\n*Misconception:* {d.misconception}" if d.misconception else ""
            )
            lines.append(f"\t=%0%{d.value:g}:{item.tolerance:g}#{gift_escape(feedback)}")
        if item.unit:
            comment += f"; answer in {item.unit}"
        return _question(item.id, stem, lines, item.explanation, comment)
    if item.type == "text":
        rubric = "; ".join(" ".join(point.split()) for point in item.rubric)
        comment += f"; model answer: {' '.join(item.model_answer.split())}; covers: {rubric}"
        return _question(item.id, stem, [], item.explanation, comment)
    if item.type == "case":
        parts = []
        for n, step in enumerate(item.steps, start=1):
            step_stem = f"{item.scenario}\n\n**Step {n} of {len(item.steps)}.** {step.stem}"
            parts.append(
                _question(
                    f"{item.id}#{n}",
                    step_stem,
                    _choices(step.options, frozenset([step.answer])),
                    step.explanation,
                    f"{comment}; step {n}",
                )
            )
        return "\n\n".join(parts)
    raise ValueError(f"{item.id}: cannot export a {item.type!r} item to GIFT")  # pragma: no cover


def to_gift(items: Iterable[Item], module_titles: dict[str, str] | None = None) -> str:
    """The items as a GIFT file's text, with a ``$CATEGORY`` line per module."""
    titles = module_titles or {}
    blocks = ["// Bone Secondaries question bank (GIFT). Educational aid, not medical advice."]
    current = None
    for item in items:
        if item.module != current:
            current = item.module
            title = titles.get(item.module, item.module).replace("/", "-")
            blocks.append(f"$CATEGORY: $course$/top/Bone Secondaries/{title}")
        blocks.append(item_to_gift(item))
    return "\n\n".join(blocks) + "\n"


def write_gift(
    items: Iterable[Item], path: str | os.PathLike, module_titles: dict[str, str] | None = None
) -> Path:
    """Write :func:`to_gift` to ``path`` (UTF-8) and return the path."""
    path = Path(path)
    path.write_text(to_gift(items, module_titles), encoding="utf-8")
    return path
