"""The question bank's items as data: options, case steps, items, modules and the bank.

Frozen records that :mod:`course.questions.bank` builds from the bank files and hands to the
self-check widgets, the nbgrader quiz builder and the exporters; :class:`Bank` selects and
looks items up. :class:`BankError` names the file, the item id and what is wrong.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from course.errors import CourseError

ITEM_TYPES = ("single", "multiple", "numeric", "text", "case")
USES = ("practice", "assessment")


class BankError(CourseError, ValueError):
    """A question-bank file or item is invalid; the message names the file and the item id."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("Invalid question bank:\n  - " + "\n  - ".join(self.problems))


@dataclass(frozen=True)
class Option:
    """One answer option of a choice question (or of one step of a case)."""

    key: str
    text: str
    feedback: str
    misconception: str = ""


@dataclass(frozen=True)
class Step:
    """One step of a case item: a single-choice question asked in order."""

    stem: str
    options: tuple[Option, ...]
    answer: str
    explanation: str = ""

    def option(self, key: str) -> Option:
        """The option with key ``key``; ``KeyError`` if the item has none."""
        for opt in self.options:
            if opt.key == key:
                return opt
        raise KeyError(key)


@dataclass(frozen=True)
class Distractor:
    """A known wrong numeric answer with the feedback it deserves."""

    value: float
    feedback: str
    misconception: str = ""


@dataclass(frozen=True)
class Item:
    """A validated bank item. ``raw`` keeps the YAML mapping for exporters."""

    id: str
    module: str
    objective: str
    objective_text: str
    type: str
    use: str
    stem: str
    explanation: str
    points: float
    source: str
    red_flag: bool = False
    tags: tuple[str, ...] = ()
    options: tuple[Option, ...] = ()
    answer: Any = None
    tolerance: float = 0.0
    unit: str = ""
    feedback_correct: str = ""
    feedback_wrong: str = ""
    distractors: tuple[Distractor, ...] = ()
    model_answer: str = ""
    rubric: tuple[str, ...] = ()
    scenario: str = ""
    steps: tuple[Step, ...] = ()
    file: str = ""
    raw: dict = field(default_factory=dict, compare=False, repr=False)

    def option(self, key: str) -> Option:
        """Return the option with this key (``KeyError`` if there is none)."""
        for opt in self.options:
            if opt.key == key:
                return opt
        raise KeyError(key)

    @property
    def correct_keys(self) -> frozenset[str]:
        """The keys of the correct options of a single or multiple choice item."""
        if self.type == "single":
            return frozenset([self.answer])
        if self.type == "multiple":
            return frozenset(self.answer)
        return frozenset()

    def shuffled_options(self, seed: int | str | None = None) -> list[Option]:
        """Options in a reproducible random order for this ``seed`` (``None``: bank order)."""
        options = list(self.options)
        if seed is None:
            return options
        rng = random.Random(f"{self.id}:{seed}")
        rng.shuffle(options)
        return options


@dataclass(frozen=True)
class Module:
    """One bank file: a module, its objectives and its items."""

    name: str
    title: str
    objectives: dict[str, str]
    items: tuple[Item, ...]
    file: str


class Bank:
    """All bank files of a folder, validated together (ids are unique across the whole bank)."""

    def __init__(self, modules: Iterable[Module]):
        self.modules: dict[str, Module] = {m.name: m for m in modules}
        self._items: dict[str, Item] = {}
        for module in self.modules.values():
            for item in module.items:
                self._items[item.id] = item

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self):
        return iter(self._items.values())

    def __contains__(self, item_id: str) -> bool:
        return item_id in self._items

    def item(self, item_id: str) -> Item:
        """Return the item with this id, or raise ``KeyError`` with close matches."""
        try:
            return self._items[item_id]
        except KeyError:
            import difflib

            close = difflib.get_close_matches(item_id, list(self._items), n=3)
            hint = f" Did you mean {', '.join(close)}?" if close else ""
            raise KeyError(f"No question with id {item_id!r} in the bank.{hint}") from None

    def only(self, use: str) -> Bank:
        """A bank of the same modules holding only the items for ``use``."""
        return Bank(
            Module(m.name, m.title, m.objectives, tuple(i for i in m.items if i.use == use), m.file)
            for m in self.modules.values()
        )

    def select(
        self,
        module: str | None = None,
        use: str | None = None,
        types: Iterable[str] | None = None,
        objective: str | None = None,
        red_flag: bool | None = None,
    ) -> list[Item]:
        """Items matching every given filter, in bank order."""
        wanted_types = set(types) if types is not None else None
        out = []
        for item in self._items.values():
            if module is not None and item.module != module:
                continue
            if use is not None and item.use != use:
                continue
            if wanted_types is not None and item.type not in wanted_types:
                continue
            if objective is not None and item.objective != objective:
                continue
            if red_flag is not None and item.red_flag != red_flag:
                continue
            out.append(item)
        return out
