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
  A valid and applicable advance decision to refuse treatment is followed (sections 24-26).
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

The labels, questions, reasons, actions and worked scenarios are data
(``assets/06_the_person/consent_rules.yml``), read with the scenario and assessment classes in
:mod:`course.clinical.consent_scenario`; this module keeps the rules that choose among them and
exports every name of that one.

Sources (in assets/bibliography.yml): SPICe informed-consent briefing; NICE NG108; MDU/GP
Online article on the MCA; GMC *Decision making and consent*, 2020; Mental Capacity Act 2005
sections 1-4, 9-11, 16, 20 and 37.
"""

from __future__ import annotations

from course.clinical.consent_scenario import (
    ATTORNEY,
    AUTHORITIES,
    CAPACITY_LABELS,
    CLINICIAN,
    DEPUTY,
    FOUR_ABILITIES,
    HAS_CAPACITY,
    JURISDICTIONS,
    LACKS,
    NOT_ESTABLISHED,
    OTHER_LAW,
    OTHER_UK_LAW_NOTE,
    PATIENT,
    PATIENT_DECISIONS,
    PRESET_SCENARIOS,
    PRESUMED,
    RULES_FILE,
    WAIT,
    WHO_DECIDES_LABELS,
    CapacityFinding,
    ConsentAssessment,
    ConsentInputError,
    ConsentScenario,
    _action,
    _q,
    _reason,
    scenario_from_dict,
    validate_scenario,
)

__all__ = [
    "ATTORNEY",
    "AUTHORITIES",
    "CAPACITY_LABELS",
    "CLINICIAN",
    "DEPUTY",
    "FOUR_ABILITIES",
    "HAS_CAPACITY",
    "JURISDICTIONS",
    "LACKS",
    "NOT_ESTABLISHED",
    "OTHER_LAW",
    "OTHER_UK_LAW_NOTE",
    "PATIENT",
    "PATIENT_DECISIONS",
    "PRESET_SCENARIOS",
    "PRESUMED",
    "RULES_FILE",
    "WAIT",
    "WHO_DECIDES_LABELS",
    "CapacityFinding",
    "ConsentAssessment",
    "ConsentInputError",
    "ConsentScenario",
    "assess_capacity",
    "assess_consent",
    "scenario_from_dict",
    "validate_scenario",
]


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
    reasons = [_reason("unwise")] if s.decision_seems_unwise else []
    if not s.doubt_about_capacity:
        return CapacityFinding(PRESUMED, (), (_reason("presumed"), *reasons))
    if not failed:
        return CapacityFinding(HAS_CAPACITY, (), (_reason("has_capacity"), *reasons))
    missing = _ability_list(failed)
    if not s.practicable_support_given:
        first, status = "support_first", NOT_ESTABLISHED
    elif not s.impairment_of_mind_or_brain:
        first, status = "no_impairment", NOT_ESTABLISHED
    else:
        first, status = "lacks", LACKS
    return CapacityFinding(status, failed, (_reason(first, missing=missing), *reasons))


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

    route.append((_q("doubt"), "yes" if s.doubt_about_capacity else _q("doubt_no")))
    if s.doubt_about_capacity and capacity.failed_abilities:
        missing = _ability_list(capacity.failed_abilities)
        route.append((_q("abilities"), _q("abilities_missing", missing=missing)))
        route.append((_q("support"), "yes" if s.practicable_support_given else "not yet"))
        if s.practicable_support_given:
            route.append((_q("impairment"), "yes" if s.impairment_of_mind_or_brain else "no"))
    elif s.doubt_about_capacity:
        route.append((_q("abilities"), _q("abilities_all")))

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
    """The patient has (or is still presumed to have) capacity: the decision is theirs."""
    if s.jurisdiction != "england_wales":
        notes.append(OTHER_UK_LAW_NOTE)
    if capacity.status == NOT_ESTABLISHED:
        actions += [_action("help_to_decide"), _action("report_capacity_concern")]
    if s.authority != "none":
        reasons.append(_reason("attorney_while_capable"))
    if s.relative_asks_to_sign:
        reasons.append(_reason("relative_cannot_sign_for_capable"))
        actions.append(_action("relative_capable_patient"))
    route.append((_q("who"), _q("who_patient")))

    can_proceed = False
    decision = s.patient_decision
    if decision in ("withdraws", "refuses", "undecided"):
        reason, acts, answer = {
            "withdraws": ("withdraws", ("stop", "withdraw_respect"), "decided_withdraws"),
            "refuses": ("refuses", ("refusal_respect", "refusal_record"), "decided_refuses"),
            "undecided": (None, ("offer_time", "teach_back"), "decided_undecided"),
        }[decision]
        if reason:
            reasons.append(_reason(reason))
        actions += [_action(k) for k in acts]
        route.append((_q("decided"), _q(answer)))
    else:
        can_proceed = _check_agreement(s, capacity, route, reasons, actions)
    if not s.can_sign and decision == "consents":
        reasons.append(_reason("cannot_sign"))
        actions.append(_action("record_without_signature"))
    return _assessment(PATIENT, capacity, route, reasons, actions, notes, can_proceed=can_proceed)


def _check_agreement(s, capacity, route, reasons, actions) -> bool:
    """Whether the patient's agreement is valid consent (informed, voluntary, capacity clear)."""
    problems = []
    if not s.risks_and_alternatives_discussed:
        problems.append("information")
        reasons.append(_reason("not_informed"))
        actions.append(_action("not_informed"))
    if s.under_pressure:
        problems.append("voluntariness")
        reasons.append(_reason("under_pressure"))
        actions.append(_action("under_pressure"))
    if capacity.status == NOT_ESTABLISHED:
        problems.append("capacity doubt to resolve")
        reasons.append(_reason("doubt_unresolved"))
    if problems:
        route.append((_q("decided"), _q("decided_not_valid", problems=" and ".join(problems))))
        return False
    reasons.append(_reason("valid_consent"))
    actions.append(_action("keep_checking"))
    route.append((_q("decided"), _q("decided_valid")))
    return True


def _lacks_capacity(s, capacity, route, reasons, actions, notes) -> ConsentAssessment:
    """The patient lacks capacity: wait, advance decision, attorney, deputy or best interests."""
    actions.append(_action("record_assessment"))
    if s.jurisdiction != "england_wales":
        place = JURISDICTIONS[s.jurisdiction]
        notes.append(OTHER_UK_LAW_NOTE)
        reasons.append(_reason("other_law", place=place))
        actions.append(_action("other_law"))
        route.append((_q("who"), _q("who_other_law", place=place)))
        return _assessment(OTHER_LAW, capacity, route, reasons, actions, notes)

    if s.relative_asks_to_sign:
        reasons.append(_reason("relatives_consulted"))
        actions.append(_action("relative_lacking_patient"))
    if s.may_regain_capacity_and_can_wait:
        route.append((_q("wait"), _q("wait_yes")))
        reasons.append(_reason("wait"))
        actions += [_action("treat_cause"), _action("reassess")]
        return _assessment(WAIT, capacity, route, reasons, actions, notes)
    route.append((_q("wait"), "no"))
    route.append((_q("advance_decision"), _q("advance_decision_answer")))
    reasons.append(_reason("advance_decision"))
    actions.append(_action("check_advance_decision"))

    if s.authority == "health_welfare_lpa" and s.authority_covers_decision:
        route.append((_q("lpa"), _q("lpa_yes")))
        reasons.append(_reason("attorney"))
        actions += [_action("see_lpa"), _action("record_attorney")]
        return _assessment(ATTORNEY, capacity, route, reasons, actions, notes, can_proceed=True)
    if s.authority == "court_deputy" and s.authority_covers_decision:
        route.append((_q("deputy"), _q("deputy_yes")))
        reasons.append(_reason("deputy"))
        actions += [_action("see_order"), _action("record_deputy")]
        return _assessment(DEPUTY, capacity, route, reasons, actions, notes, can_proceed=True)
    return _best_interests(s, capacity, route, reasons, actions, notes)


def _best_interests(s, capacity, route, reasons, actions, notes) -> ConsentAssessment:
    """Nobody holds a power over this decision: the clinician decides in best interests."""
    why_not = {
        "health_welfare_lpa": "powers_do_not_cover",
        "court_deputy": "powers_do_not_cover",
        "health_welfare_lpa_unregistered": "lpa_unregistered",
        "property_finance_lpa": "finance_lpa",
    }.get(s.authority)
    if why_not:
        reasons.append(_reason(why_not))
    route.append((_q("attorney_or_deputy"), "no"))
    reasons.append(_reason("best_interests"))
    if s.someone_to_consult and not s.relative_asks_to_sign:
        reasons.append(_reason("relatives_consulted"))
    imca = s.serious_treatment and not s.someone_to_consult and not s.urgent
    if s.someone_to_consult:
        actions.append(_action("consult_family"))
    elif imca:
        reasons.append(_reason("imca"))
        actions.append(_action("instruct_imca"))
    elif s.serious_treatment and s.urgent:
        reasons.append(_reason("urgent_no_imca"))
    actions += [_action("keep_involving"), _action("record_best_interests")]
    route.append((_q("who"), _q("who_clinician_imca" if imca else "who_clinician")))
    return _assessment(
        CLINICIAN, capacity, route, reasons, actions, notes, can_proceed=True, imca=imca
    )
