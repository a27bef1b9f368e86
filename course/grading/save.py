"""Stage 3 of autograding, in one process (the gradebook has one writer): save the grades.

nbgrader's ``SaveAutoGrades``, ``AssignLatePenalties`` and ``CheckCellMetadata`` run on the
executed notebook; manual scores from an earlier grading are kept (and not flagged for review
again when the learner's written answer is unchanged).
"""

from __future__ import annotations

from course.grading.answers import code_beyond_answers, hidden_keys, trusted_scores
from course.grading.settings import (
    QuietNbgraderLog,
    Settings,
    grade_id,
    gradebook,
    nbgrader_resources,
)


def previous_manual(settings: Settings, quiz: str, student: str) -> dict[str, tuple]:
    """grade id -> (manual score, needs_manual_grade, auto score) before re-grading."""
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
    """grade id -> the cell's source, for every quiz cell of ``nb`` (empty for ``None``)."""
    return {grade_id(c): c.source for c in nb.cells if grade_id(c)} if nb is not None else {}


def save(
    settings: Settings, quiz: str, student: str, nb, previous_nb, problems: list[str] | None = None
) -> tuple[float, float]:
    """Stage 3: save grades to the gradebook (keeping manual scores) and write the notebook.

    When the learner's notebook ran code beyond their answers, that code could have changed how
    the checks marked; the auto scores are then replaced by what the typed answers alone earn
    (:func:`trusted_scores`) and ``problems`` says which changed.
    """
    import nbformat
    from nbgrader.preprocessors import (
        AssignLatePenalties,
        CheckCellMetadata,
        LimitOutput,
        SaveAutoGrades,
    )

    resources = nbgrader_resources(settings, quiz, student)
    before = previous_manual(settings, quiz, student)
    limiter = LimitOutput(config=settings.config)
    nb, resources = limiter.preprocess(nb, resources)
    with QuietNbgraderLog():
        nb, resources = SaveAutoGrades(config=settings.config).preprocess(nb, resources)
        nb, resources = AssignLatePenalties(config=settings.config).preprocess(nb, resources)
        nb, resources = CheckCellMetadata(config=settings.config).preprocess(nb, resources)
    old_sources = answer_sources(previous_nb)
    new_sources = answer_sources(nb)
    trusted = {}
    if code_beyond_answers(nb):
        source_path = settings.course_dir / "source" / quiz / f"{quiz}.ipynb"
        trusted = trusted_scores(nb, hidden_keys(nbformat.read(source_path, as_version=4)))
    corrected = []
    with gradebook(settings.db_url) as gb:
        submission = gb.find_submission_notebook(quiz, quiz, student)
        for grade in submission.grades:
            if grade.name in trusted and abs((grade.auto_score or 0) - trusted[grade.name]) > 1e-6:
                corrected.append(
                    f"{grade.name} {grade.auto_score or 0:g} -> {trusted[grade.name]:g}"
                )
                grade.auto_score = trusted[grade.name]
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
        score, max_score = submission.score, submission.max_score
    if corrected and problems is not None:
        problems.append(
            "the checks did not mark as the typed answers earn, so the typed answers' marks "
            "were kept: " + ", ".join(corrected)
        )
    dest = settings.course_dir / "autograded" / student / quiz
    dest.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, dest / f"{quiz}.ipynb")
    return float(score), float(max_score)
