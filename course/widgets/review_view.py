"""Review now: the questions due for review today, served as self-checks.

The schedule is :mod:`course.learner.review_schedule` (FSRS); this widget only shows it. Answers go
to the progress
store like any self-check, so the next schedule takes them into account (press **Refresh**).
"""

from __future__ import annotations

import html
from datetime import date, datetime

import ipywidgets as W

from course.learner.review_schedule import ReviewCard, due_on, schedule, upcoming
from course.learner.store import ProgressStore, get_store
from course.questions.bank import Bank, default_bank
from course.widgets.check_group import CheckGroup
from course.widgets.kit import widget_text, words

TEXT = widget_text("my_progress", "review_view", required=("nothing_yet", "how", "due_many"))


class ReviewNow(W.VBox):
    """The items due today (or on ``day``), red flags first, as a check group.

    Parameters
    ----------
    store
        The progress store (default: the learner's).
    bank
        The question bank (default: the course's).
    day
        The day to review for (default: today, UTC); a date, datetime or ``YYYY-MM-DD``.
    limit
        At most this many questions at once (the rest stay due).
    """

    def __init__(
        self,
        store: ProgressStore | None = None,
        bank: Bank | None = None,
        day: date | datetime | str | None = None,
        limit: int = 10,
    ):
        if limit < 1:
            raise ValueError("limit must be at least 1")
        self.store = store if store is not None else get_store()
        self.bank = bank if bank is not None else default_bank()
        self.day = day
        self.limit = limit
        self.header = W.HTML()
        self.body = W.VBox()
        self.coming = W.HTML()
        self.group: CheckGroup | None = None
        self.due: list[ReviewCard] = []
        self.refresh_button = W.Button(
            description=TEXT["refresh"],
            icon="refresh",
            tooltip=TEXT["refresh_tooltip"],
        )
        self.refresh_button.on_click(lambda _b: self.refresh())
        super().__init__([self.header, self.body, self.coming, self.refresh_button])
        self.add_class("bc-review")
        self.refresh()

    def refresh(self) -> None:
        """Rebuild the schedule from the progress store and show what is due."""
        cards = schedule(self.store, self.bank)
        self.due = due_on(cards, self.day)
        when = TEXT["today"] if self.day is None else TEXT["on_day"].format(day=self._day_text())
        if not cards:
            self.header.value = words(TEXT["nothing_yet"])
            self.body.children = []
            self.group = None
        elif not self.due:
            self.header.value = TEXT["nothing_due"].format(when=when)
            self.body.children = []
            self.group = None
        else:
            red = sum(1 for c in self.due if c.red_flag)
            shown = self.due[: self.limit]
            red_text = TEXT["red"].format(count=red) if red else ""
            more = TEXT["more"].format(count=len(shown)) if len(shown) < len(self.due) else ""
            due = TEXT["due_one" if len(self.due) == 1 else "due_many"]
            due = due.format(count=len(self.due), when=when)
            self.header.value = f"<p><b>{due}</b>{red_text}.{more} {words(TEXT['how'])}</p>"
            self.group = CheckGroup(
                [self.bank.item(c.item_id) for c in shown],
                title=TEXT["group_title"].format(when=when),
                store=self.store,
            )
            self.body.children = [self.group]
        soon = upcoming(cards, self.day, days=14)
        if soon:
            items = "".join(
                "<li>"
                + TEXT["coming_one" if n == 1 else "coming_many"].format(
                    day=f"{d:%a %d %b}", count=n
                )
                + "</li>"
                for d, n in soon
            )
            self.coming.value = f"<p>{TEXT['coming']}</p><ul>{items}</ul>"
        else:
            self.coming.value = ""

    def _day_text(self) -> str:
        return html.escape(str(self.day)[:10])

    @property
    def due_ids(self) -> list[str]:
        """The ids of the items due, in the order served."""
        return [c.item_id for c in self.due]


def review_now(**kwargs) -> ReviewNow:
    """The questions due for review today, as self-checks (the notebook's one-line call)."""
    return ReviewNow(**kwargs)
