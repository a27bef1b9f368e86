"""My progress: where the learner stands, over time, mistakes to put right, and how it is marked.

It shows the standing overall and per objective, the history plot, the confidently wrong
answers and the certainty-based marking explainer.

The figures come from :mod:`course.learner.standing`; this file only draws them and listens to the
controls. Its words are in ``assets/my_progress/standing_view.yml``. Every control has a visible
label, every figure alt text, and status is shown in words and symbols as well as colour. The
learning-record saver is :mod:`course.widgets.learning_record_view`.
"""

from __future__ import annotations

import html

import ipywidgets as W

from course.delivery.notebook import HTMLBlock
from course.figures import PALETTE, ROLE_COLOURS, Figure, course_style, new_figure
from course.learner.record import format_percent, format_signed
from course.learner.standing import ConfidentlyWrong, Dashboard, Standing, build_dashboard
from course.learner.store import ProgressStore, get_store
from course.questions.bank import Bank, default_bank
from course.questions.marking import CBM_MARKS
from course.widgets.kit import callout, table_html, verdict, widget_text, words

TEXT = widget_text(
    "my_progress",
    "standing_view",
    required=("cbm_explanation", "status", "standing", "summary", "wrong", "history", "dashboard"),
)
CBM_EXPLANATION = words(TEXT["cbm_explanation"])


def _t(group: str, key: str, **values: object) -> str:
    """A folded text of ``group``/``key``, with ``values`` filled in."""
    return words(TEXT[group][key]).format(**values)


def _pct(value: float | None) -> str:
    return format_percent(value)


def _cbm(value: float | None) -> str:
    return format_signed(value)


def _of(part: object, whole: object) -> str:
    return TEXT["of"].format(part=part, whole=whole)


def _status(met: bool | None) -> str:
    if met is None:
        return TEXT["status"]["not_judged"]
    key = "met" if met else "not_yet"
    v = verdict(key)
    return callout(f"{v.symbol} {TEXT['status'][key]}", key, tag="span", css_class="bc-status")


def _state(module, tick: bool = False) -> str:
    if module.completed:
        word = TEXT["status"]["completed"]
        return f"✔ {word}" if tick else word
    return TEXT["status"]["started" if module.opened else "not_started"]


def _store_and_bank(store: ProgressStore | None, bank: Bank | None) -> tuple[ProgressStore, Bank]:
    return (
        store if store is not None else get_store(),
        bank if bank is not None else default_bank(),
    )


def standing_sentence(s: Standing) -> str:
    """One line: answered, plain score and certainty-based mark, in words."""
    if not s.answered:
        return TEXT["standing"]["none"]
    key = "answered_one" if s.answered == 1 else "answered_many"
    parts = [_t("standing", key, count=s.answered)]
    if s.marked:
        parts.append(
            _t("standing", "right_first", right=s.right_first, marked=s.marked, score=_pct(s.score))
        )
    if s.cbm_rated:
        parts.append(_t("standing", "cbm", cbm=_cbm(s.cbm_average)))
    return "; ".join(parts) + "."


def summary_html(dash: Dashboard) -> str:
    """The overall picture in a few lines."""
    if dash.empty:
        return _t("summary", "empty")
    done = sum(1 for m in dash.modules if m.completed)
    wrong_open = sum(1 for w in dash.confidently_wrong if not w.put_right_since)
    red = sum(1 for w in dash.confidently_wrong if w.red_flag and not w.put_right_since)
    lines = [
        _t("summary", "overall", standing=standing_sentence(dash.overall)),
        _t("summary", "completed", done=done, total=len(dash.modules)),
        _t(
            "summary",
            "wrong_open",
            count=wrong_open,
            red=_t("summary", "red", count=red) if red else "",
        ),
    ]
    if dash.overall.cbm_rated:
        lines.append(_t("summary", "two_scores"))
    if dash.unknown_attempts:
        lines.append(_t("summary", "unknown", count=dash.unknown_attempts))
    return "".join(lines)


def objectives_table_html(dash: Dashboard, module: str | None = None) -> str:
    """A table per module: each objective, what was answered and how well, and whether it is met."""
    modules = [dash.module(module)] if module else list(dash.modules)
    blocks = []
    for m in modules:
        rows = [
            [
                html.escape(o.objective),
                html.escape(o.text),
                _of(o.standing.practice_answered, o.standing.practice_items),
                f"{_of(o.standing.right_first, o.standing.marked)} ({_pct(o.standing.score)})",
                _of(o.standing.right_now, o.standing.marked),
                _cbm(o.standing.cbm_average),
                _status(o.met),
            ]
            for o in m.objectives
        ]
        caption = TEXT["objectives_table"]["caption"].format(
            title=m.title, state=_state(m), standing=standing_sentence(m.standing)
        )
        blocks.append(table_html(caption, TEXT["objectives_table"]["columns"], rows, escape=False))
    return "".join(blocks)


def modules_table_html(dash: Dashboard) -> str:
    """One row per module: status, questions answered, scores and objectives met."""
    rows = [
        [
            html.escape(m.title),
            _state(m, tick=True),
            _of(m.standing.practice_answered, m.standing.practice_items),
            f"{_of(m.standing.right_first, m.standing.marked)} ({_pct(m.standing.score)})",
            _cbm(m.standing.cbm_average),
            _of(m.objectives_met, m.objectives_judged),
        ]
        for m in dash.modules
    ]
    table = TEXT["modules_table"]
    return table_html(table["caption"], table["columns"], rows, escape=False)


def _answer_text(answer: object) -> str:
    if isinstance(answer, list):
        return ", ".join(str(a) for a in answer)
    return str(answer)


def _wrong_entry_html(w: ConfidentlyWrong) -> str:
    """One confidently wrong answer in a callout: what was said, the stem, the belief behind it."""
    key = "fixed" if w.put_right_since else "wrong"
    mark = verdict("right" if w.put_right_since else "wrong").symbol
    said = _t(
        "wrong",
        "entry",
        flag=f"{verdict('warning').symbol} {TEXT['wrong']['red_flag']} " if w.red_flag else "",
        item=html.escape(w.item_id),
        confidence=html.escape(w.confidence),
        answer=html.escape(_answer_text(w.answer)),
        day=w.ts[:10],
        verdict=f"{mark} {TEXT['wrong']['fixed' if w.put_right_since else 'open']}",
    )
    beliefs = "".join(f"<li>{html.escape(m)}</li>" for m in w.misconceptions)
    belief_html = f"<p>{TEXT['wrong']['belief']}</p><ul>{beliefs}</ul>" if beliefs else ""
    body = f"<p>{said}</p><p><i>{html.escape(w.stem)}</i></p>{belief_html}"
    return callout(body, key, css_class="bc-cw bc-fixed" if w.put_right_since else "bc-cw")


def confidently_wrong_html(dash: Dashboard, limit: int = 10) -> str:
    """The confidently wrong answers, red flags first, each with the misconception it reveals."""
    if not dash.confidently_wrong:
        if dash.empty:
            return f"<p>{TEXT['wrong']['none_yet']}</p>"
        return f"<p>{verdict('right').symbol} {_t('wrong', 'none')}</p>"
    shown: list[ConfidentlyWrong] = list(dash.confidently_wrong[:limit])
    more = len(dash.confidently_wrong) - len(shown)
    tail = f"<p>{TEXT['wrong']['more'].format(count=more)}</p>" if more > 0 else ""
    return "".join(_wrong_entry_html(w) for w in shown) + tail


def _empty_history() -> Figure:
    with course_style():
        fig, (top, bottom) = new_figure((7.5, 4.8), 2, 1, sharex=True)
        for ax in (top, bottom):
            ax.set_yticks([])
            ax.set_xticks([])
        top.text(
            0.5,
            0.5,
            TEXT["history"]["empty_label"],
            ha="center",
            va="center",
            transform=top.transAxes,
        )
    return Figure(fig, TEXT["history"]["empty_alt"])


def _running_average(dash: Dashboard) -> list[float]:
    running, total, count = [], 0.0, 0
    for h in dash.history:
        total += h.cbm_total
        count += h.cbm_rated
        running.append(total / count if count else float("nan"))
    return running


def history_figure(dash: Dashboard) -> Figure:
    """Answers per day (right and not right) and the running certainty-based average."""
    from matplotlib.ticker import MaxNLocator

    if not dash.history:
        return _empty_history()
    text = TEXT["history"]
    labels = [f"{h.day:%d %b}" for h in dash.history]
    x = list(range(len(labels)))
    right = [h.right for h in dash.history]
    other = [h.answered - h.right for h in dash.history]
    running = _running_average(dash)
    with course_style():
        fig, (top, bottom) = new_figure(
            (7.5, 4.8), 2, 1, sharex=True, gridspec_kw={"height_ratios": [3, 2]}
        )
        top.bar(x, right, color=PALETTE["bluish_green"], label=text["right"])
        top.bar(
            x,
            other,
            bottom=right,
            color=PALETTE["vermillion"],
            hatch="//",
            edgecolor="white",
            label=text["not_right"],
        )
        top.set_ylabel(text["answers"])
        top.yaxis.set_major_locator(MaxNLocator(integer=True))
        top.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncols=2, frameon=False)
        bottom.axhline(0, color=ROLE_COLOURS["neutral"], linewidth=1)
        bottom.plot(x, running, marker="o", color=PALETTE["blue"], label=text["running"])
        bottom.set_ylim(-6.3, 3.3)
        bottom.set_ylabel(text["cbm_axis"])
        bottom.set_xticks(x, labels, rotation=45 if len(x) > 8 else 0)
        fig.tight_layout()
    finite = [r for r in running if r == r]
    cbm_part = ""
    if finite:
        cbm_part = " " + _t(
            "history", "cbm_alt", first=f"{finite[0]:+.1f}", last=f"{finite[-1]:+.1f}"
        )
    alt = _t(
        "history",
        "alt",
        days=len(labels),
        first=labels[0],
        last=labels[-1],
        right=sum(right),
        other=sum(other),
        total=sum(right) + sum(other),
        most=max(r + o for r, o in zip(right, other, strict=True)),
    )
    return Figure(fig, alt + cbm_part)


def _figure_html(figure: Figure) -> str:
    return figure._repr_html_()


def certainty_marking_html(dash: Dashboard | None = None) -> str:
    """The certainty-based marking scheme, why it helps, and the learner's own two scores."""
    text = TEXT["certainty"]
    rows = [[level, f"{right:+g}", f"{wrong:+g}"] for level, (right, wrong) in CBM_MARKS.items()]
    table = table_html(text["caption"], text["columns"], rows)
    mine = ""
    if dash is not None and not dash.empty:
        o = dash.overall
        mine = _t(
            "certainty", "mine", score=_pct(o.score), cbm=_cbm(o.cbm_average), count=o.cbm_rated
        )
        if o.cbm_rated == 0:
            mine += _t("certainty", "unrated")
    return CBM_EXPLANATION + table + mine


_D = TEXT["dashboard"]


class ProgressDashboard(W.VBox):
    """Where the learner stands: overall, per module and objective, over time, mistakes.

    The last part lists the confidently wrong answers, red flags first.

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
            options=[(_D["all_modules"], "")],
            value="",
            description=_D["show_module"],
            style={"description_width": "initial"},
            layout=W.Layout(width="30em"),
        )
        self.table = W.HTML()
        self.history = W.HTML()
        self.wrong = W.HTML()
        self.refresh_button = W.Button(
            description=_D["refresh"],
            icon="refresh",
            tooltip=_D["refresh_tooltip"],
            layout=W.Layout(width="auto"),
        )
        self.refresh_button.on_click(lambda _b: self.refresh())
        self.module_choice.observe(lambda _c: self._show_table(), names="value")
        super().__init__(
            [
                self.summary,
                W.HBox([self.module_choice, self.refresh_button]),
                self.table,
                W.HTML(f"<h4>{_D['over_time']}</h4>"),
                self.history,
                W.HTML(f"<h4>{_D['wrong_heading']}</h4>"),
                self.wrong,
            ]
        )
        self.add_class("bc-dashboard")
        self.refresh()

    def refresh(self) -> None:
        """Read the progress store again and redraw everything."""
        self.dashboard = build_dashboard(self.store, self.bank)
        options = [(_D["all_modules"], "")]
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
    return HTMLBlock(confidently_wrong_html(dash, limit))


def certainty_marking(store: ProgressStore | None = None, bank: Bank | None = None) -> HTMLBlock:
    """How certainty-based marking works, why it helps, and the learner's two scores."""
    return HTMLBlock(certainty_marking_html(build_dashboard(*_store_and_bank(store, bank))))
