"""The grader's marks come from the learner's saved answers, read without running anything.

A quiz is built from the fixture bank into a course folder; submissions are made by writing
saved records (as the controls do) into the notebook and into the answers file beside it, and by
typing ``answer_N = ...`` lines.
"""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path

import nbformat
import pytest

from course.grading import saved
from course.grading.answers import Mark, code_beyond_answers, grader_marks
from course.grading.build import build_notebook, quiz_name

QUIZ = quiz_name("99_fixture")
FIXTURE_BANK = Path(__file__).with_name("bank")
SEED = "learner-7"


@pytest.fixture
def course(tmp_path, fixture_bank, fixture_items):
    """A course folder with the fixture quiz's source and the trainer's bank."""
    nb = build_notebook(fixture_bank.modules["99_fixture"], fixture_items)
    (tmp_path / "source" / QUIZ).mkdir(parents=True)
    nbformat.write(nb, tmp_path / "source" / QUIZ / f"{QUIZ}.ipynb")
    shutil.copytree(FIXTURE_BANK, tmp_path / "bank")
    return tmp_path


@pytest.fixture
def released(course):
    """The learner's copy: solution regions gone, as nbgrader's ClearSolutions leaves it."""
    nb = nbformat.read(course / "source" / QUIZ / f"{QUIZ}.ipynb", as_version=4)
    for cell in nb.cells:
        if "### BEGIN SOLUTION" in cell.source:
            head, rest = cell.source.split("### BEGIN SOLUTION", 1)
            cell.source = head + rest.split("### END SOLUTION\n", 1)[1]
    return nb


def record(item, kind, order, value, *, typed=None, seq=100, seed=SEED):
    return {
        "format": saved.FORMAT,
        "quiz": QUIZ,
        "item": item,
        "type": kind,
        "seed": seed,
        "order": order,
        "value": value,
        "typed": typed,
        "seq": seq,
    }


def _cell(nb, grade_id):
    return next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


def with_output(nb, rec, item=None):
    """The notebook with ``rec`` saved in its answer cell's output (as the controls save it)."""
    nb = copy.deepcopy(nb)
    item = item or rec["item"]
    cell = next(
        c
        for c in nb.cells
        if c.metadata.get("nbgrader", {}).get("grade_id") in (f"{item}-answer", item)
    )
    cell.outputs.append(
        nbformat.v4.new_output("display_data", data={saved.MIME: rec, "text/plain": "saved"})
    )
    return nb


def typed(nb, grade_id, line):
    nb = copy.deepcopy(nb)
    cell = _cell(nb, grade_id)
    cell.source = cell.source.replace(cell.source.split("\n")[2], line)
    return nb


def marks_of(course, nb, folder=None, **kw):
    return grader_marks(course, QUIZ, nb, folder, **kw)


def test_unanswered_quiz_earns_nothing_and_says_so(course, released):
    marks = marks_of(course, released)
    assert set(marks) == {"m99-single", "m99-multiple", "m99-numeric", "m99-text", "m99-case"}
    assert all(isinstance(m, Mark) for m in marks.values())
    assert {m.points for m in marks.values()} == {0.0}
    assert {m.how for m in marks.values()} == {"none"}
    assert all(m.note for m in marks.values())


def test_clicked_answers_are_marked_by_key_whatever_the_order(course, released):
    nb = released
    for rec in (
        record("m99-single", "single", ["c", "a", "b"], "a"),
        record("m99-multiple", "multiple", ["b", "c", "a"], ["a", "b"]),
        record("m99-numeric", "numeric", [], "2,6 mmol/L"),
        record("m99-case", "case", [["b", "a"], ["a", "b"]], ["a", "b"]),
    ):
        nb = with_output(nb, rec)
    marks = marks_of(course, nb)
    assert {k: m.points for k, m in marks.items() if k != "m99-text"} == {
        "m99-single": 1.0,
        "m99-multiple": 2.0,
        "m99-numeric": 1.0,
        "m99-case": 2.0,
    }
    assert marks["m99-single"].how == "clicked" and marks["m99-single"].answer == "a"


def test_wrong_and_partly_right_clicks(course, released):
    nb = with_output(released, record("m99-multiple", "multiple", ["a", "b", "c"], ["a"]))
    nb = with_output(nb, record("m99-case", "case", [["a", "b"], ["a", "b"]], ["a", None]))
    nb = with_output(nb, record("m99-single", "single", ["a", "b", "c"], "c"))
    marks = marks_of(course, nb)
    assert marks["m99-multiple"].points == 1.0
    assert marks["m99-case"].points == 1.0 and "step 2 not answered" in marks["m99-case"].note
    assert marks["m99-single"].points == 0.0 and marks["m99-single"].answer == "c"


def test_answers_file_beside_a_notebook_without_outputs(course, released, tmp_path):
    folder = tmp_path / "submitted"
    folder.mkdir()
    rec = record("m99-single", "single", ["b", "c", "a"], "a")
    saved.write_answers_file(saved.answers_file(folder, QUIZ), QUIZ, {"m99-single": rec})
    assert marks_of(course, released, folder)["m99-single"].points == 1.0
    assert marks_of(course, released, None)["m99-single"].points == 0.0


def test_newest_record_wins_between_notebook_and_file(course, released, tmp_path):
    older = record("m99-single", "single", ["a", "b", "c"], "b", seq=5)
    newer = record("m99-single", "single", ["a", "b", "c"], "a", seq=9)
    nb = with_output(released, newer)
    saved.write_answers_file(saved.answers_file(tmp_path, QUIZ), QUIZ, {"m99-single": older})
    assert marks_of(course, nb, tmp_path)["m99-single"].points == 1.0
    nb = with_output(released, older)
    saved.write_answers_file(saved.answers_file(tmp_path, QUIZ), QUIZ, {"m99-single": newer})
    assert marks_of(course, nb, tmp_path)["m99-single"].points == 1.0


def test_typed_letter_means_the_option_shown_there(course, released):
    # shown: A = c, B = a, C = b; the key is a, so "B" is right and "A" is wrong
    nb = with_output(released, record("m99-single", "single", ["c", "a", "b"], None))
    right = marks_of(course, typed(nb, "m99-single-answer", 'answer_1 = "B"'))["m99-single"]
    wrong = marks_of(course, typed(nb, "m99-single-answer", 'answer_1 = "A"'))["m99-single"]
    assert (right.points, right.answer, right.how) == (1.0, "a", "typed")
    assert (wrong.points, wrong.answer) == (0.0, "c")


def test_typed_letter_without_a_record_uses_the_saved_seed(course, released):
    from course.questions.shuffle import option_order

    order = option_order("m99-single", ["a", "b", "c"], SEED)
    letter = "ABC"[order.index("a")]
    nb = with_output(released, record("m99-numeric", "numeric", [], "2.6"))  # any record: seed
    mark = marks_of(course, typed(nb, "m99-single-answer", f'answer_1 = "{letter}"'))["m99-single"]
    assert mark.points == 1.0 and "seed" in mark.note


def test_typed_letter_with_no_order_at_all_goes_to_a_person(course, released):
    mark = marks_of(course, typed(released, "m99-single-answer", 'answer_1 = "B"'))["m99-single"]
    assert mark.points is None and "check by hand" in mark.note


def test_typing_after_clicking_wins_and_is_named(course, released):
    nb = with_output(released, record("m99-single", "single", ["a", "b", "c"], "c", typed=""))
    mark = marks_of(course, typed(nb, "m99-single-answer", 'answer_1 = "A"'))["m99-single"]
    assert mark.points == 1.0 and "differs from the clicked one" in mark.note


def test_clicking_after_the_typed_line_ran_wins(course, released):
    rec = record("m99-single", "single", ["a", "b", "c"], "a", typed="C")
    mark = marks_of(
        course, typed(with_output(released, rec), "m99-single-answer", 'answer_1 = "C"')
    )
    assert mark["m99-single"].points == 1.0 and mark["m99-single"].how == "clicked"


@pytest.mark.parametrize(
    ("line", "note"),
    [
        ('answer_1 = "  b "', ""),
        ('answer_1 = "В"', "Cyrillic look-alike"),  # Cyrillic capital ve
        ('answer_1 = "ｂ"', "full-width"),
        ('answer_1 = "B".lower()', ".lower()"),
        ("answer_1 = b", "without quotes"),
        ('answer_1 = "(b)"', ""),
    ],
)
def test_answers_are_read_as_meant_and_named(course, released, line, note):
    nb = with_output(released, record("m99-single", "single", ["c", "a", "b"], None))
    mark = marks_of(course, typed(nb, "m99-single-answer", line))["m99-single"]
    assert mark.points == 1.0, mark
    assert note in mark.note


def test_numeric_with_full_width_digits_is_read(course, released):
    nb = with_output(released, record("m99-numeric", "numeric", [], "２.６"))
    mark = marks_of(course, nb)["m99-numeric"]
    assert mark.points == 1.0 and "full-width" in mark.note


@pytest.mark.parametrize(
    "line", ['answer_1 = __import__("os").getcwd()', 'answer_1 = "e"', "answer_1 = ("]
)
def test_an_answer_that_cannot_be_read_is_never_a_silent_zero(course, released, line):
    nb = with_output(released, record("m99-single", "single", ["c", "a", "b"], None))
    mark = marks_of(course, typed(nb, "m99-single-answer", line))["m99-single"]
    assert mark.points == 0.0 and mark.how == "unreadable" and mark.note


@pytest.mark.parametrize(
    "bad",
    [
        {"value": "z"},  # not among the options shown
        {"order": ["a", "b"]},  # not the item's options
        {"order": ["a", "a", "b"]},
        {"seq": "soon"},
        {"format": 99},
        {"item": "../../etc"},
        {"value": ["a"]},  # a list for a single choice
    ],
)
def test_malformed_saved_answers_are_ignored_and_named(course, released, bad):
    rec = record("m99-single", "single", ["a", "b", "c"], "a") | bad
    nb = with_output(released, rec, "m99-single")
    nb = with_output(nb, record("m99-numeric", "numeric", [], "2.6"))
    marks = marks_of(course, nb)
    assert marks["m99-single"].points == 0.0
    assert marks["m99-numeric"].points == 1.0  # one bad record loses no other answer


def test_broken_answers_file_loses_nothing_else(course, released, tmp_path):
    saved.answers_file(tmp_path, QUIZ).write_text("{not json")
    nb = with_output(released, record("m99-single", "single", ["a", "b", "c"], "a"))
    assert marks_of(course, nb, tmp_path)["m99-single"].points == 1.0


def test_written_answer_goes_to_a_person_with_its_text(course, released):
    nb = with_output(released, record("m99-text", "text", [], "Local policy governs my practice."))
    mark = marks_of(course, nb)["m99-text"]
    assert mark.points is None and mark.answer == "Local policy governs my practice."
    assert "person" in mark.note


def _secrets(item) -> list[str]:
    """Every text of an item that only trainers may read."""
    texts = [item.explanation, item.model_answer, item.feedback_correct, item.feedback_wrong]
    texts += list(item.rubric) + [d.feedback for d in item.distractors]
    options = list(item.options) + [o for st in item.steps for o in st.options]
    texts += [o.feedback for o in options] + [o.misconception for o in options]
    return [t for t in texts if t and len(t) > 12]


def test_keys_come_from_the_trainer_bank_not_the_notebook(course, released, fixture_items):
    source = (course / "source" / QUIZ / f"{QUIZ}.ipynb").read_text()
    assert "BEGIN HIDDEN TESTS" not in source
    found = [t for item in fixture_items for t in _secrets(item) if t in source]
    assert found == []
    shutil.rmtree(course / "bank")
    with pytest.raises(Exception, match="bank"):
        marks_of(course, released)


def test_answer_code_is_never_run(course, released, tmp_path):
    flag = tmp_path / "ran"
    nb = typed(released, "m99-single-answer", f"answer_1 = open({str(flag)!r}, 'w')")
    assert marks_of(course, nb)["m99-single"].how == "unreadable"
    assert not flag.exists()


def test_answer_cells_as_built_are_not_code_beyond_answers(course, released):
    assert code_beyond_answers(released) == []
    nb = typed(released, "m99-single-answer", "import os")
    assert code_beyond_answers(nb) == ["m99-single-answer"]


def test_quiz_built_with_hidden_keys_is_still_marked(tmp_path, fixture_items):
    """Quizzes released before answers were saved keep working (typed keys)."""
    from course.grading.build import item_key

    single = fixture_items[0]
    nb = nbformat.v4.new_notebook()
    nb.metadata["bonecourse"] = {"quiz": QUIZ, "items": [single.id]}
    answer = nbformat.v4.new_code_cell('answer_1 = "a"')
    answer.metadata["nbgrader"] = {"grade_id": f"{single.id}-answer", "solution": True}
    test = nbformat.v4.new_code_cell(
        "### BEGIN HIDDEN TESTS\nquiz.grade('answer_1', "
        + json.dumps(item_key(single))
        + ")\n### END HIDDEN TESTS"
    )
    test.metadata["nbgrader"] = {"grade_id": single.id, "grade": True, "points": 1}
    nb.cells = [answer, test]
    (tmp_path / "source" / QUIZ).mkdir(parents=True)
    nbformat.write(nb, tmp_path / "source" / QUIZ / f"{QUIZ}.ipynb")
    assert grader_marks(tmp_path, QUIZ, nb, None)[single.id].points == 1.0


def test_records_made_with_the_helpers_are_marked(course, released):
    """What a synthetic cohort writes (saved.new_record, saved.record_output) is marked."""
    nb = copy.deepcopy(released)
    rec = saved.new_record(QUIZ, "m99-single", "single", ["b", "a", "c"], "a", seed="x", seq=1)
    _cell(nb, "m99-single-answer").outputs = [nbformat.from_dict(saved.record_output(rec))]
    nbformat.validate(nb)
    assert marks_of(course, nb)["m99-single"].points == 1.0


def test_saved_answers_written_for_the_grading_run_are_restored_by_the_kernel(
    course, released, tmp_path, fixture_items
):
    from course.grading.answers import write_saved_answers
    from course.grading.build import QuizItem, public_question
    from course.grading.runtime import Quiz

    nb = with_output(released, record("m99-text", "text", [], "Local policy governs my work."))
    nb = with_output(nb, record("m99-single", "single", ["c", "a", "b"], "a"))
    bad = record("m99-numeric", "numeric", [], "2.6") | {"seq": -1}  # dropped on the way
    nb = with_output(nb, bad)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    path = write_saved_answers(nb, QUIZ, None, scratch)
    assert sorted(json.loads(path.read_text())["answers"]) == ["m99-single", "m99-text"]
    questions = {i.id: public_question(QuizItem(n, i)) for n, i in enumerate(fixture_items, 1)}
    kernel_quiz = Quiz(QUIZ, questions, folder=scratch, seed="grader")
    assert kernel_quiz.records["m99-single"]["order"] == ["c", "a", "b"]
    assert kernel_quiz.records["m99-text"]["value"] == "Local policy governs my work."
