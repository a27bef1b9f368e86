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

from course.bibliography import cite
from course.clinical.bone_drugs import (
    CREATININE_CLEARANCE_NOTE,
    DRUGS,
    OTHER_BONE_DRUGS,
    BoneDrugInputError,
    DrugAdvice,
    PatientFactors,
    drug_facts,
    what_changes,
)
from course.questions.marking import AnswerFormatError, parse_numeric
from course.widgets.controls import LiveRegion
from course.widgets.kit import badge, callout, table_html, verdict, widget_text, words

TEXT = widget_text(
    "04_treatments",
    "bone_drugs_widget",
    required=("caption", "aspect_heading", "prompt", "advice_heading", "nothing_changes"),
)


def facts_table_html() -> str:
    """The side-by-side table of facts, one row per aspect."""
    facts = drug_facts()
    drugs = facts["drugs"]
    columns = [TEXT["aspect_heading"]] + [f"{drugs[d]['name']} ({drugs[d]['kind']})" for d in DRUGS]
    rows = [
        [label] + [drugs[d][key].strip() for d in DRUGS] for key, label in facts["aspects"].items()
    ]
    return table_html(TEXT["caption"], columns, rows)


def _change_html(change) -> str:
    symbol = verdict(change.status).symbol
    return (
        f"<li><b>{html.escape(change.factor.capitalize())}</b> "
        f"({symbol} {html.escape(change.status)}): {html.escape(change.action)} "
        f"<small>[{html.escape(cite(change.source))}]</small></li>"
    )


def advice_html(advice: DrugAdvice) -> str:
    """One drug's changes for this patient, with its overall status in words and symbol."""
    if advice.changes:
        body = "<ul>" + "".join(_change_html(c) for c in advice.changes) + "</ul>"
    else:
        body = f"<p>{html.escape(TEXT['nothing_changes'])}</p>"
    head = f"<b>{html.escape(advice.name)}:</b> {badge(advice.status, advice.status_label)}"
    return callout(head + body, advice.status)


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
            description=TEXT["creatinine_clearance"],
            placeholder=TEXT["creatinine_clearance_placeholder"],
            style=style,
            continuous_update=True,
        )
        box = {"indent": False, "layout": widgets.Layout(width="auto")}
        self.crcl_note = widgets.HTML(f"<small>{html.escape(CREATININE_CLEARANCE_NOTE)}</small>")
        self.crcl_note.add_class("bc-crcl-note")
        self.low_calcium_box = widgets.Checkbox(description=TEXT["low_calcium"], **box)
        self.high_calcium_box = widgets.Checkbox(description=TEXT["high_calcium"], **box)
        self.dental_box = widgets.Checkbox(description=TEXT["dental_work"], **box)
        self.already_on_box = widgets.Checkbox(description=TEXT["already_on_drug"], **box)
        self.other_drug = widgets.Dropdown(
            options=[(label, key) for key, label in OTHER_BONE_DRUGS.items()],
            value="none",
            description=TEXT["other_drug"],
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
            self.already_on_box,
            self.other_drug,
        ):
            control.observe(self._update, names="value")
        controls = widgets.VBox(
            [
                widgets.HTML(TEXT["prompt"] + ":"),
                self.crcl_input,
                self.crcl_note,
                self.low_calcium_box,
                self.high_calcium_box,
                self.dental_box,
                self.already_on_box,
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
            already_on_drug=self.already_on_box.value,
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
            f"<h4>{html.escape(TEXT['advice_heading'])}</h4>"
            + "".join(advice_html(self.advice[d]) for d in DRUGS)
            + f"<p><small>{html.escape(words(TEXT['disclaimer']))}</small></p>"
        )

    def set_factors(
        self,
        creatinine_clearance: float | str | None = None,
        low_calcium: bool = False,
        high_calcium: bool = False,
        dental_work_planned: bool = False,
        other_bone_drug: str = "none",
        already_on_drug: bool = False,
    ) -> dict[str, DrugAdvice] | None:
        """Set every control as a learner would, and return the new advice."""
        self.crcl_input.value = "" if creatinine_clearance is None else str(creatinine_clearance)
        self.low_calcium_box.value = low_calcium
        self.high_calcium_box.value = high_calcium
        self.dental_box.value = dental_work_planned
        self.other_drug.value = other_bone_drug
        self.already_on_box.value = already_on_drug
        return self.advice


def bone_drugs(creatinine_clearance: float | str | None = 75) -> BoneDrugsComparison:
    """Show zoledronic acid and denosumab side by side (default creatinine clearance 75 mL/min)."""
    return BoneDrugsComparison(creatinine_clearance=creatinine_clearance)
