"""A check group: several self-checks with a running score and a summary at the end.

Each question is a :class:`course.widgets.self_check.SelfCheck`; the group adds the score over
first tries, the certainty-based total and a verdict. Its words are ``group`` in
``assets/common/self_check.yml``.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

import ipywidgets as W

from course.learner.store import ProgressStore
from course.questions.bank import Item
from course.questions.marking import Result, cbm_mark
from course.widgets.kit import words
from course.widgets.self_check import LEARNER, TEXT, SelfCheck

_G = TEXT["group"]


class CheckGroup(W.VBox):
    """A short check of several items with a running score and a summary at the end.

    Parameters
    ----------
    items
        Item ids (or items), usually 3 to 6.
    title
        The heading, e.g. "Check 1.3: the remodelling cycle".
    """

    def __init__(
        self,
        items: Iterable[Item | str],
        title: str = "Check",
        store: ProgressStore | None | bool = None,
        seed: int | str | None = LEARNER,
        ask_confidence: bool = True,
    ):
        self.checks = [
            SelfCheck(
                i, store=store, seed=seed, ask_confidence=ask_confidence, label=f"Question {n}."
            )
            for n, i in enumerate(items, start=1)
        ]
        if not self.checks:
            raise ValueError("A check group needs at least one item.")
        self.first_results: dict[str, tuple[Result, str | None]] = {}
        self.title = W.HTML(f"<h4>{html.escape(title)}</h4>")
        self.score = W.HTML("")
        for c in self.checks:
            c.on_checked(self._update)
        self._update()
        super().__init__([self.title, *self.checks, self.score])

    def _update(self, check: SelfCheck | None = None, result: Result | None = None) -> None:
        if check is not None and check.last_result is not None:
            final = check.last_result
            if check.item.type != "case" or final.item_id == check.item.id:
                self.first_results.setdefault(check.item.id, (final, check.last_confidence))
        marked = [(r, c) for r, c in self.first_results.values() if r.correct is not None]
        total = sum(c.item.points for c in self.checks if c.item.type != "text")
        got = sum(r.points for r, _ in marked)
        done = len(self.first_results)
        n = len(self.checks)
        if done < n:
            self.score.value = _G["so_far"].format(
                done=done, count=n, got=f"{got:g}", total=f"{total:g}"
            )
            return
        cbm = [cbm_mark(r.fraction, c) for r, c in marked if c]
        cbm_text = ""
        if cbm:
            cbm_text = _G["certainty"].format(
                total=f"{sum(cbm):+g}", count=len(cbm), best=f"{3 * len(cbm):+g}"
            )
        pct = got / total if total else 0
        verdict = words(
            _G["well_done"] if pct >= 0.8 else _G["second_look"] if pct >= 0.5 else _G["reread"]
        )
        complete = _G["complete"].format(got=f"{got:g}", total=f"{total:g}", percent=f"{pct:.0%}")
        self.score.value = f"<p>{complete} {verdict}{cbm_text}</p>"

    @property
    def complete(self) -> bool:
        """Whether every check in the group has a first answer."""
        return len(self.first_results) == len(self.checks)


def check_group(item_ids: Iterable[str], title: str = "Check", **kwargs) -> CheckGroup:
    """Show a short check of several bank items with a score at the end."""
    return CheckGroup(list(item_ids), title=title, **kwargs)
