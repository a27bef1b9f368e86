"""A printable learning record: modules completed, objectives met and time spent.

A nurse can keep it as evidence of continuing professional development. It is always written as
HTML (print it from the browser, or save it); a PDF is written too where a converter is found:
the ``weasyprint`` package if installed, otherwise Chromium's ``--print-to-pdf``. When neither is
there, :func:`write_record` says so plainly and the HTML is still written.

Time spent is estimated from the progress store: a *session* starts when a module notebook is
opened (a ``module_opened`` event) and runs to the last answer that follows it with no gap longer
than :data:`IDLE_GAP`, before the next notebook is opened. Answers outside any session add the
seconds they took (at most :data:`MAX_ANSWER_SECONDS` each). Reading after the last answer is not
seen, so the figure is a floor, and the record says so.
"""

from __future__ import annotations

import html
import os
import shutil
import subprocess
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from course import DISCLAIMER
from course.bank import Bank
from course.dashboard import Dashboard, ModuleProgress, build_dashboard, parse_ts
from course.progress import Attempt, ProgressStore

IDLE_GAP = timedelta(minutes=30)
MAX_ANSWER_SECONDS = 600.0
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
#: names shown for progress "modules" that are not bank modules
EXTRA_NAMES = {"my_progress": "My progress: review and learning record"}


class PdfUnavailableError(RuntimeError):
    """No PDF converter could be found or it failed; the message says what to do instead."""


def time_spent(attempts: list[Attempt], events: list[dict]) -> dict[str, float]:
    """Seconds spent per module (see the module docstring for how it is estimated).

    Parameters
    ----------
    attempts
        Every attempt, case steps included (they show activity).
    events
        Events with ``kind``, ``module`` and ``ts``. ``module_opened`` events start sessions;
        other events (such as ``case_finished`` from a branching case) count as activity.
    """
    opens = sorted(
        (
            (parse_ts(e["ts"]), e["module"])
            for e in events
            if e.get("kind") == "module_opened" and e.get("module")
        ),
        key=lambda pair: pair[0],
    )
    # (moment, tie-break, seconds, module): attempts carry their own seconds, events none
    activity = [(parse_ts(a.ts), n, a.seconds, a.module) for n, a in enumerate(attempts)]
    activity += [
        (parse_ts(e["ts"]), len(attempts) + n, None, e.get("module") or "")
        for n, e in enumerate(events)
        if e.get("kind") != "module_opened"
    ]
    activity.sort(key=lambda row: (row[0], row[1]))
    used: set[int] = set()
    totals: dict[str, float] = defaultdict(float)
    for n, (start, module) in enumerate(opens):
        bound = opens[n + 1][0] if n + 1 < len(opens) else None
        last = start
        for moment, key, _seconds, _module in activity:
            if moment < start:
                continue
            if (bound is not None and moment >= bound) or moment - last > IDLE_GAP:
                break
            last = moment
            used.add(key)
        totals[module] += (last - start).total_seconds()
    for _moment, key, seconds, module in activity:
        if key not in used and seconds:
            totals[module] += min(float(seconds), MAX_ANSWER_SECONDS)
    return dict(totals)


def cases_finished(events: list[dict]) -> list[tuple[str, str, str, str]]:
    """Branching cases worked to an end: (date, case id, outcome, score) from ``case_finished``
    events, whose detail is ``<case id>:<outcome>:<got>/<best>``."""
    out = []
    for e in events:
        if e.get("kind") != "case_finished":
            continue
        parts = str(e.get("detail", "")).split(":")
        if len(parts) != 3:
            continue
        out.append((str(e["ts"])[:10], parts[0], parts[1], parts[2]))
    return out


def format_duration(seconds: float) -> str:
    """``3725`` → ``'1 h 2 min'``; under a minute → ``'under 1 min'``."""
    minutes = int(round(seconds / 60))
    if minutes < 1:
        return "under 1 min" if seconds > 0 else "0 min"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min" if hours else f"{minutes} min"


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

    @property
    def total_seconds(self) -> float:
        """Time spent over all modules, in seconds."""
        return sum(self.seconds_by_module.values())

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
    store: ProgressStore, bank: Bank, learner: str = "", now: datetime | None = None
) -> LearningRecord:
    """Gather the learning record from a progress store and the bank."""
    attempts = store.attempts()
    events = store.events()
    moments = [parse_ts(a.ts) for a in attempts] + [parse_ts(e["ts"]) for e in events]
    return LearningRecord(
        learner=" ".join(str(learner or "").split()),
        produced=now or datetime.now(timezone.utc),
        first_activity=min(moments) if moments else None,
        last_activity=max(moments) if moments else None,
        dashboard=build_dashboard(store, bank),
        seconds_by_module=time_spent(attempts, events),
        cases=tuple(cases_finished(events)),
    )


_CSS = """
body { font-family: "Helvetica Neue", Arial, sans-serif; color: #000; max-width: 50em;
       margin: 2em auto; line-height: 1.4; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; }
table { border-collapse: collapse; width: 100%; margin: 1em 0; }
th, td { border: 1px solid #999; padding: 0.3em 0.5em; text-align: left; vertical-align: top; }
th { background: #eee; }
caption { text-align: left; font-weight: bold; margin-bottom: 0.3em; }
.met { border-left: 4px solid #009E73; padding-left: 0.3em; }
.notyet { border-left: 4px solid #E69F00; padding-left: 0.3em; }
.box { border: 1px solid #999; min-height: 5em; margin: 0.3em 0 1em; }
.note { font-size: 0.9em; color: #333; }
@media print { body { margin: 0; max-width: none; } .box { min-height: 7em; }
               tr { page-break-inside: avoid; } }
"""


def _status(met: bool | None) -> str:
    if met is None:
        return "not judged (no self-check questions)"
    return '<span class="met">✔ Met</span>' if met else '<span class="notyet">Not yet</span>'


def record_html(record: LearningRecord) -> str:
    """The learning record as a complete, printable HTML page."""
    esc = html.escape
    dash = record.dashboard
    who = esc(record.learner) if record.learner else "(write your name here)"
    if record.first_activity:
        period = f"{record.first_activity:%d %B %Y} to {record.last_activity:%d %B %Y}"
    else:
        period = "no activity recorded yet"
    rows = []
    objective_blocks = []
    for m in dash.modules:
        s = m.standing
        score = f"{s.score:.0%}" if s.score is not None else "–"
        cbm = f"{s.cbm_average:+.1f}" if s.cbm_average is not None else "–"
        done = "Completed" if m.completed else ("Started" if m.opened else "Not started")
        rows.append(
            f"<tr><td>{esc(m.title)}</td><td>{done}</td>"
            f"<td>{s.practice_answered} of {s.practice_items}</td><td>{score}</td><td>{cbm}</td>"
            f"<td>{m.objectives_met} of {len(m.objectives)}</td>"
            f"<td>{format_duration(record.seconds_by_module.get(m.module, 0.0))}</td></tr>"
        )
        if m.opened:
            lis = "".join(f"<li>{_status(o.met)}: {esc(o.text)}</li>" for o in m.objectives)
            objective_blocks.append(f"<h3>{esc(m.title)}</h3><ul>{lis}</ul>")
    for name, seconds in sorted(record.seconds_by_module.items()):
        if name not in {m.module for m in dash.modules} and seconds > 0:
            label = EXTRA_NAMES.get(name, name)
            rows.append(
                f"<tr><td>{esc(label)}</td><td>–</td><td>–</td><td>–</td><td>–</td><td>–</td>"
                f"<td>{format_duration(seconds)}</td></tr>"
            )
    o = dash.overall
    overall_score = f"{o.score:.0%}" if o.score is not None else "–"
    overall_cbm = f"{o.cbm_average:+.1f}" if o.cbm_average is not None else "–"
    cases_html = ""
    if record.cases:
        case_rows = "".join(
            f"<tr><td>{esc(day)}</td><td>{esc(case_id)}</td><td>{esc(outcome)}</td>"
            f"<td>{esc(score)}</td></tr>"
            for day, case_id, outcome, score in record.cases
        )
        cases_html = (
            "<table><caption>Patient cases worked through</caption><thead><tr>"
            '<th scope="col">Date</th><th scope="col">Case</th><th scope="col">Outcome</th>'
            f'<th scope="col">Score</th></tr></thead><tbody>{case_rows}</tbody></table>'
        )
    objectives_html = "".join(objective_blocks) or (
        "<p>No module has been started yet, so no objective can be judged.</p>"
    )
    return f"""<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8">
<title>Learning record: Bone Secondaries</title><style>{_CSS}</style></head>
<body>
<h1>Learning record: Bone Secondaries</h1>
<p>An interactive course on secondary bone cancer (bone metastases) for nurses.</p>
<p><b>Learner:</b> {who}<br>
<b>Period:</b> {period}<br>
<b>Record produced:</b> {record.produced:%d %B %Y, %H:%M} UTC</p>

<h2>Summary</h2>
<ul>
<li>Modules completed: <b>{len(record.modules_completed)} of {len(dash.modules)}</b></li>
<li>Learning objectives met: <b>{record.objectives_met} of {record.objectives_judged}</b>
 that the self-checks can judge</li>
<li>Self-check questions answered: <b>{o.answered}</b>; right on the first try:
 <b>{overall_score}</b>; average certainty-based mark: <b>{overall_cbm}</b> (from −6 to +3)</li>
<li>Time spent (at least): <b>{format_duration(record.total_seconds)}</b></li>
</ul>

<table><caption>Modules</caption>
<thead><tr><th scope="col">Module</th><th scope="col">Status</th>
<th scope="col">Practice questions answered</th><th scope="col">Right first time</th>
<th scope="col">Certainty-based mark (average)</th><th scope="col">Objectives met</th>
<th scope="col">Time spent</th></tr></thead>
<tbody>{"".join(rows)}</tbody></table>

<h2>Learning objectives</h2>
{objectives_html}
{cases_html}
<h2>Reflection</h2>
<p class="note">Add your own reflection; it is what makes this record useful as evidence of
continuing professional development (for example in a revalidation portfolio).</p>
<p>What did I learn from this course?</p><div class="box"></div>
<p>How will it change what I do in practice, for example in spotting spinal cord compression or
high calcium early?</p><div class="box"></div>
<p>What do I still need to learn, and how?</p><div class="box"></div>

<h2>How these figures are worked out</h2>
<p class="note">A module is completed when every one of its practice questions has been answered.
An objective is met when every self-check question on it has been answered and the latest answer
to each is right. Scores count the first try at each question. The certainty-based mark rewards
honest confidence (Moodle's scheme: +1, +2 or +3 when right; 0, −2 or −6 when wrong, for
"guessing", "fairly sure" and "sure"). Time spent counts from opening a module to the last answer
given in it, so time spent reading after that is not included.</p>
<p class="note">This record lists self-study activity; it is not an assessment of competence.
{esc(DISCLAIMER)}</p>
</body></html>
"""


def pdf_converter() -> tuple[str, str] | None:
    """The PDF converter available: ``("weasyprint", "")``, ``("chromium", path)`` or ``None``."""
    try:
        import weasyprint  # noqa: F401

        return ("weasyprint", "")
    except Exception:  # not installed, or its system libraries are missing
        pass
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return ("chromium", found)
    if Path("/usr/bin/chromium").exists():
        return ("chromium", "/usr/bin/chromium")
    return None


NO_PDF_MESSAGE = (
    "A PDF could not be made: no PDF converter was found (install the Python package "
    "'weasyprint' or the Chromium browser). The HTML record was written; open it in a browser "
    "and use Print → Save as PDF."
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
    html_path, pdf_path = Path(html_path).resolve(), Path(pdf_path).resolve()
    converter = pdf_converter()
    if converter is None:
        raise PdfUnavailableError(NO_PDF_MESSAGE)
    kind, binary = converter
    if kind == "weasyprint":
        import weasyprint

        weasyprint.HTML(filename=str(html_path)).write_pdf(str(pdf_path))
    else:
        pdf_path.unlink(missing_ok=True)
        cmd = [
            binary,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--no-pdf-header-footer",
            "--print-to-pdf-no-header",
            f"--print-to-pdf={pdf_path}",
            html_path.as_uri(),
        ]
        try:
            subprocess.run(cmd, capture_output=True, timeout=timeout, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise PdfUnavailableError(
                f"Chromium could not make the PDF ({exc}). {NO_PDF_MESSAGE}"
            ) from None
        if not pdf_path.exists() or pdf_path.stat().st_size == 0:
            raise PdfUnavailableError(
                f"Chromium did not write {pdf_path}. The HTML record is there; "
                "open it in a browser and use Print → Save as PDF."
            )
    return pdf_path


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
    if not pdf:
        return RecordFiles(html_path, None, f"Learning record written to {html_path}.")
    try:
        pdf_path = html_to_pdf(html_path, html_path.with_suffix(".pdf"))
    except PdfUnavailableError as exc:
        return RecordFiles(
            html_path, None, f"Learning record written to {html_path}. PDF not available: {exc}"
        )
    return RecordFiles(
        html_path, pdf_path, f"Learning record written to {html_path} and {pdf_path}."
    )


def default_record_path(store: ProgressStore, now: datetime | None = None) -> Path:
    """``learning-record-YYYY-MM-DD.html`` beside the progress file."""
    moment = now or datetime.now(timezone.utc)
    return store.path.parent / f"learning-record-{moment:%Y-%m-%d}.html"
