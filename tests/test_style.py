"""Code style and the copying check run as tests, so `pytest` alone catches them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from course.paths import course_root

ROOT = course_root()


def test_ruff_is_clean():
    out = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "course", "tests", "bench", "tools"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stdout + out.stderr


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
