"""The item-writing linter's rules for one item, and the :class:`Finding` every rule reports.

See :mod:`course.questions.lint` for the rules and how to run them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from course.questions.bank import Item, Option
from course.questions.lint_cues import _WORD, ChoiceSet, _length, _words, choice_sets, learner_texts

#: longest / shortest option length allowed within one question ...
MAX_LENGTH_RATIO = 1.5
#: ... unless the options are at most this many characters apart
LENGTH_SLACK = 15

ABSOLUTE_WORDS = frozenset(
    "always never only all none every must cannot completely guaranteed entirely".split()
)

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
