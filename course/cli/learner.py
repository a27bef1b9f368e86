"""Subcommands for self-assessment.

``export`` (Moodle XML, GIFT, Anki), ``record`` (the learning record) and ``review`` (what is due
for spaced review, and a deck of it for Anki).
"""

from __future__ import annotations

import argparse
from pathlib import Path

EXTENSIONS = {"moodle": ".xml", "gift": ".gift.txt", "anki": ".apkg"}


def _bank(folder: str | None):
    from course.questions.bank import default_bank, load_bank

    return load_bank(folder) if folder else default_bank()


def _trainer_bank(folders: list[str] | None):
    """The bank exports read.

    The folders given, or the trainer's whole bank (practice and assessment items).
    """
    from course.questions.bank import load_bank, trainer_bank

    return load_bank(*folders) if folders else trainer_bank()


def _store(path: str | None):
    from course.learner.store import ProgressStore, default_path

    return ProgressStore(path or default_path())


def _export(args: argparse.Namespace) -> int:
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


def _record(args: argparse.Namespace) -> int:
    from course.learner.record import build_record, default_record_path, write_record

    store = _store(args.path)
    record = build_record(
        store, _bank(args.bank), args.name or "", participatory_days=args.participatory or ()
    )
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
    """Add the export, record and review subcommands to ``bonecourse``."""
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
    p.set_defaults(func=_export)

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
    p.add_argument("--path", help="progress file (default: BONECOURSE_PROGRESS or user data dir)")
    p.add_argument("--bank", help="bank folder (default: the practice bank)")
    p.set_defaults(func=_record)

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
    p.add_argument("--path", help="progress file (default: BONECOURSE_PROGRESS or user data dir)")
    p.add_argument("--bank", help="bank folder (default: the practice bank)")
    p.set_defaults(func=_review)
