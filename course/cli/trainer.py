"""The trainers' commands for a session: ``present``, ``export`` and ``workshop``.

``present`` serves a module through Voila for projecting; ``export`` writes the question bank
as Moodle XML, GIFT or an Anki deck; ``workshop setup|up|down|status`` runs a workshop on
JupyterHub. The graded quizzes (``bonecourse quiz``) are in :mod:`course.cli.quiz`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from course.errors import UserInputError
from course.paths import course_root

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
    """The notebook ``present`` serves (a name or part that matches none: UserInputError)."""
    from course.delivery.voila import resolve_module

    return resolve_module(name, part=part)


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
    from course.delivery.hub.setup import hub_pid

    settings = _workshop_settings()
    pid = hub_pid(settings)
    print(f"running (pid {pid}) at {settings.url}" if pid else "not running")
    return 0 if pid else 3


def _add_present(sub: argparse._SubParsersAction) -> None:
    """``bonecourse present MODULE``: a module through Voila, for projecting."""
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


def _add_export(sub: argparse._SubParsersAction) -> None:
    """``bonecourse export moodle|gift|anki``: the question bank for other tools."""
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


def _add_workshop(sub: argparse._SubParsersAction) -> None:
    """``bonecourse workshop setup|up|down|status``: JupyterHub for a group."""
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


def register(sub: argparse._SubParsersAction) -> None:
    """Add the trainers' session commands (present, export, workshop) to ``bonecourse``."""
    _add_present(sub)
    _add_export(sub)
    _add_workshop(sub)
