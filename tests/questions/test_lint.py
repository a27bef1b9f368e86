"""The item-writing linter: each rule fires on a cued item, stays quiet on a fair one, and the
course's whole bank passes."""

from __future__ import annotations

import textwrap

import pytest

from course.questions.bank import parse_module
from course.questions.lint import lint_bank, lint_item, lint_module, run

HEADER = """\
module: "99_lint"
title: "Linter fixture"
objectives:
  O1: "Recognise which cancers commonly spread to bone."
items:
"""


def single(item_id: str, options: list[tuple[str, str]], answer: str, stem: str, **extra) -> str:
    opts = "".join(
        f"      - key: {key}\n        text: {text!r}\n        feedback: {fb!r}\n"
        + ("" if key == answer else f"        misconception: 'Mistaken idea {key}.'\n")
        for key, (text, fb) in zip("abcd", [(t, f + LONG) for t, f in options], strict=False)
    )
    more = "".join(f"    {k}: {v!r}\n" for k, v in extra.items())
    return (
        f"  - id: {item_id}\n    objective: O1\n    type: single\n    use: practice\n"
        f"    stem: {stem!r}\n    options:\n{opts}    answer: {answer}\n"
        f"    explanation: 'Breast and prostate cancers are the commonest.'\n"
        f"    points: 1\n    source: 'NICE NG234'\n{more}"
    )


def module(*items: str):
    return parse_module(HEADER + "".join(items), "99_lint.yml")


WORDS = ["Here", "Note", "Recall", "Often", "Rarely", "Since", "When", "Seen", "Also"]
LONG = " The feedback goes on to say what is true."

FAIR = [
    ("Breast cancer", "Among the commonest to reach the skeleton."),
    ("Basal cell skin cancer", "Skin cancers of this kind very rarely spread."),
    ("Testicular cancer", "Spreads to lymph nodes far more than to bone."),
]


def rules(findings) -> set[str]:
    return {f.rule for f in findings}


def test_a_fair_item_has_no_findings():
    (item,) = module(
        single("m99-fair", FAIR, "a", "Which cancer most often spreads to bone?")
    ).items
    assert lint_item(item) == []


def test_options_of_very_different_length_are_reported_with_file_and_id():
    opts = [
        ("Breast cancer, which commonly spreads to the spine, pelvis and ribs", "x y"),
        ("Skin cancer", "p q"),
        ("Seminoma", "r s"),
    ]
    (item,) = module(single("m99-long", opts, "a", "Which cancer most often spreads?")).items
    (finding,) = [f for f in lint_item(item) if f.rule == "length-spread"]
    assert finding.file == "99_lint.yml" and finding.item == "m99-long"
    assert "8 to 67 characters" in finding.message


def test_all_of_the_above_is_reported():
    opts = [*FAIR[:2], ("All of the above", "Not so.")]
    (item,) = module(single("m99-above", opts, "a", "Which cancer spreads?")).items
    assert "above" in rules(lint_item(item))


def test_a_stem_word_repeated_only_in_the_key_is_a_cue():
    opts = [
        ("Check her adjusted calcium today", "a b"),
        ("Give her a laxative tonight", "c d"),
        ("Repeat the scan next month", "e f"),
    ]
    stem = "Mrs Rowe is thirsty and confused. Her calcium was high last week. What now?"
    (item,) = module(single("m99-cue", opts, "a", stem)).items
    (finding,) = [f for f in lint_item(item) if f.rule == "stem-cue"]
    assert "'calcium'" in finding.message


def test_absolute_words_only_in_distractors_are_a_cue():
    opts = [
        ("It usually eases within days", "a b"),
        ("It always lasts for months", "c d"),
        ("It never comes back again", "e f"),
    ]
    (item,) = module(single("m99-abs", opts, "a", "What happens to pain flare?")).items
    assert "absolute-cue" in rules(lint_item(item))


def test_naming_an_option_by_letter_or_drafting_notes_are_reported():
    (item,) = module(
        single(
            "m99-letter",
            FAIR,
            "a",
            "Which cancer spreads to bone?",
            explanation="As option b shows, see FACTS 2.2 and seed 003.",
        )
    ).items
    assert {"letter-ref", "drafting-note"} <= rules(lint_item(item))


def test_a_module_with_the_key_always_first_and_longest_is_reported():
    opts = [
        ("Breast cancer spreading to bone", "k1 a"),
        ("Skin cancer", "k2 b"),
        ("Seminoma", "k3 c"),
    ]
    items = [single(f"m99-q{n}", opts, "a", f"Question {n} about spread?") for n in range(8)]
    found = rules(lint_module(module(*items).items))
    assert {"key-position", "key-longest", "stock-opening"} <= found


def test_a_module_with_keys_spread_over_positions_has_no_position_finding():
    items = []
    for n in range(9):
        key = "abc"[n % 3]
        opts = [
            (f"{text} ({n})", f"{WORDS[n]} {k}: {text} is discussed.")
            for k, (text, _) in zip("abc", FAIR, strict=True)
        ]
        items.append(single(f"m99-q{n}", opts, key, f"Question {n}: which spreads?"))
    found = rules(lint_module(module(*items).items))
    assert "key-position" not in found and "stock-opening" not in found


def test_multiple_response_keys_all_the_same_size_are_reported():
    def multiple(n: int) -> str:
        return textwrap.dedent(
            f"""\
              - id: m99-m{n}
                objective: O1
                type: multiple
                use: practice
                stem: "Tick each cancer that commonly spreads to bone ({n})."
                options:
                  - {{key: a, text: "Prostate cancer",
                     feedback: "Spreads to bone often, case {n}a."}}
                  - {{key: b, text: "Kidney cancer",
                     feedback: "Spreads to bone often, case {n}b."}}
                  - {{key: c, text: "Basal cell cancer",
                     feedback: "Rarely spreads at all, case {n}c.",
                     misconception: "All skin cancers spread."}}
                answer: [a, b]
                explanation: "Prostate and kidney."
                points: 1
                source: "NICE NG234"
            """
        ).replace("\n  ", "\n  ")

    text = HEADER + "".join(
        "  " + multiple(n).replace("\n", "\n  ").rstrip() + "\n" for n in range(3)
    )
    found = lint_module(parse_module(text, "99_lint.yml").items)
    assert sum(f.rule == "multiple-keys" for f in found) == 2


def test_run_prints_a_report_and_exits_one_on_findings(capsys):
    from course.questions.bank import Bank

    opts = [("All of the above", "x"), *FAIR[:2]]
    bank = Bank([module(single("m99-x", opts, "b", "Which cancer spreads?"))])
    assert run(bank) == 1
    out = capsys.readouterr().out
    assert "99_lint.yml: m99-x: [above]" in out and "findings" in out


def test_the_course_bank_meets_the_item_writing_rules():
    from course.questions import bank as bank_module

    loader = getattr(bank_module, "trainer_bank", None) or bank_module.load_bank
    findings = lint_bank(loader())
    assert not findings, "\n".join(f.line() for f in findings[:40])


@pytest.mark.parametrize("argv", [["bank", "lint"], ["bank", "lint", "--module", "00"]])
def test_bonecourse_bank_lint_command(argv, capsys):
    from course.cli import main

    code = main(argv)
    out = capsys.readouterr().out
    assert "single-choice questions" in out
    assert code in (0, 1) and (code == 0) == ("No findings" in out)
