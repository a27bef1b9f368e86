"""A seeded synthetic cohort of quiz submissions, for tests, benchmarks and trying the workflow.

Each learner answers the released quiz the way real cohorts do (stronger learners answer more
items right; wrong answers pick the bank's distractors), and a few submit the broken files
trainers meet: a deleted graded cell, an edited locked cell, an endless loop, invalid JSON, an
empty file, megabytes of output, code that tampers with the checks, a notebook whose quiz
metadata another editor stripped.

Attackers (:data:`ATTACKS`) answer every question wrongly and add code that tries to win
anyway: a module beside the notebook that shadows a library, a cell that rewrites the trainer's
keys, a background process that edits the gradebook after grading, an IPython start-up file
for the learners graded after them, a cell that prints every secret it can find. Graded in a
sandbox, each ends at 0 for its answers and changes no one else's grade.

Answers are clicked (saved records in the notebook, as the quiz's controls save them) for
quizzes that save answers, and typed (``answer_N = "..."``) for older ones.
"""

from __future__ import annotations

import copy
import random
import re
from pathlib import Path

from course.grading.build import solution_value, variable_name
from course.grading.synthetic_attacks import ATTACK_MARK, ATTACKS, apply_attack  # noqa: F401
from course.questions.bank import Item

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
    "stripped_metadata",
    "kernel_dies",
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


def _clicked_value(item: Item, value: str):
    """A typed answer in option keys ("a, c") as the quiz's controls save it."""
    if item.type in ("multiple", "case"):
        return [v.strip() for v in value.split(",") if v.strip()]
    return value


def _options(item: Item):
    if item.type in ("single", "multiple"):
        return [o.key for o in item.options]
    if item.type == "case":
        return [[o.key for o in step.options] for step in item.steps]
    return []


def save_clicked_answer(
    nb, quiz: str, number: int, item: Item, value: str, seq: int, seed: str = "synthetic"
) -> None:
    """Save ``value`` (option keys) as the quiz's controls do.

    A record in an output of the question's answer cell, with the options in the order this
    learner (``seed``) was shown: each learner of a synthetic cohort sees their own order, and
    marking must be by key whatever it was.
    """
    import nbformat

    from course.grading.saved import FORMAT, MIME
    from course.questions.shuffle import option_order

    order = _options(item)
    if item.type in ("single", "multiple"):
        order = option_order(item.id, order, seed)
    elif item.type == "case":
        order = [option_order(f"{item.id}:{n}", o, seed) for n, o in enumerate(order, start=1)]
    record = {
        "format": FORMAT,
        "quiz": quiz,
        "item": item.id,
        "type": item.type,
        "seed": seed,
        "order": order,
        "value": _clicked_value(item, value),
        "typed": "",
        "seq": seq,
    }
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == f"{item.id}-answer" or (
            item.type == "text" and cell.metadata.get("nbgrader", {}).get("grade_id") == item.id
        ):
            cell.outputs = [
                nbformat.v4.new_output(
                    "display_data", data={MIME: record, "text/plain": "Answer saved"}
                )
            ]
            cell.execution_count = 1
            return
    raise KeyError(item.id)


def saves_answers(nb) -> bool:
    """Whether a quiz notebook saves clicked answers (else answers are typed)."""
    return nb.metadata.get("bonecourse", {}).get("answers") == "saved"


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
    """Write ``text`` as the written answer to ``item_id``.

    It goes in its answer line in a code cell, or the whole Markdown cell of older quizzes.
    """
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == item_id:
            if cell.cell_type == "code":
                line = re.compile(r"^(answer_\d+) = .*$", re.M)
                cell.source = line.sub(lambda m: f"{m.group(1)} = {text!r}", cell.source, count=1)
            else:
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
    attacks: tuple[str, ...] = (),
    course_dir: str | Path | None = None,
    answers: dict[str, dict[str, str]] | None = None,
) -> dict[str, str]:
    """Write ``n`` submissions as ``out_dir/<student>.ipynb``; return student -> kind.

    The first learners are one of each kind the tests need (all right, all wrong, partial,
    unanswered), then one per bad case, then one per attack, then a spread of abilities.

    Parameters
    ----------
    attacks
        Attacks to include (from :data:`ATTACKS`); attackers answer every question wrongly.
        Their code aims at ``course_dir`` (the grader's course folder, as an attacker who
        knows the machine would) and at every gradebook it can find. An attacker's extra files
        go in ``out_dir/<student>.files/`` (to be put beside the submitted notebook).
    answers
        Filled with student -> {item id: the answer given, in option keys} (not for broken
        files), so tests can mark the cohort independently of the grader.
    """
    import nbformat

    rng = random.Random(seed)
    released = nbformat.read(str(released_path), as_version=4)
    quiz = released.metadata.get("bonecourse", {}).get("quiz") or Path(released_path).stem
    clicked = saves_answers(released)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    kinds = ["all_right", "all_wrong", "partial", "unanswered", *bad_cases, *attacks]
    kinds += ["typical"] * max(0, n - len(kinds))
    written = {}
    for index, kind in enumerate(kinds[:n], start=1):
        student = f"learner_{index:03d}"
        nb = copy.deepcopy(released)
        given: dict[str, str] = {}
        for number, item in enumerate(items, start=1):
            if item.type == "text":
                if kind not in ("unanswered", "empty_file", "invalid_json"):
                    text = "I follow local policy and ask my mentor."
                    if clicked:
                        save_clicked_answer(nb, quiz, number, item, text, seq=number, seed=student)
                    else:
                        set_text_answer(nb, item.id, text)
                continue
            value = _answer_of(kind, item, number, items, rng)
            if value is not None:
                given[item.id] = value
                if clicked:
                    save_clicked_answer(nb, quiz, number, item, value, seq=number, seed=student)
                else:
                    set_answer(nb, number, value)
        path = out_dir / f"{student}.ipynb"
        _apply_bad_case(nb, kind, items, loop_cell_seconds)
        if kind not in ("empty_file", "invalid_json") and answers is not None:
            if kind == "deleted_answer_cell":  # its answer went with the cell
                present = {c.metadata.get("nbgrader", {}).get("grade_id") for c in nb.cells}
                given = {k: v for k, v in given.items() if f"{k}-answer" in present}
            answers[student] = given
        if kind in ATTACKS:
            apply_attack(nb, kind, quiz, course_dir, out_dir / f"{student}.files")
        if kind == "invalid_json":
            path.write_text(nbformat.writes(nb)[:-40], encoding="utf-8")
        elif kind == "empty_file":
            path.write_bytes(b"")
        else:
            path.write_text(nbformat.writes(nb), encoding="utf-8")
        written[student] = kind
    return written


def _answer_of(kind: str, item: Item, number: int, items: list[Item], rng: random.Random):
    """The answer a learner of ``kind`` gives to question ``number`` (``None``: unanswered)."""
    if kind == "all_right":
        return solution_value(item)
    if kind in ("all_wrong", *ATTACKS):
        return wrong_answer(item, rng)
    if kind == "partial":
        return partial_answer(item, rng) if number % 2 else solution_value(item)
    if kind == "unanswered":
        return None
    return answer_sheet(items, rng.uniform(0.2, 0.95), rng)[number]


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
    elif kind == "kernel_dies":
        import nbformat

        nb.cells.append(nbformat.v4.new_code_cell("import os\nos._exit(1)"))
    elif kind == "stripped_metadata":
        for cell in nb.cells:  # as some editors save a notebook
            cell.metadata.pop("nbgrader", None)
