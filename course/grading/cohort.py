"""Import a cohort's submissions into an nbgrader course directory, from a folder or a zip file.

Accepted layouts (inside the folder or the zip):

* one notebook per learner, named after them: ``ada_lovelace.ipynb``, ``ada_lovelace_quiz.ipynb``
  (text after the name such as ``_<quiz>`` or ``_quiz`` is dropped);
* one folder per learner: ``ada_lovelace/<anything>.ipynb``, also deeper, as in
  ``ada_lovelace/<quiz>/<quiz>.ipynb`` (the learner is the first folder, never the quiz's name);
  one folder around everything (``cohort/ada/...``) is looked through.

Each learner's notebook is copied, byte for byte (a broken file is the autograder's business:
it reports it by name), to ``submitted/<student>/<quiz>/<quiz>.ipynb`` with a ``timestamp.txt``
taken from the file's modification time. The answers file a quiz saves beside its notebook
(any ``*.json`` there named after the quiz or the notebook) goes with it, as
``<quiz>.answers.json``.

Learner ids are readable and unique: names are transliterated to plain letters ("José" ->
``jose``, "山田" -> ``shantian``), made safe for nbgrader (lower case letters, digits, ``_`` and
``-``), and two different people whose names give the same id are told apart by a suffix
(``jose``, ``jose_2``); the original names are kept in ``submitted/roster_<quiz>.csv``. Two
notebooks of the *same* learner (the same name) are one submission: the newer is kept.

Nothing in the source can write outside the course: entries with ``..``, absolute paths,
links and hidden (dot-named) files are skipped and listed; sizes are limited (total, entries,
each notebook), naming the offender; one bad entry never stops the rest
(:mod:`~course.grading.unpack` reads the folder or zip file).
"""

from __future__ import annotations

import csv
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath

from course.grading.text import text as quiz_text
from course.grading.unpack import (  # noqa: F401 (re-exported)
    MAX_ANSWERS_BYTES,
    MAX_ENTRIES,
    MAX_NOTEBOOK_BYTES,
    MAX_TOTAL_BYTES,
    Limits,
    unpacked,
    walk,
    within_notebook_limit,
)

_SAFE = re.compile(r"[^a-z0-9_-]+")


def _ascii(text: str) -> str:
    """Plain-letter transliteration (``anyascii`` when installed, else accents removed)."""
    try:
        from anyascii import anyascii

        return anyascii(text)
    except ImportError:
        decomposed = unicodedata.normalize("NFKD", text)
        return "".join(c for c in decomposed if not unicodedata.combining(c))


def student_id_from(name: str) -> str:
    """An nbgrader-safe, readable learner id from a name.

    "Ada Lovelace" -> ada_lovelace, "José" -> jose (names without any letter or digit give
    ``unnamed``).
    """
    stem = _SAFE.sub("_", _ascii(name.strip()).lower()).strip("_-")
    return stem[:60].strip("_-") or "unnamed"


def _same_person(name: str) -> str:
    """Names that are the same learner written differently (case, spaces, Unicode form)."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


@dataclass
class ImportReport:
    """What an import did: learners imported, files skipped and why, ids told apart."""

    imported: dict[str, str] = field(default_factory=dict)  # student id -> original path
    names: dict[str, str] = field(default_factory=dict)  # student id -> original name
    skipped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """What was imported, noted and skipped, one line each."""
        lines = [f"Imported {len(self.imported)} submission(s)."]
        lines += [f"  note: {n}" for n in self.notes]
        lines += [f"  skipped: {s}" for s in self.skipped]
        return "\n".join(lines)


@dataclass
class _Found:
    name: str  # the learner's name as given (file stem or folder)
    path: Path  # the notebook, extracted
    rel: str  # where it was in the source
    mtime: float
    answers: Path | None = None


def _says(key: str, **fields) -> str:
    """An import note of ``course/grading/text.yml`` (group ``import``), filled in."""
    return quiz_text("import")[key].format(**fields)


def _learner_name(parts: tuple[str, ...], stem: str) -> str:
    """The learner a notebook belongs to: its first folder, or its name when it has none."""
    return parts[0] if len(parts) > 1 else stem


def _candidates(root: Path, files: list[Path], quiz: str, report: ImportReport) -> list[_Found]:
    """The notebooks found, each with its learner's name and its answers file."""
    rels = {f: f.relative_to(root).parts for f in files}
    notebooks = [f for f in files if f.suffix == ".ipynb"]
    # one folder around everything (cohort/ada/..., cohort/bob/...) is looked through
    tops = {rels[f][0] for f in notebooks if len(rels[f]) > 1}
    strip = 0
    if len(tops) == 1 and all(len(rels[f]) > 1 for f in notebooks):
        second = {
            (rels[f][1] if len(rels[f]) > 2 else PurePosixPath(rels[f][1]).stem) for f in notebooks
        }
        if len(second) > 1:
            strip = 1
    by_folder: dict[Path, list[Path]] = {}
    for nb in notebooks:
        by_folder.setdefault(nb.parent, []).append(nb)
    found = []
    for nb in notebooks:
        parts = rels[nb][strip:]
        name = _learner_name(parts, nb.stem)
        answers = None
        alone = len(by_folder[nb.parent]) == 1
        for other in sorted(nb.parent.glob("*.json")):
            if other.name.startswith(f"{nb.stem}.") or (alone and other.name.startswith(quiz)):
                answers = other
                break
        found.append(
            _Found(name, nb, "/".join(rels[nb]), nb.stat().st_mtime, answers),
        )
    used_json = {f.answers for f in found if f.answers is not None}
    for f in files:
        if f.suffix == ".ipynb" or f in used_json:
            continue
        why = _says("stray_json") if f.suffix == ".json" else _says("not_notebook")
        report.skipped.append(f"{'/'.join(rels[f])}: {why}")
    return found


def _read_roster(path: Path) -> dict[str, dict[str, str]]:
    if not path.exists():
        return {}
    with path.open(newline="", encoding="utf-8") as fh:
        return {
            row["student_id"]: {
                "name": row.get("name") or row.get("original", ""),
                "original": row.get("original", ""),
            }
            for row in csv.DictReader(fh)
        }


def _one_per_person(
    candidates: Iterable[_Found], suffixes: list[str], report: ImportReport
) -> dict[str, _Found]:
    """One submission per person: the same name twice is one learner's two notebooks.

    ``suffixes`` are cut from the end of each name first; of two notebooks the newer is kept and
    the older named in ``report``.
    """
    people: dict[str, _Found] = {}
    for found in candidates:
        for suffix in suffixes:
            if found.name.lower().endswith(suffix.lower()) and len(found.name) > len(suffix):
                found.name = found.name[: -len(suffix)]
        person = _same_person(found.name)
        if person in people:
            older, newer = sorted((people[person], found), key=lambda f: f.mtime)
            report.skipped.append(
                _says("second_notebook", older=older.rel, name=found.name, newer=newer.rel)
            )
            people[person] = newer
        else:
            people[person] = found
    return people


def _choose_ids(
    people: dict[str, _Found], roster: dict[str, dict[str, str]], report: ImportReport
) -> dict[str, _Found]:
    """Readable ids, unique among this import and the learners imported before (``roster``)."""
    taken = {sid: _same_person(row["name"]) for sid, row in roster.items()}
    chosen: dict[str, _Found] = {}
    for person, found in sorted(people.items()):
        base = student_id_from(found.name)
        sid, n = base, 1
        while (sid in taken and taken[sid] != person) or sid in chosen:
            n += 1
            sid = f"{base}_{n}"
        if sid != base:
            report.notes.append(_says("same_id", name=found.name, base=base, sid=sid))
        taken[sid] = person
        chosen[sid] = found
    return chosen


def import_submissions(
    source: str | Path,
    course_dir: str | Path,
    quiz: str,
    *,
    strip_suffix: str | None = None,
    limits: Limits | None = None,
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
    limits
        Size and entry limits (default :class:`Limits`).

    Returns
    -------
    ImportReport
        Learners imported, their names, files skipped (with the reason) and ids told apart.

    Raises
    ------
    FileNotFoundError, ValueError
        When the source is missing or not a folder or zip file.
    """
    source, course_dir = Path(source), Path(course_dir)
    limits = limits or Limits()
    if not source.exists():
        raise FileNotFoundError(f"{source}: no such folder or zip file")
    report = ImportReport()
    submitted = course_dir / "submitted"
    roster_path = submitted / f"roster_{quiz}.csv"
    roster = _read_roster(roster_path)
    with tempfile.TemporaryDirectory(prefix="bonecourse-import-") as tmp:
        root = unpacked(source, Path(tmp), limits, report.skipped)
        files = within_notebook_limit(
            root, walk(root, limits, report.skipped), limits, report.skipped
        )
        suffixes = [s for s in (strip_suffix, f"_{quiz}", "_quiz", f"-{quiz}") if s]
        people = _one_per_person(_candidates(root, files, quiz, report), suffixes, report)
        chosen = _choose_ids(people, roster, report)
        for sid, found in sorted(chosen.items()):
            if _copy_submission(found, submitted / sid / quiz, quiz, report):
                report.imported[sid] = found.rel
                report.names[sid] = found.name
    for sid, rel in report.imported.items():
        roster[sid] = {"name": report.names[sid], "original": rel}
    _write_roster(roster_path, roster)
    return report


def _copy_submission(found: _Found, dest: Path, quiz: str, report: ImportReport) -> bool:
    """Copy one learner's notebook, saved answers and time to ``dest``; ``False`` if it failed.

    One bad entry never stops the rest: a failure is named in ``report.skipped``.
    """
    try:
        dest.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(found.path, dest / f"{quiz}.ipynb")
        if found.answers is not None:
            shutil.copyfile(found.answers, dest / f"{quiz}.answers.json")
        when = datetime.fromtimestamp(found.mtime, tz=timezone.utc)
        (dest / "timestamp.txt").write_text(when.strftime("%Y-%m-%d %H:%M:%S.%f %Z"))
    except OSError as exc:
        report.skipped.append(_says("not_copied", name=found.rel, problem=exc.strerror))
        return False
    return True


def _write_roster(path: Path, roster: dict[str, dict[str, str]]) -> None:
    """Write the roster CSV: each learner's id, name and original file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["student_id", "name", "original"])
        for sid in sorted(roster):
            writer.writerow([sid, roster[sid]["name"], roster[sid]["original"]])
