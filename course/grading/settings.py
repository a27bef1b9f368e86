"""What every autograde stage shares: the course's settings and one gradebook connection."""

from __future__ import annotations

import logging
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Settings:
    """What autograding needs from ``nbgrader_config.py``."""

    course_dir: Path
    db_url: str
    cell_timeout: int = 30
    max_lines: int = 1000
    max_traceback: int = 100
    course_id: str = ""
    config: object = None


def load_settings(course_dir: str | Path, cell_timeout: int | None = None) -> Settings:
    """Read the course directory's ``nbgrader_config.py`` (per-cell timeout, output limits)."""
    from traitlets.config import Config, PyFileConfigLoader

    course_dir = Path(course_dir).resolve()
    config_file = course_dir / "nbgrader_config.py"
    if config_file.exists():
        config = PyFileConfigLoader(config_file.name, path=str(course_dir)).load_config()
    else:
        config = Config()
    config.CourseDirectory.root = str(course_dir)
    timeout = cell_timeout or config.Execute.get("timeout", 30)
    return Settings(
        course_dir=course_dir,
        db_url=f"sqlite:///{course_dir / 'gradebook.db'}",
        cell_timeout=int(timeout),
        max_lines=int(config.LimitOutput.get("max_lines", 1000)),
        max_traceback=int(config.LimitOutput.get("max_traceback", 100)),
        course_id=str(config.CourseDirectory.get("course_id", "")),
        config=config,
    )


def nbgrader_resources(settings: Settings, quiz: str, student: str) -> dict:
    """The ``resources`` nbgrader's preprocessors expect for one learner's notebook."""
    return {
        "unique_key": quiz,
        "output_files_dir": f"{quiz}_files",
        "nbgrader": {
            "student": student,
            "assignment": quiz,
            "notebook": quiz,
            "db_url": settings.db_url,
        },
    }


def grade_id(cell) -> str | None:
    """A cell's nbgrader grade id (``None`` for cells that are not quiz cells)."""
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


class QuietNbgraderLog:
    """Silence nbgrader's per-cell warnings (we report edits ourselves; see nbgrader #1961)."""

    def __enter__(self):
        self._logger = logging.getLogger("traitlets")
        self._level = self._logger.level
        self._logger.setLevel(logging.ERROR)

    def __exit__(self, *exc):
        self._logger.setLevel(self._level)


class _KeepOpen:
    """A gradebook that ``with`` does not close.

    nbgrader's preprocessors open and close one per notebook, about 0.1 s each: for a cohort
    the grading process would wait on that.
    """

    def __init__(self, gradebook):
        self._gb = gradebook

    def __getattr__(self, name):
        return getattr(self._gb, name)

    def __enter__(self):
        return self._gb

    def __exit__(self, exc_type, *exc):
        if exc_type is not None:
            self._gb.db.rollback()
        return False


_SHARED: dict[str, object] = {}


def gradebook(db_url: str):
    """The run's shared gradebook if one is open, else a new connection."""
    from nbgrader.api import Gradebook

    shared = _SHARED.get(db_url)
    return _KeepOpen(shared) if shared is not None else Gradebook(db_url)


@contextmanager
def shared_gradebook(db_url: str):
    """One gradebook connection for a whole run, also for nbgrader's own preprocessors."""
    import nbgrader.preprocessors.latesubmissions as late
    import nbgrader.preprocessors.overwritecells as overwrite
    import nbgrader.preprocessors.saveautogrades as save_grades
    from nbgrader.api import Gradebook

    book = Gradebook(db_url)
    _SHARED[db_url] = book
    modules = (late, overwrite, save_grades)
    originals = {m: m.Gradebook for m in modules}
    for module in modules:
        module.Gradebook = lambda url, *args, **kwargs: gradebook(url)
    try:
        yield book
    finally:
        for module, original in originals.items():
            module.Gradebook = original
        _SHARED.pop(db_url, None)
        book.close()
