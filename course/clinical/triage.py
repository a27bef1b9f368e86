"""Red-flag recognition and urgency for a person with known cancer and bone metastases.

A teaching rule set for module 5: each *finding* a nurse may notice is either a red flag (with
the urgency it calls for and why) or not (with why not, and what to do instead). :func:`assess`
combines the findings of one patient, and optionally the band of their adjusted calcium, into one
of three responses:

- ``routine``: manage on the current plan and review as planned;
- ``same_day``: tell the treating team and have the patient reviewed today;
- ``emergency``: act now and escalate at once (MSCC coordinator, sepsis pathway, urgent admission).

The rules follow module 5: MSCC under NICE NG234 (2023, which replaced CG75), neutropenic
sepsis under NICE CG151 (with NEWS2 and NICE NG51 at assessment), hypercalcaemia bands from
the archived NHS CKS topic, and functional pain as a sign of an
impending fracture. Two simplifications are deliberate and explained to learners: spinal pain that
suggests metastases but comes with no neurological symptom is "same-day review" (NICE expects a
whole-spine MRI within a week, and the team must know today); and the spinal-pain and
neurological lists are the CG75 (replaced by NG234) lists, because NG234's own lists were not
read in NICE's text.
The patients in the vignettes all have a past or current cancer; the rules assume that.

The findings and their texts are data (``assets/05_symptoms_and_emergencies/
triage_findings.yml``, read once at import by :mod:`course.clinical.triage_findings`); the
vignettes of the exercise, and their marking, are :mod:`course.clinical.triage_vignettes`; this
module keeps the logic and exports every name of those two. No widgets. An unknown finding or
band raises :class:`TriageError` with a message that names the problem.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from course.clinical.triage_findings import (
    _RULES,
    CATEGORIES,
    FINDINGS,
    FINDINGS_FILE,
    URGENCY_ACTIONS,
    URGENCY_CODES,
    URGENCY_LABELS,
    Finding,
    TriageError,
    Urgency,
    finding,
)
from course.clinical.triage_vignettes import (
    MAX_VIGNETTE_SCORE,
    Vignette,
    VignetteContentError,
    VignetteMark,
    mark_vignette,
    parse_vignettes,
    read_vignettes,
)

#: The bands of :func:`course.clinical.calcium.calcium_band` (NHS CKS) and how urgent
#: each is for this triage without symptoms; with symptoms of high calcium, any band from mild
#: upwards is an emergency. "low" and "borderline" are not high calcium: the calculator's own
#: advice (report it, repeat the test) applies.
CALCIUM_BANDS: dict[str, Urgency] = {
    "low": Urgency.ROUTINE,
    "normal": Urgency.ROUTINE,
    "borderline": Urgency.ROUTINE,
    "mild": Urgency.SAME_DAY,
    "moderate": Urgency.SAME_DAY,
    "severe": Urgency.EMERGENCY,
}

_RAISED_BANDS = ("mild", "moderate", "severe")

_CALCIUM_SYMPTOMS = {
    "thirst_and_passing_more_urine",
    "new_constipation_and_nausea",
    "new_confusion_or_drowsiness",
}


@dataclass(frozen=True)
class Reason:
    """One line of the assessment: a finding (or the calcium band) and what it calls for."""

    code: str
    label: str
    red_flag: bool
    urgency: Urgency
    explanation: str
    action: str


@dataclass(frozen=True)
class Assessment:
    """The outcome of :func:`assess`: the overall urgency and the reasons behind it."""

    urgency: Urgency
    reasons: tuple[Reason, ...]
    red_flags: tuple[str, ...]
    categories: tuple[str, ...]

    @property
    def actions(self) -> list[str]:
        """What the nurse does, most urgent first, without repeats."""
        out = [URGENCY_ACTIONS[self.urgency]]
        for reason in sorted(self.reasons, key=lambda r: -r.urgency):
            if reason.action not in out:
                out.append(reason.action)
        return out


def band_of(adjusted_calcium_mmol_l: float) -> str:
    """The NHS CKS band key of an adjusted calcium, from :mod:`course.clinical.calcium`.

    Raises
    ------
    TriageError
        With the calculator's message, for a value that cannot be a calcium in mmol/L.
    """
    from course.clinical.calcium import CalciumInputError, calcium_band

    try:
        return calcium_band(adjusted_calcium_mmol_l).key
    except CalciumInputError as exc:
        raise TriageError(str(exc)) from None


def parse_band(band: str | None) -> str | None:
    """Check a calcium band name (``None`` means no result); return it in lower case."""
    if band is None:
        return None
    if not isinstance(band, str) or band.strip().lower() not in CALCIUM_BANDS:
        raise TriageError(
            f"{band!r} is not a calcium band; use one of {', '.join(CALCIUM_BANDS)} "
            "(or leave it empty when there is no result)."
        )
    return band.strip().lower()


def _calcium_reason(band: str, codes: list[str]) -> Reason:
    """What the calcium band adds: with symptoms of high calcium, any raised band is urgent."""
    texts = _RULES["calcium_reasons"]
    symptoms = _CALCIUM_SYMPTOMS.intersection(codes)
    if band in _RAISED_BANDS and symptoms:
        key, code, red = "with_symptoms", f"calcium_{band}_with_symptoms", True
        urgency = Urgency.EMERGENCY
    elif band == "severe":
        key, code, red, urgency = "severe", "calcium_severe", True, Urgency.EMERGENCY
    elif band in _RAISED_BANDS:
        key, code, red, urgency = "raised", f"calcium_{band}", True, CALCIUM_BANDS[band]
    else:
        key, code, red, urgency = "not_raised", f"calcium_{band}", False, Urgency.ROUTINE
    fill = {
        "band": band,
        "symptoms": ", ".join(FINDINGS[s].label.lower() for s in sorted(symptoms)),
        "detail": "" if band == "normal" else f" ({band})",
    }
    text = texts[key]
    return Reason(
        code,
        text["label"].format(**fill),
        red,
        urgency,
        text["explanation"].format(**fill),
        text["action"].format(**fill),
    )


def assess(findings: Iterable[str], calcium_band: str | None = None) -> Assessment:
    """Combine one patient's findings (and calcium band, if known) into an urgency.

    Parameters
    ----------
    findings
        Finding codes from :data:`FINDINGS` (repeats are ignored).
    calcium_band
        The NHS CKS band of the patient's adjusted calcium (``normal``, ``mild``, ``moderate``,
        ``severe``), or ``None`` when there is no result. Compute it with
        :mod:`course.clinical.calcium`.

    Returns
    -------
    Assessment
        The most urgent response any finding or combination calls for, with one reason each.

    Raises
    ------
    TriageError
        For an unknown finding code or band.

    Examples
    --------
    >>> assess(["night_spinal_pain"]).urgency.code
    'same_day'
    >>> assess(["night_spinal_pain", "limb_weakness"]).urgency.code
    'emergency'
    >>> assess(["thirst_and_passing_more_urine"], calcium_band="moderate").urgency.code
    'emergency'
    """
    if isinstance(findings, str):
        findings = [findings]
    codes = list(dict.fromkeys(findings))
    found = [finding(c) for c in codes]
    band = parse_band(calcium_band)
    reasons = [
        Reason(f.code, f.label, f.red_flag, f.urgency, f.explanation, f.action) for f in found
    ]

    if band is not None:
        reasons.append(_calcium_reason(band, codes))

    urgency = max((r.urgency for r in reasons), default=Urgency.ROUTINE)
    red = tuple(r.code for r in reasons if r.red_flag and r.code in FINDINGS)
    categories = tuple(dict.fromkeys(FINDINGS[c].category for c in red))
    return Assessment(urgency, tuple(reasons), red, categories)


def is_red_flag(code: str) -> bool:
    """Whether this finding is a red flag on its own."""
    return finding(code).red_flag


__all__ = [
    "CALCIUM_BANDS",
    "CATEGORIES",
    "FINDINGS",
    "FINDINGS_FILE",
    "MAX_VIGNETTE_SCORE",
    "URGENCY_ACTIONS",
    "URGENCY_CODES",
    "URGENCY_LABELS",
    "Assessment",
    "Finding",
    "Reason",
    "TriageError",
    "Urgency",
    "Vignette",
    "VignetteContentError",
    "VignetteMark",
    "assess",
    "band_of",
    "finding",
    "is_red_flag",
    "mark_vignette",
    "parse_band",
    "parse_vignettes",
    "read_vignettes",
]
