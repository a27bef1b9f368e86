"""Export a quiz's grades as a CSV file an LMS gradebook can import (Moodle, Canvas, Blackboard).

One row per learner: ``student_id`` (map it to the LMS's user id or email on import), the
original submission name, ``score``, ``max_score``, ``percent``, one column per question
(points), ``status`` and ``problems`` (why a learner has no grade, or what the grader noticed).
Learners with no grade have an empty score, never a silent zero.
"""

from __future__ import annotations

import csv
from pathlib import Path

from course.grading.autograde import load_report, submitted_students
from course.grading.report import quiz_item_ids


def _roster(course_dir: Path, quiz: str) -> dict[str, str]:
    path = course_dir / "submitted" / f"roster_{quiz}.csv"
    if not path.exists():
        return {}
    with path.open(newline="", encoding="utf-8") as fh:
        return {row["student_id"]: row["original"] for row in csv.DictReader(fh)}


def grade_rows(course_dir: str | Path, quiz: str) -> list[dict[str, object]]:
    """One dict per learner (graded or not) with the CSV's columns."""
    from nbgrader.api import Gradebook, MissingEntry

    course_dir = Path(course_dir)
    item_ids = quiz_item_ids(course_dir, quiz)
    report = load_report(course_dir, quiz)
    problems = {o.student: "; ".join(o.problems) for o in report.outcomes} if report else {}
    roster = _roster(course_dir, quiz)
    students = sorted(set(submitted_students(course_dir, quiz)) | set(problems))
    rows = []
    with Gradebook(f"sqlite:///{course_dir / 'gradebook.db'}") as gb:
        graded = {}
        try:
            for sub in gb.notebook_submissions(quiz, quiz):
                graded[sub.student.id] = sub
        except MissingEntry:
            raise ValueError(f"{quiz} has not been released in {course_dir}") from None
        students = sorted(set(students) | set(graded))
        for student in students:
            row: dict[str, object] = {"student_id": student, "original": roster.get(student, "")}
            sub = graded.get(student)
            pending = False
            if sub is not None:
                row["score"] = round(float(sub.score), 4)
                row["max_score"] = round(float(sub.max_score), 4)
                row["percent"] = (
                    round(100 * float(sub.score) / float(sub.max_score), 1) if sub.max_score else ""
                )
                by_id = {g.name: g for g in sub.grades}
                for item_id in item_ids:
                    g = by_id.get(item_id)
                    row[item_id] = "" if g is None or g.score is None else round(float(g.score), 4)
                    if g is not None and g.needs_manual_grade:
                        pending = True
                row["status"] = "needs manual grading" if pending else "graded"
            else:
                row.update({"score": "", "max_score": "", "percent": ""})
                row.update({item_id: "" for item_id in item_ids})
                row["status"] = "not graded"
            row["problems"] = problems.get(student, "")
            rows.append(row)
    return rows


def export_grades(course_dir: str | Path, quiz: str, output: str | Path) -> Path:
    """Write the grades of ``quiz`` to ``output`` (CSV, UTF-8, comma-separated, header row)."""
    rows = grade_rows(course_dir, quiz)
    item_ids = quiz_item_ids(course_dir, quiz)
    columns = [
        "student_id",
        "original",
        "score",
        "max_score",
        "percent",
        *item_ids,
        "status",
        "problems",
    ]
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    with output.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
    return output
