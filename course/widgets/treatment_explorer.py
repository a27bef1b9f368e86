"""Treatment explorer: a primary cancer and a situation in; the options that fit out.

Each option comes with its aim and the nursing points, and the options that do not fit with why.

The choice rules are :mod:`course.clinical.treatment_options`; this widget only draws and
listens. The radium-223 details appear only for castration-resistant prostate cancer::

    w = TreatmentExplorer()
    w.set_choice("thyroid_other", "many_painful_sites")
    "radioactive_iodine" in w.plan.excluded_ids()   # True
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from course.bibliography import cite
from course.clinical.treatment_options import (
    KIND_LABELS,
    RadiumDetails,
    TreatmentInputError,
    TreatmentPlan,
    primary_choices,
    situation_choices,
    treatment_options,
)
from course.widgets.controls import LiveRegion
from course.widgets.kit import callout, prose, verdict, widget_text, words

TEXT = widget_text(
    "04_treatments", "treatment_explorer", required=("heading", "nurse_first", "footnote")
)

_RADIUM_PRIMARY = "prostate_castration_resistant"


def _option_html(opt) -> str:
    """One option that fits: its name, aim, nursing points and any restrictions."""
    nursing = "".join(f"<li>{html.escape(n)}</li>" for n in opt.nursing)
    restrictions = ""
    if opt.restrictions:
        items = "".join(f"<li>{html.escape(r)}</li>" for r in opt.restrictions)
        restrictions = f"<p><b>{TEXT['only_when']}</b></p><ul>{items}</ul>"
    body = (
        f"<b>{verdict('right').symbol} {html.escape(opt.name)}</b><br>"
        f"<i>{TEXT['aim']}</i> {html.escape(opt.aim)}<br><i>{TEXT['nursing']}</i><ul>{nursing}</ul>"
        f"{restrictions}<small>[{html.escape(cite(opt.source))}]</small>"
    )
    return callout(body, "right", css_class="bc-option-fits")


def _excluded_html(ex) -> str:
    reasons = "".join(f"<li>{html.escape(r)}</li>" for r in ex.reasons)
    body = f"<b>{verdict('wrong').symbol} {html.escape(ex.name)}</b><ul>{reasons}</ul>"
    return callout(body, "wrong", css_class="bc-excluded")


def plan_html(plan: TreatmentPlan) -> str:
    """The plan as HTML: first actions, options grouped by kind, then what does not fit."""
    first = TEXT["nurse_first"].format(actions=html.escape(plan.first_actions))
    parts = [
        callout(first, "moderate", role="note"),
        f"<h4>{TEXT['fit'].format(count=len(plan.options))}</h4>",
    ]
    kind = None
    for opt in plan.options:
        if opt.kind != kind:
            kind = opt.kind
            parts.append(f"<h5>{html.escape(KIND_LABELS[kind])}</h5>")
        parts.append(_option_html(opt))
    if plan.excluded:
        parts.append(f"<h4>{TEXT['not_suitable']}</h4>")
        parts += [_excluded_html(ex) for ex in plan.excluded]
    parts.append(f"<p><small>{prose(TEXT['footnote'])}</small></p>")
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
            description=TEXT["primary"],
            style=style,
            layout=wide,
        )
        self.situation = widgets.Dropdown(
            options=[(label, key) for key, label in situation_choices().items()],
            value=situation,
            description=TEXT["situation"],
            style=style,
            layout=wide,
        )
        self.prior_lines = widgets.BoundedIntText(
            value=2,
            min=0,
            max=20,
            description=TEXT["prior_lines"],
            style={"description_width": "initial"},
        )
        box = {"indent": False, "layout": widgets.Layout(width="auto")}
        self.unsuitable_box = widgets.Checkbox(description=TEXT["unsuitable"], **box)
        self.visceral_box = widgets.Checkbox(description=TEXT["visceral"], **box)
        self.abiraterone_box = widgets.Checkbox(description=TEXT["abiraterone"], **box)
        self.radium_details = widgets.VBox(
            [
                widgets.HTML(TEXT["radium_details"]),
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
        heading = widgets.HTML(words(TEXT["heading"]))
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
