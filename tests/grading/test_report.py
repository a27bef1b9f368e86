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
