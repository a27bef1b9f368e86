"""Spaced review.

Questions come back on a schedule set by how well, and how surely, they were answered (pure: no
widgets).

The scheduler is FSRS (the ``fsrs`` package, the algorithm Anki uses). Each item's card is rebuilt
from its whole attempt history every time, so the schedule is deterministic for a given history:
nothing but the attempts is stored. Each attempt becomes an FSRS rating:

================================  ==========  =====================================
Attempt                           Rating      First time: comes back after
================================  ==========  =====================================
wrong (or only partly right)      Again       1 day
right, "guessing"                 Hard        1 day
right, no rating or "fairly sure" Good        2 days
right, "sure"                     Easy        8 days
================================  ==========  =====================================

Later intervals grow with each successful review and shrink after a lapse. The course schedules
in whole days (no minute-long learning steps) without random fuzz, so the same history always
gives the same dates. Free-text items are not auto-marked and are left out; case items are
scheduled on the whole-case attempt (``<id>``), not on their steps.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

import fsrs

from course.learner.standing import attempts_of, is_step_id, parse_ts
from course.learner.store import Attempt, ProgressStore
from course.questions.bank import Bank, Item

_SCHEDULER = fsrs.Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)


def rating_for(attempt: Attempt) -> fsrs.Rating:
    """The FSRS rating an attempt stands for (see the table in the module docstring).

    Raises
    ------
    ValueError
        For an attempt that is not auto-marked (free text).
    """
    if attempt.correct is None:
        raise ValueError(f"{attempt.item_id}: a free-text answer is not marked, so not scheduled")
    if not attempt.correct:
        return fsrs.Rating.Again
    if attempt.confidence == "guessing":
        return fsrs.Rating.Hard
    if attempt.confidence == "sure":
        return fsrs.Rating.Easy
    return fsrs.Rating.Good


def _card_id(item_id: str) -> int:
    return int.from_bytes(hashlib.sha256(item_id.encode("utf-8")).digest()[:6], "big")


@dataclass(frozen=True)
class ReviewCard:
    """An item's place in the review schedule, rebuilt from its attempts."""

    item_id: str
    module: str
    red_flag: bool
    due: datetime
    stability: float
    difficulty: float
    reviews: int
    last_rating: str
    last_review: datetime

    @property
    def due_date(self) -> date:
        """The day (UTC) the item falls due."""
        return self.due.date()

    def interval_days(self) -> float:
        """Days from the last answer to the due time."""
        return (self.due - self.last_review).total_seconds() / 86400


def card_for(item_id: str, attempts: Iterable[Attempt]) -> fsrs.Card | None:
    """Replay an item's marked attempts (oldest first) through FSRS; ``None`` if there are none."""
    card: fsrs.Card | None = None
    for a in sorted(attempts, key=lambda a: (parse_ts(a.ts), a.id)):
        if a.correct is None:
            continue
        if card is None:
            card = fsrs.Card(card_id=_card_id(item_id))
        card, _log = _SCHEDULER.review_card(card, rating_for(a), parse_ts(a.ts))
    return card


def schedule(source: ProgressStore | Iterable[Attempt], bank: Bank) -> dict[str, ReviewCard]:
    """Every answered, auto-marked bank item's review card, keyed by item id.

    Attempts at case steps, at free-text items and at ids no longer in the bank are ignored.
    """
    per_item: dict[str, list[Attempt]] = defaultdict(list)
    for a in attempts_of(source):
        if is_step_id(a.item_id) or a.item_id not in bank or a.correct is None:
            continue
        per_item[a.item_id].append(a)
    cards = {}
    for item_id, tries in per_item.items():
        item: Item = bank.item(item_id)
        card = card_for(item_id, tries)
        if card is None:  # pragma: no cover - every list here has a marked attempt
            continue
        cards[item_id] = ReviewCard(
            item_id=item_id,
            module=item.module,
            red_flag=item.red_flag,
            due=card.due,
            stability=float(card.stability),
            difficulty=float(card.difficulty),
            reviews=len(tries),
            last_rating=rating_for(tries[-1]).name,
            last_review=card.last_review,
        )
    return cards


def _as_day(day: date | datetime | str | None) -> date:
    if day is None:
        return datetime.now(timezone.utc).date()
    if isinstance(day, datetime):
        return day.astimezone(timezone.utc).date() if day.tzinfo else day.date()
    if isinstance(day, date):
        return day
    try:
        return date.fromisoformat(str(day).strip())
    except ValueError:
        raise ValueError(
            f"{day!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-03-01"
        ) from None


def due_on(
    cards: dict[str, ReviewCard] | Iterable[ReviewCard], day: date | datetime | str | None = None
) -> list[ReviewCard]:
    """The cards due on or before ``day`` (UTC.

    Default today): red flags first, then the most overdue, then by id.
    """
    wanted = _as_day(day)
    values = cards.values() if isinstance(cards, dict) else cards
    due = [c for c in values if c.due_date <= wanted]
    return sorted(due, key=lambda c: (not c.red_flag, c.due, c.item_id))


def due_items(
    source: ProgressStore | Iterable[Attempt],
    bank: Bank,
    day: date | datetime | str | None = None,
) -> list[ReviewCard]:
    """Shortcut: :func:`schedule` then :func:`due_on`."""
    return due_on(schedule(source, bank), day)


def upcoming(
    cards: dict[str, ReviewCard], after: date | datetime | str | None = None, days: int = 14
) -> list[tuple[date, int]]:
    """How many cards fall due on each of the ``days`` days after ``after`` (default today)."""
    start = _as_day(after)
    counts: dict[date, int] = defaultdict(int)
    for c in cards.values():
        if start < c.due_date <= start + timedelta(days=days):
            counts[c.due_date] += 1
    return sorted(counts.items())


def missed_and_due(
    source: ProgressStore | Iterable[Attempt],
    bank: Bank,
    day: date | datetime | str | None = None,
) -> list[Item]:
    """The practice items to review on ``day`` (UTC; default today).

    Those whose latest marked answer was wrong, and those due in the schedule. In bank order;
    no item twice.

    Assessment items are left out even if answered, so a review deck never carries quiz answers.
    """
    cards = schedule(source, bank)
    wanted = {c.item_id for c in due_on(cards, day)}
    latest: dict[str, Attempt] = {}
    for a in attempts_of(source):
        if is_step_id(a.item_id) or a.item_id not in bank or a.correct is None:
            continue
        latest[a.item_id] = a
    wanted |= {item_id for item_id, a in latest.items() if not a.correct}
    return [item for item in bank if item.id in wanted and item.use == "practice"]
