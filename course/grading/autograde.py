"""Autograde a cohort on every core, with a progress bar and a summary of problems.

nbgrader's ``autograde`` grades one submission after another, and one broken submission can
stop it or leave a student without a grade. This runs nbgrader's own preprocessors in three
stages so that every learner ends with a grade or a named problem:

1. **Prepare** (one process, quick): read the file (empty, not JSON, not a notebook: a named
   problem), put back deleted quiz cells from the released version (a deleted check cell is
   restored so the answer is still marked; a deleted answer cell counts as "not answered"),
   restore edited locked cells (nbgrader's ``OverwriteCells``) and name them.
2. **Execute** (one forked worker per core): run the notebook with nbclient, with a per-cell
   timeout that interrupts the kernel (``Execute.timeout``; the rest of the notebook still runs)
   and a hard limit per submission that kills the kernel. Outputs are cut to a size limit.
3. **Save** (one process, so the gradebook has one writer): nbgrader's ``SaveAutoGrades``,
   ``AssignLatePenalties`` and ``CheckCellMetadata``; manual scores from an earlier grading are
   kept (and not flagged for review again when the learner's written answer is unchanged).

The result is written to ``autograded/<student>/<quiz>/`` as with nbgrader, and a report of
every learner's outcome to ``autograded/.bonecourse/<quiz>.json``.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

from course.grading.answers import (  # noqa: F401 (re-exported)
    code_beyond_answers,
    hidden_keys,
    trusted_scores,
    typed_answers,
)

#: the largest text kept per output, and per notebook (characters)
MAX_OUTPUT_CHARS = 20_000
MAX_NOTEBOOK_OUTPUT_CHARS = 200_000

#: error names that mean a cell ran out of time
_TIMEOUT_ERRORS = ("CellTimeoutError", "KeyboardInterrupt")


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
        return self.score is not None

    def line(self) -> str:
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

    @property
    def graded(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.graded]

    @property
    def with_problems(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.problems]

    def summary(self) -> str:
        lines = [
            f"{self.quiz}: {len(self.graded)} of {len(self.outcomes)} submissions graded in "
            f"{self.seconds:.1f} s on {self.workers} worker(s)."
        ]
        problems = self.with_problems
        if problems:
            lines.append(f"{len(problems)} need a look:")
            lines += ["  " + o.line() for o in problems]
        else:
            lines.append("No problems.")
        return "\n".join(lines)

    def to_json(self) -> dict:
        return {
            "quiz": self.quiz,
            "seconds": round(self.seconds, 2),
            "workers": self.workers,
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
        data["quiz"], [Outcome(**o) for o in data["outcomes"]], data["seconds"], data["workers"]
    )


# --------------------------------------------------------------------------- configuration


@dataclass
class Settings:
    """What autograding needs from ``nbgrader_config.py``."""

    course_dir: Path
    db_url: str
    cell_timeout: int = 30
    max_lines: int = 1000
    max_traceback: int = 100
    course_id: str = ""
    config: object = None


def load_settings(course_dir: str | Path, cell_timeout: int | None = None) -> Settings:
    """Read the course directory's ``nbgrader_config.py`` (per-cell timeout, output limits)."""
    from traitlets.config import Config, PyFileConfigLoader

    course_dir = Path(course_dir).resolve()
    config_file = course_dir / "nbgrader_config.py"
    if config_file.exists():
        config = PyFileConfigLoader(config_file.name, path=str(course_dir)).load_config()
    else:
        config = Config()
    config.CourseDirectory.root = str(course_dir)
    timeout = cell_timeout or config.Execute.get("timeout", 30)
    return Settings(
        course_dir=course_dir,
        db_url=f"sqlite:///{course_dir / 'gradebook.db'}",
        cell_timeout=int(timeout),
        max_lines=int(config.LimitOutput.get("max_lines", 1000)),
        max_traceback=int(config.LimitOutput.get("max_traceback", 100)),
        course_id=str(config.CourseDirectory.get("course_id", "")),
        config=config,
    )


# --------------------------------------------------------------------------- stage 1: prepare


def _resources(settings: Settings, quiz: str, student: str) -> dict:
    return {
        "unique_key": quiz,
        "output_files_dir": f"{quiz}_files",
        "nbgrader": {
            "student": student,
            "assignment": quiz,
            "notebook": quiz,
            "db_url": settings.db_url,
        },
    }


def read_submission(path: Path):
    """Read a submitted notebook, or raise ``ValueError`` naming what is wrong with the file."""
    import nbformat

    if not path.exists():
        raise ValueError("no notebook submitted")
    raw = path.read_bytes()
    if not raw.strip():
        raise ValueError("the notebook file is empty")
    try:
        data = json.loads(raw.decode("utf-8", errors="replace"))
    except json.JSONDecodeError as exc:
        raise ValueError(
            f"the file is not a notebook (invalid JSON at line {exc.lineno})"
        ) from None
    if not isinstance(data, dict) or "cells" not in data:
        raise ValueError("the file is not a notebook (no cells)")
    try:
        nb = nbformat.reads(json.dumps(data), as_version=4)
    except Exception as exc:  # nbformat raises a variety of errors for malformed notebooks
        raise ValueError(
            f"the file is not a readable notebook ({exc.__class__.__name__})"
        ) from None
    for cell in nb.cells:
        if "cell_type" not in cell or "source" not in cell:
            raise ValueError("the notebook has malformed cells")
        if isinstance(cell.source, list):
            cell.source = "".join(cell.source)
    return nb


def _grade_id(cell) -> str | None:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def restore_missing_cells(nb, released) -> list[str]:
    """Put back quiz cells the learner deleted, in their place; return their grade ids.

    Cells come from the released notebook (answer cells as unanswered stubs). A restored
    check cell is then overwritten with the trainer's version by ``OverwriteCells``.
    """
    present = {_grade_id(c) for c in nb.cells if _grade_id(c)}
    restored = []
    for index, cell in enumerate(released.cells):
        gid = _grade_id(cell)
        if not gid or gid in present:
            continue
        # insert after the nearest earlier released cell that the submission has
        position = 0
        for earlier in reversed(released.cells[:index]):
            egid = _grade_id(earlier)
            if egid in present:
                position = next(i for i, c in enumerate(nb.cells) if _grade_id(c) == egid) + 1
                break
        import copy

        nb.cells.insert(position, copy.deepcopy(cell))
        present.add(gid)
        restored.append(gid)
    return restored


def prepare(settings: Settings, quiz: str, student: str, released, work_path: Path):
    """Stage 1 for one learner: returns (problems, notebook ready to run) or raises ValueError."""
    import nbformat
    from nbgrader.preprocessors import (
        CheckCellMetadata,
        ClearOutput,
        DeduplicateIds,
        OverwriteCells,
        OverwriteKernelspec,
    )

    submitted = settings.course_dir / "submitted" / student / quiz / f"{quiz}.ipynb"
    nb = read_submission(submitted)
    problems = []
    resources = _resources(settings, quiz, student)
    nb, resources = ClearOutput(config=settings.config).preprocess(nb, resources)
    nb, resources = DeduplicateIds(config=settings.config).preprocess(nb, resources)
    restored = restore_missing_cells(nb, released)
    if restored:
        problems.append("deleted quiz cell(s) put back: " + ", ".join(restored))
    released_locked = {
        _grade_id(c): c.source.rstrip()
        for c in released.cells
        if c.get("metadata", {}).get("nbgrader", {}).get("locked")
    }
    edited = sorted(
        _grade_id(c)
        for c in nb.cells
        if _grade_id(c) in released_locked
        and _grade_id(c) not in restored
        and c.source.rstrip() != released_locked[_grade_id(c)]
    )
    with _QuietNbgraderLog():
        nb, resources = OverwriteKernelspec(config=settings.config).preprocess(nb, resources)
        nb, resources = OverwriteCells(config=settings.config).preprocess(nb, resources)
    if edited:
        problems.append("edited locked cell(s) put back as released: " + ", ".join(edited))
    extra = code_beyond_answers(nb)
    if extra:
        problems.append(
            "code other than the answers (it ran with the checks; look at it): " + ", ".join(extra)
        )
    try:
        nb, resources = CheckCellMetadata(config=settings.config).preprocess(nb, resources)
    except Exception as exc:
        raise ValueError(f"the quiz cells' metadata is damaged ({exc})") from None
    work_path.write_text(nbformat.writes(nb), encoding="utf-8")
    return problems


class _QuietNbgraderLog:
    """Silence nbgrader's per-cell warnings (we report edits ourselves; see nbgrader #1961)."""

    def __enter__(self):
        import logging

        self._logger = logging.getLogger("traitlets")
        self._level = self._logger.level
        self._logger.setLevel(logging.ERROR)

    def __exit__(self, *exc):
        self._logger.setLevel(self._level)


# --------------------------------------------------------------------------- stage 2: execute


def limit_outputs(nb, max_chars: int = MAX_OUTPUT_CHARS, total: int = MAX_NOTEBOOK_OUTPUT_CHARS):
    """Cut every text output to ``max_chars`` and drop outputs past ``total``; return the number
    of characters removed."""
    removed = 0
    budget = total
    for cell in nb.cells:
        if cell.get("cell_type") != "code":
            continue
        kept = []
        for output in cell.get("outputs", []):
            size = len(json.dumps(output))
            if size <= min(max_chars, budget):
                budget -= size
                kept.append(output)
                continue
            note = f"\n... output cut by the grader ({size:,} characters) ..."
            if output.get("output_type") == "stream":
                keep = max(0, min(max_chars, budget) - 200)
                removed += len(output["text"]) - keep
                output["text"] = output["text"][:keep] + note
            elif output.get("output_type") == "error":
                output["traceback"] = [t[:2000] for t in output.get("traceback", [])[-20:]]
                output["evalue"] = str(output.get("evalue", ""))[:2000]
            else:
                data = output.get("data", {})
                text = str(data.get("text/plain", ""))
                removed += size
                output["data"] = {"text/plain": text[:200] + note} if text else {"text/plain": note}
                output.pop("metadata", None)
                output["metadata"] = {}
            budget = max(0, budget - len(json.dumps(output)))
            kept.append(output)
        cell["outputs"] = kept
    return removed


def _execute_worker(work_path: str, result_path: str, cwd: str, cell_timeout: int) -> None:
    """Run in a forked process: execute one notebook, write it (or the error) as JSON."""
    import nbformat
    from nbclient import NotebookClient

    pid_path = result_path + ".kernel"
    status: dict = {"ok": False}
    try:
        os.environ["NBGRADER_EXECUTION"] = "autograde"
        nb = nbformat.read(work_path, as_version=4)
        client = NotebookClient(
            nb,
            timeout=cell_timeout,
            interrupt_on_timeout=True,
            allow_errors=True,
            raise_on_iopub_timeout=True,
            shutdown_kernel="immediate",
            record_timing=False,
            kernel_name="python3",
            resources={"metadata": {"path": cwd}},
            extra_arguments=["--HistoryManager.hist_file=:memory:"],
            error_on_timeout={
                "ename": "CellTimeoutError",
                "evalue": f"the cell ran longer than {cell_timeout} s and was stopped",
                "traceback": [
                    f"\x1b[0;31mCellTimeoutError\x1b[0m: the cell ran longer than "
                    f"{cell_timeout} s and was stopped"
                ],
            },
        )

        def _note_kernel(**_kwargs):
            try:
                Path(pid_path).write_text(str(client.km.provisioner.pid))
            except Exception:
                pass

        def _record_error(cell, execute_reply, **_kwargs):
            # as nbgrader's Execute: a timeout reply has no error output of its own
            content = execute_reply["content"]
            if content.get("status") == "error" and not any(
                o.get("output_type") == "error" and o.get("ename") == content.get("ename")
                for o in cell.outputs
            ):
                cell.outputs.append(
                    nbformat.v4.new_output(
                        "error",
                        ename=content.get("ename", "Error"),
                        evalue=content.get("evalue", ""),
                        traceback=content.get("traceback") or ["(no traceback)"],
                    )
                )

        client.on_notebook_start = _note_kernel
        client.on_cell_executed = _record_error
        client.execute(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        status["truncated"] = limit_outputs(nb)
        status["ok"] = True
        nbformat.write(nb, result_path + ".ipynb")
    except Exception as exc:  # kernel died, could not start, ...
        status["error"] = f"{type(exc).__name__}: {str(exc)[:300]}"
    Path(result_path + ".json").write_text(json.dumps(status))


@dataclass
class _Job:
    student: str
    work_path: Path
    result_path: Path
    cwd: Path
    problems: list[str]
    started: float = 0.0
    process: object = None


def _kill_job(job: _Job) -> None:
    pid_file = Path(str(job.result_path) + ".kernel")
    if pid_file.exists():
        try:
            os.killpg(int(pid_file.read_text()), signal.SIGKILL)
        except (ValueError, ProcessLookupError, PermissionError):
            pass
    if job.process is not None and job.process.is_alive():
        job.process.kill()
        job.process.join(5)


# --------------------------------------------------------------------------- stage 3: save


def _previous_manual(settings: Settings, quiz: str, student: str) -> dict[str, tuple]:
    """grade id -> (manual score, needs_manual_grade, auto score) before re-grading."""
    from nbgrader.api import MissingEntry

    with _gradebook(settings.db_url) as gb:
        try:
            submission = gb.find_submission_notebook(quiz, quiz, student)
        except MissingEntry:
            return {}
        return {
            g.name: (g.manual_score, g.needs_manual_grade, g.auto_score) for g in submission.grades
        }


def _answer_sources(nb) -> dict[str, str]:
    return {_grade_id(c): c.source for c in nb.cells if _grade_id(c)} if nb is not None else {}


def save(
    settings: Settings, quiz: str, student: str, nb, previous_nb, problems: list[str] | None = None
) -> tuple[float, float]:
    """Stage 3: save grades to the gradebook (keeping manual scores) and write the notebook.

    When the learner's notebook ran code beyond their answers, that code could have changed how
    the checks marked; the auto scores are then replaced by what the typed answers alone earn
    (:func:`trusted_scores`) and ``problems`` says which changed.
    """
    import nbformat
    from nbgrader.preprocessors import (
        AssignLatePenalties,
        CheckCellMetadata,
        LimitOutput,
        SaveAutoGrades,
    )

    resources = _resources(settings, quiz, student)
    before = _previous_manual(settings, quiz, student)
    limiter = LimitOutput(config=settings.config)
    nb, resources = limiter.preprocess(nb, resources)
    with _QuietNbgraderLog():
        nb, resources = SaveAutoGrades(config=settings.config).preprocess(nb, resources)
        nb, resources = AssignLatePenalties(config=settings.config).preprocess(nb, resources)
        nb, resources = CheckCellMetadata(config=settings.config).preprocess(nb, resources)
    old_sources = _answer_sources(previous_nb)
    new_sources = _answer_sources(nb)
    trusted = {}
    if code_beyond_answers(nb):
        source_path = settings.course_dir / "source" / quiz / f"{quiz}.ipynb"
        trusted = trusted_scores(nb, hidden_keys(nbformat.read(source_path, as_version=4)))
    corrected = []
    with _gradebook(settings.db_url) as gb:
        submission = gb.find_submission_notebook(quiz, quiz, student)
        for grade in submission.grades:
            if grade.name in trusted and abs((grade.auto_score or 0) - trusted[grade.name]) > 1e-6:
                corrected.append(
                    f"{grade.name} {grade.auto_score or 0:g} -> {trusted[grade.name]:g}"
                )
                grade.auto_score = trusted[grade.name]
        for grade in submission.grades:
            manual, needed, auto = before.get(grade.name, (None, True, None))
            unchanged = old_sources.get(grade.name) == new_sources.get(grade.name)
            if (
                grade.manual_score is not None
                and not needed
                and unchanged
                and (grade.auto_score == auto)
            ):
                grade.needs_manual_grade = False
        gb.db.commit()
        score, max_score = submission.score, submission.max_score
    if corrected and problems is not None:
        problems.append(
            "the checks did not mark as the typed answers earn, so the typed answers' marks "
            "were kept: " + ", ".join(corrected)
        )
    dest = settings.course_dir / "autograded" / student / quiz
    dest.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, dest / f"{quiz}.ipynb")
    return float(score), float(max_score)


# --------------------------------------------------------------------------- the cohort


def submitted_students(course_dir: str | Path, quiz: str) -> list[str]:
    """Learners with a folder for ``quiz`` under ``submitted/``."""
    root = Path(course_dir) / "submitted"
    return sorted(p.parent.name for p in root.glob(f"*/{quiz}") if p.is_dir())


def _released_notebook(settings: Settings, quiz: str):
    import nbformat

    path = settings.course_dir / "release" / quiz / f"{quiz}.ipynb"
    if not path.exists():
        raise FileNotFoundError(
            f"{path} does not exist: release the quiz first (bonecourse quiz release {quiz})"
        )
    return nbformat.read(path, as_version=4)


def _timeouts(nb) -> list[str]:
    cells = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error" and output.get("ename") in _TIMEOUT_ERRORS:
                cells.append(_grade_id(cell) or f"cell {nb.cells.index(cell) + 1}")
                break
    return cells


def autograde_cohort(
    course_dir: str | Path,
    quiz: str,
    *,
    students: Iterable[str] | None = None,
    workers: int | None = None,
    cell_timeout: int | None = None,
    submission_timeout: float | None = None,
    progress: bool | Callable[[Outcome], None] = True,
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
        Seconds a whole submission may take before its kernel is killed
        (default: cell timeout x (code cells + 2) + 30).
    progress
        Show a tqdm progress bar (``True``), nothing (``False``), or call this per learner.
    """
    import multiprocessing
    import multiprocessing.connection
    import warnings

    from nbgrader.api import MissingEntry

    warnings.filterwarnings("ignore", message=".*not in session.*")  # nbgrader + SQLAlchemy 2
    started = time.perf_counter()
    settings = load_settings(course_dir, cell_timeout)
    released = _released_notebook(settings, quiz)
    names = sorted(students) if students is not None else submitted_students(course_dir, quiz)
    workers = max(1, workers or os.cpu_count() or 1)
    n_code = sum(1 for c in released.cells if c.cell_type == "code")
    hard_limit = submission_timeout or settings.cell_timeout * (n_code + 2) + 30

    bar = None
    if progress is True:
        from tqdm import tqdm

        tqdm.monitor_interval = 0  # no monitor thread: we fork workers
        bar = tqdm(total=len(names), desc=f"Grading {quiz}", unit="notebook")
    outcomes: dict[str, Outcome] = {}

    def finish(outcome: Outcome) -> None:
        outcomes[outcome.student] = outcome
        if bar is not None:
            bar.update(1)
            n_problems = sum(1 for o in outcomes.values() if o.problems)
            if n_problems:
                bar.set_postfix_str(f"{n_problems} with problems")
        elif callable(progress):
            progress(outcome)

    work_dir = Path(tempfile.mkdtemp(prefix=f"bonecourse-grade-{quiz}-"))
    ctx = multiprocessing.get_context("fork")
    pending = list(names)
    ready: list[_Job] = []  # prepared, waiting for a worker
    running: list[_Job] = []
    try:
        with shared_gradebook(settings.db_url) as gb:
            try:
                gb.find_assignment(quiz)
            except MissingEntry:
                raise ValueError(
                    f"{quiz} is not in the gradebook: run bonecourse quiz release {quiz}"
                ) from None
            # The main process prepares and saves (one gradebook writer); forked workers run
            # kernels. Preparing one job ahead keeps every worker busy.
            while pending or ready or running:
                while ready and len(running) < workers:
                    job = ready.pop(0)
                    job.process = ctx.Process(
                        target=_execute_worker,
                        args=(
                            str(job.work_path),
                            str(job.result_path),
                            str(job.cwd),
                            settings.cell_timeout,
                        ),
                        daemon=True,
                    )
                    job.started = time.perf_counter()
                    job.process.start()
                    running.append(job)
                if pending and len(ready) < workers:
                    job = _prepare_job(settings, quiz, pending.pop(0), released, work_dir, finish)
                    if job is not None:
                        ready.append(job)
                    continue
                if running:
                    multiprocessing.connection.wait(
                        [j.process.sentinel for j in running], timeout=0.5
                    )
                for job in list(running):
                    overdue = time.perf_counter() - job.started > hard_limit
                    if job.process.is_alive() and not overdue:
                        continue
                    if job.process.is_alive():
                        _kill_job(job)
                        job.problems.append(
                            f"did not finish within {hard_limit:.0f} s; the kernel was stopped "
                            "(not graded)"
                        )
                    running.remove(job)
                    finish(_collect(settings, quiz, job))
    finally:
        for job in running:
            if job.process is not None and job.process.is_alive():
                _kill_job(job)
        if bar is not None:
            bar.close()
        shutil.rmtree(work_dir, ignore_errors=True)

    report = CohortReport(
        quiz,
        [outcomes[s] for s in names if s in outcomes],
        time.perf_counter() - started,
        workers,
    )
    path = report_path(course_dir, quiz)
    path.parent.mkdir(parents=True, exist_ok=True)
    previous = load_report(course_dir, quiz)
    if previous is not None and students is not None:
        merged = {o.student: o for o in previous.outcomes}
        merged.update({o.student: o for o in report.outcomes})
        stored = CohortReport(quiz, [merged[s] for s in sorted(merged)], report.seconds, workers)
    else:
        stored = report
    path.write_text(json.dumps(stored.to_json(), indent=1), encoding="utf-8")
    return report


def _prepare_job(settings, quiz, student, released, work_dir, finish) -> _Job | None:
    """Stage 1 for one learner; a problem that stops grading is reported through ``finish``."""
    t0 = time.perf_counter()
    work_path = work_dir / f"{student}.ipynb"
    try:
        with _gradebook(settings.db_url) as gb:
            gb.update_or_create_student(student)
        problems = prepare(settings, quiz, student, released, work_path)
        timestamp = _timestamp(settings, quiz, student)
        with _gradebook(settings.db_url) as gb:
            if timestamp:
                gb.update_or_create_submission(quiz, student, timestamp=timestamp)
            else:
                gb.update_or_create_submission(quiz, student)
        dest = settings.course_dir / "autograded" / student / quiz
        dest.mkdir(parents=True, exist_ok=True)
        src = settings.course_dir / "submitted" / student / quiz
        for extra in src.iterdir():
            if extra.is_file() and extra.suffix != ".ipynb":
                shutil.copy(extra, dest / extra.name)
    except ValueError as exc:
        finish(
            Outcome(
                student,
                problems=[f"{exc}: not graded (an earlier grade, if any, is kept)"],
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
    return _Job(student, work_path, work_dir / student, dest, problems)


class _KeepOpen:
    """A gradebook that ``with`` does not close (nbgrader's preprocessors open and close one per
    notebook, about 0.1 s each: for a cohort the grading process would wait on that)."""

    def __init__(self, gradebook):
        self._gb = gradebook

    def __getattr__(self, name):
        return getattr(self._gb, name)

    def __enter__(self):
        return self._gb

    def __exit__(self, exc_type, *exc):
        if exc_type is not None:
            self._gb.db.rollback()
        return False


_SHARED: dict[str, object] = {}


def _gradebook(db_url: str):
    """The run's shared gradebook if one is open, else a new connection."""
    from nbgrader.api import Gradebook

    shared = _SHARED.get(db_url)
    return _KeepOpen(shared) if shared is not None else Gradebook(db_url)


@contextmanager
def shared_gradebook(db_url: str):
    """One gradebook connection for a whole run, also for nbgrader's own preprocessors."""
    import nbgrader.preprocessors.latesubmissions as late
    import nbgrader.preprocessors.overwritecells as overwrite
    import nbgrader.preprocessors.saveautogrades as save_grades
    from nbgrader.api import Gradebook

    gradebook = Gradebook(db_url)
    _SHARED[db_url] = gradebook
    modules = (late, overwrite, save_grades)
    originals = {m: m.Gradebook for m in modules}
    for module in modules:
        module.Gradebook = lambda url, *args, **kwargs: _gradebook(url)
    try:
        yield gradebook
    finally:
        for module, original in originals.items():
            module.Gradebook = original
        _SHARED.pop(db_url, None)
        gradebook.close()


def _timestamp(settings: Settings, quiz: str, student: str):
    from nbgrader.coursedir import CourseDirectory

    coursedir = CourseDirectory(root=str(settings.course_dir))
    return coursedir.get_existing_timestamp(str(settings.course_dir / "submitted" / student / quiz))


def _collect(settings: Settings, quiz: str, job: _Job) -> Outcome:
    """Read a worker's result and save it; any failure becomes a named problem."""
    import nbformat

    outcome = Outcome(job.student, problems=list(job.problems))
    status_file = Path(str(job.result_path) + ".json")
    try:
        status = json.loads(status_file.read_text()) if status_file.exists() else {}
        if not status.get("ok"):
            if not any("did not finish" in p for p in outcome.problems):
                why = status.get("error") or "the grading process stopped unexpectedly"
                outcome.problems.append(f"could not run the notebook: {why} (not graded)")
            return outcome
        nb = nbformat.read(str(job.result_path) + ".ipynb", as_version=4)
        timed_out = _timeouts(nb)
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
            settings, quiz, job.student, nb, previous_nb, outcome.problems
        )
    except Exception as exc:  # never let one learner stop the cohort
        outcome.problems.append(f"could not save the grade: {type(exc).__name__}: {exc}")
    finally:
        outcome.seconds = time.perf_counter() - job.started
    return outcome
