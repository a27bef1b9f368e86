"""The file behind the learner's progress store: where it is, and opening it safely.

Opening tells the truth about the file, and moves it aside only when it is damaged:

- **no file**: a new store is built in a temporary file beside it and linked into place in one
  step, so two processes creating it at once both end up with the same healthy store;
- **damaged** (SQLite says it is not a database, or its integrity check fails): it is moved
  aside (never emptied in place), with a message naming both paths, and a fresh store started;
- **read-only** (file, folder or file system): it is opened read-only; the history shows, and
  saving an answer raises :class:`ProgressStoreError` saying why (a message, not a crash);
- **busy** (another program holds it locked for longer than ``timeout``): it is left as it is,
  with a warning saying so; reading and writing wait for it again each time;
- **a folder** at the path, or a SQLite file with other tables under our names: refused with
  :class:`ProgressStoreError`, and nothing is renamed.
"""

from __future__ import annotations

import os
import secrets
import shutil
import sqlite3
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
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


_COLUMNS = (
    "id",
    "item_id",
    "module",
    "answer",
    "correct",
    "fraction",
    "confidence",
    "ts",
    "seconds",
)


class ProgressWarning(UserWarning):
    """Something happened to the progress file that the learner should know about."""


class ProgressStoreError(OSError):
    """The progress file cannot be used as asked; the message says why and what to do."""


# SQLite's primary result codes (https://sqlite.org/rescode.html) that the opening relies on
_BUSY_CODES = {5, 6}  # SQLITE_BUSY, SQLITE_LOCKED
_READONLY_CODES = {8}  # SQLITE_READONLY
_DAMAGED_CODES = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB


def _code(exc: sqlite3.Error) -> int:
    """The primary SQLite result code of an error (``-1`` when unknown)."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is None:  # pragma: no cover - Python before 3.11
        text = str(exc).lower()
        if "locked" in text or "busy" in text:
            return 5
        if "readonly" in text or "read-only" in text:
            return 8
        if "not a database" in text or "malformed" in text:
            return 26
        return -1
    return int(code) & 0xFF


def default_path() -> Path:
    """``BONECOURSE_PROGRESS`` or ``<user data dir>/bonecourse/progress.sqlite``."""
    env = os.environ.get("BONECOURSE_PROGRESS")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("bonecourse", appauthor=False)) / "progress.sqlite"


class ProgressFile:
    """The SQLite file behind a :class:`course.learner.store.ProgressStore`.

    Opened whatever state it is in (see the module docstring), with one transaction per write.

    Parameters
    ----------
    path
        The database file; default :func:`default_path`.
    timeout
        Seconds to wait for another program's lock before calling the file busy.
    """

    def __init__(self, path: str | os.PathLike | None = None, timeout: float = 30.0):
        self.path = Path(path) if path is not None else default_path()
        self.timeout = float(timeout)
        self.moved_aside: Path | None = None
        #: ``"ok"``, ``"read-only"`` or ``"busy"``: how the file was found when opened
        self.status = "ok"
        if self.path.is_dir():
            raise ProgressStoreError(
                f"{self.path} is a folder, not a progress file; nothing was changed. Point "
                "BONECOURSE_PROGRESS (or --path) at a file name inside it, for example "
                f"{self.path / 'progress.sqlite'}."
            )
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ProgressStoreError(
                f"Cannot make the folder for the progress file {self.path}: {exc.strerror or exc}"
            ) from None
        self._open()

    @property
    def read_only(self) -> bool:
        """True when the file could only be opened for reading."""
        return self.status == "read-only"

    # -- opening and repair -------------------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        if self.read_only:
            conn = self._connect_read_only()
        else:
            conn = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)
        conn.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")
        return conn

    def _connect_read_only(self) -> sqlite3.Connection:
        uri = self.path.resolve().as_uri()
        try:
            conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, isolation_level=None)
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return conn
        except sqlite3.OperationalError:
            # a WAL file in a folder that cannot be written: SQLite cannot make its -shm file,
            # so read the file as it stands (nothing else can be writing to it either)
            return sqlite3.connect(f"{uri}?immutable=1", uri=True, isolation_level=None)

    def _writable(self) -> bool:
        folder = self.path.parent
        return os.access(self.path, os.W_OK) and os.access(folder, os.W_OK | os.X_OK)

    def _create(self) -> None:
        """Build a new store in a temporary file and link it into place in one step."""
        tmp = self.path.with_name(f".{self.path.name}.new-{os.getpid()}-{secrets.token_hex(4)}")
        try:
            conn = sqlite3.connect(tmp, isolation_level=None)
            try:
                conn.execute("PRAGMA journal_mode = WAL")
                conn.executescript(_SCHEMA)
                conn.execute(
                    "INSERT OR IGNORE INTO meta(key, value) VALUES ('schema_version', ?)",
                    (str(SCHEMA_VERSION),),
                )
            finally:
                conn.close()
            try:
                os.link(tmp, self.path)  # fails if another process got there first: fine
            except FileExistsError:
                pass
            except OSError:  # a file system without hard links: create-if-absent by rename
                if not self.path.exists():
                    os.replace(tmp, self.path)
        except OSError as exc:
            raise ProgressStoreError(
                f"Cannot create the progress file {self.path}: {exc.strerror or exc}"
            ) from None
        finally:
            for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
                leftover.unlink(missing_ok=True)

    def _check(self) -> str:
        """``"ok"``, ``"damaged"``, ``"read-only"`` or ``"busy"`` (see the module docstring)."""
        if not self._writable():
            return "read-only"
        try:
            conn = self._connect()
        except sqlite3.Error as exc:
            return self._classify(exc)
        try:
            if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                return "damaged"
            self._check_columns(conn, required=False)  # before anything is written to it
            conn.execute("PRAGMA journal_mode = WAL")
            conn.executescript(_SCHEMA)
            conn.execute(
                "INSERT OR IGNORE INTO meta(key, value) VALUES ('schema_version', ?)",
                (str(SCHEMA_VERSION),),
            )
            return "ok"
        except sqlite3.Error as exc:
            return self._classify(exc)
        finally:
            conn.close()

    def _classify(self, exc: sqlite3.Error) -> str:
        code = _code(exc)
        if code in _DAMAGED_CODES:
            return "damaged"
        if code in _BUSY_CODES:
            return "busy"
        if code in _READONLY_CODES:
            return "read-only"
        raise ProgressStoreError(
            f"Cannot open the progress file {self.path} ({exc}); it has not been changed."
        ) from None

    def _check_columns(self, conn: sqlite3.Connection, required: bool = True) -> None:
        """Refuse a database whose tables of our names do not have our columns.

        When ``required``, also refuse one without those tables.
        """
        wanted = {
            "attempts": ", ".join(_COLUMNS),
            "events": "kind, module, detail, ts",
            "meta": "key, value",
        }
        try:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
            for table, columns in wanted.items():
                if table in tables or (required and table != "meta"):
                    conn.execute(f"SELECT {columns} FROM {table} LIMIT 0")
        except sqlite3.OperationalError as exc:
            if _code(exc) in _BUSY_CODES:
                raise
            raise ProgressStoreError(
                f"{self.path} is a SQLite database but not a Bone Secondaries progress file "
                f"({exc}); it has not been changed. Point BONECOURSE_PROGRESS (or --path) at "
                "another file."
            ) from None

    def _open(self) -> None:
        if not self.path.exists() and not self.path.is_symlink():
            self._create()
        status = self._check()
        if status == "damaged":
            self._move_aside()
            status = self._check()
            if status != "ok":  # pragma: no cover - a fresh file that fails is an OS problem
                raise ProgressStoreError(f"Cannot create a progress database at {self.path}")
        self.status = status
        if status == "read-only":
            try:
                with self._read() as conn:
                    self._check_columns(conn)
            except sqlite3.DatabaseError as exc:
                raise ProgressStoreError(
                    f"Your progress file {self.path} is read-only and cannot be read either "
                    f"({exc}); it has not been changed."
                ) from None
            warnings.warn(
                f"Your progress file {self.path} is read-only (the file, its folder or the "
                "disk cannot be written), so it has been opened for reading only: your history "
                "shows, but new answers will not be saved until it can be written again.",
                ProgressWarning,
                stacklevel=3,
            )
        elif status == "busy":
            warnings.warn(
                f"Your progress file {self.path} is busy: another program has kept it locked "
                f"for more than {self.timeout:g} s. It has not been changed; your history and "
                "new answers will be read and saved once it is free (close other notebooks or "
                "programs using it).",
                ProgressWarning,
                stacklevel=3,
            )

    def _move_aside(self) -> None:
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
            f"Your progress file {self.path} is damaged: SQLite's integrity check failed. It "
            f"has been kept as {aside} so nothing is lost, and a fresh progress file has been "
            "started. A trainer can help recover the old one.",
            ProgressWarning,
            stacklevel=4,
        )
        self._create()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        if self.read_only:
            raise ProgressStoreError(
                f"Your progress file {self.path} is read-only, so this was not saved. Make the "
                "file and its folder writable (or set BONECOURSE_PROGRESS to a file you can "
                "write) and try again."
            )
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
