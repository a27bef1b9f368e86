"""Stage 1 of autograding, in the grading process: read a submission and make it ready to run.

A broken file (empty, not JSON, not a notebook) becomes a named problem; deleted quiz cells are
put back from the released version (a deleted check cell is restored so the answer is still
marked; a deleted answer cell counts as "not answered"); edited locked cells are restored
(nbgrader's ``OverwriteCells``) and named.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

from course.grading.answers import code_beyond_answers
from course.grading.settings import QuietNbgraderLog, Settings, grade_id, nbgrader_resources


def read_submission(path: Path):
    """Read a submitted notebook, or raise ``ValueError`` naming what is wrong with the file."""
    import nbformat

    if not path.exists():
        raise ValueError("no notebook submitted")
    raw = path.read_bytes()
    if not raw.strip():
        raise ValueError("the notebook file is empty")
    try:
        data = json.loads(raw.decode("utf-8", errors="replace"))
    except json.JSONDecodeError as exc:
        raise ValueError(
            f"the file is not a notebook (invalid JSON at line {exc.lineno})"
        ) from None
    if not isinstance(data, dict) or "cells" not in data:
        raise ValueError("the file is not a notebook (no cells)")
    try:
        nb = nbformat.reads(json.dumps(data), as_version=4)
    except Exception as exc:  # nbformat raises a variety of errors for malformed notebooks
        raise ValueError(
            f"the file is not a readable notebook ({exc.__class__.__name__})"
        ) from None
    for cell in nb.cells:
        if "cell_type" not in cell or "source" not in cell:
            raise ValueError("the notebook has malformed cells")
        if isinstance(cell.source, list):
            cell.source = "".join(cell.source)
    return nb


def restore_missing_cells(nb, released) -> list[str]:
    """Put back quiz cells the learner deleted, in their place; return their grade ids.

    Cells come from the released notebook (answer cells as unanswered stubs). A restored
    check cell is then overwritten with the trainer's version by ``OverwriteCells``.
    """
    present = {grade_id(c) for c in nb.cells if grade_id(c)}
    restored = []
    for index, cell in enumerate(released.cells):
        gid = grade_id(cell)
        if not gid or gid in present:
            continue
        # insert after the nearest earlier released cell that the submission has
        position = 0
        for earlier in reversed(released.cells[:index]):
            egid = grade_id(earlier)
            if egid in present:
                position = next(i for i, c in enumerate(nb.cells) if grade_id(c) == egid) + 1
                break
        nb.cells.insert(position, copy.deepcopy(cell))
        present.add(gid)
        restored.append(gid)
    return restored


def reattach_metadata(nb, released) -> list[str]:
    """Give quiz cells whose nbgrader metadata was stripped their metadata back.

    Another editor or tool may strip it. Cells are matched to the released quiz by content;
    returns their grade ids.

    A locked cell matches a cell with the same text; an answer cell is the learner's cell of
    the same kind that comes next, before the next locked cell. Only done when the notebook
    has no quiz metadata left at all (one edited cell is restored as usual).
    """
    if any(grade_id(c) for c in nb.cells):
        return []
    matched: list[str] = []
    position = 0
    for cell in released.cells:
        meta = cell.get("metadata", {}).get("nbgrader")
        if not meta or not meta.get("grade_id"):
            continue
        if meta.get("locked"):
            for index in range(position, len(nb.cells)):
                candidate = nb.cells[index]
                if (
                    candidate.cell_type == cell.cell_type
                    and candidate.source.strip() == cell.source.strip()
                ):
                    candidate.setdefault("metadata", {})["nbgrader"] = copy.deepcopy(meta)
                    matched.append(meta["grade_id"])
                    position = index + 1
                    break
            continue
        # an answer cell: the next cell of its kind that is not a later locked cell
        later_locked = {
            c.source.strip()
            for c in released.cells
            if c.get("metadata", {}).get("nbgrader", {}).get("locked")
        }
        for index in range(position, len(nb.cells)):
            candidate = nb.cells[index]
            if candidate.source.strip() in later_locked:
                break
            if candidate.cell_type == cell.cell_type:
                candidate.setdefault("metadata", {})["nbgrader"] = copy.deepcopy(meta)
                matched.append(meta["grade_id"])
                position = index + 1
                break
    return matched


def prepare(settings: Settings, quiz: str, student: str, released, work_path: Path) -> list[str]:
    """Stage 1 for one learner: write the notebook ready to run to ``work_path``.

    The notebook as submitted (outputs kept: saved answers are read from them) goes beside it,
    as :func:`marking_path` names it, for the grader to mark.

    Returns
    -------
    list of str
        What was noticed and repaired (the learner is still graded).

    Raises
    ------
    ValueError
        When the submission cannot be graded; the message names why.
    """
    import nbformat
    from nbgrader.preprocessors import (
        CheckCellMetadata,
        ClearOutput,
        DeduplicateIds,
        OverwriteCells,
        OverwriteKernelspec,
    )

    submitted = settings.course_dir / "submitted" / student / quiz / f"{quiz}.ipynb"
    nb = read_submission(submitted)
    problems = []
    reattached = reattach_metadata(nb, released)
    if reattached:
        problems.append(
            "the notebook had lost its quiz metadata (saved by another editor?): its cells were "
            f"matched to the quiz by their content ({len(reattached)} found) and marked"
        )
    marking_path(work_path).write_text(nbformat.writes(nb), encoding="utf-8")
    resources = nbgrader_resources(settings, quiz, student)
    nb, resources = ClearOutput(config=settings.config).preprocess(nb, resources)
    nb, resources = DeduplicateIds(config=settings.config).preprocess(nb, resources)
    restored = restore_missing_cells(nb, released)
    if restored:
        problems.append("deleted quiz cell(s) put back: " + ", ".join(restored))
    released_locked = {
        grade_id(c): c.source.rstrip()
        for c in released.cells
        if c.get("metadata", {}).get("nbgrader", {}).get("locked")
    }
    edited = sorted(
        grade_id(c)
        for c in nb.cells
        if grade_id(c) in released_locked
        and grade_id(c) not in restored
        and c.source.rstrip() != released_locked[grade_id(c)]
    )
    with QuietNbgraderLog():
        nb, resources = OverwriteKernelspec(config=settings.config).preprocess(nb, resources)
        nb, resources = OverwriteCells(config=settings.config).preprocess(nb, resources)
    if edited:
        problems.append("edited locked cell(s) put back as released: " + ", ".join(edited))
    extra = code_beyond_answers(nb)
    if extra:
        problems.append(
            "code other than the answers (it ran in the sandbox; the marks are the grader's; "
            "look at it): " + ", ".join(extra)
        )
    try:
        nb, resources = CheckCellMetadata(config=settings.config).preprocess(nb, resources)
    except Exception as exc:
        raise ValueError(f"the quiz cells' metadata is damaged ({exc})") from None
    work_path.write_text(nbformat.writes(nb), encoding="utf-8")
    return problems


def marking_path(work_path: Path) -> Path:
    """Where :func:`prepare` keeps the notebook as submitted, for the grader to mark."""
    return work_path.with_name(work_path.stem + ".submitted.ipynb")


def submission_timestamp(settings: Settings, quiz: str, student: str):
    """The time in the submission's ``timestamp.txt`` (``None`` when there is none).

    Raises
    ------
    ValueError
        When the file does not hold a date (the message quotes it).
    """
    from nbgrader.coursedir import CourseDirectory

    folder = settings.course_dir / "submitted" / student / quiz
    coursedir = CourseDirectory(root=str(settings.course_dir))
    try:
        return coursedir.get_existing_timestamp(str(folder))
    except Exception:  # nbgrader raises AttributeError, ValueError, OverflowError, ...
        try:
            text = (folder / "timestamp.txt").read_text(encoding="utf-8", errors="replace")
        except OSError:
            text = ""
        raise ValueError(
            f"timestamp.txt does not hold a date ({text.strip()[:40]!r}); graded without a "
            "submission time, so no late penalty was applied"
        ) from None


def released_notebook(settings: Settings, quiz: str):
    """The learners' copy of ``quiz`` (what deleted cells are restored from)."""
    import nbformat

    path = settings.course_dir / "release" / quiz / f"{quiz}.ipynb"
    if not path.exists():
        raise FileNotFoundError(
            f"{path} does not exist: release the quiz first (bonecourse quiz release {quiz})"
        )
    return nbformat.read(path, as_version=4)
