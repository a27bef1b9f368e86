"""Learners' and trainers' accounts on the workshop hub, prepared before each server starts.

The hub's ``pre_spawn_hook`` calls :func:`prepare_user`: it creates the learner's own system
user (so the operating system keeps learners' files apart), copies the course notebooks into
their home on first login and writes their nbgrader settings. A trainer also gets their course
folder (nbgrader's course directory with the bank and the quiz sources, mode 0700) and a course
root whose ``quizzes/`` is that folder. Everything here runs as root.
"""

from __future__ import annotations

import json
import os
import pwd
import re
import shutil
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

from course.errors import UserInputError
from course.paths import course_root

if TYPE_CHECKING:
    from course.delivery.hub.setup import WorkshopSettings

COURSE_ID = "bone-secondaries"
#: the files of the checkout a learner's server needs: never ``quizzes/`` (keys, sources)
RUNTIME_PARTS = (
    "course",
    "notebooks",
    "assets",
    "pyproject.toml",
    "README.md",
    "LICENSE",
)
#: what a trainer's course folder (nbgrader's course directory) holds from the checkout
TRAINER_PARTS = ("bank", "source", "nbgrader_config.py")
LEARNER_FOLDER = "bone-secondaries"
TRAINER_FOLDER = "bone-secondaries-quizzes"
TRAINER_ROOT = ".bonecourse-trainer-root"  # in a trainer's home: the course with their quizzes/
PROGRESS = Path(".local/share/bonecourse/progress.sqlite")  # relative to a learner's home
USERNAME = re.compile(r"^[a-z][a-z0-9_-]{1,30}$")


def ensure_system_user(name: str) -> pwd.struct_passwd:
    """Create the learner's system user with a private home (0700) if it does not exist."""
    if not USERNAME.match(name):
        raise UserInputError(f"{name!r} is not a valid workshop user name (a-z, 0-9, - and _).")
    try:
        return pwd.getpwnam(name)
    except KeyError:
        pass
    subprocess.run(
        ["useradd", "--create-home", "--shell", "/bin/bash", name], check=True, capture_output=True
    )
    entry = pwd.getpwnam(name)
    Path(entry.pw_dir).chmod(0o700)
    return entry


def _write_as(entry: pwd.struct_passwd, path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    for p in [path, *[q for q in path.parents if str(q).startswith(entry.pw_dir + "/")]]:
        os.chown(p, entry.pw_uid, entry.pw_gid)


def _copy_as(entry: pwd.struct_passwd, src: Path, dest: Path) -> None:
    """Copy a folder into a user's home without overwriting what they already have."""
    for path in sorted(src.rglob("*")):
        if "__pycache__" in path.parts or ".ipynb_checkpoints" in path.parts:
            continue
        target = dest / path.relative_to(src)
        if path.is_dir():
            target.mkdir(parents=True, exist_ok=True)
        elif not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
        else:
            continue
    for p in [dest, *dest.rglob("*")]:
        os.chown(p, entry.pw_uid, entry.pw_gid)


def prepare_user(name: str, settings: WorkshopSettings) -> dict[str, str]:
    """Create and set up ``name``'s account; return the environment for their server."""
    entry = ensure_system_user(name)
    home = Path(entry.pw_dir)
    is_trainer = name in settings.trainers
    _copy_as(entry, settings.course_copy / "notebooks", home / LEARNER_FOLDER)
    server_extensions = {
        "nbgrader.server_extensions.assignment_list": True,
        "nbgrader.server_extensions.validate_assignment": True,
        "nbgrader.server_extensions.course_list": is_trainer,
        "nbgrader.server_extensions.formgrader": is_trainer,
    }
    _write_as(
        entry,
        home / ".jupyter" / "jupyter_server_config.json",
        json.dumps({"ServerApp": {"jpserver_extensions": server_extensions}}, indent=2),
    )
    disabled = (
        {}
        if is_trainer
        else {
            "@jupyter/nbgrader:formgrader": True,
            "@jupyter/nbgrader:create-assignment": True,
            "@jupyter/nbgrader:course-list": True,
        }
    )
    _write_as(
        entry,
        home / ".jupyter" / "labconfig" / "page_config.json",
        json.dumps({"disabledExtensions": disabled}, indent=2),
    )
    root = settings.course_copy
    if is_trainer:
        root = prepare_trainer(entry, settings)
    progress = home / PROGRESS
    progress.parent.mkdir(parents=True, exist_ok=True)
    for p in (home / ".local", home / ".local" / "share", progress.parent):
        os.chown(p, entry.pw_uid, entry.pw_gid)
    return {
        "BONECOURSE_ROOT": str(root),
        "BONECOURSE_PROGRESS": str(progress),
        "MPLBACKEND": "module://matplotlib_inline.backend_inline",
    }


def prepare_trainer(entry: pwd.struct_passwd, settings: WorkshopSettings) -> Path:
    """The trainer's course folder (bank, sources, gradebook; 0700) and a course root using it.

    Returns the trainer's ``BONECOURSE_ROOT``: the learners' runtime copy, linked, with the
    trainer's own course folder as ``quizzes/``, so the ``bonecourse quiz`` commands see the keys.
    """
    home = Path(entry.pw_dir)
    course_dir = home / TRAINER_FOLDER
    course_dir.mkdir(exist_ok=True)
    os.chown(course_dir, entry.pw_uid, entry.pw_gid)
    course_dir.chmod(0o700)
    for part in TRAINER_PARTS:
        src = course_root() / "quizzes" / part
        if src.is_dir():
            (course_dir / part).mkdir(exist_ok=True)
            _copy_as(entry, src, course_dir / part)
        elif src.exists() and not (course_dir / part).exists():
            shutil.copy2(src, course_dir / part)
            os.chown(course_dir / part, entry.pw_uid, entry.pw_gid)
    root = home / TRAINER_ROOT
    root.mkdir(exist_ok=True)
    for part in RUNTIME_PARTS:
        link = root / part
        if not link.is_symlink() and (settings.course_copy / part).exists():
            link.symlink_to(settings.course_copy / part)
    if not (root / "quizzes").is_symlink():
        (root / "quizzes").symlink_to(course_dir)
    for p in [root, *root.iterdir()]:
        os.lchown(p, entry.pw_uid, entry.pw_gid)
    _write_as(
        entry,
        home / ".jupyter" / "nbgrader_config.py",
        f"c = get_config()  # noqa: F821\nc.CourseDirectory.root = {str(course_dir)!r}\n",
    )
    return root


# -- keys stay with trainers -----------------------------------------------------------------
def practice_bank(dest: Path) -> None:
    """Write the bank's practice items only (the self-checks) to ``dest/quizzes/bank``.

    Needed while practice and assessment items share ``quizzes/bank/*.yml``; once the practice
    bank lives in ``assets/bank`` (copied with ``assets``) nothing from ``quizzes/`` is copied.
    """
    import yaml

    target = dest / "quizzes" / "bank"
    target.mkdir(parents=True, exist_ok=True)
    for src in sorted((course_root() / "quizzes" / "bank").glob("*.yml")):
        data = yaml.safe_load(src.read_text(encoding="utf-8"))
        data["items"] = [i for i in data.get("items", []) if i.get("use") != "assessment"]
        (target / src.name).write_text(
            yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100),
            encoding="utf-8",
        )


def protect_checkout() -> list[Path]:
    """Make the checkout's ``quizzes/`` and ``.git`` (which holds every key) private (0700).

    Returns the folders changed. Folder modes are not tracked by Git, so this changes nothing
    in the repository; root (the trainer running the hub) still reads them.
    """
    changed = []
    for part in ("quizzes", ".git"):
        path = course_root() / part
        if path.is_dir() and path.stat().st_mode & 0o077:
            path.chmod(0o700)
            changed.append(path)
    return changed
