"""Test-session set-up shared by tests/ and the nbval run over notebooks/.

Every test run gets its own progress store, so tests never touch a learner's real progress,
and plotting is headless.
"""

import os
import tempfile

_tmp = tempfile.mkdtemp(prefix="bonecourse-test-")
os.environ["BONECOURSE_PROGRESS"] = os.path.join(_tmp, "progress.sqlite")
os.environ.setdefault("MPLBACKEND", "Agg")
