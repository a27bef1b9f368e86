"""Review now: the questions due for review today, served as self-checks.

The schedule is :mod:`course.review` (FSRS); this widget only shows it. Answers go to the progress
store like any self-check, so the next schedule takes them into account (press **Refresh**).
"""

from __future__ import annotations

import html
from datetime import date, datetime

import ipywidgets as W

from course.bank import Bank, default_bank
from course.progress import ProgressStore, get_store
from course.review import ReviewCard, due_on, schedule, upcoming
from course.widgets.self_check import CheckGroup


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
            description="Refresh",
            icon="refresh",
            tooltip="Work out again what is due, after answering",
        )
        self.refresh_button.on_click(lambda _b: self.refresh())
        super().__init__([self.header, self.body, self.coming, self.refresh_button])
        self.add_class("bc-review")
        self.refresh()

    def refresh(self) -> None:
        """Rebuild the schedule from the progress store and show what is due."""
        cards = schedule(self.store, self.bank)
        self.due = due_on(cards, self.day)
        when = "today" if self.day is None else f"on {self._day_text()}"
        if not cards:
            self.header.value = (
                "<p><b>Nothing to review yet.</b> Questions you answer in the modules come back "
                "here on a schedule: the ones you got wrong, or right but unsure, come back "
                "soonest.</p>"
            )
            self.body.children = []
            self.group = None
        elif not self.due:
            self.header.value = f"<p>✔ <b>Nothing is due {when}.</b> Well done.</p>"
            self.body.children = []
            self.group = None
        else:
            red = sum(1 for c in self.due if c.red_flag)
            shown = self.due[: self.limit]
            red_text = f", {red} of them on red-flag topics (shown first)" if red else ""
            more = (
                f" Here are the first {len(shown)}; the rest stay due."
                if len(shown) < len(self.due)
                else ""
            )
            self.header.value = (
                f"<p><b>{len(self.due)} question{'s' if len(self.due) != 1 else ''} due {when}"
                f"</b>{red_text}.{more} Answer each one and say how sure you are; press "
                "<b>Refresh</b> afterwards to see the new schedule.</p>"
            )
            self.group = CheckGroup(
                [self.bank.item(c.item_id) for c in shown], title=f"Review {when}", store=self.store
            )
            self.body.children = [self.group]
        soon = upcoming(cards, self.day, days=14)
        if soon:
            items = "".join(
                f"<li>{d:%a %d %b}: {n} question{'s' if n != 1 else ''}</li>" for d, n in soon
            )
            self.coming.value = f"<p>Coming up in the next two weeks:</p><ul>{items}</ul>"
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
