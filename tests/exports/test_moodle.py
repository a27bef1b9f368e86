"""Moodle XML export: parse the XML back and check every item and answer came across,
special characters included."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET

import pytest
import self_assessment_data as data

from course.bank import default_bank
from course.exports import inline_html, markdown_html, select_items
from course.exports.moodle import fraction_text, to_moodle_xml, write_moodle_xml


def plain(fragment: str) -> str:
    """What a reader sees of an HTML fragment: tags dropped, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


def questions(xml_text: str) -> dict[str, ET.Element]:
    root = ET.fromstring(xml_text.encode("utf-8"))
    assert root.tag == "quiz"
    return {
        q.findtext("name/text"): q for q in root.findall("question") if q.get("type") != "category"
    }


def test_every_item_and_answer_comes_across(bank):
    items = select_items(bank)
    qs = questions(to_moodle_xml(items))
    for item in items:
        if item.type == "case":
            assert qs[item.id].get("type") == "description"
            for n, step in enumerate(item.steps, start=1):
                q = qs[f"{item.id}#{n}"]
                assert q.get("type") == "multichoice"
                assert markdown_html(step.stem) in q.findtext("questiontext/text")
                answers = q.findall("answer")
                assert [a.findtext("text") for a in answers] == [
                    inline_html(o.text) for o in step.options
                ]
                right = [a for a in answers if a.get("fraction") == "100"]
                assert len(right) == 1
            continue
        q = qs[item.id]
        assert q.findtext("questiontext/text") == markdown_html(item.stem)
        assert q.findtext("generalfeedback/text") == markdown_html(item.explanation)
        assert float(q.findtext("defaultgrade")) == item.points
        assert q.findtext("idnumber") == item.id
        tags = [t.findtext("text") for t in q.findall("tags/tag")]
        assert f"objective-{item.objective}" in tags
        assert ("red-flag" in tags) == item.red_flag
        if item.type in ("single", "multiple"):
            assert q.get("type") == "multichoice"
            assert q.findtext("single") == ("true" if item.type == "single" else "false")
            answers = q.findall("answer")
            assert len(answers) == len(item.options)
            for opt, answer in zip(item.options, answers, strict=True):
                assert plain(answer.findtext("text")) == opt.text
                feedback = plain(answer.findtext("feedback/text"))
                assert feedback.startswith(opt.feedback.strip())
                if opt.misconception:
                    assert feedback.endswith(opt.misconception)
                fraction = float(answer.get("fraction"))
                assert (fraction > 0) == (opt.key in item.correct_keys)
            total = sum(float(a.get("fraction")) for a in answers if float(a.get("fraction")) > 0)
            assert total == pytest.approx(100, abs=0.001)
        elif item.type == "numeric":
            assert q.get("type") == "numerical"
            answers = q.findall("answer")
            assert float(answers[0].findtext("text")) == pytest.approx(item.answer)
            assert float(answers[0].findtext("tolerance")) == pytest.approx(item.tolerance)
            assert answers[0].get("fraction") == "100"
            values = [float(a.findtext("text")) for a in answers[1:-1]]
            assert values == [d.value for d in item.distractors]
            assert answers[-1].findtext("text") == "*"
            assert plain(answers[-1].findtext("feedback/text")) == item.feedback_wrong
            assert q.findtext("units/unit/unit_name") == item.unit
        elif item.type == "text":
            assert q.get("type") == "essay"
            info = plain(q.findtext("graderinfo/text"))
            assert " ".join(item.model_answer.split()) in " ".join(info.split())
            for point in item.rubric:
                assert point in info


def test_special_characters_survive_exactly(bank):
    q = questions(to_moodle_xml(select_items(bank)))["m90-assess"]
    assert plain(q.findtext("questiontext/text")) == f"Special characters: {data.SPECIAL}?"
    first = q.findall("answer")[0]
    assert plain(first.findtext("text")) == f"Right: {data.SPECIAL}"
    assert plain(first.findtext("feedback/text")) == f"Right feedback with {data.SPECIAL}."
    assert plain(q.findtext("generalfeedback/text")) == 'General feedback & <notes> "quoted".'
    # raw HTML in the bank is shown as text, never passed on as markup
    assert "<angle>" not in q.findtext("questiontext/text")


def test_multiple_choice_shares_credit_and_penalises_wrong_options(bank):
    q = questions(to_moodle_xml(select_items(bank)))["m90-multi"]
    assert [a.get("fraction") for a in q.findall("answer")] == ["50", "50", "-50"]


def test_categories_follow_modules(bank):
    root = ET.fromstring(to_moodle_xml(select_items(bank), {"90_selftest": "90 A/B test"}))
    cats = [
        q.findtext("category/text") for q in root.findall("question") if q.get("type") == "category"
    ]
    assert cats == ["$course$/top/Bone Secondaries/90 A-B test"]


@pytest.mark.parametrize(
    ("value", "text"), [(100, "100"), (100 / 3, "33.33333"), (-50, "-50"), (0, "0"), (-0.0, "0")]
)
def test_fraction_text(value, text):
    assert fraction_text(value) == text


def test_filters_by_module_and_use(bank):
    assert [i.id for i in select_items(bank, "90", "assessment")] == ["m90-assess"]
    assert len(select_items(bank, "90_selftest", "practice")) == 5
    with pytest.raises(ValueError, match="90_selftest"):
        select_items(bank, "05")
    with pytest.raises(ValueError, match="use must be"):
        select_items(bank, use="quiz")


def test_the_real_bank_exports_and_parses(tmp_path):
    bank = default_bank()
    path = write_moodle_xml(list(bank), tmp_path / "bank.xml")
    qs = questions(path.read_text(encoding="utf-8"))
    expected = sum(1 + len(i.steps) if i.type == "case" else 1 for i in bank)
    assert len(qs) == expected
