"""Fixtures for the browser tests: JupyterLab and Voilà on a copy of the course, in real Chromium.

One JupyterLab server serves every module test in a session. It runs on a temporary copy of the
course with its own progress store and its own JupyterLab user settings (news pop-up and update
check off, every cell kept in the page), and is stopped by its process id. Chromium is Debian's
``/usr/bin/chromium`` driven by Playwright for Python; ``playwright install`` is never used.

Where Chromium is missing the tests skip with the reason, except under CI (``CI=true``), where a
missing browser fails them: CI must prove the course works in a browser.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from bc_browser import LabNotebook  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
CHROMIUM = Path(os.environ.get("BONECOURSE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
#: what the copy of the course leaves out (generated, private or large)
COPY_IGNORE = shutil.ignore_patterns(
    ".venv",
    ".git",
    "artifacts",
    "__pycache__",
    ".ipynb_checkpoints",
    "*.sqlite*",
    "release",
    "submitted",
    "autograded",
    "feedback",
    "outbound",
    "gradebook.db",
    "node_modules",
    "*.egg-info",
    "bench",
)
#: JupyterLab user settings for the tests: no news pop-up or update check; every cell in the DOM
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/themes.jupyterlab-settings": {"theme": "JupyterLab Light"},
}
IN_CI = os.environ.get("CI", "").lower() == "true"
#: how long ``expect(...)`` waits for the kernel to redraw a widget (a busy 2-core machine is slow)
EXPECT_TIMEOUT_MS = 15_000


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test in this folder ``browser`` and ``slow``; skip or fail without Chromium."""
    here = Path(__file__).parent
    missing = not (CHROMIUM.exists() and os.access(CHROMIUM, os.X_OK))
    for item in items:
        if here not in Path(str(item.fspath)).parents:
            continue
        item.add_marker(pytest.mark.browser)
        item.add_marker(pytest.mark.slow)
        if missing and not IN_CI:
            item.add_marker(
                pytest.mark.skip(
                    reason=f"Chromium not found at {CHROMIUM}: install Debian's 'chromium' package "
                    "(apt-get install chromium) to run the browser tests"
                )
            )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_http(url: str, proc: subprocess.Popen, log: Path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}:\n{_tail(log)}")
        try:
            with urllib.request.urlopen(url, timeout=5) as resp:
                if resp.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"server did not answer {url} within {timeout:.0f} s:\n{_tail(log)}")


def _tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def stop_process(proc: subprocess.Popen, grace: float = 10) -> None:
    """Stop a server we started, by its pid: SIGTERM to its process group, then SIGKILL."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        proc.wait(grace)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(5)


def server_env(home: Path) -> dict[str, str]:
    """The environment for a server on the course copy at ``home``."""
    env = dict(os.environ)
    env.pop("MPLBACKEND", None)  # let the kernel use the inline backend, as a learner's would
    env.pop("JUPYTER_CONFIG_DIR", None)
    env.update(
        {
            "BONECOURSE_ROOT": str(home / "course"),
            "BONECOURSE_PROGRESS": str(home / "progress.sqlite"),
            "JUPYTERLAB_SETTINGS_DIR": str(home / "lab-user-settings"),
            "JUPYTERLAB_WORKSPACES_DIR": str(home / "lab-workspaces"),
            "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
            "PYTHONUNBUFFERED": "1",
            # one learner's option order for the whole run (course.questions.shuffle.learner_seed)
            "BONECOURSE_LEARNER": "browser-test-learner",
        }
    )
    return env


@dataclass
class Server:
    """A server we started: its base URL, token, course copy and process."""

    url: str
    token: str
    root: Path
    progress: Path
    proc: subprocess.Popen
    log: Path
    extra: dict = field(default_factory=dict)

    def page_url(self, path: str) -> str:
        sep = "&" if "?" in path else "?"
        return f"{self.url}{path}{sep}token={self.token}"


@pytest.fixture(scope="session")
def course_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A temporary copy of the course (notebooks, bank, assets) with its own settings folders."""
    home = tmp_path_factory.mktemp("bonecourse-browser")
    shutil.copytree(REPO, home / "course", ignore=COPY_IGNORE)
    settings = home / "lab-user-settings"
    for rel, values in LAB_SETTINGS.items():
        target = settings / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(values, indent=2))
    (home / "lab-workspaces").mkdir()
    (home / "runtime").mkdir()
    return home


def _launch(
    cmd: list[str], course_home: Path, port: int, token: str, log: Path, ready: str, timeout: float
) -> Server:
    """Start a server on the course copy, logging to ``log``, and wait until ``ready`` answers;
    a server that fails to start is stopped by pid before the error is raised."""
    with log.open("wb") as out:
        proc = subprocess.Popen(
            cmd,
            cwd=course_home / "course",
            env=server_env(course_home),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = Server(
        f"http://127.0.0.1:{port}",
        token,
        course_home / "course",
        course_home / "progress.sqlite",
        proc,
        log,
    )
    try:
        _wait_http(
            server.page_url(ready) if token else server.url + ready, proc, log, timeout=timeout
        )
    except BaseException:
        stop_process(proc)
        raise
    return server


def start_lab(course_home: Path, *extra: str, name: str = "jupyterlab") -> Server:
    """Start JupyterLab on the course copy (extra command-line options allowed); the caller
    stops it with :func:`stop_process`. The course's JupyterLab settings are installed first,
    as ``make install`` does (``course.delivery.lab``)."""
    from course.delivery.lab import install_overrides

    install_overrides()
    port = _free_port()
    token = uuid.uuid4().hex
    log = course_home / f"{name}.log"
    cmd = [
        sys.executable,
        "-m",
        "jupyter",
        "lab",
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={course_home / 'course'}",
        "--LabApp.expose_app_in_browser=True",
        "--LabApp.news_url=",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--ServerApp.terminals_enabled=False",
        "--allow-root",
        *extra,
    ]
    return _launch(cmd, course_home, port, token, log, "/api/status", timeout=90)


@pytest.fixture(scope="session")
def lab_server(course_home: Path) -> Iterator[Server]:
    """JupyterLab on the course copy, one per session, stopped by pid at the end."""
    server = start_lab(course_home)
    try:
        yield server
    finally:
        stop_process(server.proc)


@pytest.fixture
def extra_lab(course_home: Path) -> Iterator:
    """``extra_lab(*options)`` starts another JupyterLab (e.g. with other settings); each one is
    stopped by pid afterwards."""
    started: list[Server] = []

    def start(*extra: str) -> Server:
        server = start_lab(course_home, *extra, name=f"jupyterlab-extra-{len(started)}")
        started.append(server)
        return server

    try:
        yield start
    finally:
        for server in started:
            stop_process(server.proc)


def start_voila(course_home: Path, module: str, *extra: str) -> Server:
    """Start ``bonecourse present <module>`` (Voilà) on the course copy; the caller stops it."""
    port = _free_port()
    log = course_home / f"voila-{module}-{port}.log"
    cmd = [
        sys.executable,
        "-m",
        "course.cli",
        "present",
        module,
        "--port",
        str(port),
        "--no-browser",
        *extra,
    ]
    return _launch(cmd, course_home, port, "", log, "/voila/static/favicon.ico", timeout=60)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Headless Chromium (Debian's), one per session."""
    if not CHROMIUM.exists():
        pytest.fail(f"CI=true but Chromium is missing at {CHROMIUM}: .ci/run should install it")
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=EXPECT_TIMEOUT_MS)
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield chromium
        finally:
            chromium.close()


def _new_tab(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(30_000)
    tab.errors = []  # type: ignore[attr-defined]
    tab.on("pageerror", lambda exc: tab.errors.append(str(exc)))
    return context, tab


@pytest.fixture
def page(browser) -> Iterator[object]:
    """A fresh browser tab (1280x900) whose JavaScript errors are collected on ``page.errors``."""
    context, tab = _new_tab(browser)
    try:
        yield tab
    finally:
        context.close()


@pytest.fixture(scope="module")
def module_page(browser) -> Iterator[object]:
    """One tab shared by the tests of a module (for several checks on one notebook run)."""
    context, tab = _new_tab(browser)
    try:
        yield tab
    finally:
        context.close()


def screenshot(page, name: str, **kwargs) -> Path:
    """Save a screenshot to ``artifacts/screenshots/<name>.png`` and return its path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), **kwargs)
    return path


@pytest.fixture
def lab(lab_server: Server, page) -> Iterator[LabNotebook]:
    """A helper for one notebook in JupyterLab; its kernel is shut down afterwards."""
    helper = LabNotebook(lab_server, page)
    try:
        yield helper
    finally:
        helper.shutdown_kernels()


@pytest.fixture(scope="module")
def module_lab(lab_server: Server, module_page) -> Iterator[LabNotebook]:
    """Like ``lab``, on ``module_page``: open and run a notebook once for a module's tests."""
    helper = LabNotebook(lab_server, module_page)
    try:
        yield helper
    finally:
        helper.shutdown_kernels()


@pytest.fixture
def shoot():
    """``shoot(page, name)`` saves ``artifacts/screenshots/<name>.png``."""
    return screenshot


@pytest.fixture
def voila(course_home: Path) -> Iterator:
    """``voila(module, *args)`` starts ``bonecourse present``; every server is stopped by pid."""
    started: list[Server] = []

    def start(module: str, *extra: str) -> Server:
        server = start_voila(course_home, module, *extra)
        started.append(server)
        return server

    try:
        yield start
    finally:
        for server in started:
            stop_process(server.proc)
