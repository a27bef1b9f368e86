"""Import a cohort's submissions into an nbgrader course directory, from a folder or a zip file.

Accepted layouts (inside the folder or the zip):

* one notebook per learner, named after them: ``ada_lovelace.ipynb``, ``ada_lovelace_quiz.ipynb``
  is read as learner ``ada_lovelace`` when ``--name-from stem`` (the default) is used;
* one folder per learner: ``ada_lovelace/<anything>.ipynb`` (the layout of most LMS downloads).

Each learner's notebook is copied, byte for byte (a broken file is the autograder's business:
it reports it by name), to ``submitted/<student>/<quiz>/<quiz>.ipynb`` with a ``timestamp.txt``
taken from the file's modification time. Learner ids are made safe for nbgrader (lower case
letters, digits, ``_`` and ``-``); the original names are kept in ``submitted/roster_<quiz>.csv``.
"""

from __future__ import annotations

import csv
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

_SAFE = re.compile(r"[^a-z0-9_-]+")


def student_id_from(name: str) -> str:
    """An nbgrader-safe learner id from a file or folder name: "Ada Lovelace" -> ada_lovelace."""
    stem = _SAFE.sub("_", name.strip().lower()).strip("_-")
    return stem or "unnamed"


@dataclass
class ImportReport:
    """What an import did: learners imported, files skipped and why."""

    imported: dict[str, str] = field(default_factory=dict)  # student id -> original path
    skipped: list[str] = field(default_factory=list)

    def summary(self) -> str:
        lines = [f"Imported {len(self.imported)} submission(s)."]
        lines += [f"  skipped: {s}" for s in self.skipped]
        return "\n".join(lines)


def _candidates(root: Path) -> list[tuple[str, Path]]:
    """(learner name, notebook path) pairs found under ``root``."""
    found = []
    for path in sorted(root.rglob("*")):
        if not path.is_file() or any(p.startswith((".", "__MACOSX")) for p in path.parts):
            continue
        rel = path.relative_to(root)
        if path.suffix != ".ipynb":
            continue
        if len(rel.parts) == 1:
            found.append((path.stem, path))
        else:
            found.append((rel.parts[-2] if len(rel.parts) > 2 else rel.parts[0], path))
    return found


def _non_notebooks(root: Path) -> list[str]:
    return [
        str(p.relative_to(root))
        for p in sorted(root.rglob("*"))
        if p.is_file()
        and p.suffix != ".ipynb"
        and not p.name.startswith(".")
        and "__MACOSX" not in p.parts
    ]


def import_submissions(
    source: str | Path,
    course_dir: str | Path,
    quiz: str,
    *,
    strip_suffix: str | None = None,
) -> ImportReport:
    """Copy a cohort's notebooks into ``course_dir/submitted``.

    Parameters
    ----------
    source
        A folder or a ``.zip`` file of submissions.
    course_dir
        The nbgrader course directory (the one holding ``nbgrader_config.py``).
    quiz
        The quiz (nbgrader assignment) name, e.g. ``quiz_00_start_here``.
    strip_suffix
        Text removed from the end of file names before making ids (default: ``_<quiz>`` and
        ``_quiz``), so ``ada_quiz_00_start_here.ipynb`` is learner ``ada``.

    Returns
    -------
    ImportReport
        Learners imported and files skipped (with the reason).
    """
    source, course_dir = Path(source), Path(course_dir)
    if not source.exists():
        raise FileNotFoundError(f"{source}: no such folder or zip file")
    report = ImportReport()
    with tempfile.TemporaryDirectory(prefix="bonecourse-import-") as tmp:
        if source.is_file():
            if not zipfile.is_zipfile(source):
                raise ValueError(f"{source}: not a zip file (give a folder or a .zip)")
            with zipfile.ZipFile(source) as archive:
                for info in archive.infolist():
                    target = (Path(tmp) / info.filename).resolve()
                    if not str(target).startswith(str(Path(tmp).resolve())):
                        report.skipped.append(f"{info.filename}: unsafe path in the zip")
                        continue
                    archive.extract(info, tmp)
                    if not info.is_dir():
                        stamp = datetime(*info.date_time).timestamp()
                        import os

                        os.utime(target, (stamp, stamp))
            root = Path(tmp)
        else:
            root = source
        suffixes = [s for s in (strip_suffix, f"_{quiz}", "_quiz", f"-{quiz}") if s]
        chosen: dict[str, Path] = {}
        for name, path in _candidates(root):
            for suffix in suffixes:
                if name.lower().endswith(suffix.lower()) and len(name) > len(suffix):
                    name = name[: -len(suffix)]
            sid = student_id_from(name)
            if sid in chosen:
                older, newer = sorted((chosen[sid], path), key=lambda p: p.stat().st_mtime)
                report.skipped.append(
                    f"{older.relative_to(root)}: a second notebook for {sid}; kept the newer "
                    f"{newer.relative_to(root)}"
                )
                chosen[sid] = newer
            else:
                chosen[sid] = path
        for other in _non_notebooks(root):
            report.skipped.append(f"{other}: not a notebook (.ipynb)")
        submitted = course_dir / "submitted"
        for sid, path in sorted(chosen.items()):
            dest = submitted / sid / quiz
            dest.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, dest / f"{quiz}.ipynb")
            when = datetime.fromtimestamp(path.stat().st_mtime, tz=timezone.utc)
            (dest / "timestamp.txt").write_text(when.strftime("%Y-%m-%d %H:%M:%S.%f %Z"))
            report.imported[sid] = str(path.relative_to(root))
    roster = course_dir / "submitted" / f"roster_{quiz}.csv"
    roster.parent.mkdir(parents=True, exist_ok=True)
    existing = {}
    if roster.exists():
        with roster.open(newline="", encoding="utf-8") as fh:
            existing = {row["student_id"]: row["original"] for row in csv.DictReader(fh)}
    existing.update(report.imported)
    with roster.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["student_id", "original"])
        for sid in sorted(existing):
            writer.writerow([sid, existing[sid]])
    return report
