"""The item-writing linter: what can be measured of ``docs/item-writing.md``.

A test-wise learner answers without knowing the subject by picking the longest option, the one
in a favourite position, the one that repeats the stem's words, or by avoiding the ones with
"always" and "never". This linter measures those cues in the bank and reports each finding with
its file, item id and rule, so that a question tests knowledge and not test-taking.

Rules (the rule name is printed in brackets with each finding):

Per item
    ``length-spread``   options of one question differ too much in length (longest over 1.5 x
                        the shortest, and more than 15 characters apart)
    ``above``           "all of the above", "none of the above", "both of these"
    ``stem-cue``        a distinctive word of the stem recurs in the key and in no distractor
    ``absolute-cue``    absolute words (always, never, only...) in two or more distractors and
                        not in the key
    ``all-keyed``       a multiple-response question whose every option is correct
    ``letter-ref``      text names an option by letter or position, which shuffling makes wrong
    ``drafting-note``   learner-visible text mentions internal notes (fact-sheet numbers, seed
                        files, "[GK]", source file names)

Per module (file order, over single-choice questions and case steps)
    ``key-position``    the key sits in one position more often than chance allows
    ``key-longest``     the key looks the longest option more, or less, often than chance
    ``key-shortest``    the key looks the shortest option more, or less, often than chance
    ``key-stem-words``  the key shares most words with the stem more, or less, often than
                        chance (a learner could follow the cue, or avoid it)
    ``multiple-keys``   multiple-response keys all the same size, or nearly always including
                        the first option
    ``stock-opening``   one two-word opening starts more than three feedback texts

Per graded quiz (a module's assessment items) and the whole bank
    ``quiz-key-longest``, ``quiz-key-shortest``, ``quiz-key-stem-words``, ``bank-key-...``:
    following each cue gets a share of questions within ``BANK_TOLERANCE`` (10 percentage
    points) of chance; ``bank-key-position`` likewise for each position in the bank's order.

Options that differ by at most 10% or 4 characters look equally long; where a cue points to
several options, it is counted as picking one of them at random.

Run ``bonecourse bank lint`` (or ``python -m course.questions.lint``); it exits 1 when it finds
anything.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from collections.abc import Iterable, Sequence

from course.questions.bank import Bank, Item
from course.questions.lint_cues import (
    CUES,
    LOOKS_SAME,
    LOOKS_SAME_CHARS,
    ChoiceSet,
    CueCounts,
    choice_sets,
    cue_picks,
    feedback_texts,
    learner_texts,
    looks_extreme,
    opening,
)
from course.questions.lint_items import (
    ABSOLUTE_WORDS,
    LENGTH_SLACK,
    MAX_LENGTH_RATIO,
    Finding,
    lint_item,
)

__all__ = [
    "ABSOLUTE_WORDS",
    "BANK_TOLERANCE",
    "CUES",
    "LENGTH_SLACK",
    "LOOKS_SAME",
    "LOOKS_SAME_CHARS",
    "MAX_LENGTH_RATIO",
    "MAX_SAME_OPENING",
    "MODULE_SLACK",
    "ChoiceSet",
    "CueCounts",
    "Finding",
    "choice_sets",
    "cue_picks",
    "feedback_texts",
    "learner_texts",
    "lint_bank",
    "lint_item",
    "lint_module",
    "looks_extreme",
    "main",
    "opening",
    "run",
    "summary",
]

#: how far above chance (in questions) a module may put its key in one position or length rank
MODULE_SLACK = 2
#: how far from chance (a share) the whole bank may be
BANK_TOLERANCE = 0.10
#: how many feedback texts of one module may share a two-word opening
MAX_SAME_OPENING = 3


# ---------------------------------------------------------------- per module and bank


def _module_cues(file: str, sets: list[ChoiceSet]) -> list[Finding]:
    found = []
    if not sets:
        return found
    c = CueCounts.of(sets)
    for p, exp in sorted(c.position_expected.items()):
        got = c.position.get(p, 0)
        if got > exp + MODULE_SLACK:
            found.append(
                Finding(
                    file,
                    "(module)",
                    "key-position",
                    f"the key is option {p + 1} in {got} of {c.n} questions "
                    f"(chance: {exp:.1f}); move keys to other positions",
                )
            )
    for cue, got in c.cues.items():
        if abs(got - c.chance) > MODULE_SLACK:
            side = "more" if got > c.chance else "less"
            found.append(
                Finding(
                    file,
                    "(module)",
                    f"key-{cue}",
                    f"following the '{cue}' cue gets {got:.1f} of {c.n} questions right, "
                    f"{side} than chance ({c.chance:.1f}); a test-wise learner "
                    f"{'follows' if side == 'more' else 'avoids'} it",
                )
            )
    return found


def _multiple_patterns(file: str, items: list[Item]) -> list[Finding]:
    found = []
    if len(items) < 3:
        return found
    sizes = {len(i.correct_keys) for i in items}
    if len(sizes) == 1:
        found.append(
            Finding(
                file,
                "(module)",
                "multiple-keys",
                f"every multiple-response key has {sizes.pop()} options; vary the number correct",
            )
        )
    first = sum(1 for i in items if i.options[0].key in i.correct_keys)
    if first > round(2 / 3 * len(items)):
        found.append(
            Finding(
                file,
                "(module)",
                "multiple-keys",
                f"the first option is correct in {first} of {len(items)} multiple-response items",
            )
        )
    return found


def _openings(file: str, items: list[Item]) -> list[Finding]:
    seen: dict[str, list[str]] = defaultdict(list)
    for item in items:
        for text in feedback_texts(item):
            seen[opening(text)].append(item.id)
    return [
        Finding(
            file,
            "(module)",
            "stock-opening",
            f"{len(ids)} feedback texts open with {words!r} ({', '.join(sorted(set(ids)))})",
        )
        for words, ids in sorted(seen.items())
        if words and len(ids) > MAX_SAME_OPENING
    ]


def lint_module(items: Sequence[Item]) -> list[Finding]:
    """Every rule for one module's items (per item, then across the module)."""
    items = list(items)
    if not items:
        return []
    file = items[0].file
    found = [f for item in items for f in lint_item(item)]
    sets = [cs for item in items for cs in choice_sets(item)]
    found += _module_cues(file, sets)
    found += _multiple_patterns(file, [i for i in items if i.type == "multiple"])
    found += _openings(file, items)
    return found


def _bank_cues(sets: list[ChoiceSet], scope: str = "bank", where: str = "bank") -> list[Finding]:
    found: list[Finding] = []
    if not sets:
        return found
    c = CueCounts.of(sets)
    for p, exp in sorted(c.position_expected.items()):
        share, chance = c.position.get(p, 0) / c.n, exp / c.n
        if share - chance > BANK_TOLERANCE:
            found.append(
                Finding(
                    where,
                    f"({scope})",
                    f"{scope}-key-position",
                    f"the key is option {p + 1} in {share:.0%} of questions (chance {chance:.0%})",
                )
            )
    for cue, got in c.cues.items():
        share, chance = got / c.n, c.chance / c.n
        if abs(share - chance) > BANK_TOLERANCE:
            found.append(
                Finding(
                    where,
                    f"({scope})",
                    f"{scope}-key-{cue}",
                    f"following the '{cue}' cue gets {share:.0%} of questions right "
                    f"(chance {chance:.0%}; keep within {BANK_TOLERANCE:.0%})",
                )
            )
    return found


def lint_bank(bank: Bank, modules: Iterable[str] | None = None) -> list[Finding]:
    """Every rule over the bank (or only over these modules, without the whole-bank rules)."""
    wanted = set(modules) if modules is not None else None
    found: list[Finding] = []
    by_file: dict[str, list[Item]] = defaultdict(list)
    for item in bank:
        if wanted is None or item.module in wanted or item.module[:2] in wanted:
            by_file[item.file].append(item)
    for file in sorted(by_file):
        found += lint_module(by_file[file])
    for file in sorted(by_file):
        quiz = [cs for i in by_file[file] if i.use == "assessment" for cs in choice_sets(i)]
        if quiz:  # what a graded quiz's learners see: the length and stem cues near chance
            found += [f for f in _bank_cues(quiz, "quiz", file) if f.rule != "quiz-key-position"]
    if wanted is None:
        found += _bank_cues([cs for item in bank for cs in choice_sets(item)])
    return found


def summary(bank: Bank) -> str:
    """Key position and length figures for the whole bank, beside chance."""
    sets = [cs for item in bank for cs in choice_sets(item)]
    c = CueCounts.of(sets)
    if not c.n:
        return "no single-choice questions"
    positions = ", ".join(
        f"{p + 1}: {c.position.get(p, 0) / c.n:.0%} (chance {exp / c.n:.0%})"
        for p, exp in sorted(c.position_expected.items())
    )
    cues = ", ".join(f"{cue} {got / c.n:.0%}" for cue, got in c.cues.items())
    return (
        f"{c.n} single-choice questions. Key position {positions}. "
        f"Following a cue: {cues} (chance {c.chance / c.n:.0%})."
    )


def run(bank: Bank, modules: Sequence[str] | None = None, out=None) -> int:
    """Print the report; return 1 if anything was found, else 0."""
    out = out or sys.stdout
    findings = lint_bank(bank, modules or None)
    for f in findings:
        print(f.line(), file=out)
    print(summary(bank), file=out)
    if findings:
        items = {(f.file, f.item) for f in findings}
        print(f"{len(findings)} findings in {len(items)} items or modules.", file=out)
        return 1
    print("No findings: the bank meets the measurable item-writing rules.", file=out)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Lint the bank (``python -m course.questions.lint``); 1 when an item breaks a rule."""
    parser = argparse.ArgumentParser(prog="python -m course.questions.lint", description=__doc__)
    parser.add_argument("--module", action="append", help="only this module (e.g. 04)")
    parser.add_argument("--folder", action="append", help="bank folder(s) (default: the course's)")
    args = parser.parse_args(argv)
    bank = _load(args.folder) if args.folder else _load(None)
    return run(bank, args.module)


def _load(folders):
    from course.questions import bank as bank_module

    if folders:
        if len(folders) == 1:
            return bank_module.load_bank(folders[0])
        return bank_module.load_bank(*folders)
    trainer = getattr(bank_module, "trainer_bank", None)
    return trainer() if trainer else bank_module.load_bank()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
