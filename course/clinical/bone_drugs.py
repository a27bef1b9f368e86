"""Zoledronic acid and denosumab: the facts side by side, and what a patient factor changes.

The facts and every text the rule shows are data in ``assets/04_treatments/bone_drugs.yml``
(schema ``course/schemas/bone_drugs.schema.json``). This module holds only the rule that picks
which change applies (Zometa and Xgeva SmPCs; MHRA Drug Safety Update):

- **Kidney function.** Zoledronic acid: creatinine before every dose; above 60 mL/min the usual
  dose; 30 to 60 mL/min the reduced doses of the product information for regular doses, but
  not for the single dose that treats high calcium caused by cancer; below 30 mL/min generally
  not recommended (high calcium is the exception weighed). Denosumab: no dose change, but below
  30 mL/min severe low calcium is more likely.
- **Low calcium.** Both drugs: correct it first and delay the dose.
- **High calcium.** No calcium supplements with denosumab (off-label for high calcium in the UK);
  zoledronic acid 4 mg once after rehydration.
- **Dental work planned.** Before starting: dental treatment first. Already on the drug: avoid
  invasive dental work where possible.
- **Already on another bone drug.** Never two denosumab products, never denosumab with a
  bisphosphonate, never two bisphosphonates.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from numbers import Real

from course.content import read_content
from course.errors import CourseError
from course.paths import assets_dir

DRUGS = ("zoledronic_acid", "denosumab")
#: From least to most change to the plan; a drug's overall status is its worst factor's.
STATUS_ORDER = ("usual", "caution", "adjust", "delay", "avoid")
#: Creatinine clearance (mL/min) above which zoledronic acid needs no renal dose reduction
#: (Zometa SmPC, section 4.2).
ZOLEDRONIC_FULL_DOSE_ABOVE = 60.0
#: Creatinine clearance (mL/min) below which kidney function is severely impaired (Zometa and
#: Xgeva SmPCs).
SEVERE_RENAL_BELOW = 30.0
#: Largest creatinine clearance the rule accepts (mL/min); higher values are typing errors.
MAX_PLAUSIBLE_CRCL = 250.0


def _data_path():
    return assets_dir() / "04_treatments" / "bone_drugs.yml"


def drug_facts() -> dict:
    """The side-by-side facts and the rule's texts from ``assets/04_treatments/bone_drugs.yml``.

    Returns
    -------
    dict
        ``{"aspects": {key: label}, "drugs": {drug: {aspect: text, ...}}, "changes": {...},
        "status_labels": {...}, "other_bone_drugs": {...}, "creatinine_clearance_note": str}``.

    Raises
    ------
    course.errors.ContentError
        If the file is missing or breaks its schema (the message names file and entry).
    """
    return read_content(_data_path(), "bone_drugs")


_LABELS = drug_facts()
#: The other bone drugs a patient may already be on: key -> label.
OTHER_BONE_DRUGS: dict[str, str] = dict(_LABELS["other_bone_drugs"])
#: What each status means for the plan: key -> label.
STATUS_LABELS: dict[str, str] = dict(_LABELS["status_labels"])
#: How creatinine clearance differs from the eGFR on UK laboratory reports.
CREATININE_CLEARANCE_NOTE: str = " ".join(_LABELS["creatinine_clearance_note"].split())


class BoneDrugInputError(CourseError, ValueError):
    """A patient factor is not valid; the message says what is expected."""


@dataclass(frozen=True)
class PatientFactors:
    """The patient factors the rule looks at.

    Attributes
    ----------
    creatinine_clearance
        mL/min, or ``None`` if not known yet.
    low_calcium
        Calcium below the normal range.
    dental_work_planned
        A dental extraction or other dental treatment is planned.
    hypercalcaemia
        Calcium above the normal range (high calcium).
    other_bone_drug
        ``"none"``, ``"bisphosphonate"`` or ``"denosumab_product"``.
    already_on_drug
        The patient already has this bone drug (dental work is then judged for someone on it,
        not before starting).
    """

    creatinine_clearance: float | None = None
    low_calcium: bool = False
    dental_work_planned: bool = False
    hypercalcaemia: bool = False
    other_bone_drug: str = "none"
    already_on_drug: bool = False

    def __post_init__(self) -> None:
        crcl = self.creatinine_clearance
        if crcl is not None:
            if isinstance(crcl, bool) or not isinstance(crcl, Real) or math.isnan(crcl):
                raise BoneDrugInputError(
                    f"Creatinine clearance must be a number in mL/min, not {crcl!r}."
                )
            if crcl < 0 or crcl > MAX_PLAUSIBLE_CRCL:
                raise BoneDrugInputError(
                    f"A creatinine clearance of {crcl:g} mL/min is not possible; enter a value "
                    f"from 0 to {MAX_PLAUSIBLE_CRCL:g} mL/min."
                )
        if self.other_bone_drug not in OTHER_BONE_DRUGS:
            raise BoneDrugInputError(
                f"Other bone drug must be one of {', '.join(OTHER_BONE_DRUGS)}, "
                f"not {self.other_bone_drug!r}."
            )
        if self.low_calcium and self.hypercalcaemia:
            raise BoneDrugInputError(
                "Calcium cannot be both low and high at once; choose one of them."
            )


@dataclass(frozen=True)
class Change:
    """What one patient factor changes for one drug."""

    factor: str
    status: str
    action: str
    source: str


@dataclass
class DrugAdvice:
    """Everything that changes for one drug, with its overall status."""

    drug: str
    name: str
    changes: list[Change] = field(default_factory=list)

    @property
    def status(self) -> str:
        """The most serious status among the changes (``"usual"`` if none)."""
        if not self.changes:
            return "usual"
        return max((c.status for c in self.changes), key=STATUS_ORDER.index)

    @property
    def status_label(self) -> str:
        """The label of :attr:`status` shown to the learner."""
        return STATUS_LABELS[self.status]


def _change(key: str, crcl: float | None = None) -> Change:
    """The change ``key`` of the data file, with the creatinine clearance filled in."""
    entry = drug_facts()["changes"][key]
    action = " ".join(entry["action"].split())
    if crcl is not None:
        action = action.replace("{crcl}", f"{crcl:g}")
    return Change(entry["factor"], entry["status"], action, entry["source"])


def zoledronic_acid_renal_band(
    creatinine_clearance: float, *, hypercalcaemia: bool = False
) -> Change:
    """What kidney function means for zoledronic acid.

    Parameters
    ----------
    creatinine_clearance
        mL/min.
    hypercalcaemia
        High calcium caused by cancer is being treated: from 30 to 60 mL/min the single 4 mg dose
        is not reduced, and below 30 the team may weigh that exception.

    Returns
    -------
    Change
        ``usual`` above 60 mL/min, ``adjust`` from 30 to 60, ``avoid`` below 30.

    Raises
    ------
    BoneDrugInputError
        For a value that is not a possible creatinine clearance.
    """
    crcl = PatientFactors(creatinine_clearance=creatinine_clearance).creatinine_clearance
    if crcl > ZOLEDRONIC_FULL_DOSE_ABOVE:
        return _change("zol_kidney_usual", crcl)
    if crcl >= SEVERE_RENAL_BELOW:
        key = "zol_kidney_reduce_high_calcium" if hypercalcaemia else "zol_kidney_reduce"
        return _change(key, crcl)
    return _change("zol_kidney_avoid_exception" if hypercalcaemia else "zol_kidney_avoid", crcl)


def _renal(factors: PatientFactors, zol: DrugAdvice, den: DrugAdvice) -> None:
    crcl = factors.creatinine_clearance
    if crcl is None:
        zol.changes.append(_change("zol_kidney_unknown"))
        return
    zol.changes.append(zoledronic_acid_renal_band(crcl, hypercalcaemia=factors.hypercalcaemia))
    if crcl < SEVERE_RENAL_BELOW:
        den.changes.append(_change("den_kidney_severe", crcl))


#: The changes for each other bone drug already given: (zoledronic acid, denosumab).
_OTHER_DRUG_CHANGES = {
    "denosumab_product": ("zol_with_denosumab_product", "den_with_denosumab_product"),
    "bisphosphonate": ("zol_with_bisphosphonate", "den_with_bisphosphonate"),
}


def what_changes(factors: PatientFactors | None = None) -> dict[str, DrugAdvice]:
    """What each bone drug's plan becomes for this patient.

    Parameters
    ----------
    factors
        The patient's factors (default: none, kidney function unknown).

    Returns
    -------
    dict
        ``{"zoledronic_acid": DrugAdvice, "denosumab": DrugAdvice}``; each advice lists the
        changes and has an overall ``status`` from ``STATUS_ORDER``.

    Examples
    --------
    >>> advice = what_changes(PatientFactors(creatinine_clearance=25))
    >>> advice["zoledronic_acid"].status, advice["denosumab"].status
    ('avoid', 'caution')
    """
    factors = factors if factors is not None else PatientFactors()
    facts = drug_facts()["drugs"]
    zol = DrugAdvice("zoledronic_acid", facts["zoledronic_acid"]["name"])
    den = DrugAdvice("denosumab", facts["denosumab"]["name"])
    _renal(factors, zol, den)
    if factors.low_calcium:
        den.changes.append(_change("den_low_calcium"))
        zol.changes.append(_change("zol_low_calcium"))
    if factors.hypercalcaemia:
        den.changes.append(_change("den_high_calcium"))
        zol.changes.append(_change("zol_high_calcium"))
    if factors.dental_work_planned:
        key = "dental_planned_already_on" if factors.already_on_drug else "dental_planned"
        for advice in (zol, den):
            advice.changes.append(_change(key))
    if factors.other_bone_drug in _OTHER_DRUG_CHANGES:
        zol_key, den_key = _OTHER_DRUG_CHANGES[factors.other_bone_drug]
        den.changes.append(_change(den_key))
        zol.changes.append(_change(zol_key))
    return {"zoledronic_acid": zol, "denosumab": den}
