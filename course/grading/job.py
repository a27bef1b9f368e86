"""One learner's submission through the autograde stages: prepare, run, mark and save.

:func:`course.grading.autograde.autograde_cohort` keeps several :class:`Job` s going at once:
:func:`prepare_job` (stage 1, in the main process), :func:`start_run` and
:func:`finished_jobs` (stage 2, a sandbox each), and :func:`collect` (stage 3, marking and
saving in the main process). Any failure becomes a named problem of that learner's
:class:`~course.grading.outcomes.Outcome`; one learner never stops the cohort.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from course.grading.execute import ForkRun, timed_out_cells, write_run_copy
from course.grading.outcomes import Outcome
from course.grading.prepare import marking_path, prepare, submission_timestamp
from course.grading.sandbox import Limits, SandboxRun
from course.grading.save import save
from course.grading.settings import Settings, gradebook
from course.grading.text import text as quiz_text


@dataclass
class Job:
    """One learner's submission on its way through the stages: its files and its run."""

    student: str
    work_path: Path  # the trusted notebook, as prepared (never seen by the kernel)
    scratch: Path  # the sandbox's folder: the notebook to run, without hidden tests
    result_path: Path  # outputs and status, written by the executor only
    problems: list[str]
    started: float = 0.0
    run: SandboxRun | ForkRun | None = None


def prepare_job(settings, quiz, student, released, work_dir, finish) -> Job | None:
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
    return Job(student, work_path, scratch, work_dir / f"{student}.result.json", problems)


#: the largest result a run may return (bytes); outputs are cut well below this while it runs
_MAX_RESULT_BYTES = 64 * 1024**2


def collect(settings: Settings, quiz: str, job: Job) -> Outcome:
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


def start_run(job: Job, settings, quiz: str, limits: Limits, unsafe: bool) -> None:
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


def finished_jobs(running: list[Job], hard_limit: float) -> list[Job]:
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


def _stopped_why(job: Job) -> str:
    tail = job.run.log_tail() if job.run is not None else ""
    if tail:
        return quiz_text("autograde")["stopped"].format(line=tail.splitlines()[-1][:200])
    return quiz_text("autograde")["stopped_unexpectedly"]
