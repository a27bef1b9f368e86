"""Build nbgrader source notebooks, one quiz per module, from the bank's assessment items.

``quizzes/source/quiz_<module>/quiz_<module>.ipynb`` holds, in bank order, for each item:

* a locked Markdown cell with the question (options, unit, steps of a case);
* for auto-marked items (single, multiple, numeric, case): an answer cell (an nbgrader
  solution cell) whose comment says exactly what to type, and a check cell (an autograded test
  whose grade id is the bank id) with a visible form check and a hidden test that marks the
  answer with :func:`course.marking.check_answer` against the item's key;
* for free-text items: a Markdown answer cell graded by hand (grade id = bank id) whose
  solution region holds the model answer and the rubric for the trainer.

The build is deterministic (fixed cell ids, keys in bank order), so a test can compare the
committed notebooks with a fresh build.
"""

from __future__ import annotations

import pprint
from dataclasses import dataclass
from pathlib import Path

from course.bank import Bank, Item, Module

QUIZ_PREFIX = "quiz_"
SETUP_ID = "setup"
HEADER_ID = "header"


def quiz_name(module: str) -> str:
    """The quiz (nbgrader assignment) name for a bank module, e.g. ``quiz_00_start_here``."""
    return f"{QUIZ_PREFIX}{module}"


def variable_name(number: int) -> str:
    """The answer variable of question ``number`` (1-based)."""
    return f"answer_{number}"


@dataclass(frozen=True)
class QuizItem:
    """An item as it appears in a quiz: its number and answer variable."""

    number: int
    item: Item

    @property
    def variable(self) -> str:
        return variable_name(self.number)


def _cell_id(text: str) -> str:
    """A valid, stable nbformat cell id (at most 64 characters of [A-Za-z0-9-_])."""
    if len(text) <= 64:
        return text
    import hashlib

    return text[:55] + "-" + hashlib.sha1(text.encode()).hexdigest()[:8]


def _nbgrader_meta(grade_id: str, *, grade: bool, solution: bool, locked: bool, points=None):
    meta = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": locked,
        "schema_version": 3,
        "solution": solution,
        "task": False,
    }
    if grade:
        meta["points"] = points
    return meta


def _cell(kind: str, source: str, grade_id: str, **flags):
    """A quiz cell (``kind`` 'markdown' or 'code') with nbgrader's metadata; locked cells are
    also marked read-only and undeletable for the learner's editor."""
    import nbformat

    make = nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell
    cell = make(source)
    cell.id = _cell_id(grade_id)
    cell.metadata["nbgrader"] = _nbgrader_meta(grade_id, **flags)
    if flags.get("locked"):
        cell.metadata["editable"] = False
        cell.metadata["deletable"] = False
    return cell


def _markdown(source: str, grade_id: str, **flags):
    return _cell("markdown", source, grade_id, **flags)


def _code(source: str, grade_id: str, **flags):
    return _cell("code", source, grade_id, **flags)


def _points(value: float) -> str:
    return f"{value:g} point" + ("" if value == 1 else "s")


def _options_md(options) -> str:
    return "\n".join(f"- **{o.key}**: {o.text}" for o in options)


def question_markdown(qi: QuizItem) -> str:
    """The question as the learner reads it."""
    item = qi.item
    head = f"## Question {qi.number} ({_points(item.points)})\n\n{item.stem}\n"
    if item.type == "single":
        return head + "\nChoose **one** option.\n\n" + _options_md(item.options)
    if item.type == "multiple":
        return head + "\nChoose **every** option that applies.\n\n" + _options_md(item.options)
    if item.type == "numeric":
        unit = f" in **{item.unit}**" if item.unit else ""
        return head + f"\nGive one number{unit}."
    if item.type == "case":
        parts = [head, item.scenario.strip(), ""] if item.scenario else [head]
        for n, step in enumerate(item.steps, start=1):
            parts.append(f"**Step {n}.** {step.stem.strip()}\n\n{_options_md(step.options)}\n")
        return "\n".join(parts)
    # text
    return head + "\nWrite your answer in the cell below; your trainer marks it."


def _example(item: Item) -> tuple[str, str]:
    """(what to type, an example) for the answer cell's comment."""
    if item.type == "single":
        letters = ", ".join(o.key for o in item.options)
        return f"the letter of ONE option ({letters}) between the quotes", '"b"'
    if item.type == "multiple":
        return (
            "the letters of EVERY option that applies, between the quotes, separated by commas",
            '"a, c"',
        )
    if item.type == "numeric":
        unit = f"; the unit {item.unit} is optional" if item.unit else ""
        example = f'"2.8 {item.unit}"' if item.unit else '"2.8"'
        return f"one number between the quotes (2,8 is fine too{unit})", example
    if item.type == "case":
        n = len(item.steps)
        example = '"' + ", ".join("bac"[i % 3] for i in range(n)) + '"'
        return f"{n} letters between the quotes, one per step, in order", example
    raise ValueError(f"{item.id}: no answer cell for a {item.type} item")


def solution_value(item: Item) -> str:
    """The correct answer as the learner would type it."""
    if item.type == "single":
        return item.answer
    if item.type == "multiple":
        return ", ".join(sorted(item.answer))
    if item.type == "numeric":
        return f"{float(item.answer):g}" + (f" {item.unit}" if item.unit else "")
    if item.type == "case":
        return ", ".join(step.answer for step in item.steps)
    raise ValueError(item.type)


def answer_source(qi: QuizItem) -> str:
    """The answer cell of the source notebook (nbgrader replaces the solution region)."""
    what, example = _example(qi.item)
    return (
        f"# Question {qi.number}: type {what}, for example {qi.variable} = {example}\n"
        f'{qi.variable} = ""\n'
        "### BEGIN SOLUTION\n"
        f"{qi.variable} = {solution_value(qi.item)!r}\n"
        "### END SOLUTION"
    )


def check_call(qi: QuizItem) -> str:
    """The visible form check (what the learner sees in the check cell)."""
    item = qi.item
    args = [repr(qi.variable), repr(item.type)]
    if item.type in ("single", "multiple"):
        args.append("options=" + repr("".join(o.key for o in item.options)))
    if item.type == "numeric" and item.unit:
        args.append("unit=" + repr(item.unit))
    if item.type == "case":
        args.append("steps=" + repr(["".join(o.key for o in s.options) for s in item.steps]))
    return f"quiz.check({', '.join(args)})"


def item_key(item: Item) -> dict:
    """The marking key embedded in the hidden test: the bank mapping plus its module."""
    key = {"module": item.module}
    key.update(item.raw)
    return key


def test_source(qi: QuizItem) -> str:
    """The check cell: a visible form check, then the hidden marking."""
    key = pprint.pformat(item_key(qi.item), width=92, sort_dicts=False)
    key = key.replace("\n", "\n    ")
    return (
        f"# Check question {qi.number}: run this cell after answering (do not edit it).\n"
        f"{check_call(qi)}\n"
        "### BEGIN HIDDEN TESTS\n"
        f"quiz.grade(\n    {qi.variable!r},\n    {key},\n)\n"
        "### END HIDDEN TESTS"
    )


def text_answer_source(item: Item) -> str:
    """A manually graded Markdown answer: the trainer's model answer and rubric."""
    rubric = "\n".join(f"- {point}" for point in item.rubric)
    return (
        "### BEGIN SOLUTION\n"
        f"**Model answer (for the trainer).** {item.model_answer.strip()}\n\n"
        f"**Award marks for ({_points(item.points)} in all):**\n\n{rubric}\n"
        "### END SOLUTION"
    )


def header_markdown(module: Module, items: list[Item]) -> str:
    total = sum(i.points for i in items)
    manual = sum(1 for i in items if i.type == "text")
    manual_note = (
        f" {manual} question{'s are' if manual > 1 else ' is'} marked by your trainer."
        if manual
        else ""
    )
    return (
        f"# Quiz: {module.title}\n\n"
        f"*Bone Secondaries, graded quiz for module {module.name[:2]}: "
        f"{len(items)} questions, {total:g} points.*{manual_note}\n\n"
        "**How to answer**\n\n"
        "1. Run the setup cell below first (click it, then Shift+Enter).\n"
        "2. For each question, type your answer in its answer cell exactly as the comment in "
        'that cell shows, for example `answer_1 = "b"`, and run the cell.\n'
        "3. Run the check cell under it. It tells you whether your answer can be marked "
        '("Answer recorded") or is not answered yet. It does not tell you whether you are '
        "right: that comes with your feedback after grading.\n"
        "4. For a written answer, double-click its cell, replace the placeholder text with your "
        "answer and press Shift+Enter.\n"
        "5. Do not delete, copy or move cells, and do not edit the question and check cells. "
        "Save (Ctrl+S) before you submit.\n\n"
        "*An educational aid, not medical advice: the quiz follows UK practice (NICE, NHS); "
        "local policy may differ.*"
    )


SETUP_SOURCE = (
    "# Setup: run this cell first.\n"
    "from course.grading.runtime import Quiz\n"
    'quiz = Quiz("{name}")\n'
    "quiz"
)


def build_notebook(module: Module, items: list[Item]):
    """The nbgrader source notebook for one module's assessment items."""
    import nbformat

    name = quiz_name(module.name)
    nb = nbformat.v4.new_notebook()
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
        "bonecourse": {"quiz": name, "module": module.name, "items": [i.id for i in items]},
    }
    cells = [
        _markdown(
            header_markdown(module, items), HEADER_ID, grade=False, solution=False, locked=True
        ),
        _code(SETUP_SOURCE.format(name=name), SETUP_ID, grade=False, solution=False, locked=True),
    ]
    for number, item in enumerate(items, start=1):
        qi = QuizItem(number, item)
        cells.append(
            _markdown(
                question_markdown(qi),
                f"{item.id}-question",
                grade=False,
                solution=False,
                locked=True,
            )
        )
        if item.type == "text":
            cells.append(
                _markdown(
                    text_answer_source(item),
                    item.id,
                    grade=True,
                    solution=True,
                    locked=False,
                    points=item.points,
                )
            )
        else:
            cells.append(
                _code(
                    answer_source(qi), f"{item.id}-answer", grade=False, solution=True, locked=False
                )
            )
            cells.append(
                _code(
                    test_source(qi),
                    item.id,
                    grade=True,
                    solution=False,
                    locked=True,
                    points=item.points,
                )
            )
    nb.cells = cells
    return nb


def quiz_items(bank: Bank, module: str) -> list[Item]:
    """A module's assessment items in bank order."""
    return bank.select(module=module, use="assessment")


def render_all(bank: Bank) -> dict[str, str]:
    """``{relative path: notebook JSON}`` for every module with assessment items."""
    import nbformat

    out = {}
    for name in sorted(bank.modules):
        items = quiz_items(bank, name)
        if not items:
            continue
        nb = build_notebook(bank.modules[name], items)
        nbformat.validate(nb)
        quiz = quiz_name(name)
        out[f"{quiz}/{quiz}.ipynb"] = nbformat.writes(nb) + "\n"
    return out


def _existing(source_dir: Path) -> dict[str, str]:
    found = {}
    for path in sorted(source_dir.glob(f"{QUIZ_PREFIX}*/{QUIZ_PREFIX}*.ipynb")):
        if path.parent.name == path.stem:
            found[f"{path.parent.name}/{path.name}"] = path.read_text(encoding="utf-8")
    return found


def stale_quizzes(bank: Bank, source_dir: str | Path) -> list[str]:
    """What differs between a fresh build and ``source_dir`` (empty when up to date)."""
    wanted = render_all(bank)
    have = _existing(Path(source_dir))
    problems = []
    for rel, text in wanted.items():
        if rel not in have:
            problems.append(f"{rel} is missing")
        elif have[rel] != text:
            problems.append(f"{rel} differs from the bank")
    for rel in have:
        if rel not in wanted:
            problems.append(f"{rel} has no assessment items in the bank any more")
    return problems


def build_quizzes(bank: Bank, source_dir: str | Path) -> list[Path]:
    """Write every quiz notebook under ``source_dir``; remove quizzes whose module has none.

    Returns
    -------
    list of Path
        The notebooks written (unchanged files are rewritten with identical bytes).
    """
    import shutil

    if not bank.select(use="assessment"):
        raise ValueError(
            "This bank holds no assessment items (is it the practice bank?): nothing to build, "
            "and no quiz was removed. Build from the trainer's bank (course.bank.trainer_bank)."
        )
    source_dir = Path(source_dir)
    wanted = render_all(bank)
    written = []
    for rel, text in wanted.items():
        path = source_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        written.append(path)
    for rel in _existing(source_dir):
        if rel not in wanted:
            shutil.rmtree(source_dir / Path(rel).parent)
    return written
