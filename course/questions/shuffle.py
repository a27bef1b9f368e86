"""Option orders: stable for one learner and one item, different between learners.

Every place a learner sees the options of a question (self-checks, graded quizzes, Anki, GIFT)
shows them in an order drawn from ``(seed, item id)``. The same seed and item always give the
same order (re-opening a notebook or pressing *Try again* shows the same order); another seed
gives, in general, another order. Marking is always by option key, never by position.

The order is a Fisher-Yates shuffle driven by SHA-256 of the seed and the item id, so it is the
same on every Python version and platform and can be recomputed by the grader from the seed
recorded with a submission or an export.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from collections.abc import Sequence
from pathlib import Path

#: environment variable that fixes the learner's seed (tests, shared accounts)
SEED_ENV = "BONECOURSE_LEARNER"


def _stream(seed: str, item_id: str):
    """An endless stream of 64-bit integers from SHA-256(seed, item id, counter)."""
    counter = 0
    while True:
        digest = hashlib.sha256(f"{seed}\x00{item_id}\x00{counter}".encode()).digest()
        for i in range(0, 32, 8):
            yield int.from_bytes(digest[i : i + 8], "big")
        counter += 1


def option_order(item_id: str, keys: Sequence[str], seed: str | int | None) -> list[str]:
    """The option keys of ``item_id`` in the order this ``seed`` shows them.

    ``seed=None`` keeps the bank's order (only for places that must have a fixed order, whose
    key positions the bank linter keeps balanced).
    """
    order = list(keys)
    if seed is None:
        return order
    numbers = _stream(str(seed), item_id)
    for i in range(len(order) - 1, 0, -1):
        j = next(numbers) % (i + 1)
        order[i], order[j] = order[j], order[i]
    return order


def _seed_file() -> Path:
    from course.learner.store import default_path

    return default_path().with_name("learner-seed")


def learner_seed() -> str:
    """The shuffle seed of this learner.

    ``BONECOURSE_LEARNER`` if set; else the JupyterHub user name (``JUPYTERHUB_USER``); else a
    random seed made once and kept beside the progress store (so a self-learner keeps one order
    across sessions). If that file cannot be written, a seed for this session only is used.
    """
    for name in (SEED_ENV, "JUPYTERHUB_USER"):
        value = os.environ.get(name, "").strip()
        if value:
            return value
    path = _seed_file()
    try:
        text = path.read_text(encoding="utf-8").strip()
        if text:
            return text
    except OSError:
        pass
    seed = secrets.token_hex(8)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # O_EXCL: two processes creating it at once agree on the first one written
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(seed + "\n")
    except FileExistsError:
        text = path.read_text(encoding="utf-8").strip()
        return text or seed
    except OSError:
        return _session_seed(seed)
    return seed


_SESSION: list[str] = []


def _session_seed(seed: str) -> str:
    if not _SESSION:
        _SESSION.append(seed)
    return _SESSION[0]
