"""The ``bonecourse`` command: one sub-command per user task, grouped by who uses it.

One module per audience adds its sub-commands with ``register(subparsers)``:

* :mod:`course.cli.learner` (``lab``, ``progress``, ``review``, ``record``, ``time``),
* :mod:`course.cli.quiz` and :mod:`course.cli.trainer` (``quiz``; ``present``, ``export``,
  ``workshop``),
* :mod:`course.cli.contributor` (``bank check|lint``).

Each parser's ``func`` takes the parsed arguments and returns an exit status; heavy imports
happen inside those functions. :func:`main` holds the one error handler: the course's own
errors (:class:`course.errors.CourseError`) and a path the user typed that cannot be read print
one line and exit 1, Ctrl+C exits 130, and anything else is a bug and shows its traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import textwrap

#: the modules that add sub-commands, in the order ``bonecourse --help`` lists them, with the
#: heading of their group (each module has ``register(subparsers)``)
COMMAND_MODULES = {
    "course.cli.learner": "For learners",
    "course.cli.quiz": "For trainers",
    "course.cli.trainer": "For trainers",
    "course.cli.contributor": "For contributors",
}

#: what ``bonecourse --help`` says before the groups of commands
DESCRIPTION = (
    "Bone Secondaries: an interactive course on secondary bone cancer for nursing students. "
    "Run the course, keep your progress, and (for trainers) present modules, build, release "
    "and grade quizzes and export the question bank."
)

#: errors of a path the user typed: one line, not a traceback
PATH_ERRORS = (FileNotFoundError, PermissionError, IsADirectoryError, NotADirectoryError)


def version() -> str:
    """The installed version of the course (the package's own when it is not installed)."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed_version

    try:
        return installed_version("bone-secondaries")
    except PackageNotFoundError:
        from course import __version__

        return __version__


def _grouped_commands(groups: dict[str, list[tuple[str, str]]]) -> str:
    """The command list of ``bonecourse --help``: one block per audience, in plain text."""
    width = max(len(name) for commands in groups.values() for name, _ in commands) + 2
    blocks = []
    for title, commands in groups.items():
        lines = [f"{title}:"] + [f"  {name:<{width}}{summary}" for name, summary in commands]
        blocks.append("\n".join(lines))
    blocks.append("Run 'bonecourse COMMAND --help' for a command's options.")
    return "\n\n".join(blocks)


def build_parser() -> argparse.ArgumentParser:
    """The ``bonecourse`` parser with every sub-command registered, grouped by audience."""
    parser = argparse.ArgumentParser(
        prog="bonecourse",
        usage="bonecourse [-h] [--version] COMMAND ...",
        description=textwrap.fill(DESCRIPTION, width=79),
        formatter_class=argparse.RawDescriptionHelpFormatter,  # keeps the groups' layout
    )
    parser.add_argument("--version", action="version", version=f"bonecourse {version()}")
    # the commands are listed by group in the epilog, so argparse's flat list is hidden
    sub = parser.add_subparsers(
        dest="command", metavar="COMMAND", help=argparse.SUPPRESS, prog="bonecourse"
    )
    groups: dict[str, list[tuple[str, str]]] = {}
    for name, title in COMMAND_MODULES.items():
        before = len(sub._choices_actions)
        importlib.import_module(name).register(sub)
        added = sub._choices_actions[before:]  # argparse keeps each command's help line here
        groups.setdefault(title, []).extend((a.dest, a.help or "") for a in added)
    parser.epilog = _grouped_commands(groups)
    return parser


def _command_name(args: argparse.Namespace) -> str:
    """``bonecourse quiz build``: the command and sub-command that ran, for an error message."""
    words = [args.command] + [
        getattr(args, dest) for dest in ("action",) if isinstance(getattr(args, dest, None), str)
    ]
    return " ".join(["bonecourse", *words])


def user_errors() -> tuple[type[Exception], ...]:
    """The errors :func:`main` prints as one line: the course's own, and unreadable paths."""
    from course.errors import CourseError

    return (CourseError, *PATH_ERRORS)


def _path_message(exc: OSError) -> str:
    """``notes.zip: No such file or directory`` rather than ``[Errno 2] ...``."""
    if exc.filename and exc.strerror:
        return f"{exc.filename}: {exc.strerror}"
    return str(exc)


def main(argv: list[str] | None = None) -> int:
    """Run the ``bonecourse`` command; return its exit status.

    Parameters
    ----------
    argv
        The arguments after ``bonecourse`` (default: the command line's).

    Returns
    -------
    int
        0 on success; 1 for an error of the course's own (a bad file, an unknown quiz or
        module), printed as one line; 2 for a usage error; 130 after Ctrl+C. A bug raises.
    """
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
    except Exception as exc:
        if not isinstance(exc, user_errors()):
            raise  # a bug: its traceback helps whoever fixes it
        message = _path_message(exc) if isinstance(exc, OSError) else str(exc)
        print(f"{_command_name(args)}: {message}", file=sys.stderr)
        return 1
