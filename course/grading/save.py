"""Stage 3 of autograding, in one process (the gradebook has one writer): mark and save.

Marks come from the grader, never from the learner's kernel: the sandbox returns outputs only,
which are put into the trusted copy of the notebook (the one prepared before it ran), and
each auto-marked question's check cell gets the grader's verdict, marked here from the typed
answers (:func:`grader_verdicts`). nbgrader's ``SaveAutoGrades``, ``AssignLatePenalties`` and
``CheckCellMetadata`` then run on that notebook; manual scores from an earlier grading are kept
(and not flagged for review again when the learner's written answer is unchanged).
"""

from __future__ import annotations

from dataclasses import dataclass

from course.grading.answers import hidden_keys, typed_answers
from course.grading.settings import (
    QuietNbgraderLog,
    Settings,
    grade_id,
    gradebook,
    nbgrader_resources,
)
from course.grading.text import text as quiz_text


def previous_manual(settings: Settings, quiz: str, student: str) -> dict[str, tuple]:
    """Grade id -> (manual score, needs_manual_grade, auto score) before re-grading."""
    from nbgrader.api import MissingEntry

    with gradebook(settings.db_url) as gb:
        try:
            submission = gb.find_submission_notebook(quiz, quiz, student)
        except MissingEntry:
            return {}
        return {
            g.name: (g.manual_score, g.needs_manual_grade, g.auto_score) for g in submission.grades
        }


def answer_sources(nb) -> dict[str, str]:
    """Grade id -> the cell's source, for every quiz cell of ``nb`` (empty for ``None``)."""
    return {grade_id(c): c.source for c in nb.cells if grade_id(c)} if nb is not None else {}


#: output types a notebook may hold (anything else the sandbox returns is dropped)
_OUTPUT_TYPES = {"stream", "display_data", "execute_result", "error"}

_RED, _RESET = "\x1b[0;31m", "\x1b[0m"


@dataclass
class Verdict:
    """What the grader says one auto-marked question earns, and why.

    ``points`` is ``None`` when a person must decide (``note`` says why).
    """

    points: float | None
    max_points: float
    message: str
    note: str = ""
    written: bool = False  # a written answer: a person marks it, as expected


def _says(key: str, **fields) -> str:
    """A verdict text of ``course/grading/text.yml`` (group ``verdicts``), filled in."""
    return quiz_text("verdicts")[key].format(**fields)


def _mark_typed_answer(key: dict, variable: str, answers: dict) -> Verdict:
    """Mark one typed answer as an old quiz's hidden check would, in the grading process."""
    from course.grading.hidden_tests import feedback_text, key_item
    from course.questions.marking import AnswerFormatError, check_answer

    item = key_item(key)
    if variable not in answers:
        return Verdict(0.0, item.points, _says("line_missing", variable=variable))
    try:
        result = check_answer(item, answers[variable])
    except AnswerFormatError as exc:
        return Verdict(0.0, item.points, _says("not_marked", problem=exc))
    except Exception as exc:  # an odd value: earns nothing, says why
        return Verdict(0.0, item.points, _says("unreadable", problem=exc))
    return _verdict(max(float(result.points), 0.0), item.points, feedback_text(result))


def _verdict(points: float, max_points: float, feedback: str, note: str = "") -> Verdict:
    if max_points > 0 and points >= max_points - 1e-9:
        return Verdict(points, max_points, feedback, note)
    if points <= 0:
        return Verdict(0.0, max_points, f"0 of {max_points:g} points.\n{feedback}".strip(), note)
    return Verdict(points, max_points, feedback, note)


def grader_verdicts(settings: Settings, quiz: str, student: str, nb) -> dict[str, Verdict]:
    """Grade id -> :class:`Verdict` for every auto-marked question.

    Marked outside the learner's kernel from ``nb`` (the notebook as submitted, never the one
    the kernel saw) and the answers file beside it.

    Uses :func:`course.grading.answers.grader_marks` where it exists, else the keys in the
    trainer's source notebook's hidden tests. The messages carry the points (and, for quizzes
    marked from hidden tests, the feedback those tests gave).
    """
    import nbformat

    from course.grading import answers as answers_module

    grader_marks = getattr(answers_module, "grader_marks", None)
    if grader_marks is None:
        source_path = settings.course_dir / "source" / quiz / f"{quiz}.ipynb"
        keys = hidden_keys(nbformat.read(source_path, as_version=4))
        typed = typed_answers(nb)
        return {gid: _mark_typed_answer(key, var, typed) for gid, (var, key) in keys.items()}
    submission_dir = settings.course_dir / "submitted" / student / quiz
    marks = grader_marks(settings.course_dir, quiz, nb, submission_dir)
    written = _written_items(settings)
    verdicts = {}
    for gid, mark in marks.items():
        note = str(getattr(mark, "note", "") or "")
        if mark.points is None:
            verdicts[gid] = Verdict(None, float(mark.max_points), "", note, gid in written)
            continue
        # the points only: the learner's feedback page (QuizFeedback) says why, without
        # handing out the key
        message = "Not answered." if getattr(mark, "how", "") == "none" else ""
        verdicts[gid] = _verdict(float(mark.points), float(mark.max_points), message, note)
    return verdicts


def _written_items(settings: Settings) -> set[str]:
    """Ids of the written-answer items in the trainer's bank (empty when there is none)."""
    try:
        from course.questions.bank import trainer_bank

        return {i.id for i in trainer_bank(settings.course_dir) if i.type == "text"}
    except Exception:  # quizzes with keys in hidden tests have no trainer's bank
        return set()


def verdict_outputs(verdict: Verdict) -> list:
    """The check cell's outputs for a verdict, as nbgrader reads them (an error.

    No credit; a number: partial credit; anything else: full credit) and the learner's feedback
    shows them.
    """
    import html

    import nbformat

    if verdict.points is None:
        return [
            nbformat.v4.new_output(
                "display_data",
                data={"text/plain": _says("by_trainer")},
            )
        ]
    if verdict.max_points > 0 and verdict.points >= verdict.max_points - 1e-9:
        text = f"Right: {verdict.max_points:g} of {verdict.max_points:g} points.\n{verdict.message}"
        return [nbformat.v4.new_output("stream", name="stdout", text=text.rstrip() + "\n")]
    if verdict.points > 0:
        page = (
            f"<p><b>Partly right: {verdict.points:g} of {verdict.max_points:g} points.</b></p>"
            f"<p>{html.escape(verdict.message).replace(chr(10), '<br>')}</p>"
        )
        return [
            nbformat.v4.new_output(
                "execute_result",
                data={"text/plain": repr(round(verdict.points, 4)), "text/html": page},
                execution_count=None,
            )
        ]
    lines = verdict.message.split("\n")
    return [
        nbformat.v4.new_output(
            "error",
            ename="WrongAnswer",
            evalue=verdict.message,
            traceback=[f"{_RED}Not right{_RESET}: {lines[0]}", *lines[1:]],
        )
    ]


def auto_graded_cells(nb) -> list:
    """The check cells nbgrader scores from their outputs (code cells with points)."""
    cells = []
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.get("cell_type") == "code" and meta.get("grade") and not meta.get("solution"):
            cells.append(cell)
    return cells


def merge_outputs(nb, outputs: list) -> None:
    """Put the outputs the sandbox returned into the trusted notebook, cell by cell.

    Sources, metadata and answers stay as prepared; raises ``ValueError`` if they do not fit.
    """
    import nbformat

    if not isinstance(outputs, list) or len(outputs) != len(nb.cells):
        raise ValueError("the run returned outputs that do not match the notebook's cells")
    for cell, outs in zip(nb.cells, outputs, strict=True):
        if cell.get("cell_type") != "code":
            continue
        kept = []
        for out in outs or []:
            if isinstance(out, dict) and out.get("output_type") in _OUTPUT_TYPES:
                try:
                    node = nbformat.from_dict(out)
                    nbformat.validator.validate(
                        node, ref=out["output_type"], version=4, version_minor=5
                    )
                except Exception:
                    continue
                kept.append(node)
        cell["outputs"] = kept


def apply_verdicts(nb, verdicts: dict[str, Verdict]) -> list[str]:
    """Replace every auto-marked check cell's outputs with the grader's verdict.

    Return the grade ids that have no verdict (they are marked 0 with a note).
    """
    from course.grading.settings import grade_id as _gid

    missing = []
    for cell in auto_graded_cells(nb):
        gid = _gid(cell)
        verdict = verdicts.get(gid)
        if verdict is None:
            missing.append(gid)
            verdict = Verdict(0.0, 0.0, _says("no_key"))
        cell["outputs"] = verdict_outputs(verdict)
    return missing


def save(
    settings: Settings,
    quiz: str,
    student: str,
    nb,
    previous_nb,
    problems: list[str] | None = None,
    outputs: list | None = None,
    marking_nb=None,
) -> tuple[float, float]:
    """Stage 3: mark, save grades to the gradebook (keeping manual scores), write the notebook.

    Parameters
    ----------
    nb
        The trusted notebook, as prepared before it ran (its answers are what is marked).
    previous_nb
        The notebook of an earlier grading, if any (to keep its manual scores).
    problems
        Appended to: what the trainer should know.
    outputs
        Each cell's outputs as the (sandboxed) run returned them; ``None`` keeps ``nb``'s.
    marking_nb
        The notebook as submitted (with its saved answers), which the grader marks
        (default: ``nb``).
    """
    import nbformat

    if outputs is not None:
        merge_outputs(nb, outputs)
    # marked from the notebook as submitted, never from what the learner's kernel produced
    verdicts = grader_verdicts(settings, quiz, student, nb if marking_nb is None else marking_nb)
    missing = apply_verdicts(nb, verdicts)
    auto_ids = {grade_id(c) for c in auto_graded_cells(nb)}
    if problems is not None:
        problems += _marking_problems(verdicts, missing, auto_ids)
    trusted = {gid: v.points for gid, v in verdicts.items() if gid in auto_ids}
    trusted.update({gid: 0.0 for gid in missing})
    before = previous_manual(settings, quiz, student)
    nb = _run_nbgrader_savers(settings, quiz, student, nb)
    score, max_score = _store_grades(
        settings, quiz, student, trusted, before, answer_sources(previous_nb), answer_sources(nb)
    )
    dest = settings.course_dir / "autograded" / student / quiz
    dest.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, dest / f"{quiz}.ipynb")
    return float(score), float(max_score)


def _marking_problems(verdicts: dict, missing: list[str], auto_ids: set[str]) -> list[str]:
    """What the trainer must mark by hand: questions without a key, answers the grader left."""
    problems = []
    if missing:
        problems.append(
            "no key to mark " + ", ".join(missing) + " (marked 0: mark it by hand or "
            "rebuild the quiz)"
        )
    for gid, verdict in sorted(verdicts.items()):
        if verdict.points is None and not verdict.written and gid in auto_ids:
            problems.append(f"{gid} needs marking by hand: {verdict.note}")
    return problems


def _run_nbgrader_savers(settings: Settings, quiz: str, student: str, nb):
    """Run nbgrader's own steps: limit the output, save the auto-grades, late penalty, metadata."""
    from nbgrader.preprocessors import (
        AssignLatePenalties,
        CheckCellMetadata,
        LimitOutput,
        SaveAutoGrades,
    )

    resources = nbgrader_resources(settings, quiz, student)
    limiter = LimitOutput(config=settings.config)
    nb, resources = limiter.preprocess(nb, resources)
    with QuietNbgraderLog():
        nb, resources = SaveAutoGrades(config=settings.config).preprocess(nb, resources)
        nb, resources = AssignLatePenalties(config=settings.config).preprocess(nb, resources)
        nb, resources = CheckCellMetadata(config=settings.config).preprocess(nb, resources)
    return nb


def _store_grades(
    settings: Settings,
    quiz: str,
    student: str,
    trusted: dict,
    before: dict,
    old_sources: dict,
    new_sources: dict,
) -> tuple[float, float]:
    """Put the grader's marks in the gradebook, keep still-valid manual scores; the totals.

    ``trusted`` holds the grader's points by grade id (``None``: for a person to mark);
    ``before`` each grade's earlier ``(manual score, needed manual grade, auto score)``. A
    manual score stays final while its answer and auto score are what they were.
    """
    with gradebook(settings.db_url) as gb:
        submission = gb.find_submission_notebook(quiz, quiz, student)
        for grade in submission.grades:
            # the gradebook holds the grader's marks, whatever nbgrader read from the outputs
            if grade.name in trusted and grade.auto_score != trusted[grade.name]:
                grade.auto_score = trusted[grade.name]
            if grade.name in trusted and trusted[grade.name] is None:
                grade.needs_manual_grade = grade.manual_score is None
        for grade in submission.grades:
            manual, needed, auto = before.get(grade.name, (None, True, None))
            unchanged = old_sources.get(grade.name) == new_sources.get(grade.name)
            if (
                grade.manual_score is not None
                and not needed
                and unchanged
                and (grade.auto_score == auto)
            ):
                grade.needs_manual_grade = False
        gb.db.commit()
        return submission.score, submission.max_score
