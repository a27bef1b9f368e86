"""What a learner answered, read from their submission without running it, and what it earns.

The grader marks from this module's readings (outside the learner's kernel), never from anything
the learner's code could have changed while the notebook ran.
"""

from __future__ import annotations

import ast
import re


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
