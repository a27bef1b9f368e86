"""Imaging explorer (module 3): choose a clinical question to see which test fits and why, then
prepare the patient for a test, with safety checks for the patient's details.

The rules are :mod:`course.clinical.imaging` (``assets/03_diagnosis/imaging.yml``); this widget only
draws and listens. Verdicts are written as words and symbols (✔ best, ○ also reasonable, ✘ avoid),
never by colour alone.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from course.clinical.imaging import (
    Advice,
    DiagnosticTest,
    ImagingRules,
    SafetyAlert,
    advise,
    default_rules,
    safety_alerts,
)
from course.figures import ROLE_COLOURS
from course.widgets.controls import LiveRegion

_VERDICT = {
    "best": ("✔ Best fit", ROLE_COLOURS["normal"]),
    "also": ("○ Also reasonable", ROLE_COLOURS["neutral"]),
    "avoid": ("✘ Not the right test here", ROLE_COLOURS["severe"]),
}


def _e(text: str) -> str:
    return html.escape(text)


def _list(lines) -> str:
    return "<ul>" + "".join(f"<li>{_e(line)}</li>" for line in lines) + "</ul>"


def advice_html(advice: Advice) -> str:
    """The answer to a clinical question as HTML: the tests by verdict, why, urgency, actions."""
    q = advice.question
    parts = [f"<h4>{_e(q.question)}</h4>"]
    for key, tests in (("best", advice.best), ("also", advice.also), ("avoid", advice.avoid)):
        if not tests:
            continue
        label, colour = _VERDICT[key]
        names = ", ".join(_e(t.name) for t in tests)
        parts.append(
            f'<p style="border-left:5px solid {colour};padding-left:0.5em">'
            f"<b>{label}:</b> {names}</p>"
        )
    parts.append(f"<p><b>Why:</b> {_e(q.why)}</p>")
    parts.append(f"<p><b>How urgent:</b> {_e(q.urgency)}</p>")
    parts.append(f"<p><b>What the nurse does:</b></p>{_list(q.nurse)}")
    parts.append(f"<p><small>Source: {_e(q.source)}. Local pathways may differ.</small></p>")
    return "\n".join(parts)


def card_html(test: DiagnosticTest, alerts: list[SafetyAlert]) -> str:
    """One test's card: what it is, shows, misses, time, and what to prepare, with alerts."""
    parts = [f"<h4>Preparing for: {_e(test.name)}</h4>"]
    if alerts:
        for alert in alerts:
            word = "✘ STOP" if alert.stops_the_test else "⚠ Check"
            colour = ROLE_COLOURS["severe"] if alert.stops_the_test else ROLE_COLOURS["moderate"]
            parts.append(
                f'<p style="border-left:5px solid {colour};padding-left:0.5em">'
                f"<b>{word}: {_e(alert.flag_label)}.</b> {_e(alert.action)}</p>"
            )
    else:
        parts.append("<p>No safety flags for this patient and test from the details ticked.</p>")
    parts.append(
        f"<p><b>What it is:</b> {_e(test.what)}<br><b>Shows:</b> {_e(test.shows)}<br>"
        f"<b>Misses:</b> {_e(test.misses)}<br><b>How long:</b> {_e(test.time)}<br>"
        f"<b>Radiation:</b> {_e(test.radiation)}</p>"
        f"<p><b>The nurse prepares:</b></p>{_list(test.prepare)}"
        f"<p><small>Source: {_e(test.source)}.</small></p>"
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
            description="Clinical question:",
            style=style,
            layout=widgets.Layout(width="98%"),
        )
        self.advice_box = LiveRegion(role="status")
        self.advice_box.add_class("bc-imaging-advice")
        self.test_choice = widgets.Dropdown(
            options=[(t.name, t.id) for t in self.rules.tests.values()],
            description="Prepare the patient for:",
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
                widgets.HTML(
                    "<hr><b>Before the test.</b> Choose the test, then tick what applies "
                    "to this patient:"
                ),
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
            note = (
                "<p><b>✘ Note:</b> this test is not the right one for the "
                "chosen question (see above).</p>"
            )
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
        rows = "".join(
            f"<tr><th scope='row'>{_e(t.name)}</th><td>{_e(t.shows)}</td><td>{_e(t.misses)}</td>"
            f"<td>{_e(t.time)}</td><td>{_e(t.radiation)}</td></tr>"
            for t in self.rules.tests.values()
        )
        # JupyterLab right-aligns table cells in outputs; prose reads better left-aligned
        style = (
            "<style>.bc-imaging-table th, .bc-imaging-table td "
            "{text-align:left !important; vertical-align:top;}</style>"
        )
        return (
            style + "<table class='bc-imaging-table'><caption>Tests used to diagnose bone "
            "metastases (FACTS 3.4-3.9). Times for the bone scan, PET-CT and biopsy, and items "
            "marked general practice or general knowledge, are not from the fact sheet: they "
            "vary by department.</caption><thead><tr><th scope='col'>Test</th>"
            "<th scope='col'>Shows</th><th scope='col'>Misses</th>"
            "<th scope='col'>How long</th><th scope='col'>Radiation</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>"
        )


def imaging_table() -> ImagingTable:
    """A table comparing the tests (shows, misses, time, radiation)."""
    return ImagingTable()
