"""The trainers' graded quizzes: ``bonecourse quiz build|release|import|autograde|...``.

The workflow runs from the bank to an item-analysis report (:data:`QUIZ_DESCRIPTION`); the
work itself is in :mod:`course.grading`. The trainers' other commands are in
:mod:`course.cli.trainer`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from course.errors import UserInputError
from course.paths import course_root, quizzes_dir

#: ``bonecourse quiz --help``: the workflow in order (plain text: it is printed as it is)
QUIZ_DESCRIPTION = """\
Graded quizzes for trainers, from the bank to an item-analysis report:

  bonecourse quiz build                       quiz notebooks from the bank (quizzes/source/)
  bonecourse quiz release 00                  the learners' copy (--exchange DIR: nbgrader's)
  bonecourse quiz import 00 cohort.zip        submissions from a folder or zip
  bonecourse quiz collect 00 --exchange DIR   ... or from nbgrader's exchange
  bonecourse quiz autograde 00                every core, each notebook in a sandbox, summary
  bonecourse quiz feedback 00                 HTML feedback without hidden tests or solutions
  bonecourse quiz export 00                   CSV for an LMS gradebook
  bonecourse quiz report 00                   item analysis: PNG plots and one HTML file

A quiz is named in full (quiz_00_start_here), by module (00_start_here) or by number (00).
--course DIR points at another nbgrader course folder (default: quizzes/).
"""


def resolve_quiz(course_dir: Path, name: str) -> str:
    """The full quiz name for ``00``, ``00_start_here`` or ``quiz_00_start_here``."""
    from course.grading.build import QUIZ_PREFIX

    source = course_dir / "source"
    known = sorted(p.name for p in source.glob(f"{QUIZ_PREFIX}*") if p.is_dir())
    for candidate in (name, f"{QUIZ_PREFIX}{name}"):
        if candidate in known:
            return candidate
    matches = [q for q in known if q.startswith(f"{QUIZ_PREFIX}{name}_")]
    if len(matches) == 1:
        return matches[0]
    raise UserInputError(
        f"no quiz {name!r} in {source}; the quizzes are: {', '.join(known) or 'none'} "
        "(bonecourse quiz build makes them)"
    )


def _course(args: argparse.Namespace) -> Path:
    return Path(args.course).resolve() if args.course else quizzes_dir()


def _build(args: argparse.Namespace) -> int:
    from course.grading.build import build_quizzes, stale_quizzes
    from course.questions.bank import BankError, load_bank, trainer_bank

    course = _course(args)
    if not course.is_dir():
        raise UserInputError(f"no course folder at {course}")
    try:
        bank = load_bank(args.bank) if args.bank else trainer_bank(course)
    except BankError as exc:
        print(exc, file=sys.stderr)
        return 1
    source = Path(args.source) if args.source else course / "source"
    if args.check:
        stale = stale_quizzes(bank, source)
        for line in stale:
            print(f"out of date: {line}")
        if stale:
            print("Run `bonecourse quiz build` and commit quizzes/source/.")
            return 1
        print("Quiz notebooks are up to date with the bank.")
        return 0
    for path in build_quizzes(bank, source):
        print(f"built {path}")
    return 0


def _release(args: argparse.Namespace) -> int:
    from course.grading.release import release_quiz

    course = _course(args)
    quiz = resolve_quiz(course, args.quiz)
    path = release_quiz(course, quiz, exchange=args.exchange)
    print(f"Released {quiz}: give learners {path}")
    if args.exchange:
        print(
            f"Also released to the exchange {args.exchange} (learners: nbgrader fetch_assignment)"
        )
    return 0


def _collect(args: argparse.Namespace) -> int:
    from course.grading.release import collect_quiz

    course = _course(args)
    quiz = resolve_quiz(course, args.quiz)
    collect_quiz(course, quiz, args.exchange)
    n = len(list((course / "submitted").glob(f"*/{quiz}")))
    print(f"Collected {quiz} from {args.exchange}: {n} submission(s) in {course / 'submitted'}")
    return 0


def _import(args: argparse.Namespace) -> int:
    from course.grading.cohort import import_submissions

    course = _course(args)
    quiz = resolve_quiz(course, args.quiz)
    report = import_submissions(args.path, course, quiz)
    print(report.summary())
    return 0


def _autograde(args: argparse.Namespace) -> int:
    from course.grading.autograde import UNSAFE_WARNING, autograde_cohort, report_path
    from course.grading.sandbox import SandboxUnavailableError

    course = _course(args)
    quiz = resolve_quiz(course, args.quiz)
    if args.unsafe:
        print(UNSAFE_WARNING, file=sys.stderr)
    try:
        report = autograde_cohort(
            course,
            quiz,
            students=args.student or None,
            workers=args.workers,
            cell_timeout=args.timeout,
            progress=not args.no_progress,
            unsafe=args.unsafe,
        )
    except SandboxUnavailableError as exc:
        print(f"bonecourse quiz autograde: nothing was graded. {exc}", file=sys.stderr)
        return 2
    print(report.summary())
    print(f"Report: {report_path(course, quiz)}")
    return 0 if len(report.graded) == len(report.outcomes) else 3


def _feedback(args: argparse.Namespace) -> int:
    from course.grading.feedback import generate_feedback

    course = _course(args)
    quiz = resolve_quiz(course, args.quiz)
    files = generate_feedback(
        course, quiz, args.student, exchange=args.exchange, full_key=args.full_key
    )
    print(f"Wrote {len(files)} feedback file(s) under {course / 'feedback'}")
    return 0


def _grades(args: argparse.Namespace) -> int:
    from course.grading.grade_export import export_grades

    course = _course(args)
    quiz = resolve_quiz(course, args.quiz)
    out = args.output or course_root() / "artifacts" / f"grades_{quiz}.csv"
    path = export_grades(course, quiz, out)
    print(f"Wrote {path}")
    return 0


def _report(args: argparse.Namespace) -> int:
    from course.grading.report import analyse_quiz, write_report
    from course.questions.bank import load_bank, trainer_bank

    course = _course(args)
    quiz = resolve_quiz(course, args.quiz)
    bank = load_bank(args.bank) if args.bank else trainer_bank(course)
    stats = analyse_quiz(course, quiz, bank)
    out = args.output or course_root() / "artifacts" / "item_analysis" / quiz
    path = write_report(stats, out)
    kr20 = "n/a" if stats.kr20 is None else f"{stats.kr20:.2f}"
    print(
        f"{quiz}: {stats.n_learners} learners, mean {stats.mean_score:.2f} of "
        f"{stats.max_score:g}, KR-20 {kr20}"
    )
    for line in stats.reteach():
        print("  " + line)
    print(f"Report: {path}")
    return 0


def _demo_cohort(args: argparse.Namespace) -> int:
    from course.grading.build import quiz_items
    from course.grading.synthetic import write_cohort
    from course.questions.bank import trainer_bank

    course = _course(args)
    quiz = resolve_quiz(course, args.quiz)
    released = course / "release" / quiz / f"{quiz}.ipynb"
    if not released.exists():
        raise FileNotFoundError(f"{released}: release the quiz first (bonecourse quiz release)")
    module = quiz.removeprefix("quiz_")
    kinds = write_cohort(
        released, quiz_items(trainer_bank(course), module), args.output, n=args.n, seed=args.seed
    )
    print(f"Wrote {len(kinds)} synthetic submissions to {args.output}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``bonecourse quiz`` and its actions (build, release, ... report) to ``bonecourse``."""
    quiz = sub.add_parser(
        "quiz",
        help="graded quizzes: build, release, import, autograde, feedback, export, report",
        description=QUIZ_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = quiz.add_subparsers(dest="action", metavar="ACTION", required=True)

    def add(name: str, func, help_text: str, with_quiz: bool = True) -> argparse.ArgumentParser:
        p = actions.add_parser(name, help=help_text, description=help_text)
        if with_quiz:
            p.add_argument("quiz", help="quiz name, module name or module number (e.g. 00)")
        p.add_argument("--course", help="nbgrader course folder (default: quizzes/)")
        p.set_defaults(func=func)
        return p

    p = add("build", _build, "build the quiz notebooks from the bank", with_quiz=False)
    p.add_argument("--check", action="store_true", help="only check they are up to date")
    p.add_argument("--bank", help="bank folder (default: quizzes/bank)")
    p.add_argument("--source", help="where to write (default: quizzes/source)")

    p = add("release", _release, "make the learners' copy (no solutions, no hidden tests)")
    p.add_argument("--exchange", help="also release to this nbgrader exchange folder")

    p = add("collect", _collect, "collect submissions from an nbgrader exchange folder")
    p.add_argument("--exchange", required=True, help="the nbgrader exchange folder")

    p = add("import", _import, "import submissions from a folder or a zip file")
    p.add_argument("path", help="folder or .zip of notebooks (one per learner)")

    p = add("autograde", _autograde, "grade every submission on every core")
    p.add_argument("--workers", type=int, help="notebooks run at once (default: cores)")
    p.add_argument("--timeout", type=int, help="seconds per cell (default: Execute.timeout)")
    p.add_argument("--student", action="append", help="only this learner (repeatable)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument(
        "--unsafe",
        action="store_true",
        help="run notebooks WITHOUT a sandbox, as you (only for notebooks you trust; "
        "for machines where bubblewrap cannot run)",
    )

    p = add("feedback", _feedback, "write each learner's HTML feedback")
    p.add_argument("--student", help="only this learner")
    p.add_argument("--exchange", help="also release the feedback to this exchange folder")
    p.add_argument(
        "--full-key",
        action="store_true",
        help="also show every option's verdict (for example once the quiz has closed for all)",
    )

    p = add("export", _grades, "write the grades as CSV for an LMS")
    p.add_argument("--output", "-o", help="CSV file (default: artifacts/grades_<quiz>.csv)")

    p = add("report", _report, "item analysis: PNG plots and an HTML report")
    p.add_argument("--output", "-o", help="folder (default: artifacts/item_analysis/<quiz>)")
    p.add_argument("--bank", help="bank folder (default: quizzes/bank)")

    p = add("demo-cohort", _demo_cohort, "write a synthetic cohort to try the workflow")
    p.add_argument("output", help="folder to write the submissions to")
    p.add_argument("--n", type=int, default=30, help="number of learners (default 30)")
    p.add_argument("--seed", type=int, default=7)
