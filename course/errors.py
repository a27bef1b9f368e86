"""The course's own errors: one base class, so the command line can tell them from bugs.

Every error the course raises on purpose (a bad bank file, a bad data file, an answer in the
wrong form, a store it cannot open) derives from :class:`CourseError`. ``bonecourse`` prints
those as a one-line message; anything else is a bug and shows its traceback.
"""

from __future__ import annotations


class CourseError(Exception):
    """A problem the course reports to its user in plain words (bad input, missing file)."""


class ContentError(CourseError, ValueError):
    """A course data file is missing or invalid; the message names the file, entry and problem.

    Parameters
    ----------
    problems
        One line per problem, each starting with the file name.
    """

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("Invalid course data:\n  - " + "\n  - ".join(self.problems))


class UserInputError(CourseError, ValueError):
    """Something the user typed names nothing the course has (a quiz, a module, a date).

    It is a :class:`ValueError` too, so callers that caught ``ValueError`` still catch it.
    """


class ToolError(CourseError, RuntimeError):
    """A tool the course runs for the user (nbgrader, Voila, JupyterHub) failed; says how."""
