"""Autograde a cohort on every core, each submission in its own sandbox.

A progress bar shows the run, and a summary of problems ends it.

nbgrader's ``autograde`` grades one submission after another, as the grader's own user, and
one broken submission can stop it or leave a student without a grade. This runs nbgrader's own
preprocessors in three stages so that every learner ends with a grade or a named problem, and
no learner's code can change a grade:

1. **Prepare** (one process, quick): read the file (empty, not JSON, not a notebook: a named
   problem), give back quiz metadata another editor stripped (cells matched by content), put
   back deleted quiz cells from the released version (a deleted answer cell counts as "not
   answered"), restore edited locked cells (nbgrader's ``OverwriteCells``) and name them. The
   notebook as submitted is kept aside for marking; the copy that runs has no hidden tests.
2. **Execute** (one sandbox per submission, as many at once as there are cores): run the
   notebook with nbclient, kernel included, inside a bubblewrap sandbox
   (:mod:`~course.grading.sandbox`): unprivileged, no network, a scratch folder holding the
   notebook only, a throwaway home, nothing of the trainer's; a per-cell timeout interrupts
   the kernel (``Execute.timeout``; the rest still runs) and a hard limit per submission ends
   the sandbox and every process in it. Only outputs come back, cut to a size limit.
3. **Mark and save** (one process, so the gradebook has one writer): the grader marks the
   answers of the notebook as submitted (:func:`course.grading.save.grader_verdicts`), puts the
   verdicts in the check cells and runs nbgrader's ``SaveAutoGrades``, ``AssignLatePenalties``
   and ``CheckCellMetadata``; manual scores from an earlier grading are kept (and not flagged
   for review again when the learner's written answer is unchanged).

Without a sandbox (not Linux, bubblewrap missing or failing its self-test) nothing is graded
and the message says how to get one, unless ``unsafe=True`` (``--unsafe``), which the report
says loudly. The result is written to ``autograded/<student>/<quiz>/`` as with nbgrader, and a
report of every learner's outcome to ``autograded/.bonecourse/<quiz>.json``.

The stages live in :mod:`~course.grading.prepare`, :mod:`~course.grading.execute`,
:mod:`~course.grading.sandbox` and :mod:`~course.grading.save`; this module runs the cohort
through them.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from course.errors import UserInputError
from course.grading.answers import (  # noqa: F401 (re-exported)
    code_beyond_answers,
    hidden_keys,
    trusted_scores,
    typed_answers,
)
from course.grading.execute import (  # noqa: F401 (re-exported)
    MAX_NOTEBOOK_OUTPUT_CHARS,
    MAX_OUTPUT_CHARS,
    ForkRun,
    limit_outputs,
    run_notebook,
    timed_out_cells,
    write_run_copy,
)
from course.grading.prepare import (  # noqa: F401 (re-exported)
    marking_path,
    prepare,
    read_submission,
    released_notebook,
    restore_missing_cells,
    submission_timestamp,
)
from course.grading.sandbox import Limits, SandboxRun, SandboxUnavailableError  # noqa: F401
from course.grading.sandbox import self_test as sandbox_self_test
from course.grading.save import save
from course.grading.settings import (  # noqa: F401 (re-exported)
    Settings,
    gradebook,
    load_settings,
    shared_gradebook,
)
from course.grading.text import text as quiz_text

#: said first, loudly, when a cohort was graded with ``--unsafe``
UNSAFE_WARNING: str = quiz_text("autograde")["unsafe_warning"]


@dataclass
class Outcome:
    """One learner's result: a score, or a named problem (or both: graded with a note)."""

    student: str
    score: float | None = None
    max_score: float | None = None
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def graded(self) -> bool:
        """Whether the learner has a score."""
        return self.score is not None

    def line(self) -> str:
        """The learner's score (or NOT GRADED) and problems, on one line."""
        score = f"{self.score:g}/{self.max_score:g}" if self.score is not None else "NOT GRADED"
        notes = "; ".join(self.problems)
        return f"{self.student}: {score}" + (f" ({notes})" if notes else "")


@dataclass
class CohortReport:
    """Every learner's outcome for one quiz."""

    quiz: str
    outcomes: list[Outcome]
    seconds: float = 0.0
    workers: int = 1
    sandboxed: bool = True

    @property
    def graded(self) -> list[Outcome]:
        """The outcomes with a score."""
        return [o for o in self.outcomes if o.graded]

    @property
    def with_problems(self) -> list[Outcome]:
        """The outcomes with at least one named problem."""
        return [o for o in self.outcomes if o.problems]

    def summary(self) -> str:
        """The run in words: how many were graded, how fast, and every problem."""
        words = quiz_text("autograde")
        lines = []
        if not self.sandboxed:
            lines.append(UNSAFE_WARNING)
        graded = words["graded"].format(
            quiz=self.quiz,
            graded=len(self.graded),
            total=len(self.outcomes),
            seconds=self.seconds,
            workers=self.workers,
        )
        lines.append(graded + words["sandboxed" if self.sandboxed else "unsandboxed"])
        problems = self.with_problems
        if problems:
            lines.append(words["need_a_look"].format(n=len(problems)))
            lines += ["  " + o.line() for o in problems]
        else:
            lines.append(words["no_problems"])
        return "\n".join(lines)

    def to_json(self) -> dict:
        """The run as a JSON-ready mapping (saved beside the autograded folder)."""
        return {
            "quiz": self.quiz,
            "seconds": round(self.seconds, 2),
            "workers": self.workers,
            "sandboxed": self.sandboxed,
            "outcomes": [asdict(o) for o in self.outcomes],
        }


def report_path(course_dir: str | Path, quiz: str) -> Path:
    """Where the last autograde report of ``quiz`` is kept."""
    return Path(course_dir) / "autograded" / ".bonecourse" / f"{quiz}.json"


def load_report(course_dir: str | Path, quiz: str) -> CohortReport | None:
    """The last autograde report, or ``None`` if the quiz has not been graded."""
    path = report_path(course_dir, quiz)
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return CohortReport(
        data["quiz"],
        [Outcome(**o) for o in data["outcomes"]],
        data["seconds"],
        data["workers"],
        data.get("sandboxed", True),
    )


# --------------------------------------------------------------------------- the cohort


def submitted_students(course_dir: str | Path, quiz: str) -> list[str]:
    """Learners with a folder for ``quiz`` under ``submitted/``."""
    root = Path(course_dir) / "submitted"
    return sorted(p.parent.name for p in root.glob(f"*/{quiz}") if p.is_dir())


def autograde_cohort(
    course_dir: str | Path,
    quiz: str,
    *,
    students: Iterable[str] | None = None,
    workers: int | None = None,
    cell_timeout: int | None = None,
    submission_timeout: float | None = None,
    progress: bool | Callable[[Outcome], None] = True,
    unsafe: bool = False,
    limits: Limits | None = None,
) -> CohortReport:
    """Autograde every submission of ``quiz`` in ``course_dir``; return each learner's outcome.

    Parameters
    ----------
    course_dir
        The nbgrader course directory (``release`` must have been run for ``quiz``).
    quiz
        The quiz (nbgrader assignment) name.
    students
        Only these learners (default: every folder under ``submitted/``).
    workers
        Notebooks run at once (default: the number of cores).
    cell_timeout
        Seconds a cell may run before it is interrupted (default: ``Execute.timeout``).
    submission_timeout
        Seconds a whole submission may take before its sandbox is killed
        (default: cell timeout x (code cells + 2) + 30).
    progress
        Show a tqdm progress bar (``True``), nothing (``False``), or call this per learner.
    unsafe
        Run notebooks without a sandbox (as the grader's own user, able to reach its files).
        Only for notebooks you trust; the report says so.
    limits
        Memory, file and output limits of each sandbox (default :class:`Limits`).

    Raises
    ------
    SandboxUnavailableError
        When no sandbox can be made here and ``unsafe`` is not set (the message says how to
        get one).
    """
    import warnings

    warnings.filterwarnings("ignore", message=".*not in session.*")  # nbgrader + SQLAlchemy 2
    started = time.perf_counter()
    if not unsafe:
        sandbox_self_test()
    settings = load_settings(course_dir, cell_timeout)
    released = released_notebook(settings, quiz)
    names = sorted(students) if students is not None else submitted_students(course_dir, quiz)
    workers = max(1, workers or os.cpu_count() or 1)
    outcomes: dict[str, Outcome] = {}
    finish, bar = _outcome_sink(outcomes, progress, f"Grading {quiz}", len(names))
    try:
        _grade_all(
            settings,
            quiz,
            names,
            released,
            finish,
            workers=workers,
            limits=limits or Limits(),
            unsafe=unsafe,
            hard_limit=submission_timeout or _submission_time_limit(settings, released),
        )
    finally:
        if bar is not None:
            bar.close()
    report = CohortReport(
        quiz,
        [outcomes[s] for s in names if s in outcomes],
        time.perf_counter() - started,
        workers,
        sandboxed=not unsafe,
    )
    _store_report(course_dir, report, merge=students is not None)
    return report


def _submission_time_limit(settings, released) -> float:
    """Seconds a whole submission may take: cell timeout x (code cells + 2) + 30."""
    n_code = sum(1 for c in released.cells if c.cell_type == "code")
    return settings.cell_timeout * (n_code + 2) + 30


def _require_released(gb, quiz: str) -> None:
    """Refuse a quiz the gradebook does not know (it has not been released)."""
    from nbgrader.api import MissingEntry

    try:
        gb.find_assignment(quiz)
    except MissingEntry:
        raise UserInputError(
            f"{quiz} is not in the gradebook: run bonecourse quiz release {quiz}"
        ) from None


def _grade_all(
    settings,
    quiz: str,
    names: list[str],
    released,
    finish: Callable[[Outcome], None],
    *,
    workers: int,
    limits: Limits,
    unsafe: bool,
    hard_limit: float,
) -> None:
    """Prepare, run and mark every learner's notebook, ``workers`` sandboxes at a time.

    The main process prepares and saves (one gradebook writer); each notebook runs in its own
    sandbox. Preparing one job ahead keeps every worker busy. Each outcome goes to ``finish``;
    sandboxes still running when something fails are killed, and the working folder removed.
    """
    import multiprocessing.connection

    work_dir = Path(tempfile.mkdtemp(prefix=f"bonecourse-grade-{quiz}-"))
    pending = list(names)
    ready: list[_Job] = []  # prepared, waiting for a worker
    running: list[_Job] = []
    try:
        with shared_gradebook(settings.db_url) as gb:
            _require_released(gb, quiz)
            while pending or ready or running:
                while ready and len(running) < workers:
                    job = ready.pop(0)
                    _start_run(job, settings, quiz, limits, unsafe)
                    running.append(job)
                if pending and len(ready) < workers:
                    job = _prepare_job(settings, quiz, pending.pop(0), released, work_dir, finish)
                    if job is not None:
                        ready.append(job)
                    continue
                if running:
                    multiprocessing.connection.wait(
                        [j.run.sentinel for j in running if j.run.sentinel is not None],
                        timeout=0.5,
                    )
                for job in _finished_jobs(running, hard_limit):
                    running.remove(job)
                    finish(_collect(settings, quiz, job))
    finally:
        for job in running:
            if job.run is not None:
                job.run.kill()
                job.run.close()
        shutil.rmtree(work_dir, ignore_errors=True)


def _outcome_sink(
    outcomes: dict[str, Outcome],
    progress: bool | Callable[[Outcome], None],
    title: str,
    total: int,
) -> tuple[Callable[[Outcome], None], Any]:
    """A ``finish(outcome)`` that stores each outcome and reports it, and the tqdm bar or None.

    ``progress`` ``True`` shows a tqdm bar (its postfix counts the learners with problems), a
    callable is called per outcome, ``False`` reports nothing.
    """
    bar = None
    if progress is True:
        from tqdm import tqdm

        tqdm.monitor_interval = 0  # no monitor thread: we fork workers
        bar = tqdm(total=total, desc=title, unit="notebook")

    def finish(outcome: Outcome) -> None:
        outcomes[outcome.student] = outcome
        if bar is not None:
            bar.update(1)
            n_problems = sum(1 for o in outcomes.values() if o.problems)
            if n_problems:
                bar.set_postfix_str(f"{n_problems} with problems")
        elif callable(progress):
            progress(outcome)

    return finish, bar


def _start_run(job: _Job, settings, quiz: str, limits: Limits, unsafe: bool) -> None:
    """Start running ``job``'s notebook: in a sandbox, or forked when ``unsafe``."""
    job.started = time.perf_counter()
    if unsafe:
        job.run = ForkRun(
            job.scratch / f"{quiz}.ipynb", job.result_path, job.scratch, settings.cell_timeout
        )
    else:
        job.run = SandboxRun(
            job.scratch, f"{quiz}.ipynb", job.result_path, settings.cell_timeout, limits
        )


def _finished_jobs(running: list[_Job], hard_limit: float) -> list[_Job]:
    """The running jobs that ended, or ran past ``hard_limit`` seconds and were stopped."""
    done = []
    for job in running:
        overdue = time.perf_counter() - job.started > hard_limit
        if job.run.alive() and not overdue:
            continue
        if job.run.alive():
            job.run.kill()
            job.problems.append(f"did not finish within {hard_limit:.0f} s and was stopped")
        job.run.close()
        done.append(job)
    return done


def _store_report(course_dir: str | Path, report: CohortReport, merge: bool) -> None:
    """Save ``report`` beside the autograded folder; with ``merge``, over the previous one.

    A run for some learners only (``merge``) keeps the outcomes of the others.
    """
    path = report_path(course_dir, report.quiz)
    path.parent.mkdir(parents=True, exist_ok=True)
    previous = load_report(course_dir, report.quiz)
    stored = report
    if previous is not None and merge:
        merged = {o.student: o for o in previous.outcomes}
        merged.update({o.student: o for o in report.outcomes})
        stored = CohortReport(
            report.quiz,
            [merged[s] for s in sorted(merged)],
            report.seconds,
            report.workers,
            report.sandboxed,
        )
    path.write_text(json.dumps(stored.to_json(), indent=1), encoding="utf-8")


@dataclass
class _Job:
    student: str
    work_path: Path  # the trusted notebook, as prepared (never seen by the kernel)
    scratch: Path  # the sandbox's folder: the notebook to run, without hidden tests
    result_path: Path  # outputs and status, written by the executor only
    problems: list[str]
    started: float = 0.0
    run: SandboxRun | ForkRun | None = None


def _prepare_job(settings, quiz, student, released, work_dir, finish) -> _Job | None:
    """Stage 1 for one learner; a problem that stops grading is reported through ``finish``."""
    import nbformat

    t0 = time.perf_counter()
    work_path = work_dir / f"{student}.ipynb"
    try:
        with gradebook(settings.db_url) as gb:
            gb.update_or_create_student(student)
        problems = prepare(settings, quiz, student, released, work_path)
        try:
            timestamp = submission_timestamp(settings, quiz, student)
        except ValueError as exc:
            timestamp = None
            problems.append(str(exc))
        with gradebook(settings.db_url) as gb:
            if timestamp:
                gb.update_or_create_submission(quiz, student, timestamp=timestamp)
            else:
                gb.update_or_create_submission(quiz, student)
        dest = settings.course_dir / "autograded" / student / quiz
        dest.mkdir(parents=True, exist_ok=True)
        src = settings.course_dir / "submitted" / student / quiz
        others = []
        for extra in sorted(src.iterdir()):
            if extra.is_file() and not extra.is_symlink() and extra.suffix != ".ipynb":
                shutil.copy(extra, dest / extra.name)
            if extra.name not in ("timestamp.txt", f"{quiz}.ipynb") and not (
                extra.suffix == ".json" and extra.name.startswith(quiz)
            ):
                others.append(extra.name)
        if others:
            problems.append(
                "other files were submitted beside the notebook; none was given to the notebook "
                "when it ran: " + ", ".join(others)
            )
        # a fresh scratch folder holding the notebook to run and, for quizzes that save
        # answers, the learner's validated saved answers (data, never code), so the run shows
        # them to the trainer
        scratch = Path(tempfile.mkdtemp(prefix="run-", dir=work_dir))
        write_run_copy(settings, work_path, scratch / f"{quiz}.ipynb")
        if released.metadata.get("bonecourse", {}).get("answers") == "saved":
            from course.grading import answers as answers_module

            write_saved = getattr(answers_module, "write_saved_answers", None)
            if write_saved is not None:
                submitted_nb = nbformat.read(marking_path(work_path), as_version=4)
                write_saved(submitted_nb, quiz, src, scratch)
    except ValueError as exc:
        finish(
            Outcome(
                student,
                problems=[quiz_text("autograde")["not_graded"].format(problem=exc)],
                seconds=time.perf_counter() - t0,
            )
        )
        return None
    except Exception as exc:  # never let one learner stop the cohort
        finish(
            Outcome(
                student,
                problems=[f"could not prepare: {type(exc).__name__}: {exc}"],
                seconds=time.perf_counter() - t0,
            )
        )
        return None
    return _Job(student, work_path, scratch, work_dir / f"{student}.result.json", problems)


#: the largest result a run may return (bytes); outputs are cut well below this while it runs
_MAX_RESULT_BYTES = 64 * 1024**2


def _collect(settings: Settings, quiz: str, job: _Job) -> Outcome:
    """Read a run's outputs, mark the answers and save; any failure becomes a named problem.

    The answers marked are those of the trusted notebook prepared before the run: a notebook
    that did not run to its end is still marked (its outputs are what it printed, if any).
    """
    import nbformat

    outcome = Outcome(job.student, problems=list(job.problems))
    try:
        nb = nbformat.read(job.work_path, as_version=4)
        outputs = None
        result: dict = {}
        try:
            size = job.result_path.stat().st_size
            if size > _MAX_RESULT_BYTES:
                raise ValueError(f"its output was too large ({size:,} bytes)")
            result = json.loads(job.result_path.read_text(encoding="utf-8")) if size else {}
        except (OSError, ValueError) as exc:
            outcome.problems.append(f"its outputs could not be read ({exc})")
        status = result.get("status") or {}
        if result.get("outputs") is not None:
            outputs = result["outputs"]
        if not status.get("ok") and not any("did not finish" in p for p in outcome.problems):
            why = status.get("error") or _stopped_why(job)
            outcome.problems.append(
                f"the notebook did not run to its end ({why}); its answers are marked as typed"
            )
        if outputs is not None:
            check = nbformat.from_dict(nb)
            try:
                from course.grading.save import merge_outputs

                merge_outputs(check, outputs)
                timed_out = timed_out_cells(check)
            except ValueError as exc:
                outcome.problems.append(str(exc))
                outputs, timed_out = None, []
            if timed_out:
                outcome.problems.append(
                    f"cell(s) stopped after {settings.cell_timeout} s: " + ", ".join(timed_out)
                )
        if status.get("truncated"):
            outcome.problems.append(
                f"very long output cut ({status['truncated']:,} characters removed)"
            )
        previous_path = settings.course_dir / "autograded" / job.student / quiz / f"{quiz}.ipynb"
        previous_nb = None
        if previous_path.exists():
            try:
                previous_nb = nbformat.read(previous_path, as_version=4)
            except Exception:
                previous_nb = None
        outcome.score, outcome.max_score = save(
            settings,
            quiz,
            job.student,
            nb,
            previous_nb,
            outcome.problems,
            outputs=outputs,
            marking_nb=nbformat.read(marking_path(job.work_path), as_version=4),
        )
    except Exception as exc:  # never let one learner stop the cohort
        outcome.problems.append(f"could not save the grade: {type(exc).__name__}: {exc}")
    finally:
        outcome.seconds = time.perf_counter() - job.started
    return outcome


def _stopped_why(job: _Job) -> str:
    tail = job.run.log_tail() if job.run is not None else ""
    if tail:
        return quiz_text("autograde")["stopped"].format(line=tail.splitlines()[-1][:200])
    return quiz_text("autograde")["stopped_unexpectedly"]
