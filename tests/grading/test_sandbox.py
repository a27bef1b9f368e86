"""Each submission's sandbox (bubblewrap): what a notebook inside can and cannot do."""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from pathlib import Path

import nbformat
import psutil
import pytest

from course.grading import sandbox
from course.grading.sandbox import Limits, SandboxRun, SandboxUnavailableError

_HAVE_BWRAP = sys.platform.startswith("linux") and sandbox.bwrap_path() is not None
needs_bwrap = pytest.mark.skipif(
    not _HAVE_BWRAP and os.environ.get("CI") != "true",
    reason="bubblewrap is not installed (apt-get install bubblewrap)",
)

MARK = "sandbox-test-marker-91c2"


def run_cells(tmp_path, cells, timeout=10, limits=None, wall=60):
    """Run ``cells`` as a notebook in a sandbox; return (status, outputs per cell, run)."""
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(c) for c in cells]
    nbformat.write(nb, scratch / "q.ipynb")
    result = tmp_path / "result.json"
    run = SandboxRun(scratch, "q.ipynb", result, timeout, limits or Limits())
    start = time.monotonic()
    while run.alive() and time.monotonic() - start < wall:
        time.sleep(0.1)
    run.kill()
    run.close()
    data = json.loads(result.read_text())
    return data["status"], data["outputs"], run


def text(outputs) -> str:
    return json.dumps(outputs)


@needs_bwrap
def test_the_self_test_passes_here():
    sandbox.self_test()


@needs_bwrap
def test_a_notebook_runs_as_nobody_with_nothing_of_the_trainers(tmp_path, monkeypatch):
    secret = tmp_path / "trainer" / "gradebook.db"
    secret.parent.mkdir()
    secret.write_text("secret")
    (tmp_path / "scratch-sibling.py").write_text("x = 1")
    monkeypatch.setenv("BONECOURSE_TRAINER_TOKEN", MARK)
    status, outputs, _ = run_cells(
        tmp_path,
        [
            "import os; print(os.getuid(), os.getgid(), os.getcwd(), sorted(os.listdir('.')))",
            f"print(os.path.exists({str(secret)!r}), os.path.exists({str(tmp_path)!r}))",
            "print(os.environ.get('BONECOURSE_TRAINER_TOKEN'), os.environ['HOME'])",
            "import socket; socket.create_connection(('1.1.1.1', 53), timeout=2)",
            "open('/usr/lib/os-release-copy', 'w')",
            "print(sorted(os.listdir('/proc'))[:3], len([p for p in os.listdir('/proc') "
            "if p.isdigit()]))",
        ],
    )
    assert status["ok"], status
    assert "65534 65534 /home/learner/quiz ['q.ipynb']" in text(outputs[0])
    assert "False False" in text(outputs[1])  # the trainer's folders are not there at all
    assert "None /home/learner" in text(outputs[2])  # no variable of the trainer's
    assert "Network is unreachable" in text(outputs[3]) or "OSError" in text(outputs[3])
    assert "Read-only file system" in text(outputs[4]) or "Permission" in text(outputs[4])


@needs_bwrap
def test_every_process_it_started_is_gone_when_it_ends(tmp_path):
    status, outputs, _ = run_cells(
        tmp_path,
        [
            "import subprocess, sys\n"
            f"subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)', "
            f"{MARK!r}], start_new_session=True)\n"
            "print('detached')"
        ],
    )
    assert status["ok"] and "detached" in text(outputs[0])
    time.sleep(0.5)
    alive = [
        p.pid for p in psutil.process_iter(["cmdline"]) if MARK in " ".join(p.info["cmdline"] or [])
    ]
    assert alive == []


@needs_bwrap
def test_startup_files_and_home_are_thrown_away(tmp_path):
    plant = (
        "import pathlib\n"
        "d = pathlib.Path.home() / '.ipython/profile_default/startup'\n"
        "d.mkdir(parents=True, exist_ok=True)\n"
        f"(d / '00-x.py').write_text({f'print({MARK!r})'!r})\n"
        "print('planted', d)"
    )
    (tmp_path / "a").mkdir()
    _, first, _ = run_cells(tmp_path / "a", [plant])
    assert "planted /home/learner" in text(first)
    (tmp_path / "b").mkdir()
    _, second, _ = run_cells(tmp_path / "b", ["print('clean')"])
    assert "clean" in text(second)
    assert MARK not in text(second)  # the next notebook starts with no one's start-up file
    assert not list(Path.home().glob(".ipython/profile_default/startup/00-x.py"))


@needs_bwrap
def test_memory_output_and_time_are_limited(tmp_path):
    limits = Limits(memory_bytes=1024**3, output_chars=100_000)
    status, outputs, _ = run_cells(
        tmp_path,
        [
            "x = bytearray(3 * 1024**3)",
            "print('y' * 2_000_000)",
            "import time; time.sleep(30)",
            "print('after')",
        ],
        timeout=3,
        limits=limits,
    )
    assert "MemoryError" in text(outputs[0])
    assert len(text(outputs[1])) < 120_000 and status["truncated"] > 1_800_000
    assert "CellTimeoutError" in text(outputs[2])
    assert "after" in text(outputs[3])  # the rest still ran


@needs_bwrap
def test_the_kernel_cannot_reach_what_the_executor_returns(tmp_path):
    status, outputs, _ = run_cells(
        tmp_path,
        [
            "import glob, os\n"
            "hits = 0\n"
            "for fd in glob.glob('/proc/[0-9]*/fd/*'):\n"
            "    try:\n"
            "        target = os.readlink(fd)\n"
            "    except OSError:\n"
            "        continue\n"
            "    if 'result' in target:\n"
            "        try:\n"
            "            open(fd, 'w').write('{\"forged\": true}')\n"
            "            hits += 1\n"
            "        except OSError:\n"
            "            pass\n"
            "print('hits', hits)"
        ],
    )
    assert status["ok"]  # the result file parsed: nothing forged it
    assert "forged" not in (tmp_path / "result.json").read_text()


def test_no_sandbox_means_a_message_saying_how_to_get_one(monkeypatch, tmp_path):
    monkeypatch.setattr(sandbox, "bwrap_path", lambda: None)
    with pytest.raises(SandboxUnavailableError, match="apt-get install bubblewrap"):
        sandbox.self_test()
    monkeypatch.setattr(sandbox.sys, "platform", "darwin")
    with pytest.raises(SandboxUnavailableError, match="not Linux.*--unsafe"):
        sandbox.self_test()


def test_autograde_stops_without_a_sandbox_unless_unsafe(monkeypatch, tmp_path, capsys):
    import course.grading.autograde as autograde
    from course.cli import main

    def unavailable():
        raise SandboxUnavailableError(
            "bubblewrap (bwrap) is not installed. " + sandbox.HOW_TO_GET_ONE
        )

    monkeypatch.setattr(autograde, "sandbox_self_test", unavailable)
    course = tmp_path / "course"
    (course / "source" / "quiz_99_fixture").mkdir(parents=True)
    code = main(["quiz", "autograde", "quiz_99_fixture", "--course", str(course), "--no-progress"])
    assert code == 2
    err = capsys.readouterr().err
    assert "nothing was graded" in err and "apt-get install bubblewrap" in err
    assert not (course / "autograded").exists()


def test_an_unsafe_run_says_so_loudly():
    from course.grading.autograde import CohortReport, Outcome

    report = CohortReport("q", [Outcome("a", 1, 2)], sandboxed=False)
    assert report.summary().startswith("WARNING: graded WITHOUT a sandbox")
    assert CohortReport("q", [Outcome("a", 1, 2)]).summary().startswith("q: 1 of 1")


@pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap is not installed")
def test_the_sandbox_sees_only_read_only_system_files_and_the_course_package():
    paths = [str(p) for p in sandbox.readable_paths()]
    import course

    assert os.path.dirname(course.__file__) in paths
    assert not any(p.endswith("quizzes") or "/quizzes/" in p for p in paths)
    command = sandbox.bwrap_command(Path("/tmp"), ["true"])
    assert "--unshare-all" in command and "--die-with-parent" in command
    assert "--clearenv" in command and command[command.index("--uid") + 1] == "65534"


@needs_bwrap
def test_a_sandbox_stopped_early_leaves_no_process(tmp_path):
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            "import subprocess, sys, time\n"
            f"subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)', {MARK!r}],"
            " start_new_session=True)\n"
            "time.sleep(600)"
        )
    ]
    nbformat.write(nb, scratch / "q.ipynb")
    run = SandboxRun(scratch, "q.ipynb", tmp_path / "result.json", 600)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not any(
        MARK in " ".join(p.info["cmdline"] or []) for p in psutil.process_iter(["cmdline"])
    ):
        time.sleep(0.2)
    run.kill()  # as the grader does past a submission's time limit
    run.close()
    time.sleep(0.5)
    assert not run.alive()
    assert not [
        p.pid for p in psutil.process_iter(["cmdline"]) if MARK in " ".join(p.info["cmdline"] or [])
    ]


@needs_bwrap
def test_unsafe_and_sandboxed_runs_return_the_same_outputs(tmp_path):
    from course.grading.execute import ForkRun

    cells = ["print(6 * 7)", "1 / 0", "answer_1 = 'a'"]
    _, boxed, _ = run_cells(tmp_path, cells)
    bare_dir = tmp_path / "bare"
    bare_dir.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(c) for c in cells]
    nbformat.write(nb, bare_dir / "q.ipynb")
    run = ForkRun(bare_dir / "q.ipynb", tmp_path / "bare.json", bare_dir, 10)
    run.process.join(60)
    bare = json.loads((tmp_path / "bare.json").read_text())["outputs"]
    assert [[o["output_type"] for o in outs] for outs in bare] == [
        [o["output_type"] for o in outs] for outs in boxed
    ]
    assert "42" in text(boxed[0]) and "ZeroDivisionError" in text(boxed[1])
