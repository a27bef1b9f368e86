"""Treatment explorer: a primary cancer and a situation in; the options that fit, their aim and
the nursing points out, with the options that do not fit and why.

The choice rules are :mod:`course.clinical.treatment_options`; this widget only draws and
listens. The radium-223 details appear only for castration-resistant prostate cancer::

    w = TreatmentExplorer()
    w.set_choice("thyroid_other", "many_painful_sites")
    "radioactive_iodine" in w.plan.excluded_ids()   # True
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from course.clinical.treatment_options import (
    KIND_LABELS,
    RadiumDetails,
    TreatmentInputError,
    TreatmentPlan,
    primary_choices,
    situation_choices,
    treatment_options,
)
from course.figures import ROLE_COLOURS
from course.widgets.controls import LiveRegion

_RADIUM_PRIMARY = "prostate_castration_resistant"


def plan_html(plan: TreatmentPlan) -> str:
    """The plan as HTML: first actions, options grouped by kind, then what does not fit."""
    parts = [
        f'<div role="note" style="border-left:6px solid {ROLE_COLOURS["moderate"]};'
        f'padding-left:0.5em"><b>The nurse first:</b> {html.escape(plan.first_actions)}</div>',
        f"<h4>Options that fit ({len(plan.options)})</h4>",
    ]
    kind = None
    for opt in plan.options:
        if opt.kind != kind:
            kind = opt.kind
            parts.append(f"<h5>{html.escape(KIND_LABELS[kind])}</h5>")
        nursing = "".join(f"<li>{html.escape(n)}</li>" for n in opt.nursing)
        restrictions = ""
        if opt.restrictions:
            restrictions = (
                "<p><b>Only when all of these hold:</b></p><ul>"
                + "".join(f"<li>{html.escape(r)}</li>" for r in opt.restrictions)
                + "</ul>"
            )
        parts.append(
            f'<div class="bc-option" style="border-left:4px solid {ROLE_COLOURS["treatment"]};'
            f'padding-left:0.5em;margin:0.3em 0"><b>✔ {html.escape(opt.name)}</b><br>'
            f"<i>Aim:</i> {html.escape(opt.aim)}<br><i>Nursing points:</i><ul>{nursing}</ul>"
            f"{restrictions}<small>[{html.escape(opt.source)}]</small></div>"
        )
    if plan.excluded:
        parts.append("<h4>Not suitable here, and why</h4>")
        for ex in plan.excluded:
            reasons = "".join(f"<li>{html.escape(r)}</li>" for r in ex.reasons)
            parts.append(
                f'<div class="bc-excluded" style="border-left:4px solid '
                f'{ROLE_COLOURS["severe"]};padding-left:0.5em;margin:0.3em 0">'
                f"<b>✘ {html.escape(ex.name)}</b><ul>{reasons}</ul></div>"
            )
    parts.append(
        "<p><small>The team and the patient choose together; stopping treatment is always "
        "allowed. Educational aid, not medical advice.</small></p>"
    )
    return "".join(parts)


class TreatmentExplorer(widgets.VBox):
    """Choose a primary cancer and a situation; see the options that fit.

    Attributes
    ----------
    plan : TreatmentPlan or None
        The options for the current choice (``None`` if the details are refused).
    error : str or None
        The message shown for refused details.
    """

    def __init__(self, primary: str = "breast", situation: str = "painful_rib"):
        treatment_options(primary, situation)  # unknown choices fail with a clear message
        style = {"description_width": "10em"}
        wide = widgets.Layout(width="auto")
        self.primary = widgets.Dropdown(
            options=[(label, key) for key, label in primary_choices().items()],
            value=primary,
            description="Primary cancer:",
            style=style,
            layout=wide,
        )
        self.situation = widgets.Dropdown(
            options=[(label, key) for key, label in situation_choices().items()],
            value=situation,
            description="Situation:",
            style=style,
            layout=wide,
        )
        self.prior_lines = widgets.BoundedIntText(
            value=2,
            min=0,
            max=20,
            description="Prior lines of systemic treatment:",
            style={"description_width": "initial"},
        )
        box = {"indent": False, "layout": widgets.Layout(width="auto")}
        self.unsuitable_box = widgets.Checkbox(
            description="No other systemic treatment is suitable", **box
        )
        self.visceral_box = widgets.Checkbox(
            description="Known visceral metastases (e.g. liver or lung)", **box
        )
        self.abiraterone_box = widgets.Checkbox(
            description="Taking abiraterone with prednisone or prednisolone", **box
        )
        self.radium_details = widgets.VBox(
            [
                widgets.HTML("<b>Details that decide radium-223:</b>"),
                self.prior_lines,
                self.unsuitable_box,
                self.visceral_box,
                self.abiraterone_box,
            ]
        )
        self.radium_details.add_class("bc-radium-details")
        self.output = LiveRegion(role="status")
        self.output.add_class("bc-treatment-options")
        self.plan: TreatmentPlan | None = None
        self.error: str | None = None
        for control in (
            self.primary,
            self.situation,
            self.prior_lines,
            self.unsuitable_box,
            self.visceral_box,
            self.abiraterone_box,
        ):
            control.observe(self._update, names="value")
        heading = widgets.HTML(
            "<b>Treatment explorer.</b> Choose where the cancer started and what is happening "
            "now. The options that fit appear with their aim and what the nurse does."
        )
        super().__init__([heading, self.primary, self.situation, self.radium_details, self.output])
        self.add_class("bc-treatment-explorer")
        self._update()

    def _update(self, _change=None) -> None:
        is_crpc = self.primary.value == _RADIUM_PRIMARY
        self.radium_details.layout.display = None if is_crpc else "none"
        try:
            details = RadiumDetails(
                prior_systemic_lines=int(self.prior_lines.value),
                other_treatments_unsuitable=self.unsuitable_box.value,
                visceral_metastases=self.visceral_box.value,
                on_abiraterone_prednisolone=self.abiraterone_box.value,
            )
            self.plan = treatment_options(self.primary.value, self.situation.value, details)
            self.error = None
        except TreatmentInputError as exc:
            self.plan, self.error = None, str(exc)
            self.output.value = f'<p class="bc-error">{html.escape(self.error)}</p>'
            return
        self.output.value = plan_html(self.plan)

    def set_choice(self, primary: str, situation: str) -> TreatmentPlan | None:
        """Choose the primary cancer and situation as a learner would; return the new plan."""
        self.primary.value = primary
        self.situation.value = situation
        return self.plan


def treatment_explorer(
    primary: str = "breast", situation: str = "painful_rib"
) -> TreatmentExplorer:
    """Show the treatment explorer."""
    return TreatmentExplorer(primary, situation)
