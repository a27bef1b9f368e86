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
:mod:`~course.grading.sandbox` and :mod:`~course.grading.save`; :mod:`~course.grading.job`
takes one learner through them and :mod:`~course.grading.outcomes` holds each learner's outcome
and the run's report. This module runs the cohort.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable
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
from course.grading.job import Job, collect, finished_jobs, prepare_job, start_run
from course.grading.outcomes import (  # noqa: F401 (re-exported)
    UNSAFE_WARNING,
    CohortReport,
    Outcome,
    load_report,
    report_path,
    store_report,
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
from course.grading.settings import (  # noqa: F401 (re-exported)
    Settings,
    gradebook,
    load_settings,
    shared_gradebook,
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
    store_report(course_dir, report, merge=students is not None)
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
    ready: list[Job] = []  # prepared, waiting for a worker
    running: list[Job] = []
    try:
        with shared_gradebook(settings.db_url) as gb:
            _require_released(gb, quiz)
            while pending or ready or running:
                while ready and len(running) < workers:
                    job = ready.pop(0)
                    start_run(job, settings, quiz, limits, unsafe)
                    running.append(job)
                if pending and len(ready) < workers:
                    job = prepare_job(settings, quiz, pending.pop(0), released, work_dir, finish)
                    if job is not None:
                        ready.append(job)
                    continue
                if running:
                    multiprocessing.connection.wait(
                        [j.run.sentinel for j in running if j.run.sentinel is not None],
                        timeout=0.5,
                    )
                for job in finished_jobs(running, hard_limit):
                    running.remove(job)
                    finish(collect(settings, quiz, job))
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
