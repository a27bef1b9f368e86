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
from course.palette import GREYS, PALETTE
from course.widgets.controls import LiveRegion, SingleChoice
from course.widgets.kit import callout, widget_text

TEXT = widget_text(
    "06_the_person", "consent_explorer", required=("checkboxes", "groups", "controls", "answer")
)
_A = TEXT["answer"]
_K = TEXT["controls"]

#: a colour and a symbol for each answer (the answer's words are always shown too)
_WHO_STYLE = {
    PATIENT: (PALETTE["bluish_green"], "●"),
    ATTORNEY: (PALETTE["blue"], "■"),
    DEPUTY: (PALETTE["blue"], "■"),
    CLINICIAN: (PALETTE["orange"], "▲"),
    WAIT: (PALETTE["reddish_purple"], "⏸"),
    OTHER_LAW: (GREYS["line"], "?"),
}

#: checkbox facts: field name -> visible label
_CHECKBOXES: dict[str, str] = dict(TEXT["checkboxes"])

_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        TEXT["groups"]["capacity"],
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
        TEXT["groups"]["choice"],
        (
            "patient_decision",
            "decision_seems_unwise",
            "risks_and_alternatives_discussed",
            "under_pressure",
            "can_sign",
        ),
    ),
    (
        TEXT["groups"]["others"],
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


def _list(items: tuple[str, ...] | list[str], ordered: bool = False) -> str:
    tag = "ol" if ordered else "ul"
    return f"<{tag}>" + "".join(f"<li>{html.escape(i)}</li>" for i in items) + f"</{tag}>"


def assessment_html(assessment: ConsentAssessment) -> str:
    """Render an assessment: who decides, capacity, whether treatment may proceed, why, actions.

    The actions are what the nurse does.

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
    proceed = _A["proceed_yes"] if assessment.can_proceed else _A["proceed_no"]
    route = _list([f"{q} → {a}" for q, a in assessment.route], ordered=True)
    who = _A["who"].format(label=assessment.who_decides_label)
    answer = (
        f"<h4>{symbol} {html.escape(who)}</h4>"
        f"<p><b>{_A['capacity']}</b> {html.escape(assessment.capacity.label)}. "
        f"<b>{_A['may_proceed']}</b> {proceed}. "
        f"<b>{_A['imca']}</b> {_A['imca_yes'] if assessment.imca_required else _A['imca_no']}. "
        f"{_A['relative']}</p>"
    )
    parts = [
        callout(answer, css_class="bc-consent-answer", colour=colour),
        f"<p><b>{_A['route']}</b></p>{route}",
        f"<p><b>{_A['why']}</b></p>{_list(assessment.reasons)}",
        f"<p><b>{_A['nurse']}</b></p>{_list(assessment.nurse_actions)}",
    ]
    if assessment.notes:
        parts.append(f"<p><b>{_A['note']}</b></p>{_list(assessment.notes)}")
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
            options=[(_K["own_facts"], "")]
            + [(desc, key) for key, (desc, _) in PRESET_SCENARIOS.items()],
            value="",
            description=_K["preset"],
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
            label=_K["patient"],
        )
        self.controls["jurisdiction"] = W.Dropdown(
            options=[(label, key) for key, label in JURISDICTIONS.items()],
            description=_K["jurisdiction"],
            style={"description_width": "initial"},
            layout=W.Layout(width="auto", max_width="420px"),
        )
        self.controls["authority"] = W.Dropdown(
            options=[(label, key) for key, label in AUTHORITIES.items()],
            description=_K["authority"],
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
            [self.preset, facts, self.message, self.result],
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
            message = _K["unknown_facts"].format(names=names)
            self.message.value = f'<p class="bc-error">{message}</p>'
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
