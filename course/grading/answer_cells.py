"""What the answer cells of a submitted notebook hold, read without running anything.

The typed ``answer_N = ...`` lines (:func:`typed_answers`, :func:`typed_values`), the keys in
an old quiz's hidden tests (:func:`hidden_keys`) and the cells whose code is more than answers
(:func:`code_beyond_answers`). Learner data: parsed with :mod:`ast`, never executed.
:mod:`~course.grading.answers` marks what is read here.
"""

from __future__ import annotations

import ast
import re

from course.grading.text import text as quiz_text


def _note(key: str, **fields) -> str:
    """A marking note of ``course/grading/text.yml`` (group ``marking_notes``), filled in."""
    return quiz_text("marking_notes")[key].format(**fields)


def grade_id_of(cell) -> str | None:
    """A cell's nbgrader grade id, if it has one."""
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


_ANSWER_NAME = re.compile(r"^answer_\d+$")


def is_answer_assignment(node: ast.stmt) -> bool:
    """Whether a statement is ``answer_N = <expression>`` (one target, an answer variable)."""
    return (
        isinstance(node, ast.Assign)
        and len(node.targets) == 1
        and isinstance(node.targets[0], ast.Name)
        and bool(_ANSWER_NAME.match(node.targets[0].id))
    )


def _only_answers(source: str) -> bool:
    """Whether a code cell holds nothing but ``answer_N = <literal>`` lines (and comments)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return False
    for node in tree.body:
        if is_answer_assignment(node):
            try:
                ast.literal_eval(node.value)
            except (ValueError, SyntaxError, TypeError):
                return False
            continue
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            continue
        if _is_ask(node):
            continue
        return False
    return True


def _is_ask(node: ast.AST) -> bool:
    """``quiz.ask("<item id>")``: the line that shows a question's controls."""
    return (
        isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Call)
        and isinstance(node.value.func, ast.Attribute)
        and isinstance(node.value.func.value, ast.Name)
        and node.value.func.value.id == "quiz"
        and node.value.func.attr == "ask"
        and len(node.value.args) == 1
        and not node.value.keywords
        and isinstance(node.value.args[0], ast.Constant)
        and isinstance(node.value.args[0].value, str)
    )


def code_beyond_answers(nb) -> list[str]:
    """Cells whose code is more than the answers.

    It runs beside the hidden tests and could change how they mark, so a trainer should look (answer
    cells by grade id, added cells by position).
    """
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
    """Grade id -> (answer variable, item mapping) from the trainer's source notebook.

    Read from its hidden tests (``quiz.grade("answer_N", {...})``) without running anything.
    """
    keys = {}
    for cell in source_nb.cells:
        grade_id = grade_id_of(cell)
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
    """The literal ``answer_N = <value>`` assignments in the learner's answer cells.

    The last one wins, as when the cell runs; anything else in those cells is ignored.
    """
    answers: dict[str, object] = {}
    for cell in nb.cells:
        grade_id = grade_id_of(cell) or ""
        if cell.get("cell_type") != "code" or not grade_id.endswith("-answer"):
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:
            continue
        for node in tree.body:
            if is_answer_assignment(node):
                try:
                    answers[node.targets[0].id] = ast.literal_eval(node.value)
                except (ValueError, SyntaxError, TypeError):
                    answers.pop(node.targets[0].id, None)
    return answers


def trusted_scores(nb, keys: dict[str, tuple[str, dict]]) -> dict[str, float]:
    """What each auto-graded question earns from the typed answers alone.

    Marked in the grading process, not in the learner's kernel, where their code could have
    changed the checks.
    """
    from course.grading.hidden_tests import key_item
    from course.questions.marking import check_answer

    answers = typed_answers(nb)
    scores = {}
    for grade_id, (variable, key) in keys.items():
        try:
            result = check_answer(key_item(key), answers[variable])
            points = float(result.points) if result.correct is not None else None
        except Exception:  # missing, unreadable or unmarkable: earns nothing
            points = 0.0
        if points is not None:
            scores[grade_id] = max(points, 0.0)
    return scores


def typed_values(nb) -> dict[str, tuple[object, list[str]]]:
    """``answer_N`` -> (value, notes) from the learner's answer cells, read without running.

    Like :func:`typed_answers`, but a simple expression (``"A".lower()``, ``"a" + "c"``, a
    bare ``b``) is read by its value and named in the notes; an expression that cannot be
    read gives the value :data:`UNREADABLE_EXPRESSION` and a note saying what it was.
    """
    from course.grading.typed import read_expression

    values: dict[str, tuple[object, list[str]]] = {}
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.get("cell_type") != "code" or not meta.get("solution"):
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError as exc:
            for name in set(_ANSWER_IN_TEXT.findall(cell.source)):
                values[name] = (
                    UNREADABLE_EXPRESSION,
                    [_note("not_python", problem=exc.msg)],
                )
            continue
        for node in tree.body:
            if is_answer_assignment(node):
                try:
                    values[node.targets[0].id] = read_expression(node.value)
                except ValueError as exc:
                    values[node.targets[0].id] = (
                        UNREADABLE_EXPRESSION,
                        [_note("unreadable_line", variable=node.targets[0].id, value=exc)],
                    )
    return values


UNREADABLE_EXPRESSION = object()
_ANSWER_IN_TEXT = re.compile(r"^\s*(answer_\d+)\s*=", re.M)
