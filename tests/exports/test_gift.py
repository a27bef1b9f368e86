"""GIFT export: escaping of ~ = # { } : and a parse-back of every item and answer."""

from __future__ import annotations

import re

import self_assessment_data as data

from course.bank import default_bank
from course.exports import select_items
from course.exports.gift import gift_escape, to_gift, write_gift


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
    """A small GIFT reader for the shapes the exporter writes."""
    out = {}
    for block in text.split("\n\n"):
        lines = [ln for ln in block.splitlines() if not ln.startswith("//")]
        if not lines or lines[0].startswith("$CATEGORY"):
            continue
        head, answers = lines[0], lines[1:]
        _, name, rest = split_unescaped(head, "::")
        assert rest.startswith("[markdown]") and rest.endswith(" {")
        stem = rest[len("[markdown]") : -2]
        assert len(split_unescaped(stem, "{")) == 1, "an unescaped { in the stem"
        assert answers[-1] == "}"
        parsed = {"stem": unescape(stem), "answers": [], "general": None}
        for line in answers[:-1]:
            line = line.strip()
            if line.startswith("####"):
                parsed["general"] = unescape(line[4:])
                continue
            lead = "#" if line.startswith("#") else ""  # a numeric answer starts with #
            answer_text, *feedback = split_unescaped(line[len(lead) :], "#")
            answer_text = lead + answer_text
            assert len(feedback) == 1, f"unescaped # in {line!r}"
            parsed["answers"].append((answer_text, unescape(feedback[0])))
        out[unescape(name)] = parsed
    return out


def test_gift_escape_escapes_every_special_character():
    assert gift_escape("~ = # { } :") == r"\~ \= \# \{ \} \:"
    assert gift_escape("a\\b") == r"a\\b"
    assert gift_escape("one\ntwo\r\n") == r"one\ntwo"
    assert unescape(gift_escape(data.SPECIAL)) == data.SPECIAL


def test_every_item_and_answer_comes_across_with_special_characters(bank):
    items = select_items(bank)
    parsed = parse_gift(to_gift(items))
    for item in items:
        if item.type == "case":
            for n, step in enumerate(item.steps, start=1):
                q = parsed[f"{item.id}#{n}"]
                assert q["stem"].endswith(step.stem)
                assert item.scenario in q["stem"]
                marks = [a[0][0] for a in q["answers"]]
                assert marks.count("=") == 1 and len(marks) == len(step.options)
            continue
        q = parsed[item.id]
        assert q["stem"] == item.stem
        assert q["general"] == item.explanation
        if item.type == "single":
            for opt, (answer, feedback) in zip(item.options, q["answers"], strict=True):
                assert answer == ("=" if opt.key == item.answer else "~") + gift_escape(opt.text)
                assert unescape(answer[1:]) == opt.text
                assert feedback.startswith(opt.feedback.strip())
                if opt.misconception:
                    assert feedback.endswith(opt.misconception)
        elif item.type == "multiple":
            for opt, (answer, _fb) in zip(item.options, q["answers"], strict=True):
                weight = float(answer.split("%")[1])
                assert (weight > 0) == (opt.key in item.correct_keys)
                assert unescape(answer.split("%", 2)[2]) == opt.text
        elif item.type == "numeric":
            first, *others = q["answers"]
            value, tolerance = first[0][2:].split(":")
            assert float(value) == item.answer and float(tolerance) == item.tolerance
            assert first[1] == item.feedback_correct
            assert [float(a[0][4:].split(":")[0]) for a in others] == [
                d.value for d in item.distractors
            ]
        elif item.type == "text":
            assert q["answers"] == []
    special = parsed["m90-assess"]
    assert special["stem"] == f"Special characters: {data.SPECIAL}?"
    assert unescape(special["answers"][0][0][1:]) == f"Right: {data.SPECIAL}"
    assert special["answers"][0][1] == f"Right feedback with {data.SPECIAL}."
    assert special["answers"][1][1].endswith("A misconception with # and {braces}.")


def test_each_module_gets_a_category_line(bank, tmp_path):
    path = write_gift(select_items(bank), tmp_path / "q.gift.txt", {"90_selftest": "90 Test"})
    text = path.read_text(encoding="utf-8")
    assert "$CATEGORY: $course$/top/Bone Secondaries/90 Test" in text
    assert text.count("::m90-") == 7  # five items plus a two-step case


def test_the_real_bank_parses_back():
    bank = default_bank()
    parsed = parse_gift(to_gift(list(bank)))
    expected = sum(len(i.steps) if i.type == "case" else 1 for i in bank)
    assert len(parsed) == expected
