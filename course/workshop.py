"""A workshop on one machine: JupyterHub for a cohort, with nbgrader's exchange for quizzes.

``bonecourse workshop setup`` prepares the machine (the proxy from npm, a runtime copy of the
course with its own Python environment that every learner can read, the exchange folder);
``bonecourse workshop up`` starts the hub in the background and ``bonecourse workshop down``
stops it (and every learner's server) by its pid. ``workshop/jupyterhub_config.py`` is the hub's
configuration; it calls :func:`prepare_user` before each server starts, which creates the
learner's own system user (so the operating system keeps learners' files apart), copies the
course notebooks into their home on first login and writes their nbgrader settings: learners get
the assignment list, trainers also get the formgrader and a course directory.

Everything here runs as root on the hub machine (creating users needs it).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import pwd
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from course.paths import course_root

COURSE_ID = "bone-secondaries"
#: the files of the checkout a learner's server needs
RUNTIME_PARTS = (
    "course",
    "notebooks",
    "quizzes/bank",
    "quizzes/source",
    "quizzes/nbgrader_config.py",
    "assets",
    "pyproject.toml",
    "README.md",
    "LICENSE",
)
LEARNER_FOLDER = "bone-secondaries"
TRAINER_FOLDER = "bone-secondaries-quizzes"
USERNAME = re.compile(r"^[a-z][a-z0-9_-]{1,30}$")


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
        return self.runtime / "course"

    @property
    def venv(self) -> Path:
        return self.runtime / "venv"

    @property
    def exchange(self) -> Path:
        return self.runtime / "exchange"

    @property
    def url(self) -> str:
        host = "127.0.0.1" if self.ip in ("", "0.0.0.0") else self.ip
        return f"http://{host}:{self.port}"

    @property
    def pid_file(self) -> Path:
        return self.state / "jupyterhub.pid"

    @property
    def token_file(self) -> Path:
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
    """Copy the course into the runtime folder (root-owned; readable by all under umask 022)."""
    dest = settings.course_copy
    dest.mkdir(parents=True, exist_ok=True)
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
        _run([str(settings.venv / "bin" / "python"), "-m", "course.labsettings"])
        stamp_file.write_text(_stamp())
    # nbgrader settings shared by everyone: the course id and where the exchange is
    etc = settings.venv / "etc" / "jupyter"
    etc.mkdir(parents=True, exist_ok=True)
    (etc / "nbgrader_config.py").write_text(
        "c = get_config()  # noqa: F821\n"
        f"c.CourseDirectory.course_id = {COURSE_ID!r}\n"
        f"c.Exchange.root = {str(settings.exchange)!r}\n"
    )


def ensure_exchange(settings: WorkshopSettings) -> None:
    """nbgrader's exchange: writable by all, sticky, as nbgrader's docs describe."""
    settings.exchange.mkdir(parents=True, exist_ok=True)
    settings.exchange.chmod(0o1777)


def setup(settings: WorkshopSettings) -> None:
    """Everything ``up`` needs: proxy, runtime, exchange, state folder."""
    if os.geteuid() != 0:
        raise PermissionError("The workshop hub creates a system user per learner: run as root.")
    os.umask(0o022)  # the runtime must be readable by every learner
    ensure_proxy()
    ensure_runtime(settings)
    ensure_exchange(settings)
    settings.state.mkdir(parents=True, exist_ok=True)
    settings.state.chmod(0o700)
    settings.admin_token()


# -- per-user preparation (called by the hub before each server starts) ---------------------
def ensure_system_user(name: str) -> pwd.struct_passwd:
    """Create the learner's system user with a private home (0700) if it does not exist."""
    if not USERNAME.match(name):
        raise ValueError(f"{name!r} is not a valid workshop user name (a-z, 0-9, - and _).")
    try:
        return pwd.getpwnam(name)
    except KeyError:
        pass
    subprocess.run(
        ["useradd", "--create-home", "--shell", "/bin/bash", name], check=True, capture_output=True
    )
    entry = pwd.getpwnam(name)
    Path(entry.pw_dir).chmod(0o700)
    return entry


def _write_as(entry: pwd.struct_passwd, path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    for p in [path, *[q for q in path.parents if str(q).startswith(entry.pw_dir + "/")]]:
        os.chown(p, entry.pw_uid, entry.pw_gid)


def _copy_as(entry: pwd.struct_passwd, src: Path, dest: Path) -> None:
    """Copy a folder into a user's home without overwriting what they already have."""
    for path in sorted(src.rglob("*")):
        if "__pycache__" in path.parts or ".ipynb_checkpoints" in path.parts:
            continue
        target = dest / path.relative_to(src)
        if path.is_dir():
            target.mkdir(parents=True, exist_ok=True)
        elif not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
        else:
            continue
    for p in [dest, *dest.rglob("*")]:
        os.chown(p, entry.pw_uid, entry.pw_gid)


def prepare_user(name: str, settings: WorkshopSettings) -> dict[str, str]:
    """Create and set up ``name``'s account; return the environment for their server."""
    entry = ensure_system_user(name)
    home = Path(entry.pw_dir)
    is_trainer = name in settings.trainers
    _copy_as(entry, settings.course_copy / "notebooks", home / LEARNER_FOLDER)
    server_extensions = {
        "nbgrader.server_extensions.assignment_list": True,
        "nbgrader.server_extensions.validate_assignment": True,
        "nbgrader.server_extensions.course_list": is_trainer,
        "nbgrader.server_extensions.formgrader": is_trainer,
    }
    _write_as(
        entry,
        home / ".jupyter" / "jupyter_server_config.json",
        json.dumps({"ServerApp": {"jpserver_extensions": server_extensions}}, indent=2),
    )
    disabled = (
        {}
        if is_trainer
        else {
            "@jupyter/nbgrader:formgrader": True,
            "@jupyter/nbgrader:create-assignment": True,
            "@jupyter/nbgrader:course-list": True,
        }
    )
    _write_as(
        entry,
        home / ".jupyter" / "labconfig" / "page_config.json",
        json.dumps({"disabledExtensions": disabled}, indent=2),
    )
    if is_trainer:
        course_dir = home / TRAINER_FOLDER
        (course_dir / "source").mkdir(parents=True, exist_ok=True)
        for folder in (course_dir, course_dir / "source"):
            os.chown(folder, entry.pw_uid, entry.pw_gid)
        _copy_as(entry, settings.course_copy / "quizzes" / "source", course_dir / "source")
        config = settings.course_copy / "quizzes" / "nbgrader_config.py"
        if config.exists() and not (course_dir / "nbgrader_config.py").exists():
            shutil.copy2(config, course_dir / "nbgrader_config.py")
            os.chown(course_dir / "nbgrader_config.py", entry.pw_uid, entry.pw_gid)
        _write_as(
            entry,
            home / ".jupyter" / "nbgrader_config.py",
            f"c = get_config()  # noqa: F821\nc.CourseDirectory.root = {str(course_dir)!r}\n",
        )
    progress = home / ".local" / "share" / "bonecourse" / "progress.sqlite"
    progress.parent.mkdir(parents=True, exist_ok=True)
    for p in (home / ".local", home / ".local" / "share", progress.parent):
        os.chown(p, entry.pw_uid, entry.pw_gid)
    return {
        "BONECOURSE_ROOT": str(settings.course_copy),
        "BONECOURSE_PROGRESS": str(progress),
        "MPLBACKEND": "module://matplotlib_inline.backend_inline",
    }


# -- up and down ---------------------------------------------------------------------------------
def _hub_alive(settings: WorkshopSettings) -> int | None:
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
    pid = _hub_alive(settings)
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
    except TimeoutError:
        down(settings)
        raise
    print(
        f"Workshop hub running at {settings.url} (pid {proc.pid}); log: "
        f"{settings.state / 'jupyterhub.log'}"
    )
    return proc.pid


def down(settings: WorkshopSettings, timeout: float = 60) -> bool:
    """Stop the hub by its pid; it stops the learners' servers and the proxy as it exits."""
    pid = _hub_alive(settings)
    if pid is None:
        print("The workshop hub is not running.")
        settings.pid_file.unlink(missing_ok=True)
        return False
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and _hub_alive(settings):
        time.sleep(0.3)
    if _hub_alive(settings):
        os.killpg(pid, signal.SIGKILL)
    settings.pid_file.unlink(missing_ok=True)
    print("Workshop hub stopped.")
    return True


def _cmd(args: argparse.Namespace) -> int:
    settings = WorkshopSettings.from_env()
    if args.action == "setup":
        setup(settings)
        print(f"Workshop ready to start: runtime {settings.runtime}")
    elif args.action == "up":
        up(settings)
    elif args.action == "down":
        down(settings)
    elif args.action == "status":
        pid = _hub_alive(settings)
        print(f"running (pid {pid}) at {settings.url}" if pid else "not running")
        return 0 if pid else 3
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "workshop",
        help="run a workshop on JupyterHub: setup, up, down, status (as root)",
        description="Settings come from BONECOURSE_WORKSHOP_RUNTIME (default /srv/bonecourse), "
        "BONECOURSE_WORKSHOP_STATE, BONECOURSE_WORKSHOP_IP (default 127.0.0.1; 0.0.0.0 to serve "
        "the room), BONECOURSE_WORKSHOP_PORT (8000) and BONECOURSE_WORKSHOP_TRAINERS "
        "(comma-separated user names; default 'trainer').",
    )
    p.add_argument("action", choices=["setup", "up", "down", "status"])
    p.set_defaults(func=_cmd)


# -- a small client for the hub's REST API (used by the tests and the load benchmark) ---------
class HubClient:
    """Talk to the workshop hub's REST API with a token (the admin service's, by default)."""

    def __init__(self, settings: WorkshopSettings, token: str | None = None):
        import requests

        self.settings = settings
        self.token = token or settings.admin_token()
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"token {self.token}"

    def api(self, method: str, path: str, **kwargs):
        """A request to ``/hub/api<path>``; returns the response (never raises on status)."""
        return self.session.request(
            method, f"{self.settings.url}/hub/api{path}", timeout=60, **kwargs
        )

    def server(self, user: str, method: str, path: str, token: str, **kwargs):
        """A request to ``user``'s own server (``/user/<user><path>``) with ``token``."""
        import requests

        return requests.request(
            method,
            f"{self.settings.url}/user/{user}{path}",
            timeout=120,
            headers={"Authorization": f"token {token}"},
            allow_redirects=False,
            **kwargs,
        )

    def create_users(self, names: list[str], admin: bool = False) -> None:
        existing = {u["name"] for u in self.api("GET", "/users").json()}
        new = [n for n in names if n not in existing]
        if new:
            resp = self.api("POST", "/users", json={"usernames": new, "admin": admin})
            resp.raise_for_status()

    def start_server(self, name: str) -> float:
        """Ask the hub to start ``name``'s server; return the time it took to be ready (s)."""
        start = time.monotonic()
        resp = self.api("POST", f"/users/{name}/server")
        if resp.status_code not in (201, 202, 400):  # 400: already running
            raise RuntimeError(f"could not start {name}'s server: {resp.status_code} {resp.text}")
        self.wait_ready(name)
        return time.monotonic() - start

    def wait_ready(self, name: str, timeout: float = 240) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            model = self.api("GET", f"/users/{name}").json()
            server = (model.get("servers") or {}).get("")
            if server and server.get("ready"):
                return
            if not model.get("pending") and not server:
                raise RuntimeError(f"{name}'s server stopped while starting; see the hub log")
            time.sleep(0.5)
        raise TimeoutError(f"{name}'s server was not ready within {timeout:.0f} s")

    def stop_server(self, name: str) -> None:
        self.api("DELETE", f"/users/{name}/server")

    def user_token(self, name: str) -> str:
        resp = self.api(
            "POST", f"/users/{name}/tokens", json={"expires_in": 7200, "note": "workshop test"}
        )
        resp.raise_for_status()
        return resp.json()["token"]
