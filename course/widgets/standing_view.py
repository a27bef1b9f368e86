"""My progress: the dashboard, the history plot, confidently wrong answers, the certainty-based
marking explainer and the learning-record saver.

The figures come from :mod:`course.dashboard` and :mod:`course.record`; this file only draws them
and listens to the controls. Every control has a visible label, every figure alt text, and
status is shown in words and symbols as well as colour.
"""

from __future__ import annotations

import html
from datetime import datetime

import ipywidgets as W

from course.bank import Bank, default_bank
from course.dashboard import ConfidentlyWrong, Dashboard, Standing, build_dashboard
from course.figures import PALETTE, Figure
from course.marking import CBM_MARKS
from course.notebook import HTMLBlock
from course.progress import ProgressStore, get_store
from course.widgets.controls import LiveRegion

STYLE = """
<style>
.bc-dashboard table, .bc-table { border-collapse: collapse; margin: 0.5em 0; }
.bc-dashboard th, .bc-dashboard td, .bc-table th, .bc-table td {
  border: 1px solid #bbb; padding: 0.25em 0.5em; text-align: left; vertical-align: top; }
.bc-dashboard caption, .bc-table caption { text-align: left; font-weight: bold; }
.bc-status { white-space: nowrap; }
.bc-met { border-left: 4px solid #009E73; padding-left: 0.3em; }
.bc-notyet { border-left: 4px solid #E69F00; padding-left: 0.3em; }
.bc-cw { border-left: 4px solid #D55E00; padding: 0.2em 0.6em; margin: 0.4em 0; }
.bc-cw.bc-fixed { border-left-color: #999999; }
</style>
"""

CBM_EXPLANATION = (
    "<p><b>Why say how sure you are?</b> The plain score counts right answers. The "
    "<b>certainty-based mark</b> also asks whether you knew that you knew: a right answer earns "
    "1, 2 or 3 marks when you were guessing, fairly sure or sure, and a wrong answer costs 0, 2 "
    "or 6. Being honest about doubt therefore scores best, and a high plain score with a low "
    "certainty-based mark means lucky guesses or confident mistakes.</p>"
    "<p>In nursing a <i>confident</i> mistake is the dangerous kind: a nurse who is unsure "
    "checks, asks or escalates, while a nurse who is sure and wrong acts on it. That is why the "
    "course picks out your confidently wrong answers, red flags first (spinal cord compression, "
    "high calcium, sepsis), for you to put right.</p>"
)


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def _cbm(value: float | None) -> str:
    return "–" if value is None else f"{value:+.1f}".replace("-", "−")


def _status(met: bool | None) -> str:
    if met is None:
        return "not judged (no self-check questions)"
    return (
        '<span class="bc-met">✔ Met</span>' if met else '<span class="bc-notyet">◯ Not yet</span>'
    )


def _store_and_bank(store: ProgressStore | None, bank: Bank | None) -> tuple[ProgressStore, Bank]:
    return (
        store if store is not None else get_store(),
        bank if bank is not None else default_bank(),
    )


def standing_sentence(s: Standing) -> str:
    """One line: answered, plain score and certainty-based mark, in words."""
    if not s.answered:
        return "No self-check answered yet."
    parts = [f"{s.answered} question{'s' if s.answered != 1 else ''} answered"]
    if s.marked:
        parts.append(
            f"{s.right_first} of {s.marked} right on the first try ({_pct(s.score)} of the points)"
        )
    if s.cbm_rated:
        parts.append(f"certainty-based mark {_cbm(s.cbm_average)} per answer (best +3, worst −6)")
    return "; ".join(parts) + "."


def summary_html(dash: Dashboard) -> str:
    """The overall picture in a few lines."""
    if dash.empty:
        return (
            "<p><b>Overall:</b> nothing to show yet. Answer the self-checks in the module "
            "notebooks (say how sure you are, too) and come back: this page will show where you "
            "stand, module by module and objective by objective.</p>"
        )
    done = sum(1 for m in dash.modules if m.completed)
    wrong_open = sum(1 for w in dash.confidently_wrong if not w.put_right_since)
    red = sum(1 for w in dash.confidently_wrong if w.red_flag and not w.put_right_since)
    lines = [
        f"<p><b>Overall:</b> {standing_sentence(dash.overall)}</p>",
        f"<p><b>Modules completed:</b> {done} of {len(dash.modules)} (every practice question "
        "answered).</p>",
        f"<p><b>Confidently wrong and not yet put right:</b> {wrong_open}"
        + (f", of which <b>{red} on red-flag topics</b>" if red else "")
        + ".</p>",
    ]
    if dash.overall.cbm_rated:
        lines.append(
            "<p><i>Why two scores?</i> The certainty-based mark also counts how sure you said "
            "you were: +1, +2 or +3 when right, 0, −2 or −6 when wrong. Honest doubt scores "
            "best, and a confident mistake costs most, because on a ward it is the one nobody "
            "double-checks.</p>"
        )
    if dash.unknown_attempts:
        lines.append(
            f"<p><i>{dash.unknown_attempts} answer(s) are to questions no longer in the "
            "course and are not counted.</i></p>"
        )
    return "".join(lines)


def objectives_table_html(dash: Dashboard, module: str | None = None) -> str:
    """A table per module: each objective, what was answered and how well, and whether it is met."""
    modules = [dash.module(module)] if module else list(dash.modules)
    blocks = []
    for m in modules:
        rows = []
        for o in m.objectives:
            s = o.standing
            rows.append(
                f"<tr><th scope='row'>{html.escape(o.objective)}</th><td>{html.escape(o.text)}</td>"
                f"<td>{s.practice_answered} of {s.practice_items}</td>"
                f"<td>{s.right_first} of {s.marked} ({_pct(s.score)})</td>"
                f"<td>{s.right_now} of {s.marked}</td><td>{_cbm(s.cbm_average)}</td>"
                f"<td class='bc-status'>{_status(o.met)}</td></tr>"
            )
        state = "completed" if m.completed else ("started" if m.opened else "not started")
        blocks.append(
            f"<table><caption>{html.escape(m.title)} ({state}): {standing_sentence(m.standing)}"
            "</caption><thead><tr><th scope='col'>No.</th><th scope='col'>Learning objective</th>"
            "<th scope='col'>Practice questions answered</th><th scope='col'>Right first time</th>"
            "<th scope='col'>Right at the latest try</th>"
            "<th scope='col'>Certainty-based mark (average)</th><th scope='col'>Status</th>"
            f"</tr></thead><tbody>{''.join(rows)}</tbody></table>"
        )
    return "".join(blocks)


def modules_table_html(dash: Dashboard) -> str:
    """One row per module: status, questions answered, scores and objectives met."""
    rows = []
    for m in dash.modules:
        s = m.standing
        state = "✔ completed" if m.completed else ("started" if m.opened else "not started")
        rows.append(
            f"<tr><th scope='row'>{html.escape(m.title)}</th><td class='bc-status'>{state}</td>"
            f"<td>{s.practice_answered} of {s.practice_items}</td>"
            f"<td>{s.right_first} of {s.marked} ({_pct(s.score)})</td>"
            f"<td>{_cbm(s.cbm_average)}</td>"
            f"<td>{m.objectives_met} of {m.objectives_judged}</td></tr>"
        )
    return (
        "<table><caption>Your modules (choose one above to see its learning objectives)"
        "</caption><thead><tr><th scope='col'>Module</th><th scope='col'>Status</th>"
        "<th scope='col'>Practice questions answered</th><th scope='col'>Right first time</th>"
        "<th scope='col'>Certainty-based mark (average)</th>"
        "<th scope='col'>Objectives met (of those self-checks can judge)</th>"
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _answer_text(answer: object) -> str:
    if isinstance(answer, list):
        return ", ".join(str(a) for a in answer)
    return str(answer)


def confidently_wrong_html(dash: Dashboard, limit: int = 10) -> str:
    """The confidently wrong answers, red flags first, each with the misconception it reveals."""
    if not dash.confidently_wrong:
        if dash.empty:
            return "<p>No answers yet, so no confident mistakes either.</p>"
        return (
            "<p>✔ <b>No confidently wrong answers.</b> When you were sure, you were right. "
            "Keep saying how sure you are: it is what makes this list useful.</p>"
        )
    shown: list[ConfidentlyWrong] = list(dash.confidently_wrong[:limit])
    parts = []
    for w in shown:
        flag = "⚠ <b>Red flag.</b> " if w.red_flag else ""
        fixed = (
            " ✔ You have answered it right since."
            if w.put_right_since
            else " ✘ Not yet put right: it is in your review."
        )
        mis = "".join(f"<li>{html.escape(m)}</li>" for m in w.misconceptions)
        mis_html = f"<p>The belief behind that answer:</p><ul>{mis}</ul>" if mis else ""
        css = "bc-cw bc-fixed" if w.put_right_since else "bc-cw"
        parts.append(
            f'<div class="{css}"><p>{flag}<code>{html.escape(w.item_id)}</code> '
            f"(you were “{html.escape(w.confidence)}”, answered "
            f"<b>{html.escape(_answer_text(w.answer))}</b> on {w.ts[:10]}).{fixed}</p>"
            f"<p><i>{html.escape(w.stem)}</i></p>{mis_html}</div>"
        )
    more = len(dash.confidently_wrong) - len(shown)
    tail = f"<p>…and {more} more.</p>" if more > 0 else ""
    return "".join(parts) + tail


def history_figure(dash: Dashboard) -> Figure:
    """Answers per day (right and not right) and the running certainty-based average."""
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    fig, (top, bottom) = plt.subplots(
        2, 1, figsize=(7.5, 4.8), sharex=True, gridspec_kw={"height_ratios": [3, 2]}
    )
    if not dash.history:
        for ax in (top, bottom):
            ax.set_yticks([])
            ax.set_xticks([])
        top.text(0.5, 0.5, "No answers yet", ha="center", va="center", transform=top.transAxes)
        alt = "An empty chart: no self-check answers have been recorded yet."
        plt.close(fig)
        return Figure(fig, alt)
    days = [h.day for h in dash.history]
    labels = [f"{d:%d %b}" for d in days]
    x = list(range(len(days)))
    right = [h.right for h in dash.history]
    other = [h.answered - h.right for h in dash.history]
    top.bar(x, right, color=PALETTE["bluish_green"], label="right")
    top.bar(
        x,
        other,
        bottom=right,
        color=PALETTE["vermillion"],
        hatch="//",
        edgecolor="white",
        label="not right (or not marked)",
    )
    top.set_ylabel("answers")
    top.yaxis.set_major_locator(MaxNLocator(integer=True))
    top.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncols=2, frameon=False)
    running, total, count = [], 0.0, 0
    for h in dash.history:
        total += h.cbm_total
        count += h.cbm_rated
        running.append(total / count if count else float("nan"))
    bottom.axhline(0, color="#999999", linewidth=1)
    bottom.plot(x, running, marker="o", color=PALETTE["blue"], label="running average")
    bottom.set_ylim(-6.3, 3.3)
    bottom.set_ylabel("certainty-based\nmark per answer")
    bottom.set_xticks(x, labels, rotation=45 if len(x) > 8 else 0)
    fig.tight_layout()
    finite = [r for r in running if r == r]
    cbm_part = (
        f" The running certainty-based average went from {finite[0]:+.1f} to {finite[-1]:+.1f} "
        "per answer (best +3, worst −6)."
        if finite
        else ""
    )
    alt = (
        f"Bar chart of your answers on {len(days)} day(s) from {labels[0]} to {labels[-1]}: "
        f"{sum(right)} right and {sum(other)} not right out of {sum(right) + sum(other)}. "
        f"Most in one day: {max(r + o for r, o in zip(right, other, strict=True))}." + cbm_part
    )
    plt.close(fig)
    return Figure(fig, alt)


def _figure_html(figure: Figure) -> str:
    return figure._repr_html_()


def certainty_marking_html(dash: Dashboard | None = None) -> str:
    """The certainty-based marking scheme, why it helps, and the learner's own two scores."""
    rows = "".join(
        f"<tr><th scope='row'>{html.escape(level)}</th><td>{right:+g}</td><td>{wrong:+g}</td></tr>"
        for level, (right, wrong) in CBM_MARKS.items()
    )
    table = (
        "<table class='bc-table'><caption>Certainty-based marks (Moodle's scheme)</caption>"
        "<thead><tr><th scope='col'>You said</th><th scope='col'>Right</th>"
        f"<th scope='col'>Wrong</th></tr></thead><tbody>{rows}</tbody></table>"
    )
    mine = ""
    if dash is not None and not dash.empty:
        o = dash.overall
        mine = (
            f"<p><b>Your plain score:</b> {_pct(o.score)} of the points on first tries. "
            f"<b>Your certainty-based mark:</b> {_cbm(o.cbm_average)} per rated answer "
            f"over {o.cbm_rated} answer(s).</p>"
        )
        if o.cbm_rated == 0:
            mine += "<p>You have not said how sure you were yet; try it on the next self-check.</p>"
    return STYLE + CBM_EXPLANATION + table + mine


class ProgressDashboard(W.VBox):
    """Where the learner stands: overall, per module and objective, over time, and the
    confidently wrong answers.

    Parameters
    ----------
    store
        The progress store (default: the learner's).
    bank
        The question bank (default: the course's).
    """

    def __init__(self, store: ProgressStore | None = None, bank: Bank | None = None):
        self.store, self.bank = _store_and_bank(store, bank)
        self.summary = W.HTML()
        self.module_choice = W.Dropdown(
            options=[("All modules (summary)", "")],
            value="",
            description="Show module:",
            style={"description_width": "initial"},
            layout=W.Layout(width="30em"),
        )
        self.table = W.HTML()
        self.history = W.HTML()
        self.wrong = W.HTML()
        self.refresh_button = W.Button(
            description="Refresh",
            icon="refresh",
            tooltip="Read your progress file again",
            layout=W.Layout(width="auto"),
        )
        self.refresh_button.on_click(lambda _b: self.refresh())
        self.module_choice.observe(lambda _c: self._show_table(), names="value")
        super().__init__(
            [
                W.HTML(STYLE),
                self.summary,
                W.HBox([self.module_choice, self.refresh_button]),
                self.table,
                W.HTML("<h4>Over time</h4>"),
                self.history,
                W.HTML("<h4>Confidently wrong answers (red flags first)</h4>"),
                self.wrong,
            ]
        )
        self.add_class("bc-dashboard")
        self.refresh()

    def refresh(self) -> None:
        """Read the progress store again and redraw everything."""
        self.dashboard = build_dashboard(self.store, self.bank)
        options = [("All modules (summary)", "")]
        options += [(m.title, m.module) for m in self.dashboard.modules]
        current = self.module_choice.value
        self.module_choice.options = options
        self.module_choice.value = current if current in dict(options).values() else ""
        self.summary.value = summary_html(self.dashboard)
        self._show_table()
        self.figure = history_figure(self.dashboard)
        self.history.value = _figure_html(self.figure)
        self.wrong.value = confidently_wrong_html(self.dashboard)

    def _show_table(self) -> None:
        chosen = self.module_choice.value
        if chosen:
            self.table.value = objectives_table_html(self.dashboard, chosen)
        else:
            self.table.value = modules_table_html(self.dashboard)


class LearningRecordView(W.VBox):
    """Preview the learning record and save it as HTML (and PDF where a converter exists)."""

    def __init__(
        self,
        store: ProgressStore | None = None,
        bank: Bank | None = None,
        path: str | None = None,
        now: datetime | None = None,
    ):
        from course.record import build_record, default_record_path

        self.store, self.bank = _store_and_bank(store, bank)
        self._now = now
        self.path = path or default_record_path(self.store, now)
        self.name = W.Text(
            value="",
            description="Your name (optional):",
            placeholder="as it should appear on the record",
            style={"description_width": "initial"},
            layout=W.Layout(width="24em"),
        )
        self.want_pdf = W.Checkbox(value=True, description="Also make a PDF", indent=False)
        self.save_button = W.Button(
            description="Save learning record",
            icon="save",
            button_style="primary",
            tooltip="Write the record as HTML (and PDF if possible)",
            layout=W.Layout(width="auto"),
        )
        self.message = LiveRegion(role="alert")
        self.preview = W.HTML("")
        self.save_button.on_click(lambda _b: self.save())
        self.name.observe(lambda _c: self._preview(), names="value")
        self._build_record = build_record
        super().__init__(
            [W.HBox([self.name, self.want_pdf, self.save_button]), self.message, self.preview]
        )
        self.add_class("bc-record")
        self._preview()

    def _record(self):
        return self._build_record(self.store, self.bank, self.name.value, self._now)

    def _preview(self) -> None:
        from course.record import record_html

        doc = html.escape(record_html(self._record()), quote=True)
        self.preview.value = (
            f'<iframe title="Preview of your learning record" srcdoc="{doc}" '
            'style="width:100%;height:32em;border:1px solid #bbb"></iframe>'
        )

    def save(self):
        """Write the record; the message says where, and whether a PDF was made."""
        from course.record import write_record

        try:
            files = write_record(self._record(), self.path, pdf=self.want_pdf.value)
        except OSError as exc:
            self.message.value = (
                f'<p class="bc-error">Could not save the record: {html.escape(str(exc))}</p>'
            )
            return None
        self.message.value = f"<p>{html.escape(files.message)}</p>"
        return files


def my_progress(**kwargs) -> ProgressDashboard:
    """The progress dashboard (the notebook's one-line call)."""
    return ProgressDashboard(**kwargs)


def progress_history(store: ProgressStore | None = None, bank: Bank | None = None) -> Figure:
    """The history plot on its own, with alt text."""
    return history_figure(build_dashboard(*_store_and_bank(store, bank)))


def confidently_wrong(
    store: ProgressStore | None = None, bank: Bank | None = None, limit: int = 10
) -> HTMLBlock:
    """The confidently wrong answers, red flags first."""
    dash = build_dashboard(*_store_and_bank(store, bank))
    return HTMLBlock(STYLE + confidently_wrong_html(dash, limit))


def certainty_marking(store: ProgressStore | None = None, bank: Bank | None = None) -> HTMLBlock:
    """How certainty-based marking works, why it helps, and the learner's two scores."""
    return HTMLBlock(certainty_marking_html(build_dashboard(*_store_and_bank(store, bank))))


def learning_record(**kwargs) -> LearningRecordView:
    """Preview and save the printable learning record."""
    return LearningRecordView(**kwargs)
