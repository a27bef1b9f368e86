"""Shared by the workshop tests: one runtime (course copy and learners' Python) for every hub."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from bc_hub import missing  # noqa: E402


@pytest.fixture(scope="session")
def hub_runtime():
    """A runtime folder kept for the whole session (the learners' Python is built once)."""
    reason = missing()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"the workshop test must run in CI: {reason}")
        pytest.skip(reason)
    kept = os.environ.get("BONECOURSE_TEST_HUB_RUNTIME")  # reuse one (faster), never deleted
    # not under /tmp: the grading sandbox gives each notebook its own empty /tmp, and the
    # learners' Python (which it runs) must be visible there, as /srv/bonecourse is
    runtime = Path(kept or tempfile.mkdtemp(prefix="bonecourse-workshop-", dir="/var/tmp"))
    runtime.mkdir(parents=True, exist_ok=True)
    runtime.chmod(0o755)
    yield runtime
    if not kept:
        shutil.rmtree(runtime, ignore_errors=True)


def pytest_configure(config):
    config.addinivalue_line("markers", "load: the full workshop load test (30 learners, slow)")


def pytest_collection_modifyitems(config, items):
    """The full load test runs only when asked for (``-m load``)."""
    if "load" in (config.option.markexpr or ""):
        return
    skip = pytest.mark.skip(reason="the full load test runs with -m load (about 15 minutes)")
    for item in items:
        if "load" in item.keywords:
            item.add_marker(skip)
