"""The progress store: records, exports, resets; survives two writers, kill -9 and corruption."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
import warnings

import pytest

from course.progress import ProgressStore, ProgressWarning, default_path, get_store


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
    with pytest.warns(ProgressWarning, match="could not be read") as record:
        store = ProgressStore(path)
    assert store.moved_aside is not None and store.moved_aside.exists()
    assert store.moved_aside.read_bytes().startswith(b"this is not a database")
    assert str(store.moved_aside) in str(record[0].message)
    store.record("m00-a", "00_start_here", "a", True)
    assert store.count() == 1


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
    from course.progress import ProgressStore
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
