"""Release a quiz (nbgrader ``generate_assignment``, and to an exchange), collect, feedback.

These run nbgrader's own commands in the course directory, so ``nbgrader_config.py`` there
applies exactly as it does for a trainer typing them, and report nbgrader's log on failure.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from course.errors import ToolError


@dataclass
class NbgraderRun:
    """The result of one nbgrader command."""

    command: list[str]
    returncode: int
    log: str

    @property
    def ok(self) -> bool:
        """Whether nbgrader exited with status 0."""
        return self.returncode == 0


def run_nbgrader(
    course_dir: str | Path, *args: str, exchange: str | Path | None = None
) -> NbgraderRun:
    """Run ``nbgrader <args>`` in ``course_dir`` (optionally with an exchange directory)."""
    course_dir = Path(course_dir).resolve()
    if not (course_dir / "nbgrader_config.py").exists():
        raise FileNotFoundError(f"{course_dir}: no nbgrader_config.py (not a quiz course folder)")
    cmd = [sys.executable, "-m", "nbgrader", *args]
    if exchange is not None:
        Path(exchange).mkdir(parents=True, exist_ok=True)
        cmd.append(f"--Exchange.root={Path(exchange).resolve()}")
    # nbgrader runs `alembic` from PATH when it creates a gradebook: use this environment's
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    proc = subprocess.run(cmd, cwd=course_dir, capture_output=True, text=True, env=env)
    return NbgraderRun(cmd, proc.returncode, proc.stdout + proc.stderr)


def _check(run: NbgraderRun, what: str) -> NbgraderRun:
    if not run.ok:
        tail = "\n".join(run.log.strip().splitlines()[-15:])
        raise ToolError(f"{what} failed:\n{tail}")
    return run


def release_quiz(course_dir: str | Path, quiz: str, exchange: str | Path | None = None) -> Path:
    """Make the learners' copy of ``quiz`` (no solutions, no hidden tests).

    It is recorded in the gradebook; with ``exchange``, also released there for
    ``nbgrader fetch_assignment``.

    Returns
    -------
    Path
        The released notebook, ``release/<quiz>/<quiz>.ipynb``.
    """
    course_dir = Path(course_dir).resolve()
    source = course_dir / "source" / quiz / f"{quiz}.ipynb"
    if not source.exists():
        raise FileNotFoundError(
            f"{source} does not exist: build the quizzes first (bonecourse quiz build)"
        )
    _check(run_nbgrader(course_dir, "generate_assignment", quiz, "--force"), "generate_assignment")
    if exchange is not None:
        _check(
            run_nbgrader(course_dir, "release_assignment", quiz, "--force", exchange=exchange),
            "release_assignment",
        )
    return course_dir / "release" / quiz / f"{quiz}.ipynb"


def collect_quiz(course_dir: str | Path, quiz: str, exchange: str | Path) -> NbgraderRun:
    """Collect learners' submissions of ``quiz`` from an nbgrader exchange into ``submitted/``."""
    return _check(
        run_nbgrader(course_dir, "collect", quiz, "--update", exchange=exchange), "collect"
    )


def generate_feedback(
    course_dir: str | Path,
    quiz: str,
    student: str | None = None,
    exchange: str | Path | None = None,
    full_key: bool = False,
) -> list[Path]:
    """Write each learner's HTML feedback (``feedback/<student>/<quiz>/<quiz>.html``).

    The course's ``nbgrader_config.py`` removes hidden tests (and any output quoting them)
    from feedback. Each learner sees the feedback on what they chose and the explanation; with
    ``full_key`` (for example once the quiz has closed for everyone) also every option's verdict.
    With ``exchange``, the feedback is also released there.
    """
    args = ["generate_feedback", quiz, "--force"]
    if full_key:
        args.append("--QuizFeedback.full_key=True")
    if student:
        args.append(f"--student={student}")
    _check(run_nbgrader(course_dir, *args), "generate_feedback")
    if exchange is not None:
        extra = [f"--student={student}"] if student else []
        _check(
            run_nbgrader(course_dir, "release_feedback", quiz, *extra, exchange=exchange),
            "release_feedback",
        )
    root = Path(course_dir) / "feedback"
    return sorted(root.glob(f"{student or '*'}/{quiz}/*.html"))


def validate(course_dir: str | Path, notebook: str | Path) -> NbgraderRun:
    """``nbgrader validate`` one notebook (returns the run; ``ok`` is whether it passed)."""
    run = run_nbgrader(course_dir, "validate", str(Path(notebook).resolve()))
    passed = run.returncode == 0 and "Success! Your notebook passes all the tests." in run.log
    return NbgraderRun(run.command, 0 if passed else 1, run.log)
