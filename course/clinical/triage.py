"""Red-flag recognition and urgency for a person with known cancer and bone metastases.

A teaching rule set for module 5: each *finding* a nurse may notice is either a red flag (with
the urgency it calls for and why) or not (with why not, and what to do instead). :func:`assess`
combines the findings of one patient, and optionally the band of their adjusted calcium, into one
of three responses:

- ``routine``: manage on the current plan and review as planned;
- ``same_day``: tell the treating team and have the patient reviewed today;
- ``emergency``: act now and escalate at once (MSCC coordinator, sepsis pathway, urgent admission).

The rules follow FACTS.md Module 5: MSCC under NICE NG234 (2023, which replaced CG75), neutropenic
sepsis under NICE CG151, hypercalcaemia bands from NHS CKS, and functional pain as a sign of an
impending fracture. Two simplifications are deliberate and explained to learners: spinal pain that
suggests metastases but comes with no neurological symptom is "same-day review" (NICE expects a
whole-spine MRI within a week, and the team must know today); and the spinal-pain and neurological
lists are the CG75 lists, because NG234's own lists were not read in NICE's text (FACTS 5.13-5.14).
The patients in the vignettes all have a past or current cancer; the rules assume that.

Pure logic: no widgets, no I/O. An unknown finding or band raises :class:`TriageError` with a
message that names the problem.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import IntEnum


class TriageError(ValueError):
    """A finding code or calcium band the rules do not know; the message says what is allowed."""


class Urgency(IntEnum):
    """The three responses, ordered so that ``max`` gives the most urgent."""

    ROUTINE = 0
    SAME_DAY = 1
    EMERGENCY = 2

    @property
    def label(self) -> str:
        """The name a learner sees."""
        return URGENCY_LABELS[self]

    @property
    def code(self) -> str:
        """The short code used in data files: ``routine``, ``same_day`` or ``emergency``."""
        return self.name.lower()

    @classmethod
    def parse(cls, value: str | Urgency) -> Urgency:
        """Read an urgency from its code (``"same_day"``), name or label; raise on anything else."""
        if isinstance(value, Urgency):
            return value
        if not isinstance(value, str):
            raise TriageError(
                f"An urgency must be one of {', '.join(URGENCY_CODES)}, not {value!r}."
            )
        text = value.strip().lower().replace("-", "_").replace(" ", "_")
        for urgency in cls:
            label = URGENCY_LABELS[urgency].lower().replace("-", "_").replace(" ", "_")
            if text in (urgency.code, label):
                return urgency
        raise TriageError(f"{value!r} is not an urgency; choose one of {', '.join(URGENCY_CODES)}.")


URGENCY_LABELS: dict[Urgency, str] = {
    Urgency.ROUTINE: "Routine",
    Urgency.SAME_DAY: "Same-day review",
    Urgency.EMERGENCY: "Emergency: escalate now",
}
URGENCY_CODES: tuple[str, ...] = tuple(u.code for u in Urgency)

#: What the nurse does at each level (the generic part; each finding adds its own action).
URGENCY_ACTIONS: dict[Urgency, str] = {
    Urgency.ROUTINE: (
        "Carry on with the care plan, record what you found, and review at the next planned "
        "contact. Make sure the patient knows which changes should make them call."
    ),
    Urgency.SAME_DAY: (
        "Tell the nurse in charge and the treating team now, and arrange for the patient to be "
        "reviewed today. Document what you found and what was agreed."
    ),
    Urgency.EMERGENCY: (
        "Act now: stay with the patient or arrange urgent attendance, escalate at once through "
        "the route this emergency needs, and do not wait for a routine review or the next day."
    ),
}

CATEGORIES: dict[str, str] = {
    "spinal_pain": "Spinal pain that suggests spinal metastases",
    "neurological": "Neurological symptoms or signs that suggest MSCC",
    "calcium": "High calcium (hypercalcaemia)",
    "infection": "Infection after chemotherapy (neutropenic sepsis)",
    "fracture": "Impending or actual fracture",
    "blood_counts": "Low blood counts",
    "other": "Not a red flag on its own",
}


@dataclass(frozen=True)
class Finding:
    """Something a nurse may notice, with whether it is a red flag and why.

    ``urgency`` is the response this finding calls for on its own; ``explanation`` says why (for a
    red flag) or why not (for a finding that is not one); ``action`` is what the nurse does.
    """

    code: str
    label: str
    category: str
    red_flag: bool
    urgency: Urgency
    explanation: str
    action: str
    source: str


def _f(code, label, category, red_flag, urgency, explanation, action, source) -> Finding:
    return Finding(code, label, category, red_flag, urgency, explanation, action, source)


_MSCC_COORDINATOR = (
    "Contact the MSCC coordinator (or the acute oncology team, as local policy names them) "
    "immediately; NICE expects a whole-spine MRI within 24 hours. Give dexamethasone as "
    "prescribed, with gastric protection and glucose checks. Immobilise (flat, log-roll) only if "
    "the spine may be unstable, as NG234 advises, or if local policy asks for it."
)
_SPINAL_SAME_DAY = (
    "Tell the treating team today and ask for a medical review; NICE expects a whole-spine MRI "
    "within one week for spinal pain like this without neurological symptoms. Tell the patient to "
    "report at once any weakness, numbness, or change in bladder or bowel control."
)

FINDINGS: dict[str, Finding] = {
    f.code: f
    for f in [
        # --- spinal pain suggesting spinal metastases (CG75 list, FACTS 5.13) ---------------
        _f(
            "thoracic_or_cervical_spinal_pain",
            "Pain in the upper or middle back (thoracic) or neck (cervical) spine",
            "spinal_pain",
            True,
            Urgency.SAME_DAY,
            "Pain in the thoracic or cervical spine is on the NICE CG75 list of spinal pain that "
            "suggests spinal metastases in someone with cancer. About two-thirds of MSCC is "
            "thoracic.",
            _SPINAL_SAME_DAY,
            "FACTS 5.12, 5.13 (NICE CG75 list)",
        ),
        _f(
            "progressive_lumbar_pain",
            "Low back (lumbar) pain that keeps getting worse",
            "spinal_pain",
            True,
            Urgency.SAME_DAY,
            "Lumbar pain that is progressive, rather than settling, suggests a growing deposit in "
            "the spine rather than simple back strain.",
            _SPINAL_SAME_DAY,
            "FACTS 5.13 (NICE CG75 list)",
        ),
        _f(
            "severe_unremitting_low_back_pain",
            "Severe low back pain that never lets up",
            "spinal_pain",
            True,
            Urgency.SAME_DAY,
            "Severe, unremitting low back pain in a person with cancer is on the NICE CG75 list; "
            "mechanical back pain usually eases with rest.",
            _SPINAL_SAME_DAY,
            "FACTS 5.13 (NICE CG75 list)",
        ),
        _f(
            "spinal_pain_worse_straining",
            "Back pain made worse by straining, coughing or sneezing",
            "spinal_pain",
            True,
            Urgency.SAME_DAY,
            "Pain that rises with straining (at stool, coughing, sneezing) reflects pressure "
            "inside the spinal canal and is on the NICE CG75 list.",
            _SPINAL_SAME_DAY,
            "FACTS 5.13 (NICE CG75 list)",
        ),
        _f(
            "localised_spinal_tenderness",
            "Tenderness over one spot of the spine",
            "spinal_pain",
            True,
            Urgency.SAME_DAY,
            "Tenderness localised to one level of the spine points to a deposit at that level.",
            _SPINAL_SAME_DAY,
            "FACTS 5.13 (NICE CG75 list)",
        ),
        _f(
            "night_spinal_pain",
            "Spinal pain at night that stops them sleeping",
            "spinal_pain",
            True,
            Urgency.SAME_DAY,
            "Night-time spinal pain that prevents sleep is on the NICE CG75 list; bone pain from "
            "metastases is often worse at night.",
            _SPINAL_SAME_DAY,
            "FACTS 5.1, 5.13 (NICE CG75 list)",
        ),
        # --- neurological symptoms or signs suggesting MSCC (CG75 list, FACTS 5.14) ----------
        _f(
            "radicular_pain",
            "Nerve-root pain shooting round the chest or down a limb, "
            "or a band of pain round the trunk",
            "neurological",
            True,
            Urgency.EMERGENCY,
            "Radicular (nerve-root) pain, often felt as a band round the chest or abdomen, means "
            "the deposit is pressing on nerves: a neurological symptom of MSCC.",
            _MSCC_COORDINATOR,
            "FACTS 5.14 (NICE CG75 list; band-like pain from trust sources)",
        ),
        _f(
            "limb_weakness",
            "Weakness in any limb, or legs that feel heavy",
            "neurological",
            True,
            Urgency.EMERGENCY,
            "New weakness in any limb is a neurological sign of cord compression. Ability to walk "
            "at diagnosis is the strongest predictor of walking afterwards, so hours matter.",
            _MSCC_COORDINATOR,
            "FACTS 5.14, 5.19",
        ),
        _f(
            "difficulty_walking",
            "New difficulty walking or unsteadiness",
            "neurological",
            True,
            Urgency.EMERGENCY,
            "Difficulty walking is on the NICE CG75 list of neurological symptoms of MSCC; once "
            "walking is lost it often does not come back.",
            _MSCC_COORDINATOR,
            "FACTS 5.14, 5.19",
        ),
        _f(
            "sensory_change",
            "Numbness, tingling or pins and needles in the limbs or trunk",
            "neurological",
            True,
            Urgency.EMERGENCY,
            "Loss of sensation or altered sensation is a neurological symptom of MSCC.",
            _MSCC_COORDINATOR,
            "FACTS 5.14; seed 002",
        ),
        _f(
            "saddle_numbness",
            "Numbness between the legs or around the bottom (saddle area)",
            "neurological",
            True,
            Urgency.EMERGENCY,
            "Saddle numbness is a sign of cauda equina compression at the bottom of the spinal "
            "canal.",
            _MSCC_COORDINATOR,
            "FACTS 5.14 (trust and patient sources)",
        ),
        _f(
            "bladder_or_bowel_change",
            "New difficulty passing urine, leaking urine or faeces",
            "neurological",
            True,
            Urgency.EMERGENCY,
            "Bladder or bowel dysfunction (retention or incontinence) is on the NICE CG75 list of "
            "neurological symptoms of MSCC and is often a late sign.",
            _MSCC_COORDINATOR,
            "FACTS 5.14",
        ),
        # --- high calcium (FACTS 5.7, 5.8) ----------------------------------------------------
        _f(
            "thirst_and_passing_more_urine",
            "Very thirsty and passing a lot of urine",
            "calcium",
            True,
            Urgency.SAME_DAY,
            "Thirst and passing more urine are early, vague symptoms of high calcium, which dries "
            "the patient out. Check an adjusted calcium today.",
            "Ask for bloods today (calcium with albumin, kidney function); encourage fluids if "
            "allowed and record fluid balance.",
            "FACTS 5.7",
        ),
        _f(
            "new_constipation_and_nausea",
            "New constipation with nausea, not explained by a new drug",
            "calcium",
            True,
            Urgency.SAME_DAY,
            "New constipation with nausea, without a new opioid to explain it, can be high "
            "calcium. Its symptoms are vague, so the nurse has to think of it.",
            "Ask for bloods today (calcium with albumin, kidney function) and treat the symptoms.",
            "FACTS 5.7",
        ),
        _f(
            "new_confusion_or_drowsiness",
            "New confusion or drowsiness",
            "calcium",
            True,
            Urgency.EMERGENCY,
            "New confusion or drowsiness can be severe hypercalcaemia, sepsis or another serious "
            "cause; symptomatic high calcium needs urgent admission.",
            "Call for an urgent medical review now, check observations and a blood glucose, and "
            "ask for urgent bloods including adjusted calcium. Keep the patient safe.",
            "FACTS 5.7, 5.8",
        ),
        # --- infection after chemotherapy (FACTS 5.21) ----------------------------------------
        _f(
            "fever_after_chemotherapy",
            "A temperature, or feeling hot and shivery, during chemotherapy",
            "infection",
            True,
            Urgency.EMERGENCY,
            "Fever after chemotherapy is neutropenic sepsis until proved otherwise: an acute "
            "medical emergency (NICE CG151).",
            "Follow the neutropenic sepsis pathway now: urgent assessment and IV antibiotics "
            "within an hour of arrival (door to needle). At home, the patient calls the 24-hour "
            "oncology advice line at once.",
            "FACTS 5.21 (NICE CG151)",
        ),
        _f(
            "unwell_after_chemotherapy",
            "Feeling suddenly unwell during chemotherapy, even without a temperature",
            "infection",
            True,
            Urgency.EMERGENCY,
            "Serious infection does not always start with a fever. Patients on chemotherapy "
            "are told to call if they feel unwell, not only if they have a temperature.",
            "Follow the neutropenic sepsis pathway now, as for a fever: urgent assessment and "
            "antibiotics within the hour. At home: the 24-hour oncology advice line.",
            "FACTS 5.21 (NICE CG151)",
        ),
        # --- fracture (FACTS 5.1, 4.23-4.25) ---------------------------------------------------
        _f(
            "pain_on_weight_bearing",
            "Pain in a thigh or arm bone that comes on with weight-bearing or use",
            "fracture",
            True,
            Urgency.SAME_DAY,
            "Pain in a long bone on weight-bearing or use (functional pain) suggests an impending "
            "fracture: it scores highest for pain in Mirels' score.",
            "Tell the team today and ask for imaging and an orthopaedic opinion; advise the "
            "patient to limit weight-bearing on that limb (walking aid) until reviewed.",
            "FACTS 5.1, 4.23-4.25",
        ),
        _f(
            "sudden_pain_cannot_bear_weight",
            "Sudden severe pain in a bone, a deformed or shortened limb, or unable to bear weight",
            "fracture",
            True,
            Urgency.EMERGENCY,
            "Sudden pain with loss of function after little or no injury suggests a pathological "
            "fracture.",
            "Keep the limb still and supported, give analgesia as prescribed, call for urgent "
            "medical review and imaging; do not make the patient walk on it.",
            "FACTS 5.1, 5.23, 4.25",
        ),
        # --- low blood counts (FACTS 5.20) -----------------------------------------------------
        _f(
            "new_bruising_or_bleeding",
            "New bruising, nosebleeds or bleeding gums",
            "blood_counts",
            True,
            Urgency.SAME_DAY,
            "New bruising or bleeding can mean low platelets from marrow infiltration or "
            "treatment.",
            "Ask for a full blood count today and tell the team; heavy bleeding is an emergency.",
            "FACTS 5.20",
        ),
        # --- findings that are not red flags on their own ---------------------------------------
        _f(
            "stable_controlled_bone_pain",
            "Known bone pain, unchanged and controlled on regular painkillers",
            "other",
            False,
            Urgency.ROUTINE,
            "Pain that is known, unchanged and controlled is not a red flag. A change in its "
            "pattern would be.",
            "Keep regular analgesia going, review pain at each contact and ask about any change.",
            "FACTS 5.1, 5.2",
        ),
        _f(
            "tiredness",
            "Tiredness that has built up over weeks",
            "other",
            False,
            Urgency.ROUTINE,
            "Fatigue is common and has many causes; on its own it is not an emergency, but look "
            "for the reversible ones (anaemia, high calcium, pain, drugs, low mood, poor sleep).",
            "Assess fatigue and its reversible causes; ask the team about a blood count and "
            "calcium at the next planned bloods.",
            "FACTS 5.22",
        ),
        _f(
            "constipation_on_opioid_without_laxative",
            "Constipation since starting morphine, with no laxative prescribed",
            "other",
            False,
            Urgency.ROUTINE,
            "Opioids constipate; with a clear cause and no other symptoms this is a prescribing "
            "gap, not a red flag.",
            "Ask the prescriber for a regular laxative: every strong opioid needs one.",
            "FACTS 5.4",
        ),
        _f(
            "nausea_starting_opioid",
            "Mild nausea in the first days of a strong opioid",
            "other",
            False,
            Urgency.ROUTINE,
            "Nausea when a strong opioid is started is common and usually passes.",
            "Reassure, offer an antiemetic if prescribed, and review in a few days.",
            "FACTS 5.4",
        ),
        _f(
            "worry_about_addiction",
            "Worried about becoming addicted to morphine",
            "other",
            False,
            Urgency.ROUTINE,
            "A common fear that deserves a conversation, not an escalation.",
            "Discuss the fear openly; NICE CG140 asks professionals to talk about it.",
            "FACTS 5.4",
        ),
        _f(
            "mechanical_ache_after_gardening",
            "Aching low back after a day's gardening that eases with rest",
            "other",
            False,
            Urgency.ROUTINE,
            "Back ache that has a clear cause and eases with rest is not on the list; but in "
            "someone with cancer, teach them what would change that (pain that keeps worsening, "
            "night pain, weakness, numbness, bladder or bowel change).",
            "Give simple advice and safety-net: say exactly which changes should make them call.",
            "FACTS 5.13",
        ),
    ]
}

#: The bands of :func:`course.clinical.calcium.calcium_band` (NHS CKS, FACTS 5.8) and how urgent
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


def finding(code: str) -> Finding:
    """The finding with this code; raise :class:`TriageError` naming close matches."""
    if not isinstance(code, str):
        raise TriageError(f"A finding is named by its code (text), not {code!r}.")
    try:
        return FINDINGS[code]
    except KeyError:
        close = difflib.get_close_matches(code, list(FINDINGS), n=3)
        hint = f" Did you mean {', '.join(close)}?" if close else ""
        raise TriageError(f"{code!r} is not a finding the triage rules know.{hint}") from None


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
        band_urgency = CALCIUM_BANDS[band]
        symptoms = _CALCIUM_SYMPTOMS.intersection(codes)
        if band in _RAISED_BANDS and symptoms:
            reasons.append(
                Reason(
                    f"calcium_{band}_with_symptoms",
                    f"Adjusted calcium in the {band} band, with symptoms",
                    True,
                    Urgency.EMERGENCY,
                    "Raised calcium with symptoms (here: "
                    + ", ".join(FINDINGS[s].label.lower() for s in sorted(symptoms))
                    + ") needs urgent admission for IV fluids and a bisphosphonate, whatever the "
                    "band (NHS CKS).",
                    "Arrange urgent admission through the acute oncology team: IV fluids with "
                    "strict fluid balance, then an IV bisphosphonate.",
                )
            )
        elif band == "severe":
            reasons.append(
                Reason(
                    "calcium_severe",
                    "Adjusted calcium in the severe band (above 3.40 mmol/L)",
                    True,
                    Urgency.EMERGENCY,
                    "Severe hypercalcaemia needs urgent admission even before symptoms appear "
                    "(NHS CKS).",
                    "Arrange urgent admission through the acute oncology team: IV fluids with "
                    "strict fluid balance, then an IV bisphosphonate.",
                )
            )
        elif band in ("mild", "moderate"):
            reasons.append(
                Reason(
                    f"calcium_{band}",
                    f"Adjusted calcium in the {band} band, no symptoms",
                    True,
                    band_urgency,
                    "Raised calcium in someone with cancer needs the team to know today, to "
                    "treat it and look for its cause, even without symptoms. Local pathways "
                    "differ.",
                    "Tell the treating team today and agree when to treat and recheck.",
                )
            )
        else:
            reasons.append(
                Reason(
                    f"calcium_{band}",
                    "Adjusted calcium not raised" + ("" if band == "normal" else f" ({band})"),
                    False,
                    Urgency.ROUTINE,
                    "A normal adjusted calcium makes high calcium an unlikely cause of the "
                    "symptoms; look for another one.",
                    "Look for another cause of the symptoms.",
                )
            )

    urgency = max((r.urgency for r in reasons), default=Urgency.ROUTINE)
    red = tuple(r.code for r in reasons if r.red_flag and r.code in FINDINGS)
    categories = tuple(dict.fromkeys(FINDINGS[c].category for c in red))
    return Assessment(urgency, tuple(reasons), red, categories)


def is_red_flag(code: str) -> bool:
    """Whether this finding is a red flag on its own."""
    return finding(code).red_flag


# --- vignettes: short patient stories for the triage exercise ------------------------------------


@dataclass(frozen=True)
class Vignette:
    """A short patient story, the findings shown as tick boxes, and the urgency the rules give."""

    id: str
    title: str
    text: str
    findings: tuple[str, ...]
    urgency: Urgency
    teaching: str = ""
    calcium: float | None = None
    calcium_band: str | None = None

    def assessment(self) -> Assessment:
        """What the rules say about this patient."""
        return assess(self.findings, calcium_band=self.calcium_band)


def parse_vignettes(data: dict, where: str = "<vignettes>") -> list[Vignette]:
    """Build and check vignettes from parsed YAML; the stated urgency must match the rules.

    Raises
    ------
    TriageError
        Naming the file and vignette id for a missing field, an unknown finding, or an urgency
        that disagrees with :func:`assess`.
    """
    if not isinstance(data, dict) or not isinstance(data.get("vignettes"), list):
        raise TriageError(f"{where}: expected a mapping with a 'vignettes' list.")
    out, problems, seen = [], [], set()
    for n, raw in enumerate(data["vignettes"], start=1):
        label = f"{where}: vignette {raw.get('id', f'#{n}') if isinstance(raw, dict) else n}"
        try:
            if not isinstance(raw, dict):
                raise TriageError("is not a mapping")
            missing = [k for k in ("id", "title", "text", "findings", "urgency") if k not in raw]
            if missing:
                raise TriageError(f"is missing {', '.join(missing)}")
            if raw["id"] in seen:
                raise TriageError("has a duplicate id")
            seen.add(raw["id"])
            if not raw["findings"]:
                raise TriageError("has no findings to tick")
            vignette = Vignette(
                id=str(raw["id"]),
                title=str(raw["title"]),
                text=str(raw["text"]).strip(),
                findings=tuple(finding(c).code for c in raw["findings"]),
                urgency=Urgency.parse(raw["urgency"]),
                teaching=str(raw.get("teaching", "")).strip(),
                calcium=float(raw["calcium"]) if raw.get("calcium") is not None else None,
                calcium_band=parse_band(raw.get("calcium_band")),
            )
            if vignette.calcium is not None:
                computed = band_of(vignette.calcium)
                if vignette.calcium_band not in (None, computed):
                    raise TriageError(
                        f"gives calcium {vignette.calcium:g} mmol/L, which is {computed}, "
                        f"but says {vignette.calcium_band}"
                    )
                vignette = replace(vignette, calcium_band=computed)
            ruled = vignette.assessment().urgency
            if ruled is not vignette.urgency:
                raise TriageError(f"says {vignette.urgency.code} but the rules give {ruled.code}")
            out.append(vignette)
        except TriageError as exc:
            problems.append(f"{label} {exc}")
        except (TypeError, ValueError) as exc:
            problems.append(f"{label} has a bad value: {exc}")
    if problems:
        raise TriageError("Invalid vignettes:\n  - " + "\n  - ".join(problems))
    return out


@dataclass(frozen=True)
class VignetteMark:
    """The learner's result on one vignette: flags right, urgency right, and the score out of 2."""

    vignette_id: str
    flags_right: tuple[str, ...]
    flags_missed: tuple[str, ...]
    flags_wrongly_ticked: tuple[str, ...]
    non_flags_left_unticked: tuple[str, ...]
    chosen: Urgency
    correct: Urgency

    @property
    def urgency_right(self) -> bool:
        return self.chosen is self.correct

    @property
    def under_triaged(self) -> bool:
        """Chose a less urgent response than needed: the dangerous error."""
        return self.chosen < self.correct

    @property
    def score(self) -> float:
        """1 for the right urgency plus the fraction of findings classified right (max 2)."""
        right = len(self.flags_right) + len(self.non_flags_left_unticked)
        n_findings = right + len(self.flags_missed) + len(self.flags_wrongly_ticked)
        return (1.0 if self.urgency_right else 0.0) + right / n_findings


MAX_VIGNETTE_SCORE = 2.0


def mark_vignette(vignette: Vignette, ticked: Iterable[str], chosen: str | Urgency) -> VignetteMark:
    """Mark which findings the learner ticked as red flags and the urgency they chose.

    Raises
    ------
    TriageError
        When a ticked code is not one of the vignette's findings, or the urgency is unknown.
    """
    if isinstance(ticked, str):
        ticked = [ticked]
    ticked_set = set(ticked)
    stray = ticked_set - set(vignette.findings)
    if stray:
        raise TriageError(
            f"{', '.join(sorted(stray))} is not among this vignette's findings "
            f"({', '.join(vignette.findings)})."
        )
    chosen_urgency = Urgency.parse(chosen)
    right, missed, wrong, left = [], [], [], []
    for code in vignette.findings:
        red = FINDINGS[code].red_flag
        if code in ticked_set and red:
            right.append(code)
        elif code in ticked_set:
            wrong.append(code)
        elif red:
            missed.append(code)
        else:
            left.append(code)
    return VignetteMark(
        vignette.id,
        tuple(right),
        tuple(missed),
        tuple(wrong),
        tuple(left),
        chosen_urgency,
        vignette.urgency,
    )
