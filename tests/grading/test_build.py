"""Quiz notebooks built from the bank: structure, determinism, up to date with the bank."""

from __future__ import annotations

import nbformat
import pytest

from course.bank import default_bank, trainer_bank
from course.grading.build import (
    build_notebook,
    build_quizzes,
    quiz_name,
    render_all,
    solution_value,
    stale_quizzes,
)
from course.grading.commands import resolve_quiz
from course.marking import check_answer
from course.paths import quizzes_dir


def _meta(cell):
    return cell.metadata.get("nbgrader", {})


def test_committed_quizzes_are_up_to_date_with_the_bank():
    stale = stale_quizzes(trainer_bank(), quizzes_dir() / "source")
    assert not stale, (
        "quizzes/source/ is out of date with the bank; run `bonecourse quiz build` and commit "
        "quizzes/source/:\n  " + "\n  ".join(stale)
    )


def test_every_module_with_assessment_items_has_a_quiz():
    bank = trainer_bank()
    wanted = {m for m in bank.modules if bank.select(module=m, use="assessment")}
    built = {rel.split("/")[0] for rel in render_all(bank)}
    assert built == {quiz_name(m) for m in wanted}


def test_build_is_deterministic(fixture_bank):
    assert render_all(fixture_bank) == render_all(fixture_bank)


def test_grade_ids_are_bank_ids_with_the_items_points(fixture_bank, fixture_items):
    nb = build_notebook(fixture_bank.modules["99_fixture"], fixture_items)
    graded = {_meta(c)["grade_id"]: _meta(c)["points"] for c in nb.cells if _meta(c).get("grade")}
    assert graded == {i.id: i.points for i in fixture_items}
    assert "m99-practice" not in nbformat.writes(nb)


def test_cells_have_the_right_nbgrader_roles(fixture_bank, fixture_items):
    nb = build_notebook(fixture_bank.modules["99_fixture"], fixture_items)
    cells = {_meta(c)["grade_id"]: c for c in nb.cells}
    assert _meta(cells["setup"])["locked"] and cells["setup"].cell_type == "code"
    for item in fixture_items:
        question = cells[f"{item.id}-question"]
        assert question.cell_type == "markdown" and _meta(question)["locked"]
        if item.type == "text":
            answer = cells[item.id]
            assert answer.cell_type == "markdown"
            assert _meta(answer)["solution"] and _meta(answer)["grade"]
            assert item.model_answer.strip() in answer.source
            continue
        answer, test = cells[f"{item.id}-answer"], cells[item.id]
        assert _meta(answer)["solution"] and not _meta(answer)["grade"]
        assert _meta(test)["grade"] and _meta(test)["locked"] and not _meta(test)["solution"]
        assert "### BEGIN HIDDEN TESTS" in test.source and "quiz.grade(" in test.source
        assert "quiz.check(" in test.source.split("### BEGIN HIDDEN TESTS")[0]
        # the answer cell says exactly what to type, and holds the solution in its region
        assert "# Question" in answer.source and "for example answer_" in answer.source
        assert "### BEGIN SOLUTION" in answer.source


def test_hidden_tests_carry_every_option_feedback(fixture_bank, fixture_items):
    nb = build_notebook(fixture_bank.modules["99_fixture"], fixture_items)
    text = nbformat.writes(nb)
    single = next(i for i in fixture_items if i.type == "single")
    for opt in single.options:
        assert repr(opt.feedback)[1:-1][:40] in text


@pytest.mark.parametrize("kind", ["single", "multiple", "numeric", "case"])
def test_the_solution_value_marks_full(fixture_items, kind):
    item = next(i for i in fixture_items if i.type == kind)
    result = check_answer(item, solution_value(item))
    assert result.correct and result.points == item.points


def test_build_writes_and_removes_quizzes(tmp_path, fixture_bank):
    stale_dir = tmp_path / "quiz_42_gone"
    stale_dir.mkdir()
    (stale_dir / "quiz_42_gone.ipynb").write_text("{}")
    written = build_quizzes(fixture_bank, tmp_path)
    assert [p.name for p in written] == ["quiz_99_fixture.ipynb"]
    assert not stale_dir.exists()
    assert stale_quizzes(fixture_bank, tmp_path) == []
    path = written[0]
    path.write_text(path.read_text().replace("Question 1", "Question one"))
    assert stale_quizzes(fixture_bank, tmp_path) == [
        "quiz_99_fixture/quiz_99_fixture.ipynb differs from the bank"
    ]


def test_quiz_names_resolve_from_number_module_or_full_name(tmp_path):
    (tmp_path / "source" / "quiz_04_treatments").mkdir(parents=True)
    for name in ("04", "04_treatments", "quiz_04_treatments"):
        assert resolve_quiz(tmp_path, name) == "quiz_04_treatments"
    with pytest.raises(ValueError, match="no quiz '07'.*quiz_04_treatments"):
        resolve_quiz(tmp_path, "07")


def test_cli_build_check_and_friendly_errors(tmp_path, capsys):
    from course.cli import main

    assert main(["quiz", "build", "--check"]) == 0
    assert "up to date" in capsys.readouterr().out
    assert main(["quiz", "build", "--check", "--source", str(tmp_path)]) == 1
    assert "bonecourse quiz build" in capsys.readouterr().out
    (tmp_path / "source" / "quiz_99_fixture").mkdir(parents=True)
    assert main(["quiz", "export", "99", "--course", str(tmp_path)]) == 1
    assert "no such quiz" in capsys.readouterr().err
    assert main(["quiz", "autograde", "99", "--course", str(tmp_path)]) == 1
    assert "release the quiz first" in capsys.readouterr().err


def test_practice_bank_builds_nothing_and_deletes_nothing(tmp_path):
    """default_bank() holds no assessment item: building from it must not wipe the quizzes."""
    (tmp_path / "quiz_00_start_here").mkdir()
    kept = tmp_path / "quiz_00_start_here" / "quiz_00_start_here.ipynb"
    kept.write_text("{}")
    with pytest.raises(ValueError, match="no assessment items"):
        build_quizzes(default_bank(), tmp_path)
    assert kept.exists()
