"""The question bank as Moodle XML (Moodle's own question import format).

Each module becomes a question category (``Bone Secondaries/<module title>``). Item types map as:

- single choice: ``multichoice`` with one right answer (fraction 100, wrong answers 0);
- multiple choice: ``multichoice`` with several right answers; each right answer earns
  100/n per cent and each wrong one costs the same, as the course's own marking does;
- numeric: ``numerical`` with the answer and its tolerance, each known wrong value (distractor)
  as a 0 % answer with its own feedback, a catch-all ``*`` with the general feedback, and the
  unit accepted but not required;
- free text: ``essay``, with the model answer and the marking points as information for graders;
- case: a ``description`` carrying the scenario, then one ``multichoice`` per step, named
  ``<id>#<n>`` (Moodle has no branching question type; place them in order in a quiz).

All text goes through an XML writer, so ``<``, ``&`` and quotes are escaped; Markdown in the bank
is rendered to HTML. Wrong options' feedback also names the misconception they reveal.
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from pathlib import Path

from course.bank import Item, Option, Step
from course.exports import inline_html, markdown_html

CATEGORY_ROOT = "$course$/top/Bone Secondaries"


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
) -> ET.Element:
    q = ET.SubElement(quiz, "question", type=kind)
    name_el = ET.SubElement(q, "name")
    ET.SubElement(name_el, "text").text = name
    _text(q, "questiontext", stem_html)
    _text(q, "generalfeedback", markdown_html(explanation) if explanation else "")
    _leaf(q, "defaultgrade", f"{points:g}")
    _leaf(q, "penalty", "0")
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


def _step_question(quiz: ET.Element, item: Item, n: int, step: Step) -> None:
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
    )
    _choices(q, step.options, frozenset([step.answer]))
    _tags(q, item)


def add_item(quiz: ET.Element, item: Item) -> None:
    """Append one bank item to a Moodle ``<quiz>`` element (a case adds several questions)."""
    stem = markdown_html(item.stem)
    if item.scenario and item.type != "case":
        stem = markdown_html(item.scenario) + "\n" + stem
    if item.type in ("single", "multiple"):
        q = _question(quiz, "multichoice", item.id, stem, item, item.points, item.explanation)
        _choices(q, item.options, item.correct_keys)
    elif item.type == "numeric":
        q = _question(quiz, "numerical", item.id, stem, item, item.points, item.explanation)
        answers = [(100.0, f"{float(item.answer):g}", item.tolerance, item.feedback_correct)]
        for d in item.distractors:
            feedback = d.feedback + (
                f"\n\n*Misconception:* {d.misconception}" if d.misconception else ""
            )
            answers.append((0.0, f"{d.value:g}", item.tolerance, feedback))
        answers.append((0.0, "*", 0.0, item.feedback_wrong))
        for fraction, value, tolerance, feedback in answers:
            answer = ET.SubElement(
                q, "answer", fraction=fraction_text(fraction), format="moodle_auto_format"
            )
            ET.SubElement(answer, "text").text = value
            _leaf(answer, "tolerance", f"{tolerance:g}")
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
        q = _question(quiz, "essay", item.id, stem, item, item.points, item.explanation)
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
        )
        for n, step in enumerate(item.steps, start=1):
            _step_question(quiz, item, n, step)
    else:  # pragma: no cover - the bank schema allows no other type
        raise ValueError(f"{item.id}: cannot export a {item.type!r} item to Moodle")
    _tags(q, item)


def to_moodle_xml(items: Iterable[Item], module_titles: dict[str, str] | None = None) -> str:
    """The items as a Moodle XML document (a string), one category per module.

    Parameters
    ----------
    items
        Bank items, e.g. from :func:`course.exports.select_items`.
    module_titles
        Module name to title, for the category names (default: the module names).
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
        add_item(quiz, item)
    ET.indent(quiz)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, encoding="unicode") + "\n"


def write_moodle_xml(
    items: Iterable[Item], path: str | os.PathLike, module_titles: dict[str, str] | None = None
) -> Path:
    """Write :func:`to_moodle_xml` to ``path`` (UTF-8) and return the path."""
    path = Path(path)
    path.write_text(to_moodle_xml(items, module_titles), encoding="utf-8")
    return path
