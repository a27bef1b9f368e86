"""Spaced review schedules from seeded histories, checked against expected dates."""

from __future__ import annotations

from datetime import date, datetime, timezone

import fsrs
import pytest

from course.learner.review_schedule import (
    card_for,
    due_items,
    due_on,
    missed_and_due,
    rating_for,
    schedule,
    upcoming,
)
from course.learner.store import Attempt

M = "90_selftest"


def attempt(n, item_id, correct, confidence, ts, fraction=None):
    return Attempt(
        n,
        item_id,
        M,
        "a",
        correct,
        (1.0 if correct else 0.0) if fraction is None else fraction,
        confidence,
        ts,
        5,
    )


@pytest.mark.parametrize(
    ("correct", "confidence", "rating", "days"),
    [
        (False, "sure", fsrs.Rating.Again, 1),
        (False, None, fsrs.Rating.Again, 1),
        (True, "guessing", fsrs.Rating.Hard, 1),
        (True, None, fsrs.Rating.Good, 2),
        (True, "fairly sure", fsrs.Rating.Good, 2),
        (True, "sure", fsrs.Rating.Easy, 8),
    ],
)
def test_first_answer_sets_the_first_interval(bank, correct, confidence, rating, days):
    a = attempt(1, "m90-red-flag", correct, confidence, "2026-03-02T09:00:00+00:00")
    assert rating_for(a) == rating
    card = schedule([a], bank)["m90-red-flag"]
    assert card.due == datetime(2026, 3, 2 + days, 9, 0, tzinfo=timezone.utc)
    assert card.interval_days() == pytest.approx(days)


def test_wrong_or_unsure_comes_back_sooner_than_sure_and_right(bank):
    ts = "2026-03-02T09:00:00+00:00"
    cards = schedule(
        [
            attempt(1, "m90-red-flag", False, "sure", ts),
            attempt(2, "m90-multi", True, "guessing", ts),
            attempt(3, "m90-calcium", True, "sure", ts),
        ],
        bank,
    )
    assert cards["m90-red-flag"].interval_days() <= 1
    assert cards["m90-multi"].interval_days() <= 1
    assert cards["m90-calcium"].interval_days() >= 7


def test_partly_right_counts_as_wrong():
    a = attempt(1, "m90-multi", False, "fairly sure", "2026-03-02T09:00:00+00:00", fraction=0.5)
    assert rating_for(a) == fsrs.Rating.Again


def test_free_text_is_not_scheduled(bank):
    text = Attempt(1, "m90-explain", M, "words", None, 0.0, None, "2026-03-02T09:00:00+00:00", 9)
    with pytest.raises(ValueError, match="not marked"):
        rating_for(text)
    assert schedule([text], bank) == {}
    assert card_for("m90-explain", [text]) is None


def test_seeded_history_gives_the_expected_schedule(bank, store):
    cards = schedule(store, bank)
    # the text item, the case steps and the item that left the bank are not scheduled
    assert set(cards) == {"m90-red-flag", "m90-multi", "m90-calcium", "m90-case"}
    due = {k: c.due for k, c in cards.items()}
    utc = timezone.utc
    # wrong (sure), then right a minute later: back the next day
    assert due["m90-red-flag"] == datetime(2026, 3, 3, 9, 6, tzinfo=utc)
    # wrong on day 1, right but guessing on day 2: back the day after
    assert due["m90-multi"] == datetime(2026, 3, 4, 10, 10, tzinfo=utc)
    # wrong on day 1, right and sure on day 2: back in three days
    assert due["m90-calcium"] == datetime(2026, 3, 6, 10, 15, tzinfo=utc)
    # the whole case only half right: back the next day
    assert due["m90-case"] == datetime(2026, 3, 4, 10, 2, tzinfo=utc)
    assert cards["m90-calcium"].last_rating == "Easy" and cards["m90-calcium"].reviews == 2
    assert cards["m90-red-flag"].stability == pytest.approx(0.2467, abs=1e-3)


def test_items_due_on_a_date_red_flags_first_then_most_overdue(bank, store):
    assert [c.item_id for c in due_items(store, bank, "2026-03-02")] == []
    assert [c.item_id for c in due_items(store, bank, "2026-03-03")] == ["m90-red-flag"]
    assert [c.item_id for c in due_items(store, bank, date(2026, 3, 4))] == [
        "m90-red-flag",
        "m90-case",
        "m90-multi",
    ]
    assert len(due_items(store, bank, datetime(2026, 3, 6, 8, tzinfo=timezone.utc))) == 4


def test_schedule_is_deterministic_and_independent_of_attempt_order(bank, store):
    attempts = store.attempts()
    first = schedule(attempts, bank)
    again = schedule(list(reversed(attempts)), bank)
    assert first == again


def test_a_right_review_stretches_the_interval(bank):
    history = [attempt(1, "m90-red-flag", True, "fairly sure", "2026-03-02T09:00:00+00:00")]
    before = schedule(history, bank)["m90-red-flag"]
    history.append(attempt(2, "m90-red-flag", True, "fairly sure", "2026-03-04T09:00:00+00:00"))
    after = schedule(history, bank)["m90-red-flag"]
    assert after.interval_days() > before.interval_days()
    history.append(attempt(3, "m90-red-flag", False, "sure", after.due.isoformat()))
    lapsed = schedule(history, bank)["m90-red-flag"]
    assert lapsed.interval_days() < after.interval_days()


def test_upcoming_counts_cards_per_day(bank, store):
    cards = schedule(store, bank)
    assert upcoming(cards, "2026-03-02", days=7) == [
        (date(2026, 3, 3), 1),
        (date(2026, 3, 4), 2),
        (date(2026, 3, 6), 1),
    ]


def test_bad_date_gets_a_clear_message(bank, store):
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        due_on(schedule(store, bank), "next tuesday")


def test_missed_and_due_items_are_the_latest_wrong_and_the_due_ones(bank, store):
    # on day 1 nothing is due yet; the case's latest answer was only half right
    assert [i.id for i in missed_and_due(store, bank, "2026-03-02")] == ["m90-case"]
    # on 4 March three cards are due (the case among them): bank order, each once
    assert [i.id for i in missed_and_due(store, bank, "2026-03-04")] == [
        "m90-red-flag",
        "m90-multi",
        "m90-case",
    ]


def test_missed_items_never_include_assessment_items_or_unmarked_answers(bank):
    history = [
        attempt(1, "m90-assess", False, "sure", "2026-03-02T09:00:00+00:00"),
        attempt(2, "m90-explain", None, None, "2026-03-02T09:01:00+00:00"),
        attempt(3, "m90-calcium", False, "sure", "2026-03-02T09:02:00+00:00"),
        attempt(4, "m90-case#1", False, "sure", "2026-03-02T09:03:00+00:00"),
    ]
    assert [i.id for i in missed_and_due(history, bank, "2026-03-02")] == ["m90-calcium"]
