"""The WHO pain ladder: place a patient's pain and regular drugs, see the next step.

The nursing points and cautions come with it.

The logic is :func:`course.clinical.pain.next_step`; this widget only draws and listens. The
ladder drawing marks the current step with a circle and the suggested step with a diamond, and
its alt text says the same in words, so colour is never the only cue.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

import ipywidgets as W

from course.clinical.pain import DRUGS, RISKS, STEP_NAMES, LadderAdvice, PainError, next_step
from course.figures import PALETTE, ROLE_COLOURS, Figure, new_figure
from course.widgets.controls import IntSlider, LiveRegion
from course.widgets.kit import prose, widget_text, words
from course.widgets.self_check import CSS

TEXT = widget_text(
    "05_symptoms_and_emergencies", "pain_ladder_widget", required=("intro", "alt", "footnote")
)

_STEP_SHORT = {1: "Step 1\nnon-opioid", 2: "Step 2\nweak opioid", 3: "Step 3\nstrong opioid"}
_STEP_COLOURS = {1: ROLE_COLOURS["mild"], 2: ROLE_COLOURS["moderate"], 3: ROLE_COLOURS["severe"]}


def ladder_figure(advice: LadderAdvice) -> Figure:
    """A three-step staircase with the current step (circle) and suggested step (diamond)."""
    fig, ax = new_figure((6.4, 2.8))
    for step in (1, 2, 3):
        ax.bar(step, step, width=0.96, color=_STEP_COLOURS[step], alpha=0.6, edgecolor="black")
        ax.text(step, step / 2, _STEP_SHORT[step], ha="center", va="center", fontsize=9)
    if advice.current_step:
        ax.plot(
            advice.current_step,
            advice.current_step + 0.35,
            marker="o",
            ms=12,
            mfc="white",
            mec="black",
            ls="none",
            label="now",
        )
    if advice.suggested_step:
        ax.plot(
            advice.suggested_step,
            advice.suggested_step + 0.75,
            marker="D",
            ms=11,
            color=PALETTE["black"],
            ls="none",
            label="suggested",
        )
    if advice.moves_up and advice.current_step:
        ax.annotate(
            "",
            xy=(advice.suggested_step - 0.2, advice.suggested_step + 0.55),
            xytext=(advice.current_step + 0.2, advice.current_step + 0.35),
            arrowprops={"arrowstyle": "->", "color": "black", "lw": 1.5},
        )
    ax.set_xlim(0.4, 3.6)
    ax.set_ylim(0, 4.2)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title(TEXT["title"].format(score=f"{advice.score:g}", severity=advice.severity))
    handles, labels = ax.get_legend_handles_labels()
    if handles:
        ax.legend(loc="upper left", frameon=False, fontsize=9)
    for side in ("left", "top", "right"):
        ax.spines[side].set_visible(False)
    text = TEXT["alt"]
    if advice.current_step:
        now = text["now"]
    elif advice.drugs:  # only an adjuvant (dexamethasone) is ticked: not "nothing given"
        now = text["adjuvant_only"]
    else:
        now = text["none"]
    if advice.suggested_step == 0:
        nxt = text["no_relief"]
    elif advice.suggested_step == advice.current_step:
        nxt = text["stay"]
    else:
        nxt = text["next"]
    alt = words(text["ladder"]).format(
        score=f"{advice.score:g}",
        severity=advice.severity,
        now=now.format(step=advice.current_step),
        next=nxt.format(step=advice.suggested_step),
    )
    return Figure(fig, alt)


def _list(items: Iterable[str]) -> str:
    return "<ul>" + "".join(f"<li>{html.escape(i)}</li>" for i in items) + "</ul>"


class PainLadder(W.VBox):
    """Pain score, regular drugs and risks in; ladder position, next step and nursing points out.

    Parameters
    ----------
    score
        The pain score to start with (0-10).
    drugs
        Codes of regular drugs to tick at the start (see :data:`course.clinical.pain.DRUGS`).
    risks
        Codes of risks to tick at the start (see :data:`course.clinical.pain.RISKS`).
    """

    def __init__(
        self, score: int = 5, drugs: Iterable[str] = ("paracetamol",), risks: Iterable[str] = ()
    ):
        drugs, risks = list(drugs), list(risks)
        for code in drugs:
            if code not in DRUGS:
                raise PainError(f"{code!r} is not a drug this ladder knows ({', '.join(DRUGS)}).")
        for code in risks:
            if code not in RISKS:
                raise PainError(f"{code!r} is not a risk this ladder knows ({', '.join(RISKS)}).")
        self.score_slider = IntSlider(
            "Pain now (0-10)",
            value=int(score),
            min=0,
            max=10,
            step=1,
            continuous_update=False,
        )
        self.drug_boxes = {
            code: W.Checkbox(
                value=code in drugs, description=d.name, indent=False, layout=W.Layout(width="auto")
            )
            for code, d in DRUGS.items()
        }
        self.risk_boxes = {
            code: W.Checkbox(
                value=code in risks,
                description=f"The patient {text}",
                indent=False,
                layout=W.Layout(width="auto"),
            )
            for code, text in RISKS.items()
        }
        self.summary = LiveRegion(role="status")
        self.summary.add_class("bc-pain-summary")
        self.picture = W.HTML("")
        self.picture.add_class("bc-pain-figure")
        self.points = W.HTML("")
        self.advice: LadderAdvice | None = None
        self.figure: Figure | None = None
        self.error: str | None = None
        self.score_slider.observe(self._update, names="value")
        for box in [*self.drug_boxes.values(), *self.risk_boxes.values()]:
            box.observe(self._update, names="value")
        intro = W.HTML(CSS + words(TEXT["intro"]))
        drugs_box = W.VBox([W.HTML(TEXT["drugs"]), *self.drug_boxes.values()])
        risks_box = W.VBox([W.HTML(TEXT["about"]), *self.risk_boxes.values()])
        super().__init__(
            [
                intro,
                self.score_slider,
                W.HBox([drugs_box, risks_box]),
                self.summary,
                self.picture,
                self.points,
            ]
        )
        self.add_class("bc-check")
        self.add_class("bc-pain-ladder")
        self._update()

    def ticked_drugs(self) -> list[str]:
        """The codes of the drugs ticked now."""
        return [c for c, b in self.drug_boxes.items() if b.value]

    def ticked_risks(self) -> list[str]:
        """The codes of the patient details ticked now."""
        return [c for c, b in self.risk_boxes.items() if b.value]

    def set(
        self,
        score: int | None = None,
        drugs: Iterable[str] | None = None,
        risks: Iterable[str] | None = None,
    ) -> LadderAdvice | None:
        """Set the controls as a learner would and return the new advice."""
        if score is not None:
            self.score_slider.value = score
        if drugs is not None:
            wanted = set(drugs)
            for code, box in self.drug_boxes.items():
                box.value = code in wanted
        if risks is not None:
            wanted = set(risks)
            for code, box in self.risk_boxes.items():
                box.value = code in wanted
        return self.advice

    def _update(self, _change=None) -> None:
        try:
            advice = next_step(self.score_slider.value, self.ticked_drugs(), self.ticked_risks())
        except PainError as exc:  # the controls cannot produce this, but never show a traceback
            self.advice, self.error = None, str(exc)
            self.summary.value = f'<p class="bc-error">{html.escape(str(exc))}</p>'
            self.picture.value = self.points.value = ""
            return
        self.advice, self.error = advice, None
        now = STEP_NAMES[advice.current_step]
        nxt = STEP_NAMES[advice.suggested_step]
        self.summary.value = (
            f"<p><b>{TEXT['where']}</b> {html.escape(now)}.<br>"
            f"<b>{TEXT['suggested']}</b> {html.escape(nxt)}"
            f"{TEXT['move_up'] if advice.moves_up else ''}.</p>"
            f"<p>{html.escape(advice.summary)}</p>"
            f"<p><i>{html.escape(advice.update_2018)}</i></p>"
        )
        self.figure = ladder_figure(advice)
        self.picture.value = self.figure._repr_html_()
        cautions = TEXT["cautions"] + _list(advice.cautions) if advice.cautions else ""
        self.points.value = (
            TEXT["nursing"]
            + _list(advice.nursing_points)
            + cautions
            + f"<p><small>{prose(TEXT['footnote'])}</small></p>"
        )


def pain_ladder(
    score: int = 5, drugs: Iterable[str] = ("paracetamol",), risks: Iterable[str] = ()
) -> PainLadder:
    """Show the pain ladder explorer (default: pain 5/10 on regular paracetamol)."""
    return PainLadder(score=score, drugs=drugs, risks=risks)
