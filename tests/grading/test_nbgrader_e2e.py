"""End to end with nbgrader: release, a seeded cohort of 32 with every broken case, parallel
autograde, manual scores kept on re-grading, feedback without secrets, CSV export, report.

Runs in a temporary course folder (a copy of quizzes/nbgrader_config.py and a quiz built from
the test bank), never in the repository's quizzes/.
"""

from __future__ import annotations

import csv
import shutil
import zipfile

import nbformat
import pytest
from nbgrader.api import Gradebook

from course.grading.autograde import autograde_cohort, load_report
from course.grading.build import build_quizzes
from course.grading.cohort import import_submissions
from course.grading.export import export_grades
from course.grading.feedback import generate_feedback, leaks, secret_lines
from course.grading.release import release_quiz, validate
from course.grading.report import analyse_quiz, read_answer, write_report
from course.grading.synthetic import write_cohort
from course.paths import quizzes_dir

from .conftest import QUIZ

pytestmark = pytest.mark.slow

N_LEARNERS = 32
CELL_TIMEOUT = 4


@pytest.fixture(scope="module")
def graded(tmp_path_factory, fixture_bank, fixture_items):
    course = tmp_path_factory.mktemp("course")
    shutil.copy(quizzes_dir() / "nbgrader_config.py", course)
    build_quizzes(fixture_bank, course / "source")
    released = release_quiz(course, QUIZ)
    cohort = tmp_path_factory.mktemp("cohort")
    kinds = write_cohort(released, fixture_items, cohort, n=N_LEARNERS, seed=11)
    archive = cohort / "cohort.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted(cohort.glob("*.ipynb")):
            zf.write(path, path.name)
    imported = import_submissions(archive, course, QUIZ)
    assert len(imported.imported) == N_LEARNERS
    report = autograde_cohort(course, QUIZ, workers=2, cell_timeout=CELL_TIMEOUT, progress=False)
    print(f"autograded {N_LEARNERS} in {report.seconds:.1f} s")
    by_kind = {kind: student for student, kind in kinds.items() if kind != "typical"}
    return {
        "course": course,
        "report": report,
        "kinds": kinds,
        "by_kind": by_kind,
        "items": fixture_items,
        "released": released,
    }


def _outcome(graded, kind):
    student = graded["by_kind"][kind]
    return next(o for o in graded["report"].outcomes if o.student == student)


def test_validate_passes_on_the_source_and_fails_on_the_released_copy(graded):
    course = graded["course"]
    source = validate(course, course / "source" / QUIZ / f"{QUIZ}.ipynb")
    assert source.ok, source.log
    released = validate(course, graded["released"])
    assert not released.ok
    assert "Not answered yet" in released.log or "failed" in released.log.lower()


def test_every_learner_ends_with_a_grade_or_a_named_problem(graded):
    report = graded["report"]
    assert len(report.outcomes) == N_LEARNERS
    for outcome in report.outcomes:
        assert outcome.graded or outcome.problems, outcome
        if graded["kinds"][outcome.student] in ("typical", "all_right", "all_wrong", "partial"):
            assert not outcome.problems, outcome
    assert len(report.graded) == N_LEARNERS - 2  # invalid JSON and empty file
    stored = load_report(graded["course"], QUIZ)
    assert [o.student for o in stored.outcomes] == [o.student for o in report.outcomes]


def test_right_wrong_and_unanswered_score_as_marked(graded):
    auto_max = sum(i.points for i in graded["items"] if i.type != "text")
    total = sum(i.points for i in graded["items"])
    right = _outcome(graded, "all_right")
    assert (right.score, right.max_score) == (auto_max, total)
    assert _outcome(graded, "all_wrong").score == 0
    assert _outcome(graded, "unanswered").score == 0
    partial = _outcome(graded, "partial").score
    assert 0 < partial < auto_max


def test_broken_submissions_are_graded_or_named(graded):
    deleted = _outcome(graded, "deleted_graded_cell")
    assert deleted.graded and "deleted quiz cell(s) put back: m99-single" in deleted.problems[0]
    answer_gone = _outcome(graded, "deleted_answer_cell")
    assert answer_gone.graded and "m99-case-answer" in answer_gone.problems[0]
    edited = _outcome(graded, "edited_locked_cell")
    assert (
        edited.graded
        and "edited locked cell(s) put back as released: m99-single" in (edited.problems[0])
    )
    loop = _outcome(graded, "infinite_loop")
    assert loop.graded and f"stopped after {CELL_TIMEOUT} s" in " ".join(loop.problems)
    assert loop.score > 0  # the answer typed above the loop still counts
    big = _outcome(graded, "megabytes_of_output")
    assert big.graded and "very long output cut" in " ".join(big.problems)
    tampered = _outcome(graded, "tampered_checks")
    assert "code other than the answers" in tampered.problems[0]
    assert "m99-single-answer" in tampered.problems[0]
    # its code made every check pass; the grade is what its typed answers earn instead
    assert any("the typed answers' marks were kept" in p for p in tampered.problems)
    assert tampered.score < sum(i.points for i in graded["items"] if i.type != "text")
    assert "invalid JSON" in _outcome(graded, "invalid_json").problems[0]
    assert "empty" in _outcome(graded, "empty_file").problems[0]
    assert not _outcome(graded, "empty_file").graded
    autograded = graded["course"] / "autograded" / big.student / QUIZ / f"{QUIZ}.ipynb"
    assert autograded.stat().st_size < 400_000


def test_regrading_keeps_manual_scores(graded):
    course, student = graded["course"], graded["by_kind"]["all_right"]
    db = f"sqlite:///{course / 'gradebook.db'}"
    with Gradebook(db) as gb:
        grade = gb.find_grade("m99-text", QUIZ, QUIZ, student)
        grade.manual_score = 1.5
        grade.needs_manual_grade = False
        gb.db.commit()
    report = autograde_cohort(
        course, QUIZ, students=[student], cell_timeout=CELL_TIMEOUT, progress=False
    )
    auto_max = sum(i.points for i in graded["items"] if i.type != "text")
    assert report.outcomes[0].score == auto_max + 1.5
    with Gradebook(db) as gb:
        grade = gb.find_grade("m99-text", QUIZ, QUIZ, student)
        assert grade.manual_score == 1.5 and not grade.needs_manual_grade
    # the stored report still lists the whole cohort
    assert len(load_report(course, QUIZ).outcomes) == N_LEARNERS


def test_no_solution_or_hidden_test_reaches_a_learner(graded):
    course = graded["course"]
    source = course / "source" / QUIZ / f"{QUIZ}.ipynb"
    released = graded["released"]
    secrets = secret_lines(source, released)
    assert any("quiz.grade(" in s for s in secrets) and any("answer_1 = 'a'" in s for s in secrets)
    assert leaks(released, secrets) == []
    files = generate_feedback(course, QUIZ)
    assert len(files) == N_LEARNERS - 2
    feedback_secrets = secret_lines(source, released, for_feedback=True)
    for path in files:
        assert leaks(path, feedback_secrets) == [], path
    wrong = graded["by_kind"]["all_wrong"]
    page = (course / "feedback" / wrong / QUIZ / f"{QUIZ}.html").read_text()
    single = next(i for i in graded["items"] if i.type == "single")
    chosen = nbformat.read(course / "autograded" / wrong / QUIZ / f"{QUIZ}.ipynb", 4)
    cell = next(
        c for c in chosen.cells if c.metadata["nbgrader"]["grade_id"] == "m99-single-answer"
    )
    key = read_answer(cell.source, "answer_1")
    assert single.option(key).feedback.split(",")[0] in page  # the learner sees why


def test_grades_export_as_csv_with_a_row_per_learner(graded, tmp_path):
    path = export_grades(graded["course"], QUIZ, tmp_path / "grades.csv")
    with path.open() as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == N_LEARNERS
    empty = next(r for r in rows if r["student_id"] == graded["by_kind"]["empty_file"])
    assert empty["score"] == "" and empty["status"] == "not graded" and "empty" in empty["problems"]
    right = next(r for r in rows if r["student_id"] == graded["by_kind"]["all_right"])
    assert float(right["m99-single"]) == 1.0 and right["original"].endswith(".ipynb")


def test_item_analysis_report_from_the_graded_cohort(graded, fixture_bank, tmp_path):
    stats = analyse_quiz(graded["course"], QUIZ, fixture_bank)
    assert stats.n_learners == N_LEARNERS - 2
    rows = list(csv.DictReader(export_grades(graded["course"], QUIZ, tmp_path / "g.csv").open()))
    graded_rows = [r for r in rows if r["score"] != ""]
    single = stats.items[0]
    assert single.facility == pytest.approx(
        sum(float(r["m99-single"]) for r in graded_rows) / len(graded_rows)
    )
    counts = {o.label: o.count for o in single.options}
    assert counts["a"] == sum(float(r["m99-single"]) for r in graded_rows)
    html_path = write_report(stats, tmp_path / "report")
    page = html_path.read_text()
    assert page.count('<img src="data:image/png;base64,') >= 3 and 'alt="Bar chart' in page
    assert (tmp_path / "report" / f"{QUIZ}_facility.png").stat().st_size > 1000
