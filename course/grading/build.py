"""Build nbgrader source notebooks, one quiz per module, from the bank's assessment items.

``quizzes/source/quiz_<module>/quiz_<module>.ipynb`` holds nothing secret: no key, no model
answer, no hidden test. It has a header, a setup cell that makes the quiz object from the
questions' public part (stem, options with their keys, unit, type), and for each item, in bank
order:

* a locked Markdown cell with the question (stem, and a case's scenario);
* an answer cell (an nbgrader solution cell, grade id ``<bank id>-answer``) that shows the
  question's controls, options in the learner's own order, and keeps ``answer_N = ""`` for
  typing;
* a locked check cell (the graded cell, grade id = bank id, the item's points) that says
  whether the question is answered, never whether it is right. Its nbgrader score is replaced
  by the grader's mark; a written answer's is left for the trainer to give.

The solution regions hold a placeholder answer, so ``nbgrader validate`` passes on the source
and fails on the released copy; the grader marks the learner's saved answers against the
trainer's bank (:func:`course.grading.answers.grader_marks`).

The learner-facing text of every cell is in ``course/templates/quiz_*.j2`` (Markdown for the
header and the questions, Python with comments for the code cells).

The build is deterministic (fixed cell ids, items in bank order), so a test can compare the
committed notebooks with a fresh build.
"""

from __future__ import annotations

import pprint
from dataclasses import dataclass
from pathlib import Path

from course.errors import UserInputError
from course.questions.bank import Bank, Item, Module
from course.widgets.kit import render

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
        """The answer variable learners type, ``answer_N``."""
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
    """A quiz cell (``kind`` 'markdown' or 'code') with nbgrader's metadata.

    Locked cells are also marked read-only and undeletable for the learner's editor.
    """
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


def question_markdown(qi: QuizItem) -> str:
    """The question as the learner reads it (its options are in the controls below)."""
    item = qi.item
    return render(
        "quiz_question.md.j2",
        number=qi.number,
        points=_points(item.points),
        stem=item.stem,
        type=item.type,
        unit=item.unit,
        scenario=(item.scenario or "").strip() if item.type == "case" else "",
        steps=len(item.steps) if item.type == "case" else 0,
    )


def public_question(qi: QuizItem) -> dict:
    """The question's public part, as the learner's kernel needs it: no key, no feedback."""
    item = qi.item
    q: dict = {"n": qi.number, "type": item.type, "stem": item.stem.strip()}
    if item.type in ("single", "multiple"):
        q["options"] = [[o.key, o.text] for o in item.options]
    if item.type == "numeric":
        q["unit"] = item.unit
    if item.type == "case":
        q["steps"] = [
            {"stem": st.stem.strip(), "options": [[o.key, o.text] for o in st.options]}
            for st in item.steps
        ]
    return q


#: How a typed answer looks, by question type (``None``: made from the case's steps).
_EXAMPLES = {
    "single": '"B"',
    "multiple": '"A, C"',
    "numeric": '"12.5"',
    "case": None,
    "text": '"""..."""',
}


def _placeholder(item: Item) -> str | None:
    """The source notebook's solution: any well-formed answer (the key stays in the bank)."""
    return {
        "single": '"A"',
        "multiple": '"A, B"',
        "numeric": '"1"',
        "case": '"' + ", ".join("A" * len(item.steps)) + '"',
        "text": None,  # the template's sentence saying where the model answer is
    }[item.type]


def answer_source(qi: QuizItem) -> str:
    """The answer cell.

    The controls, and a line for typing instead (solution region: a placeholder, removed from the
    released copy).
    """
    item = qi.item
    example = _EXAMPLES[item.type]
    if example is None:
        example = '"' + ", ".join("BAC"[i % 3] for i in range(len(item.steps))) + '"'
    return render(
        "quiz_answer_cell.py.j2",
        number=qi.number,
        type=item.type,
        variable=qi.variable,
        example=example,
        placeholder=_placeholder(item),
        item_id=repr(item.id),
    )


def check_source(qi: QuizItem) -> str:
    """The check cell: says whether the question is answered (no key, no hidden test)."""
    return render("quiz_check_cell.py.j2", number=qi.number, item_id=repr(qi.item.id))


def solution_value(item: Item) -> str:
    """The correct answer in option keys (trainer's tools: synthetic cohorts, tests)."""
    if item.type == "single":
        return item.answer
    if item.type == "multiple":
        return ", ".join(sorted(item.answer))
    if item.type == "numeric":
        return f"{float(item.answer):g}" + (f" {item.unit}" if item.unit else "")
    if item.type == "case":
        return ", ".join(step.answer for step in item.steps)
    raise ValueError(item.type)


def item_key(item: Item) -> dict:
    """An item's marking key as a mapping (the bank mapping plus its module).

    For the trainer's tools only, never written into a quiz notebook.
    """
    key = {"module": item.module}
    key.update(item.raw)
    return key


def header_markdown(module: Module, items: list[Item]) -> str:
    """The quiz's opening Markdown: title, points and how to answer."""
    return render(
        "quiz_header.md.j2",
        title=module.title,
        number=module.name[:2],
        questions=len(items),
        points=f"{sum(i.points for i in items):g}",
        manual=sum(1 for i in items if i.type == "text"),
    )


def setup_source(name: str, quiz_items: list[QuizItem]) -> str:
    """The setup cell: the questions' public part and the quiz object."""
    questions = {qi.item.id: public_question(qi) for qi in quiz_items}
    text = pprint.pformat(questions, width=96, sort_dicts=False)
    return render("quiz_setup_cell.py.j2", questions=text, name=name)


def build_notebook(module: Module, items: list[Item]):
    """The nbgrader source notebook for one module's assessment items (nothing secret)."""
    import nbformat

    name = quiz_name(module.name)
    quiz_items_ = [QuizItem(n, item) for n, item in enumerate(items, start=1)]
    nb = nbformat.v4.new_notebook()
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
        "bonecourse": {
            "quiz": name,
            "module": module.name,
            "items": [i.id for i in items],
            "answers": "saved",
        },
    }
    setup = _code(
        setup_source(name, quiz_items_), SETUP_ID, grade=False, solution=False, locked=True
    )
    setup.metadata["jupyter"] = {"source_hidden": True}
    cells = [
        _markdown(
            header_markdown(module, items), HEADER_ID, grade=False, solution=False, locked=True
        ),
        setup,
    ]
    for qi in quiz_items_:
        item = qi.item
        cells.append(
            _markdown(
                question_markdown(qi),
                f"{item.id}-question",
                grade=False,
                solution=False,
                locked=True,
            )
        )
        cells.append(
            _code(answer_source(qi), f"{item.id}-answer", grade=False, solution=True, locked=False)
        )
        cells.append(
            _code(
                check_source(qi),
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
        raise UserInputError(
            "This bank holds no assessment items (is it the practice bank?): nothing to build, "
            "and no quiz was removed. Build from the trainer's bank "
            "(course.questions.bank.trainer_bank)."
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
