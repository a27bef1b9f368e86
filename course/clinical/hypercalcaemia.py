"""The treatment timeline of hypercalcaemia of malignancy, for the nurse's side of it.

Treatment (FACTS 5.10, 4.14-4.15): rehydrate with IV 0.9% saline, often several litres, keeping a
strict fluid balance and taking care in heart or kidney failure; then give an IV bisphosphonate
(zoledronic acid 4 mg over at least 15 minutes, or pamidronate 90 mg over 2 hours) once kidney
function has been checked. The bisphosphonate takes 2-4 days to act and calcium comes back to
normal over about 3-5 days, so calcium is not rechecked for at least 48 hours; U&E are monitored
throughout. Calcitonin acts fast but briefly; denosumab is an option when bisphosphonates fail; and
the cancer itself is treated.

Times are counted from the bisphosphonate dose (day 0), which is how the onset and recheck rules
are stated. Adjusted calcium and its band live in :mod:`course.clinical.calcium`; this module does
not recompute them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

#: Hours after the bisphosphonate before calcium is worth rechecking.
EARLIEST_RECHECK_HOURS = 48.0
#: Days after the bisphosphonate over which it starts to act.
ONSET_DAYS = (2.0, 4.0)
#: Days after the bisphosphonate over which calcium usually returns to normal.
NORMAL_DAYS = (3.0, 5.0)


class TimelineError(ValueError):
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
    fluid_care = (
        "IV 0.9% saline, often several litres: keep a strict fluid balance chart, weigh daily if "
        "asked, and watch for breathlessness and swelling."
    )
    if heart_or_kidney_failure:
        fluid_care += (
            " With heart or kidney failure fluid overload comes quickly: check the rate with the "
            "prescriber, record observations often and report crackles, breathlessness, falling "
            "urine output or swelling at once."
        )
    return [
        Phase("fluids", "IV fluids (rehydration)", -1.0, 2.0, fluid_care),
        Phase(
            "bisphosphonate",
            "IV bisphosphonate",
            0.0,
            0.1,
            "Check kidney function (creatinine) first. Zoledronic acid 4 mg over at least 15 "
            "minutes, or pamidronate 90 mg over 2 hours, as prescribed. Warn about a flu-like "
            "reaction lasting 1-3 days, mainly after a first dose.",
        ),
        Phase(
            "onset",
            "Bisphosphonate starts to act",
            ONSET_DAYS[0],
            ONSET_DAYS[1],
            "The drug works by stopping bone breakdown, which takes days: an unchanged "
            "calcium on day 1 does not mean it has failed.",
        ),
        Phase(
            "normal",
            "Calcium back to normal (usually)",
            NORMAL_DAYS[0],
            NORMAL_DAYS[1],
            "Symptoms such as confusion and thirst should ease as calcium falls; tell the team "
            "if they do not.",
        ),
        Phase(
            "recheck",
            "Calcium recheck (not before 48 h)",
            EARLIEST_RECHECK_HOURS / 24,
            NORMAL_DAYS[1],
            "Recheck adjusted calcium no sooner than 48 hours after the dose, then as the "
            "team plans.",
        ),
        Phase(
            "u_and_e",
            "U&E monitoring",
            -1.0,
            NORMAL_DAYS[1],
            "Monitor U&E (kidney function and salts) throughout rehydration and after the "
            "bisphosphonate.",
        ),
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
        expect = (
            "The bisphosphonate has not started to act yet. Any early fall in calcium comes from "
            "the fluids. Keep the fluid balance and U&E going."
        )
    elif days < NORMAL_DAYS[0]:
        stage = "onset"
        expect = "The bisphosphonate is starting to act (2-4 days); calcium should begin to fall."
    elif days <= NORMAL_DAYS[1]:
        stage = "falling"
        expect = (
            "Calcium usually reaches the normal range over days 3-5. Symptoms should be easing."
        )
    else:
        stage = "after"
        expect = (
            "Calcium should have settled by now. If it has not, or it rises again, tell the team: "
            "denosumab is an option when bisphosphonates fail, and the cancer itself needs "
            "treatment."
        )
    if hours < EARLIEST_RECHECK_HOURS:
        wait = EARLIEST_RECHECK_HOURS - hours
        allowed = False
        message = (
            f"Too early to recheck calcium: wait another {wait:g} hour{'s' if wait != 1 else ''} "
            "(at least 48 hours after the dose). An earlier result would not show the drug's "
            "effect. U&E can still be checked."
        )
    else:
        allowed = True
        message = "Calcium can be rechecked now (48 hours or more after the dose)."
    return Status(hours, stage, expect, allowed, message)


NURSE_ROLE: tuple[str, ...] = (
    "Think of it: thirst, passing more urine, constipation, nausea, tiredness, drowsiness, "
    "confusion and worse pain can all be high calcium.",
    "Send calcium with albumin (or ionised calcium where the formula is unreliable) and kidney "
    "function, and work out the adjusted calcium.",
    "Run IV fluids as prescribed with a strict fluid balance chart; watch for fluid overload, "
    "especially in heart or kidney failure.",
    "Check creatinine before the bisphosphonate and give it over the time prescribed.",
    "Do not expect the bisphosphonate to lower calcium before day 2 (any earlier fall is from "
    "the fluids), and do not recheck calcium before 48 hours.",
    "Monitor U&E, symptoms and confusion; keep a confused patient safe.",
    "Explain what is happening to the patient and family; high calcium is a sign that the cancer "
    "is active, so it can prompt conversations about what matters to them.",
)
