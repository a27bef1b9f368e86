"""The contributors' commands: ``bank`` checks the question bank (``check``, ``lint``).

``bonecourse bank`` (or ``bank check``) validates every bank file against the schema and the
bank's rules and counts the items; ``bank lint`` measures the item-writing rules of
``docs/item-writing.md``.
"""

from __future__ import annotations

import argparse
import sys


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


def register(sub: argparse._SubParsersAction) -> None:
    """Add the contributors' command (``bank check|lint``) to ``bonecourse``."""
    p = sub.add_parser(
        "bank",
        help="check the question bank: validate it (check) or measure answer cues (lint)",
        description="With no action: validate the bank and count its items (as 'check').",
    )
    p.set_defaults(func=_bank_check, folder=None)
    actions = p.add_subparsers(dest="action", metavar="ACTION")
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
