"""Adjusted ("corrected") calcium, its NHS CKS severity band, and when not to trust it.

Pure arithmetic and rules, no Jupyter. Used by the module 3 calculator and by module 5.

Formula (NHS CKS), total calcium in mmol/L and albumin in g/L::

    adjusted calcium = measured calcium + 0.02 x (40 - albumin)

Bands, on the adjusted value rounded to 2 decimal places as labs report it (their labels and
actions are data in ``assets/03_diagnosis/calcium.yml``). Mild, moderate and severe are the NHS
CKS bands of the earlier, archived CKS topic on hypercalcaemia (cks.nhs.uk, no longer maintained;
its evidence dates from 2006 to 2008; bibliography key ``cks-hypercalcaemia-archive``). Other
schemes, such as BMJ Best Practice, use 3.0 and 3.5 mmol/L. The bands come with
the usual range roughly 2.2 to 2.6 mmol/L; "low" and "borderline" are the course's own labels
for values outside those bands (a teaching choice).
The one action taken from CKS is "admit urgently if severe or symptomatic"; the other actions are
the course's suggestions, and local policy decides:

==========  ====================  =================================================
band        adjusted (mmol/L)     what to do
==========  ====================  =================================================
low         below 2.20            below the usual range: report it (course label)
normal      2.20 to 2.60          no action for calcium itself
borderline  2.61 to 2.64          just above the usual range (course label)
mild        2.65 to 3.00          report the same day; symptoms: urgent admission
moderate    3.01 to 3.40          medical review today; symptoms: urgent admission
severe      above 3.40            emergency: urgent medical review and admission
==========  ====================  =================================================

The formula is unreliable with a paraprotein (myeloma), with acidosis and with
extreme albumin; then ionised calcium should be measured instead.

Units are checked: a calcium that looks like mg/dL, an albumin that looks like g/dL, or a value
no living patient could have raises a :class:`CalciumInputError` (a ``ValueError``) whose message
names the likely slip. The functions never return a number computed from a unit slip. Those
checks, their messages and the mg/dL conversion are :mod:`course.clinical.calcium_input`; this
module keeps the formula, the bands and the warnings, and exports every public name of that one.
"""

from __future__ import annotations

from dataclasses import dataclass

from course.clinical.calcium_input import (
    ADJUSTED_MAX_MMOL_L,
    ALBUMIN_LOOKS_LIKE_G_DL,
    ALBUMIN_PLAUSIBLE_G_L,
    CALCIUM_LOOKS_LIKE_MG_DL,
    CALCIUM_PLAUSIBLE_MMOL_L,
    MG_DL_PER_MMOL_L,
    CalciumInputError,
    ImpossibleValueError,
    LikelyUnitError,
    _as_number,
    _content,
    _round2,
    _text,
    check_albumin,
    check_calcium,
    mg_dl_to_mmol_l,
)

#: The reference albumin (g/L) and the slope (mmol/L of calcium per g/L of albumin), NHS CKS.
REFERENCE_ALBUMIN_G_L = 40.0
ADJUSTMENT_PER_G_L = 0.02

#: The course calls albumin "extreme" outside this range and advises ionised calcium. This is a
#: teaching choice: the sources say only "extreme albumin"; each laboratory sets its own limits.
ALBUMIN_RELIABLE_G_L = (20.0, 50.0)


@dataclass(frozen=True)
class Band:
    """A calcium severity band and what the nurse does about it."""

    key: str
    label: str
    range_text: str
    action: str
    urgent: bool


#: Band cut-offs on the adjusted value, mmol/L, judged at 2 decimal places. NHS CKS
#: "Hypercalcaemia" (the archived cks.nhs.uk topic, evidence 2006-2008): usual range roughly 2.2
#: to 2.6; mild 2.65-3.00, moderate 3.01-3.40, severe above 3.40. The "borderline" band
#: (2.61-2.64) is the course's label for the gap.
USUAL_LOW_BELOW = 2.20
USUAL_HIGH_MAX = 2.60
MILD_FROM = 2.65
MILD_MAX = 3.00
MODERATE_MAX = 3.40

#: The bands that call for medical review today or sooner (NHS CKS moderate and severe).
URGENT_BANDS = frozenset({"moderate", "severe"})


#: The bands, lowest first, with the texts of ``assets/03_diagnosis/calcium.yml``.
BANDS: dict[str, Band] = {
    key: Band(key, entry["label"], entry["range_text"], _text(entry["action"]), key in URGENT_BANDS)
    for key, entry in _content()["bands"].items()
}
#: Which scheme the bands follow, and that other schemes use 3.0 and 3.5 mmol/L.
SCHEME_NOTE: str = _text(_content()["scheme_note"])


@dataclass(frozen=True)
class CalciumResult:
    """Everything the calculator reports for one pair of results.

    Attributes
    ----------
    measured_calcium
        Measured total calcium, mmol/L.
    albumin
        Serum albumin, g/L.
    adjusted
        Adjusted calcium, mmol/L, rounded to 2 decimal places.
    correction
        What the adjustment added (negative when albumin is above 40 g/L), mmol/L.
    band
        The NHS CKS band of the adjusted value.
    warnings
        Reasons the adjusted value may not be trusted, each a sentence.
    ionised_advised
        True when ionised calcium should be measured instead.
    """

    measured_calcium: float
    albumin: float
    adjusted: float
    correction: float
    band: Band
    warnings: tuple[str, ...]
    ionised_advised: bool

    @property
    def working(self) -> str:
        """The sum written out, e.g. ``2.50 + 0.02 × (40 − 25) = 2.50 + 0.30 = 2.80 mmol/L``."""
        measured = _lab_format(self.measured_calcium)
        return (
            f"{measured} + 0.02 × (40 − {self.albumin:g}) = "
            f"{measured} {'+' if self.correction >= 0 else '−'} "
            f"{abs(self.correction):.2f} = {self.adjusted:.2f} mmol/L"
        )


def _lab_format(value: float) -> str:
    """Two decimal places as labs print calcium, or more if the value has them."""
    return f"{value:.2f}" if round(value, 2) == value else f"{value:g}"


def adjusted_calcium(calcium_mmol_l: float, albumin_g_l: float) -> float:
    """Adjusted calcium in mmol/L, rounded to 2 decimal places.

    Parameters
    ----------
    calcium_mmol_l
        Measured total serum calcium, mmol/L.
    albumin_g_l
        Serum albumin, g/L.

    Returns
    -------
    float
        ``calcium + 0.02 × (40 − albumin)``, rounded half up to 0.01 mmol/L.

    Raises
    ------
    CalciumInputError
        For a likely unit slip or an impossible value (see :func:`check_calcium`).

    Examples
    --------
    >>> adjusted_calcium(2.50, 25)
    2.8
    """
    calcium = check_calcium(calcium_mmol_l)
    albumin = check_albumin(albumin_g_l)
    return _round2(calcium + ADJUSTMENT_PER_G_L * (REFERENCE_ALBUMIN_G_L - albumin))


def calcium_band(adjusted_mmol_l: float) -> Band:
    """The NHS CKS band of an adjusted calcium (mmol/L), judged at 2 decimal places.

    Raises
    ------
    CalciumInputError
        If the value is not a plausible calcium in mmol/L.
    """
    value = _as_number(adjusted_mmol_l, "adjusted calcium", "mmol/L")
    if not 0 < value <= ADJUSTED_MAX_MMOL_L:
        check_calcium(value)  # raises the message naming the likely slip
    value = _round2(value)
    if value < USUAL_LOW_BELOW:
        return BANDS["low"]
    if value <= USUAL_HIGH_MAX:
        return BANDS["normal"]
    if value < MILD_FROM:
        return BANDS["borderline"]
    if value <= MILD_MAX:
        return BANDS["mild"]
    if value <= MODERATE_MAX:
        return BANDS["moderate"]
    return BANDS["severe"]


def reliability_warnings(
    albumin_g_l: float,
    *,
    myeloma: bool = False,
    paraprotein: bool = False,
    acidosis: bool = False,
) -> list[str]:
    """Reasons the albumin adjustment should not be trusted (empty when none apply).

    Parameters
    ----------
    albumin_g_l
        Serum albumin, g/L (already checked).
    myeloma, paraprotein
        Myeloma or another known paraprotein.
    acidosis
        The patient is acidotic (e.g. acute kidney injury, sepsis, diabetic ketoacidosis).
    """
    texts = _content()["warnings"]
    found = []
    if myeloma or paraprotein:
        found.append(_text(texts["paraprotein"]))
    if acidosis:
        found.append(_text(texts["acidosis"]))
    low, high = ALBUMIN_RELIABLE_G_L
    if albumin_g_l < low or albumin_g_l > high:
        extreme = _text(texts["extreme_albumin"])
        found.append(extreme.format(albumin=f"{albumin_g_l:g}", low=f"{low:g}", high=f"{high:g}"))
    return found


def assess_calcium(
    calcium_mmol_l: float,
    albumin_g_l: float,
    *,
    myeloma: bool = False,
    paraprotein: bool = False,
    acidosis: bool = False,
) -> CalciumResult:
    """Adjusted calcium, its band and what to do, with warnings where the formula is unreliable.

    Parameters
    ----------
    calcium_mmol_l
        Measured total serum calcium, mmol/L.
    albumin_g_l
        Serum albumin, g/L.
    myeloma, paraprotein, acidosis
        Situations in which the adjustment is unreliable.

    Returns
    -------
    CalciumResult

    Raises
    ------
    CalciumInputError
        For a likely unit slip (:class:`LikelyUnitError`) or an impossible value
        (:class:`ImpossibleValueError`).

    Examples
    --------
    >>> r = assess_calcium(2.50, 25)
    >>> r.adjusted, r.band.key
    (2.8, 'mild')
    """
    calcium = check_calcium(calcium_mmol_l)
    albumin = check_albumin(albumin_g_l)
    adjusted = adjusted_calcium(calcium, albumin)
    warnings = reliability_warnings(
        albumin, myeloma=myeloma, paraprotein=paraprotein, acidosis=acidosis
    )
    return CalciumResult(
        measured_calcium=calcium,
        albumin=albumin,
        adjusted=adjusted,
        correction=_round2(ADJUSTMENT_PER_G_L * (REFERENCE_ALBUMIN_G_L - albumin)),
        band=calcium_band(adjusted),
        warnings=tuple(warnings),
        ionised_advised=bool(warnings),
    )


__all__ = [
    "ADJUSTED_MAX_MMOL_L",
    "ADJUSTMENT_PER_G_L",
    "ALBUMIN_LOOKS_LIKE_G_DL",
    "ALBUMIN_PLAUSIBLE_G_L",
    "ALBUMIN_RELIABLE_G_L",
    "BANDS",
    "CALCIUM_LOOKS_LIKE_MG_DL",
    "CALCIUM_PLAUSIBLE_MMOL_L",
    "MG_DL_PER_MMOL_L",
    "MILD_FROM",
    "MILD_MAX",
    "MODERATE_MAX",
    "REFERENCE_ALBUMIN_G_L",
    "SCHEME_NOTE",
    "URGENT_BANDS",
    "USUAL_HIGH_MAX",
    "USUAL_LOW_BELOW",
    "Band",
    "CalciumInputError",
    "CalciumResult",
    "ImpossibleValueError",
    "LikelyUnitError",
    "adjusted_calcium",
    "assess_calcium",
    "calcium_band",
    "check_albumin",
    "check_calcium",
    "mg_dl_to_mmol_l",
    "reliability_warnings",
]
