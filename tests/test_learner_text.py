"""Nothing a learner sees mentions the internal fact sheet, its numbers, seed files, file hashes,
confidence tags or how a text was written.

Walks every notebook cell (markdown and code), every text field of the question bank
(``assets/bank`` and ``quizzes/bank``) and every string of every asset data file, and fails with
the file and the place of each mention. ``source`` fields are checked separately: they must be
bibliography keys (see ``tests/test_bibliography.py``). Python string literals are scanned too;
a Python file the content team does not own may stay on ``KNOWN_PYTHON`` until its owner renders
its text through :mod:`course.bibliography`.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
import yaml

from course.paths import assets_dir, bank_dir, course_root, notebooks_dir, practice_bank_dir

#: Each internal-note pattern, with the reason a learner must not meet it.
PATTERNS = {
    "fact-sheet number": re.compile(r"\bFACTS\b(?:\.md)?"),
    "the fact sheet": re.compile(r"\bfact[- ]sheet\b", re.I),
    "a seed file": re.compile(r"\bseeds?\s*(?:0\d\d|files?|documents?)\b", re.I),
    "a confidence tag": re.compile(r"\[(?:GK|V2?|C)\]"),
    # a hash mixes digits and letters a-f; a DOI's long run of digits is no hash
    "a file hash": re.compile(r"(?<![0-9a-f])(?=[0-9]*[a-f])[0-9a-f]{16}(?:\.txt)?\b"),
    "the source folder": re.compile(r"shared/sources|\bsource files?\b", re.I),
    "how the text was written": re.compile(
        r"general (?:physiology |textbook )?background|not from the fact|the authors could"
        r"|could not (?:be )?checked|how (?:this|the) (?:text|course) was (?:written|drafted)"
        r"|the finer details here",
        re.I,
    ),
}

#: Python files that still show a learner an internal note, by path: (line, what) until fixed.
KNOWN_PYTHON: dict[str, str] = {}


def find_internal_notes(text: str) -> list[str]:
    """Every internal-note mention in ``text``, as ``'<kind>: "<match>"'``."""
    return [
        f'{kind}: "{m.group(0)}"'
        for kind, pattern in PATTERNS.items()
        for m in pattern.finditer(text)
    ]


def _strings(node, where: str, skip: frozenset[str] = frozenset()) -> Iterator[tuple[str, str]]:
    """Every string inside parsed YAML/JSON, with its place (``items/m03-x/stem``)."""
    if isinstance(node, str):
        yield where, node
    elif isinstance(node, dict):
        for key, value in node.items():
            if key in skip:
                continue
            label = value.get("id") or value.get("key") if isinstance(value, dict) else None
            yield from _strings(value, f"{where}/{label or key}", skip)
    elif isinstance(node, list):
        for n, value in enumerate(node):
            label = value.get("id") or value.get("key") if isinstance(value, dict) else None
            yield from _strings(value, f"{where}/{label or n}", skip)


def _load(path: Path):
    text = path.read_text(encoding="utf-8")
    return json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)


def _relative(path: Path) -> str:
    return str(path.relative_to(course_root()))


NOTEBOOKS = sorted(notebooks_dir().glob("*.ipynb"))
BANK_FILES = sorted(practice_bank_dir().glob("*.yml")) + sorted(bank_dir().glob("*.yml"))
ASSET_FILES = sorted(
    p
    for p in assets_dir().rglob("*")
    if p.suffix in (".yml", ".yaml", ".json") and "bank" not in p.relative_to(assets_dir()).parts
)


def test_the_patterns_catch_what_they_should_and_spare_plain_words():
    for text in (
        "FACTS 4.18",
        "see the fact sheet",
        "seed 002 says",
        "[GK]",
        "file 002_a27caf6229d6eacc.txt",
        "general background, not from the fact sheet",
    ):
        assert find_internal_notes(text), text
    for text in (
        "the seed and soil idea",
        "NICE NG234 (2023)",
        "summary written by the NICE guideline team",
        "the facts of the case",
    ):
        assert not find_internal_notes(text), text


def test_every_place_is_walked():
    assert len(NOTEBOOKS) >= 8 and len(BANK_FILES) >= 14 and len(ASSET_FILES) >= 30


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_cells(path):
    nb = nbformat.read(path, as_version=4)
    found = [
        f"{path.name} cell {n} ({cell.cell_type}): {hit}"
        for n, cell in enumerate(nb.cells)
        for hit in find_internal_notes(cell.source)
    ]
    assert not found, "\n".join(found)


@pytest.mark.parametrize("path", BANK_FILES, ids=_relative)
def test_bank_text_fields(path):
    found = [
        f"{_relative(path)}: {where}: {hit}"
        for where, text in _strings(_load(path), "", skip=frozenset({"source"}))
        for hit in find_internal_notes(text)
    ]
    assert not found, "\n".join(found)


@pytest.mark.parametrize("path", ASSET_FILES, ids=_relative)
def test_asset_strings(path):
    found = [
        f"{_relative(path)}: {where}: {hit}"
        for where, text in _strings(_load(path), "", skip=frozenset({"source"}))
        for hit in find_internal_notes(text)
    ]
    assert not found, "\n".join(found)


def _python_strings(path: Path) -> Iterator[tuple[int, str]]:
    """String literals of a Python file other than docstrings, with their line."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if id(node) not in docstrings:
                yield node.lineno, node.value


PYTHON_FILES = sorted(
    p
    for p in (course_root() / "course").rglob("*.py")
    if p.name not in ("bank_lint.py",)  # the linter's own pattern names what it forbids
)


def test_python_strings_shown_to_learners():
    found = []
    for path in PYTHON_FILES:
        rel = _relative(path)
        if rel in KNOWN_PYTHON:
            continue
        found += [
            f"{rel}:{line}: {hit}"
            for line, text in _python_strings(path)
            for hit in find_internal_notes(text)
        ]
    assert not found, "\n".join(found)


def test_known_python_exceptions_are_still_needed():
    for rel in KNOWN_PYTHON:
        path = course_root() / rel
        hits = [hit for _, text in _python_strings(path) for hit in find_internal_notes(text)]
        assert hits, f"{rel} no longer shows an internal note: remove it from KNOWN_PYTHON"
