"""The pieces of the cohort autograder that need no kernel: reading, restoring, cutting."""

from __future__ import annotations

import copy

import nbformat
import pytest

from course.grading.autograde import (
    CohortReport,
    Outcome,
    code_beyond_answers,
    limit_outputs,
    read_submission,
    restore_missing_cells,
)
from course.grading.build import build_notebook
from course.grading.preprocessors import hidden_test_lines, redact_outputs


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        (b'{"cells": [', "invalid JSON"),
        (b"[1, 2]", "no cells"),
        (
            b'{"cells": [{"cell_type": "code"}], "nbformat": 4, "nbformat_minor": 5, '
            b'"metadata": {}}',
            "not a readable notebook",
        ),
    ],
)
def test_broken_files_are_named(tmp_path, content, message):
    path = tmp_path / "x.ipynb"
    path.write_bytes(content)
    with pytest.raises(ValueError, match=message):
        read_submission(path)


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(ValueError, match="no notebook submitted"):
        read_submission(tmp_path / "none.ipynb")


def _ids(nb):
    return [c.metadata.get("nbgrader", {}).get("grade_id") for c in nb.cells]


def test_deleted_cells_go_back_in_their_place(fixture_bank, fixture_items):
    released = build_notebook(fixture_bank.modules["99_fixture"], fixture_items)
    nb = copy.deepcopy(released)
    gone = {"m99-single", "m99-numeric-answer", "m99-numeric"}
    nb.cells = [c for c in nb.cells if c.metadata["nbgrader"]["grade_id"] not in gone]
    nb.cells.insert(3, nbformat.v4.new_code_cell("print('my own cell')"))
    restored = restore_missing_cells(nb, released)
    assert sorted(restored) == sorted(gone)
    ids = [i for i in _ids(nb) if i]
    assert ids == [i for i in _ids(released) if i]
    assert "print('my own cell')" in [c.source for c in nb.cells]


def test_outputs_are_cut_to_size():
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("print('x' * 10**6)")
    cell.outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="x" * 1_000_000),
        nbformat.v4.new_output("execute_result", data={"text/plain": "y" * 500_000}),
    ]
    nb.cells = [cell]
    removed = limit_outputs(nb, max_chars=1000, total=5000)
    assert removed > 1_400_000
    assert len(nbformat.writes(nb)) < 10_000
    assert "output cut by the grader" in cell.outputs[0]["text"]


def test_hidden_test_lines_are_redacted_from_tracebacks():
    source = (
        "quiz.check('answer_1')\n### BEGIN HIDDEN TESTS\nquiz.grade('answer_1', SECRET_KEY)\n"
        "### END HIDDEN TESTS"
    )
    assert hidden_test_lines(source) == ["quiz.grade('answer_1', SECRET_KEY)"]
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell(source)
    cell.outputs = [
        nbformat.v4.new_output(
            "error",
            ename="NameError",
            evalue="quiz",
            traceback=["NameError", "----> 3 quiz.grade('answer_1', SECRET_KEY)", "context line"],
        )
    ]
    nb.cells = [cell]
    assert redact_outputs(nb, hidden_test_lines(source)) == 1
    assert "SECRET_KEY" not in str(cell.outputs)
    assert cell.outputs[0]["traceback"] == ["NameError", "context line"]


def test_cohort_summary_lists_every_problem():
    report = CohortReport(
        "q",
        [
            Outcome("a", 3, 4),
            Outcome("b", problems=["the file is empty"]),
            Outcome("c", 1, 4, problems=["cell(s) stopped after 5 s"]),
        ],
    )
    text = report.summary()
    assert "2 of 3 submissions graded" in text
    assert "b: NOT GRADED (the file is empty)" in text
    assert "c: 1/4 (cell(s) stopped after 5 s)" in text


def test_code_beyond_the_answers_is_flagged_for_a_look(fixture_bank, fixture_items):
    nb = build_notebook(fixture_bank.modules["99_fixture"], fixture_items)
    cells = {c.metadata["nbgrader"]["grade_id"]: c for c in nb.cells}
    cells["m99-single-answer"].source = '# Question 1\nanswer_1 = "b"\n'
    cells["m99-multiple-answer"].source = 'answer_2 = ["a", "b"]  # a list is fine\n"""a note"""\n'
    cells["m99-numeric-answer"].source = 'answer_3 = "2.6"\nquiz.grade = lambda *a, **k: None\n'
    cells["m99-case-answer"].source = "answer_5 = input()"
    nb.cells.append(nbformat.v4.new_code_cell("import os"))
    nb.cells.append(nbformat.v4.new_code_cell("   "))
    assert code_beyond_answers(nb) == [
        "m99-numeric-answer",
        "m99-case-answer",
        f"added cell {len(nb.cells) - 1}",
    ]


def test_typed_answers_are_read_without_running_anything():
    import nbformat

    from course.grading.autograde import typed_answers

    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell(
        'answer_1 = "a"\nquiz.grade = lambda *a, **k: None\nanswer_2 = "b"\nanswer_2 = "c"\n'
        "answer_3 = open('/etc/passwd').read()"
    )
    cell.metadata["nbgrader"] = {"grade_id": "m99-x-answer", "solution": True}
    other = nbformat.v4.new_code_cell('answer_4 = "d"')  # not an answer cell: ignored
    nb.cells = [cell, other]
    assert typed_answers(nb) == {"answer_1": "a", "answer_2": "c"}


def test_stripped_quiz_metadata_is_matched_back_by_content(fixture_bank, fixture_items):
    from course.grading.prepare import reattach_metadata

    released = build_notebook(fixture_bank.modules["99_fixture"], fixture_items)
    nb = copy.deepcopy(released)
    answer = next(c for c in nb.cells if c.metadata["nbgrader"]["grade_id"] == "m99-single-answer")
    answer.source = answer.source.replace('answer_1 = ""', 'answer_1 = "b"')
    nb.cells.insert(5, nbformat.v4.new_code_cell("print('my own cell')"))
    for cell in nb.cells:
        cell.metadata.pop("nbgrader", None)
    matched = reattach_metadata(nb, released)
    assert sorted(matched) == sorted(i for i in _ids(released) if i)
    typed = next(c for c in nb.cells if _ids_of(c) == "m99-single-answer")
    assert 'answer_1 = "b"' in typed.source  # the learner's answer, not the blank
    assert _ids_of(nb.cells[5]) is None  # the added cell stays the learner's
    # a notebook that still has its metadata is left alone
    assert reattach_metadata(copy.deepcopy(released), released) == []


def _ids_of(cell):
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def test_a_timestamp_that_is_not_a_date_is_a_plain_message(tmp_path):
    from course.grading.prepare import submission_timestamp
    from course.grading.settings import load_settings

    folder = tmp_path / "submitted" / "ada" / "q"
    folder.mkdir(parents=True)
    (folder / "timestamp.txt").write_text("last Tuesday, after tea")
    with pytest.raises(ValueError, match="timestamp.txt does not hold a date.*no late penalty"):
        submission_timestamp(load_settings(tmp_path), "q", "ada")
    (folder / "timestamp.txt").write_text("2026-01-02 09:00:00.000000 UTC")
    assert submission_timestamp(load_settings(tmp_path), "q", "ada").year == 2026


@pytest.mark.parametrize(("points", "expected"), [(1.0, 1.0), (0.5, 0.5), (0.0, 0.0), (None, None)])
def test_the_graders_verdict_is_what_nbgrader_reads(points, expected):
    from nbgrader.utils import determine_grade

    from course.grading.save import Verdict, verdict_outputs

    cell = nbformat.v4.new_code_cell("quiz.check('m99-single')")
    cell.metadata["nbgrader"] = {"grade": True, "solution": False, "points": 1.0, "grade_id": "x"}
    cell.outputs = verdict_outputs(Verdict(points, 1.0, "why"))
    score, _ = determine_grade(cell)
    if expected is None:  # a person decides: the gradebook is told, not nbgrader's reading
        assert "marked by your trainer" in str(cell.outputs)
    else:
        assert score == expected


def test_outputs_from_a_run_never_change_the_answers():
    from course.grading.save import merge_outputs

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell('answer_1 = "a"'), nbformat.v4.new_markdown_cell("x")]
    forged = [
        [
            {"output_type": "stream", "name": "stdout", "text": "hello"},
            {"output_type": "stream", "name": "stdout"},  # malformed: dropped
            {"output_type": "source", "text": 'answer_1 = "b"'},  # not an output: dropped
        ],
        [{"output_type": "stream", "name": "stdout", "text": "on markdown"}],
    ]
    merge_outputs(nb, forged)
    assert nb.cells[0].source == 'answer_1 = "a"'
    assert [o["text"] for o in nb.cells[0].outputs] == ["hello"]
    assert "outputs" not in nb.cells[1]
    with pytest.raises(ValueError, match="do not match"):
        merge_outputs(nb, [[]])
