"""Importing a cohort's submissions from a folder or a zip file."""

from __future__ import annotations

import csv
import os
import zipfile

import pytest

from course.grading.cohort import import_submissions, student_id_from

QUIZ = "quiz_99_fixture"


def test_learner_ids_are_safe_for_nbgrader():
    assert student_id_from("Ada Lovelace") == "ada_lovelace"
    assert student_id_from("  O'Brien, Siobhán  ") == "o_brien_siobh_n"
    assert student_id_from("***") == "unnamed"


def test_import_a_folder_of_named_notebooks(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "Ada Lovelace.ipynb").write_text("{}")
    (src / f"bob_{QUIZ}.ipynb").write_text("{}")
    (src / "notes.txt").write_text("not a notebook")
    course = tmp_path / "course"
    report = import_submissions(src, course, QUIZ)
    assert sorted(report.imported) == ["ada_lovelace", "bob"]
    assert (course / "submitted" / "bob" / QUIZ / f"{QUIZ}.ipynb").read_text() == "{}"
    assert (course / "submitted" / "bob" / QUIZ / "timestamp.txt").exists()
    assert report.skipped == ["notes.txt: not a notebook (.ipynb)"]
    with (course / "submitted" / f"roster_{QUIZ}.csv").open() as fh:
        rows = {r["student_id"]: r["original"] for r in csv.DictReader(fh)}
    assert rows["ada_lovelace"] == "Ada Lovelace.ipynb"


def test_import_a_zip_of_learner_folders_keeps_the_newer_duplicate(tmp_path):
    archive = tmp_path / "cohort.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        old = zipfile.ZipInfo(
            "Cat Smith_123_assignsubmission_file/draft.ipynb", (2026, 1, 1, 9, 0, 0)
        )
        new = zipfile.ZipInfo(
            "Cat Smith_123_assignsubmission_file/final.ipynb", (2026, 1, 2, 9, 0, 0)
        )
        zf.writestr(old, '{"old": 1}')
        zf.writestr(new, '{"new": 1}')
        zf.writestr("dan/quiz.ipynb", "")  # an empty file is still imported: grading names it
        zf.writestr("__MACOSX/._junk", "x")
    course = tmp_path / "course"
    report = import_submissions(archive, course, QUIZ)
    cat = "cat_smith_123_assignsubmission_file"
    assert sorted(report.imported) == [cat, "dan"]
    assert (course / "submitted" / cat / QUIZ / f"{QUIZ}.ipynb").read_text() == '{"new": 1}'
    assert any("draft.ipynb: a second notebook" in s for s in report.skipped)
    assert (course / "submitted" / "dan" / QUIZ / f"{QUIZ}.ipynb").read_bytes() == b""
    stamp = (course / "submitted" / cat / QUIZ / "timestamp.txt").read_text()
    assert stamp.startswith("2026-01-02")


def test_import_rejects_a_missing_source_or_a_non_zip_file(tmp_path):
    with pytest.raises(FileNotFoundError):
        import_submissions(tmp_path / "nope", tmp_path, QUIZ)
    not_zip = tmp_path / "cohort.zip"
    not_zip.write_text("plain text")
    with pytest.raises(ValueError, match="not a zip file"):
        import_submissions(not_zip, tmp_path, QUIZ)


def test_a_zip_cannot_write_outside_its_folder(tmp_path):
    archive = tmp_path / "evil.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("../../escaped.ipynb", "{}")
        zf.writestr("ok.ipynb", "{}")
    report = import_submissions(archive, tmp_path / "course", QUIZ)
    assert list(report.imported) == ["ok"]
    assert not os.path.exists(tmp_path.parent / "escaped.ipynb")
