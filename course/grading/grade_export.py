"""Export a quiz's grades as a CSV file an LMS gradebook can import (Moodle, Canvas, Blackboard).

One row per learner: ``student_id`` (map it to the LMS's user id or email on import), the
learner's ``name`` and original submission, ``score``, ``max_score``, ``percent``,
``provisional`` and ``awaiting_marking``, one column per question (points), ``status`` and
``problems`` (why a learner has no grade, or what the grader noticed).

What a grade is, it says:

* a learner who could not be graded has an empty score and the reason, status
  ``not graded``, never a silent zero;
* a written answer not yet marked by a person is left out of ``score`` (its column is empty)
  and counted in ``awaiting_marking`` (its points); the row's ``provisional`` is ``yes`` and
  its status ``awaiting marking``, until it is marked;
* everything the grader noticed (a notebook whose quiz metadata was stripped and was matched
  by its content, a ``timestamp.txt`` that is not a date, code beyond the answers...) is in
  ``problems``, in plain words.
"""

from __future__ import annotations

import csv
from pathlib import Path

from course.csvsafe import safe_row
from course.errors import UserInputError
from course.grading.autograde import load_report, submitted_students
from course.grading.report import quiz_item_ids
from course.grading.text import text as quiz_text


def _roster(course_dir: Path, quiz: str) -> dict[str, str]:
    path = course_dir / "submitted" / f"roster_{quiz}.csv"
    if not path.exists():
        return {}
    with path.open(newline="", encoding="utf-8") as fh:
        return {row["student_id"]: row["original"] for row in csv.DictReader(fh)}


def _roster_names(course_dir: Path, quiz: str) -> dict[str, str]:
    path = course_dir / "submitted" / f"roster_{quiz}.csv"
    if not path.exists():
        return {}
    with path.open(newline="", encoding="utf-8") as fh:
        return {row["student_id"]: row.get("name", "") for row in csv.DictReader(fh)}


def grade_rows(course_dir: str | Path, quiz: str) -> list[dict[str, object]]:
    """One dict per learner (graded or not) with the CSV's columns."""
    from nbgrader.api import Gradebook, MissingEntry

    course_dir = Path(course_dir)
    item_ids = quiz_item_ids(course_dir, quiz)
    report = load_report(course_dir, quiz)
    problems = {o.student: "; ".join(o.problems) for o in report.outcomes} if report else {}
    not_graded = {o.student for o in report.outcomes if not o.graded} if report else set()
    roster = _roster(course_dir, quiz)
    names = _roster_names(course_dir, quiz)
    students = sorted(set(submitted_students(course_dir, quiz)) | set(problems))
    rows = []
    with Gradebook(f"sqlite:///{course_dir / 'gradebook.db'}") as gb:
        graded = {}
        try:
            for sub in gb.notebook_submissions(quiz, quiz):
                graded[sub.student.id] = sub
        except MissingEntry:
            raise UserInputError(f"{quiz} has not been released in {course_dir}") from None
        students = sorted(set(students) | set(graded))
        for student in students:
            row: dict[str, object] = {
                "student_id": student,
                "name": names.get(student, ""),
                "original": roster.get(student, ""),
            }
            sub = graded.get(student)
            if sub is not None and student not in not_graded:
                row.update(_graded_row(sub, item_ids))
            else:
                row.update(
                    {
                        "score": "",
                        "max_score": "",
                        "percent": "",
                        "provisional": "",
                        "awaiting_marking": "",
                    }
                )
                row.update({item_id: "" for item_id in item_ids})
                row["status"] = "not graded"
            row["problems"] = problems.get(student, "") or (
                quiz_text("grade_export")["no_report"] if sub is None else ""
            )
            rows.append(row)
    return rows


def _graded_row(sub, item_ids: list[str]) -> dict[str, object]:
    """Score columns of a graded learner.

    Answers awaiting a person's marking are left out of ``score`` and their points counted in
    ``awaiting_marking``.
    """
    by_id = {g.name: g for g in sub.grades}
    row: dict[str, object] = {}
    score = awaiting = 0.0
    for grade in sub.grades:
        if grade.needs_manual_grade and grade.manual_score is None:
            awaiting += float(grade.max_score or 0)
        elif grade.score is not None:
            score += float(grade.score)
    for item_id in item_ids:
        g = by_id.get(item_id)
        unmarked = g is not None and g.needs_manual_grade and g.manual_score is None
        row[item_id] = "" if g is None or g.score is None or unmarked else round(float(g.score), 4)
    max_score = float(sub.max_score or 0)
    row["score"] = round(score, 4)
    row["max_score"] = round(max_score, 4)
    row["percent"] = round(100 * score / max_score, 1) if max_score else ""
    row["provisional"] = "yes" if awaiting else ""
    row["awaiting_marking"] = round(awaiting, 4) if awaiting else ""
    row["status"] = "awaiting marking" if awaiting else "graded"
    return row


def export_grades(course_dir: str | Path, quiz: str, output: str | Path) -> Path:
    """Write the grades of ``quiz`` to ``output`` (CSV, UTF-8, comma-separated, header row)."""
    rows = grade_rows(course_dir, quiz)
    item_ids = quiz_item_ids(course_dir, quiz)
    columns = [
        "student_id",
        "name",
        "original",
        "score",
        "max_score",
        "percent",
        "provisional",
        "awaiting_marking",
        *item_ids,
        "status",
        "problems",
    ]
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    with output.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns)
        writer.writeheader()
        # a cell a spreadsheet would read as a formula is neutralised (OWASP CSV injection)
        writer.writerows(safe_row(row, keep={"student_id"}) for row in rows)
    return output
