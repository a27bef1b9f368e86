"""The learner's progress, worked out from the progress store and the bank (pure: no widgets).

What counts
-----------
- One *answer* is one recorded attempt at a whole bank item. A case records one attempt per step
  (``<id>#<n>``) and one for the whole case (``<id>``); only the whole-case attempt is counted,
  and the step attempts are used only to name the misconceptions a case revealed.
- The **plain score** of an objective or module is the share of points earned on the *first* try
  at each item answered (a retry straight after reading the feedback proves little).
- The **certainty-based mark** (Moodle's scheme, :data:`course.questions.marking.CBM_MARKS`) is
averaged over
  those first tries that carried a "How sure are you?" rating: +3 is the best possible, and a
  negative average means confident mistakes are outweighing right answers.
- An objective is **met** when every auto-marked practice item of it has been answered and the
  latest answer to each is right. An objective with no such item cannot be judged (``None``).
- A module is **completed** when every one of its practice items has been answered at least once.
- A **confidently wrong** answer is a wrong answer given as "sure" or "fairly sure". Red-flag items
  (spinal cord compression, high calcium, sepsis and the like) come first, because a confident
  mistake there is the one that harms patients.

Attempts at ids that are no longer in the bank are left out of the figures and counted in
:attr:`Dashboard.unknown_attempts`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, timezone

from course.learner.standing_data import (
    ConfidentlyWrong,
    Dashboard,
    DayHistory,
    ItemRecord,
    ModuleProgress,
    ObjectiveProgress,
    Standing,
)
from course.learner.store import Attempt, ProgressStore
from course.questions.bank import Bank, Item
from course.questions.marking import CBM_MARKS, cbm_mark

#: confidence levels that make a wrong answer "confidently wrong", most confident first
CONFIDENT_LEVELS: tuple[str, ...] = ("sure", "fairly sure")


def parse_ts(ts: str) -> datetime:
    """Read a stored ISO 8601 time stamp as an aware UTC datetime (naive times are taken as UTC).

    Raises
    ------
    ValueError
        If ``ts`` is not an ISO 8601 time stamp.
    """
    text = str(ts).strip()
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def is_step_id(item_id: str) -> bool:
    """True for the id of one step of a case (``<id>#<n>``)."""
    return "#" in item_id


def attempts_of(source: ProgressStore | Iterable[Attempt]) -> list[Attempt]:
    """The attempts of a store (or an iterable of attempts), oldest first."""
    if isinstance(source, ProgressStore):
        return source.attempts()
    return sorted(source, key=lambda a: (parse_ts(a.ts), a.id))


def rated_cbm(attempt: Attempt) -> float | None:
    """The certainty-based mark of an attempt, or ``None`` if it is unrated or not auto-marked."""
    if attempt.correct is None or attempt.confidence not in CBM_MARKS:
        return None
    return cbm_mark(attempt.fraction, attempt.confidence)


def _standing(items: list[Item], records: dict[str, ItemRecord]) -> Standing:
    practice = sum(1 for i in items if i.use == "practice")
    answered = [records[i.id] for i in items if i.id in records]
    marked = [r for r in answered if r.auto_marked]
    rated = [m for m in (rated_cbm(r.first) for r in marked) if m is not None]
    return Standing(
        practice_items=practice,
        practice_answered=sum(1 for r in answered if r.item.use == "practice"),
        answered=len(answered),
        marked=len(marked),
        right_first=sum(1 for r in marked if r.first.correct),
        right_now=sum(1 for r in marked if r.latest.correct),
        points=round(sum(r.first_points for r in marked), 6),
        points_possible=sum(r.item.points for r in marked),
        cbm_total=float(sum(rated)),
        cbm_rated=len(rated),
    )


def _objective_met(items: list[Item], records: dict[str, ItemRecord]) -> bool | None:
    judged = [i for i in items if i.use == "practice" and i.type != "text"]
    if not judged:
        return None
    return all(i.id in records and records[i.id].latest.correct for i in judged)


def _misconceptions(item: Item, attempt: Attempt, steps: list[Attempt]) -> tuple[str, ...]:
    """The misconceptions a wrong answer reveals, read from the bank's options."""
    found: list[str] = []
    answer = attempt.answer
    try:
        if item.type == "single":
            found.append(item.option(str(answer)).misconception)
        elif item.type == "multiple":
            for key in answer or []:
                if key not in item.correct_keys:
                    found.append(item.option(str(key)).misconception)
        elif item.type == "numeric":
            value = float(answer)
            for d in item.distractors:
                if abs(d.value - value) <= max(item.tolerance, 1e-9):
                    found.append(d.misconception)
        elif item.type == "case":
            for step_attempt in steps:
                if step_attempt.correct is False:
                    n = int(step_attempt.item_id.rsplit("#", 1)[1]) - 1
                    if 0 <= n < len(item.steps):
                        found.append(item.steps[n].option(str(step_attempt.answer)).misconception)
    except (KeyError, TypeError, ValueError, IndexError):
        pass  # an answer recorded against an older version of the item
    unique: list[str] = []
    for text in found:
        if text and text not in unique:
            unique.append(text)
    return tuple(unique)


def _opened(
    source: ProgressStore | Iterable[Attempt], opened_modules: Iterable[str] | None
) -> set[str]:
    """The modules the learner opened: as given, else from the store's ``module_opened`` events."""
    if opened_modules is None:
        opened = (
            {e["module"] for e in source.events("module_opened")}
            if isinstance(source, ProgressStore)
            else set()
        )
    else:
        opened = set(opened_modules)
    return opened


def _group_attempts(
    attempts: list[Attempt], bank: Bank
) -> tuple[dict[str, list[Attempt]], dict[str, list[Attempt]], int]:
    """Group attempts by item.

    Returns
    -------
    tuple
        The attempts at each whole item, the attempts at each item's steps (by the item's id),
        and how many attempts were at items the bank does not hold.
    """
    per_item: dict[str, list[Attempt]] = defaultdict(list)
    steps_of: dict[str, list[Attempt]] = defaultdict(list)
    unknown = 0
    for a in attempts:
        base = a.item_id.split("#", 1)[0]
        if base not in bank:
            unknown += 1
            continue
        if is_step_id(a.item_id):
            steps_of[base].append(a)
        else:
            per_item[a.item_id].append(a)
    return per_item, steps_of, unknown


def _module_progress(
    bank: Bank, records: dict[str, ItemRecord], opened: set[str]
) -> tuple[ModuleProgress, ...]:
    """Each module's standing, overall and per objective, in the order of the module names."""
    modules = []
    for name in sorted(bank.modules):
        mod = bank.modules[name]
        objectives = []
        for key, text in mod.objectives.items():
            items = [i for i in mod.items if i.objective == key]
            objectives.append(
                ObjectiveProgress(
                    name, key, text, _standing(items, records), _objective_met(items, records)
                )
            )
        practice = [i for i in mod.items if i.use == "practice"]
        completed = bool(practice) and all(i.id in records for i in practice)
        modules.append(
            ModuleProgress(
                name,
                mod.title,
                tuple(objectives),
                _standing(list(mod.items), records),
                name in opened or any(i.id in records for i in mod.items),
                completed,
            )
        )
    return tuple(modules)


def _day_history(per_item: dict[str, list[Attempt]]) -> tuple[DayHistory, ...]:
    """Attempts, correct answers and certainty-based marks day by day, oldest first."""
    days: dict[date, list[Attempt]] = defaultdict(list)
    for tries in per_item.values():
        for a in tries:
            days[parse_ts(a.ts).date()].append(a)
    history = []
    for day in sorted(days):
        marks = [m for m in (rated_cbm(a) for a in days[day]) if m is not None]
        history.append(
            DayHistory(
                day,
                len(days[day]),
                sum(1 for a in days[day] if a.correct),
                float(sum(marks)),
                len(marks),
            )
        )
    return tuple(history)


def _confidently_wrong(
    per_item: dict[str, list[Attempt]],
    steps_of: dict[str, list[Attempt]],
    records: dict[str, ItemRecord],
) -> tuple[ConfidentlyWrong, ...]:
    """Every confident wrong answer, with the misconceptions its steps show.

    Red flags first, then those still wrong, then the most confident, then the most recent.
    """
    wrong = []
    for item_id, tries in per_item.items():
        item = records[item_id].item
        previous_id = None
        for n, a in enumerate(tries):
            if a.correct is False and a.confidence in CONFIDENT_LEVELS:
                steps = [
                    s
                    for s in steps_of.get(item_id, [])
                    if (previous_id is None or s.id > previous_id) and s.id < a.id
                ]
                wrong.append(
                    ConfidentlyWrong(
                        item_id,
                        item.module,
                        item.objective,
                        item.stem,
                        item.red_flag,
                        a.confidence,
                        a.answer,
                        a.ts,
                        _misconceptions(item, a, steps),
                        any(later.correct for later in tries[n + 1 :]),
                    )
                )
            previous_id = a.id
    # red flags first, then still wrong, then the most confident, then the most recent
    wrong.sort(key=lambda w: parse_ts(w.ts), reverse=True)
    wrong.sort(
        key=lambda w: (not w.red_flag, w.put_right_since, CONFIDENT_LEVELS.index(w.confidence))
    )
    return tuple(wrong)


def build_dashboard(
    source: ProgressStore | Iterable[Attempt],
    bank: Bank,
    opened_modules: Iterable[str] | None = None,
) -> Dashboard:
    """Work out the learner's progress.

    Parameters
    ----------
    source
        The progress store, or the attempts themselves (any order).
    bank
        The question bank: whatever modules it holds are the ones reported.
    opened_modules
        Modules the learner opened; by default read from the store's ``module_opened`` events
        (an empty set when ``source`` is a list of attempts).

    Returns
    -------
    Dashboard
        Per module and per objective figures, a day-by-day history and the confidently wrong
        answers (red flags first, then the most confident, then the most recent).
    """
    attempts = attempts_of(source)
    opened = _opened(source, opened_modules)
    per_item, steps_of, unknown = _group_attempts(attempts, bank)
    records = {
        item_id: ItemRecord(bank.item(item_id), tries[0], tries[-1], len(tries))
        for item_id, tries in per_item.items()
    }
    return Dashboard(
        modules=_module_progress(bank, records, opened),
        history=_day_history(per_item),
        confidently_wrong=_confidently_wrong(per_item, steps_of, records),
        overall=_standing(list(bank), records),
        items=records,
        unknown_attempts=unknown,
    )
