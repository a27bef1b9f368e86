"""Helpers for the workshop tests: start a hub, run as a learner, probe ports."""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
from pathlib import Path

from course.delivery.hub.setup import WorkshopSettings, up


def missing() -> str | None:
    """Why a real hub cannot run here, or None."""
    if os.geteuid() != 0:
        return "the workshop hub creates system users, so it must run as root"
    if not shutil.which("npm"):
        return "npm is needed for configurable-http-proxy"
    if not shutil.which("useradd"):
        return "useradd is needed to create learners' system users"
    if not Path("/usr/bin/python3").exists() and not os.environ.get("BONECOURSE_WORKSHOP_PYTHON"):
        return "a system Python (/usr/bin/python3) is needed for learners' servers"
    return None


def accepts(port: int) -> bool:
    """Whether anything accepts a TCP connection on 127.0.0.1:``port``."""
    with socket.socket() as s:
        s.settimeout(2)
        return s.connect_ex(("127.0.0.1", port)) == 0


def bindable(port: int) -> bool:
    """Whether a server can listen on ``port`` again, binding as the hub does (SO_REUSEADDR)."""
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
            s.listen()
        except OSError:
            return False
    return True


def free_port() -> int:
    """A port with the next three free too (hub, proxy API, hub API, live view)."""
    for _ in range(50):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port < 60000 and not any(accepts(port + k) for k in range(4)):
            if all(bindable(port + k) for k in range(4)):
                return port
    raise RuntimeError("no free port")


def remove_user(name: str) -> None:
    """Stop every process of ``name`` and delete the account and its home."""
    subprocess.run(["pkill", "-KILL", "-u", name], capture_output=True)
    subprocess.run(["userdel", "--remove", name], capture_output=True)


def as_user(name: str, settings: WorkshopSettings, *cmd: str, cwd: Path | None = None):
    """Run ``cmd`` as the system user ``name`` (a learner's terminal), bounded to 10 minutes."""
    entry = pwd.getpwnam(name)
    env = {
        "HOME": entry.pw_dir,
        "USER": name,
        "PATH": f"{settings.venv / 'bin'}:/usr/bin:/bin",
        "BONECOURSE_ROOT": str(settings.course_copy),
    }
    return subprocess.run(
        ["runuser", "-u", name, "--", "env", *[f"{k}={v}" for k, v in env.items()], *cmd],
        cwd=cwd or entry.pw_dir,
        capture_output=True,
        text=True,
        timeout=600,
    )


def start_hub(runtime: Path, trainer: str, users: list[str], **env: str) -> WorkshopSettings:
    """Start a hub on a free port with its own state folder; ``env`` sets workshop variables."""
    for name in [trainer, *users]:
        remove_user(name)
    port = free_port()
    settings = WorkshopSettings(
        runtime=runtime,
        state=runtime / f"state-{port}",
        ip="127.0.0.1",
        port=port,
        trainers=(trainer,),
    )
    os.environ["BONECOURSE_WORKSHOP_RUNTIME"] = str(runtime)
    for key, value in env.items():
        os.environ[key] = value
    try:
        up(settings)
    finally:
        for key in env:
            os.environ.pop(key, None)
    return settings
