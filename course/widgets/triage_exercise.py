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
from course.widgets.kit import widget_text, words
from course.widgets.self_check import CSS, md

TEXT = widget_text(
    "05_symptoms_and_emergencies",
    "triage_exercise",
    required=("header", "controls", "story", "finding", "urgency", "feedback", "score"),
)
_K = TEXT["controls"]
#: how a finding was sorted -> (verdict in the kit, words)
_SORTED = {
    "flag_ticked": "right",
    "flag_missed": "missed",
    "wrongly_ticked": "wrong",
    "rightly_left": "right",
}

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
    rows = [_finding_html(FINDINGS[code], _sorted(code, mark)) for code in vignette.findings]
    verdict = _urgency_html(mark)
    actions = vignette.assessment().actions
    action_items = "".join(f"<li>{html.escape(a)}</li>" for a in actions)
    teaching = md(vignette.teaching) if vignette.teaching else ""
    fb = TEXT["feedback"]
    score = words(fb["score"]).format(score=f"{mark.score:.1f}", best=f"{MAX_VIGNETTE_SCORE:g}")
    return (
        f"<div><b>{fb['findings']}</b></div>"
        + "".join(rows)
        + f"<p><b>{fb['urgency']}</b> {verdict}</p>"
        + teaching
        + f"<div><b>{fb['actions']}</b><ul>{action_items}</ul></div>"
        + f"<p>{score}</p>"
    )


def _sorted(code: str, mark: VignetteMark) -> str:
    """How the learner sorted one finding (a key of :data:`_SORTED`)."""
    if code in mark.flags_right:
        return "flag_ticked"
    if code in mark.flags_missed:
        return "flag_missed"
    if code in mark.flags_wrongly_ticked:
        return "wrongly_ticked"
    return "rightly_left"


def _finding_html(finding, how: str) -> str:
    """One finding's feedback line, marked by colour, symbol and words."""
    v = verdict_of(_SORTED[how])
    return (
        f'<div class="bc-fb" style="border-color:{v.colour}"><b>{v.symbol} '
        f"{html.escape(finding.label)}</b>: {TEXT['finding'][how]} "
        f"{html.escape(finding.explanation)}</div>"
    )


def _urgency_html(mark: VignetteMark) -> str:
    """The verdict on the chosen urgency: right, under-triaged or over-triaged."""
    key = "right" if mark.urgency_right else "under" if mark.under_triaged else "over"
    return words(TEXT["urgency"][key]).format(
        chosen=html.escape(mark.chosen.label), correct=html.escape(mark.correct.label)
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
        self.header = W.HTML(CSS + words(TEXT["header"]))
        self.picker = W.Dropdown(
            options=[(f"{n + 1}. {v.title}", n) for n, v in enumerate(self.vignettes)],
            value=0,
            description=_K["patient"],
            style={"description_width": "initial"},
            layout=W.Layout(width="auto"),
        )
        self.story = W.HTML("")
        self.story.add_class("bc-triage-story")
        self.flags = MultipleChoice(
            [],
            label=_K["flags"],
            label_html=_K["flags_html"],
        )
        self.urgency = SingleChoice(
            [(u.code, URGENCY_LABELS[u]) for u in Urgency], label=_K["urgency"]
        )
        self.check_button = W.Button(
            description=_K["check"],
            button_style="primary",
            icon="check",
            tooltip=_K["check_tooltip"],
        )
        self.previous_button = W.Button(
            description=_K["previous"],
            icon="arrow-left",
            tooltip=_K["previous_tooltip"],
        )
        self.next_button = W.Button(
            description=_K["next"], icon="arrow-right", tooltip=_K["next_tooltip"]
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
                "<p>"
                + words(TEXT["story"]["calcium"]).format(
                    calcium=f"{v.calcium:.2f}", band=html.escape(v.calcium_band or "")
                )
                + "</p>"
            )
        self.story.value = (
            "<p><b>"
            + TEXT["story"]["heading"].format(
                number=self.index + 1, total=len(self.vignettes), title=html.escape(v.title)
            )
            + "</b></p>"
            + md(v.text)
            + calcium
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
            self.message.value = f'<p class="bc-error">{_K["choose_urgency"]}</p>'
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
        sc = TEXT["score"]
        text = "<p>" + sc["total"].format(
            total=f"{self.total:.1f}", best=f"{best:g}", done=done, count=n
        )
        if under:
            text += sc["under_one"] if under == 1 else sc["under_many"].format(count=under)
        if done == n:
            text += sc["done"] + "; ".join(
                f"<i>{html.escape(URGENCY_LABELS[u])}</i>: {html.escape(URGENCY_ACTIONS[u])}"
                for u in Urgency
            )
        self.score.value = text + "</p>"


def triage_exercise(path: str | None = None) -> TriageExercise:
    """Show the red-flag triage exercise (default: the module 5 vignettes)."""
    return TriageExercise(load_vignettes(path) if path is not None else None)
