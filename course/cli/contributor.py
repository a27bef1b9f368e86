"""The learner's and contributor's subcommands: lab, bank check, progress export and reset."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

from course.paths import course_root, notebooks_dir


def _lab(args: argparse.Namespace) -> int:
    from course.delivery.lab import install_overrides

    install_overrides()
    cmd = [sys.executable, "-m", "jupyter", "lab", str(notebooks_dir() / "00_start_here.ipynb")]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    cmd += args.extra
    return subprocess.call(cmd, cwd=course_root())


def _bank_check(args: argparse.Namespace) -> int:
    from course.questions.bank import BankError, load_bank

    try:
        bank = load_bank(args.folder)
    except BankError as exc:
        print(exc, file=sys.stderr)
        return 1
    for name in sorted(bank.modules):
        practice = len(bank.select(module=name, use="practice"))
        assessment = len(bank.select(module=name, use="assessment"))
        print(f"{name}: {practice} practice, {assessment} assessment items")
    print(f"OK: {len(bank)} items")
    return 0


def _bank_lint(args: argparse.Namespace) -> int:
    from course.questions.lint import main as lint_main

    argv = [f"--module={m}" for m in args.module or []]
    argv += [f"--folder={f}" for f in args.folder or []]
    return lint_main(argv)


def _progress(args: argparse.Namespace) -> int:
    from course.learner.store import ProgressStore, default_path

    store = ProgressStore(args.path or default_path())
    if args.action == "where":
        print(store.path)
    elif args.action == "export":
        out = args.output or f"bonecourse-progress.{args.format}"
        (store.export_csv if args.format == "csv" else store.export_json)(out)
        print(f"Wrote {store.count()} attempts to {out}")
    elif args.action == "reset":
        if not args.yes:
            print(
                "This deletes your recorded answers (a JSON backup is kept). "
                "Run again with --yes to go ahead."
            )
            return 1
        backup = store.reset()
        print(f"Progress reset. Backup: {backup}" if backup else "Progress reset (it was empty).")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Register the learner's subcommands (``lab``, ``bank``, ``progress``, ...)."""
    p = sub.add_parser(
        "lab",
        help="open the course in JupyterLab on the Start Here notebook",
        description="Any further options (e.g. --port 8890 --no-browser) go to jupyter lab.",
    )
    p.set_defaults(func=_lab, passthrough=True, extra=[])

    p = sub.add_parser(
        "bank",
        help="check the question bank: validate it (check) or measure answer cues (lint)",
        description="With no action: validate the bank and count its items (as 'check').",
    )
    p.set_defaults(func=_bank_check, folder=None)
    actions = p.add_subparsers(dest="bank_action", metavar="ACTION")
    q = actions.add_parser("check", help="validate the bank and count its items")
    q.add_argument("folder", nargs="?", default=None, help="bank folder (default: the course's)")
    q.set_defaults(func=_bank_check)
    q = actions.add_parser(
        "lint",
        help="measure the item-writing rules (docs/item-writing.md); exit 1 on any finding",
    )
    q.add_argument("--module", action="append", help="only this module (e.g. 04); repeatable")
    q.add_argument("--folder", action="append", help="bank folder(s) (default: the course's)")
    q.set_defaults(func=_bank_lint)

    p = sub.add_parser("progress", help="where your progress is kept; export it; reset it")
    p.add_argument("action", choices=["where", "export", "reset"])
    p.add_argument("--format", choices=["csv", "json"], default="csv")
    p.add_argument("--output", "-o", help="file to write (export)")
    p.add_argument("--path", help="progress file (default: BONECOURSE_PROGRESS or user data dir)")
    p.add_argument("--yes", action="store_true", help="confirm reset")
    p.set_defaults(func=_progress)
