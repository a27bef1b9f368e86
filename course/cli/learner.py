"""The learner's commands: ``lab``, ``progress``, ``review``, ``record`` and ``time``.

``lab`` opens the course in JupyterLab; ``progress where|export|reset`` looks after the file that
keeps the learner's answers; ``review`` lists what is due for spaced review (or writes it as an
Anki deck); ``record`` writes the printable learning record; ``time`` prints how long each module
takes to study.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from course.errors import UserInputError
from course.paths import course_root, notebooks_dir

#: the help of every ``--path`` option
PATH_HELP = "progress file (default: BONECOURSE_PROGRESS or your user data folder)"


def _day(text: str, example: str) -> date:
    """A day the learner typed, as YYYY-MM-DD; anything else is a one-line error."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UserInputError(
            f"{text!r} is not a date; write it as YYYY-MM-DD, e.g. {example}"
        ) from None


def _lab(args: argparse.Namespace) -> int:
    from course.delivery.lab import install_overrides

    install_overrides()
    cmd = [sys.executable, "-m", "jupyter", "lab", str(notebooks_dir() / "00_start_here.ipynb")]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    cmd += args.extra
    return subprocess.call(cmd, cwd=course_root())


def _progress_where(args: argparse.Namespace) -> int:
    print(_store(args.path).path)
    return 0


def _progress_export(args: argparse.Namespace) -> int:
    store = _store(args.path)
    out = args.output or f"bonecourse-progress.{args.format}"
    (store.export_csv if args.format == "csv" else store.export_json)(out)
    print(f"Wrote {store.count()} attempts to {out}")
    return 0


def _progress_reset(args: argparse.Namespace) -> int:
    store = _store(args.path)
    if not args.yes:
        print(
            "This deletes your recorded answers (a JSON backup is kept). "
            "Run again with --yes to go ahead."
        )
        return 1
    backup = store.reset()
    print(f"Progress reset. Backup: {backup}" if backup else "Progress reset (it was empty).")
    return 0


def _time(args: argparse.Namespace) -> int:
    from course.study_time import main as study_time_main

    return study_time_main(args.notebooks)


def _bank(folder: str | None):
    from course.questions.bank import default_bank, load_bank

    return load_bank(folder) if folder else default_bank()


def _store(path: str | None):
    from course.learner.store import ProgressStore, default_path

    return ProgressStore(path or default_path())


def _record(args: argparse.Namespace) -> int:
    from course.learner.record import build_record, default_record_path, write_record

    days = [_day(d, "2026-03-02") for d in args.participatory or ()]
    store = _store(args.path)
    record = build_record(store, _bank(args.bank), args.name or "", participatory_days=days)
    out = Path(args.output) if args.output else default_record_path(store)
    files = write_record(record, out, pdf=not args.no_pdf)
    print(files.message)
    return 0


def _review_deck(args: argparse.Namespace, bank, store) -> int:
    from course.learner.review_schedule import missed_and_due
    from course.questions.exports.anki import REVIEW_DECK_NAME, write_anki
    from course.questions.shuffle import learner_seed

    items = missed_and_due(store, bank, args.date)
    when = f"on {args.date}" if args.date else "today"
    if not items:
        print(f"Nothing to put in a review deck: no question was missed or is due {when}.")
        return 1
    out = Path(args.anki)
    write_anki(items, out, seed=args.seed or learner_seed(), review=True)
    print(
        f"Wrote {len(items)} question(s) you missed or that are due {when} to {out}. Import it "
        f"into Anki (File → Import): it becomes the deck '{REVIEW_DECK_NAME}' beside the course "
        "deck, and adds only these cards."
    )
    return 0


def _review(args: argparse.Namespace) -> int:
    from course.learner.review_schedule import due_on, schedule, upcoming

    if args.date:
        _day(args.date, "2026-03-01")  # a wrong date is the learner's to fix, not a bug
    bank = _bank(args.bank)
    store = _store(args.path)
    if args.anki:
        return _review_deck(args, bank, store)
    cards = schedule(store, bank)
    due = due_on(cards, args.date)
    when = f"on {args.date}" if args.date else "today"
    if not cards:
        print("Nothing to review yet: answer some self-checks in the modules first.")
        return 0
    if not due:
        print(f"Nothing is due {when}.")
    else:
        print(f"{len(due)} question(s) due {when} (open notebooks/my_progress.ipynb to review):")
        for card in due:
            flag = "  [red flag]" if card.red_flag else ""
            print(f"  {card.item_id}  due {card.due_date}  last: {card.last_rating}{flag}")
    soon = upcoming(cards, args.date, days=14)
    if soon:
        print("Coming up: " + ", ".join(f"{d:%a %d %b} ({n})" for d, n in soon))
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add the learner's commands (lab, progress, review, record, time) to ``bonecourse``."""
    p = sub.add_parser(
        "lab",
        help="open the course in JupyterLab on the Start Here notebook",
        description="Open the course in JupyterLab on the Start Here notebook. Any further "
        "options (for example --port 8890 --no-browser) go to jupyter lab.",
    )
    p.set_defaults(func=_lab, passthrough=True, extra=[])

    p = sub.add_parser(
        "progress",
        help="where your progress is kept; export it; reset it",
        description="Your answers to the self-checks are kept in one file on this computer.",
    )
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    q = actions.add_parser("where", help="print where the progress file is")
    q.add_argument("--path", help=PATH_HELP)
    q.set_defaults(func=_progress_where)
    q = actions.add_parser("export", help="save a copy of your answers as CSV or JSON")
    q.add_argument("--format", choices=["csv", "json"], default="csv", help="default: csv")
    q.add_argument(
        "--output", "-o", help="file to write (default: bonecourse-progress.csv or .json)"
    )
    q.add_argument("--path", help=PATH_HELP)
    q.set_defaults(func=_progress_export)
    q = actions.add_parser("reset", help="start again: delete your answers (a JSON backup is kept)")
    q.add_argument("--yes", action="store_true", help="confirm the reset")
    q.add_argument("--path", help=PATH_HELP)
    q.set_defaults(func=_progress_reset)

    p = sub.add_parser(
        "review",
        help="list the questions due for spaced review, or write them as an Anki deck (--anki)",
    )
    p.add_argument("--date", help="the day to check, YYYY-MM-DD (default: today, UTC)")
    p.add_argument(
        "--anki",
        metavar="FILE.apkg",
        help="write the questions you missed last time or that are due as an Anki deck of "
        "their own, which sits beside the course deck",
    )
    p.add_argument("--seed", help="option-order seed for the deck (default: your own)")
    p.add_argument("--path", help=PATH_HELP)
    p.add_argument("--bank", help="bank folder (default: the practice bank)")
    p.set_defaults(func=_review)

    p = sub.add_parser(
        "record",
        help="write your printable learning record (HTML, and PDF where a converter is available)",
    )
    p.add_argument("--name", help="your name, as it should appear on the record")
    p.add_argument("--output", "-o", help="HTML file to write (the PDF goes beside it)")
    p.add_argument("--no-pdf", action="store_true", help="write the HTML only")
    p.add_argument(
        "--participatory",
        metavar="YYYY-MM-DD",
        action="append",
        help="a day you learned with others (a workshop, a study group): that day's activities "
        "are recorded as participatory CPD (repeat for several days)",
    )
    p.add_argument("--path", help=PATH_HELP)
    p.add_argument("--bank", help="bank folder (default: the practice bank)")
    p.set_defaults(func=_record)

    p = sub.add_parser(
        "time",
        help="how long each module takes to study, computed from its content",
        description="Print the study time of each module notebook, computed from its words, "
        "self-checks, cases, explorers, prompts and diagrams, beside the time its header states.",
    )
    p.add_argument("notebooks", nargs="*", help="notebooks (default: every module notebook)")
    p.set_defaults(func=_time)
