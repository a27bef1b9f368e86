"""Importing a cohort's submissions from a folder or a zip file."""

from __future__ import annotations

import csv
import os
import zipfile

import pytest

from course.grading.cohort import Limits, import_submissions, student_id_from

QUIZ = "quiz_99_fixture"


def test_learner_ids_are_safe_for_nbgrader():
    assert student_id_from("Ada Lovelace") == "ada_lovelace"
    assert student_id_from("  O'Brien, Siobhán  ") == "o_brien_siobhan"
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


def _roster(course):
    with (course / "submitted" / f"roster_{QUIZ}.csv").open(encoding="utf-8") as fh:
        return {r["student_id"]: r for r in csv.DictReader(fh)}


def test_non_latin_names_become_readable_ids_and_no_one_is_merged(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    names = ["José", "Josè", "山田太郎", "Παπαδόπουλος", "Щербаков", "Ada Lovelace"]
    for n, name in enumerate(names):
        (src / f"{name}.ipynb").write_text(f'{{"n": {n}}}', encoding="utf-8")
    course = tmp_path / "course"
    report = import_submissions(src, course, QUIZ)
    assert len(report.imported) == len(names)  # every person kept
    assert {"jose", "jose_2", "shantiantailang", "papadopoylos", "shcherbakov"} <= set(
        report.imported
    )
    assert "unnamed" not in report.imported
    assert any("'jose'" in note for note in report.notes)
    roster = _roster(course)
    assert {roster[s]["name"] for s in roster} == set(names)  # original names kept
    # a later import never gives a new person an id already someone else's
    again = tmp_path / "again"
    again.mkdir()
    (again / "JOSÉ.ipynb").write_text("{}")  # the same learner as José, resubmitting
    (again / "Jōsé.ipynb").write_text("{}")  # someone else
    second = import_submissions(again, course, QUIZ)
    jose = next(sid for sid, row in roster.items() if row["name"] == "José")
    assert sorted(second.imported) == sorted([jose, "jose_3"])
    assert _roster(course)[jose]["name"] == "JOSÉ"


def test_learner_folders_with_quiz_folders_inside_take_the_learner_folder(tmp_path):
    archive = tmp_path / "cohort.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for learner in ("ada", "bob", "cat"):
            zf.writestr(f"{learner}/{QUIZ}/{QUIZ}.ipynb", f'{{"who": "{learner}"}}')
        zf.writestr(f"cat/{QUIZ}/{QUIZ}.answers.json", '{"answers": {}}')
    course = tmp_path / "course"
    report = import_submissions(archive, course, QUIZ)
    assert sorted(report.imported) == ["ada", "bob", "cat"]
    answers = course / "submitted" / "cat" / QUIZ / f"{QUIZ}.answers.json"
    assert answers.read_text() == '{"answers": {}}'  # the saved answers travel with it
    assert not (course / "submitted" / "ada" / QUIZ / f"{QUIZ}.answers.json").exists()
    # one folder around the whole cohort is looked through
    wrapped = tmp_path / "wrapped.zip"
    with zipfile.ZipFile(wrapped, "w") as zf:
        zf.writestr("cohort/dan.ipynb", "{}")
        zf.writestr("cohort/eve.ipynb", "{}")
    assert sorted(import_submissions(wrapped, tmp_path / "c2", QUIZ).imported) == ["dan", "eve"]


def test_path_tricks_and_hidden_files_are_skipped_with_the_reason(tmp_path):
    archive = tmp_path / "evil.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("x/../y.ipynb", "{}")
        zf.writestr("/abs.ipynb", "{}")
        zf.writestr(".sneaky.ipynb", "{}")
        zf.writestr("fay/.ipynb_checkpoints/q-checkpoint.ipynb", "{}")
        link = zipfile.ZipInfo("link.ipynb")
        link.external_attr = 0o120777 << 16  # a symbolic link to /etc/passwd
        zf.writestr(link, "/etc/passwd")
        zf.writestr("ok.ipynb", "{}")
    report = import_submissions(archive, tmp_path / "course", QUIZ)
    assert list(report.imported) == ["ok"]
    reasons = "\n".join(report.skipped)
    assert "x/../y.ipynb: a path that leaves its folder" in reasons
    assert "/abs.ipynb: an absolute path" in reasons
    assert ".sneaky.ipynb: a hidden file" in reasons
    assert "q-checkpoint.ipynb: a hidden file or folder" in reasons
    assert "link.ipynb: a link" in reasons
    # in a folder too, a link is never followed
    src = tmp_path / "in"
    src.mkdir()
    (src / "ann.ipynb").write_text("{}")
    os.symlink("/etc/passwd", src / "passwd.ipynb")
    folder = import_submissions(src, tmp_path / "course2", QUIZ)
    assert list(folder.imported) == ["ann"]
    assert any("passwd.ipynb: a link" in s for s in folder.skipped)


def test_oversized_input_is_named_and_the_rest_imported(tmp_path):
    archive = tmp_path / "big.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("huge.ipynb", "x" * 50_000)  # compresses to almost nothing
        for name in ("a", "b", "c"):
            zf.writestr(f"{name}.ipynb", "{}" + " " * 3000)
    limits = Limits(total_bytes=7000, entries=10, notebook_bytes=10_000)
    report = import_submissions(archive, tmp_path / "course", QUIZ, limits=limits)
    assert sorted(report.imported) == ["a", "b"]
    reasons = "\n".join(report.skipped)
    assert "huge.ipynb: 50,000 bytes, more than the limit of 10,000" in reasons
    assert "c.ipynb: the import passed its total size limit of 7,000 bytes" in reasons
    many = tmp_path / "many.zip"
    with zipfile.ZipFile(many, "w") as zf:
        for n in range(12):
            zf.writestr(f"l{n:02d}.ipynb", "{}")
    few = import_submissions(many, tmp_path / "c2", QUIZ, limits=limits)
    assert len(few.imported) == 10
    assert any("12 entries, more than the limit of 10" in s for s in few.skipped)


def test_one_damaged_entry_never_stops_the_rest(tmp_path):
    archive = tmp_path / "damaged.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_STORED) as zf:
        zf.writestr("ann.ipynb", '{"fine": 1}')
        zf.writestr("bad.ipynb", "DAMAGEDDATA" * 10)
        zf.writestr("cid.ipynb", '{"fine": 2}')
    data = archive.read_bytes().replace(b"DAMAGEDDATA", b"DAMAGEDDATB", 1)
    archive.write_bytes(data)  # bad.ipynb now fails its checksum
    report = import_submissions(archive, tmp_path / "course", QUIZ)
    assert sorted(report.imported) == ["ann", "cid"]
    assert any(s.startswith("bad.ipynb: could not be read") for s in report.skipped)


def test_an_answers_file_goes_only_with_its_own_notebook(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for name in ("ann", "anna"):
        (src / f"{name}.ipynb").write_text("{}")
    (src / "anna.answers.json").write_text('{"who": "anna"}')
    (src / f"{QUIZ}.answers.json").write_text("{}")  # whose? not guessed
    course = tmp_path / "course"
    report = import_submissions(src, course, QUIZ)
    assert sorted(report.imported) == ["ann", "anna"]
    anna = course / "submitted" / "anna" / QUIZ / f"{QUIZ}.answers.json"
    assert anna.read_text() == '{"who": "anna"}'
    assert not (course / "submitted" / "ann" / QUIZ / f"{QUIZ}.answers.json").exists()
    assert any(s.startswith(f"{QUIZ}.answers.json: a .json file") for s in report.skipped)
