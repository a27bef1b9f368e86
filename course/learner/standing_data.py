"""The learner's standing as data: what :func:`course.learner.standing.build_dashboard` returns.

Frozen records: one answered item, the standing of a group of items, an objective, a module,
a confidently wrong answer, a day, and the whole dashboard. What each figure counts is set out
in :mod:`course.learner.standing`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from course.learner.store import Attempt
from course.questions.bank import Item


@dataclass(frozen=True)
class ItemRecord:
    """Everything the dashboard needs about one answered item."""

    item: Item
    first: Attempt
    latest: Attempt
    attempts: int

    @property
    def first_points(self) -> float:
        """Points earned on the first try."""
        return self.first.fraction * self.item.points

    @property
    def auto_marked(self) -> bool:
        """False for free-text items, which a person marks."""
        return self.first.correct is not None


@dataclass(frozen=True)
class Standing:
    """Figures for a group of items (one objective, one module, or the whole course).

    ``score`` (0 to 1) and ``cbm_average`` (−6 to +3) are ``None`` when nothing counts yet.
    """

    practice_items: int  # practice items in the group (what the self-checks show)
    practice_answered: int  # of those, how many have been answered
    answered: int  # distinct items answered (practice or not)
    marked: int  # answered items that are auto-marked (not free text)
    right_first: int  # marked items right on the first try
    right_now: int  # marked items whose latest answer is right
    points: float  # points earned on first tries
    points_possible: float  # points available on the marked items answered
    cbm_total: float
    cbm_rated: int  # first tries that carried a certainty rating

    @property
    def score(self) -> float | None:
        """Share of the points earned on first tries (0 to 1), or None."""
        return self.points / self.points_possible if self.points_possible else None

    @property
    def cbm_average(self) -> float | None:
        """Average certainty-based mark per rated first try (−6 to +3), or None."""
        return self.cbm_total / self.cbm_rated if self.cbm_rated else None


@dataclass(frozen=True)
class ObjectiveProgress:
    """One learning objective of one module."""

    module: str
    objective: str
    text: str
    standing: Standing
    met: bool | None


@dataclass(frozen=True)
class ModuleProgress:
    """One module: its objectives, its figures, whether it was opened and completed."""

    module: str
    title: str
    objectives: tuple[ObjectiveProgress, ...]
    standing: Standing
    opened: bool
    completed: bool

    @property
    def objectives_met(self) -> int:
        """How many objectives are met."""
        return sum(1 for o in self.objectives if o.met)

    @property
    def objectives_judged(self) -> int:
        """How many objectives the self-checks can judge."""
        return sum(1 for o in self.objectives if o.met is not None)


@dataclass(frozen=True)
class ConfidentlyWrong:
    """A wrong answer given with confidence, and whether it has been put right since."""

    item_id: str
    module: str
    objective: str
    stem: str
    red_flag: bool
    confidence: str
    answer: object
    ts: str
    misconceptions: tuple[str, ...]
    put_right_since: bool


@dataclass(frozen=True)
class DayHistory:
    """What happened on one day (UTC): answers, right answers and the certainty-based total."""

    day: date
    answered: int
    right: int
    cbm_total: float
    cbm_rated: int


@dataclass(frozen=True)
class Dashboard:
    """The whole picture: modules, history, confidently wrong answers and totals."""

    modules: tuple[ModuleProgress, ...]
    history: tuple[DayHistory, ...]
    confidently_wrong: tuple[ConfidentlyWrong, ...]
    overall: Standing
    items: dict[str, ItemRecord]
    unknown_attempts: int

    @property
    def empty(self) -> bool:
        """True when no bank item has been answered yet."""
        return not self.items

    def module(self, name: str) -> ModuleProgress:
        """The progress of one module (``KeyError`` naming the modules there are)."""
        for m in self.modules:
            if m.module == name:
                return m
        raise KeyError(
            f"No module {name!r} in the bank; the modules are "
            f"{', '.join(m.module for m in self.modules)}."
        )
