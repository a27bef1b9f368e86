"""A printable learning record a nurse can file as CPD evidence for NMC revalidation.

It shows, on A4 pages that each carry the learner's name and "page n of m": every activity with
its date, hours and CPD method (self-directed, or participatory when done in a workshop with
others), the modules and objectives with the evidence behind each (scores, questions answered,
patient cases completed), and a reflective account to fill in under the headings of the NMC's
reflective accounts form (what the activity was, what you learned, how it changed or will
change your practice, and which themes of the Code it relates to).

It is always written as HTML from the Jinja2 template ``course/templates/record.html`` (print
it from the browser, or save it); a PDF is written too where a converter is found: the
``weasyprint`` package if installed, otherwise Chromium's ``--print-to-pdf``. When neither is
there, :func:`write_record` says so plainly and the HTML is still written.

Time spent is estimated from the progress store (:mod:`~course.learner.sessions`); reading
after the last answer is not seen, so the figure is a floor, and the record says so. An
activity is participatory when the module was opened in a workshop (the ``module_opened``
event's detail says ``workshop``) or on a day the learner names as one
(``bonecourse record --participatory 2026-03-02``). The PDF is made by
:mod:`~course.learner.record_pdf`.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from functools import lru_cache
from pathlib import Path

from course import DISCLAIMER
from course.content import read_content
from course.learner import record_pdf
from course.learner.record_pdf import (  # noqa: F401 (re-exported)
    CHROMIUM_NAMES,
    NO_PDF_MESSAGE,
    PdfUnavailableError,
    pdf_converter,
)
from course.learner.sessions import (  # noqa: F401 (re-exported)
    IDLE_GAP,
    MAX_ANSWER_SECONDS,
    Session,
    cases_finished,
    sessions,
    time_spent,
)
from course.learner.standing import (
    Dashboard,
    ModuleProgress,
    ObjectiveProgress,
    build_dashboard,
    parse_ts,
)
from course.learner.store import ProgressStore
from course.palette import GREYS, PALETTE
from course.questions.bank import Bank

SELF_DIRECTED = "Self-directed"
PARTICIPATORY = "Participatory"
#: the record's text (names, evidence, messages), read from ``record.yml`` beside this module
TEXT = read_content(Path(__file__).with_name("record.yml"), "widget_text")
#: names shown for progress "modules" that are not bank modules
EXTRA_NAMES: dict[str, str] = dict(TEXT["extra_names"])
#: the four themes of the NMC Code, offered on the reflective account
CODE_THEMES: tuple[str, ...] = tuple(TEXT["code_themes"])
TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


def format_duration(seconds: float) -> str:
    """``3725`` → ``'1 h 2 min'``; under a minute → ``'under 1 min'``."""
    minutes = int(round(seconds / 60))
    if minutes < 1:
        return "under 1 min" if seconds > 0 else "0 min"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min" if hours else f"{minutes} min"


def format_hours(seconds: float) -> str:
    """Hours to two decimals, as CPD logs ask for them: ``2700`` → ``'0.75'``."""
    return f"{max(seconds, 0.0) / 3600:.2f}"


def format_signed(value: float | None, digits: int = 1) -> str:
    """A signed mark with a real minus sign and never a negative zero.

    ``-0.04`` → ``'0.0'``, ``-1.25`` → ``'−1.2'``, ``2`` → ``'+2.0'``; ``None`` → ``'–'``.
    """
    if value is None:
        return "–"
    rounded = round(float(value), digits)
    if rounded == 0:
        return f"{0:.{digits}f}"
    return f"{rounded:+.{digits}f}".replace("-", "−")


def format_percent(value: float | None) -> str:
    """``0.5`` → ``'50%'``; ``None`` → ``'–'``."""
    return "–" if value is None else f"{value:.0%}"


@dataclass(frozen=True)
class Activity:
    """One line of the CPD log: a day's work on one module by one method."""

    day: date
    module: str
    title: str
    seconds: float
    method: str  # SELF_DIRECTED or PARTICIPATORY
    answers: int
    cases: int

    @property
    def hours(self) -> str:
        """Hours to two decimals."""
        return format_hours(self.seconds)


def activities(
    session_list: Iterable[Session],
    cases: Iterable[tuple[str, str, str, str, str]],
    titles: dict[str, str],
    participatory_days: Iterable[date] = (),
) -> list[Activity]:
    """Sessions grouped by day, module and CPD method, oldest first.

    Each group holds the answers given and the patient cases completed that day.
    """
    days = set(participatory_days)
    grouped: dict[tuple[date, str, str], list[float]] = defaultdict(lambda: [0.0, 0, 0])
    for s in session_list:
        method = PARTICIPATORY if s.workshop or s.start.date() in days else SELF_DIRECTED
        row = grouped[(s.start.date(), s.module, method)]
        row[0] += s.seconds
        row[1] += s.answers
    for day_text, _case, _outcome, _score, module in cases:
        day = date.fromisoformat(day_text)
        keys = [k for k in grouped if k[0] == day and k[1] == module]
        key = keys[0] if keys else (day, module, SELF_DIRECTED)
        grouped[key][2] += 1
    return [
        Activity(
            day,
            module,
            titles.get(module, EXTRA_NAMES.get(module, module)),
            seconds,
            method,
            int(answers),
            int(n_cases),
        )  # fmt: skip
        for (day, module, method), (seconds, answers, n_cases) in sorted(grouped.items())
        if seconds > 0 or n_cases
    ]


@dataclass(frozen=True)
class LearningRecord:
    """What the printed record shows."""

    learner: str
    produced: datetime
    first_activity: datetime | None
    last_activity: datetime | None
    dashboard: Dashboard
    seconds_by_module: dict[str, float]
    cases: tuple[tuple[str, str, str, str], ...] = ()
    activities: tuple[Activity, ...] = ()
    cases_by_module: dict[str, int] = field(default_factory=dict)

    @property
    def total_seconds(self) -> float:
        """Time spent over all modules, in seconds."""
        return sum(self.seconds_by_module.values())

    def seconds_by_method(self, method: str) -> float:
        """Time spent by one CPD method (self-directed or participatory), in seconds."""
        return sum(a.seconds for a in self.activities if a.method == method)

    @property
    def modules_completed(self) -> list[ModuleProgress]:
        """The modules whose practice questions have all been answered."""
        return [m for m in self.dashboard.modules if m.completed]

    @property
    def objectives_met(self) -> int:
        """Objectives met over all modules."""
        return sum(m.objectives_met for m in self.dashboard.modules)

    @property
    def objectives_judged(self) -> int:
        """Objectives the self-checks can judge over all modules."""
        return sum(m.objectives_judged for m in self.dashboard.modules)


def build_record(
    store: ProgressStore,
    bank: Bank,
    learner: str = "",
    now: datetime | None = None,
    participatory_days: Iterable[date | str] = (),
) -> LearningRecord:
    """Gather the learning record from a progress store and the bank.

    ``participatory_days`` are days (``date`` or ``YYYY-MM-DD``) the learner spent learning
    with others, e.g. in a workshop; their activities are recorded as participatory.

    Raises
    ------
    ValueError
        For a participatory day that is not a date (the message shows the form to use).
    """
    days = []
    for day in participatory_days:
        try:
            days.append(day if isinstance(day, date) else date.fromisoformat(str(day).strip()))
        except ValueError:
            raise ValueError(
                f"{day!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-03-02"
            ) from None
    attempts = store.attempts()
    events = store.events()
    moments = [parse_ts(a.ts) for a in attempts] + [parse_ts(e["ts"]) for e in events]
    dash = build_dashboard(store, bank)
    titles = {m.module: m.title for m in dash.modules}
    finished = [
        (*case, str(e.get("module") or ""))
        for case, e in zip(
            cases_finished(events),
            [e for e in events if e.get("kind") == "case_finished" and _case_parts(e)],
            strict=True,
        )
    ]
    session_list = sessions(attempts, events)
    cases_by_module: dict[str, int] = defaultdict(int)
    for *_rest, module in finished:
        cases_by_module[module] += 1
    return LearningRecord(
        learner=" ".join(str(learner or "").split()),
        produced=now or datetime.now(timezone.utc),
        first_activity=min(moments) if moments else None,
        last_activity=max(moments) if moments else None,
        dashboard=dash,
        seconds_by_module=time_spent(attempts, events),
        cases=tuple(case[:4] for case in finished),
        activities=tuple(activities(session_list, finished, titles, days)),
        cases_by_module=dict(cases_by_module),
    )


def _case_parts(event: dict) -> bool:
    return len(str(event.get("detail", "")).split(":")) == 3


def _css_string(text: str) -> str:
    """Text as a CSS string literal (for the page header)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    # never a tag inside the style element: < and > as CSS escapes
    escaped = escaped.replace("<", "\\3c ").replace(">", "\\3e ")
    return f'"{escaped}"'


@lru_cache(maxsize=1)
def _environment():
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters.update(
        duration=format_duration,
        hours=format_hours,
        signed=format_signed,
        percent=format_percent,
        css_string=_css_string,
    )
    return env


def _evidence(o: ObjectiveProgress) -> str:
    s = o.standing
    words = TEXT["evidence"]
    if o.met is None:
        return words["not_judged"]
    if not s.answered:
        return words["none_answered"].format(items=s.practice_items)
    parts = [words["right_now"].format(right=s.right_now, marked=s.marked)]
    if s.score is not None:
        parts.append(words["first_time"].format(percent=format_percent(s.score)))
    if s.practice_answered < s.practice_items:
        parts.append(words["practice"].format(answered=s.practice_answered, items=s.practice_items))
    return "; ".join(parts) + "."


def _module_days(record: LearningRecord) -> dict[str, str]:
    spans: dict[str, list[date]] = defaultdict(list)
    for a in record.activities:
        spans[a.module].append(a.day)
    out = {}
    for module, days in spans.items():
        first, last = min(days), max(days)
        out[module] = f"{first:%d %b %Y}" if first == last else f"{first:%d %b} – {last:%d %b %Y}"
    return out


def record_html(record: LearningRecord) -> str:
    """The learning record as a complete, printable HTML page (A4)."""
    dash = record.dashboard
    known = {m.module for m in dash.modules}
    extra = [
        (EXTRA_NAMES.get(name, name), seconds)
        for name, seconds in sorted(record.seconds_by_module.items())
        if name not in known and seconds > 0
    ]
    if record.first_activity and record.last_activity:
        period = f"{record.first_activity:%d %B %Y} to {record.last_activity:%d %B %Y}"
    else:
        period = None
    return (
        _environment()
        .get_template("record.html")
        .render(
            record=record,
            palette=PALETTE,
            greys=GREYS,
            dash=dash,
            period=period,
            extra=extra,
            module_days=_module_days(record),
            evidence=_evidence,
            self_directed=record.seconds_by_method(SELF_DIRECTED),
            participatory=record.seconds_by_method(PARTICIPATORY),
            code_themes=CODE_THEMES,
            disclaimer=DISCLAIMER,
        )
    )


def html_to_pdf(
    html_path: str | os.PathLike, pdf_path: str | os.PathLike, timeout: float = 120
) -> Path:
    """Convert an HTML file to PDF with the converter :func:`pdf_converter` finds.

    Raises
    ------
    PdfUnavailableError
        When there is no converter or it fails (the message says why and what to do).
    """
    return record_pdf.convert(html_path, pdf_path, pdf_converter(), timeout)


@dataclass(frozen=True)
class RecordFiles:
    """What :func:`write_record` wrote, and a sentence for the learner."""

    html: Path
    pdf: Path | None
    message: str


def write_record(
    record: LearningRecord, html_path: str | os.PathLike, pdf: bool = True
) -> RecordFiles:
    """Write the record as HTML and, when ``pdf`` is true and a converter exists, as PDF beside it.

    Never raises for a missing converter: the message says clearly that no PDF was made and why.
    """
    html_path = Path(html_path)
    html_path.parent.mkdir(parents=True, exist_ok=True)
    html_path.write_text(record_html(record), encoding="utf-8")
    written = TEXT["written"]
    if not pdf:
        return RecordFiles(html_path, None, written["html"].format(html=html_path))
    try:
        pdf_path = html_to_pdf(html_path, html_path.with_suffix(".pdf"))
    except PdfUnavailableError as exc:
        message = written["html_no_pdf"].format(html=html_path, problem=exc)
        return RecordFiles(html_path, None, message)
    return RecordFiles(
        html_path, pdf_path, written["html_and_pdf"].format(html=html_path, pdf=pdf_path)
    )


def default_record_path(store: ProgressStore, now: datetime | None = None) -> Path:
    """``learning-record-YYYY-MM-DD.html`` beside the progress file."""
    moment = now or datetime.now(timezone.utc)
    return store.path.parent / f"learning-record-{moment:%Y-%m-%d}.html"
