"""What a learner answered, read from their submission without running it, and what it earns.

The grader marks from this module's readings (outside the learner's kernel), never from anything
the learner's code could have changed while the notebook ran. The answer cells are read by
:mod:`~course.grading.answer_cells`; the saved answers by :mod:`~course.grading.saved`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from course.grading.answer_cells import (  # noqa: F401 (re-exported)
    UNREADABLE_EXPRESSION,
    code_beyond_answers,
    hidden_keys,
    trusted_scores,
    typed_answers,
    typed_values,
)
from course.grading.text import text as quiz_text


def _note(key: str, **fields) -> str:
    """A marking note of ``course/grading/text.yml`` (group ``marking_notes``), filled in."""
    return quiz_text("marking_notes")[key].format(**fields)


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
        if (
            meta.get("grade")
            and not meta.get("solution")
            and cell.get("cell_type") == "code"
            and meta.get("grade_id")
        ):
            ids.append(meta["grade_id"])
    return ids


def _blank(value: object) -> bool:
    if isinstance(value, str):
        return not value.strip()
    return value is None or (isinstance(value, list) and not value)


def saved_records(nb, quiz: str, submission_dir: Path | None) -> tuple[dict[str, dict], list[str]]:
    """The newest valid saved record per question, and the problems met.

    Records come from the notebook outputs and the answers file beside it; learner data, so
    read strictly and never run.
    """
    from course.grading import saved

    in_nb, problems = saved.records_in_notebook(nb, quiz)
    in_file: dict[str, dict] = {}
    if submission_dir is not None:
        in_file, more = saved.read_answers_file(saved.answers_file(submission_dir, quiz), quiz)
        problems += more
    return saved.merge_records(in_nb, in_file), problems


def write_saved_answers(
    submitted_nb, quiz: str, submission_dir: Path | None, target_folder: Path
) -> Path:
    """Write the learner's saved answers as ``<quiz>.answers.json`` in ``target_folder``.

    The answers are validated, the newest of notebook and file, and go beside the notebook
    about to run.

    Run before executing a submission (in the sandbox's scratch folder): the quiz's kernel
    then shows the learner's answers in the autograded notebook (for the trainer's view and the
    written answers), although the marks never come from that run. Returns the file written.
    """
    from course.grading import saved

    records, _ = saved_records(submitted_nb, quiz, submission_dir)
    path = saved.answers_file(target_folder, quiz)
    saved.write_answers_file(path, quiz, records)
    return path


def _options_of(item) -> list[str] | list[list[str]]:
    if item.type in ("single", "multiple"):
        return [o.key for o in item.options]
    if item.type == "case":
        return [[o.key for o in st.options] for st in item.steps]
    return []


def _order_fits(item, order) -> bool:
    """Whether a recorded order holds exactly the item's options (each step's, for a case)."""
    keys = _options_of(item)
    if item.type in ("single", "multiple"):
        return sorted(order) == sorted(keys)
    if item.type == "case":
        return len(order) == len(keys) and all(
            sorted(o) == sorted(k) for o, k in zip(order, keys, strict=True)
        )
    return True


def _order_from_seed(item, seed: str):
    from course.grading.saved import step_id
    from course.questions.shuffle import option_order

    if item.type in ("single", "multiple"):
        return option_order(item.id, [o.key for o in item.options], seed)
    if item.type == "case":
        return [
            option_order(step_id(item.id, i), [o.key for o in st.options], seed)
            for i, st in enumerate(item.steps)
        ]
    return []


def _typed_response(item, typed: object, order) -> tuple[object, list[str]]:
    """What a typed answer means for ``item``.

    Option keys (from the letters shown, through ``order``), a number's text, or the written
    text. Raises ValueError with the reason.
    """
    from course.grading.typed import _SPLIT, plain_text, typed_to_keys

    if item.type == "single":
        keys, notes = typed_to_keys(typed, order, many=False)
        return keys[0], notes
    if item.type == "multiple":
        return typed_to_keys(typed, order, many=True)
    if item.type == "case":
        notes: list[str] = []
        if isinstance(typed, str):
            text, notes = plain_text(typed)
            parts = [p for p in _SPLIT.split(text.strip()) if p]
            if len(parts) == 1 and len(parts[0]) == len(order):
                parts = list(parts[0])
        elif isinstance(typed, list):
            parts = [str(p) for p in typed]
        else:
            raise ValueError(f"give one letter per step, not {typed!r}")
        if len(parts) != len(order):
            raise ValueError(f"{len(parts)} letters for {len(order)} steps")
        keys = []
        for part, step_order in zip(parts, order, strict=True):
            (key,), more = typed_to_keys(part, step_order, many=False)
            keys.append(key)
            notes += more
        return keys, sorted(set(notes))
    text, notes = plain_text(str(typed))
    return text, notes


def _mark_item(item, record, typed, typed_notes, seed) -> Mark:
    """Mark one question from its saved record and its typed line."""
    notes: list[str] = list(typed_notes)
    if record is not None and not _order_fits(item, record["order"]):
        notes.append(_note("options_mismatch"))
        record = None
    how = "clicked"
    if typed is UNREADABLE_EXPRESSION:
        return Mark(0.0, item.points, None, "unreadable", "; ".join(notes))
    if not _blank(typed) and (record is None or record.get("typed") != typed):
        how = "typed"
        order = record["order"] if record is not None else None
        if order is None and item.type in ("single", "multiple", "case"):
            if not seed:
                return Mark(None, item.points, typed, "typed", _note("no_order"))
            order = _order_from_seed(item, seed)
            notes.append(_note("order_from_seed"))
        try:
            value, more = _typed_response(item, typed, order)
        except ValueError as exc:
            notes.append(_note("typed_unreadable", typed=typed, problem=exc))
            return Mark(0.0, item.points, typed, "unreadable", "; ".join(notes))
        notes += more
        if record is not None and record.get("value") not in (None, "", []):
            if record["value"] != value:
                notes.append(_note("typed_differs"))
    elif record is not None and record.get("value") not in (None, "", []):
        value = record["value"]
        if item.type == "numeric":
            from course.grading.typed import plain_text

            value, more = plain_text(value)
            notes += more
    else:
        if item.type == "text":
            return Mark(0.0, item.points, None, "none", _note("no_written_answer"))
        return Mark(0.0, item.points, None, "none", _note("not_answered"))
    return _mark_value(item, value, how, notes)


def _mark_value(item, value, how: str, notes: list[str]) -> Mark:
    """Mark a read answer ``value`` (clicked or typed, as ``how`` says) with the bank's key."""
    from course.questions.marking import AnswerFormatError, check_answer

    if item.type == "case" and isinstance(value, list) and None in value:
        missing = [str(n) for n, v in enumerate(value, 1) if v is None]
        notes.append(_note("steps_not_answered", steps=", ".join(missing)))
        value = [v if v is not None else "" for v in value]
    try:
        result = (
            _check_case_partly(item, value) if item.type == "case" else check_answer(item, value)
        )
    except AnswerFormatError as exc:
        notes.append(_note("not_marked", value=value, problem=exc))
        return Mark(0.0, item.points, value, "unreadable", "; ".join(notes))
    except Exception as exc:  # learner data of an odd shape: named, never a crash
        notes.append(_note("odd_answer", problem=type(exc).__name__))
        return Mark(0.0, item.points, value, "unreadable", "; ".join(notes))
    if result.correct is None:
        notes.append(_note("for_a_person"))
        return Mark(None, item.points, result.response, how, "; ".join(notes))
    return Mark(max(float(result.points), 0.0), item.points, result.response, how, "; ".join(notes))


def _check_case_partly(item, keys: list[str]):
    """A case marked step by step; an unanswered step (``""``) earns nothing."""
    from course.questions.marking import Result, check_step

    n_right, feedback = 0, []
    for index, key in enumerate(keys):
        if not key:
            continue
        step = check_step(item, index, key)
        n_right += bool(step.correct)
        feedback += step.feedback
    fraction = n_right / len(item.steps)
    return Result(
        item.id,
        n_right == len(item.steps),
        fraction,
        round(fraction * item.points, 4),
        item.points,
        list(keys),
        feedback,
        item.explanation,
    )


def _seed_of(records: dict[str, dict]) -> str:
    from collections import Counter

    seeds = Counter(r.get("seed", "") for r in records.values() if r.get("seed"))
    return seeds.most_common(1)[0][0] if seeds else ""


def grader_marks(
    course_dir: Path,
    quiz: str,
    submitted_nb,
    submission_dir: Path | None = None,
    *,
    bank=None,
) -> dict[str, Mark]:
    """What the learner's saved answers earn, for every graded question of ``quiz``.

    Computed in the grading process from the submitted notebook (its saved-answer outputs and
    its typed ``answer_N`` lines) and from ``<quiz>.answers.json`` in ``submission_dir``, never
    from anything the learner's code ran. Keys come from the trainer's bank (grade id = bank
    id); quizzes built before answers were saved are marked from their source's hidden tests.

    The newest saved record of a question wins; a typed line wins when it changed after the
    record was saved. Typed letters are the letters the learner saw, turned back into option
    keys through the recorded order. Written answers get ``points=None`` (a person marks them).

    Parameters
    ----------
    course_dir
        The nbgrader course directory (``quizzes/``); its ``bank/`` holds the keys.
    quiz
        The quiz (assignment) name, e.g. ``quiz_00_start_here``.
    submitted_nb
        The learner's notebook as submitted (an ``nbformat`` node); it is only read.
    submission_dir
        The folder the notebook was submitted in (for the answers file beside it).
    bank
        The trainer's bank (default: :func:`course.questions.bank.trainer_bank` of ``course_dir``).

    Returns
    -------
    dict
        grade id -> :class:`Mark`; ``points=None`` means a person must mark it, ``note`` says
        why and names anything read by its value (case, spaces, look-alike letters).
    """
    course_dir = Path(course_dir)
    source_nb = _source_notebook(course_dir, quiz)
    meta = source_nb.metadata.get("bonecourse", {})
    if meta.get("answers") != "saved":
        return _marks_from_hidden_keys(source_nb, submitted_nb)
    if bank is None:
        from course.questions.bank import trainer_bank

        bank = trainer_bank(course_dir)
    records, problems = saved_records(submitted_nb, quiz, submission_dir)
    seed = _seed_of(records)
    typed = typed_values(submitted_nb)
    marks: dict[str, Mark] = {}
    for number, item_id in enumerate(meta.get("items", []), start=1):
        if item_id not in bank:
            marks[item_id] = Mark(None, 0.0, None, "none", _note("not_in_bank"))
            continue
        item = bank.item(item_id)
        value, notes = typed.get(f"answer_{number}", ("", []))
        notes = notes + [p.split(": ", 1)[1] for p in problems if p.startswith(f"{item_id}: ")]
        marks[item_id] = _mark_item(item, records.get(item_id), value, notes, seed)
    return marks


def _marks_from_hidden_keys(source_nb, submitted_nb) -> dict[str, Mark]:
    """Marks for a quiz built with keys in hidden tests (typed answers only)."""
    from course.grading.hidden_tests import key_item
    from course.questions.marking import AnswerFormatError, check_answer

    keys = hidden_keys(source_nb)
    answers = typed_answers(submitted_nb)
    marks: dict[str, Mark] = {}
    for grade_id in _auto_grade_ids(source_nb):
        if grade_id not in keys:
            marks[grade_id] = Mark(None, 0.0, None, "none", _note("no_key"))
            continue
        variable, key = keys[grade_id]
        item = key_item(key)
        if variable not in answers or answers[variable] in ("", None, []):
            marks[grade_id] = Mark(0.0, item.points, None, "none", _note("not_answered"))
            continue
        value = answers[variable]
        try:
            result = check_answer(item, value)
        except AnswerFormatError as exc:
            marks[grade_id] = Mark(0.0, item.points, value, "unreadable", str(exc))
            continue
        except Exception as exc:  # learner data of an odd shape: named, never a crash
            marks[grade_id] = Mark(
                0.0, item.points, value, "unreadable", _note("odd_answer", problem=exc)
            )
            continue
        points = None if result.correct is None else max(float(result.points), 0.0)
        marks[grade_id] = Mark(points, item.points, result.response, "typed", "")
    return marks
