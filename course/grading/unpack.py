"""Read a cohort's folder or zip file safely: nothing in it can write outside, or grow without end.

Entries with ``..``, absolute paths, links and hidden (dot-named) files are skipped; sizes are
limited (:class:`Limits`: the total, the number of entries, each notebook); each skipped entry is
named in the ``skipped`` list the caller passes, with the reason. One bad entry never stops the
rest. :func:`course.grading.cohort.import_submissions` reads submissions through this module.
"""

from __future__ import annotations

import os
import re
import stat
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath

from course.errors import UserInputError
from course.grading.text import text as quiz_text

#: limits on what one import may hold (bytes, entries)
MAX_TOTAL_BYTES = 500 * 1024**2
MAX_ENTRIES = 5_000
MAX_NOTEBOOK_BYTES = 20 * 1024**2
#: the largest answers file kept beside a notebook (bytes)
MAX_ANSWERS_BYTES = 2 * 1024**2


@dataclass(frozen=True)
class Limits:
    """What one import may hold; the entry that goes over a limit is named and skipped."""

    total_bytes: int = MAX_TOTAL_BYTES
    entries: int = MAX_ENTRIES
    notebook_bytes: int = MAX_NOTEBOOK_BYTES


def _says(key: str, **fields) -> str:
    """An import note of ``course/grading/text.yml`` (group ``import``), filled in."""
    return quiz_text("import")[key].format(**fields)


def _unsafe_reason(name: str) -> str | None:
    """Why a path in a zip or folder must not be used (``None``: it is safe)."""
    pure = PurePosixPath(name.replace("\\", "/"))
    if pure.is_absolute() or re.match(r"^[A-Za-z]:", name):
        return _says("absolute")
    if ".." in pure.parts:
        return _says("leaves_folder")
    if any(p.startswith(".") for p in pure.parts if p not in ("", ".")):
        return _says("hidden")
    if "__MACOSX" in pure.parts:
        return _says("macos")
    return None


def _extract_zip(source: Path, dest: Path, limits: Limits, skipped: list[str]) -> None:
    """Extract the safe entries of a zip into ``dest``, within the limits."""
    with zipfile.ZipFile(source) as archive:
        infos = archive.infolist()
        if len(infos) > limits.entries:
            skipped.append(
                _says("too_many_entries", zip=source.name, entries=len(infos), limit=limits.entries)
            )
            infos = infos[: limits.entries]
        total = 0
        for info in infos:
            name = info.filename
            target = None
            try:
                if info.is_dir():
                    continue
                reason = _unsafe_reason(name)
                if reason is None and stat.S_ISLNK(info.external_attr >> 16):
                    reason = _says("link")
                if reason is not None:
                    skipped.append(f"{name}: {reason}")
                    continue
                limit = limits.notebook_bytes if name.endswith(".ipynb") else MAX_ANSWERS_BYTES
                if not name.endswith((".ipynb", ".json")):
                    limit = 0  # other files are listed, never extracted
                if info.file_size > limit and limit:
                    skipped.append(_says("too_large", name=name, size=info.file_size, limit=limit))
                    continue
                if total + info.file_size > limits.total_bytes:
                    skipped.append(_says("total_limit", name=name, limit=limits.total_bytes))
                    continue
                target = dest.joinpath(*PurePosixPath(name.replace("\\", "/")).parts)
                target.parent.mkdir(parents=True, exist_ok=True)
                if limit == 0:
                    target.write_bytes(b"")  # a placeholder, so it is listed as skipped
                    continue
                written = _copy_limited(archive, info, target, limit)
                if written is None:
                    target.unlink(missing_ok=True)
                    skipped.append(_says("unpacked_too_large", name=name, limit=limit))
                    continue
                total += written
                stamp = datetime(*info.date_time).timestamp()
                os.utime(target, (stamp, stamp))
            except Exception as exc:  # one bad entry never stops the rest
                if target is not None:
                    target.unlink(missing_ok=True)
                skipped.append(
                    _says("unreadable", name=name, error=type(exc).__name__, problem=exc)
                )


def _copy_limited(archive: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, limit: int):
    """Unpack one entry, stopping past ``limit`` bytes (a zip may understate its sizes)."""
    written = 0
    with archive.open(info) as src, target.open("wb") as out:
        while chunk := src.read(1 << 20):
            written += len(chunk)
            if written > limit:
                return None
            out.write(chunk)
    return written


def walk(root: Path, limits: Limits, skipped: list[str]) -> list[Path]:
    """Files under ``root`` that are safe to read (links, hidden files: skipped and listed)."""
    files: list[Path] = []
    for folder, dirs, names in os.walk(root, followlinks=False):
        here = Path(folder)
        for d in list(dirs):
            rel = (here / d).relative_to(root).as_posix()
            reason = _unsafe_reason(rel)
            if (here / d).is_symlink():
                reason = "a link, not a folder"
            if reason is not None:
                skipped.append(f"{rel}/: {reason}")
                dirs.remove(d)
        dirs.sort()
        for n in sorted(names):
            path = here / n
            rel = path.relative_to(root).as_posix()
            reason = _unsafe_reason(rel)
            if reason is None and path.is_symlink():
                reason = "a link, not a file"
            if reason is not None:
                skipped.append(f"{rel}: {reason}")
                continue
            files.append(path)
            if len(files) > limits.entries:
                skipped.append(_says("too_many_files", name=rel, limit=limits.entries))
                return files[: limits.entries]
    return files


def unpacked(source: Path, tmp: Path, limits: Limits, skipped: list[str]) -> Path:
    """The folder to read submissions from: ``source`` itself, or a zip file unpacked in ``tmp``."""
    if not source.is_file():
        return source
    if not zipfile.is_zipfile(source):
        raise UserInputError(f"{source}: not a zip file (give a folder or a .zip)")
    try:
        _extract_zip(source, tmp, limits, skipped)
    except zipfile.BadZipFile as exc:
        raise UserInputError(f"{source}: a damaged zip file ({exc})") from None
    return tmp


def within_notebook_limit(
    root: Path, files: list[Path], limits: Limits, skipped: list[str]
) -> list[Path]:
    """``files`` without the notebooks larger than a notebook may be (each named as skipped)."""
    kept = []
    for f in files:
        if f.suffix == ".ipynb" and f.stat().st_size > limits.notebook_bytes:
            skipped.append(
                _says(
                    "notebook_too_large",
                    name=f.relative_to(root).as_posix(),
                    size=f.stat().st_size,
                    limit=limits.notebook_bytes,
                )
            )
            continue
        kept.append(f)
    return kept
