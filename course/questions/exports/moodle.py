"""The question bank as Moodle XML (Moodle's own question import format).

Each module becomes a question category (``Bone Secondaries/<module title>``). Item types map as:

- single choice: ``multichoice`` with one right answer (fraction 100, wrong answers 0);
- multiple choice: ``multichoice`` with several right answers; each right answer earns
  100/n per cent and each wrong one costs the same, as the course's own marking does (every
  fraction is one Moodle's importer accepts; see :data:`MOODLE_FRACTIONS`);
- numeric: ``numerical`` with the answer and its tolerance, each known wrong value (distractor)
  as a 0 % answer with its own feedback, a catch-all ``*`` with the feedback for any other
  answer, and the unit in Moodle's ``units`` element, accepted but not required. The stem loses
  the course's own hints about decimal commas and asks for a decimal point;
- free text: ``essay``, with the model answer and the marking points as information for graders;
- case: a ``description`` carrying the scenario, then one ``multichoice`` per step, named
  ``<id>#<n>`` (Moodle has no branching question type; place them in order in a quiz).

Every question has ``shuffleanswers`` on where the type has it, and its options are also
written in the order :func:`course.questions.shuffle.option_order` gives for the recorded seed (so
a quiz
that turns shuffling off still has no key in a fixed place). The penalty for each wrong try in
interactive mode is :func:`penalty_for`: for single choice 1/(options − 1), so a learner who
works through the options to the last one left earns nothing; otherwise Moodle's default of one
third.

All text goes through an XML writer, so ``<``, ``&`` and quotes are escaped; Markdown in the bank
is rendered to HTML. Wrong options' feedback also names the misconception they reveal.
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from html import escape as html_escape
from pathlib import Path

from course.questions.bank import Item, Option, Step
from course.questions.exports import (
    DECIMAL_POINT_NOTE,
    EXPORT_SEED,
    inline_html,
    markdown_html,
    number_text,
    ordered,
    portable_numeric_stem,
)

CATEGORY_ROOT = "$course$/top/Bone Secondaries"
#: the grade fractions Moodle's importer accepts (question_bank::fraction_options_full), ± each
MOODLE_FRACTIONS = (
    1.0, 0.9, 0.8333333, 0.8, 0.75, 0.7, 0.6666667, 0.6, 0.5, 0.4, 0.3333333, 0.3, 0.25, 0.2,
    0.1666667, 0.1428571, 0.125, 0.1111111, 0.1, 0.05, 0.0,
)  # fmt: skip
DEFAULT_PENALTY = 0.3333333


def _text(parent: ET.Element, tag: str, value: str, fmt: str | None = "html") -> ET.Element:
    element = ET.SubElement(parent, tag)
    if fmt is not None:
        element.set("format", fmt)
    ET.SubElement(element, "text").text = value
    return element


def _leaf(parent: ET.Element, tag: str, value: object) -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = str(value)
    return element


def fraction_text(value: float) -> str:
    """A Moodle grade fraction in per cent, with the 7 significant digits Moodle writes."""
    text = f"{value:.5f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def penalty_for(kind: str, options: int = 0) -> float:
    """The share of the mark lost per wrong try in Moodle's interactive mode.

    Single choice with ``options`` options: 1/(options − 1), so a right answer found only by
    trying every other option first earns nothing. Other auto-marked questions: Moodle's
    default, one third.
    Description and essay questions have no tries: 0.
    """
    if kind in ("description", "essay"):
        return 0.0
    if kind == "single" and options > 1:
        return round(1 / (options - 1), 7)
    return DEFAULT_PENALTY


def option_feedback_html(option: Option) -> str:
    """An option's feedback as HTML, with the misconception it reveals (if any)."""
    body = markdown_html(option.feedback)
    if option.misconception:
        body += f"\n<p><em>Misconception:</em> {inline_html(option.misconception)}</p>"
    return body


def _question(
    quiz: ET.Element,
    kind: str,
    name: str,
    stem_html: str,
    item: Item,
    points: float,
    explanation: str,
    penalty: float = DEFAULT_PENALTY,
) -> ET.Element:
    q = ET.SubElement(quiz, "question", type=kind)
    name_el = ET.SubElement(q, "name")
    ET.SubElement(name_el, "text").text = name
    _text(q, "questiontext", stem_html)
    _text(q, "generalfeedback", markdown_html(explanation) if explanation else "")
    _leaf(q, "defaultgrade", number_text(points))
    _leaf(q, "penalty", number_text(penalty))
    _leaf(q, "hidden", "0")
    _leaf(q, "idnumber", name)
    return q


def _tags(q: ET.Element, item: Item) -> None:
    names = [f"objective-{item.objective}", item.use, *item.tags]
    if item.red_flag:
        names.append("red-flag")
    tags = ET.SubElement(q, "tags")
    for name in names:
        tag = ET.SubElement(tags, "tag")
        ET.SubElement(tag, "text").text = name


def _choices(q: ET.Element, options: Iterable[Option], right: frozenset[str]) -> None:
    options = list(options)
    share = 100.0 / len(right)
    single = len(right) == 1
    _leaf(q, "single", "true" if single else "false")
    _leaf(q, "shuffleanswers", "true")
    _leaf(q, "answernumbering", "abc")
    for opt in options:
        if opt.key in right:
            fraction = share
        else:
            fraction = 0.0 if single else -share
        answer = ET.SubElement(q, "answer", fraction=fraction_text(fraction), format="html")
        ET.SubElement(answer, "text").text = inline_html(opt.text)
        _text(answer, "feedback", option_feedback_html(opt))


def _step_question(quiz: ET.Element, item: Item, n: int, step: Step, seed) -> None:
    stem = (
        markdown_html(item.scenario)
        + f"\n<p><strong>Step {n} of {len(item.steps)}.</strong></p>\n"
        + markdown_html(step.stem)
    )
    q = _question(
        quiz,
        "multichoice",
        f"{item.id}#{n}",
        stem,
        item,
        item.points / len(item.steps),
        step.explanation,
        penalty_for("single", len(step.options)),
    )
    _choices(q, ordered(f"{item.id}#{n}", step.options, seed), frozenset([step.answer]))
    _tags(q, item)


def numeric_stem_html(item: Item) -> str:
    """A numeric item's stem for Moodle: no decimal-comma hints, a decimal point asked for."""
    unit = f"; you may add the unit, {item.unit}" if item.unit else ""
    return (
        markdown_html(portable_numeric_stem(item.stem))
        + f"\n<p><em>{DECIMAL_POINT_NOTE}{html_escape(unit)}.</em></p>"
    )


def add_item(quiz: ET.Element, item: Item, seed: str | int | None = EXPORT_SEED) -> None:
    """Append one bank item to a Moodle ``<quiz>`` element (a case adds several questions).

    ``seed`` sets the order the options are written in (``None``: the bank's order).
    """
    stem = numeric_stem_html(item) if item.type == "numeric" else markdown_html(item.stem)
    if item.scenario and item.type != "case":
        stem = markdown_html(item.scenario) + "\n" + stem
    if item.type in ("single", "multiple"):
        penalty = penalty_for(item.type, len(item.options))
        q = _question(
            quiz, "multichoice", item.id, stem, item, item.points, item.explanation, penalty
        )
        _choices(q, ordered(item.id, item.options, seed), item.correct_keys)
    elif item.type == "numeric":
        q = _question(quiz, "numerical", item.id, stem, item, item.points, item.explanation)
        answers = [(100.0, number_text(item.answer), item.tolerance, item.feedback_correct)]
        for d in item.distractors:
            feedback = d.feedback + (
                f"\n\n*Misconception:* {d.misconception}" if d.misconception else ""
            )
            answers.append((0.0, number_text(d.value), item.tolerance, feedback))
        answers.append((0.0, "*", 0.0, item.feedback_wrong))
        for fraction, value, tolerance, feedback in answers:
            answer = ET.SubElement(
                q, "answer", fraction=fraction_text(fraction), format="moodle_auto_format"
            )
            ET.SubElement(answer, "text").text = value
            _leaf(answer, "tolerance", number_text(tolerance))
            _text(answer, "feedback", markdown_html(feedback))
        if item.unit:
            units = ET.SubElement(q, "units")
            unit = ET.SubElement(units, "unit")
            _leaf(unit, "multiplier", "1")
            _leaf(unit, "unit_name", item.unit)
        _leaf(q, "unitgradingtype", "0")  # a missing unit is not penalised
        _leaf(q, "unitpenalty", "0")
        _leaf(q, "showunits", "0")  # text box: the learner may type the unit
        _leaf(q, "unitsleft", "0")
    elif item.type == "text":
        q = _question(
            quiz, "essay", item.id, stem, item, item.points, item.explanation, penalty_for("essay")
        )
        _leaf(q, "responseformat", "editor")
        _leaf(q, "responserequired", "1")
        _leaf(q, "responsefieldlines", "10")
        _leaf(q, "attachments", "0")
        _leaf(q, "attachmentsrequired", "0")
        rubric = "".join(f"<li>{inline_html(point)}</li>" for point in item.rubric)
        _text(
            q,
            "graderinfo",
            "<p><strong>Model answer.</strong></p>\n"
            + markdown_html(item.model_answer)
            + f"\n<p><strong>A full answer covers:</strong></p>\n<ul>{rubric}</ul>",
        )
        _text(q, "responsetemplate", "")
    elif item.type == "case":
        q = _question(
            quiz,
            "description",
            item.id,
            f"<h3>Case</h3>\n{markdown_html(item.scenario)}\n{stem}",
            item,
            0,
            item.explanation,
            penalty_for("description"),
        )
        for n, step in enumerate(item.steps, start=1):
            _step_question(quiz, item, n, step, seed)
    else:  # pragma: no cover - the bank schema allows no other type
        raise ValueError(f"{item.id}: cannot export a {item.type!r} item to Moodle")
    _tags(q, item)


def to_moodle_xml(
    items: Iterable[Item],
    module_titles: dict[str, str] | None = None,
    seed: str | int | None = EXPORT_SEED,
) -> str:
    """The items as a Moodle XML document (a string), one category per module.

    Parameters
    ----------
    items
        Bank items, e.g. from :func:`course.questions.exports.select_items`.
    module_titles
        Module name to title, for the category names (default: the module names).
    seed
        The option-order seed (``None``: the bank's order); written in a comment at the top.
    """
    titles = module_titles or {}
    quiz = ET.Element("quiz")
    current = None
    for item in items:
        if item.module != current:
            current = item.module
            category = ET.SubElement(quiz, "question", type="category")
            _text(
                category,
                "category",
                f"{CATEGORY_ROOT}/{titles.get(item.module, item.module).replace('/', '-')}",
                fmt=None,
            )
            _text(category, "info", f"Questions of module {item.module}")
        add_item(quiz, item, seed)
    ET.indent(quiz)
    order = "the bank's order" if seed is None else f"shuffled with seed {seed}"
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"<!-- Bone Secondaries question bank. Options: {order}"
        " (course.questions.shuffle.option_order); Moodle shuffles them again per attempt. -->\n"
        + ET.tostring(quiz, encoding="unicode")
        + "\n"
    )


def write_moodle_xml(
    items: Iterable[Item],
    path: str | os.PathLike,
    module_titles: dict[str, str] | None = None,
    seed: str | int | None = EXPORT_SEED,
) -> Path:
    """Write :func:`to_moodle_xml` to ``path`` (UTF-8) and return the path."""
    path = Path(path)
    path.write_text(to_moodle_xml(items, module_titles, seed), encoding="utf-8")
    return path
