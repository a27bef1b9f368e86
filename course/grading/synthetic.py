"""A seeded synthetic cohort of quiz submissions, for tests, benchmarks and trying the workflow.

Each learner answers the released quiz the way real cohorts do (stronger learners answer more
items right; wrong answers pick the bank's distractors), and a few submit the broken files
trainers meet: a deleted graded cell, an edited locked cell, an endless loop, invalid JSON, an
empty file, megabytes of output, code that tampers with the checks.
"""

from __future__ import annotations

import copy
import random
import re
from pathlib import Path

from course.bank import Item
from course.grading.build import solution_value, variable_name

#: the broken submissions a cohort can include, in this order, one learner each
BAD_CASES = (
    "deleted_graded_cell",
    "deleted_answer_cell",
    "edited_locked_cell",
    "infinite_loop",
    "invalid_json",
    "empty_file",
    "megabytes_of_output",
    "tampered_checks",
)


def wrong_answer(item: Item, rng: random.Random) -> str:
    """A plausible wrong answer (a distractor where the bank has one)."""
    if item.type == "single":
        return rng.choice([o.key for o in item.options if o.key != item.answer])
    if item.type == "multiple":
        wrong = [o.key for o in item.options if o.key not in item.answer]
        return ", ".join(sorted(set(wrong[:1])))
    if item.type == "numeric":
        if item.distractors:
            return f"{rng.choice(item.distractors).value:g}"
        return f"{float(item.answer) * 2 + 1:g}"
    if item.type == "case":
        keys = []
        for step in item.steps:
            keys.append(rng.choice([o.key for o in step.options if o.key != step.answer]))
        return ", ".join(keys)
    raise ValueError(item.type)


def partial_answer(item: Item, rng: random.Random) -> str:
    """A partly right answer (multiple choice and cases), else a wrong one."""
    if item.type == "multiple" and len(item.answer) > 1:
        return ", ".join(sorted(item.answer)[:-1])
    if item.type == "case":
        keys = [s.answer for s in item.steps]
        last = item.steps[-1]
        keys[-1] = next(o.key for o in last.options if o.key != last.answer)
        return ", ".join(keys)
    return wrong_answer(item, rng)


def set_answer(nb, number: int, value: str) -> None:
    """Type ``value`` into question ``number``'s answer line of a released notebook."""
    variable = variable_name(number)
    pattern = re.compile(rf"^{variable} = .*$", re.M)
    for cell in nb.cells:
        if cell.cell_type == "code" and pattern.search(cell.source):
            cell.source = pattern.sub(lambda _m: f"{variable} = {value!r}", cell.source, count=1)
            return
    raise KeyError(variable)


def set_text_answer(nb, item_id: str, text: str) -> None:
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == item_id:
            cell.source = text
            return
    raise KeyError(item_id)


def answer_sheet(items: list[Item], ability: float, rng: random.Random) -> dict[int, str | None]:
    """Question number -> typed answer (None: left blank) for a learner of this ability."""
    sheet = {}
    for number, item in enumerate(items, start=1):
        if item.type == "text":
            sheet[number] = None
            continue
        roll = rng.random()
        if roll < 0.06:
            sheet[number] = None
        elif roll < 0.06 + ability * 0.94:
            sheet[number] = solution_value(item)
        elif rng.random() < 0.35:
            sheet[number] = partial_answer(item, rng)
        else:
            sheet[number] = wrong_answer(item, rng)
    return sheet


def write_cohort(
    released_path: str | Path,
    items: list[Item],
    out_dir: str | Path,
    n: int = 30,
    seed: int = 7,
    bad_cases: tuple[str, ...] = BAD_CASES,
    loop_cell_seconds: float | None = None,
) -> dict[str, str]:
    """Write ``n`` submissions as ``out_dir/<student>.ipynb``; return student -> kind.

    The first learners are one of each kind the tests need (all right, all wrong, partial,
    unanswered), then one per bad case, then a spread of abilities.
    """
    import nbformat

    rng = random.Random(seed)
    released = nbformat.read(str(released_path), as_version=4)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    kinds = ["all_right", "all_wrong", "partial", "unanswered", *bad_cases]
    kinds += ["typical"] * max(0, n - len(kinds))
    written = {}
    for index, kind in enumerate(kinds[:n], start=1):
        student = f"learner_{index:03d}"
        nb = copy.deepcopy(released)
        for number, item in enumerate(items, start=1):
            if item.type == "text":
                if kind not in ("unanswered", "empty_file", "invalid_json"):
                    set_text_answer(nb, item.id, "I follow local policy and ask my mentor.")
                continue
            if kind == "all_right":
                value = solution_value(item)
            elif kind == "all_wrong":
                value = wrong_answer(item, rng)
            elif kind == "partial":
                value = partial_answer(item, rng) if number % 2 else solution_value(item)
            elif kind == "unanswered":
                value = None
            else:
                value = answer_sheet(items, rng.uniform(0.2, 0.95), rng)[number]
            if value is not None:
                set_answer(nb, number, value)
        path = out_dir / f"{student}.ipynb"
        _apply_bad_case(nb, kind, items, loop_cell_seconds)
        if kind == "invalid_json":
            path.write_text(nbformat.writes(nb)[:-40], encoding="utf-8")
        elif kind == "empty_file":
            path.write_bytes(b"")
        else:
            path.write_text(nbformat.writes(nb), encoding="utf-8")
        written[student] = kind
    return written


def _apply_bad_case(nb, kind: str, items: list[Item], loop_seconds: float | None) -> None:
    auto = [i for i in items if i.type != "text"]
    first_code_answer = next(
        c
        for c in nb.cells
        if c.metadata.get("nbgrader", {}).get("solution") and c.cell_type == "code"
    )
    if kind == "deleted_graded_cell":
        nb.cells = [
            c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") != auto[0].id
        ]
    elif kind == "deleted_answer_cell":
        nb.cells = [
            c
            for c in nb.cells
            if c.metadata.get("nbgrader", {}).get("grade_id") != f"{auto[-1].id}-answer"
        ]
    elif kind == "edited_locked_cell":
        for cell in nb.cells:
            if cell.metadata.get("nbgrader", {}).get("grade_id") == auto[0].id:
                cell.source = "print('I changed the check cell')"
    elif kind == "infinite_loop":
        loop = (
            "while True:\n    pass"
            if loop_seconds is None
            else (f"import time\ntime.sleep({loop_seconds})")
        )
        first_code_answer.source += "\n" + loop
    elif kind == "megabytes_of_output":
        first_code_answer.source += "\nprint('x' * 3_000_000)"
    elif kind == "tampered_checks":
        first_code_answer.source += "\nquiz.grade = lambda *args, **kwargs: None"
