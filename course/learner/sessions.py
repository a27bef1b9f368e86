"""What the progress store says a learner did: time spent, and branching cases finished.

The learning record (:mod:`course.learner.record`) shows both.

A *session* starts when a module notebook is opened (a ``module_opened`` event) and runs to the
last answer that follows it with no gap longer than :data:`IDLE_GAP`, before the next notebook
is opened. Answers outside any session add the seconds they took (at most
:data:`MAX_ANSWER_SECONDS` each). Reading after the last answer is not seen, so the figure is a
floor.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from course.learner.standing import parse_ts
from course.learner.store import Attempt

IDLE_GAP = timedelta(minutes=30)
MAX_ANSWER_SECONDS = 600.0


@dataclass(frozen=True)
class Session:
    """A stretch of work on one module.

    From opening it (or from one answer given outside any session) to the last activity that
    follows.
    """

    start: datetime
    seconds: float
    module: str
    workshop: bool = False
    answers: int = 0


def sessions(attempts: list[Attempt], events: list[dict]) -> list[Session]:
    """The learner's sessions, oldest first (see the module docstring for how they are found).

    Parameters
    ----------
    attempts
        Every attempt, case steps included (they show activity).
    events
        Events with ``kind``, ``module`` and ``ts``. ``module_opened`` events start sessions;
        other events (such as ``case_finished`` from a branching case) count as activity.
    """
    opens = sorted(
        (
            (parse_ts(e["ts"]), e["module"], "workshop" in str(e.get("detail") or "").lower())
            for e in events
            if e.get("kind") == "module_opened" and e.get("module")
        ),
        key=lambda row: row[0],
    )
    # (moment, tie-break, seconds, module, whole answer?): attempts carry their own seconds
    activity = [
        (parse_ts(a.ts), n, a.seconds, a.module, "#" not in a.item_id)
        for n, a in enumerate(attempts)
    ]
    activity += [
        (parse_ts(e["ts"]), len(attempts) + n, None, e.get("module") or "", False)
        for n, e in enumerate(events)
        if e.get("kind") != "module_opened"
    ]
    activity.sort(key=lambda row: (row[0], row[1]))
    used: set[int] = set()
    out: list[Session] = []
    for n, (start, module, workshop) in enumerate(opens):
        bound = opens[n + 1][0] if n + 1 < len(opens) else None
        last, answers = start, 0
        for moment, key, _seconds, _module, whole in activity:
            if moment < start:
                continue
            if (bound is not None and moment >= bound) or moment - last > IDLE_GAP:
                break
            last = moment
            used.add(key)
            answers += int(whole and key < len(attempts))
        out.append(Session(start, (last - start).total_seconds(), module, workshop, answers))
    for moment, key, seconds, module, whole in activity:
        if key not in used and seconds:
            out.append(
                Session(moment, min(float(seconds), MAX_ANSWER_SECONDS), module, False, int(whole))
            )
    return sorted(out, key=lambda s: s.start)


def time_spent(attempts: list[Attempt], events: list[dict]) -> dict[str, float]:
    """Seconds spent per module: the sum of its :func:`sessions`."""
    totals: dict[str, float] = defaultdict(float)
    for session in sessions(attempts, events):
        totals[session.module] += session.seconds
    return dict(totals)


def cases_finished(events: list[dict]) -> list[tuple[str, str, str, str]]:
    """Branching cases worked to an end.

    (date, case id, outcome, score) from ``case_finished`` events, whose detail is ``<case
    id>:<outcome>:<got>/<best>``.
    """
    out = []
    for e in events:
        if e.get("kind") != "case_finished":
            continue
        parts = str(e.get("detail", "")).split(":")
        if len(parts) != 3:
            continue
        out.append((str(e["ts"])[:10], parts[0], parts[1], parts[2]))
    return out
