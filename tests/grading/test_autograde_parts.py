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
