"""Where the course's folders are: the checkout root, the bank, notebooks, assets, quizzes."""

from __future__ import annotations

import os
from pathlib import Path


def course_root() -> Path:
    """The checkout root (``BONECOURSE_ROOT`` overrides; default: the folder above ``course/``)."""
    env = os.environ.get("BONECOURSE_ROOT")
    if env:
        return Path(env).expanduser().resolve()
    return Path(__file__).resolve().parent.parent


def bank_dir() -> Path:
    """The trainer's question bank folder, ``quizzes/bank``.

    It holds the assessment items (keys, model answers), which learners never need.
    """
    return course_root() / "quizzes" / "bank"


def practice_bank_dir() -> Path:
    """The practice bank folder, ``assets/bank``.

    Each module's title, objectives and practice items (what the notebooks' self-checks and the
    learner's kernel may read).
    """
    return course_root() / "assets" / "bank"


def notebooks_dir() -> Path:
    """The module notebooks folder."""
    return course_root() / "notebooks"


def assets_dir() -> Path:
    """Images and small data files, one folder per module."""
    return course_root() / "assets"


def quizzes_dir() -> Path:
    """The nbgrader course directory."""
    return course_root() / "quizzes"
