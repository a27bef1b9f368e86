"""Cohort autograding: ``bonecourse quiz autograde`` against ``nbgrader autograde``, same run.

A seeded synthetic cohort (default 60 learners, typical answers, no broken files) of one quiz is
graded three times, in three copies of a temporary course folder: by our command with each
submission in its own sandbox (every core), by our command without a sandbox (``--unsafe``,
every core) and by ``nbgrader autograde`` (serial, as nbgrader runs). Our two gradebooks must
agree learner by learner (the sandbox changes nothing but safety), and with nbgrader's where
nbgrader can mark the quiz itself (quizzes whose answers are saved by clicking are marked by our
grader only, so nbgrader's own scores are not compared for them). Also measured: the kernel
floor (an empty notebook executed by nbclient, median of several runs).

Prints ``BENCH <name> value=<v> baseline=<b> ratio=<r> unit=<u>`` lines: wall-clock time for
the cohort against serial nbgrader (target ratio at most 0.5 on 2 cores), the sandbox's cost
per submission beside the unsandboxed run, per submission beside the kernel floor, and CPU
time per submission of the unsandboxed run (this process, its workers and kernels), which
other load on a shared machine disturbs less than wall-clock time.

Usage: ``python bench/bench_autograde.py [--learners 60] [--quiz quiz_00_start_here]``
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("BONECOURSE_PROGRESS", os.devnull)


def kernel_floor(repeats: int) -> float:
    """Median seconds for nbclient to start a kernel, run an empty notebook and stop."""
    import nbformat
    from nbclient import NotebookClient

    times = []
    for _ in range(repeats):
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_code_cell("")]
        start = time.perf_counter()
        NotebookClient(nb, timeout=60, kernel_name="python3", shutdown_kernel="immediate").execute()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def cpu_seconds() -> float:
    """CPU time (user + system) of this process and its finished children (workers, kernels)."""
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def make_course(parent: Path, name: str, quiz: str) -> Path:
    course = parent / name
    course.mkdir()
    shutil.copy(ROOT / "quizzes" / "nbgrader_config.py", course)
    shutil.copytree(ROOT / "quizzes" / "source" / quiz, course / "source" / quiz)
    if (ROOT / "quizzes" / "bank").is_dir():  # the trainer's bank: the keys
        shutil.copytree(ROOT / "quizzes" / "bank", course / "bank")
    return course


def scores(course: Path, quiz: str) -> dict[str, float]:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        return {s.student.id: round(float(s.score), 4) for s in gb.notebook_submissions(quiz, quiz)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--learners", type=int, default=60)
    parser.add_argument("--quiz", default="quiz_00_start_here")
    parser.add_argument("--floor-repeats", type=int, default=5)
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args()

    from course.grading.autograde import autograde_cohort
    from course.grading.build import quiz_items
    from course.grading.cohort import import_submissions
    from course.grading.release import release_quiz
    from course.grading.synthetic import write_cohort
    from course.questions.bank import trainer_bank

    module = args.quiz.removeprefix("quiz_")
    items = quiz_items(trainer_bank(ROOT / "quizzes"), module)
    with tempfile.TemporaryDirectory(prefix="bench-autograde-") as tmp:
        tmp = Path(tmp)
        sandboxed = make_course(tmp, "sandboxed", args.quiz)
        unsafe = make_course(tmp, "unsafe", args.quiz)
        theirs = make_course(tmp, "nbgrader", args.quiz)
        released = release_quiz(sandboxed, args.quiz)
        release_quiz(unsafe, args.quiz)
        release_quiz(theirs, args.quiz)
        write_cohort(released, items, tmp / "cohort", n=args.learners, seed=3, bad_cases=())
        for course in (sandboxed, unsafe, theirs):
            import_submissions(tmp / "cohort", course, args.quiz)

        floor = kernel_floor(args.floor_repeats)

        def ours(course: Path, unsafe_run: bool) -> tuple[float, float, int]:
            cpu0 = cpu_seconds()
            start = time.perf_counter()
            report = autograde_cohort(
                course, args.quiz, workers=args.workers, progress=False, unsafe=unsafe_run
            )
            return time.perf_counter() - start, cpu_seconds() - cpu0, report.workers

        box_s, _, workers = ours(sandboxed, False)
        bare_s, bare_cpu, _ = ours(unsafe, True)

        env = dict(os.environ)
        env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
        cpu0 = cpu_seconds()
        start = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "nbgrader", "autograde", args.quiz, "--force"],
            cwd=theirs,
            capture_output=True,
            text=True,
            env=env,
        )
        theirs_s = time.perf_counter() - start
        theirs_cpu = cpu_seconds() - cpu0
        if proc.returncode != 0:
            print(proc.stdout[-2000:], proc.stderr[-2000:], file=sys.stderr)
            return 1

        a, b = scores(sandboxed, args.quiz), scores(unsafe, args.quiz)
        disagree = sorted(s for s in set(a) | set(b) if a.get(s) != b.get(s))
        import nbformat

        saved = (
            nbformat.read(released, as_version=4).metadata.get("bonecourse", {}).get("answers")
            == "saved"
        )
        c = scores(theirs, args.quiz)
        n_theirs = len(c)
        nbgrader_disagree = (
            [] if saved else sorted(s for s in set(a) | set(c) if a.get(s) != c.get(s))
        )
        n = args.learners
        print(
            f"# {n} learners, quiz {args.quiz} ({len(items)} items), {os.cpu_count()} cores, "
            f"{workers} workers; load average {os.getloadavg()[0]:.1f}"
        )
        print(
            f"# sandboxed and unsandboxed gradebooks agree on every learner: {not disagree}"
            + (f" (differ: {', '.join(disagree[:5])})" if disagree else "")
        )
        print(
            f"# nbgrader graded {n_theirs} learners"
            + (
                " (answers saved by clicking: marked by our grader only, not compared)"
                if saved
                else f"; agrees with ours on every learner: {not nbgrader_disagree}"
            )
        )
        print(
            f"BENCH autograde_cohort value={box_s:.2f} baseline={theirs_s:.2f} "
            f"ratio={box_s / theirs_s:.3f} unit=s"
        )
        print(
            f"BENCH autograde_cohort_unsandboxed value={bare_s:.2f} baseline={theirs_s:.2f} "
            f"ratio={bare_s / theirs_s:.3f} unit=s"
        )
        print(
            f"BENCH sandbox_cost_per_submission value={(box_s - bare_s) / n * workers:.3f} "
            f"baseline={bare_s / n * workers:.3f} ratio={box_s / bare_s:.3f} unit=s"
        )
        print(
            f"BENCH autograde_per_submission value={box_s / n:.3f} baseline={floor:.3f} "
            f"ratio={box_s / n / floor:.3f} unit=s"
        )
        print(
            f"BENCH nbgrader_autograde_per_submission value={theirs_s / n:.3f} "
            f"baseline={floor:.3f} ratio={theirs_s / n / floor:.3f} unit=s"
        )
        # CPU time of the unsandboxed run: a sandbox's processes are not all counted as this
        # process's children, so its CPU time would read too low
        print(
            f"BENCH autograde_cpu_per_submission value={bare_cpu / n:.3f} "
            f"baseline={theirs_cpu / n:.3f} ratio={bare_cpu / theirs_cpu:.3f} unit=s"
        )
        return 1 if disagree or nbgrader_disagree else 0


if __name__ == "__main__":
    sys.exit(main())
