"""Reading learners' answers for item analysis without running their code; the HTML report."""

from __future__ import annotations

from course.grading.item_analysis import NO_ANSWER, UNREADABLE, analyse
from course.grading.report import normalise, read_answer, write_report


def test_answers_are_read_from_the_last_assignment_without_running_code():
    assert read_answer('# comment\nanswer_1 = ""\nanswer_1 = "B"\n', "answer_1") == "B"
    assert read_answer('answer_2 = "a"\n', "answer_1") == NO_ANSWER
    assert read_answer("answer_1 = open('/etc/passwd').read()", "answer_1") == UNREADABLE
    assert read_answer("answer_1 = (", "answer_1") == UNREADABLE
    assert read_answer("answer_1 = 2.6", "answer_1") == 2.6


def test_answers_are_normalised_as_the_marking_reads_them(fixture_items):
    single, multiple, numeric, _text, case = fixture_items
    assert normalise(single, "B") == "b"
    assert normalise(multiple, "b, a") == ["a", "b"]
    assert normalise(numeric, "2,6 mmol/L") == 2.6
    assert normalise(case, "a b") == ["a", "b"]
    assert normalise(single, "") == NO_ANSWER
    assert normalise(single, "z") == UNREADABLE


def test_html_report_is_self_contained_with_alt_text(fixture_items, tmp_path):
    single, multiple = fixture_items[:2]
    scores = {f"l{n}": {single.id: float(n % 2), multiple.id: float(n % 3)} for n in range(8)}
    responses = {f"l{n}": {single.id: "a" if n % 2 else "c", multiple.id: ["a"]} for n in range(8)}
    stats = analyse("quiz_99_fixture", [single, multiple], scores, responses)
    page = write_report(stats, tmp_path).read_text()
    assert '<img src="data:image/png;base64,' in page
    assert 'src="http' not in page and "<script" not in page
    assert 'alt="Bar chart of facility per question: Q1 0.50; Q2 0.44"' in page
    assert "Myeloma is a cancer that has spread to bone." in page
    assert (tmp_path / "quiz_99_fixture_options_q1.png").exists()


def test_distractors_are_counted_by_key_from_clicked_and_typed_answers(
    tmp_path, fixture_bank, fixture_items
):
    """Each learner saw their own order; the counts are by option key, whatever was shown."""
    import copy
    import shutil
    from pathlib import Path

    import nbformat

    from course.grading import saved
    from course.grading.build import build_notebook
    from course.grading.report import learner_responses

    quiz = "quiz_99_fixture"
    nb = build_notebook(fixture_bank.modules["99_fixture"], fixture_items)
    (tmp_path / "source" / quiz).mkdir(parents=True)
    nbformat.write(nb, tmp_path / "source" / quiz / f"{quiz}.ipynb")
    shutil.copytree(Path(__file__).with_name("bank"), tmp_path / "bank")

    def submit(student, order, clicked=None, line=None):
        sub = copy.deepcopy(nb)
        cell = next(
            c for c in sub.cells if c.metadata["nbgrader"]["grade_id"] == "m99-single-answer"
        )
        cell.source = cell.source.split("### BEGIN SOLUTION")[0] + "quiz.ask('m99-single')"
        if line:
            cell.source = cell.source.replace('answer_1 = ""', line)
        record = {"format": 1, "quiz": quiz, "item": "m99-single", "type": "single"}
        record |= {"seed": student, "order": order, "value": clicked, "typed": None, "seq": 1}
        cell.outputs = [nbformat.v4.new_output("display_data", data={saved.MIME: record})]
        folder = tmp_path / "submitted" / student / quiz
        folder.mkdir(parents=True)
        nbformat.write(sub, folder / f"{quiz}.ipynb")

    submit("ann", ["c", "a", "b"], clicked="c")  # clicked Myeloma
    submit("bob", ["b", "c", "a"], line='answer_1 = "B"')  # typed B: Myeloma for bob
    submit("cat", ["a", "b", "c"], line='answer_1 = "а"')  # Cyrillic a: Breast cancer
    submit("dan", ["a", "b", "c"])  # not answered
    got = {
        s: learner_responses(tmp_path, quiz, fixture_items, s, fixture_bank)["m99-single"]
        for s in ("ann", "bob", "cat", "dan")
    }
    assert got == {"ann": "c", "bob": "c", "cat": "a", "dan": NO_ANSWER}
    items = [fixture_items[0]]
    scores = {s: {"m99-single": 1.0 if r == "a" else 0.0} for s, r in got.items()}
    stats = analyse(quiz, items, scores, {s: {"m99-single": r} for s, r in got.items()})
    counts = {o.label: o.count for o in stats.items[0].options}
    assert counts["c"] == 2 and counts["a"] == 1
