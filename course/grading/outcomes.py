"""Each learner's outcome of an autograde run, and the run's report kept beside the grades.

:func:`course.grading.autograde.autograde_cohort` makes a :class:`CohortReport`; it is saved to
``autograded/.bonecourse/<quiz>.json`` (:func:`store_report`), which feedback, the grades CSV
and item analysis read back (:func:`load_report`).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

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


def store_report(course_dir: str | Path, report: CohortReport, merge: bool) -> None:
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
