"""Where the course's folders are: the checkout root, the bank, notebooks, assets, quizzes."""

from __future__ import annotations

import os
import re
from pathlib import Path

#: a notebook that is one part of a module, e.g. ``04_treatments_part2``
_PART = re.compile(r"^(?P<module>\d\d_\w+?)_part(?P<part>[1-9]\d*)$")


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


def _stem(notebook: str | Path) -> str:
    return Path(notebook).name.removesuffix(".ipynb")


def module_of(notebook: str | Path) -> str:
    """The module a notebook belongs to: ``04_treatments_part2`` -> ``04_treatments``.

    Parameters
    ----------
    notebook
        A notebook's name, file name or path; a module delivered in one notebook is its own module.

    Returns
    -------
    str
        The module id the bank, the quizzes and the progress store use.
    """
    stem = _stem(notebook)
    found = _PART.match(stem)
    return found.group("module") if found else stem


def part_of(notebook: str | Path) -> int | None:
    """Which part of its module a notebook is (``04_treatments_part2`` -> 2); ``None`` if whole."""
    found = _PART.match(_stem(notebook))
    return int(found.group("part")) if found else None


def module_notebooks(module: str, folder: Path | None = None) -> list[str]:
    """The notebooks of a module, by name without ``.ipynb``, in part order.

    Parameters
    ----------
    module
        A module id such as ``04_treatments``.
    folder
        Where the notebooks are (default: :func:`notebooks_dir`).

    Returns
    -------
    list of str
        ``[module]`` for a module in one notebook, its parts in order (``..._part1``,
        ``..._part2``, ...) for a module in parts, or an empty list when there is neither.
    """
    folder = folder or notebooks_dir()
    stems = [p.stem for p in folder.glob("*.ipynb")]
    parts = sorted((part_of(s), s) for s in stems if part_of(s) and module_of(s) == module)
    whole = [module] if module in stems else []
    return whole + [s for _, s in parts]
