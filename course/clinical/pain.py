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
use a low dose of a strong opioid for moderate pain (FACTS 5.2-5.5). The course therefore shows the
ladder as a way to think, not a protocol; prescribing is the prescriber's decision.

Pain scores use the 0-10 numerical rating scale with a common convention for the words the ladder
uses: 0 none, 1-3 mild, 4-6 moderate, 7-10 severe.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable
from dataclasses import dataclass, field


class PainError(ValueError):
    """A pain score or drug the ladder cannot place; the message says what is allowed."""


@dataclass(frozen=True)
class Drug:
    """A pain drug the teaching ladder knows: its class and ladder step (0 for an adjuvant)."""

    code: str
    name: str
    drug_class: str  # non_opioid | nsaid | weak_opioid | strong_opioid | steroid
    step: int


DRUGS: dict[str, Drug] = {
    d.code: d
    for d in [
        Drug("paracetamol", "Paracetamol", "non_opioid", 1),
        Drug("ibuprofen", "Ibuprofen (NSAID)", "nsaid", 1),
        Drug("naproxen", "Naproxen (NSAID)", "nsaid", 1),
        Drug("codeine", "Codeine", "weak_opioid", 2),
        Drug("dihydrocodeine", "Dihydrocodeine", "weak_opioid", 2),
        Drug("tramadol", "Tramadol", "weak_opioid", 2),
        Drug("morphine", "Morphine", "strong_opioid", 3),
        Drug("oxycodone", "Oxycodone", "strong_opioid", 3),
        Drug("dexamethasone", "Dexamethasone (steroid, adjuvant)", "steroid", 0),
    ]
}

STEP_NAMES: dict[int, str] = {
    0: "No regular pain relief yet",
    1: "Step 1: non-opioid (paracetamol or an NSAID), with or without an adjuvant",
    2: "Step 2: weak opioid (such as codeine or tramadol), with or without a non-opioid",
    3: "Step 3: strong opioid (such as morphine), with or without a non-opioid",
}

#: Risk factors that change the nursing points.
RISKS: dict[str, str] = {
    "anticoagulant": "takes an anticoagulant",
    "kidney_problem": "has kidney problems",
    "stomach_ulcer_or_bleed": "has had a stomach ulcer or bleed",
    "diabetes": "has diabetes",
    "weight_bearing_pain": "has pain in a long bone on weight-bearing or use",
}

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
    if value == 0:
        return "none"
    if value <= 3:
        return "mild"
    if value <= 6:
        return "moderate"
    return "severe"


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
        return self.suggested_step > self.current_step


def _target_step(severity: str) -> int:
    return {"none": 0, "mild": 1, "moderate": 2, "severe": 3}[severity]


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
    target = _target_step(severity)
    classes = {d.drug_class for d in taken}
    controlled = severity in ("none", "mild") and current >= target

    if not taken and severity == "none":
        suggested = 0
        summary = "No pain and no regular pain relief: nothing to start. Keep asking about pain."
    elif controlled:
        suggested = current
        summary = (
            f"Pain is {severity} on {STEP_NAMES[current].split(':')[0].lower()}: keep the "
            "regular doses going by the clock and review. If pain stays low and the patient is "
            "drowsy on a strong opioid, the prescriber may reduce the dose."
        )
    elif current == 3:
        suggested = 3
        summary = (
            f"Pain is {severity} although the patient is on a strong opioid: stay on step 3 and "
            "ask the prescriber to review the dose. Ask for specialist palliative care advice "
            "and think about what else treats bone pain: radiotherapy, bone-targeted drugs, "
            "a steroid for pain from swelling."
        )
    else:
        suggested = min(3, max(current + 1, target))
        summary = (
            f"Pain is {severity} on {STEP_NAMES[current].split(':')[0].lower()}: the ladder "
            f"suggests moving to step {suggested} ({STEP_NAMES[suggested].split(': ', 1)[1]})."
        )
        if current == 0 and suggested > 1:
            summary += " The ladder starts at the step that matches the pain, not always at step 1."

    if suggested == 2 and current < 2:
        update = (
            "2018 update: the WHO no longer lists 'by the ladder' among its principles, and many "
            "teams would skip step 2 here and start a low dose of a strong opioid for moderate "
            "pain. Either is reasonable; the prescriber decides."
        )
    else:
        update = (
            "2018 update: the WHO keeps 'by mouth, by the clock, for the individual, with "
            "attention to detail'. Use the ladder as a framework, not a rigid protocol."
        )

    points = [
        "Give pain relief by mouth where possible and by the clock (regular doses), not only "
        "when pain returns; tell the patient not to wait until pain is bad before asking for more.",
        "Assess pain with the same 0-10 scale each time, and ask about its pattern: night pain, "
        "pain on movement or weight-bearing, new pain in the spine.",
    ]
    strong_now = "strong_opioid" in classes or suggested == 3
    if strong_now:
        points.append(
            "Every strong opioid needs a regular laxative prescribed with it, because opioid "
            "constipation does not wear off."
        )
        if "strong_opioid" in classes:
            points.append(
                "Check that a breakthrough (rescue) dose of immediate-release opioid is prescribed "
                "and record each one used: needing several a day means the regular dose needs "
                "review."
            )
        else:
            points.append(
                "NICE CG140 starting doses for someone new to strong opioids who has no kidney or "
                "liver problems: 20-30 mg oral morphine a day, such as 10-15 mg modified-release "
                "twice a day, plus 5 mg immediate-release morphine for breakthrough pain."
            )
        points.append(
            "Nausea when starting is common and usually passes; drowsiness with good pain "
            "control means the dose may be too high. Talk about any fear of addiction."
        )
    if suggested != current or not controlled:
        points.append(
            "Review the effect within a day or two of any change, and sooner if pain is severe."
        )
    points.append(
        "Bone pain also responds to radiotherapy and bone-targeted drugs; ask whether the team "
        "has considered them."
    )

    cautions = []
    has_nsaid = "nsaid" in classes
    if has_nsaid:
        cautions.append(
            "NSAID: helps bone pain, but can cause stomach bleeding and kidney harm. Watch for "
            "indigestion, black stools and falling urine output."
        )
        if "anticoagulant" in risk_codes:
            cautions.append(
                "NSAID with an anticoagulant raises the risk of bleeding: tell the "
                "prescriber before the next dose."
            )
        if "kidney_problem" in risk_codes:
            cautions.append(
                "NSAID with kidney problems: ask the prescriber to review; NSAIDs "
                "can worsen kidney function."
            )
        if "stomach_ulcer_or_bleed" in risk_codes:
            cautions.append(
                "NSAID after a stomach ulcer or bleed: ask the prescriber to review "
                "and about stomach protection."
            )
    if "steroid" in classes:
        cautions.append(
            "Steroid: can ease pain from swelling around a tumour. Ask about stomach protection "
            "and check blood glucose."
        )
        if "diabetes" in risk_codes:
            cautions.append(
                "Steroid with diabetes: glucose will rise; check it more often and "
                "tell the diabetes or medical team."
            )
    if strong_now and "kidney_problem" in risk_codes:
        cautions.append(
            "Strong opioid with kidney problems: the usual starting doses may not apply. NICE "
            "CG140 asks for specialist advice before a strong opioid is prescribed for moderate "
            "or severe kidney impairment; watch for drowsiness and confusion."
        )
    if "weight_bearing_pain" in risk_codes:
        cautions.append(
            "Pain in a long bone on weight-bearing may mean an impending fracture: this is a "
            "red flag for same-day review, whatever the analgesia."
        )

    return LadderAdvice(
        value, severity, taken, current, suggested, summary, update, points, cautions
    )
