"""Review now, headless: the items due are served as self-checks, and answering moves them on."""

from __future__ import annotations

import pytest

from course.learner.store import ProgressStore
from course.widgets.review_view import ReviewNow


def test_serves_the_items_due_red_flags_first(bank, store):
    review = ReviewNow(store=store, bank=bank, day="2026-03-04")
    assert "bc-review" in review._dom_classes
    assert review.due_ids == ["m90-red-flag", "m90-case", "m90-multi"]
    assert "3 questions due on 2026-03-04" in review.header.value
    assert "1 of them on red-flag topics" in review.header.value
    assert [c.item.id for c in review.group.checks] == review.due_ids
    assert "Fri 06 Mar: 1 question" in review.coming.value


def test_answering_a_due_item_records_it_and_moves_it_on(bank, store):
    review = ReviewNow(store=store, bank=bank, day="2026-03-04")
    check = review.group.checks[0]
    check.choice.value = "a"
    check.confidence.value = "sure"
    check.check_button.click()
    assert "Correct" in check.feedback.value
    assert store.attempts(item_id="m90-red-flag")[-1].correct is True
    review.refresh_button.click()
    assert "m90-red-flag" not in review.due_ids
    assert len(review.due_ids) == 2


def test_limit_shows_the_first_few_and_keeps_the_rest_due(bank, store):
    review = ReviewNow(store=store, bank=bank, day="2026-03-06", limit=2)
    assert len(review.due_ids) == 4
    assert len(review.group.checks) == 2
    assert "the rest stay due" in review.header.value


def test_nothing_due_and_nothing_yet(bank, store, tmp_path):
    assert (
        "Nothing is due on 2026-03-02"
        in ReviewNow(store=store, bank=bank, day="2026-03-02").header.value
    )
    empty = ReviewNow(store=ProgressStore(tmp_path / "empty.sqlite"), bank=bank)
    assert "Nothing to review yet" in empty.header.value
    assert empty.group is None and empty.coming.value == ""


def test_bad_arguments_get_clear_messages(bank, store):
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        ReviewNow(store=store, bank=bank, day="soon")
    with pytest.raises(ValueError, match="at least 1"):
        ReviewNow(store=store, bank=bank, limit=0)
