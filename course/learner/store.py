"""The learner's progress store: every self-check attempt, kept in SQLite.

Where: ``BONECOURSE_PROGRESS`` if set, else ``progress.sqlite`` in the user's data directory
(platformdirs). Safe with two notebooks open at once and with a kernel killed mid-write: the
database runs in WAL mode, every write is one transaction, and writers wait for each other
(``busy_timeout``).

The file itself (where it is, creating it, opening it whatever state it is in, transactions) is
:class:`course.learner.store_file.ProgressFile`, which :class:`ProgressStore` builds on.
"""

from __future__ import annotations

import csv
import io
import json
import os
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from course.learner.store_file import (
    _COLUMNS,
    SCHEMA_VERSION,
    ProgressFile,
    ProgressStoreError,
    ProgressWarning,
    default_path,
)

__all__ = [
    "SCHEMA_VERSION",
    "Attempt",
    "ProgressFile",
    "ProgressStore",
    "ProgressStoreError",
    "ProgressWarning",
    "default_path",
    "elapsed",
    "get_store",
]


@dataclass(frozen=True)
class Attempt:
    """One recorded attempt."""

    id: int
    item_id: str
    module: str
    answer: object
    correct: bool | None
    fraction: float
    confidence: str | None
    ts: str
    seconds: float | None


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


class ProgressStore(ProgressFile):
    """A learner's attempts and events in one SQLite file.

    Parameters
    ----------
    path
        The database file; default :func:`default_path`.
    """

    # -- writing ------------------------------------------------------------------------
    def record(
        self,
        item_id: str,
        module: str,
        answer: object,
        correct: bool | None,
        fraction: float = 0.0,
        confidence: str | None = None,
        seconds: float | None = None,
        ts: str | None = None,
    ) -> int:
        """Record one attempt and return its row id."""
        with self._tx() as conn:
            cur = conn.execute(
                "INSERT INTO attempts(item_id, module, answer, correct, fraction, confidence, ts,"
                " seconds) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    item_id,
                    module,
                    json.dumps(answer),
                    None if correct is None else int(bool(correct)),
                    float(fraction),
                    confidence,
                    ts or _now(),
                    seconds,
                ),
            )
            return int(cur.lastrowid)

    def log_event(
        self, kind: str, module: str | None = None, detail: str = "", ts: str | None = None
    ) -> None:
        """Record an event such as opening a module (used for time spent)."""
        with self._tx() as conn:
            conn.execute(
                "INSERT INTO events(kind, module, detail, ts) VALUES (?, ?, ?, ?)",
                (kind, module, detail, ts or _now()),
            )

    # -- reading ------------------------------------------------------------------------
    def attempts(self, item_id: str | None = None, module: str | None = None) -> list[Attempt]:
        """Attempts in the order they were made, optionally for one item or module."""
        sql = (
            "SELECT id, item_id, module, answer, correct, fraction, confidence, ts, seconds "
            "FROM attempts"
        )
        where, args = [], []
        if item_id is not None:
            where.append("item_id = ?")
            args.append(item_id)
        if module is not None:
            where.append("module = ?")
            args.append(module)
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY id"
        with self._read() as conn:
            rows = conn.execute(sql, args).fetchall()
        return [
            Attempt(
                r[0],
                r[1],
                r[2],
                json.loads(r[3]),
                None if r[4] is None else bool(r[4]),
                r[5],
                r[6],
                r[7],
                r[8],
            )
            for r in rows
        ]

    def events(self, kind: str | None = None) -> list[dict]:
        """Events (module openings and the like) in order."""
        sql = "SELECT kind, module, detail, ts FROM events"
        args: list = []
        if kind:
            sql += " WHERE kind = ?"
            args.append(kind)
        with self._read() as conn:
            rows = conn.execute(sql + " ORDER BY id", args).fetchall()
        return [dict(kind=r[0], module=r[1], detail=r[2], ts=r[3]) for r in rows]

    def latest(self) -> dict[str, Attempt]:
        """The most recent attempt at each item."""
        out: dict[str, Attempt] = {}
        for a in self.attempts():
            out[a.item_id] = a
        return out

    def count(self) -> int:
        """How many attempts the store holds."""
        with self._read() as conn:
            return int(conn.execute("SELECT count(*) FROM attempts").fetchone()[0])

    # -- export and reset ---------------------------------------------------------------
    def export_json(self, path: str | os.PathLike | None = None) -> str:
        """All attempts and events as JSON; written to ``path`` when given."""
        data = {
            "exported": _now(),
            "schema_version": SCHEMA_VERSION,
            "attempts": [a.__dict__ for a in self.attempts()],
            "events": self.events(),
        }
        text = json.dumps(data, indent=2)
        if path is not None:
            Path(path).write_text(text, encoding="utf-8")
        return text

    def export_csv(self, path: str | os.PathLike | None = None) -> str:
        """All attempts as CSV (one row each); written to ``path`` when given."""
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(_COLUMNS)
        for a in self.attempts():
            writer.writerow(
                [
                    a.id,
                    a.item_id,
                    a.module,
                    json.dumps(a.answer),
                    "" if a.correct is None else int(a.correct),
                    a.fraction,
                    a.confidence or "",
                    a.ts,
                    "" if a.seconds is None else a.seconds,
                ]
            )
        text = buf.getvalue()
        if path is not None:
            Path(path).write_text(text, encoding="utf-8", newline="")
        return text

    def reset(self, keep_backup: bool = True) -> Path | None:
        """Delete every attempt and event.

        By default a JSON backup is written first; its path is returned.
        """
        backup = None
        if keep_backup and self.count():
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
            backup = self.path.with_name(f"{self.path.stem}.backup-{stamp}.json")
            self.export_json(backup)
        with self._tx() as conn:
            conn.execute("DELETE FROM attempts")
            conn.execute("DELETE FROM events")
        return backup


_store_cache: dict[str, ProgressStore] = {}


def get_store() -> ProgressStore:
    """The progress store at the current default path (one object per path per process)."""
    path = default_path()
    key = str(path.resolve()) if path.exists() else str(path)
    store = _store_cache.get(key)
    if store is None or not store.path.exists():
        store = ProgressStore(path)
        _store_cache[key] = store
    return store


def elapsed(start: float) -> float:
    """Seconds since ``start`` (a ``time.monotonic()`` value), rounded for storage."""
    return round(time.monotonic() - start, 2)
