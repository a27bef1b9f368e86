"""The ``bonecourse`` command: one subcommand per user task.

Each area of the course registers its own subcommands: a module listed in ``COMMAND_MODULES``
defines ``register(subparsers)``, which adds parsers whose ``func`` takes the parsed arguments
and returns an exit status. Heavy imports happen inside those functions.
"""

from __future__ import annotations

import argparse
import importlib
import sys

#: modules that add subcommands (each has ``register(subparsers)``)
COMMAND_MODULES = [
    "course.commands",
    "course.self_assessment_commands",
    "course.delivery.voila",
    "course.delivery.hub.setup",
    "course.grading.commands",
]


def build_parser() -> argparse.ArgumentParser:
    """The ``bonecourse`` parser with every subcommand registered."""
    parser = argparse.ArgumentParser(
        prog="bonecourse",
        description="Bone Secondaries: run the course, check the bank, keep progress, "
        "and (for trainers) build, release and grade quizzes.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the ``bonecourse`` command; return its exit status."""
    parser = build_parser()
    args, unknown = parser.parse_known_args(argv)
    if unknown:
        if getattr(args, "passthrough", False):  # e.g. `bonecourse lab --port 8890`
            args.extra = [*getattr(args, "extra", []), *unknown]
        else:
            parser.error(f"unrecognized arguments: {' '.join(unknown)}")
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130
    except (FileNotFoundError, ValueError) as exc:
        print(f"bonecourse {args.command}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
