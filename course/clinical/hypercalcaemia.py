"""The treatment timeline of hypercalcaemia of malignancy, for the nurse's side of it.

Treatment: rehydrate with IV 0.9% saline, often several litres, keeping a
strict fluid balance and taking care in heart or kidney failure; then give an IV bisphosphonate
(zoledronic acid 4 mg over at least 15 minutes, or pamidronate 90 mg over 2 hours) once kidney
function has been checked. The bisphosphonate takes 2-4 days to act and calcium comes back to
normal over about 3-5 days, so calcium is not rechecked for at least 48 hours; U&E are monitored
throughout. Calcitonin acts fast but briefly; denosumab may be considered when bisphosphonates fail
(off-label in the UK); and the cancer itself is treated.

Every text the learner sees is data in ``assets/05_symptoms_and_emergencies/hypercalcaemia.yml``
(schema ``course/schemas/hypercalcaemia.schema.json``); this module holds the days and hours.

Times are counted from the bisphosphonate dose (day 0), which is how the onset and recheck rules
are stated. Adjusted calcium and its band live in :mod:`course.clinical.calcium`; this module does
not recompute them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from course.content import read_content
from course.errors import CourseError
from course.paths import assets_dir

#: Hours after the bisphosphonate before calcium is worth rechecking.
EARLIEST_RECHECK_HOURS = 48.0
#: Days after the bisphosphonate over which it starts to act.
ONSET_DAYS = (2.0, 4.0)
#: Days after the bisphosphonate over which calcium usually returns to normal.
NORMAL_DAYS = (3.0, 5.0)


#: The timeline's drawing: fluids start a day before the dose and run to day 2; the dose's bar.
FLUIDS_START_DAY = -1.0
FLUIDS_END_DAY = 2.0
DOSE_BAR_DAYS = 0.1


def _content() -> dict:
    path = assets_dir() / "05_symptoms_and_emergencies" / "hypercalcaemia.yml"
    return read_content(path, "hypercalcaemia")


def _text(value: str) -> str:
    return " ".join(value.split())


class TimelineError(CourseError, ValueError):
    """A time the timeline cannot use; the message says what is allowed."""


@dataclass(frozen=True)
class Phase:
    """One bar of the timeline: what happens from ``start_day`` to ``end_day``."""

    key: str
    label: str
    start_day: float
    end_day: float
    nurse: str


def timeline(heart_or_kidney_failure: bool = False) -> list[Phase]:
    """The phases of treatment, in days from the bisphosphonate dose (day 0).

    Parameters
    ----------
    heart_or_kidney_failure
        Whether the patient has heart or kidney failure, which changes how fluids are watched.

    Returns
    -------
    list of Phase
        Rehydration (starting before the dose), the dose, onset, the fall to normal, the earliest
        recheck and U&E monitoring.
    """
    phases = _content()["phases"]

    def phase(key: str, start: float, end: float, nurse: str | None = None) -> Phase:
        return Phase(key, phases[key]["label"], start, end, nurse or _text(phases[key]["nurse"]))

    fluid_care = _text(phases["fluids"]["nurse"])
    if heart_or_kidney_failure:
        fluid_care += " " + _text(phases["fluids"]["nurse_heart_or_kidney_failure"])
    return [
        phase("fluids", FLUIDS_START_DAY, FLUIDS_END_DAY, fluid_care),
        phase("bisphosphonate", 0.0, DOSE_BAR_DAYS),
        phase("onset", *ONSET_DAYS),
        phase("normal", *NORMAL_DAYS),
        phase("recheck", EARLIEST_RECHECK_HOURS / 24, NORMAL_DAYS[1]),
        phase("u_and_e", FLUIDS_START_DAY, NORMAL_DAYS[1]),
    ]


def _hours(value: float | int | str, what: str) -> float:
    if isinstance(value, bool):
        raise TimelineError(f"The {what} must be a number of hours (0 or more).")
    try:
        hours = (
            float(str(value).strip().replace(",", ".")) if isinstance(value, str) else float(value)
        )
    except (TypeError, ValueError):
        raise TimelineError(
            f"{value!r} is not a number of hours; type a number such as 24."
        ) from None
    if math.isnan(hours) or math.isinf(hours) or hours < 0:
        raise TimelineError(f"The {what} must be 0 hours or more, not {value!r}.")
    return hours


@dataclass(frozen=True)
class Status:
    """Where a patient is on the timeline ``hours`` after the bisphosphonate dose."""

    hours: float
    stage: str
    expect: str
    recheck_allowed: bool
    recheck_message: str


def status_at(hours_since_dose: float | int | str) -> Status:
    """What to expect, and whether to recheck calcium, this many hours after the bisphosphonate.

    Raises
    ------
    TimelineError
        For a negative, missing or non-numeric time.

    Examples
    --------
    >>> status_at(24).recheck_allowed
    False
    >>> status_at(48).recheck_allowed
    True
    """
    hours = _hours(hours_since_dose, "time since the bisphosphonate")
    days = hours / 24
    if days < ONSET_DAYS[0]:
        stage = "waiting"
    elif days < NORMAL_DAYS[0]:
        stage = "onset"
    elif days <= NORMAL_DAYS[1]:
        stage = "falling"
    else:
        stage = "after"
    texts = _content()
    expect = _text(texts["stages"][stage])
    allowed = hours >= EARLIEST_RECHECK_HOURS
    if allowed:
        message = _text(texts["recheck"]["allowed"])
    else:
        wait = EARLIEST_RECHECK_HOURS - hours
        message = _text(texts["recheck"]["too_early"]).format(
            wait=f"{wait:g}", hours_word="hours" if wait != 1 else "hour"
        )
    return Status(hours, stage, expect, allowed, message)


#: What the nurse does, one point per line.
NURSE_ROLE: tuple[str, ...] = tuple(_text(point) for point in _content()["nurse_role"])
