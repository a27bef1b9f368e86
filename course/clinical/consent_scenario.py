"""The facts of a consent decision, the words of the rules, and the shape of an assessment.

The data side of :mod:`course.clinical.consent`: the choices, labels and wording read from
``assets/06_the_person/consent_rules.yml``, the ``who_decides`` and capacity values, the
:class:`ConsentScenario` a learner builds (checked by :func:`validate_scenario`), the
:class:`CapacityFinding` and :class:`ConsentAssessment` the rules return, and the worked
scenarios. The rules that choose among them (Mental Capacity Act 2005 and Montgomery, England and
Wales) are in :mod:`course.clinical.consent`, which also exports every name defined here.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from course.content import read_content
from course.errors import CourseError
from course.paths import assets_dir

#: The words of the rules and the worked scenarios, in ``assets/06_the_person/``.
RULES_FILE = Path("06_the_person") / "consent_rules.yml"
_R = read_content(assets_dir() / RULES_FILE, "consent_rules")

JURISDICTIONS: dict[str, str] = dict(_R["jurisdictions"])
AUTHORITIES: dict[str, str] = dict(_R["authorities"])
PATIENT_DECISIONS: dict[str, str] = dict(_R["patient_decisions"])

#: the four abilities of the functional test (MCA section 3), in the Act's order
FOUR_ABILITIES: tuple[tuple[str, str], ...] = tuple(
    (a["id"], a["text"]) for a in _R["four_abilities"]
)

OTHER_UK_LAW_NOTE: str = _R["other_uk_law_note"]

# who_decides values
PATIENT = "patient"
ATTORNEY = "attorney"
DEPUTY = "deputy"
CLINICIAN = "clinician_best_interests"
WAIT = "wait_for_capacity"
OTHER_LAW = "other_uk_law"

WHO_DECIDES_LABELS: dict[str, str] = {
    k: _R["who_decides_labels"][k] for k in (PATIENT, ATTORNEY, DEPUTY, CLINICIAN, WAIT, OTHER_LAW)
}

# capacity values
PRESUMED = "presumed"
HAS_CAPACITY = "has_capacity"
NOT_ESTABLISHED = "support_first"
LACKS = "lacks_capacity"

CAPACITY_LABELS: dict[str, str] = {
    k: _R["capacity_labels"][k] for k in (PRESUMED, HAS_CAPACITY, NOT_ESTABLISHED, LACKS)
}


def _reason(key: str, **fill: str) -> str:
    return _R["reasons"][key].format(**fill)


def _action(key: str) -> str:
    return _R["actions"][key]


def _q(key: str, **fill: str) -> str:
    """A question or answer of the route."""
    return _R["route"][key].format(**fill)


class ConsentInputError(CourseError, ValueError):
    """The facts of a consent scenario are incomplete or contradictory."""


@dataclass(frozen=True)
class ConsentScenario:
    """The facts of one treatment decision for one adult (18 or over).

    Parameters
    ----------
    jurisdiction
        Where care is given: ``"england_wales"``, ``"scotland"`` or ``"northern_ireland"``.
    doubt_about_capacity
        Is there a reason to doubt that the patient can make *this* decision now (for example
        drowsiness or confusion)? Without a reason, capacity is presumed.
    practicable_support_given
        Have all practicable steps been taken to help the patient decide (treating a reversible
        cause, hearing aids or glasses, an interpreter, simple words, pictures, a quiet time of
        day)?
    understands, retains, uses_or_weighs, communicates
        The four abilities of the functional test, as found by the assessment.
    impairment_of_mind_or_brain
        Is there an impairment of, or disturbance in the functioning of, the mind or brain
        (delirium, dementia, a brain injury, heavy sedation) that causes the inability?
    may_regain_capacity_and_can_wait
        Could capacity return (for example once high calcium is treated) *and* can the decision
        safely wait until then?
    patient_decision
        One of :data:`PATIENT_DECISIONS`: what the patient says.
    decision_seems_unwise
        Does the team think the patient's choice is unwise?
    risks_and_alternatives_discussed
        Has the patient been told the material risks and the reasonable alternatives, including
        having no treatment (Montgomery)?
    under_pressure
        Is someone pressuring the patient towards a choice?
    can_sign
        Can the patient sign a form? (A patient with capacity who cannot write can consent in
        another way, recorded in the notes with a witness.)
    authority
        One of :data:`AUTHORITIES`: who, if anyone, holds a legal power for health decisions.
    authority_covers_decision
        Does that LPA or court order cover this decision? (For life-sustaining treatment an LPA
        must say so expressly, and a deputy can never refuse it.)
    someone_to_consult
        Is there a relative, friend or unpaid carer to consult about the patient's wishes?
    relative_asks_to_sign
        Does a relative (without a legal power) offer or ask to sign the consent form?
    serious_treatment
        Is this serious medical treatment (chemotherapy, radiotherapy, surgery under anaesthetic)?
    urgent
        Must treatment be given now, before an IMCA or a court could be involved?
    """

    jurisdiction: str = "england_wales"
    doubt_about_capacity: bool = False
    practicable_support_given: bool = False
    understands: bool = True
    retains: bool = True
    uses_or_weighs: bool = True
    communicates: bool = True
    impairment_of_mind_or_brain: bool = False
    may_regain_capacity_and_can_wait: bool = False
    patient_decision: str = "consents"
    decision_seems_unwise: bool = False
    risks_and_alternatives_discussed: bool = True
    under_pressure: bool = False
    can_sign: bool = True
    authority: str = "none"
    authority_covers_decision: bool = True
    someone_to_consult: bool = True
    relative_asks_to_sign: bool = False
    serious_treatment: bool = True
    urgent: bool = False

    def with_changes(self, **changes: object) -> ConsentScenario:
        """A copy with some facts changed (checked like the original)."""
        return validate_scenario(replace(self, **changes))


@dataclass(frozen=True)
class CapacityFinding:
    """The outcome of applying the MCA principles and the test of capacity."""

    status: str
    failed_abilities: tuple[str, ...]
    reasons: tuple[str, ...]

    @property
    def label(self) -> str:
        """The finding in the words a learner sees."""
        return CAPACITY_LABELS[self.status]

    @property
    def has_capacity(self) -> bool:
        """True unless the person has been shown to lack capacity for this decision."""
        return self.status != LACKS


@dataclass(frozen=True)
class ConsentAssessment:
    """Who may decide, why, and what the nurse does.

    Attributes
    ----------
    who_decides
        One of the keys of :data:`WHO_DECIDES_LABELS`.
    capacity
        The :class:`CapacityFinding`.
    can_proceed
        Whether treatment may go ahead on the decision of whoever decides: for the patient,
        valid consent has been given; for an attorney, deputy or clinician, they may now decide
        in the patient's best interests. ``False`` while consent is not valid, after a refusal
        or withdrawal, while waiting for capacity to return, and outside England and Wales.
    imca_required
        Whether an Independent Mental Capacity Advocate must be instructed.
    relative_may_consent
        Always ``False`` for a relative without a legal power; kept explicit for teaching.
    route
        The questions asked, in order, and the answer given at each: ``(question, answer)``.
    reasons
        Why, each naming the principle or rule.
    nurse_actions
        What the nurse does.
    notes
        Caveats (other UK law, local policy).
    """

    who_decides: str
    capacity: CapacityFinding
    can_proceed: bool
    imca_required: bool
    relative_may_consent: bool
    route: tuple[tuple[str, str], ...]
    reasons: tuple[str, ...]
    nurse_actions: tuple[str, ...]
    notes: tuple[str, ...] = field(default=())

    @property
    def who_decides_label(self) -> str:
        """Who decides, in the words a learner sees."""
        return WHO_DECIDES_LABELS[self.who_decides]


def validate_scenario(scenario: ConsentScenario) -> ConsentScenario:
    """Check the facts; raise :class:`ConsentInputError` with a clear message if they are wrong.

    Parameters
    ----------
    scenario
        The facts to check.

    Returns
    -------
    ConsentScenario
        The same scenario, for chaining.
    """
    if not isinstance(scenario, ConsentScenario):
        raise ConsentInputError(
            f"Expected a ConsentScenario, got {type(scenario).__name__}. Build one with "
            "ConsentScenario(...) or scenario_from_dict({...})."
        )
    choices = {
        "jurisdiction": JURISDICTIONS,
        "authority": AUTHORITIES,
        "patient_decision": PATIENT_DECISIONS,
    }
    for f in fields(scenario):
        value = getattr(scenario, f.name)
        if f.name in choices:
            if value not in choices[f.name]:
                allowed = ", ".join(repr(k) for k in choices[f.name])
                raise ConsentInputError(f"{f.name} must be one of {allowed}; got {value!r}.")
        elif not isinstance(value, bool):
            raise ConsentInputError(f"{f.name} must be True or False; got {value!r}.")
    return scenario


def scenario_from_dict(facts: dict) -> ConsentScenario:
    """Build a scenario from a mapping, naming any unknown fact.

    Parameters
    ----------
    facts
        Field names of :class:`ConsentScenario` and their values; missing ones take defaults.

    Returns
    -------
    ConsentScenario
    """
    if not isinstance(facts, dict):
        raise ConsentInputError(f"Expected a mapping of facts, got {type(facts).__name__}.")
    known = {f.name for f in fields(ConsentScenario)}
    unknown = sorted(set(facts) - known)
    if unknown:
        raise ConsentInputError(
            f"Unknown fact(s) {', '.join(unknown)}; known facts are {', '.join(sorted(known))}."
        )
    return validate_scenario(ConsentScenario(**facts))


#: Worked scenarios used by the explorer's "Start from a scenario" list and by the tests.
PRESET_SCENARIOS: dict[str, tuple[str, ConsentScenario]] = {
    p["id"]: (p["title"], scenario_from_dict(dict(p["facts"]))) for p in _R["presets"]
}
