"""Moodle XML export: parse the XML back and check every item and answer came across,
special characters included."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET

import pytest
import self_assessment_data as data

from course.questions.bank import trainer_bank
from course.questions.exports import EXPORT_SEED, inline_html, markdown_html, ordered, select_items
from course.questions.exports.moodle import (
    MOODLE_FRACTIONS,
    fraction_text,
    numeric_stem_html,
    penalty_for,
    to_moodle_xml,
    write_moodle_xml,
)

#: what Moodle's XML importer reads for each question type (qformat_xml::import_*)
ELEMENTS = {
    "multichoice": {"single", "shuffleanswers", "answernumbering", "answer"},
    "numerical": {"answer", "unitgradingtype", "unitpenalty", "showunits", "unitsleft"},
    "essay": {"responseformat", "responserequired", "responsefieldlines", "graderinfo"},
    "description": set(),
}
COMMON = {"name", "questiontext", "generalfeedback", "defaultgrade", "penalty", "hidden"}


def accepted_fraction(text: str) -> bool:
    """Moodle's importer accepts a fraction within 0.00001 of one of its grade options
    (match_grade_options with 'error')."""
    value = float(text) / 100
    return any(abs(abs(value) - option) < 0.00001 for option in MOODLE_FRACTIONS)


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
                    inline_html(o.text)
                    for o in ordered(f"{item.id}#{n}", step.options, EXPORT_SEED)
                ]
                right = [a for a in answers if a.get("fraction") == "100"]
                assert len(right) == 1
            continue
        q = qs[item.id]
        stem = numeric_stem_html(item) if item.type == "numeric" else markdown_html(item.stem)
        assert q.findtext("questiontext/text") == stem
        assert q.findtext("generalfeedback/text") == markdown_html(item.explanation)
        assert float(q.findtext("defaultgrade")) == item.points
        assert q.findtext("idnumber") == item.id
        tags = [t.findtext("text") for t in q.findall("tags/tag")]
        assert f"objective-{item.objective}" in tags
        assert ("red-flag" in tags) == item.red_flag
        if item.type in ("single", "multiple"):
            assert q.get("type") == "multichoice"
            assert q.findtext("single") == ("true" if item.type == "single" else "false")
            assert q.findtext("shuffleanswers") == "true"
            answers = q.findall("answer")
            shown = ordered(item.id, item.options, EXPORT_SEED)
            for opt, answer in zip(shown, answers, strict=True):
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
            assert q.findtext("units/unit/multiplier") == "1"
            assert q.findtext("unitgradingtype") == "0"  # a unit is optional, never penalised
            assert "decimal point" in q.findtext("questiontext/text")
        elif item.type == "text":
            assert q.get("type") == "essay"
            info = plain(q.findtext("graderinfo/text"))
            assert " ".join(item.model_answer.split()) in " ".join(info.split())
            for point in item.rubric:
                assert point in info


def test_special_characters_survive_exactly(bank):
    q = questions(to_moodle_xml(select_items(bank), seed=None))["m90-assess"]
    assert plain(q.findtext("questiontext/text")) == f"Special characters: {data.SPECIAL}?"
    first = q.findall("answer")[0]
    assert plain(first.findtext("text")) == f"Right: {data.SPECIAL}"
    assert plain(first.findtext("feedback/text")) == f"Right feedback with {data.SPECIAL}."
    assert plain(q.findtext("generalfeedback/text")) == 'General feedback & <notes> "quoted".'
    # raw HTML in the bank is shown as text, never passed on as markup
    assert "<angle>" not in q.findtext("questiontext/text")


def test_multiple_choice_shares_credit_and_penalises_wrong_options(bank):
    q = questions(to_moodle_xml(select_items(bank), seed=None))["m90-multi"]
    assert [a.get("fraction") for a in q.findall("answer")] == ["50", "50", "-50"]


def test_every_question_follows_moodles_importer_rules():
    """Element names per type, fractions from Moodle's list adding up as its question types
    require, a penalty for wrong tries, numbers with a decimal point."""
    bank = trainer_bank()
    root = ET.fromstring(to_moodle_xml(list(bank)).encode("utf-8"))
    for q in root.findall("question"):
        kind = q.get("type")
        if kind == "category":
            assert q.findtext("category/text").startswith("$course$/top/")
            continue
        children = {child.tag for child in q}
        assert COMMON <= children, (q.findtext("name/text"), COMMON - children)
        assert ELEMENTS[kind] <= children, (q.findtext("name/text"), ELEMENTS[kind] - children)
        fractions = [a.get("fraction") for a in q.findall("answer")]
        assert all(accepted_fraction(f) for f in fractions), fractions
        penalty = float(q.findtext("penalty"))
        if kind in ("multichoice", "numerical"):
            assert 0 < penalty <= 1
        if kind == "multichoice":
            values = [float(f) for f in fractions]
            if q.findtext("single") == "true":
                assert max(values) == 100 and min(values) >= 0  # fractionsnomax
            else:
                assert sum(v for v in values if v > 0) == pytest.approx(100, abs=0.001)
        if kind == "numerical":
            for a in q.findall("answer"):
                assert re.fullmatch(r"-?\d+(\.\d+)?|\*", a.findtext("text")), a.findtext("text")
                assert re.fullmatch(r"\d+(\.\d+)?", a.findtext("tolerance"))
            assert not re.search(r"\d,\d", q.findtext("questiontext/text"))


@pytest.mark.parametrize(
    ("kind", "options", "penalty"),
    [("single", 4, 0.3333333), ("single", 3, 0.5), ("single", 5, 0.25), ("multiple", 4, 0.3333333),
     ("numeric", 0, 0.3333333), ("essay", 0, 0.0), ("description", 0, 0.0)],
)  # fmt: skip
def test_penalties_leave_nothing_for_the_last_option_left(kind, options, penalty):
    assert penalty_for(kind, options) == penalty
    if kind == "single":
        # right at the last try, after every wrong option: Moodle gives 1 - wrong tries x penalty
        assert 1 - (options - 1) * penalty == pytest.approx(0, abs=1e-6)
        assert 1 - (options - 2) * penalty > 0


def test_written_items_carry_the_model_answer_for_graders(bank):
    q = questions(to_moodle_xml(select_items(bank)))["m90-explain"]
    info = plain(q.findtext("graderinfo/text"))
    item = bank.item("m90-explain")
    assert item.model_answer in info and all(p in info for p in item.rubric)
    assert plain(q.findtext("generalfeedback/text")) == item.explanation


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
    bank = trainer_bank()
    path = write_moodle_xml(list(bank), tmp_path / "bank.xml")
    qs = questions(path.read_text(encoding="utf-8"))
    expected = sum(1 + len(i.steps) if i.type == "case" else 1 for i in bank)
    assert len(qs) == expected
