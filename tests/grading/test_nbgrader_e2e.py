"""End to end with nbgrader: release, a seeded cohort of 32 with every broken case and every
attack, autograde with each submission in its own sandbox, manual scores kept on re-grading,
feedback without secrets, CSV export, report.

Runs in a temporary course folder (a copy of quizzes/nbgrader_config.py and a quiz built from
the test bank), never in the repository's quizzes/.
"""

from __future__ import annotations

import csv
import hashlib
import shutil
import time
import zipfile

import nbformat
import pytest
from nbgrader.api import Gradebook

from course.grading.autograde import autograde_cohort, load_report
from course.grading.build import build_quizzes
from course.grading.cohort import import_submissions
from course.grading.feedback import generate_feedback, leaks, secret_lines
from course.grading.grade_export import export_grades
from course.grading.release import release_quiz, validate
from course.grading.report import analyse_quiz, write_report
from course.grading.synthetic import ATTACK_MARK, ATTACKS, write_cohort
from course.paths import quizzes_dir
from course.questions.marking import check_answer

from .conftest import FIXTURE_BANK, QUIZ

pytestmark = pytest.mark.slow

N_LEARNERS = 32
CELL_TIMEOUT = 4


#: a secret in the trainer's environment while grading (a learner's code must never see it)
TRAINER_SECRET = "trainer-secret-7f3a"


def _digests(course):
    """Hashes of the trainer's key files (sources and bank)."""
    paths = sorted((course / "source").rglob("*")) + sorted((course / "bank").rglob("*"))
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in paths if p.is_file()}


def _scores(course):
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        return {
            s.student.id: {g.name: (g.auto_score, g.manual_score) for g in s.grades}
            for s in gb.notebook_submissions(QUIZ, QUIZ)
        }


@pytest.fixture(scope="module")
def graded(tmp_path_factory, fixture_bank, fixture_items):
    course = tmp_path_factory.mktemp("course")
    shutil.copy(quizzes_dir() / "nbgrader_config.py", course)
    shutil.copytree(FIXTURE_BANK, course / "bank")  # the trainer's bank: the keys
    build_quizzes(fixture_bank, course / "source")
    released = release_quiz(course, QUIZ)
    cohort = tmp_path_factory.mktemp("cohort")
    answers: dict[str, dict[str, str]] = {}
    kinds = write_cohort(
        released,
        fixture_items,
        cohort,
        n=N_LEARNERS,
        seed=11,
        attacks=ATTACKS,
        course_dir=course,
        answers=answers,
    )
    archive = cohort / "cohort.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted(cohort.glob("*.ipynb")):
            zf.write(path, path.name)
    imported = import_submissions(archive, course, QUIZ)
    assert len(imported.imported) == N_LEARNERS
    # files an attacker submitted beside the notebook (as nbgrader's exchange carries them)
    for files in cohort.glob("*.files"):
        for extra in files.iterdir():
            shutil.copy(extra, course / "submitted" / files.stem / QUIZ / extra.name)
    keys_before = _digests(course)
    mp = pytest.MonkeyPatch()
    mp.setenv("BONECOURSE_TRAINER_SECRET", TRAINER_SECRET)
    try:
        report = autograde_cohort(
            course, QUIZ, workers=2, cell_timeout=CELL_TIMEOUT, progress=False
        )
    finally:
        mp.undo()
    print(f"autograded {N_LEARNERS} in {report.seconds:.1f} s")
    scores_after_grading = _scores(course)
    time.sleep(6)  # longer than the background attacker waits before it writes
    by_kind = {kind: student for student, kind in kinds.items() if kind != "typical"}
    return {
        "course": course,
        "report": report,
        "kinds": kinds,
        "by_kind": by_kind,
        "items": fixture_items,
        "released": released,
        "answers": answers,
        "keys_before": keys_before,
        "scores_after_grading": scores_after_grading,
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
    # its code ran in its sandbox; the grade is what its answers earn, marked by the grader
    assert tampered.score == _expected(graded, tampered.student)
    died = _outcome(graded, "kernel_dies")  # marked from its answers, never a silent zero
    assert died.graded and died.score == _expected(graded, died.student)
    assert any("did not run to its end" in p for p in died.problems)
    stripped = _outcome(graded, "stripped_metadata")
    assert stripped.graded and any("lost its quiz metadata" in p for p in stripped.problems)
    assert stripped.score == _expected(graded, stripped.student) > 0
    assert "invalid JSON" in _outcome(graded, "invalid_json").problems[0]
    assert "empty" in _outcome(graded, "empty_file").problems[0]
    assert not _outcome(graded, "empty_file").graded
    autograded = graded["course"] / "autograded" / big.student / QUIZ / f"{QUIZ}.ipynb"
    assert autograded.stat().st_size < 400_000


def _expected(graded, student) -> float:
    """What a learner's answers earn, marked here with the course's marking (not the grader)."""
    items = {i.id: i for i in graded["items"]}
    total = 0.0
    for item_id, value in graded["answers"][student].items():
        item = items[item_id]
        if item.type in ("multiple", "case"):
            value = [v.strip() for v in value.split(",")]
        try:
            result = check_answer(item, value)
        except ValueError:
            continue
        total += max(float(result.points), 0.0)
    return total


def test_every_learner_is_marked_as_their_answers_earn(graded):
    """Marks are the grader's, from the answers: the same as marking them here."""
    for outcome in graded["report"].outcomes:
        if outcome.student in graded["answers"]:
            assert outcome.score == pytest.approx(_expected(graded, outcome.student)), outcome


@pytest.mark.parametrize("attack", ATTACKS)
def test_an_attacker_ends_at_zero_and_the_trainer_is_told(graded, attack):
    attacker = _outcome(graded, attack)
    assert attacker.graded and attacker.score == 0, attacker
    told = " ".join(attacker.problems)
    assert "code other than the answers" in told and "added cell" in told
    if attack == "shadow_module":
        assert "submitted beside the notebook" in told and "yaml.py" in told
    page = graded["course"] / "autograded" / attacker.student / QUIZ / f"{QUIZ}.ipynb"
    outputs = str([c.get("outputs") for c in nbformat.read(page, 4).cells])
    if attack == "key_rewrite":
        # the files are there, but not in the sandbox
        assert list((graded["course"] / "source").glob("*/*.ipynb"))
        assert "0 key files found" in outputs
    if attack == "startup_file":
        assert "planted in /home/learner" in outputs or "blocked" in outputs


def test_no_attack_changed_anyone_elses_grade_or_the_keys(graded):
    course = graded["course"]
    assert _digests(course) == graded["keys_before"]  # keys untouched
    assert _scores(course) == graded["scores_after_grading"]  # nothing wrote after grading
    assert not list(
        (course.home() / ".ipython" / "profile_default" / "startup").glob("00-bonecourse*")
    )
    import psutil

    left = [
        p.info["pid"]
        for p in psutil.process_iter(["pid", "cmdline"])
        if ATTACK_MARK in " ".join(p.info["cmdline"] or [])
    ]
    assert left == []  # the detached process died with its sandbox
    # learners graded after the attackers are marked exactly as their answers earn
    for outcome in graded["report"].outcomes:
        if graded["kinds"][outcome.student] == "typical":
            assert outcome.score == pytest.approx(_expected(graded, outcome.student))


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
    assert any(s.startswith("answer_1 = ") for s in secrets)
    assert leaks(released, secrets) == []
    files = generate_feedback(course, QUIZ)
    assert len(files) == N_LEARNERS - 2
    feedback_secrets = secret_lines(source, released, for_feedback=True)
    for path in files:
        assert leaks(path, feedback_secrets) == [], path
    wrong = graded["by_kind"]["all_wrong"]
    page = (course / "feedback" / wrong / QUIZ / f"{QUIZ}.html").read_text()
    single = next(i for i in graded["items"] if i.type == "single")
    key = graded["answers"][wrong][single.id]
    assert single.option(key).feedback.split(",")[0] in page  # the learner sees why
    # what an attacker printed reaches no one: no key file, no other learner, no secret
    spy = course / "feedback" / graded["by_kind"]["print_secrets"] / QUIZ / f"{QUIZ}.html"
    text = spy.read_text()
    assert TRAINER_SECRET not in text
    others = [s for s in graded["kinds"] if s != graded["by_kind"]["print_secrets"]]
    assert not [s for s in others if s in text]


def test_grades_export_as_csv_with_a_row_per_learner(graded, tmp_path):
    path = export_grades(graded["course"], QUIZ, tmp_path / "grades.csv")
    with path.open() as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == N_LEARNERS
    empty = next(r for r in rows if r["student_id"] == graded["by_kind"]["empty_file"])
    assert empty["score"] == "" and empty["status"] == "not graded" and "empty" in empty["problems"]
    right = next(r for r in rows if r["student_id"] == graded["by_kind"]["all_right"])
    assert float(right["m99-single"]) == 1.0 and right["original"].endswith(".ipynb")
    # an unmarked written answer is awaiting marking: out of the score, never a zero
    wrong = next(r for r in rows if r["student_id"] == graded["by_kind"]["all_wrong"])
    text_points = sum(i.points for i in graded["items"] if i.type == "text")
    assert wrong["status"] == "awaiting marking" and wrong["provisional"] == "yes"
    assert wrong["m99-text"] == "" and float(wrong["awaiting_marking"]) == text_points
    assert float(wrong["score"]) == 0
    stripped = next(r for r in rows if r["student_id"] == graded["by_kind"]["stripped_metadata"])
    assert "lost its quiz metadata" in stripped["problems"] and stripped["score"] != ""
    died = next(r for r in rows if r["student_id"] == graded["by_kind"]["kernel_dies"])
    assert died["score"] != "" and "did not run to its end" in died["problems"]


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
