"""What a test-wise learner can read off a question: lengths, stem words, key positions.

The cues the item-writing linter (:mod:`course.questions.lint`) measures, and the counts of how
often following each one would find the key, beside chance. ``bench/bench_testwise.py`` plays a
test-wise learner with the same cues.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from course.questions.bank import Item, Option

#: options whose lengths differ by at most this share (or this many characters) look alike
LOOKS_SAME = 0.10
LOOKS_SAME_CHARS = 4

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
