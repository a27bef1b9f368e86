"""The trainers' commands report their users' mistakes and their tools' failures in one line."""

from __future__ import annotations

import pytest

from course.cli import main


@pytest.fixture
def course_dir(tmp_path):
    """An nbgrader course folder with one built quiz, ``quiz_04_treatments``."""
    quiz = tmp_path / "course" / "source" / "quiz_04_treatments"
    quiz.mkdir(parents=True)
    (quiz / "quiz_04_treatments.ipynb").write_text("{}", encoding="utf-8")
    (tmp_path / "course" / "nbgrader_config.py").write_text("", encoding="utf-8")
    return tmp_path / "course"


def test_quiz_build_refuses_a_course_folder_that_does_not_exist(tmp_path, capsys):
    missing = tmp_path / "nowhere"
    assert main(["quiz", "build", "--check", "--course", str(missing)]) == 1
    out, err = capsys.readouterr()
    assert "up to date" not in out
    assert err == f"bonecourse quiz build: no course folder at {missing.resolve()}\n"


def test_quiz_import_of_a_file_that_is_not_a_zip(course_dir, tmp_path, capsys):
    notes = tmp_path / "notes.txt"
    notes.write_text("not a zip", encoding="utf-8")
    assert main(["quiz", "import", "04", str(notes), "--course", str(course_dir)]) == 1
    err = capsys.readouterr().err
    assert err == f"bonecourse quiz import: {notes}: not a zip file (give a folder or a .zip)\n"


def test_a_failing_nbgrader_is_reported_not_raised(course_dir, monkeypatch, capsys):
    from course.grading import release

    def failing(course, *args, exchange=None):
        return release.NbgraderRun(["nbgrader", *args], 1, "[GenerateAssignmentApp] boom")

    monkeypatch.setattr(release, "run_nbgrader", failing)
    assert main(["quiz", "release", "04", "--course", str(course_dir)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("bonecourse quiz release: generate_assignment failed:")
    assert "boom" in err


def test_present_refuses_a_part_of_every_module(capsys):
    assert main(["present", "all", "--part", "2"]) == 1
    assert capsys.readouterr().err == "bonecourse present: --part needs one module, not 'all'\n"


def test_export_from_a_bank_folder_that_does_not_exist(tmp_path, capsys):
    """A bank error (the course's own, though not yet a CourseError) is reported, not raised."""
    missing = tmp_path / "no_bank"
    assert main(["export", "moodle", "--bank", str(missing), "-o", str(tmp_path / "q.xml")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("bonecourse export: Invalid question bank:")
    assert f"{missing}: the question bank folder does not exist" in err
    assert not (tmp_path / "q.xml").exists()
