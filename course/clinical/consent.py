"""Who may consent to an adult's treatment: the Mental Capacity Act 2005 and Montgomery.

The rules follow the law of **England and Wales** for people aged 18 and over:

- **Consent** (common law; *Montgomery v Lanarkshire Health Board* [2015] UKSC 11): valid consent
  is given voluntarily, by a person with capacity, after they have been told the material risks
  and the reasonable alternatives, including having no treatment. It is a process, not a
  signature, and it can be withdrawn at any time. A relative cannot consent for an adult who has
  capacity, nor, without a legal power (see below), for one who lacks it.
- **Mental Capacity Act 2005 (MCA)**, section 1 principles: presume capacity; take all practicable
  steps to help the person decide before concluding they cannot; an unwise decision is not in
  itself a lack of capacity; decisions made for a person who lacks capacity are made in their
  best interests, and in the least restrictive way.
- **The test of capacity** (MCA sections 2 and 3) is decision-specific and time-specific. A person
  lacks capacity for a decision if, *because of* an impairment of or disturbance in the
  functioning of the mind or brain, they cannot do one or more of: understand the relevant
  information, retain it long enough to decide, use or weigh it, or communicate the decision by
  any means.
- **If capacity is lacking**: if it may return and the decision can wait, wait (section 4(3)).
  Otherwise a registered health-and-welfare Lasting Power of Attorney (LPA) decides, or a
  Court of Protection deputy, but only within their powers (section 11, section 20); a
  property-and-financial-affairs LPA cannot make treatment decisions. Otherwise the treating
  clinician decides in the person's best interests after consulting family, friends and carers
  (section 4(7)); for serious medical treatment with nobody but paid carers to consult, an
  Independent Mental Capacity Advocate (IMCA) is instructed, unless the treatment is urgent
  (section 37).

Scotland (Adults with Incapacity (Scotland) Act 2000) and Northern Ireland have their own law on
adults who lack capacity; :func:`assess_consent` says so rather than applying the MCA there. Local
policy applies everywhere. This is an educational model, not legal advice.

Sources: FACTS.md 6.1-6.5 (SPICe informed-consent briefing; NICE NG108; MDU/GP Online article on
the MCA; GMC *Decision making and consent*, 2020); Mental Capacity Act 2005 sections 1-4, 9-11,
16, 20 and 37.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace

JURISDICTIONS: dict[str, str] = {
    "england_wales": "England or Wales",
    "scotland": "Scotland",
    "northern_ireland": "Northern Ireland",
}

AUTHORITIES: dict[str, str] = {
    "none": "Nobody holds a legal power",
    "health_welfare_lpa": "Health-and-welfare LPA, registered",
    "health_welfare_lpa_unregistered": "Health-and-welfare LPA, not yet registered",
    "property_finance_lpa": "Property-and-financial-affairs LPA only",
    "court_deputy": "Court of Protection deputy for health decisions",
}

PATIENT_DECISIONS: dict[str, str] = {
    "consents": "agrees to the treatment",
    "refuses": "refuses the treatment",
    "undecided": "has not decided yet",
    "withdraws": "withdraws consent after treatment has started",
}

#: the four abilities of the functional test (MCA section 3), in the Act's order
FOUR_ABILITIES: tuple[tuple[str, str], ...] = (
    ("understands", "understand the information relevant to the decision"),
    ("retains", "retain that information long enough to make the decision"),
    ("uses_or_weighs", "use or weigh that information as part of deciding"),
    ("communicates", "communicate the decision by any means (speech, writing, signs, blinking)"),
)

OTHER_UK_LAW_NOTE = (
    "This explorer applies the Mental Capacity Act 2005, which covers England and Wales. Scotland "
    "has the Adults with Incapacity (Scotland) Act 2000 and Northern Ireland has its own "
    "legislation; who may decide for an adult who lacks capacity differs there. An adult with "
    "capacity decides for themselves everywhere in the UK, and Montgomery (a UK Supreme Court "
    "case) applies throughout. Follow the law where you work and your local policy."
)

# who_decides values
PATIENT = "patient"
ATTORNEY = "attorney"
DEPUTY = "deputy"
CLINICIAN = "clinician_best_interests"
WAIT = "wait_for_capacity"
OTHER_LAW = "other_uk_law"

WHO_DECIDES_LABELS: dict[str, str] = {
    PATIENT: "The patient decides",
    ATTORNEY: "The attorney under the health-and-welfare LPA decides, in the patient's best "
    "interests",
    DEPUTY: "The court-appointed deputy decides, in the patient's best interests",
    CLINICIAN: "The treating clinician decides, in the patient's best interests",
    WAIT: "Nobody yet: wait for the patient to regain capacity",
    OTHER_LAW: "Follow the law of Scotland or Northern Ireland and local policy",
}

# capacity values
PRESUMED = "presumed"
HAS_CAPACITY = "has_capacity"
NOT_ESTABLISHED = "support_first"
LACKS = "lacks_capacity"

CAPACITY_LABELS: dict[str, str] = {
    PRESUMED: "Capacity is presumed",
    HAS_CAPACITY: "Has capacity for this decision (assessed)",
    NOT_ESTABLISHED: "Still presumed to have capacity: the doubt has not been resolved yet",
    LACKS: "Lacks capacity for this decision at this time",
}


class ConsentInputError(ValueError):
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


def assess_capacity(scenario: ConsentScenario) -> CapacityFinding:
    """Apply MCA principles 1-3 and the two-part test of capacity (sections 1-3).

    Parameters
    ----------
    scenario
        The facts of the decision.

    Returns
    -------
    CapacityFinding
        ``presumed`` when there is no reason to doubt capacity; ``support_first`` when the
        abilities look impaired but help to decide has not been given, or no impairment of the
        mind or brain explains the inability (the presumption still stands); ``has_capacity``
        when assessed and able; ``lacks_capacity`` when, after support, an ability is missing
        because of an impairment of the mind or brain.
    """
    s = validate_scenario(scenario)
    failed = tuple(name for name, _ in FOUR_ABILITIES if not getattr(s, name))
    reasons: list[str] = []
    if s.decision_seems_unwise:
        reasons.append(
            "An unwise decision is not in itself a lack of capacity (MCA principle 3): people "
            "may weigh risks differently from the team."
        )
    if not s.doubt_about_capacity:
        reasons.insert(
            0,
            "An adult is presumed to have capacity unless it is shown that they lack it (MCA "
            "principle 1). Nothing here gives a reason to doubt it, so no assessment is needed.",
        )
        return CapacityFinding(PRESUMED, (), tuple(reasons))
    if not failed:
        reasons.insert(
            0,
            "The assessment found all four abilities: the patient can understand, retain, use or "
            "weigh the information and communicate a decision, so they have capacity for this "
            "decision.",
        )
        return CapacityFinding(HAS_CAPACITY, (), tuple(reasons))
    missing = _ability_list(failed)
    if not s.practicable_support_given:
        reasons.insert(
            0,
            f"The patient seems unable to {missing}, but a person is not treated as unable to "
            "decide until all practicable steps to help them have been tried without success "
            "(MCA principle 2). Until then the presumption of capacity stands.",
        )
        return CapacityFinding(NOT_ESTABLISHED, failed, tuple(reasons))
    if not s.impairment_of_mind_or_brain:
        reasons.insert(
            0,
            f"The patient seems unable to {missing}, but the MCA test is met only when the "
            "inability is caused by an impairment of, or disturbance in, the mind or brain. "
            "Without one, capacity is not lost: look for another reason (language, hearing, "
            "fear, pressure from others) and address it.",
        )
        return CapacityFinding(NOT_ESTABLISHED, failed, tuple(reasons))
    reasons.insert(
        0,
        f"Even with help, the patient cannot {missing}, because of an impairment of or "
        "disturbance in the mind or brain. They lack capacity for this decision at this time "
        "(MCA sections 2 and 3). Capacity is decision-specific and can return.",
    )
    return CapacityFinding(LACKS, failed, tuple(reasons))


def _ability_list(names: tuple[str, ...]) -> str:
    wording = dict(FOUR_ABILITIES)
    verbs = [wording[n].split(" ")[0] for n in names]
    verbs = ["use or weigh" if v == "use" else v for v in verbs]
    if len(verbs) == 1:
        return f"{verbs[0]} the information"
    return f"{', '.join(verbs[:-1])} and {verbs[-1]} the information"


def assess_consent(scenario: ConsentScenario) -> ConsentAssessment:
    """Decide who may make this treatment decision, whether treatment may proceed, and why.

    Parameters
    ----------
    scenario
        The facts of the decision (see :class:`ConsentScenario`).

    Returns
    -------
    ConsentAssessment
        Who decides, the capacity finding, the route taken, the reasons and the nurse's actions.

    Raises
    ------
    ConsentInputError
        If a fact is missing, of the wrong kind or not one of the allowed choices.

    Examples
    --------
    >>> a = assess_consent(ConsentScenario(relative_asks_to_sign=True))
    >>> a.who_decides, a.relative_may_consent
    ('patient', False)
    """
    s = validate_scenario(scenario)
    capacity = assess_capacity(s)
    route: list[tuple[str, str]] = []
    reasons: list[str] = list(capacity.reasons)
    actions: list[str] = []
    notes: list[str] = []

    route.append(
        (
            "Is there a reason to doubt capacity for this decision?",
            "yes" if s.doubt_about_capacity else "no: capacity is presumed",
        )
    )
    if s.doubt_about_capacity:
        if capacity.failed_abilities:
            route.append(
                (
                    "Can the patient understand, retain, use or weigh, and communicate?",
                    "no: cannot " + _ability_list(capacity.failed_abilities),
                )
            )
            route.append(
                (
                    "Has all practicable help to decide been given?",
                    "yes" if s.practicable_support_given else "not yet",
                )
            )
            if s.practicable_support_given:
                route.append(
                    (
                        "Is the inability caused by an impairment of the mind or brain?",
                        "yes" if s.impairment_of_mind_or_brain else "no",
                    )
                )
        else:
            route.append(
                (
                    "Can the patient understand, retain, use or weigh, and communicate?",
                    "yes: all four",
                )
            )

    if capacity.has_capacity:
        return _patient_decides(s, capacity, route, reasons, actions, notes)
    return _lacks_capacity(s, capacity, route, reasons, actions, notes)


def _assessment(
    who: str,
    capacity: CapacityFinding,
    route: list,
    reasons: list,
    actions: list,
    notes: list,
    can_proceed: bool = False,
    imca: bool = False,
) -> ConsentAssessment:
    """The finished assessment (a relative without a legal power never consents)."""
    return ConsentAssessment(
        who,
        capacity,
        can_proceed,
        imca,
        False,
        tuple(route),
        tuple(reasons),
        tuple(actions),
        tuple(notes),
    )


def _patient_decides(s, capacity, route, reasons, actions, notes) -> ConsentAssessment:
    if s.jurisdiction != "england_wales":
        notes.append(OTHER_UK_LAW_NOTE)
    if capacity.status == NOT_ESTABLISHED:
        actions += [
            "Help the patient to decide: treat what can be treated (pain, high calcium, "
            "infection), bring glasses or hearing aids, use an interpreter, simple words or "
            "pictures, and choose a time of day when they are most alert.",
            "Tell the doctor or nurse in charge about your concern about capacity; the clinician "
            "proposing the treatment assesses capacity for this decision and records it.",
        ]
    if s.authority != "none":
        reasons.append(
            "An LPA or deputy has no power over a decision the patient can make themselves; "
            "while the patient has capacity, attorneys support but do not decide."
        )
    if s.relative_asks_to_sign:
        reasons.append(
            "A relative cannot consent or sign for an adult who has capacity: the right to "
            "decide is the patient's. (A US leaflet says someone may sign for you; that is not "
            "the law in the UK.)"
        )
    if s.relative_asks_to_sign:
        actions.append(
            "Thank the relative, explain kindly that the decision and the signature are the "
            "patient's, and ask the patient whether they would like the relative with them while "
            "they decide."
        )
    route.append(("Who decides?", "the patient"))

    can_proceed = False
    decision = s.patient_decision
    if decision == "withdraws":
        reasons.append(
            "Consent can be withdrawn at any time, including after treatment has started."
        )
        actions += [
            "Stop (or pause as soon as it is safe to) and tell the clinician in charge at once.",
            "Make sure the patient knows what stopping means for them, without pressure, and "
            "respect the decision; record it in the notes.",
        ]
        route.append(("What has the patient decided?", "withdrawn: stop"))
    elif decision == "refuses":
        reasons.append(
            "An adult with capacity may refuse any treatment, even one the team recommends, and "
            "does not have to give a reason."
        )
        actions += [
            "Respect the refusal. Check that the patient has the information they need, "
            "including what may happen without treatment, and that nobody is pressuring them.",
            "Record the refusal and tell the team; offer the other options and say the door "
            "stays open if they change their mind.",
        ]
        route.append(("What has the patient decided?", "refused: do not treat"))
    elif decision == "undecided":
        actions += [
            "Offer time, written information, and the chance to talk it over with a relative, "
            "friend, the specialist nurse or a counsellor.",
            "Use teach-back to find what is unclear, and arrange for the doctor to answer "
            "questions.",
        ]
        route.append(("What has the patient decided?", "not yet: no treatment until they do"))
    else:
        problems = []
        if not s.risks_and_alternatives_discussed:
            problems.append("information")
            reasons.append(
                "Consent is not informed until the patient has heard the material risks (those "
                "this patient would consider significant) and the reasonable alternatives, "
                "including no treatment (Montgomery 2015)."
            )
            actions.append(
                "Do not proceed: ask the clinician to discuss the material risks and the "
                "alternatives, including no treatment, and check understanding with teach-back."
            )
        if s.under_pressure:
            problems.append("voluntariness")
            reasons.append(
                "Consent must be given freely: a choice made under pressure from others is not "
                "valid consent."
            )
            actions.append(
                "Give the patient a chance to talk privately, away from the person pressuring "
                "them, and tell the clinician; escalate safeguarding concerns under local policy."
            )
        if capacity.status == NOT_ESTABLISHED:
            problems.append("capacity doubt to resolve")
            reasons.append(
                "The decision is still the patient's, but while there is a real doubt, help them "
                "and have their capacity for this decision assessed before relying on their "
                "agreement."
            )
        can_proceed = not problems
        if can_proceed:
            reasons.append(
                "The patient has capacity, has been informed of material risks and alternatives, "
                "and agrees freely: consent is valid. It remains a process: check it again "
                "before each stage of treatment."
            )
            actions.append(
                "Check the patient still agrees before each step of care, and that they know "
                "they can stop at any time."
            )
            route.append(("What has the patient decided?", "agrees freely and informed: proceed"))
        else:
            route.append(
                (
                    "What has the patient decided?",
                    "agrees, but consent is not yet valid (" + " and ".join(problems) + ")",
                )
            )
    if not s.can_sign and decision == "consents":
        reasons.append(
            "A patient who cannot write can still consent: the signature only records the decision."
        )
        actions.append(
            "Record the consent another way under local policy (for example a mark, or a note in "
            "the record made with a witness); a relative does not sign in their place."
        )
    return _assessment(PATIENT, capacity, route, reasons, actions, notes, can_proceed=can_proceed)


def _lacks_capacity(s, capacity, route, reasons, actions, notes) -> ConsentAssessment:
    actions.append(
        "Make sure the capacity assessment for this decision is recorded by the clinician "
        "responsible, with the reasons."
    )
    if s.jurisdiction != "england_wales":
        notes.append(OTHER_UK_LAW_NOTE)
        reasons.append(
            f"Care is in {JURISDICTIONS[s.jurisdiction]}: the MCA 2005 does not apply there, so "
            "this explorer does not say who decides."
        )
        actions.append(
            "Follow local policy and ask the senior clinician or the mental capacity lead who "
            "may decide under the law where you work."
        )
        route.append(("Who decides?", "the law of " + JURISDICTIONS[s.jurisdiction]))
        return _assessment(OTHER_LAW, capacity, route, reasons, actions, notes)

    if s.may_regain_capacity_and_can_wait:
        route.append(("Could capacity return, and can the decision wait?", "yes: wait"))
        reasons.append(
            "When capacity may return and the decision can wait, it waits for the patient "
            "(MCA section 4(3)): decisions are made for someone only when they must be."
        )
        actions += [
            "Treat the cause (for example high calcium, infection, pain or drug side effects) and "
            "keep up supportive care, given in the patient's best interests meanwhile.",
            "Ask for capacity to be reassessed when the patient is better, and keep the family "
            "informed as the patient would wish.",
        ]
        return _assessment(WAIT, capacity, route, reasons, actions, notes)
    route.append(("Could capacity return, and can the decision wait?", "no"))

    if s.authority == "health_welfare_lpa" and s.authority_covers_decision:
        route.append(
            (
                "Is there a registered health-and-welfare LPA covering this decision?",
                "yes: the attorney decides",
            )
        )
        reasons.append(
            "A registered health-and-welfare LPA lets the attorney decide once the patient lacks "
            "capacity, within the powers it gives, and in the patient's best interests."
        )
        actions += [
            "See the LPA document (or its registered copy) and check that it covers this "
            "decision; for life-sustaining treatment it must say so expressly.",
            "Involve the patient as far as possible, and record the attorney's decision.",
        ]
        return _assessment(ATTORNEY, capacity, route, reasons, actions, notes, can_proceed=True)
    if s.authority == "court_deputy" and s.authority_covers_decision:
        route.append(
            ("Is there a court deputy whose order covers this decision?", "yes: the deputy decides")
        )
        reasons.append(
            "A deputy appointed by the Court of Protection may decide within the court order, in "
            "the patient's best interests; a deputy can never refuse life-sustaining treatment."
        )
        actions += [
            "See the court order and check that it covers this decision.",
            "Involve the patient as far as possible, and record the deputy's decision.",
        ]
        return _assessment(DEPUTY, capacity, route, reasons, actions, notes, can_proceed=True)

    if s.authority in ("health_welfare_lpa", "court_deputy"):
        reasons.append(
            "The attorney's or deputy's powers do not cover this decision, so they cannot make "
            "it; they are still consulted about the patient's wishes."
        )
    elif s.authority == "health_welfare_lpa_unregistered":
        reasons.append(
            "An LPA cannot be used until it is registered with the Office of the Public Guardian."
        )
    elif s.authority == "property_finance_lpa":
        reasons.append(
            "A property-and-financial-affairs LPA covers money and property, not treatment "
            "decisions."
        )
    route.append(("Is there an attorney or deputy who may make this decision?", "no"))
    reasons.append(
        "With nobody holding a legal power over this decision, the clinician responsible makes "
        "it in the patient's best interests, considering their past and present wishes, "
        "feelings, beliefs and values, and choosing the least restrictive option (MCA "
        "principles 4 and 5, section 4)."
    )
    if s.relative_asks_to_sign or s.someone_to_consult:
        reasons.append(
            "Relatives and friends are consulted about what the patient would want, but a "
            "relative without a legal power cannot consent or sign for the patient."
        )
    imca = s.serious_treatment and not s.someone_to_consult and not s.urgent
    if s.someone_to_consult:
        actions.append(
            "Help the team consult the family or friends: ask what the patient valued and would "
            "have wanted, and make clear that the decision is not theirs to carry."
        )
    elif imca:
        reasons.append(
            "There is nobody but paid carers to consult about serious medical treatment, so an "
            "Independent Mental Capacity Advocate (IMCA) must be instructed (MCA section 37)."
        )
        actions.append(
            "Remind the team that an IMCA must be instructed before this serious treatment "
            "decision (through the hospital's IMCA service, under local policy)."
        )
    elif s.serious_treatment and s.urgent:
        reasons.append(
            "Treatment that is urgently needed may go ahead in the patient's best interests "
            "without waiting for an IMCA (MCA section 37(4))."
        )
    if s.relative_asks_to_sign:
        actions.append(
            "Explain kindly to the relative that they cannot sign for the patient, that their "
            "knowledge of the patient matters, and that the doctor will talk with them."
        )
    actions += [
        "Keep involving the patient: explain what is happening in ways they can follow, and "
        "notice their reactions.",
        "Make sure the best-interests decision and who was consulted are recorded. Where there "
        "is serious disagreement, the senior team seeks advice (the Court of Protection can "
        "decide).",
    ]
    route.append(
        (
            "Who decides?",
            "the clinician, in the patient's best interests" + (" (with an IMCA)" if imca else ""),
        )
    )
    return _assessment(
        CLINICIAN, capacity, route, reasons, actions, notes, can_proceed=True, imca=imca
    )


#: Worked scenarios used by the explorer's "Start from a scenario" list and by the tests.
PRESET_SCENARIOS: dict[str, tuple[str, ConsentScenario]] = {
    "daughter_wants_to_sign": (
        "Mrs Ahmed, 74, alert and able, prefers her daughter to sign for radiotherapy",
        ConsentScenario(relative_asks_to_sign=True),
    ),
    "refuses_surgery": (
        "Mr Davies, 81, understands the risks and refuses fixation of his femur",
        ConsentScenario(
            doubt_about_capacity=True,
            practicable_support_given=True,
            patient_decision="refuses",
            decision_seems_unwise=True,
        ),
    ),
    "confused_high_calcium": (
        "Mr Osei, 68, muddled with high calcium; his surgery can wait a few days",
        ConsentScenario(
            doubt_about_capacity=True,
            practicable_support_given=True,
            understands=False,
            retains=False,
            uses_or_weighs=False,
            impairment_of_mind_or_brain=True,
            may_regain_capacity_and_can_wait=True,
            relative_asks_to_sign=True,
        ),
    ),
    "dementia_with_lpa": (
        "Mrs Clarke, 86, advanced dementia; her son holds a registered health-and-welfare LPA",
        ConsentScenario(
            doubt_about_capacity=True,
            practicable_support_given=True,
            understands=False,
            retains=False,
            uses_or_weighs=False,
            impairment_of_mind_or_brain=True,
            authority="health_welfare_lpa",
        ),
    ),
    "no_one_to_consult": (
        "Mr Bell, 79, severe brain injury, no family or friends; radiotherapy proposed",
        ConsentScenario(
            doubt_about_capacity=True,
            practicable_support_given=True,
            understands=False,
            retains=False,
            uses_or_weighs=False,
            communicates=False,
            impairment_of_mind_or_brain=True,
            someone_to_consult=False,
        ),
    ),
    "withdraws_mid_treatment": (
        "Ms Novak, 55, asks to stop her bisphosphonate infusion halfway through",
        ConsentScenario(patient_decision="withdraws"),
    ),
}
