"""The learner's progress store: every self-check attempt, kept in SQLite.

Where: ``BONECOURSE_PROGRESS`` if set, else ``progress.sqlite`` in the user's data directory
(platformdirs). Safe with two notebooks open at once and with a kernel killed mid-write: the
database runs in WAL mode, every write is one transaction, and writers wait for each other
(``busy_timeout``). A file that is not a healthy SQLite database is moved aside (never emptied
in place) with a message naming both paths, and a fresh store is started.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import sqlite3
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS attempts (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    item_id     TEXT NOT NULL,
    module      TEXT NOT NULL,
    answer      TEXT NOT NULL,          -- JSON
    correct     INTEGER,                -- 1, 0, or NULL when not auto-marked
    fraction    REAL NOT NULL DEFAULT 0,
    confidence  TEXT,                   -- guessing / fairly sure / sure, or NULL
    ts          TEXT NOT NULL,          -- ISO 8601, UTC
    seconds     REAL                    -- time from showing the item to pressing Check
);
CREATE INDEX IF NOT EXISTS attempts_item ON attempts(item_id);
CREATE INDEX IF NOT EXISTS attempts_module ON attempts(module);
CREATE TABLE IF NOT EXISTS events (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    kind    TEXT NOT NULL,              -- e.g. module_opened
    module  TEXT,
    detail  TEXT,
    ts      TEXT NOT NULL
);
"""


class ProgressWarning(UserWarning):
    """Something happened to the progress file that the learner should know about."""


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


def default_path() -> Path:
    """``BONECOURSE_PROGRESS`` or ``<user data dir>/bonecourse/progress.sqlite``."""
    env = os.environ.get("BONECOURSE_PROGRESS")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("bonecourse", appauthor=False)) / "progress.sqlite"


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


class ProgressStore:
    """A learner's attempts and events in one SQLite file.

    Parameters
    ----------
    path
        The database file; default :func:`default_path`.
    """

    def __init__(self, path: str | os.PathLike | None = None):
        self.path = Path(path) if path is not None else default_path()
        self.moved_aside: Path | None = None
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._open()

    # -- opening and repair -------------------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        conn.execute("PRAGMA busy_timeout = 30000")
        return conn

    def _healthy(self) -> bool:
        try:
            conn = self._connect()
            try:
                conn.execute("PRAGMA journal_mode = WAL")
                ok = conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
                if ok:
                    conn.executescript(_SCHEMA)
                    conn.execute(
                        "INSERT OR IGNORE INTO meta(key, value) VALUES ('schema_version', ?)",
                        (str(SCHEMA_VERSION),),
                    )
                    conn.execute("SELECT count(*) FROM attempts").fetchone()
                return ok
            finally:
                conn.close()
        except sqlite3.DatabaseError:
            return False

    def _open(self) -> None:
        if self._healthy():
            return
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        aside = self.path.with_name(f"{self.path.stem}.corrupt-{stamp}{self.path.suffix}")
        n = 1
        while aside.exists():
            aside = self.path.with_name(f"{self.path.stem}.corrupt-{stamp}-{n}{self.path.suffix}")
            n += 1
        shutil.move(str(self.path), aside)
        for extra in ("-wal", "-shm"):
            side = Path(str(self.path) + extra)
            if side.exists():
                shutil.move(str(side), str(aside) + extra)
        self.moved_aside = aside
        warnings.warn(
            f"Your progress file {self.path} could not be read (it is damaged or is not a "
            f"progress database). It has been kept as {aside} so nothing is lost, and a fresh "
            "progress file has been started. A trainer can help recover the old one.",
            ProgressWarning,
            stacklevel=3,
        )
        if not self._healthy():  # pragma: no cover - a fresh file that fails is an OS problem
            raise OSError(f"Cannot create a progress database at {self.path}")

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        conn = self._connect()
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        finally:
            conn.close()

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        conn = self._connect()
        try:
            yield conn
        finally:
            conn.close()

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
        writer.writerow(
            [
                "id",
                "item_id",
                "module",
                "answer",
                "correct",
                "fraction",
                "confidence",
                "ts",
                "seconds",
            ]
        )
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
        """Delete every attempt and event. By default a JSON backup is written first;
        its path is returned."""
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
