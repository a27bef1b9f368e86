"""Zoledronic acid and denosumab: the facts side by side, and what a patient factor changes.

The facts (how each drug works, how and how often it is given, what to check, side effects, what to
teach) are data in ``assets/04_treatments/bone_drugs.yml``. This module holds the rule for what
changes when the patient has a particular factor (FACTS 4.13-4.20, 5.10):

- **Kidney function.** Zoledronic acid: creatinine before every dose; creatinine clearance
  above 60 mL/min, usual dose; 30 to 60 mL/min (mild to moderate impairment), the prescriber reduces
  the dose from the product information's table; below 30 mL/min (severe), generally not
  recommended (the exception weighed is high calcium caused by cancer). Denosumab: no dose
  change for the kidneys, but below 30 mL/min (or on dialysis) severe low calcium is more likely.
- **Low calcium.** Denosumab: correct it before the dose. Zoledronic acid lowers calcium too:
  tell the prescriber before the dose.
- **Dental work planned.** Both: dental check and treatment first; delay if mouth wounds are
  unhealed; tell the dentist (osteonecrosis of the jaw).
- **High calcium.** No calcium supplements with denosumab; zoledronic acid 4 mg once treats it
  after rehydration.
- **Already on another bone drug.** Denosumab is not given with another denosumab product or a
  bisphosphonate; zoledronic acid is not added to denosumab or to another bisphosphonate.

Zoledronic acid's renal bands (above 60, 30 to 60, below 30 mL/min) are those of the Zometa SmPC
that FACTS 4.14-4.15 cite; FACTS itself gives no numbers, so every kidney message names the SmPC
and local protocol. The reduced doses themselves are left to the prescriber's table.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache
from numbers import Real

import yaml

from course.paths import assets_dir

DRUGS = ("zoledronic_acid", "denosumab")
OTHER_BONE_DRUGS = {
    "none": "None",
    "bisphosphonate": "A bisphosphonate (e.g. oral, or another IV one)",
    "denosumab_product": "A denosumab product (e.g. Prolia for osteoporosis)",
}
#: From least to most change to the plan; a drug's overall status is its worst factor's.
STATUS_ORDER = ("usual", "caution", "adjust", "delay", "avoid")
STATUS_LABELS = {
    "usual": "Usual plan",
    "caution": "Give with extra checks",
    "adjust": "Plan changes",
    "delay": "Wait: sort this out first",
    "avoid": "Not recommended: talk to the prescriber",
}
#: Creatinine clearance (mL/min) above which zoledronic acid needs no renal dose reduction.
ZOLEDRONIC_FULL_DOSE_ABOVE = 60.0
#: Creatinine clearance (mL/min) below which kidney function is severely impaired.
SEVERE_RENAL_BELOW = 30.0
#: Largest creatinine clearance the rule accepts (mL/min); higher values are typing errors.
MAX_PLAUSIBLE_CRCL = 250.0


class BoneDrugInputError(ValueError):
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
    """

    creatinine_clearance: float | None = None
    low_calcium: bool = False
    dental_work_planned: bool = False
    hypercalcaemia: bool = False
    other_bone_drug: str = "none"

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
        return STATUS_LABELS[self.status]


@lru_cache(maxsize=1)
def drug_facts() -> dict:
    """The side-by-side facts from ``assets/04_treatments/bone_drugs.yml``.

    Returns
    -------
    dict
        ``{"aspects": {key: label}, "drugs": {drug: {aspect: text, ...}}}``.
    """
    path = assets_dir() / "04_treatments" / "bone_drugs.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for drug in DRUGS:
        missing = [a for a in data["aspects"] if not data["drugs"][drug].get(a)]
        if missing:
            raise ValueError(f"{path.name}: {drug} has no text for {', '.join(missing)}")
    return data


def zoledronic_acid_renal_band(creatinine_clearance: float) -> Change:
    """What kidney function means for zoledronic acid.

    Parameters
    ----------
    creatinine_clearance
        mL/min.

    Returns
    -------
    Change
        ``usual`` above 60 mL/min, ``adjust`` from 30 to 60, ``avoid`` below 30.
    """
    crcl = PatientFactors(creatinine_clearance=creatinine_clearance).creatinine_clearance
    source = (
        "FACTS 4.15; kidney bands from the Zometa SmPC (local protocol may differ); "
        "MHRA Drug Safety Update"
    )
    if crcl > ZOLEDRONIC_FULL_DOSE_ABOVE:
        return Change(
            "kidney function",
            "usual",
            f"Creatinine clearance {crcl:g} mL/min (above 60): no dose reduction for the "
            "kidneys. Still check creatinine before every dose and make sure the patient has "
            "had enough to drink.",
            source,
        )
    if crcl >= SEVERE_RENAL_BELOW:
        return Change(
            "kidney function",
            "adjust",
            f"Creatinine clearance {crcl:g} mL/min (30 to 60: mild to moderate impairment): "
            "the prescriber reduces the dose using the product information's table. Make sure "
            "the patient is well hydrated, check creatinine before every dose and report any "
            "rise before the infusion is given.",
            source,
        )
    return Change(
        "kidney function",
        "avoid",
        f"Creatinine clearance {crcl:g} mL/min (below 30: severe impairment): zoledronic acid "
        "is generally not recommended. The one situation where it may still be weighed is high "
        "calcium caused by cancer. Do not give it before the prescriber has reviewed this.",
        source,
    )


def _renal(factors: PatientFactors, zol: DrugAdvice, den: DrugAdvice) -> None:
    crcl = factors.creatinine_clearance
    if crcl is None:
        zol.changes.append(
            Change(
                "kidney function",
                "delay",
                "Kidney function is not known: a serum creatinine result is needed before every "
                "dose of zoledronic acid.",
                "FACTS 4.15",
            )
        )
        return
    band = zoledronic_acid_renal_band(crcl)
    if band.status == "avoid" and factors.hypercalcaemia:
        band = Change(
            band.factor,
            "avoid",
            band.action + " High calcium is present, so the team may weigh that exception.",
            band.source,
        )
    zol.changes.append(band)
    if crcl < SEVERE_RENAL_BELOW:
        den.changes.append(
            Change(
                "kidney function",
                "caution",
                f"Creatinine clearance {crcl:g} mL/min (below 30): no dose change for denosumab, "
                "but severe low calcium is more likely (also on dialysis). Check calcium closely, "
                "make sure calcium and vitamin D are taken (unless calcium is high) and teach the "
                "signs of low calcium.",
                "FACTS 4.18-4.19; Xgeva product information",
            )
        )


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
        den.changes.append(
            Change(
                "low calcium",
                "delay",
                "Low calcium must be corrected before denosumab is given; tell the prescriber and "
                "recheck calcium.",
                "FACTS 4.18",
            )
        )
        zol.changes.append(
            Change(
                "low calcium",
                "caution",
                "Zoledronic acid lowers calcium further: tell the prescriber before the dose, and "
                "make sure the prescribed calcium and vitamin D are being taken.",
                "FACTS 4.13-4.14, 5.10",
            )
        )

    if factors.hypercalcaemia:
        den.changes.append(
            Change(
                "high calcium",
                "adjust",
                "No calcium supplements while calcium is high (vitamin D and calcium are only "
                "given when the patient is not hypercalcaemic). Denosumab is an option for high "
                "calcium when bisphosphonates have not worked.",
                "FACTS 4.18, 5.10",
            )
        )
        zol.changes.append(
            Change(
                "high calcium",
                "adjust",
                "High calcium caused by cancer is treated with IV fluids first, then zoledronic "
                "acid 4 mg once. Hold calcium supplements while calcium is high, check kidney "
                "function, and do not recheck calcium for at least 48 hours.",
                "FACTS 4.14, 5.10",
            )
        )

    if factors.dental_work_planned:
        for advice in (zol, den):
            advice.changes.append(
                Change(
                    "dental work planned",
                    "delay",
                    "Osteonecrosis of the jaw can follow dental work. Have the dental check and "
                    "any needed treatment done before starting, delay the start while any mouth "
                    "wound is unhealed, and make sure the dentist knows about the drug.",
                    "FACTS 4.20",
                )
            )

    if factors.other_bone_drug == "denosumab_product":
        den.changes.append(
            Change(
                "another bone drug",
                "avoid",
                "Already on a denosumab product (such as Prolia): two denosumab products are never "
                "given together. Stop and check with the prescriber.",
                "FACTS 4.19",
            )
        )
        zol.changes.append(
            Change(
                "another bone drug",
                "avoid",
                "Already on denosumab: denosumab and a bisphosphonate are not combined. Stop and "
                "check with the prescriber.",
                "FACTS 4.19",
            )
        )
    elif factors.other_bone_drug == "bisphosphonate":
        den.changes.append(
            Change(
                "another bone drug",
                "avoid",
                "Already on a bisphosphonate: denosumab is not combined with one. Stop and check "
                "with the prescriber which drug the patient should have.",
                "FACTS 4.19",
            )
        )
        zol.changes.append(
            Change(
                "another bone drug",
                "delay",
                "Already on a bisphosphonate: two are not given together. Check with the "
                "prescriber that the other one has been stopped before this infusion.",
                "FACTS 4.13-4.14",
            )
        )
    return {"zoledronic_acid": zol, "denosumab": den}
