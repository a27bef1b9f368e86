"""Every committed quiz: ``nbgrader validate`` passes on the source and fails on the released
copy, which holds neither solutions nor hidden tests.

The released copy is made in process with the preprocessors ``nbgrader generate_assignment``
runs (no gradebook needed), and validated with nbgrader's own Validator.
"""

from __future__ import annotations

import shutil

import nbformat
import pytest

from course.grading.feedback import leaks, secret_lines
from course.paths import quizzes_dir

SOURCES = sorted((quizzes_dir() / "source").glob("quiz_*/quiz_*.ipynb"))


def _config():
    from traitlets.config import PyFileConfigLoader

    return PyFileConfigLoader("nbgrader_config.py", path=str(quizzes_dir())).load_config()


def _release(source, target, config):
    from nbgrader.preprocessors import (
        ClearHiddenTests,
        ClearOutput,
        ClearSolutions,
        ComputeChecksums,
        LockCells,
    )

    nb = nbformat.read(source, as_version=4)
    resources = {}
    for pp in (
        LockCells,
        ClearSolutions,
        ClearOutput,
        ComputeChecksums,
        ClearHiddenTests,
        ComputeChecksums,
    ):
        nb, resources = pp(config=config).preprocess(nb, resources)
    nbformat.write(nb, target)


def _validate(path, config):
    from nbgrader.validator import Validator

    return Validator(config=config).validate(str(path))


@pytest.mark.slow
@pytest.mark.parametrize("source", SOURCES, ids=[p.parent.name for p in SOURCES])
def test_validate_passes_on_source_and_fails_on_release(source, tmp_path):
    config = _config()
    src = tmp_path / "source.ipynb"
    shutil.copy(source, src)
    assert _validate(src, config) == {}, "nbgrader validate should pass on the source"

    released = tmp_path / "released.ipynb"
    _release(source, released, config)
    assert leaks(released, secret_lines(source, released)) == []
    # one run gives both facts: it runs without an error, and validation fails (unanswered)
    from nbgrader.validator import Validator

    validator = Validator(config=config)
    executed = validator._preprocess(nbformat.read(released, as_version=4))
    errors = [o for c in executed.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert not errors, "an unanswered quiz must run without an exception"
    assert "Not answered yet" in nbformat.writes(executed)
    assert validator._get_failed_cells(executed), "an unanswered quiz should fail validation"


@pytest.mark.slow
def test_a_quiz_answered_only_by_clicking_passes_validation(tmp_path):
    """The controls' saved answers (no typed line) are read back by the kernel: nbgrader's
    Validate button says the quiz is complete."""
    import ast

    from course.grading import saved

    source = next(p for p in SOURCES if p.parent.name == "quiz_00_start_here")
    config = _config()
    quiz = source.stem
    folder = tmp_path / quiz
    folder.mkdir()
    released = folder / f"{quiz}.ipynb"
    _release(source, released, config)
    nb = nbformat.read(released, as_version=4)
    setup = next(c for c in nb.cells if c.metadata["nbgrader"]["grade_id"] == "setup")
    tree = ast.parse(setup.source)
    questions = next(
        ast.literal_eval(n.value)
        for n in tree.body
        if isinstance(n, ast.Assign) and n.targets[0].id == "QUESTIONS"
    )
    values = {"numeric": "2.5", "text": "A written answer of a few words."}
    for item_id, q in questions.items():
        order = [k for k, _ in q.get("options", [])]
        if q["type"] == "case":
            order = [[k for k, _ in st["options"]] for st in q["steps"]]
        value = {"single": order[:1] and order[0], "multiple": order[:1]}.get(q["type"])
        if q["type"] == "case":
            value = [o[0] for o in order]
        value = values.get(q["type"], value)
        rec = saved.new_record(quiz, item_id, q["type"], order, value, seed="v", seq=1)
        cell = next(
            c
            for c in nb.cells
            if c.metadata["nbgrader"]["grade_id"] in (f"{item_id}-answer", item_id)
        )
        cell.outputs = [nbformat.from_dict(saved.record_output(rec))]
    nbformat.write(nb, released)
    assert _validate(released, config) == {}, "a quiz answered by clicking should validate"
