"""Imaging explorer (module 3): which test fits a clinical question, and preparing for it.

The learner chooses a question to see which test fits and why, then prepares the patient for a
test, with safety checks for the patient's details.

The rules are :mod:`course.clinical.imaging` (``assets/03_diagnosis/imaging.yml``); this widget only
draws and listens. Verdicts are written as words and symbols (✔ best, ○ also reasonable, ✘ avoid),
never by colour alone.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from course.bibliography import cite
from course.clinical.imaging import (
    Advice,
    DiagnosticTest,
    ImagingRules,
    SafetyAlert,
    advise,
    default_rules,
    safety_alerts,
)
from course.widgets.controls import LiveRegion
from course.widgets.kit import badge, callout, table_html, widget_text, words

TEXT = widget_text(
    "03_diagnosis", "imaging_explorer", required=("verdicts", "card", "controls", "table")
)
_CARD = TEXT["card"]


def _e(text: str) -> str:
    return html.escape(text)


def _list(lines) -> str:
    return "<ul>" + "".join(f"<li>{_e(line)}</li>" for line in lines) + "</ul>"


def advice_html(advice: Advice) -> str:
    """The answer to a clinical question as HTML: the tests by verdict, why, urgency, actions."""
    q = advice.question
    parts = [f"<h4>{_e(q.question)}</h4>"]
    for key, tests in (("best", advice.best), ("also", advice.also), ("avoid", advice.avoid)):
        if tests:
            names = ", ".join(_e(t.name) for t in tests)
            parts.append(
                callout(f"{badge(TEXT['verdicts'][key])}: {names}", TEXT["verdicts"][key], tag="p")
            )
    parts.append(f"<p><b>{TEXT['why']}</b> {_e(q.why)}</p>")
    parts.append(f"<p><b>{TEXT['urgency']}</b> {_e(q.urgency)}</p>")
    parts.append(f"<p><b>{TEXT['nurse']}</b></p>{_list(q.nurse)}")
    parts.append(f"<p><small>{_e(TEXT['source'].format(source=cite(q.source)))}</small></p>")
    return "\n".join(parts)


def _alert_html(alert: SafetyAlert) -> str:
    word = _CARD["stop"] if alert.stops_the_test else _CARD["check"]
    key = "severe" if alert.stops_the_test else "moderate"
    return callout(f"<b>{word}: {_e(alert.flag_label)}.</b> {_e(alert.action)}", key, tag="p")


def card_html(test: DiagnosticTest, alerts: list[SafetyAlert]) -> str:
    """One test's card: what it is, shows, misses, time, and what to prepare, with alerts."""
    parts = [f"<h4>{_e(_CARD['heading'].format(name=test.name))}</h4>"]
    parts += [_alert_html(a) for a in alerts] or [f"<p>{_CARD['no_flags']}</p>"]
    facts = {
        "what": test.what,
        "shows": test.shows,
        "misses": test.misses,
        "time": test.time,
        "radiation": test.radiation,
    }
    lines = "<br>".join(f"<b>{_CARD[key]}</b> {_e(value)}" for key, value in facts.items())
    parts.append(
        f"<p>{lines}</p><p><b>{_CARD['prepares']}</b></p>{_list(test.prepare)}"
        f"<p><small>{_e(_CARD['source'].format(source=cite(test.source)))}</small></p>"
    )
    return "\n".join(parts)


class ImagingExplorer(widgets.VBox):
    """The imaging explorer.

    Parameters
    ----------
    question
        The clinical question to start with (an id from ``imaging.yml``).
    flags
        Patient details to tick at the start (flag ids such as ``"pacemaker"``).

    Attributes
    ----------
    advice : Advice
        The current answer to the chosen question.
    alerts : list of SafetyAlert
        Safety alerts for the chosen test and ticked details.
    """

    def __init__(
        self,
        question: str = "suspected_mscc",
        flags: tuple[str, ...] = (),
        rules: ImagingRules | None = None,
    ):
        self.rules = rules or default_rules()
        self.rules.question(question)
        safety_alerts(next(iter(self.rules.tests)), flags, self.rules)  # check flag ids early
        style = {"description_width": "initial"}
        self.question_choice = widgets.Dropdown(
            options=[(q.question, q.id) for q in self.rules.questions.values()],
            value=question,
            description=TEXT["controls"]["question"],
            style=style,
            layout=widgets.Layout(width="98%"),
        )
        self.advice_box = LiveRegion(role="status")
        self.advice_box.add_class("bc-imaging-advice")
        self.test_choice = widgets.Dropdown(
            options=[(t.name, t.id) for t in self.rules.tests.values()],
            description=TEXT["controls"]["test"],
            style=style,
        )
        self.flag_boxes = {
            fid: widgets.Checkbox(
                value=fid in flags,
                description=label,
                indent=False,
                layout=widgets.Layout(width="auto"),
            )
            for fid, label in self.rules.flags.items()
        }
        self.test_box = widgets.HTML("")
        self.test_box.add_class("bc-imaging-test")
        self.advice: Advice | None = None
        self.alerts: list[SafetyAlert] = []
        self.question_choice.observe(self._question_changed, names="value")
        self.test_choice.observe(self._update_test, names="value")
        for box in self.flag_boxes.values():
            box.observe(self._update_test, names="value")
        super().__init__(
            [
                self.question_choice,
                self.advice_box,
                widgets.HTML(TEXT["controls"]["before"]),
                self.test_choice,
                widgets.VBox(list(self.flag_boxes.values())),
                self.test_box,
            ]
        )
        self.add_class("bc-imaging")
        self._question_changed()

    @property
    def ticked_flags(self) -> list[str]:
        """Ids of the patient details ticked."""
        return [fid for fid, box in self.flag_boxes.items() if box.value]

    def _question_changed(self, _change=None) -> None:
        self.advice = advise(self.question_choice.value, self.rules)
        self.advice_box.value = advice_html(self.advice)
        first_best = self.advice.best[0].id
        if self.test_choice.value == first_best:
            self._update_test()
        else:
            self.test_choice.value = first_best  # triggers _update_test

    def _update_test(self, _change=None) -> None:
        test = self.rules.test(self.test_choice.value)
        self.alerts = safety_alerts(test.id, self.ticked_flags, self.rules)
        verdict = self.advice.verdict(test.id) if self.advice else "not listed"
        note = ""
        if verdict == "avoid":
            note = words(TEXT["controls"]["not_this_test"])
        self.test_box.value = note + card_html(test, self.alerts)


def imaging_explorer(
    question: str = "suspected_mscc", flags: tuple[str, ...] = ()
) -> ImagingExplorer:
    """Show the imaging explorer."""
    return ImagingExplorer(question=question, flags=flags)


class ImagingTable:
    """All the tests side by side: what each shows, misses and how long it takes."""

    def __init__(self, rules: ImagingRules | None = None):
        self.rules = rules or default_rules()

    def _repr_html_(self) -> str:
        rows = [[t.name, t.shows, t.misses, t.time, t.radiation] for t in self.rules.tests.values()]
        table = TEXT["table"]
        return table_html(
            words(table["caption"]), table["columns"], rows, css_class="bc-table bc-imaging-table"
        )


def imaging_table() -> ImagingTable:
    """A table comparing the tests (shows, misses, time, radiation)."""
    return ImagingTable()
