"""What a learner answered, read from their submission without running it, and what it earns.

The grader marks from this module's readings (outside the learner's kernel), never from anything
the learner's code could have changed while the notebook ran.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path


def _grade_id(cell) -> str | None:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


_ANSWER_NAME = re.compile(r"^answer_\d+$")


def _only_answers(source: str) -> bool:
    """Whether a code cell holds nothing but ``answer_N = <literal>`` lines (and comments)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return False
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and _ANSWER_NAME.match(node.targets[0].id)
        ):
            try:
                ast.literal_eval(node.value)
            except (ValueError, SyntaxError, TypeError):
                return False
            continue
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            continue
        return False
    return True


def code_beyond_answers(nb) -> list[str]:
    """Cells whose code is more than the answers: it runs beside the hidden tests and could
    change how they mark, so a trainer should look (answer cells by grade id, added cells by
    position)."""
    flagged = []
    for index, cell in enumerate(nb.cells, start=1):
        if cell.get("cell_type") != "code" or not cell.source.strip():
            continue
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("locked"):
            continue  # put back as released
        if not _only_answers(cell.source):
            flagged.append(meta.get("grade_id") or f"added cell {index}")
    return flagged


def hidden_keys(source_nb) -> dict[str, tuple[str, dict]]:
    """grade id -> (answer variable, item mapping), read from the trainer's source notebook's
    hidden tests (``quiz.grade("answer_N", {...})``) without running anything."""
    keys = {}
    for cell in source_nb.cells:
        grade_id = _grade_id(cell)
        if not grade_id or cell.get("cell_type") != "code":
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "grade"
                and len(node.args) == 2
            ):
                try:
                    keys[grade_id] = (
                        ast.literal_eval(node.args[0]),
                        ast.literal_eval(node.args[1]),
                    )
                except (ValueError, SyntaxError, TypeError):
                    continue
    return keys


def typed_answers(nb) -> dict[str, object]:
    """The literal ``answer_N = <value>`` assignments in the learner's answer cells (the last one
    wins, as when the cell runs); anything else in those cells is ignored."""
    answers: dict[str, object] = {}
    for cell in nb.cells:
        grade_id = _grade_id(cell) or ""
        if cell.get("cell_type") != "code" or not grade_id.endswith("-answer"):
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:
            continue
        for node in tree.body:
            if (
                isinstance(node, ast.Assign)
                and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name)
                and _ANSWER_NAME.match(node.targets[0].id)
            ):
                try:
                    answers[node.targets[0].id] = ast.literal_eval(node.value)
                except (ValueError, SyntaxError, TypeError):
                    answers.pop(node.targets[0].id, None)
    return answers


def trusted_scores(nb, keys: dict[str, tuple[str, dict]]) -> dict[str, float]:
    """What each auto-graded question earns from the typed answers alone, marked in the grading
    process (not in the learner's kernel, where their code could have changed the checks)."""
    from course.grading.runtime import _key_item
    from course.marking import check_answer

    answers = typed_answers(nb)
    scores = {}
    for grade_id, (variable, key) in keys.items():
        try:
            result = check_answer(_key_item(key), answers[variable])
            points = float(result.points) if result.correct is not None else None
        except Exception:  # missing, unreadable or unmarkable: earns nothing
            points = 0.0
        if points is not None:
            scores[grade_id] = max(points, 0.0)
    return scores


# --------------------------------------------------------------------------- grader's marks


@dataclass(frozen=True)
class Mark:
    """What one auto-graded question earns, computed by the grader from the saved answers.

    Attributes
    ----------
    points
        Points earned, or ``None`` when a person must decide (``note`` says why).
    max_points
        The question's points.
    answer
        The answer as marked: option keys (never positions), a number, or the written text;
        ``None`` when nothing was answered.
    how
        Where the answer came from: ``"clicked"``, ``"typed"``, ``"none"`` (not answered) or
        ``"unreadable"``.
    note
        For the trainer's summary: anything worth a look (an answer read by its value, a
        typed answer that differs from the clicked one, why a person is needed).
    """

    points: float | None
    max_points: float
    answer: object
    how: str
    note: str = ""


def _source_notebook(course_dir: Path, quiz: str):
    import nbformat

    path = Path(course_dir) / "source" / quiz / f"{quiz}.ipynb"
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such quiz (bonecourse quiz build makes it)")
    return nbformat.read(str(path), as_version=4)


def _auto_grade_ids(source_nb) -> list[str]:
    """The grade ids of the quiz's auto-graded cells (code cells with points), in order."""
    ids = []
    for cell in source_nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("grade") and cell.get("cell_type") == "code" and meta.get("grade_id"):
            ids.append(meta["grade_id"])
    return ids


def grader_marks(
    course_dir: Path, quiz: str, submitted_nb, submission_dir: Path | None = None
) -> dict[str, Mark]:
    """What the learner's saved answers earn, for every auto-graded grade id of ``quiz``.

    Computed in the grading process from the submitted notebook (and, when given, the files
    beside it in ``submission_dir``), never from anything the learner's code ran. Keys come
    from the trainer's copy (``<course_dir>/source/<quiz>/<quiz>.ipynb``).

    Parameters
    ----------
    course_dir
        The nbgrader course directory (``quizzes/``).
    quiz
        The quiz (assignment) name, e.g. ``quiz_00_start_here``.
    submitted_nb
        The learner's notebook as submitted (an ``nbformat`` node); it is only read.
    submission_dir
        The folder the notebook was submitted in (for an answers file saved beside it).

    Returns
    -------
    dict
        grade id -> :class:`Mark`; ``points=None`` means a person must mark it.
    """
    from course.grading.runtime import _key_item
    from course.marking import AnswerFormatError, check_answer

    source_nb = _source_notebook(Path(course_dir), quiz)
    keys = hidden_keys(source_nb)
    answers = typed_answers(submitted_nb)
    marks: dict[str, Mark] = {}
    for grade_id in _auto_grade_ids(source_nb):
        if grade_id not in keys:
            marks[grade_id] = Mark(None, 0.0, None, "none", "no key found for this question")
            continue
        variable, key = keys[grade_id]
        item = _key_item(key)
        if variable not in answers or answers[variable] in ("", None, []):
            marks[grade_id] = Mark(0.0, item.points, None, "none", "not answered")
            continue
        value = answers[variable]
        try:
            result = check_answer(item, value)
        except AnswerFormatError as exc:
            marks[grade_id] = Mark(0.0, item.points, value, "unreadable", str(exc))
            continue
        except Exception as exc:  # learner data of an odd shape: named, never a crash
            marks[grade_id] = Mark(
                0.0, item.points, value, "unreadable", f"answer could not be read ({exc})"
            )
            continue
        points = None if result.correct is None else max(float(result.points), 0.0)
        marks[grade_id] = Mark(points, item.points, result.response, "typed", "")
    return marks
