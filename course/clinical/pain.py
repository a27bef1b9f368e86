"""The WHO analgesic ladder as a teaching framework, with the 2018 update and nursing points.

Given how bad a patient's pain is and which pain drugs they take regularly, :func:`next_step` says
where they are on the ladder, what the framework suggests next, and what the nurse checks: a
laxative with every strong opioid, a breakthrough dose (NICE CG140 starting doses for someone new
to strong opioids with no kidney or liver problems), review, and the cautions for NSAIDs, steroids
and strong opioids with kidney problems.

The ladder (WHO 1986) has three steps: 1 a non-opioid (paracetamol, an NSAID); 2 a weak opioid
(codeine, tramadol); 3 a strong opioid (morphine). Adjuvants such as a steroid may be added at any
step. The WHO's 2018 guideline keeps "by mouth, by the clock, for the individual, with attention
to detail" but no longer names "by the ladder" among its principles, and many teams skip step 2 and
use a low dose of a strong opioid for moderate pain. The course therefore shows the
ladder as a way to think, not a protocol; prescribing is the prescriber's decision.

The drugs and every text the explorer shows are data (``assets/05_symptoms_and_emergencies/
pain_ladder.yml``); this module keeps the logic and the score bands.

Pain scores use the 0-10 numerical rating scale with a common convention for the words the ladder
uses: 0 none, 1-3 mild, 4-6 moderate, 7-10 severe.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from course.content import read_content
from course.errors import CourseError
from course.paths import assets_dir


class PainError(CourseError, ValueError):
    """A pain score or drug the ladder cannot place; the message says what is allowed."""


@dataclass(frozen=True)
class Drug:
    """A pain drug the teaching ladder knows: its class and ladder step (0 for an adjuvant)."""

    code: str
    name: str
    drug_class: str  # non_opioid | nsaid | weak_opioid | strong_opioid | steroid
    step: int


#: The drugs and the explorer's words, in ``assets/05_symptoms_and_emergencies/``.
LADDER_FILE = Path("05_symptoms_and_emergencies") / "pain_ladder.yml"
_TEXT = read_content(assets_dir() / LADDER_FILE, "pain_ladder")

DRUGS: dict[str, Drug] = {
    d["id"]: Drug(d["id"], d["name"], d["class"], d["step"]) for d in _TEXT["drugs"]
}

STEP_NAMES: dict[int, str] = dict(enumerate(_TEXT["steps"]))

#: Risk factors that change the nursing points.
RISKS: dict[str, str] = dict(_TEXT["risks"])

#: Pain-score bands of the 0-10 numerical rating scale (a common convention): the
#: highest score of each word, and the ladder step that matches it.
SCORE_BANDS: tuple[tuple[float, str], ...] = (
    (0, "none"),
    (3, "mild"),
    (6, "moderate"),
    (10, "severe"),
)
TARGET_STEP: dict[str, int] = {"none": 0, "mild": 1, "moderate": 2, "severe": 3}

SEVERITIES = ("none", "mild", "moderate", "severe")


def severity_from_score(score: float | int | str) -> str:
    """The ladder's word for a 0-10 pain score: none (0), mild (1-3), moderate (4-6), severe (7-10).

    Raises
    ------
    PainError
        When the score is not a number from 0 to 10.
    """
    if isinstance(score, bool):
        raise PainError("A pain score is a number from 0 (no pain) to 10 (worst imaginable).")
    try:
        value = (
            float(str(score).strip().replace(",", ".")) if isinstance(score, str) else float(score)
        )
    except (TypeError, ValueError):
        raise PainError(
            f"{score!r} is not a pain score; type a number from 0 (no pain) to 10 (worst "
            "imaginable)."
        ) from None
    if math.isnan(value) or not 0 <= value <= 10:
        raise PainError(f"A pain score runs from 0 to 10; {score!r} is outside that range.")
    return next(word for top, word in SCORE_BANDS if value <= top)


def drug(code: str) -> Drug:
    """The drug with this code; raise :class:`PainError` naming close matches."""
    if not isinstance(code, str):
        raise PainError(f"Name a drug by its code (text), not {code!r}.")
    key = code.strip().lower()
    if key in DRUGS:
        return DRUGS[key]
    close = difflib.get_close_matches(key, list(DRUGS), n=3)
    hint = f" Did you mean {', '.join(close)}?" if close else ""
    raise PainError(
        f"{code!r} is not a drug this teaching ladder knows ({', '.join(DRUGS)}).{hint}"
    )


@dataclass
class LadderAdvice:
    """What :func:`next_step` found: the current and suggested step and the nursing points."""

    score: float
    severity: str
    drugs: tuple[Drug, ...]
    current_step: int
    suggested_step: int
    summary: str
    update_2018: str
    nursing_points: list[str] = field(default_factory=list)
    cautions: list[str] = field(default_factory=list)

    @property
    def moves_up(self) -> bool:
        """Whether the framework suggests a higher step than the current one."""
        return self.suggested_step > self.current_step


def _target_step(severity: str) -> int:
    return TARGET_STEP[severity]


def _step_short(step: int) -> str:
    """``step 2`` (or ``no ladder step yet``) for use inside a sentence."""
    return STEP_NAMES[step].split(":")[0].lower()


def _names(taken: tuple[Drug, ...], drug_class: str) -> str:
    return " and ".join(d.name for d in taken if d.drug_class == drug_class)


def _summary(severity: str, taken: tuple[Drug, ...], current: int, target: int) -> tuple[int, str]:
    """The suggested step and the sentence that explains it."""
    text = _TEXT["summaries"]
    if current == 0 and severity == "none":
        suggested, summary = 0, text["nothing_needed"]
    elif severity in ("none", "mild") and current >= target:
        suggested = current
        summary = text["controlled"].format(severity=severity, step=_step_short(current))
    elif current == 3:
        suggested, summary = 3, text["on_strong_opioid"].format(severity=severity)
    else:
        suggested = min(3, max(current + 1, target))
        summary = text["move_up"].format(
            severity=severity,
            step=_step_short(current),
            suggested=suggested,
            name=STEP_NAMES[suggested].split(": ", 1)[1],
        )
        if current == 0 and suggested > 1:
            summary += text["start_higher"]
    if taken and current == 0:  # an adjuvant only: say what it is for
        summary = text["adjuvant_only"] + " " + summary
    return suggested, summary


def _points(
    classes: set[str], taken: tuple[Drug, ...], current: int, suggested: int, controlled: bool
) -> list[str]:
    """The nursing points for this place on the ladder."""
    text = _TEXT["points"]
    points = [text["by_the_clock"], text["same_scale"]]
    on_strong = "strong_opioid" in classes
    if on_strong or suggested == 3:
        points.append(text["laxative"])
        if on_strong:
            points += [text["breakthrough"], text["established_side_effects"]]
        else:
            points.append(text["starting_doses"])
            if "weak_opioid" in classes:
                points.append(text["replaces_weak"].format(weak=_names(taken, "weak_opioid")))
            points.append(text["starting_side_effects"])
        points.append(text["toxicity"])
    if suggested != current or not controlled:
        points.append(text["review"])
    points.append(text["other_treatments"])
    return points


def _cautions(
    classes: set[str], taken: tuple[Drug, ...], risks: list[str], strong_now: bool
) -> list[str]:
    """The cautions that the drugs and the patient's risks call for."""
    text = _TEXT["cautions"]
    cautions = []
    if "nsaid" in classes:
        cautions.append(text["nsaid"])
        for risk, key in (
            ("anticoagulant", "nsaid_anticoagulant"),
            ("kidney_problem", "nsaid_kidney"),
            ("stomach_ulcer_or_bleed", "nsaid_ulcer"),
        ):
            if risk in risks:
                cautions.append(text[key])
    if "steroid" in classes:
        cautions.append(text["steroid"])
        if "diabetes" in risks:
            cautions.append(text["steroid_diabetes"])
    if {"weak_opioid", "strong_opioid"} <= classes:
        cautions.append(
            text["weak_with_strong"].format(
                weak=_names(taken, "weak_opioid"), strong=_names(taken, "strong_opioid")
            )
        )
    if strong_now and "kidney_problem" in risks:
        cautions.append(text["strong_opioid_kidney"])
    if "weight_bearing_pain" in risks:
        cautions.append(text["weight_bearing"])
    return cautions


def next_step(
    score: float | int | str, drugs: Iterable[str] = (), risks: Iterable[str] = ()
) -> LadderAdvice:
    """Place a patient on the ladder and say what the framework suggests next.

    Parameters
    ----------
    score
        Pain now on a 0-10 scale, while taking the drugs listed.
    drugs
        Codes of the pain drugs taken regularly (see :data:`DRUGS`).
    risks
        Codes from :data:`RISKS` that change the nursing points.

    Returns
    -------
    LadderAdvice
        The current and suggested step, a summary, the 2018 update, nursing points and cautions.

    Raises
    ------
    PainError
        For a score outside 0-10, an unknown drug or risk.

    Examples
    --------
    >>> advice = next_step(5, ["paracetamol"])
    >>> advice.current_step, advice.suggested_step
    (1, 2)
    >>> next_step(8, ["paracetamol", "codeine"]).suggested_step
    3
    """
    if isinstance(drugs, str):
        drugs = [drugs]
    if isinstance(risks, str):
        risks = [risks]
    severity = severity_from_score(score)
    value = float(str(score).replace(",", ".")) if isinstance(score, str) else float(score)
    taken = tuple(dict.fromkeys(drug(d) for d in drugs))
    risk_codes = list(dict.fromkeys(risks))
    for r in risk_codes:
        if r not in RISKS:
            raise PainError(f"{r!r} is not a risk this tool knows ({', '.join(RISKS)}).")

    current = max((d.step for d in taken), default=0)
    classes = {d.drug_class for d in taken}
    suggested, summary = _summary(severity, taken, current, _target_step(severity))
    update_key = "skip_step_2" if suggested == 2 and current < 2 else "framework"
    strong_now = "strong_opioid" in classes or suggested == 3
    target = _target_step(severity)
    controlled = severity in ("none", "mild") and current >= target
    return LadderAdvice(
        value,
        severity,
        taken,
        current,
        suggested,
        summary,
        _TEXT["update_2018"][update_key],
        _points(classes, taken, current, suggested, controlled),
        _cautions(classes, taken, risk_codes, strong_now),
    )
