"""Fixtures for the real programs the export tests hand their files to: the ``anki`` package
(``anki_collection``: a fresh, empty collection) and the ``gift-pegjs`` parser under node
(``gift_parser``: a function from a GIFT file to the parsed questions). Outside CI a missing
client skips its test with the reason and the install command; in CI (``CI`` set) a missing
client fails the test."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

JS_DIR = Path(__file__).parent / "js"


def missing(reason: str) -> None:
    """Skip outside CI, fail in CI."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI must install it)")
    pytest.skip(reason)


@pytest.fixture
def anki_collection(tmp_path):
    """A new, empty Anki collection (closed after the test)."""
    try:
        from anki.collection import Collection
    except ImportError:
        missing("the 'anki' package is not installed: pip install anki")
    (tmp_path / "learner").mkdir()
    col = Collection(str(tmp_path / "learner" / "collection.anki2"))
    yield col
    col.close()


@pytest.fixture
def gift_parser():
    """:func:`parse_gift`, once node and gift-pegjs are known to be there."""
    if shutil.which("node") is None:
        missing("node is not installed")
    if not (JS_DIR / "node_modules" / "gift-pegjs").is_dir():
        missing(f"gift-pegjs is not installed: npm ci --prefix {JS_DIR}")
    return parse_gift


def parse_gift(path: Path) -> list[dict]:
    """The GIFT file parsed by gift-pegjs (a list of questions, as the parser gives them)."""
    done = subprocess.run(
        ["node", str(JS_DIR / "parse_gift.js"), str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, f"gift-pegjs refused the file:\n{done.stderr}"
    return json.loads(done.stdout)
