"""Code style and the copying check run as tests, so `pytest` alone catches them.

`make lint` runs the same two ruff commands (lint, then format check) over the same folders.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from course.paths import course_root

ROOT = course_root()
LINTED = ("course", "tests", "bench", "tools")


def _ruff(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ruff", *args, *LINTED],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_ruff_is_clean():
    out = _ruff("check", "--output-format", "concise")
    assert out.returncode == 0, out.stdout + out.stderr


def test_ruff_format_leaves_every_file_as_it_is():
    out = _ruff("format", "--check")
    assert out.returncode == 0, "run `make format`:\n" + out.stdout + out.stderr


def test_the_package_is_held_to_numpy_docstrings_and_a_complexity_limit():
    ruff = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["ruff"]
    lint = ruff["lint"]
    assert {"D", "C901"} <= set(lint["select"])
    assert lint["pydocstyle"]["convention"] == "numpy"
    assert lint["mccabe"]["max-complexity"] <= 15
    assert set(lint["ignore"]) & {"D", "C901"} == set()
    assert {r for r in lint["ignore"] if r.startswith("D")} <= {"D105", "D107", "D401"}
    # no per-file ignore reaches into the package
    for pattern, rules in lint.get("per-file-ignores", {}).items():
        assert not pattern.startswith(("course", "**", "*")), (pattern, rules)


def test_the_make_lint_target_runs_what_the_tests_run():
    makefile = (ROOT / "Makefile").read_text()
    folders = " ".join(LINTED)
    assert f"ruff check {folders}" in makefile
    assert f"ruff format --check {folders}" in makefile


def test_nothing_is_copied_from_the_sources():
    checker = ROOT.parent / "shared" / "tools" / "check_copying.py"
    if not checker.exists():
        pytest.skip(f"the shared copying checker is not beside the checkout ({checker})")
    paths = [
        p
        for p in ("notebooks", "quizzes/bank", "course", "assets", "README.md")
        if (ROOT / p).exists()
    ]
    out = subprocess.run(
        [sys.executable, str(checker), "--strict", *paths],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, "copied from the sources:\n" + out.stdout[-4000:]


def test_generated_folders_are_ignored():
    ignored = (ROOT / ".gitignore").read_text()
    for folder in (
        "quizzes/release/",
        "quizzes/submitted/",
        "quizzes/autograded/",
        "quizzes/feedback/",
        ".venv/",
    ):
        assert folder in ignored
    assert Path(ROOT / "conftest.py").exists()
