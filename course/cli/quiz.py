"""The trainers' commands: ``quiz``, ``present``, ``export`` and ``workshop``.

``quiz`` runs the graded-quiz workflow, from the bank to an item-analysis report (see
:data:`QUIZ_DESCRIPTION`); ``present`` serves a module through Voila for projecting;
``export`` writes the question bank as Moodle XML, GIFT or an Anki deck; ``workshop`` runs a
workshop on JupyterHub (``setup``, ``up``, ``down``, ``status``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
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

#: the file ending of each export format
EXTENSIONS = {"moodle": ".xml", "gift": ".gift.txt", "anki": ".apkg"}

#: ``bonecourse workshop --help``: where the settings come from
WORKSHOP_DESCRIPTION = (
    "Run a workshop on JupyterHub on this machine (as root). Settings come from "
    "BONECOURSE_WORKSHOP_RUNTIME (default /srv/bonecourse), BONECOURSE_WORKSHOP_STATE, "
    "BONECOURSE_WORKSHOP_IP (default 127.0.0.1; 0.0.0.0 to serve the room), "
    "BONECOURSE_WORKSHOP_PORT (8000) and BONECOURSE_WORKSHOP_TRAINERS (comma-separated user "
    "names; default 'trainer')."
)


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


def _trainer_bank(folders: list[str] | None):
    """The bank exports read.

    The folders given, or the trainer's whole bank (practice and assessment items).
    """
    from course.questions.bank import load_bank, trainer_bank

    return load_bank(*folders) if folders else trainer_bank()


def _bank_export(args: argparse.Namespace) -> int:
    from course.questions.exports import EXPORT_SEED, locale_problems, select_items

    bank = _trainer_bank(args.bank)
    use = args.use or ("practice" if args.format == "anki" else "all")
    items = select_items(bank, args.module, use)
    if not items:
        print(f"No {use} questions to export{' for module ' + args.module if args.module else ''}.")
        return 1
    titles = {name: f"{name[:2]} {m.title}" for name, m in bank.modules.items()}
    parts = ["bone-secondaries", args.module or "all-modules"] + ([use] if use != "all" else [])
    out = Path(args.output or "-".join(parts) + EXTENSIONS[args.format])
    seed = None if args.seed == "none" else (args.seed or EXPORT_SEED)
    notes = []
    if args.format == "moodle":
        from course.questions.exports.moodle import write_moodle_xml

        write_moodle_xml(items, out, titles, seed)
    elif args.format == "gift":
        from course.questions.exports.gift import weights_note, write_gift

        write_gift(items, out, titles, seed)
        notes.append(weights_note(items))
    else:
        from course.questions.exports.anki import write_anki

        write_anki(items, out, seed=seed)
    kinds = sorted({i.type for i in items})
    which = "" if use == "all" else f" {use}"
    order = "in the bank's order" if seed is None else f"options shuffled with seed {seed!r}"
    print(f"Wrote {len(items)}{which} question(s) ({', '.join(kinds)}) to {out}, {order}.")
    problems = locale_problems(items)
    if problems:
        notes.append(
            "These questions still show a decimal comma, which an English-locale LMS reads "
            "as a thousands separator; reword them in the bank: " + "; ".join(problems)
        )
    for note in filter(None, notes):
        print(f"Note: {note}")
    if args.format == "anki" and use != "practice":
        print(
            "Note: this deck holds assessment questions with their answers; keep it from "
            "learners who will sit the graded quizzes."
        )
    return 0


def _module_notebook(name: str, part: int | None) -> Path:
    """The notebook ``present`` serves; a name or part that matches none is the user's to fix."""
    from course.delivery.voila import resolve_module

    try:
        return resolve_module(name, part=part)
    except ValueError as exc:  # resolve_module's documented "no such module (or part)"
        raise UserInputError(str(exc)) from None


def _parts_notice(source: Path) -> str | None:
    """For a module in parts: which part is presented and how to present the others."""
    from course.delivery.voila import other_parts
    from course.paths import module_of, part_of

    others = other_parts(source)
    if not others:
        return None
    number = module_of(source)[:2]
    rest = "; ".join(
        f"part {part_of(o)}: bonecourse present {number} --part {part_of(o)}" for o in others
    )
    return (
        f"Module {module_of(source)} comes in {len(others) + 1} parts; this is part "
        f"{part_of(source)}. For {rest}"
    )


def _present(args: argparse.Namespace) -> int:
    from course.delivery.voila import voila_command, write_all_presentations, write_presentation

    every = args.module == "all"
    part = args.part
    if part is not None and every:
        raise UserInputError("--part needs one module, not 'all'")
    notice = None if every else _parts_notice(_module_notebook(args.module, part))
    if notice:
        print(notice, flush=True)
    if args.output:
        if every:
            paths = write_all_presentations(Path(args.output), keep_prose=args.prose)
            print(f"Wrote {len(paths)} notebooks to {args.output}")
        else:
            path = write_presentation(
                args.module, Path(args.output), keep_prose=args.prose, part=part
            )
            print(f"Wrote {path}")
        return 0
    folder = Path(tempfile.mkdtemp(prefix="bonecourse-present-"))
    try:
        if every:
            write_all_presentations(folder, keep_prose=args.prose)
            target, what = folder, "every module (pick one from the list)"
        else:
            target = write_presentation(args.module, folder, keep_prose=args.prose, part=part)
            what = target.stem
        env = dict(os.environ, BONECOURSE_ROOT=str(course_root()))
        print(
            f"Presenting {what} at http://127.0.0.1:{args.port}/ (Ctrl+C to stop)",
            flush=True,
        )
        cmd = voila_command(target, args.port, not args.no_browser, args.dark)
        return subprocess.call(cmd, cwd=folder, env=env)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _workshop_settings():
    from course.delivery.hub.setup import WorkshopSettings

    return WorkshopSettings.from_env()


def _workshop_setup(args: argparse.Namespace) -> int:
    from course.delivery.hub.setup import setup

    settings = _workshop_settings()
    setup(settings)
    print(f"Workshop ready to start: runtime {settings.runtime}")
    return 0


def _workshop_up(args: argparse.Namespace) -> int:
    from course.delivery.hub.setup import up

    up(_workshop_settings())
    return 0


def _workshop_down(args: argparse.Namespace) -> int:
    from course.delivery.hub.setup import down

    down(_workshop_settings())
    return 0


def _workshop_status(args: argparse.Namespace) -> int:
    from course.delivery.hub.setup import _hub_alive

    settings = _workshop_settings()
    pid = _hub_alive(settings)
    print(f"running (pid {pid}) at {settings.url}" if pid else "not running")
    return 0 if pid else 3


def register(sub: argparse._SubParsersAction) -> None:
    """Add the trainers' commands (quiz, present, export, workshop) to ``bonecourse``."""
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

    p = sub.add_parser(
        "present",
        help="serve a module's diagrams and self-checks through Voila for projecting, code hidden",
        description="Serve one module through Voila for projecting in a workshop: code hidden, "
        "prose reduced to headings and activity labels (unless --prose), large type.",
    )
    p.add_argument(
        "module", help="module notebook, e.g. 00_start_here or 00; 'all' lists every module"
    )
    p.add_argument(
        "--part",
        type=int,
        metavar="K",
        help="for a module in parts, present part K (default: part 1)",
    )
    p.add_argument("--port", type=int, default=8866, help="port on 127.0.0.1 (default 8866)")
    p.add_argument("--prose", action="store_true", help="keep the full text of the module")
    p.add_argument("--dark", action="store_true", help="dark theme (for a dim room)")
    p.add_argument("--no-browser", action="store_true", help="do not open a browser")
    p.add_argument(
        "--output",
        "-o",
        metavar="PATH",
        help="write the presentation notebook(s) here instead of serving",
    )
    p.set_defaults(func=_present)

    p = sub.add_parser("export", help="the question bank as Moodle XML, GIFT or an Anki deck")
    p.add_argument("format", choices=sorted(EXTENSIONS), help="moodle, gift or anki")
    p.add_argument("--module", "-m", help="one module, e.g. 05 (default: all)")
    p.add_argument(
        "--use",
        choices=["practice", "assessment", "all"],
        help="which items (default: all; anki: practice, so no quiz answers leak)",
    )
    p.add_argument("--output", "-o", help="file to write")
    p.add_argument(
        "--bank",
        action="append",
        help="bank folder; repeat for several (default: the trainer's whole bank, practice "
        "items from assets/bank and assessment items from quizzes/bank)",
    )
    p.add_argument(
        "--seed",
        help="option-order seed, recorded in the file (default: a fixed course seed, so the "
        "same bank always gives the same file; 'none' keeps the bank's order)",
    )
    p.set_defaults(func=_bank_export)

    p = sub.add_parser(
        "workshop",
        help="run a workshop on JupyterHub: setup, up, down, status (as root)",
        description=WORKSHOP_DESCRIPTION,
    )
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    q = actions.add_parser("setup", help="prepare the machine: users, proxy, course copy")
    q.set_defaults(func=_workshop_setup)
    q = actions.add_parser("up", help="start the hub in the background (setup first if needed)")
    q.set_defaults(func=_workshop_up)
    q = actions.add_parser("down", help="stop the hub and every learner's server")
    q.set_defaults(func=_workshop_down)
    q = actions.add_parser("status", help="say whether the hub runs (exit 3 when it does not)")
    q.set_defaults(func=_workshop_status)
