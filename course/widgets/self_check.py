"""Self-check widgets: one bank item, or a short group of items with a score at the end.

The widget only draws and listens: marking is :func:`course.marking.check_answer`, storage is
:class:`course.progress.ProgressStore`. Every control has a visible label (its ``description``)
and is a native form control, so it works from the keyboard (Tab, arrow keys, Space, Enter).
"""

from __future__ import annotations

import html
import time
import warnings
from collections.abc import Callable, Iterable

import ipywidgets as W

from course.bank import Item, get_item
from course.marking import (
    CONFIDENCE_LEVELS,
    AnswerFormatError,
    Result,
    cbm_mark,
    check_answer,
    check_step,
)
from course.progress import ProgressStore, get_store

_KIND_STYLE = {
    # colour-blind-safe (Okabe-Ito) accents plus a word and a symbol, never colour alone
    "right": ("#009E73", "✔ Right"),
    "wrong": ("#D55E00", "✘ Not quite"),
    "missed": ("#0072B2", "➜ You missed"),
    "info": ("#555555", "ℹ"),
}

CSS = """
<style>
.bc-check { border-left: 4px solid #0072B2; padding: 0.4em 0.8em; margin: 0.6em 0; }
.bc-check .widget-radio-box { width: auto; }
.bc-check .widget-radio-box label { white-space: normal; height: auto !important;
  line-height: 1.4; margin-bottom: 0.35em; align-items: flex-start; }
.bc-check .widget-radio-box input { margin-top: 0.25em; flex-shrink: 0; }
.bc-check .widget-checkbox { height: auto !important; align-items: flex-start; }
.bc-check .widget-checkbox label { white-space: normal; height: auto; line-height: 1.4; }
.bc-feedback p { margin: 0.3em 0; }
.bc-fb { padding: 0.2em 0.5em; margin: 0.25em 0; border-left: 4px solid; }
.bc-error { color: #000000; font-weight: bold; border-left: 4px solid #D55E00;
  padding-left: 0.5em; }
</style>
"""


def md(text: str) -> str:
    """Render a bank string (Markdown) as HTML."""
    try:
        import mistune

        return mistune.create_markdown(escape=True)(text)
    except Exception:  # pragma: no cover - mistune ships with nbconvert
        return "<p>" + html.escape(text) + "</p>"


def _feedback_html(result: Result, confidence: str | None) -> str:
    parts = []
    if result.correct is True:
        parts.append("<p><b>Correct.</b></p>")
    elif result.correct is False:
        if result.fraction > 0:
            parts.append(f"<p><b>Partly right</b> ({result.fraction:.0%}).</p>")
        else:
            parts.append("<p><b>Not this time.</b> Read the feedback, then try again.</p>")
    for fb in result.feedback:
        colour, label = _KIND_STYLE.get(fb.kind, _KIND_STYLE["info"])
        opt = f" ({html.escape(fb.option)})" if fb.option else ""
        parts.append(
            f'<div class="bc-fb" style="border-color:{colour}"><b>{label}{opt}:</b> '
            f"{md(fb.text)}</div>"
        )
    if result.explanation:
        parts.append(f"<div><b>Why:</b> {md(result.explanation)}</div>")
    if confidence and result.correct is not None:
        mark = cbm_mark(result.fraction, confidence)
        parts.append(
            f"<p>Certainty-based mark: <b>{mark:+g}</b> (you said “{html.escape(confidence)}”).</p>"
        )
    return "\n".join(parts)


class SelfCheck(W.VBox):
    """A self-check for one bank item.

    Parameters
    ----------
    item
        The item, or its id in the course bank.
    store
        Where attempts go (default: the learner's progress store). ``False`` records nothing.
    seed
        Option order seed (``None`` keeps the bank's order).
    ask_confidence
        Show the "How sure are you?" choice (certainty-based marking).
    label
        A heading such as "Check 1.3".
    """

    def __init__(
        self,
        item: Item | str,
        store: ProgressStore | None | bool = None,
        seed: int | str | None = None,
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

        it = self.item
        heading = f"<b>{html.escape(label)}</b> " if label else ""
        tag = " <i>(red flag)</i>" if it.red_flag else ""
        self.stem = W.HTML(CSS + f"<div>{heading}{tag}</div>" + md(it.stem))
        self.scenario = W.HTML(md(it.scenario) if it.scenario else "")
        self.message = W.HTML("")
        self.feedback = W.HTML("")
        self.feedback.add_class("bc-feedback")

        self.choice: W.RadioButtons | None = None
        self.boxes: list[W.Checkbox] = []
        self.number: W.Text | None = None
        self.essay: W.Textarea | None = None
        opts = it.shuffled_options(seed)
        if it.type == "single":
            self.choice = W.RadioButtons(
                options=[(o.text, o.key) for o in opts],
                value=None,
                description="Your answer:",
                layout=W.Layout(width="auto"),
                style={"description_width": "initial"},
            )
            answer_box: W.Widget = self.choice
        elif it.type == "multiple":
            self.boxes = [
                W.Checkbox(
                    value=False, description=o.text, indent=False, layout=W.Layout(width="auto")
                )
                for o in opts
            ]
            self._box_keys = [o.key for o in opts]
            answer_box = W.VBox([W.Label("Tick every answer that applies:"), *self.boxes])
        elif it.type == "numeric":
            self.number = W.Text(
                value="",
                description=f"Your answer ({it.unit}):" if it.unit else "Your answer:",
                placeholder=f"a number{', e.g. 2.8 ' + it.unit if it.unit else ''}",
                style={"description_width": "initial"},
                continuous_update=True,
            )
            answer_box = self.number
        elif it.type == "text":
            self.essay = W.Textarea(
                value="",
                description="Your answer:",
                placeholder="Write a few sentences",
                layout=W.Layout(width="95%", height="7em"),
                style={"description_width": "initial"},
            )
            answer_box = self.essay
        else:  # case
            self.step_text = W.HTML("")
            self.choice = W.RadioButtons(
                options=[],
                value=None,
                description="Your choice:",
                layout=W.Layout(width="auto"),
                style={"description_width": "initial"},
            )
            self.next_button = W.Button(
                description="Next step",
                disabled=True,
                tooltip="Go on to the next step of the case",
                icon="arrow-right",
            )
            self.next_button.on_click(self._next_step)
            answer_box = W.VBox([self.step_text, self.choice, self.next_button])
            self._show_step()
        self._seed = seed

        self.confidence = W.RadioButtons(
            options=list(CONFIDENCE_LEVELS),
            value=None,
            description="How sure are you?",
            style={"description_width": "initial"},
            layout=W.Layout(width="auto"),
        )
        self.check_button = W.Button(
            description="Check",
            button_style="primary",
            tooltip="Check your answer and see feedback",
            icon="check",
        )
        self.retry_button = W.Button(
            description="Try again",
            disabled=True,
            tooltip="Clear your answer and try again",
            icon="refresh",
        )
        self.check_button.on_click(self._check)
        self.retry_button.on_click(self._retry)
        confidence_row = [self.confidence] if ask_confidence and it.type != "text" else []
        children = [self.stem]
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

    # -- public helpers -------------------------------------------------------------------
    def on_checked(self, callback: Callable[[SelfCheck, Result], None]) -> None:
        """Call ``callback(widget, result)`` after each successful check."""
        self._on_checked.append(callback)

    def response(self) -> object:
        """What the learner has entered, in the form :func:`check_answer` takes."""
        it = self.item
        if it.type == "single":
            return self.choice.value
        if it.type == "multiple":
            return [k for k, b in zip(self._box_keys, self.boxes, strict=True) if b.value]
        if it.type == "numeric":
            return self.number.value
        if it.type == "text":
            return self.essay.value
        return self.choice.value

    # -- case steps -------------------------------------------------------------------------
    def _show_step(self) -> None:
        step = self.item.steps[self._step]
        n = len(self.item.steps)
        self.step_text.value = f"<p><b>Step {self._step + 1} of {n}.</b></p>" + md(step.stem)
        self.choice.options = [(o.text, o.key) for o in step.options]
        self.choice.value = None

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
            self.message.value = (
                f'<p class="bc-error">Your answer was marked but could not be saved to your '
                f"progress file: {html.escape(str(exc))}</p>"
            )
            warnings.warn(f"progress not saved: {exc}", stacklevel=2)

    def _check(self, _button=None) -> Result | None:
        self.message.value = ""
        confidence = self.confidence.value
        try:
            if self.item.type == "case":
                if self.choice.value is None:
                    raise AnswerFormatError("Choose one option for this step first.")
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
        self.feedback.value = _feedback_html(result, confidence)
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
        for b in self.boxes:
            b.value = False
        if self.number is not None:
            self.number.value = ""
        self.confidence.value = None
        self._focus_answer()

    def _focus_answer(self) -> None:
        """Put keyboard focus back on the answer (the Try again button has just disabled itself,
        which would otherwise leave focus nowhere)."""
        first = self.choice or (self.boxes[0] if self.boxes else None) or self.number or self.essay
        if first is not None:
            first.focus()


class CheckGroup(W.VBox):
    """A short check of several items with a running score and a summary at the end.

    Parameters
    ----------
    items
        Item ids (or items), usually 3 to 6.
    title
        The heading, e.g. "Check 1.3: the remodelling cycle".
    """

    def __init__(
        self,
        items: Iterable[Item | str],
        title: str = "Check",
        store: ProgressStore | None | bool = None,
        seed: int | str | None = None,
        ask_confidence: bool = True,
    ):
        self.checks = [
            SelfCheck(
                i, store=store, seed=seed, ask_confidence=ask_confidence, label=f"Question {n}."
            )
            for n, i in enumerate(items, start=1)
        ]
        if not self.checks:
            raise ValueError("A check group needs at least one item.")
        self.first_results: dict[str, tuple[Result, str | None]] = {}
        self.title = W.HTML(f"<h4>{html.escape(title)}</h4>")
        self.score = W.HTML("")
        for c in self.checks:
            c.on_checked(self._update)
        self._update()
        super().__init__([self.title, *self.checks, self.score])

    def _update(self, check: SelfCheck | None = None, result: Result | None = None) -> None:
        if check is not None and check.last_result is not None:
            final = check.last_result
            if check.item.type != "case" or final.item_id == check.item.id:
                self.first_results.setdefault(check.item.id, (final, check.last_confidence))
        marked = [(r, c) for r, c in self.first_results.values() if r.correct is not None]
        total = sum(c.item.points for c in self.checks if c.item.type != "text")
        got = sum(r.points for r, _ in marked)
        done = len(self.first_results)
        n = len(self.checks)
        if done < n:
            self.score.value = (
                f"<p>Answered {done} of {n}. Score so far (first tries): {got:g} of {total:g}.</p>"
            )
            return
        cbm = [cbm_mark(r.fraction, c) for r, c in marked if c]
        cbm_text = ""
        if cbm:
            cbm_text = (
                f" Certainty-based total: <b>{sum(cbm):+g}</b> over {len(cbm)} rated answers "
                f"(best possible {3 * len(cbm):+g})."
            )
        pct = got / total if total else 0
        verdict = (
            "Well done."
            if pct >= 0.8
            else "Worth a second look: reread the sections these questions came from."
            if pct >= 0.5
            else "Reread this section, then try again: the questions you missed will come back in "
            "your review."
        )
        self.score.value = (
            f"<p><b>Check complete: {got:g} of {total:g} on first tries ({pct:.0%}).</b> "
            f"{verdict}{cbm_text}</p>"
        )

    @property
    def complete(self) -> bool:
        return len(self.first_results) == len(self.checks)


def self_check(item_id: str, **kwargs) -> SelfCheck:
    """Show one bank item as a self-check (the notebook's one-line call)."""
    return SelfCheck(item_id, **kwargs)


def check_group(item_ids: Iterable[str], title: str = "Check", **kwargs) -> CheckGroup:
    """Show a short check of several bank items with a score at the end."""
    return CheckGroup(list(item_ids), title=title, **kwargs)
