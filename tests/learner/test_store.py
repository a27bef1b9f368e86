"""The progress store: records, exports, resets; survives two writers, kill -9 and corruption;
tells a damaged file from a read-only, busy or misplaced one; safe to create from two processes."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
import warnings
from pathlib import Path

import pytest

from course.learner.store import (
    ProgressStore,
    ProgressStoreError,
    ProgressWarning,
    default_path,
    get_store,
)


def test_records_every_attempt_in_order(tmp_path):
    store = ProgressStore(tmp_path / "p.sqlite")
    store.record("m00-a", "00_start_here", "a", True, 1.0, "sure", 3.2)
    store.record("m00-a", "00_start_here", "b", False, 0.0, None)
    store.record("m00-t", "00_start_here", "free text", None)
    attempts = store.attempts()
    assert [a.answer for a in attempts] == ["a", "b", "free text"]
    assert attempts[0].correct is True and attempts[0].confidence == "sure"
    assert attempts[0].seconds == 3.2
    assert attempts[2].correct is None
    assert store.latest()["m00-a"].answer == "b"
    assert len(store.attempts(item_id="m00-a")) == 2
    assert store.count() == 3


def test_path_comes_from_the_environment(tmp_path, monkeypatch):
    target = tmp_path / "mine.sqlite"
    monkeypatch.setenv("BONECOURSE_PROGRESS", str(target))
    assert default_path() == target
    get_store().record("m00-x", "00_start_here", 1, True)
    assert target.exists()


def test_default_path_is_in_the_user_data_dir(monkeypatch):
    monkeypatch.delenv("BONECOURSE_PROGRESS", raising=False)
    assert default_path().name == "progress.sqlite"
    assert "bonecourse" in str(default_path())


def test_export_csv_and_json(tmp_path):
    store = ProgressStore(tmp_path / "p.sqlite")
    store.record("m00-a", "00_start_here", ["a", "c"], False, 0.5, "guessing")
    store.log_event("module_opened", "00_start_here")
    rows = list(csv.DictReader(io.StringIO(store.export_csv(tmp_path / "out.csv"))))
    assert rows[0]["item_id"] == "m00-a" and json.loads(rows[0]["answer"]) == ["a", "c"]
    assert (tmp_path / "out.csv").exists()
    data = json.loads(store.export_json())
    assert data["attempts"][0]["fraction"] == 0.5
    assert data["events"][0]["kind"] == "module_opened"


def test_reset_keeps_a_backup(tmp_path):
    store = ProgressStore(tmp_path / "p.sqlite")
    store.record("m00-a", "00_start_here", "a", True)
    backup = store.reset()
    assert store.count() == 0
    assert json.loads(backup.read_text())["attempts"][0]["item_id"] == "m00-a"
    assert store.reset() is None  # nothing to back up


def test_corrupt_file_is_moved_aside_not_emptied(tmp_path):
    path = tmp_path / "p.sqlite"
    path.write_bytes(b"this is not a database at all" * 100)
    with pytest.warns(ProgressWarning, match="integrity check failed") as record:
        store = ProgressStore(path)
    assert store.moved_aside is not None and store.moved_aside.exists()
    assert store.moved_aside.read_bytes().startswith(b"this is not a database")
    assert str(store.moved_aside) in str(record[0].message)
    store.record("m00-a", "00_start_here", "a", True)
    assert store.count() == 1


def test_the_damaged_file_warning_points_at_the_code_that_opened_the_store(tmp_path):
    # the store is built on ProgressFile: the warning must still name the caller's line
    path = tmp_path / "p.sqlite"
    path.write_bytes(b"this is not a database at all" * 100)
    with pytest.warns(ProgressWarning, match="integrity check failed") as record:
        ProgressStore(path)
    assert [Path(w.filename).name for w in record] == [Path(__file__).name]


def test_truncated_database_is_moved_aside(tmp_path):
    path = tmp_path / "p.sqlite"
    store = ProgressStore(path)
    for n in range(200):
        store.record(f"m00-{n}", "00_start_here", "a" * 200, True)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    for side in ("-wal", "-shm"):
        p = tmp_path / f"p.sqlite{side}"
        if p.exists():
            p.unlink()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fresh = ProgressStore(path)
    if fresh.moved_aside is None:  # SQLite may still read a cut file; then data must be intact
        assert fresh.count() > 0
    else:
        assert any(issubclass(w.category, ProgressWarning) for w in caught)
        assert fresh.count() == 0 and fresh.moved_aside.exists()


WRITER = textwrap.dedent(
    """
    import sys
    from course.learner.store import ProgressStore
    store = ProgressStore(sys.argv[1])
    tag, n = sys.argv[2], int(sys.argv[3])
    for i in range(n):
        store.record(f"m00-{tag}-{i}", "00_start_here", {"i": i, "pad": "x" * 500}, i % 2 == 0)
    """
)


def test_two_processes_writing_at_once_lose_nothing(tmp_path):
    path = tmp_path / "p.sqlite"
    ProgressStore(path)
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(path), tag, "150"])
        for tag in ("left", "right")
    ]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    store = ProgressStore(path)
    ids = {a.item_id for a in store.attempts()}
    assert len(ids) == 300
    assert sqlite3.connect(path).execute("PRAGMA integrity_check").fetchone()[0] == "ok"


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_kill_9_during_writes_leaves_a_readable_store(tmp_path):
    path = tmp_path / "p.sqlite"
    ProgressStore(path)
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(path), "k", "100000"])
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        time.sleep(0.2)
        try:
            if ProgressStore(path).count() > 50:
                break
        except sqlite3.Error:
            pass
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    with warnings.catch_warnings():
        warnings.simplefilter("error", ProgressWarning)  # must not be treated as corrupt
        store = ProgressStore(path)
    attempts = store.attempts()
    assert len(attempts) > 50
    assert all(a.answer["pad"] == "x" * 500 for a in attempts)  # no half-written row
    store.record("m00-after", "00_start_here", "a", True)
    assert store.count() == len(attempts) + 1


def test_unwritable_location_raises_a_clear_os_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(OSError):
        ProgressStore(blocker / "p.sqlite")


def test_a_folder_at_the_path_is_refused_and_never_renamed(tmp_path):
    folder = tmp_path / "progress.sqlite"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    with pytest.raises(ProgressStoreError, match="is a folder"):
        ProgressStore(folder)
    assert folder.is_dir() and (folder / "notes.txt").read_text() == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["progress.sqlite"]


def test_a_sqlite_file_of_another_program_is_refused_unchanged(tmp_path):
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE attempts (who TEXT)")
    conn.execute("INSERT INTO attempts VALUES ('someone')")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(ProgressStoreError, match="not a Bone Secondaries progress file"):
        ProgressStore(path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.sqlite"]
    assert sqlite3.connect(path).execute("SELECT who FROM attempts").fetchall() == [("someone",)]
    assert path.read_bytes() == before


READ_ONLY_CHILD = textwrap.dedent(
    """
    import json, sys, warnings
    from course.learner.store import ProgressStore, ProgressStoreError
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        store = ProgressStore(sys.argv[1])
    try:
        store.record("m00-new", "00_start_here", "a", True)
        saved = "saved"
    except ProgressStoreError as exc:
        saved = str(exc)
    print(json.dumps({"status": store.status, "count": store.count(), "saved": saved,
                      "moved": str(store.moved_aside),
                      "warnings": [str(w.message) for w in caught]}))
    """
)


def run_read_only(folder: Path, path: Path) -> dict:
    """Open ``path`` where ``folder`` cannot be written: as an ordinary user by file modes, as
    root (who ignores file modes) inside a read-only bind mount made with bubblewrap."""
    if os.geteuid() != 0:
        path.chmod(0o444)
        folder.chmod(0o555)
        try:
            done = subprocess.run(
                [sys.executable, "-c", READ_ONLY_CHILD, str(path)],
                capture_output=True, text=True, timeout=120, check=False,
            )  # fmt: skip
        finally:
            folder.chmod(0o755)
            path.chmod(0o644)
    else:
        bwrap = shutil.which("bwrap")
        if bwrap is None:
            if os.environ.get("CI"):
                pytest.fail("bubblewrap (bwrap) is needed to test a read-only store as root")
            pytest.skip("bubblewrap (bwrap) is needed to test a read-only store as root")
        done = subprocess.run(
            [bwrap, "--dev-bind", "/", "/", "--ro-bind", str(folder), str(folder),
             sys.executable, "-c", READ_ONLY_CHILD, str(path)],
            capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_a_read_only_store_is_opened_for_reading_with_a_message_saying_so(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "p.sqlite"
    store = ProgressStore(path)
    for n in range(5):
        store.record(f"m00-{n}", "00_start_here", "a", True)
    before = sorted(p.name for p in folder.iterdir())
    result = run_read_only(folder, path)
    assert result["status"] == "read-only" and result["count"] == 5
    assert result["moved"] == "None"
    assert len(result["warnings"]) == 1 and "read-only" in result["warnings"][0]
    assert "opened for reading only" in result["warnings"][0]
    assert "damaged" not in result["warnings"][0]
    assert "read-only, so this was not saved" in result["saved"]
    assert sorted(p.name for p in folder.iterdir()) == before
    assert ProgressStore(path).count() == 5  # writable again: nothing was lost


def hold_lock(path: Path) -> sqlite3.Connection:
    """Another program's connection that keeps the whole file locked until closed."""
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA locking_mode = EXCLUSIVE")
    conn.execute("BEGIN EXCLUSIVE")
    conn.execute("INSERT INTO events(kind, module, detail, ts) VALUES ('x', NULL, '', 'now')")
    return conn


def test_a_store_locked_for_too_long_is_called_busy_and_left_alone(tmp_path):
    path = tmp_path / "p.sqlite"
    store = ProgressStore(path)
    store.record("m00-a", "00_start_here", "a", True)
    other = hold_lock(path)
    try:
        with pytest.warns(ProgressWarning, match="is busy") as caught:
            busy = ProgressStore(path, timeout=0.5)
        assert busy.status == "busy" and busy.moved_aside is None
        assert "damaged" not in str(caught[0].message)
        assert not list(tmp_path.glob("*corrupt*"))
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert busy.count() == 1  # once free, the same object reads and writes
    busy.record("m00-b", "00_start_here", "b", False)
    assert ProgressStore(path).count() == 2


def test_a_store_locked_briefly_is_waited_on_without_a_warning(tmp_path):
    path = tmp_path / "p.sqlite"
    ProgressStore(path).record("m00-a", "00_start_here", "a", True)
    other = hold_lock(path)
    release = threading.Timer(1.0, lambda: (other.execute("ROLLBACK"), other.close()))
    release.start()
    start = time.monotonic()
    with warnings.catch_warnings():
        warnings.simplefilter("error", ProgressWarning)
        store = ProgressStore(path, timeout=20)
    release.join()
    assert time.monotonic() - start >= 0.8  # it waited for the lock
    assert store.status == "ok" and store.count() == 1


CREATOR = textwrap.dedent(
    """
    import sys, time, warnings
    warnings.simplefilter("error")  # any warning (a false "damaged") fails the process
    from course.learner.store import ProgressStore
    start = float(sys.argv[3])
    while time.time() < start:
        pass
    store = ProgressStore(sys.argv[1])
    store.record(f"m00-{sys.argv[2]}", "00_start_here", "a", True)
    """
)


def test_two_processes_creating_the_store_at_once_agree_20_times(tmp_path):
    for trial in range(20):
        folder = tmp_path / f"trial-{trial}"
        folder.mkdir()
        path = folder / "p.sqlite"
        start = time.time() + 1.0  # both start their opening at the same moment
        procs = [
            subprocess.Popen(
                [sys.executable, "-c", CREATOR, str(path), tag, repr(start)],
                stderr=subprocess.PIPE,
                text=True,
            )
            for tag in ("left", "right")
        ]
        errors = [p.communicate(timeout=120)[1] for p in procs]
        assert [p.returncode for p in procs] == [0, 0], (trial, errors)
        assert (
            sorted(p.name for p in folder.iterdir() if "corrupt" in p.name or ".new-" in p.name)
            == []
        )
        ids = {a.item_id for a in ProgressStore(path).attempts()}
        assert ids == {"m00-left", "m00-right"}, trial
