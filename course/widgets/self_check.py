"""Self-check widgets: one bank item, or a short group of items with a score at the end.

The widget only draws and listens: marking is :func:`course.questions.marking.check_answer`,
storage is
:class:`course.learner.store.ProgressStore`. The controls are :mod:`course.widgets.controls`: native
form controls named by the question (a radio group is one Tab stop, arrow keys move within it),
feedback in a live region that screen readers announce. Options are shown in each learner's own
order (:mod:`course.questions.shuffle`), stable across re-opening and *Try again*; marking is by
key.
"""

from __future__ import annotations

import html
import time
import warnings
from collections.abc import Callable

import ipywidgets as W

from course.learner.store import ProgressStore, get_store
from course.questions.bank import Item, get_item
from course.questions.marking import (
    CONFIDENCE_LEVELS,
    AnswerFormatError,
    Result,
    check_answer,
    check_step,
)
from course.questions.shuffle import learner_seed, option_order
from course.widgets.controls import LiveRegion, MultipleChoice, NumberInput, SingleChoice, TextArea
from course.widgets.self_check_feedback import CSS, TEXT, _feedback_html, _plain, md

__all__ = ["CSS", "LEARNER", "TEXT", "SelfCheck", "md", "self_check"]

#: ``seed`` default: each learner's own order (course.questions.shuffle.learner_seed)
LEARNER = "learner"


class SelfCheck(W.VBox):
    """A self-check for one bank item.

    The answer controls are :mod:`course.widgets.controls`: the question is the name of its
    radio group or tick-box group, a number box is named with its unit, and feedback and error
    messages go to live regions that screen readers announce.

    Parameters
    ----------
    item
        The item, or its id in the course bank.
    store
        Where attempts go (default: the learner's progress store). ``False`` records nothing.
    seed
        Option order: by default (``"learner"``) the learner's own order,
        :func:`course.questions.shuffle.option_order` with
        :func:`course.questions.shuffle.learner_seed`, the same
        each time this learner opens the item and different between learners; any other value
        is used as the seed; ``None`` keeps the bank's order. Marking is always by key.
    ask_confidence
        Show the "How sure are you?" choice (certainty-based marking).
    label
        A heading such as "Check 1.3".
    """

    def __init__(
        self,
        item: Item | str,
        store: ProgressStore | None | bool = None,
        seed: int | str | None = LEARNER,
        ask_confidence: bool = True,
        label: str = "",
    ):
        self.item = get_item(item) if isinstance(item, str) else item
        self._store = store
        self.results: list[Result] = []
        self.last_result: Result | None = None
        self.last_confidence: str | None = None
        self._on_checked: list[Callable[[SelfCheck, Result], None]] = []
        self._shown_at = time.monotonic()
        self._step = 0
        self._step_keys: list[str] = []
        self._seed = learner_seed() if seed == LEARNER else seed

        it = self.item
        heading = f"<b>{html.escape(label)}</b> " if label else ""
        tag = f" <i>{TEXT['red_flag']}</i>" if it.red_flag else ""
        question = md(it.stem)
        self.stem = W.HTML(f"<div>{heading}{tag}</div>" if heading or tag else "")
        self.scenario = W.HTML(md(it.scenario) if it.scenario else "")
        self.message = LiveRegion(role="alert")
        self.feedback = LiveRegion()
        self.feedback.add_class("bc-feedback")

        answer_box = self._answer_box(question)
        self.confidence = SingleChoice([(c, c) for c in CONFIDENCE_LEVELS], label=TEXT["how_sure"])
        self.check_button = W.Button(
            description=TEXT["check"],
            button_style="primary",
            tooltip=TEXT["check_tooltip"],
            icon="check",
        )
        self.retry_button = W.Button(
            description=TEXT["retry"],
            disabled=True,
            tooltip=TEXT["retry_tooltip"],
            icon="refresh",
        )
        self.check_button.on_click(self._check)
        self.retry_button.on_click(self._retry)
        confidence_row = [self.confidence] if ask_confidence and it.type != "text" else []
        children = [self.stem] if self.stem.value else []
        if it.scenario:
            children.append(self.scenario)
        children += [
            answer_box,
            *confidence_row,
            W.HBox([self.check_button, self.retry_button]),
            self.message,
            self.feedback,
        ]
        super().__init__(children)
        self.add_class("bc-check")

    def _answer_box(self, question: str) -> W.Widget:
        """The answer controls for this item's type (with ``self.choice`` and the like set)."""
        it = self.item
        self.choice: SingleChoice | None = None
        self.ticks: MultipleChoice | None = None
        self.number: NumberInput | None = None
        self.essay: TextArea | None = None
        self._option_texts = {o.key: o.text for o in it.options}
        opts = self.ordered_options()
        if it.type == "single":
            self.choice = SingleChoice(opts, label=_plain(it.stem), label_html=question)
            answer_box: W.Widget = self.choice
        elif it.type == "multiple":
            self.ticks = MultipleChoice(
                opts,
                label=_plain(it.stem) + " " + TEXT["tick_all"],
                label_html=question + f"<p><i>{TEXT['tick_all']}</i></p>",
            )
            answer_box = self.ticks
        elif it.type == "numeric":
            self.stem.value += question
            self.number = NumberInput(
                label=TEXT["answer"],
                unit=it.unit,
                placeholder=TEXT["number_example" if it.unit else "number_placeholder"],
            )
            answer_box = self.number
        elif it.type == "text":
            self.stem.value += question
            self.essay = TextArea(
                label=TEXT["answer"], placeholder=TEXT["essay_placeholder"], rows=6
            )
            answer_box = self.essay
        else:  # case
            self.stem.value += question
            self.step_text = W.HTML("")
            self.choice = SingleChoice([], label=TEXT["your_choice"])
            self.next_button = W.Button(
                description=TEXT["next_step"],
                disabled=True,
                tooltip=TEXT["next_step_tooltip"],
                icon="arrow-right",
            )
            self.next_button.on_click(self._next_step)
            answer_box = W.VBox([self.step_text, self.choice, self.next_button])
            self._show_step()

        return answer_box

    # -- public helpers -------------------------------------------------------------------
    def ordered_options(self, step: int | None = None) -> list[tuple[str, str]]:
        """``(key, text)`` of the item's options (or of a case step's) in this learner's order."""
        if step is None:
            options, item_id = self.item.options, self.item.id
        else:
            options, item_id = self.item.steps[step].options, f"{self.item.id}/step-{step + 1}"
        texts = {o.key: o.text for o in options}
        order = option_order(item_id, list(texts), self._seed)
        return [(k, texts[k]) for k in order]

    def on_checked(self, callback: Callable[[SelfCheck, Result], None]) -> None:
        """Call ``callback(widget, result)`` after each successful check."""
        self._on_checked.append(callback)

    def response(self) -> object:
        """What the learner has entered, in the form :func:`check_answer` takes."""
        it = self.item
        if it.type == "multiple":
            return list(self.ticks.value)
        if it.type == "numeric":
            return self.number.value
        if it.type == "text":
            return self.essay.value
        return self.choice.value

    # -- case steps -------------------------------------------------------------------------
    def _show_step(self) -> None:
        step = self.item.steps[self._step]
        n = len(self.item.steps)
        heading = TEXT["step"].format(number=self._step + 1, total=n)
        self.step_text.value = ""
        self.choice.options = self.ordered_options(self._step)
        self.choice.label = f"{heading} {_plain(step.stem)}"
        self.choice.label_html = f"<p><b>{heading}</b></p>" + md(step.stem)
        self.choice.value = None
        self._option_texts = {o.key: o.text for o in step.options}

    def _next_step(self, _button=None) -> None:
        if self._step + 1 < len(self.item.steps):
            self._step += 1
            self._show_step()
            self.feedback.value = ""
            self.message.value = ""
            self.next_button.disabled = True
            self.check_button.disabled = False

    # -- events -----------------------------------------------------------------------------
    def _store_obj(self) -> ProgressStore | None:
        if self._store is False:
            return None
        if isinstance(self._store, ProgressStore):
            return self._store
        return get_store()

    def _save(self, result: Result, confidence: str | None, item_id: str) -> None:
        try:
            store = self._store_obj()
            if store is not None:
                store.record(
                    item_id,
                    self.item.module,
                    result.response,
                    result.correct,
                    result.fraction,
                    confidence,
                    round(time.monotonic() - self._shown_at, 2),
                )
        except Exception as exc:  # never lose the learner's feedback over a storage problem
            message = TEXT["not_saved"].format(error=html.escape(str(exc)))
            self.message.value = f'<p class="bc-error">{message}</p>'
            warnings.warn(f"progress not saved: {exc}", stacklevel=2)

    def _check(self, _button=None) -> Result | None:
        self.message.value = ""
        confidence = self.confidence.value
        try:
            if self.item.type == "case":
                if self.choice.value is None:
                    raise AnswerFormatError(TEXT["choose_step"])
                result = check_step(self.item, self._step, self.choice.value)
                self._step_keys.append(self.choice.value)
            else:
                result = check_answer(self.item, self.response())
        except AnswerFormatError as exc:
            self.message.value = f'<p class="bc-error" role="alert">⚠ {html.escape(str(exc))}</p>'
            return None
        self.last_result = result
        self.last_confidence = confidence
        self.results.append(result)
        self.feedback.value = _feedback_html(result, confidence, self._option_texts)
        self._save(result, confidence, self.item.id if self.item.type != "case" else result.item_id)
        if self.item.type == "case":
            last = self._step + 1 == len(self.item.steps)
            if result.correct and not last:
                self.next_button.disabled = False
                self.check_button.disabled = True
            elif result.correct and last:
                self.check_button.disabled = True
                self.retry_button.disabled = False
                self.feedback.value += "<p><b>Case complete.</b></p>"
                self._case_done(confidence)
            else:
                self.retry_button.disabled = False
        else:
            self.retry_button.disabled = False
        for cb in self._on_checked:
            cb(self, result)
        return result

    def _case_done(self, confidence: str | None) -> None:
        """Record the whole case once every step is answered (first tries count)."""
        first_tries: dict[str, bool] = {}
        for r in self.results:
            first_tries.setdefault(r.item_id, bool(r.correct))
        fraction = sum(first_tries.values()) / len(self.item.steps)
        summary = Result(
            self.item.id,
            fraction == 1.0,
            fraction,
            fraction * self.item.points,
            self.item.points,
            list(self._step_keys),
            [],
            self.item.explanation,
        )
        self.last_result = summary
        self._save(summary, confidence, self.item.id)
        if self.item.explanation:
            self.feedback.value += f"<div><b>Why:</b> {md(self.item.explanation)}</div>"

    def _retry(self, _button=None) -> None:
        self.feedback.value = ""
        self.message.value = ""
        self.retry_button.disabled = True
        self.check_button.disabled = False
        self._shown_at = time.monotonic()
        if self.item.type == "case":
            if self.last_result is not None and self.last_result.item_id == self.item.id:
                self._step = 0
                self._step_keys = []
                self.results = []
                self.next_button.disabled = True
                self._show_step()
            else:
                self.choice.value = None
                if self._step_keys:
                    self._step_keys.pop()
            return
        if self.choice is not None:
            self.choice.value = None
        if self.ticks is not None:
            self.ticks.value = []
        if self.number is not None:
            self.number.value = ""
        self.confidence.value = None
        self._focus_answer()

    def _focus_answer(self) -> None:
        """Put keyboard focus back on the answer.

        The Try again button has just disabled itself, which would otherwise leave focus nowhere.
        """
        first = self.choice or self.ticks or self.number or self.essay
        if first is not None:
            first.focus()


def self_check(item_id: str, **kwargs) -> SelfCheck:
    """Show one bank item as a self-check (the notebook's one-line call)."""
    return SelfCheck(item_id, **kwargs)
