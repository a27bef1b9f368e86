"""GIFT export: escaping of ~ = # { } :, a parse-back of every item and answer by Moodle's
rules, shuffled options, numeric stems for any locale, and the weights GIFT cannot carry."""

from __future__ import annotations

import re
from dataclasses import replace

import self_assessment_data as data

from course.questions.bank import trainer_bank
from course.questions.exports import (
    locale_problems,
    number_text,
    ordered,
    portable_numeric_stem,
    select_items,
)
from course.questions.exports.gift import (
    essay_feedback,
    gift_escape,
    numeric_stem,
    to_gift,
    weights_note,
    write_gift,
)


def unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), text)


def split_unescaped(text: str, mark: str) -> list[str]:
    """Split at each ``mark`` not preceded by an escaping backslash."""
    parts, current, i = [], "", 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            current += text[i : i + 2]
            i += 2
            continue
        if text.startswith(mark, i):
            parts.append(current)
            current, i = "", i + len(mark)
            continue
        current += text[i]
        i += 1
    parts.append(current)
    return parts


def parse_gift(text: str) -> dict[str, dict]:
    """A small GIFT reader for the shapes the exporter writes (Moodle's rules: a blank line ends
    a question, ``//`` lines are comments, ``####`` starts the general feedback)."""
    out = {}
    for block in text.split("\n\n"):
        comments = [ln for ln in block.splitlines() if ln.startswith("//")]
        lines = [ln for ln in block.splitlines() if not ln.startswith("//")]
        if not lines or lines[0].startswith("$CATEGORY"):
            continue
        head, answers = lines[0], lines[1:]
        _, name, rest = split_unescaped(head, "::")
        numeric = rest.endswith(" {#")
        assert rest.startswith("[markdown]") and rest.endswith((" {", " {#"))
        stem = rest[len("[markdown]") : -3 if numeric else -2]
        assert len(split_unescaped(stem, "{")) == 1, "an unescaped { in the stem"
        assert answers[-1] == "}"
        parsed = {
            "stem": unescape(stem),
            "answers": [],
            "general": None,
            "numeric": numeric,
            "comments": comments,
        }
        for line in answers[:-1]:
            line = line.strip()
            if line.startswith("####"):
                parsed["general"] = unescape(line[4:])
                continue
            answer_text, *feedback = split_unescaped(line, "#")
            assert len(feedback) == 1, f"unescaped # in {line!r}"
            parsed["answers"].append((answer_text, unescape(feedback[0])))
        out[unescape(name)] = parsed
    return out


#: Moodle's GIFT importer reads a weight only in this shape (qformat_gift::readquestion)
MOODLE_WEIGHT = re.compile(r"^%-*([0-9]{1,2})\.?([0-9]*)%")


def test_gift_escape_escapes_every_special_character():
    assert gift_escape("~ = # { } :") == r"\~ \= \# \{ \} \:"
    assert gift_escape("a\\b") == r"a\\b"
    assert gift_escape("one\ntwo\r\n") == r"one\ntwo"
    assert unescape(gift_escape(data.SPECIAL)) == data.SPECIAL


def test_every_item_and_answer_comes_across_shuffled_with_the_seed(bank):
    items = select_items(bank)
    text = to_gift(items, seed="trainer-7")
    assert "// Options: shuffled with seed trainer-7" in text
    parsed = parse_gift(text)
    for item in items:
        if item.type == "case":
            for n, step in enumerate(item.steps, start=1):
                q = parsed[f"{item.id}#{n}"]
                assert q["stem"].endswith(step.stem) and item.scenario in q["stem"]
                shown = ordered(f"{item.id}#{n}", step.options, "trainer-7")
                assert [a[0] for a in q["answers"]] == [
                    ("=" if o.key == step.answer else "~") + gift_escape(o.text) for o in shown
                ]
            continue
        q = parsed[item.id]
        assert q["comments"][0].startswith(f"// [id:{item.id}] ")
        assert f"[tag:points-{number_text(item.points)}]" in q["comments"][0]
        if item.type == "single":
            assert q["stem"] == item.stem and q["general"] == item.explanation
            shown = ordered(item.id, item.options, "trainer-7")
            for opt, (answer, feedback) in zip(shown, q["answers"], strict=True):
                assert answer == ("=" if opt.key == item.answer else "~") + gift_escape(opt.text)
                assert feedback.startswith(opt.feedback.strip())
                if opt.misconception:
                    assert feedback.endswith(opt.misconception)
        elif item.type == "multiple":
            shown = ordered(item.id, item.options, "trainer-7")
            for opt, (answer, _fb) in zip(shown, q["answers"], strict=True):
                assert MOODLE_WEIGHT.match(answer[1:]), answer
                weight = float(answer.split("%")[1])
                assert (weight > 0) == (opt.key in item.correct_keys)
                assert unescape(answer.split("%", 2)[2]) == opt.text
        elif item.type == "numeric":
            assert q["numeric"]
            first, *others, other = q["answers"]
            value, tolerance = first[0][1:].split(":")
            assert float(value) == item.answer and float(tolerance) == item.tolerance
            assert first[1] == item.feedback_correct
            assert [float(a[0][4:].split(":")[0]) for a in others] == [
                d.value for d in item.distractors
            ]
            assert other == ("~", item.feedback_wrong)
            assert q["stem"] == numeric_stem(item)
        elif item.type == "text":
            assert q["answers"] == []
            assert q["general"] == essay_feedback(item)
    special = parsed["m90-assess"]
    assert special["stem"] == f"Special characters: {data.SPECIAL}?"
    right = [a for a in special["answers"] if a[0].startswith("=")]
    assert right == [("=" + gift_escape(f"Right: {data.SPECIAL}"),
                      f"Right feedback with {data.SPECIAL}.")]  # fmt: skip


def test_without_a_seed_the_bank_order_is_kept(bank):
    item = bank.select(types=["single"])[0]
    q = parse_gift(to_gift([item], seed=None))[item.id]
    assert [unescape(a[0][1:]) for a in q["answers"]] == [o.text for o in item.options]


def test_numeric_stems_lose_decimal_comma_hints_and_ask_for_a_point(bank):
    item = replace(
        bank.select(types=["numeric"])[0],
        stem="What is it in mmol/L? (Two decimal places; 2,94 or 2.94 mmol/L are fine.)",
    )
    stem = numeric_stem(item)
    assert "2,94" not in stem and "(Two decimal places.)" in stem
    assert "decimal point" in stem and item.unit in stem
    assert portable_numeric_stem("In mmol/L? (You may type 2.8, 2,8 or 2.8 mmol/L.)") == (
        "In mmol/L?"
    )
    assert portable_numeric_stem("Dose (in mg) after 2.5 days?") == "Dose (in mg) after 2.5 days?"
    assert locale_problems([replace(item, stem="Type 2,5 here")]) == [
        f"{item.id}: ...Type 2,5 here..."
    ]


def test_weights_gift_cannot_carry_are_named(bank):
    note = weights_note(select_items(bank))
    assert "m90-multi (2)" in note and "m90-explain (2)" in note and "m90-case#1-2" not in note
    assert "m90-red-flag" not in note
    assert weights_note([bank.item("m90-red-flag")]) == ""


def test_each_module_gets_a_category_line(bank, tmp_path):
    path = write_gift(select_items(bank), tmp_path / "q.gift.txt", {"90_selftest": "90 Test"})
    text = path.read_text(encoding="utf-8")
    assert "$CATEGORY: $course$/top/Bone Secondaries/90 Test" in text
    assert text.count("\n::m90-") == 7  # five items plus a two-step case


def test_the_real_bank_parses_back():
    bank = trainer_bank()
    parsed = parse_gift(to_gift(list(bank)))
    expected = sum(len(i.steps) if i.type == "case" else 1 for i in bank)
    assert len(parsed) == expected
