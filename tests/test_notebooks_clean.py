"""Notebooks are committed without outputs, follow the module layout, and name their sources."""

from __future__ import annotations

import json
import re

import pytest

from course.paths import notebooks_dir

NOTEBOOKS = sorted(notebooks_dir().glob("*.ipynb"))
MODULES = [p for p in NOTEBOOKS if re.match(r"\d\d_", p.name)]


def cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_committed_without_outputs(path):
    for n, cell in enumerate(cells(path)):
        if cell["cell_type"] == "code":
            assert not cell.get("outputs"), f"{path.name} cell {n} has outputs"
            assert cell.get("execution_count") is None, f"{path.name} cell {n} has a count"


@pytest.mark.parametrize("path", MODULES, ids=[p.name for p in MODULES])
def test_module_layout(path):
    text = "\n".join("".join(c["source"]) for c in cells(path) if c["cell_type"] == "markdown")
    for heading in ("Learning objectives", "Key points", "Sources"):
        assert heading in text, f"{path.name} lacks a '{heading}' section"
    code = [c for c in cells(path) if c["cell_type"] == "code"]
    assert code and "import course" in "".join(code[0]["source"])
    for n, cell in enumerate(code):
        lines = [ln for ln in "".join(cell["source"]).splitlines() if ln.strip()]
        assert len(lines) <= 3, (
            f"{path.name} code cell {n} has {len(lines)} lines; keep cells short"
        )
        assert "def " not in "".join(cell["source"]), f"{path.name}: no definitions in notebooks"


def test_start_here_exists():
    assert (notebooks_dir() / "00_start_here.ipynb").exists()
