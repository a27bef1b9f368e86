"""Bone drugs side by side: zoledronic acid and denosumab, and what a patient factor changes.

The facts and the rule are :mod:`course.clinical.bone_drugs`; this widget only draws and listens.
Creatinine clearance is a text box (so "45", "45 mL/min" and an empty box for "not known yet" all
work, and a slip such as "forty" gets a clear message)::

    w = BoneDrugsComparison()
    w.set_factors(creatinine_clearance="25")
    w.advice["denosumab"].status   # 'caution'
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from course.clinical.bone_drugs import (
    DRUGS,
    OTHER_BONE_DRUGS,
    BoneDrugInputError,
    DrugAdvice,
    PatientFactors,
    drug_facts,
    what_changes,
)
from course.figures import ROLE_COLOURS
from course.marking import AnswerFormatError, parse_numeric
from course.widgets.controls import LiveRegion

#: Status -> (colour, symbol); the status words are always shown too, never colour alone.
_STATUS_STYLE = {
    "usual": (ROLE_COLOURS["normal"], "✔"),
    "caution": (ROLE_COLOURS["mild"], "△"),
    "adjust": (ROLE_COLOURS["moderate"], "✎"),
    "delay": (ROLE_COLOURS["moderate"], "⏸"),
    "avoid": (ROLE_COLOURS["severe"], "⛔"),
}


def facts_table_html() -> str:
    """The side-by-side table of facts, one row per aspect."""
    facts = drug_facts()
    drugs = facts["drugs"]
    head = "".join(
        f'<th scope="col">{html.escape(drugs[d]["name"])}<br><small>'
        f"{html.escape(drugs[d]['kind'])}</small></th>"
        for d in DRUGS
    )
    rows = []
    for key, label in facts["aspects"].items():
        cells = "".join(f"<td>{html.escape(drugs[d][key].strip())}</td>" for d in DRUGS)
        rows.append(f'<tr><th scope="row">{html.escape(label)}</th>{cells}</tr>')
    return (
        '<table class="bc-table" style="border-collapse:collapse">'
        "<caption>Zoledronic acid and denosumab compared (bone metastases and myeloma doses)"
        f'</caption><thead><tr><th scope="col">Aspect</th>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
        "<style>.bc-table td,.bc-table th{border:1px solid #999;padding:0.3em;"
        "vertical-align:top;text-align:left}</style>"
    )


def advice_html(advice: DrugAdvice) -> str:
    """One drug's changes for this patient, with its overall status in words and symbol."""
    colour, symbol = _STATUS_STYLE[advice.status]
    if advice.changes:
        items = "".join(
            f"<li><b>{html.escape(c.factor.capitalize())}</b> "
            f"({_STATUS_STYLE[c.status][1]} {html.escape(c.status)}): {html.escape(c.action)} "
            f"<small>[{html.escape(c.source)}]</small></li>"
            for c in advice.changes
        )
        body = f"<ul>{items}</ul>"
    else:
        body = "<p>Nothing changes: give it as usual with the routine checks above.</p>"
    return (
        f'<div style="border-left:6px solid {colour};padding-left:0.5em;margin:0.4em 0">'
        f"<b>{html.escape(advice.name)}: {symbol} {html.escape(advice.status_label)}</b>"
        f"{body}</div>"
    )


class BoneDrugsComparison(widgets.VBox):
    """Zoledronic acid and denosumab side by side, with patient factors that change the plan.

    Attributes
    ----------
    advice : dict or None
        ``{"zoledronic_acid": DrugAdvice, "denosumab": DrugAdvice}`` for the current factors,
        or ``None`` when the input is refused.
    error : str or None
        The message shown for refused input.
    """

    def __init__(self, creatinine_clearance: float | str | None = None):
        style = {"description_width": "17em"}
        self.crcl_input = widgets.Text(
            value="" if creatinine_clearance is None else str(creatinine_clearance),
            description="Creatinine clearance (mL/min):",
            placeholder="e.g. 45; leave empty if not known",
            style=style,
            continuous_update=True,
        )
        box = {"indent": False, "layout": widgets.Layout(width="auto")}
        self.low_calcium_box = widgets.Checkbox(description="Calcium is low", **box)
        self.high_calcium_box = widgets.Checkbox(
            description="Calcium is high (hypercalcaemia)", **box
        )
        self.dental_box = widgets.Checkbox(description="Dental work is planned", **box)
        self.other_drug = widgets.Dropdown(
            options=[(label, key) for key, label in OTHER_BONE_DRUGS.items()],
            value="none",
            description="Already on another bone drug:",
            style=style,
            layout=widgets.Layout(width="auto"),
        )
        self.facts = widgets.HTML(facts_table_html())
        self.facts.add_class("bc-bone-drugs-facts")
        self.output = LiveRegion(role="status")
        self.output.add_class("bc-bone-drugs-advice")
        self.advice: dict[str, DrugAdvice] | None = None
        self.error: str | None = None
        for control in (
            self.crcl_input,
            self.low_calcium_box,
            self.high_calcium_box,
            self.dental_box,
            self.other_drug,
        ):
            control.observe(self._update, names="value")
        controls = widgets.VBox(
            [
                widgets.HTML("<b>Pick the patient's factors</b> and see what changes:"),
                self.crcl_input,
                self.low_calcium_box,
                self.high_calcium_box,
                self.dental_box,
                self.other_drug,
            ]
        )
        super().__init__([self.facts, controls, self.output])
        self.add_class("bc-bone-drugs")
        self._update()

    def _factors(self) -> PatientFactors:
        text = self.crcl_input.value.strip()
        crcl = None
        if text:
            try:
                crcl = parse_numeric(text, "mL/min")
            except AnswerFormatError as exc:
                raise BoneDrugInputError(f"Creatinine clearance: {exc}") from None
        return PatientFactors(
            creatinine_clearance=crcl,
            low_calcium=self.low_calcium_box.value,
            dental_work_planned=self.dental_box.value,
            hypercalcaemia=self.high_calcium_box.value,
            other_bone_drug=self.other_drug.value,
        )

    def _update(self, _change=None) -> None:
        try:
            self.advice = what_changes(self._factors())
            self.error = None
        except BoneDrugInputError as exc:
            self.advice, self.error = None, str(exc)
            self.output.value = f'<p class="bc-error">{html.escape(self.error)}</p>'
            return
        self.output.value = (
            "<h4>What changes for this patient</h4>"
            + "".join(advice_html(self.advice[d]) for d in DRUGS)
            + "<p><small>Educational aid, not medical advice: the prescriber sets the dose and "
            "local policy may differ.</small></p>"
        )

    def set_factors(
        self,
        creatinine_clearance: float | str | None = None,
        low_calcium: bool = False,
        high_calcium: bool = False,
        dental_work_planned: bool = False,
        other_bone_drug: str = "none",
    ) -> dict[str, DrugAdvice] | None:
        """Set every control as a learner would, and return the new advice."""
        self.crcl_input.value = "" if creatinine_clearance is None else str(creatinine_clearance)
        self.low_calcium_box.value = low_calcium
        self.high_calcium_box.value = high_calcium
        self.dental_box.value = dental_work_planned
        self.other_drug.value = other_bone_drug
        return self.advice


def bone_drugs(creatinine_clearance: float | str | None = 75) -> BoneDrugsComparison:
    """Show zoledronic acid and denosumab side by side (default creatinine clearance 75 mL/min)."""
    return BoneDrugsComparison(creatinine_clearance=creatinine_clearance)
