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
triage_findings.yml``, read once at import); this module keeps the logic. No widgets. An unknown
finding or band raises :class:`TriageError` with a message that names the problem.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import IntEnum
from pathlib import Path

from course.content import read_content, validate
from course.errors import ContentError, CourseError
from course.paths import assets_dir


class TriageError(CourseError, ValueError):
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


#: The findings, labels and action texts, in ``assets/05_symptoms_and_emergencies/``.
FINDINGS_FILE = Path("05_symptoms_and_emergencies") / "triage_findings.yml"


def _load_rules() -> dict:
    """Read the findings file (checked against its schema and the cross-references)."""
    path = assets_dir() / FINDINGS_FILE
    data = read_content(path, "triage_findings")
    problems = []
    for entry in data["findings"]:
        where = f"{path.name}: findings/{entry['id']}"
        if entry["category"] not in data["categories"]:
            problems.append(f"{where}: category {entry['category']!r} is not in categories")
        ref = entry.get("action_ref")
        if ref is not None and ref not in data["shared_actions"]:
            problems.append(f"{where}: action_ref {ref!r} is not in shared_actions")
    if problems:
        raise ContentError(problems)
    return data


_RULES = _load_rules()

URGENCY_LABELS: dict[Urgency, str] = {u: _RULES["urgency_labels"][u.name.lower()] for u in Urgency}
URGENCY_CODES: tuple[str, ...] = tuple(u.code for u in Urgency)

#: What the nurse does at each level (the generic part; each finding adds its own action).
URGENCY_ACTIONS: dict[Urgency, str] = {u: _RULES["urgency_actions"][u.code] for u in Urgency}

CATEGORIES: dict[str, str] = dict(_RULES["categories"])


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


def _finding_from_data(entry: dict) -> Finding:
    action = entry.get("action") or _RULES["shared_actions"][entry["action_ref"]]
    return Finding(
        entry["id"],
        entry["label"],
        entry["category"],
        entry["red_flag"],
        Urgency.parse(entry["urgency"]),
        entry["explanation"],
        action,
        entry["source"],
    )


FINDINGS: dict[str, Finding] = {e["id"]: _finding_from_data(e) for e in _RULES["findings"]}

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


_VIGNETTE_FIELDS = {"id", "title", "text", "findings", "urgency"}


class VignetteContentError(ContentError, TriageError):
    """A vignettes file breaks its schema or the rules; both a ContentError and a TriageError."""


def _vignette(raw: dict) -> Vignette:
    """One vignette from its checked entry; its urgency must be the one the rules give."""
    vignette = Vignette(
        id=raw["id"],
        title=raw["title"],
        text=raw["text"].strip(),
        findings=tuple(finding(c).code for c in raw["findings"]),
        urgency=Urgency.parse(raw["urgency"]),
        teaching=raw.get("teaching", "").strip(),
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
    return vignette


def parse_vignettes(data: dict, where: str = "<vignettes>") -> list[Vignette]:
    """Build and check vignettes from parsed YAML; the stated urgency must match the rules.

    The shape is checked against ``course/schemas/triage_vignettes.schema.json``; the rules that
    a schema cannot express (known findings, unique ids, calcium and band agreeing, the stated
    urgency being the one :func:`assess` gives) are checked here.

    Parameters
    ----------
    data
        The parsed file: a mapping with a ``vignettes`` list.
    where
        The file name used in messages.

    Returns
    -------
    list of Vignette

    Raises
    ------
    VignetteContentError
        A :class:`TriageError` and a :class:`~course.errors.ContentError`, naming the file and
        vignette id for each problem.
    """
    if not isinstance(data, dict) or not isinstance(data.get("vignettes"), list):
        raise VignetteContentError([f"{where}: expected a mapping with a 'vignettes' list."])
    problems = validate(data, "triage_vignettes", where)
    out, seen = [], set()
    for raw in data["vignettes"]:
        if not isinstance(raw, dict) or not _VIGNETTE_FIELDS <= set(raw):
            continue  # the schema has named what is missing
        label = f"{where}: vignette {raw['id']}"
        try:
            if raw["id"] in seen:
                raise TriageError("has a duplicate id")
            seen.add(raw["id"])
            out.append(_vignette(raw))
        except TriageError as exc:
            problems.append(f"{label} {exc}")
    if problems:
        raise VignetteContentError(problems)
    return out


def read_vignettes(path: str | Path) -> list[Vignette]:
    """Read a vignettes file through :func:`course.content.read_content` and check it.

    Parameters
    ----------
    path
        The YAML file (the course's is ``assets/05_symptoms_and_emergencies/vignettes.yml``).

    Returns
    -------
    list of Vignette

    Raises
    ------
    ContentError
        For a missing or invalid file, naming the file and the vignette.
    """
    path = Path(path)
    return parse_vignettes(read_content(path, "triage_vignettes"), where=path.name)


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
        """Whether the learner chose the urgency the rules give."""
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
