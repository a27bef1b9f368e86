"""Quiz notebooks built from the bank: structure, determinism, up to date with the bank."""

from __future__ import annotations

import nbformat
import pytest

from course.cli.quiz import resolve_quiz
from course.grading.build import (
    build_notebook,
    build_quizzes,
    quiz_name,
    render_all,
    solution_value,
    stale_quizzes,
)
from course.paths import quizzes_dir
from course.questions.bank import default_bank, trainer_bank
from course.questions.marking import check_answer


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
        answer = cells[f"{item.id}-answer"]
        assert answer.cell_type == "code" and _meta(answer)["solution"]
        assert not _meta(answer)["locked"] and not _meta(answer)["grade"]
        # the answer cell shows the controls and says how to type instead
        assert f"quiz.ask({item.id!r})" in answer.source
        assert "# Or type" in answer.source and "### BEGIN SOLUTION" in answer.source
        check = cells[item.id]
        assert _meta(check)["grade"] and _meta(check)["locked"] and not _meta(check)["solution"]
        assert check.source.strip().endswith(f"quiz.check({item.id!r})")


def _secrets(item) -> list[str]:
    """Every text of an item that only trainers may read (keys aside)."""
    texts = [item.explanation, item.model_answer, item.feedback_correct, item.feedback_wrong]
    texts += list(item.rubric) + [d.feedback for d in item.distractors]
    options = list(item.options) + [o for st in item.steps for o in st.options]
    texts += [o.feedback for o in options] + [o.misconception for o in options]
    return [t.strip() for t in texts if t and len(t.strip()) > 12]


def test_a_quiz_notebook_holds_no_key_and_no_feedback(fixture_bank, fixture_items):
    nb = build_notebook(fixture_bank.modules["99_fixture"], fixture_items)
    text = "\n".join(c.source for c in nb.cells)
    assert "HIDDEN TESTS" not in text and "quiz.grade(" not in text
    assert [t for item in fixture_items for t in _secrets(item) if t in text] == []
    for item in fixture_items:  # the solution regions hold a placeholder, not the key
        if item.type in ("single", "numeric"):
            assert f"= {solution_value(item)!r}" not in text


def test_committed_quizzes_hold_no_secret_of_the_bank():
    bank = trainer_bank()
    for path in sorted((quizzes_dir() / "source").glob("quiz_*/quiz_*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        text = "\n".join(c.source for c in nb.cells)
        ids = nb.metadata["bonecourse"]["items"]
        found = [t for i in ids if i in bank for t in _secrets(bank.item(i)) if t in text]
        assert not found, f"{path.name} holds trainer-only text: {found[:2]}"
        assert "HIDDEN TESTS" not in text


def test_setup_cell_holds_each_question_public_part(fixture_bank, fixture_items):
    import ast

    nb = build_notebook(fixture_bank.modules["99_fixture"], fixture_items)
    setup = next(c for c in nb.cells if _meta(c)["grade_id"] == "setup").source
    tree = ast.parse(setup)
    questions = next(
        ast.literal_eval(n.value)
        for n in tree.body
        if isinstance(n, ast.Assign) and n.targets[0].id == "QUESTIONS"
    )
    assert list(questions) == [i.id for i in fixture_items]
    single = questions["m99-single"]
    assert single["options"] == [[o.key, o.text] for o in fixture_items[0].options]
    assert set(single) == {"n", "type", "stem", "options"}
    assert questions["m99-numeric"]["unit"] == "mmol/L"
    assert len(questions["m99-case"]["steps"]) == 2


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
