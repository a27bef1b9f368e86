"""A branching patient case: the situation, the nurse's options, feedback and consequences."""

from __future__ import annotations

import html

import ipywidgets as W

from course.branching import Case, CaseError, CaseRun, load_case
from course.widgets.controls import LiveRegion, SingleChoice
from course.widgets.kit import verdict, widget_text, words
from course.widgets.self_check import CSS, md

#: a choice's quality -> its verdict in the kit
_QUALITY = {"best": "best_action", "acceptable": "acceptable", "poor": "poor", "harmful": "harmful"}


def _quality_label(quality: str) -> str:
    v = verdict(_QUALITY[quality])
    return f"{v.symbol} {v.label}"


TEXT = widget_text("common", "case", required=("outcomes", "route_score", "step"))
_OUTCOME_LABEL = TEXT["outcomes"]


class CaseWidget(W.VBox):
    """Walk a branching case: choose, read the feedback, press Continue, see the consequence."""

    def __init__(self, case: Case | str, store=None):
        self.case = load_case(case) if isinstance(case, str) else case
        self.run = CaseRun(self.case)
        self._store = store
        self.title = W.HTML(
            CSS + f"<h4>{html.escape(self.case.title)}</h4>" + md(self.case.patient)
        )
        self.situation = W.HTML("")
        self.options = SingleChoice([], label=TEXT["what_do_you_do"])
        self.choose_button = W.Button(
            description=TEXT["choose"],
            button_style="primary",
            tooltip=TEXT["choose_tooltip"],
            icon="check",
        )
        self.continue_button = W.Button(
            description=TEXT["continue"],
            disabled=True,
            tooltip=TEXT["continue_tooltip"],
            icon="arrow-right",
        )
        self.restart_button = W.Button(
            description=TEXT["restart"], tooltip=TEXT["restart_tooltip"], icon="refresh"
        )
        self.feedback = LiveRegion(role="status")
        self.feedback.add_class("bc-feedback")
        self.message = LiveRegion(role="alert")
        self.trail = W.HTML("")
        self.choose_button.on_click(self._choose)
        self.continue_button.on_click(self._continue)
        self.restart_button.on_click(self._restart)
        self._pending = False
        super().__init__(
            [
                self.title,
                self.situation,
                self.options,
                W.HBox([self.choose_button, self.continue_button, self.restart_button]),
                self.message,
                self.feedback,
                self.trail,
            ]
        )
        self.add_class("bc-check")
        self.add_class("bc-case")
        self._show()

    def _show(self) -> None:
        node = self.run.node
        step = len(self.run.path) + 1
        if node.terminal:
            got, best = self.run.score()
            label = _OUTCOME_LABEL[node.outcome]
            self.situation.value = (
                f"<p><b>{label}.</b></p>"
                + md(node.text)
                + words(TEXT["route_score"]).format(got=got, best=best)
            )
            self.options.options = []
            self.options.layout.display = "none"
            self.choose_button.disabled = True
            self.continue_button.disabled = True
            self._record(node.outcome, got, best)
        else:
            self.situation.value = f"<p><b>{TEXT['step'].format(number=step)}</b></p>" + md(
                node.text
            )
            self.options.layout.display = None
            self.options.options = [(str(i), c.text) for i, c in enumerate(node.choices)]
            self.options.value = None
            self.choose_button.disabled = False
            self.continue_button.disabled = True
        self.trail.value = self._trail_html()

    def _trail_html(self) -> str:
        if not self.run.path:
            return ""
        rows = [
            f"<li>{html.escape(c.text)} — <i>{_quality_label(c.quality)}</i></li>"
            for c in self.run.choices_made()
        ]
        return (
            f"<details><summary>{TEXT['choices_so_far']}</summary><ol>"
            + "".join(rows)
            + "</ol></details>"
        )

    def _choose(self, _button=None) -> None:
        self.message.value = ""
        if self.options.value is None:
            self.message.value = f'<p class="bc-error">{TEXT["choose_first"]}</p>'
            return
        try:
            choice = self.run.choose(int(self.options.value))
        except CaseError as exc:
            self.message.value = f'<p class="bc-error">{html.escape(str(exc))}</p>'
            return
        colour = verdict(_QUALITY[choice.quality]).colour
        self.feedback.value = (
            f'<div class="bc-fb" style="border-color:{colour}">'
            f"<b>{_quality_label(choice.quality)}:</b> {md(choice.feedback)}</div>"
        )
        self.choose_button.disabled = True
        self.continue_button.disabled = False
        self.options.disabled = True

    def _continue(self, _button=None) -> None:
        self.feedback.value = ""
        self.options.disabled = False
        self._show()

    def _restart(self, _button=None) -> None:
        self.run.restart()
        self.feedback.value = ""
        self.message.value = ""
        self.options.disabled = False
        self._show()

    def _record(self, outcome: str, got: int, best: int) -> None:
        if self._store is False:
            return
        try:
            from course.learner.store import get_store

            store = self._store or get_store()
            module = _module_name(self.case.id)
            store.log_event(
                "case_finished", module=module, detail=f"{self.case.id}:{outcome}:{got}/{best}"
            )
        except Exception:  # recording is a convenience; the case itself must keep working
            pass


def _module_name(case_id: str) -> str:
    """'m05-case-x' -> the bank's module name starting '05', or '05' if none is known."""
    prefix = case_id[1:3]
    try:
        from course.questions.bank import default_bank

        for name in default_bank().modules:
            if name.startswith(prefix):
                return name
    except Exception:
        pass
    return prefix


def case(path: str) -> CaseWidget:
    """Show the branching case in ``path`` (e.g. ``"assets/05_x/case_mscc.yml"``)."""
    return CaseWidget(path)
