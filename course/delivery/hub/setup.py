"""A workshop on one machine: JupyterHub for a cohort, with nbgrader's exchange for quizzes.

``bonecourse workshop setup`` prepares the machine: the trainers' system users, the proxy from
npm, a copy of the course that every learner can read (code, notebooks and practice items only:
no assessment item, key or quiz source), its own Python environment, and nbgrader's exchange with
the course's folders owned by the trainer (:mod:`course.delivery.hub.exchange`); it also makes the
checkout's ``quizzes/`` and ``.git`` private. ``bonecourse workshop up`` starts the hub in the
background and ``bonecourse workshop down`` stops it (and every learner's server) by its pid.

``workshop/jupyterhub_config.py`` is the hub's configuration. Before each server starts it calls
:func:`course.delivery.hub.users.prepare_user` (the learner's own system user, their notebooks,
their
settings; a trainer's private course folder). It runs two services: ``jupyterhub-idle-culler``
and the trainers' live view of the room (:mod:`course.delivery.hub.liveview`), and enforces a memory
limit per learner (:mod:`course.delivery.hub.limits`). :mod:`course.delivery.hub.client` and
:mod:`course.delivery.hub.load` drive the hub as learners do (tests, ``bench/bench_workshop.py``).
See ``docs/workshop.md``.

Everything here runs as root on the hub machine (creating users needs it).
"""

from __future__ import annotations

import hashlib
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from course.delivery.hub.client import HubClient  # noqa: F401 - part of this module's interface
from course.delivery.hub.exchange import ensure_exchange
from course.delivery.hub.users import (  # noqa: F401 - part of this module's interface
    COURSE_ID,
    LEARNER_FOLDER,
    PROGRESS,
    RUNTIME_PARTS,
    TRAINER_FOLDER,
    ensure_system_user,
    practice_bank,
    prepare_user,
    protect_checkout,
)
from course.errors import ToolError
from course.paths import course_root


@dataclass(frozen=True)
class WorkshopSettings:
    """Where a workshop keeps its files and how it is reached (all overridable by environment)."""

    runtime: Path  # the course copy, its Python environment and the exchange
    state: Path  # hub database, cookie secret, pid file, admin token, log
    ip: str
    port: int
    trainers: tuple[str, ...]

    @classmethod
    def from_env(cls) -> WorkshopSettings:
        """The settings from the BONECOURSE_WORKSHOP_* variables (defaults otherwise)."""
        env = os.environ
        runtime = Path(env.get("BONECOURSE_WORKSHOP_RUNTIME", "/srv/bonecourse"))
        trainers = tuple(
            t.strip()
            for t in env.get("BONECOURSE_WORKSHOP_TRAINERS", "trainer").split(",")
            if t.strip()
        )
        return cls(
            runtime=runtime,
            state=Path(env.get("BONECOURSE_WORKSHOP_STATE", str(runtime / "state"))),
            ip=env.get("BONECOURSE_WORKSHOP_IP", "127.0.0.1"),
            port=int(env.get("BONECOURSE_WORKSHOP_PORT", "8000")),
            trainers=trainers,
        )

    @property
    def course_copy(self) -> Path:
        """The learners' copy of the course."""
        return self.runtime / "course"

    @property
    def venv(self) -> Path:
        """The learners' Python environment."""
        return self.runtime / "venv"

    @property
    def exchange(self) -> Path:
        """The exchange folder of nbgrader."""
        return self.runtime / "exchange"

    @property
    def url(self) -> str:
        """The hub's address as seen from this machine."""
        host = "127.0.0.1" if self.ip in ("", "0.0.0.0") else self.ip
        return f"http://{host}:{self.port}"

    @property
    def pid_file(self) -> Path:
        """Where the hub's pid is kept."""
        return self.state / "jupyterhub.pid"

    @property
    def token_file(self) -> Path:
        """Where the admin service's token is kept."""
        return self.state / "admin_token"

    def admin_token(self) -> str:
        """The token of the workshop's admin service (created on first use, readable by root)."""
        self.state.mkdir(parents=True, exist_ok=True)
        if not self.token_file.exists():
            self.token_file.write_text(secrets.token_hex(32))
            self.token_file.chmod(0o600)
        return self.token_file.read_text().strip()


def workshop_dir() -> Path:
    """The checkout's ``workshop/`` folder (hub configuration, proxy from npm)."""
    return course_root() / "workshop"


def proxy_command() -> Path:
    """The configurable-http-proxy installed from npm in ``workshop/``."""
    return workshop_dir() / "node_modules" / ".bin" / "configurable-http-proxy"


# -- setup -----------------------------------------------------------------------------------
def _run(cmd: list[str], **kwargs) -> None:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    subprocess.run(cmd, check=True, **kwargs)


def ensure_proxy() -> Path:
    """Install configurable-http-proxy from npm into ``workshop/node_modules`` when missing."""
    if not proxy_command().exists():
        npm = shutil.which("npm")
        if npm is None:
            raise FileNotFoundError(
                "npm is needed for JupyterHub's proxy (configurable-http-proxy). Install Node.js "
                "and npm (Debian: apt-get install nodejs npm) and run this again."
            )
        _run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=workshop_dir())
    return proxy_command()


def _system_python() -> str:
    """A Python every user can run (the one in root's home is not readable by learners)."""
    for candidate in (
        os.environ.get("BONECOURSE_WORKSHOP_PYTHON"),
        "/usr/bin/python3",
        "/usr/local/bin/python3",
    ):
        if candidate and Path(candidate).exists():
            return candidate
    raise FileNotFoundError("No system Python 3 found; set BONECOURSE_WORKSHOP_PYTHON.")


def _stamp() -> str:
    digest = hashlib.sha256()
    for part in ("pyproject.toml",):
        digest.update((course_root() / part).read_bytes())
    return digest.hexdigest()[:16]


def sync_course(settings: WorkshopSettings) -> None:
    """Copy what learners need into the runtime folder (root-owned, readable by all).

    No assessment item, answer key or quiz source is copied: the learners' copy of the bank
    holds practice items only, and quizzes stay in the trainer's course folder.
    """
    dest = settings.course_copy
    dest.mkdir(parents=True, exist_ok=True)
    stale = dest / "quizzes"
    if stale.exists():  # an older runtime held the whole quizzes/ folder
        shutil.rmtree(stale)
    for part in RUNTIME_PARTS:
        src = course_root() / part
        if not src.exists():
            continue
        target = dest / part
        target.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(
                src,
                target,
                dirs_exist_ok=True,
                ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints"),
            )
        else:
            shutil.copy2(src, target)
    if not (course_root() / "assets" / "bank").is_dir():
        practice_bank(dest)


def ensure_runtime(settings: WorkshopSettings) -> None:
    """The learners' Python environment: a venv from the system Python with the course in it."""
    settings.runtime.mkdir(parents=True, exist_ok=True)
    settings.runtime.chmod(0o755)
    sync_course(settings)
    stamp_file = settings.venv / ".bonecourse-stamp"
    if (
        not (settings.venv / "bin" / "jupyterhub-singleuser").exists()
        or not stamp_file.exists()
        or stamp_file.read_text() != _stamp()
    ):
        python = _system_python()
        probe = subprocess.run([python, "-m", "venv", "--help"], capture_output=True)
        if probe.returncode != 0 and shutil.which("apt-get"):
            _run(["apt-get", "install", "-y", "-qq", "python3-venv"])
        _run([python, "-m", "venv", str(settings.venv)])
        pip = [str(settings.venv / "bin" / "python"), "-m", "pip", "install", "--quiet"]
        _run([*pip, "--upgrade", "pip"])
        _run([*pip, "-e", f"{settings.course_copy}[hub]"])
        _run([str(settings.venv / "bin" / "python"), "-m", "course.delivery.lab"])
        stamp_file.write_text(_stamp())
    # nbgrader settings shared by everyone: the course id and where the exchange is
    etc = settings.venv / "etc" / "jupyter"
    etc.mkdir(parents=True, exist_ok=True)
    (etc / "nbgrader_config.py").write_text(
        "c = get_config()  # noqa: F821\n"
        f"c.CourseDirectory.course_id = {COURSE_ID!r}\n"
        f"c.Exchange.root = {str(settings.exchange)!r}\n"
        'c.ExchangeFactory.collect = "course.delivery.hub.exchange.OwnerCheckedCollect"\n'
    )


def setup(settings: WorkshopSettings) -> None:
    """Everything ``up`` needs: proxy, runtime, exchange, state folder."""
    if os.geteuid() != 0:
        raise PermissionError("The workshop hub creates a system user per learner: run as root.")
    os.umask(0o022)  # the runtime must be readable by every learner
    for trainer in settings.trainers:
        ensure_system_user(trainer)
    protect_checkout()
    ensure_proxy()
    ensure_runtime(settings)
    ensure_exchange(settings)
    settings.state.mkdir(parents=True, exist_ok=True)
    settings.state.chmod(0o700)
    settings.admin_token()


# -- up and down ---------------------------------------------------------------------------------
def hub_pid(settings: WorkshopSettings) -> int | None:
    """The process id of this workshop's running hub, or ``None`` when none is running."""
    try:
        pid = int(settings.pid_file.read_text().strip())
    except (FileNotFoundError, ValueError):
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    return pid


def wait_for_hub(settings: WorkshopSettings, timeout: float = 90) -> None:
    """Wait (bounded) until the hub answers ``/hub/health``; raise TimeoutError otherwise."""
    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{settings.url}/hub/health", timeout=5) as resp:
                if resp.status == 200:
                    return
        except Exception as exc:  # not up yet
            last = exc
        time.sleep(0.5)
    raise TimeoutError(f"The hub did not answer at {settings.url} within {timeout:.0f} s: {last}")


def up(settings: WorkshopSettings) -> int:
    """Start the hub in the background (setup first if needed); return its pid."""
    pid = hub_pid(settings)
    if pid:
        print(f"The workshop hub is already running (pid {pid}) at {settings.url}")
        return pid
    setup(settings)
    env = dict(os.environ)
    env.update(
        {
            "BONECOURSE_WORKSHOP_RUNTIME": str(settings.runtime),
            "BONECOURSE_WORKSHOP_STATE": str(settings.state),
            "BONECOURSE_WORKSHOP_IP": settings.ip,
            "BONECOURSE_WORKSHOP_PORT": str(settings.port),
            "BONECOURSE_WORKSHOP_TRAINERS": ",".join(settings.trainers),
            "BONECOURSE_WORKSHOP_ADMIN_TOKEN": settings.admin_token(),
        }
    )
    log = open(settings.state / "jupyterhub.log", "ab")  # noqa: SIM115 - handed to the child
    hub = [
        str(Path(sys.executable).with_name("jupyterhub")),
        "-f",
        str(workshop_dir() / "jupyterhub_config.py"),
    ]
    proc = subprocess.Popen(
        hub,
        cwd=settings.state,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    settings.pid_file.write_text(str(proc.pid))
    try:
        wait_for_hub(settings)
    except TimeoutError as exc:
        down(settings)
        log_path = settings.state / "jupyterhub.log"
        raise ToolError(f"{exc}. It has been stopped; its log is {log_path}.") from exc
    print(
        f"Workshop hub running at {settings.url} (pid {proc.pid}); log: "
        f"{settings.state / 'jupyterhub.log'}"
    )
    return proc.pid


def down(settings: WorkshopSettings, timeout: float = 60) -> bool:
    """Stop the hub by its pid; it stops the learners' servers and the proxy as it exits."""
    pid = hub_pid(settings)
    if pid is None:
        try:  # a hub that died leaves its proxy and services in its session: stop them
            os.killpg(int(settings.pid_file.read_text().strip()), signal.SIGTERM)
            print("The workshop hub was not running; what it left behind was stopped.")
        except (FileNotFoundError, ValueError, ProcessLookupError):
            print("The workshop hub is not running.")
        settings.pid_file.unlink(missing_ok=True)
        return False
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and hub_pid(settings):
        time.sleep(0.3)
    if hub_pid(settings):
        os.killpg(pid, signal.SIGKILL)
    settings.pid_file.unlink(missing_ok=True)
    print("Workshop hub stopped.")
    return True
