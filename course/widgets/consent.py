"""The "who decides?" explorer: set the facts of a treatment decision and see who may decide.

The rules are :mod:`course.clinical.consent` (Mental Capacity Act 2005 and Montgomery, England and
Wales); this widget only draws and listens. Every control is a native, labelled form control::

    explorer = ConsentExplorer(preset="confused_high_calcium")
    explorer.assessment.who_decides   # 'wait_for_capacity'
"""

from __future__ import annotations

import html

import ipywidgets as W

from course.clinical.consent import (
    ATTORNEY,
    AUTHORITIES,
    CLINICIAN,
    DEPUTY,
    JURISDICTIONS,
    OTHER_LAW,
    PATIENT,
    PATIENT_DECISIONS,
    PRESET_SCENARIOS,
    WAIT,
    ConsentAssessment,
    ConsentInputError,
    ConsentScenario,
    assess_consent,
    scenario_from_dict,
)
from course.figures import PALETTE
from course.widgets.controls import LiveRegion, SingleChoice

#: a colour, a symbol and a word for each answer, so colour is never the only cue
_WHO_STYLE = {
    PATIENT: (PALETTE["bluish_green"], "●"),
    ATTORNEY: (PALETTE["blue"], "■"),
    DEPUTY: (PALETTE["blue"], "■"),
    CLINICIAN: (PALETTE["orange"], "▲"),
    WAIT: (PALETTE["reddish_purple"], "⏸"),
    OTHER_LAW: ("#555555", "?"),
}

#: checkbox facts: field name -> visible label
_CHECKBOXES: dict[str, str] = {
    "doubt_about_capacity": "There is a reason to doubt capacity for this decision",
    "practicable_support_given": "All practicable help to decide has been given",
    "understands": "Can understand the information",
    "retains": "Can retain it long enough to decide",
    "uses_or_weighs": "Can use or weigh it to reach a decision",
    "communicates": "Can communicate the decision (by any means)",
    "impairment_of_mind_or_brain": "Has an impairment or disturbance of mind or brain "
    "(e.g. delirium, dementia)",
    "may_regain_capacity_and_can_wait": "Capacity may return and the decision can wait",
    "decision_seems_unwise": "The team thinks the patient's choice is unwise",
    "risks_and_alternatives_discussed": "Material risks and alternatives (including no "
    "treatment) have been discussed",
    "under_pressure": "Someone is pressuring the patient",
    "can_sign": "The patient can sign a form",
    "authority_covers_decision": "That power covers this decision",
    "someone_to_consult": "Family, friends or unpaid carers can be consulted",
    "relative_asks_to_sign": "A relative offers to sign the consent form",
    "serious_treatment": "Serious medical treatment (e.g. surgery, radiotherapy, chemotherapy)",
    "urgent": "Urgent: the treatment cannot wait",
}

_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "Capacity for this decision",
        (
            "doubt_about_capacity",
            "practicable_support_given",
            "understands",
            "retains",
            "uses_or_weighs",
            "communicates",
            "impairment_of_mind_or_brain",
            "may_regain_capacity_and_can_wait",
        ),
    ),
    (
        "The patient's choice",
        (
            "patient_decision",
            "decision_seems_unwise",
            "risks_and_alternatives_discussed",
            "under_pressure",
            "can_sign",
        ),
    ),
    (
        "Other people and the treatment",
        (
            "jurisdiction",
            "authority",
            "authority_covers_decision",
            "someone_to_consult",
            "relative_asks_to_sign",
            "serious_treatment",
            "urgent",
        ),
    ),
)

_CSS = """
<style>
.bc-consent .widget-checkbox { height: auto !important; min-height: 28px; align-items: flex-start; }
.bc-consent .widget-checkbox label { white-space: normal; height: auto; line-height: 1.35; }
.bc-consent .widget-checkbox input { margin-top: 0.3em; flex-shrink: 0; }
.bc-consent .widget-radio-box label { white-space: normal; }
.bc-consent-answer { border-left: 6px solid; padding: 0.4em 0.8em; margin: 0.4em 0; }
.bc-consent-answer h4 { margin: 0.2em 0; }
.bc-consent-group { border: 1px solid #ccc; padding: 0.3em 0.6em; margin: 0.2em; }
</style>
"""


def _list(items: tuple[str, ...] | list[str], ordered: bool = False) -> str:
    tag = "ol" if ordered else "ul"
    return f"<{tag}>" + "".join(f"<li>{html.escape(i)}</li>" for i in items) + f"</{tag}>"


def assessment_html(assessment: ConsentAssessment) -> str:
    """Render an assessment: who decides, capacity, whether treatment may proceed, why, and
    what the nurse does.

    Parameters
    ----------
    assessment
        The result of :func:`course.clinical.consent.assess_consent`.

    Returns
    -------
    str
        HTML for the explorer's answer panel.
    """
    colour, symbol = _WHO_STYLE[assessment.who_decides]
    proceed = (
        "Yes, on the decision of the person who decides"
        if assessment.can_proceed
        else "Not now (see why below)"
    )
    route = _list([f"{q} → {a}" for q, a in assessment.route], ordered=True)
    parts = [
        f'<div class="bc-consent-answer" style="border-color:{colour}">',
        f"<h4>{symbol} Who decides? {html.escape(assessment.who_decides_label)}</h4>",
        f"<p><b>Capacity:</b> {html.escape(assessment.capacity.label)}. ",
        f"<b>Treatment may go ahead:</b> {proceed}. ",
        f"<b>IMCA needed:</b> {'yes' if assessment.imca_required else 'no'}. ",
        "<b>Can a relative without a legal power consent?</b> No.</p></div>",
        f"<p><b>How the rules got there</b></p>{route}",
        f"<p><b>Why</b></p>{_list(assessment.reasons)}",
        f"<p><b>What the nurse does</b></p>{_list(assessment.nurse_actions)}",
    ]
    if assessment.notes:
        parts.append(f"<p><b>Note</b></p>{_list(assessment.notes)}")
    return "".join(parts)


class ConsentExplorer(W.VBox):
    """Who may decide about a treatment? Set the facts; read who decides, why, and what to do.

    Parameters
    ----------
    preset
        A key of :data:`course.clinical.consent.PRESET_SCENARIOS` to start from, or ``None`` for
        a capable adult who agrees.

    Attributes
    ----------
    controls
        Field name -> control, one for every fact of :class:`ConsentScenario`.
    assessment
        The latest :class:`ConsentAssessment` (``None`` if the facts were invalid).
    """

    def __init__(self, preset: str | None = None):
        self._updating = False
        self.assessment: ConsentAssessment | None = None
        self.preset = W.Dropdown(
            options=[("Set the facts yourself", "")]
            + [(desc, key) for key, (desc, _) in PRESET_SCENARIOS.items()],
            value="",
            description="Start from a scenario:",
            style={"description_width": "initial"},
            layout=W.Layout(width="auto", max_width="100%"),
        )
        self.controls: dict[str, W.ValueWidget] = {}
        for name, label in _CHECKBOXES.items():
            self.controls[name] = W.Checkbox(
                value=False, description=label, indent=False, layout=W.Layout(width="auto")
            )
        self.controls["patient_decision"] = SingleChoice(
            [(key, f"{label[0].upper()}{label[1:]}") for key, label in PATIENT_DECISIONS.items()],
            label="The patient",
        )
        self.controls["jurisdiction"] = W.Dropdown(
            options=[(label, key) for key, label in JURISDICTIONS.items()],
            description="Where care is given:",
            style={"description_width": "initial"},
            layout=W.Layout(width="auto", max_width="420px"),
        )
        self.controls["authority"] = W.Dropdown(
            options=[(label, key) for key, label in AUTHORITIES.items()],
            description="Legal power held by someone:",
            style={"description_width": "initial"},
            layout=W.Layout(width="auto", max_width="520px"),
        )
        self.message = LiveRegion(role="alert")
        self.result = LiveRegion(role="status")
        self.result.add_class("bc-consent-result")

        groups = []
        for heading, names in _GROUPS:
            box = W.VBox(
                [W.HTML(f"<b>{html.escape(heading)}</b>")] + [self.controls[n] for n in names],
                layout=W.Layout(flex="1 1 300px", min_width="260px"),
            )
            box.add_class("bc-consent-group")
            groups.append(box)
        facts = W.HBox(groups, layout=W.Layout(flex_flow="row wrap", width="100%"))

        self._set_facts(ConsentScenario())
        self.controls["authority"].observe(self._on_authority, names="value")
        self._on_authority()
        self.preset.observe(self._on_preset, names="value")
        for control in self.controls.values():
            control.observe(self._on_fact, names="value")
        super().__init__(
            [W.HTML(_CSS), self.preset, facts, self.message, self.result],
        )
        self.add_class("bc-consent")
        if preset:
            if preset not in PRESET_SCENARIOS:
                known = ", ".join(PRESET_SCENARIOS)
                raise ValueError(f"Unknown scenario {preset!r}; choose one of {known}.")
            self.preset.value = preset
        else:
            self.update()

    # -- state --------------------------------------------------------------------------------
    @property
    def scenario(self) -> ConsentScenario:
        """The facts as the controls show them now."""
        return scenario_from_dict({name: c.value for name, c in self.controls.items()})

    def _set_facts(self, scenario: ConsentScenario) -> None:
        self._updating = True
        try:
            for name, control in self.controls.items():
                control.value = getattr(scenario, name)
        finally:
            self._updating = False

    def set_facts(self, **facts: object) -> ConsentAssessment | None:
        """Change some facts (as a learner would with the controls) and return the assessment."""
        unknown = sorted(set(facts) - set(self.controls))
        if unknown:
            names = html.escape(", ".join(unknown))
            self.message.value = f'<p class="bc-error">Unknown fact(s): {names}</p>'
            return None
        self._updating = True
        try:
            for name, value in facts.items():
                self.controls[name].value = value
        finally:
            self._updating = False
        self.preset.value = ""
        return self.update()

    # -- events -------------------------------------------------------------------------------
    def _on_preset(self, change) -> None:
        key = change["new"]
        if not key:
            return
        self._set_facts(PRESET_SCENARIOS[key][1])
        self.update()

    def _on_authority(self, _change=None) -> None:
        # "covers this decision" only means something when someone holds a power
        self.controls["authority_covers_decision"].disabled = (
            self.controls["authority"].value == "none"
        )

    def _on_fact(self, _change) -> None:
        if self._updating:
            return
        self._updating = True
        try:
            self.preset.value = ""  # the facts no longer match a named scenario
        finally:
            self._updating = False
        self.update()

    def update(self) -> ConsentAssessment | None:
        """Recompute from the controls and redraw the answer."""
        try:
            self.assessment = assess_consent(self.scenario)
        except ConsentInputError as exc:
            self.assessment = None
            self.message.value = f'<p class="bc-error">{html.escape(str(exc))}</p>'
            self.result.value = ""
            return None
        self.message.value = ""
        self.result.value = assessment_html(self.assessment)
        return self.assessment


def consent_explorer(preset: str | None = None) -> ConsentExplorer:
    """The notebook's one-line call: the "who decides?" explorer.

    Parameters
    ----------
    preset
        Optional scenario key to start from (see ``PRESET_SCENARIOS``).

    Returns
    -------
    ConsentExplorer
    """
    return ConsentExplorer(preset=preset)
