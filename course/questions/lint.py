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
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from course.questions.bank import Bank, Item, Option

#: longest / shortest option length allowed within one question ...
MAX_LENGTH_RATIO = 1.5
#: ... unless the options are at most this many characters apart
LENGTH_SLACK = 15
#: how far above chance (in questions) a module may put its key in one position or length rank
MODULE_SLACK = 2
#: how far from chance (a share) the whole bank may be
BANK_TOLERANCE = 0.10
#: options whose lengths differ by at most this share (or this many characters) look alike
LOOKS_SAME = 0.10
LOOKS_SAME_CHARS = 4
#: how many feedback texts of one module may share a two-word opening
MAX_SAME_OPENING = 3

ABSOLUTE_WORDS = frozenset(
    "always never only all none every must cannot completely guaranteed entirely".split()
)

# Common English and course words that are no cue when shared by stem and key.
_STOPWORDS = frozenset(
    """
    about above after again against along already although among another answer anything
    around because before being below between both cannot could doing during each either
    every first following from further given having their there these those through under
    until which while whose would should shall might where there what when with without
    within other others patient patients nurse nurses their them they this that than then
    your yours into over such very most more less many much some same just also only still
    does done make makes made tells asked asks says said best next true right likely which
    """.split()
)

_WORD = re.compile(r"[a-z]+")
_ABOVE = re.compile(r"\b(all|none|both|neither) of (the )?(above|these|them|those)\b", re.I)
_LETTER_REF = re.compile(
    r"\(\s*[a-e]\s*\)"  # "(c)"
    r"|\b(option|answer|choice)s?\s+\(?[a-e]\)?(?![\w'])"  # "option b", "answer (a)"
    r"|\b(first|second|third|fourth|last|top|bottom)\s+(option|answer|choice)\b",
    re.I,
)
_DRAFTING = re.compile(
    r"\bFACTS\s*\d|\bseeds?\s*\d{3}\b|\[GK\]|\bfact sheet\b|\bsource leaflets?\b|\b[0-9a-f]{16}\b"
    r"|\.txt\b",
    re.I,
)


@dataclass(frozen=True)
class Finding:
    """One problem: where it is, which rule, and what is wrong."""

    file: str
    item: str  # an item id, "(module)" or "(bank)"
    rule: str
    message: str

    def line(self) -> str:
        """The finding as one report line: file, item, rule and message."""
        return f"{self.file}: {self.item}: [{self.rule}] {self.message}"


@dataclass(frozen=True)
class ChoiceSet:
    """The options of one single-choice question (an item, or one step of a case)."""

    item: Item
    label: str  # the item id, or "id step N"
    stem: str
    options: tuple[Option, ...]
    keys: frozenset[str]


# ---------------------------------------------------------------- text helpers


def _words(text: str) -> set[str]:
    out = set()
    for word in _WORD.findall(text.lower()):
        if len(word) < 5 or word in _STOPWORDS:
            continue
        out.add(word[:-1] if word.endswith("s") and len(word) > 5 else word)
    return out


def _length(text: str) -> int:
    return len(" ".join(text.split()))


def learner_texts(item: Item) -> list[tuple[str, str]]:
    """Every text of the item a learner can see, as (field, text)."""
    texts = [("stem", item.stem), ("explanation", item.explanation)]
    texts += [("feedback_correct", item.feedback_correct), ("feedback_wrong", item.feedback_wrong)]
    texts += [("scenario", item.scenario), ("model_answer", item.model_answer)]
    texts += [("rubric", point) for point in item.rubric]
    for opt in item.options:
        texts += [(f"option {opt.key}", opt.text), (f"feedback {opt.key}", opt.feedback)]
    for d in item.distractors:
        texts.append((f"feedback for {d.value:g}", d.feedback))
    for n, step in enumerate(item.steps, start=1):
        texts += [(f"step {n} stem", step.stem), (f"step {n} explanation", step.explanation)]
        for opt in step.options:
            texts.append((f"step {n} option {opt.key}", opt.text))
            texts.append((f"step {n} feedback {opt.key}", opt.feedback))
    return [(name, text) for name, text in texts if text]


def feedback_texts(item: Item) -> list[str]:
    """The feedback texts whose openings should vary."""
    texts = [o.feedback for o in item.options]
    texts += [item.feedback_correct, item.feedback_wrong]
    texts += [d.feedback for d in item.distractors]
    for step in item.steps:
        texts += [o.feedback for o in step.options]
    return [t for t in texts if t and t.strip()]


def opening(text: str) -> str:
    """The first two words of a text, lower case, without punctuation."""
    return " ".join(re.findall(r"[a-z']+", text.lower())[:2])


def choice_sets(item: Item) -> list[ChoiceSet]:
    """Single-choice questions of an item: the item itself, or each step of a case."""
    if item.type == "single":
        return [ChoiceSet(item, item.id, item.stem, item.options, item.correct_keys)]
    if item.type == "case":
        return [
            ChoiceSet(item, f"{item.id} step {n}", s.stem, s.options, frozenset([s.answer]))
            for n, s in enumerate(item.steps, start=1)
        ]
    return []


def looks_extreme(lengths: dict[str, int], longest: bool) -> list[str]:
    """The options that look longest (or shortest) at a glance.

    Within ``LOOKS_SAME`` of the extreme length, or ``LOOKS_SAME_CHARS`` characters, a reader cannot
    tell them apart.
    """
    edge = max(lengths.values()) if longest else min(lengths.values())
    slack = max(LOOKS_SAME * edge, LOOKS_SAME_CHARS)
    return [k for k, n in lengths.items() if abs(n - edge) <= slack]


def cue_picks(cs: ChoiceSet) -> dict[str, list[str]]:
    """What each content cue points to.

    The options that look longest, look shortest, and share most distinctive words with the stem
    (several when they tie).
    """
    lengths = {o.key: _length(o.text) for o in cs.options}
    stem = _words(cs.stem)
    overlap = {o.key: len(stem & _words(o.text)) for o in cs.options}
    most = max(overlap.values())
    return {
        "longest": looks_extreme(lengths, True),
        "shortest": looks_extreme(lengths, False),
        "stem-words": [k for k, n in overlap.items() if n == most],
    }


def _cue_share(cs: ChoiceSet, cue: str) -> float:
    """The chance that following ``cue`` picks the key (ties split evenly)."""
    picks = cue_picks(cs)[cue]
    return sum(k in cs.keys for k in picks) / len(picks)


def _position(cs: ChoiceSet) -> int:
    (key,) = cs.keys
    return [o.key for o in cs.options].index(key)


# ---------------------------------------------------------------- per item


def _option_problems(item: Item, label: str, options: Sequence[Option]) -> list[Finding]:
    found = []
    lengths = [_length(o.text) for o in options]
    if lengths and min(lengths) > 0:
        short, long_ = min(lengths), max(lengths)
        if long_ > MAX_LENGTH_RATIO * short and long_ - short > LENGTH_SLACK:
            found.append(
                Finding(
                    item.file,
                    label,
                    "length-spread",
                    f"options range from {short} to {long_} characters "
                    f"(keep the longest within {MAX_LENGTH_RATIO:g} x the shortest)",
                )
            )
    for o in options:
        if _ABOVE.search(o.text):
            found.append(Finding(item.file, label, "above", f"option {o.key}: {o.text!r}"))
    return found


def _cue_problems(cs: ChoiceSet) -> list[Finding]:
    found = []
    item = cs.item
    key_opts = [o for o in cs.options if o.key in cs.keys]
    distractors = [o for o in cs.options if o.key not in cs.keys]
    if not key_opts or not distractors:
        return found
    key_words = set().union(*(_words(o.text) for o in key_opts))
    distractor_words = set().union(*(_words(o.text) for o in distractors))
    cue = sorted((_words(cs.stem) & key_words) - distractor_words)
    if cue:
        found.append(
            Finding(
                item.file,
                cs.label,
                "stem-cue",
                "the key alone repeats the stem's " + ", ".join(repr(w) for w in cue),
            )
        )

    def absolutes(text: str) -> set[str]:
        return set(_WORD.findall(text.lower())) & ABSOLUTE_WORDS

    in_distractors = [o.key for o in distractors if absolutes(o.text)]
    if len(in_distractors) >= 2 and not any(absolutes(o.text) for o in key_opts):
        found.append(
            Finding(
                item.file,
                cs.label,
                "absolute-cue",
                f"absolute words only in distractors ({', '.join(in_distractors)})",
            )
        )
    return found


def lint_item(item: Item) -> list[Finding]:
    """The per-item rules for one item."""
    found: list[Finding] = []
    for cs in choice_sets(item):
        found += _option_problems(item, cs.label, cs.options)
        found += _cue_problems(cs)
    if item.type == "multiple":
        found += _option_problems(item, item.id, item.options)
        if len(item.correct_keys) == len(item.options):
            found.append(Finding(item.file, item.id, "all-keyed", "every option is correct"))
    for name, text in learner_texts(item):
        match = _LETTER_REF.search(text)
        if match and not name.startswith("option") and "option" not in name.split()[-2:-1]:
            found.append(
                Finding(
                    item.file,
                    item.id,
                    "letter-ref",
                    f"{name} names an option by letter or place ({match.group(0)!r}); "
                    "options are shuffled, so name its content",
                )
            )
        match = _DRAFTING.search(text)
        if match:
            found.append(
                Finding(
                    item.file,
                    item.id,
                    "drafting-note",
                    f"{name} mentions an internal note ({match.group(0)!r})",
                )
            )
    return found


# ---------------------------------------------------------------- per module and bank


CUES = ("longest", "shortest", "stem-words")


@dataclass(frozen=True)
class CueCounts:
    """How often the key sits in each position and follows each cue, beside chance."""

    n: int
    position: dict[int, int]
    position_expected: dict[int, float]
    cues: dict[str, float]  # expected number of questions each cue gets right
    chance: float  # expected number right by guessing

    @classmethod
    def of(cls, sets: Iterable[ChoiceSet]) -> CueCounts:
        """Count positions and cues over ``sets``, with what chance alone would give."""
        sets = list(sets)
        position: Counter[int] = Counter()
        expected: dict[int, float] = defaultdict(float)
        cues = dict.fromkeys(CUES, 0.0)
        chance = 0.0
        for cs in sets:
            k = len(cs.options)
            position[_position(cs)] += 1
            for p in range(k):
                expected[p] += 1 / k
            for cue in CUES:
                cues[cue] += _cue_share(cs, cue)
            chance += 1 / k
        return cls(len(sets), dict(position), dict(expected), cues, chance)


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
