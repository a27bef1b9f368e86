"""Red-flag triage: short patient stories; tick the red flags, choose the urgency, get feedback.

The rules and the marking are :mod:`course.clinical.triage`; the stories are data in
``assets/05_symptoms_and_emergencies/vignettes.yml``. This widget only draws and listens. Every
control is a native, labelled control (Checkbox, RadioButtons, Button, Dropdown), so the exercise
works from the keyboard; results are shown with words and symbols, never colour alone.
"""

from __future__ import annotations

import html
from pathlib import Path

import ipywidgets as W
import yaml

from course.clinical.triage import (
    FINDINGS,
    MAX_VIGNETTE_SCORE,
    URGENCY_ACTIONS,
    URGENCY_LABELS,
    TriageError,
    Urgency,
    Vignette,
    VignetteMark,
    mark_vignette,
    parse_vignettes,
)
from course.paths import assets_dir
from course.widgets.controls import LiveRegion, MultipleChoice, SingleChoice
from course.widgets.kit import verdict as verdict_of
from course.widgets.self_check import CSS, md

DEFAULT_VIGNETTES = Path("05_symptoms_and_emergencies") / "vignettes.yml"


def load_vignettes(path: str | Path | None = None) -> list[Vignette]:
    """Read and check the vignettes file (default: the module 5 file in ``assets/``).

    Raises
    ------
    TriageError
        If the file is missing, is not YAML, or a vignette breaks the rules.
    """
    path = Path(path) if path is not None else assets_dir() / DEFAULT_VIGNETTES
    if not path.is_absolute() and not path.exists():
        path = assets_dir().parent / path
    if not path.exists():
        raise TriageError(f"Vignettes file not found: {path}")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise TriageError(f"{path.name}: not valid YAML: {exc}") from None
    return parse_vignettes(data, where=path.name)


def feedback_html(vignette: Vignette, mark: VignetteMark) -> str:
    """The feedback for one marked vignette: every finding, the urgency and what to do."""
    rows = []
    for code in vignette.findings:
        f = FINDINGS[code]
        if code in mark.flags_right:
            kind, verdict = "right", "Red flag, and you ticked it."
        elif code in mark.flags_missed:
            kind, verdict = "missed", "Red flag you missed."
        elif code in mark.flags_wrongly_ticked:
            kind, verdict = "wrong", "Not a red flag on its own, but you ticked it."
        else:
            kind, verdict = "right", "Not a red flag on its own; rightly left unticked."
        colour, symbol = verdict_of(kind).colour, verdict_of(kind).symbol
        rows.append(
            f'<div class="bc-fb" style="border-color:{colour}"><b>{symbol} '
            f"{html.escape(f.label)}</b>: {verdict} {html.escape(f.explanation)}</div>"
        )
    if mark.urgency_right:
        verdict = f"✔ <b>{html.escape(mark.correct.label)}</b> is right."
    elif mark.under_triaged:
        verdict = (
            f"✘ You chose <b>{html.escape(mark.chosen.label)}</b>, but this needs "
            f"<b>{html.escape(mark.correct.label)}</b>. Under-triage is the dangerous error: "
            "a delay here can cost the patient function or life."
        )
    else:
        verdict = (
            f"✘ You chose <b>{html.escape(mark.chosen.label)}</b>; "
            f"<b>{html.escape(mark.correct.label)}</b> is enough here. Over-triage is the safer "
            "error, but it uses emergency resources and can frighten the patient; knowing why "
            "this can wait (and what would change that) is part of the skill."
        )
    actions = vignette.assessment().actions
    action_items = "".join(f"<li>{html.escape(a)}</li>" for a in actions)
    teaching = md(vignette.teaching) if vignette.teaching else ""
    return (
        "<div><b>The findings</b></div>"
        + "".join(rows)
        + f"<p><b>Urgency:</b> {verdict}</p>"
        + teaching
        + f"<div><b>What the nurse does</b><ul>{action_items}</ul></div>"
        + f"<p>Score for this patient: <b>{mark.score:.1f} of {MAX_VIGNETTE_SCORE:g}</b> "
        "(1 for the urgency, 1 for sorting the findings).</p>"
    )


class TriageExercise(W.VBox):
    """The triage exercise over a list of vignettes, one shown at a time, with a total score.

    Parameters
    ----------
    vignettes
        The vignettes, or ``None`` for the module 5 file.
    """

    def __init__(self, vignettes: list[Vignette] | None = None):
        self.vignettes = list(vignettes) if vignettes is not None else load_vignettes()
        if not self.vignettes:
            raise TriageError("The triage exercise needs at least one vignette.")
        self.marks: dict[str, VignetteMark] = {}
        self.index = 0
        self.header = W.HTML(
            CSS + "<h4>Red-flag triage</h4><p>Read each patient's story. Tick every finding that "
            "is a <b>red flag</b>, choose how urgently the patient needs help, then press "
            "<b>Check</b>. Every patient has a known cancer.</p>"
        )
        self.picker = W.Dropdown(
            options=[(f"{n + 1}. {v.title}", n) for n, v in enumerate(self.vignettes)],
            value=0,
            description="Patient:",
            style={"description_width": "initial"},
            layout=W.Layout(width="auto"),
        )
        self.story = W.HTML("")
        self.story.add_class("bc-triage-story")
        self.flags = MultipleChoice(
            [],
            label="Which of these are red flags? Tick every one.",
            label_html="<b>Which of these are red flags?</b> Tick every one.",
        )
        self.urgency = SingleChoice(
            [(u.code, URGENCY_LABELS[u]) for u in Urgency], label="How urgent?"
        )
        self.check_button = W.Button(
            description="Check",
            button_style="primary",
            icon="check",
            tooltip="Check your red flags and urgency",
        )
        self.previous_button = W.Button(
            description="Previous patient",
            icon="arrow-left",
            tooltip="Go back to the previous patient",
        )
        self.next_button = W.Button(
            description="Next patient", icon="arrow-right", tooltip="Go on to the next patient"
        )
        self.message = LiveRegion(role="alert")
        self.feedback = LiveRegion(role="status")
        self.feedback.add_class("bc-feedback")
        self.score = W.HTML("")
        self.score.add_class("bc-triage-score")
        self.check_button.on_click(self._check)
        self.previous_button.on_click(lambda _b: self.show(self.index - 1))
        self.next_button.on_click(lambda _b: self.show(self.index + 1))
        self.picker.observe(lambda change: self.show(change["new"]), names="value")
        super().__init__(
            [
                self.header,
                self.picker,
                self.story,
                self.flags,
                self.urgency,
                W.HBox([self.check_button, self.previous_button, self.next_button]),
                self.message,
                self.feedback,
                self.score,
            ]
        )
        self.add_class("bc-check")
        self.add_class("bc-triage")
        self.show(0)

    @property
    def vignette(self) -> Vignette:
        """The vignette on screen."""
        return self.vignettes[self.index]

    def show(self, index: int) -> None:
        """Show vignette ``index`` (clamped to the list), with the learner's earlier answer."""
        self.index = max(0, min(int(index), len(self.vignettes) - 1))
        if self.picker.value != self.index:
            self.picker.value = self.index  # calls show again with the same index
            return
        v = self.vignette
        calcium = ""
        if v.calcium is not None:
            calcium = (
                f"<p><i>Blood result:</i> adjusted calcium {v.calcium:.2f} mmol/L "
                f"(NHS CKS band: {html.escape(v.calcium_band or '')}).</p>"
            )
        self.story.value = (
            f"<p><b>Patient {self.index + 1} of {len(self.vignettes)}: "
            f"{html.escape(v.title)}</b></p>" + md(v.text) + calcium
        )
        self.flags.value = []
        self.flags.options = [(c, FINDINGS[c].label) for c in v.findings]
        self.urgency.value = None
        self.message.value = ""
        self.feedback.value = ""
        previous = self.marks.get(v.id)
        if previous is not None:
            ticked = set(previous.flags_right) | set(previous.flags_wrongly_ticked)
            self.flags.value = [c for c in self.flags.option_keys if c in ticked]
            self.urgency.value = previous.chosen.code
            self.feedback.value = feedback_html(v, previous)
        self.previous_button.disabled = self.index == 0
        self.next_button.disabled = self.index == len(self.vignettes) - 1
        self._update_score()

    def ticked(self) -> list[str]:
        """The finding codes the learner has ticked on the current vignette."""
        return list(self.flags.value)

    def _check(self, _button=None) -> VignetteMark | None:
        self.message.value = ""
        if self.urgency.value is None:
            self.message.value = (
                '<p class="bc-error">Choose how urgent this is first '
                "(routine, same-day review or emergency).</p>"
            )
            return None
        try:
            mark = mark_vignette(self.vignette, self.ticked(), self.urgency.value)
        except TriageError as exc:
            self.message.value = f'<p class="bc-error">{html.escape(str(exc))}</p>'
            return None
        self.marks[self.vignette.id] = mark
        self.feedback.value = feedback_html(self.vignette, mark)
        self._update_score()
        return mark

    def answer(self, ticked: list[str], urgency: str) -> VignetteMark | None:
        """Tick these findings, choose this urgency and press Check (for tests and demos)."""
        self.flags.value = [c for c in self.flags.option_keys if c in ticked]
        self.urgency.value = urgency
        return self._check()

    @property
    def total(self) -> float:
        """The score over the vignettes checked so far."""
        return sum(m.score for m in self.marks.values())

    def _update_score(self) -> None:
        done = len(self.marks)
        n = len(self.vignettes)
        best = MAX_VIGNETTE_SCORE * n
        under = sum(m.under_triaged for m in self.marks.values())
        text = f"<p><b>Score: {self.total:.1f} of {best:g}</b> ({done} of {n} patients checked)."
        if under:
            text += (
                f" ⚠ You under-triaged {under} patient{'s' if under != 1 else ''}: "
                "look again at those first."
            )
        if done == n:
            text += " All patients done. The generic actions at each level: " + "; ".join(
                f"<i>{html.escape(URGENCY_LABELS[u])}</i>: {html.escape(URGENCY_ACTIONS[u])}"
                for u in Urgency
            )
        self.score.value = text + "</p>"


def triage_exercise(path: str | None = None) -> TriageExercise:
    """Show the red-flag triage exercise (default: the module 5 vignettes)."""
    return TriageExercise(load_vignettes(path) if path is not None else None)
