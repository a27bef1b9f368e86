"""Palliative external-beam radiotherapy for a painful bone metastasis, as a timeline.

One 8 Gy fraction relieves pain as well as a course of several fractions (for example 20 Gy in 5
or 30 Gy in 10), with fewer visits; retreatment of the same area is needed about twice as often
after a single fraction, and a Cochrane review also found more pathological fractures after it.
Relief builds over a couple of weeks, and retreating an area is possible.
A pain flare, a short rise in pain in the first days, affects about 30-40% of people; Chow et al.
(2015) measured it from the day of a single 8 Gy fraction to day 10.

The timeline counts days from the first treatment (day 0, a Monday) and gives treatments on
weekdays only. The windows it draws are teaching approximations of those facts, not predictions
for one person:

- *pain flare watch*: from the first treatment to 10 days after the last;
- *relief building*: from the first treatment to about 14 days after the last (relief may come
  sooner or, for some, later).

Only the single-fraction flare window (days 0-10) was measured in a trial. For courses of 5 or 10
fractions the same windows are simply counted from the last visit, an extrapolation (a flare can
also start during a longer course), and the summary says so (``MULTI_FRACTION_NOTE``).

The labels and sentences are data in ``assets/04_treatments/radiotherapy.yml`` (schema
``course/schemas/radiotherapy.schema.json``); this module holds the doses and day counts.
"""

from __future__ import annotations

from dataclasses import dataclass

from course.content import read_content
from course.errors import CourseError
from course.paths import assets_dir

#: Days after the last treatment during which to watch for a pain flare (Chow 2015: days 0-10).
FLARE_WATCH_DAYS = 10
#: "A couple of weeks" for relief to build, in days after the last treatment.
RELIEF_BUILD_DAYS = 14


def _content() -> dict:
    return read_content(assets_dir() / "04_treatments" / "radiotherapy.yml", "radiotherapy")


def _text(value: str) -> str:
    return " ".join(value.split())


#: Share of people who have a pain flare, as a range.
FLARE_RISK: str = _text(_content()["flare_risk"])
#: Shown with a multi-fraction timeline: its windows are extrapolated, not measured.
MULTI_FRACTION_NOTE: str = _text(_content()["multi_fraction_note"])
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


class RadiotherapyInputError(CourseError, ValueError):
    """An unknown schedule or an impossible day; the message lists what is allowed."""


@dataclass(frozen=True)
class Schedule:
    """A radiotherapy schedule: total dose in grays over a number of fractions (visits)."""

    key: str
    label: str
    total_dose_gy: float
    fractions: int

    @property
    def dose_per_fraction_gy(self) -> float:
        """The dose of one fraction, in grays."""
        return self.total_dose_gy / self.fractions


#: The schedules compared: key -> (total dose in grays, fractions).
_DOSES = {"8Gy_1": (8.0, 1), "20Gy_5": (20.0, 5), "30Gy_10": (30.0, 10)}
SCHEDULES: dict[str, Schedule] = {
    key: Schedule(key, _content()["schedules"][key], dose, fractions)
    for key, (dose, fractions) in _DOSES.items()
}


@dataclass(frozen=True)
class RadiotherapyTimeline:
    """What a schedule means for the patient, day by day.

    Attributes
    ----------
    schedule
        The schedule.
    treatment_days
        Days (from day 0, a Monday) on which a fraction is given; weekdays only.
    flare_watch
        (first day, last day) of the period to watch for a pain flare.
    relief_building
        (first day, last day) of the period over which relief usually builds.
    retreatment_relative
        Chance of needing retreatment of the same area, relative to a multi-fraction course.
    """

    schedule: Schedule
    treatment_days: tuple[int, ...]
    flare_watch: tuple[int, int]
    relief_building: tuple[int, int]
    retreatment_relative: float

    @property
    def visits(self) -> int:
        """Treatment visits (one per fraction)."""
        return len(self.treatment_days)

    @property
    def last_treatment_day(self) -> int:
        """The day of the last fraction."""
        return self.treatment_days[-1]

    @property
    def retreatment_text(self) -> str:
        """How often the same area needs treating again, in words."""
        texts = _content()["retreatment"]
        return _text(texts["single"] if self.retreatment_relative > 1 else texts["multi"])

    def summary(self) -> dict[str, str]:
        """The timeline in words, one entry per row of the widget's table."""
        first, last = 0, self.last_treatment_day
        words = _content()["summary"]
        flare = _text(words["pain_flare"]).format(
            flare_from=self.flare_watch[0], flare_to=self.flare_watch[1], flare_risk=FLARE_RISK
        )
        days = (
            ", ".join(f"day {d} ({weekday(d)})" for d in self.treatment_days)
            if self.visits <= 5
            else words["treatment_days_long"].format(first=first, last=last)
        )
        return {
            "Schedule": self.schedule.label,
            "Treatment visits": str(self.visits),
            "Treatment days": days,
            "Pain relief": _text(words["pain_relief"]).format(relief_day=self.relief_building[1]),
            "Pain flare": flare + ("" if self.visits == 1 else " " + MULTI_FRACTION_NOTE),
            "Retreatment": self.retreatment_text,
        }


def weekday(day: int) -> str:
    """The weekday of a timeline day (day 0 is a Monday)."""
    if isinstance(day, bool) or not isinstance(day, int) or day < 0:
        raise RadiotherapyInputError(f"A timeline day is a whole number from 0, not {day!r}.")
    return WEEKDAYS[day % 7]


def _weekdays_from_monday(count: int) -> tuple[int, ...]:
    days, day = [], 0
    while len(days) < count:
        if day % 7 < 5:
            days.append(day)
        day += 1
    return tuple(days)


def radiotherapy_timeline(schedule: str) -> RadiotherapyTimeline:
    """The timeline of one schedule.

    Parameters
    ----------
    schedule
        A key of ``SCHEDULES``: ``"8Gy_1"``, ``"20Gy_5"`` or ``"30Gy_10"``.

    Returns
    -------
    RadiotherapyTimeline

    Raises
    ------
    RadiotherapyInputError
        For a schedule the course does not cover.

    Examples
    --------
    >>> radiotherapy_timeline("30Gy_10").treatment_days
    (0, 1, 2, 3, 4, 7, 8, 9, 10, 11)
    """
    if not isinstance(schedule, str) or schedule not in SCHEDULES:
        raise RadiotherapyInputError(
            f"{schedule!r} is not one of the schedules compared here: "
            + ", ".join(f"{k} ({s.label})" for k, s in SCHEDULES.items())
            + "."
        )
    plan = SCHEDULES[schedule]
    days = _weekdays_from_monday(plan.fractions)
    last = days[-1]
    return RadiotherapyTimeline(
        schedule=plan,
        treatment_days=days,
        flare_watch=(0, last + FLARE_WATCH_DAYS),
        relief_building=(0, last + RELIEF_BUILD_DAYS),
        retreatment_relative=2.0 if plan.fractions == 1 else 1.0,
    )


def compare_schedules(
    first: str = "8Gy_1", second: str = "30Gy_10"
) -> tuple[RadiotherapyTimeline, RadiotherapyTimeline]:
    """Two timelines side by side (default: a single 8 Gy fraction against 30 Gy in 10)."""
    return radiotherapy_timeline(first), radiotherapy_timeline(second)
