"""A sandbox per submission, made with bubblewrap (``bwrap``), in which a notebook's kernel runs.

Each submission's notebook is executed by :func:`course.grading.execute.sandbox_main` under
``bwrap``, kernel included, with:

* an unprivileged user (uid and gid 65534, ``nobody``, in its own user namespace) and no
  capabilities;
* a fresh scratch folder holding that notebook only (nothing else a learner submitted is on the
  kernel's import path), as its working folder;
* no network (its own network namespace: loopback only, which the kernel's channels use);
* a throwaway home, IPython profile and Jupyter folders (no one's start-up files), on a small
  size-limited tmpfs, as is ``/tmp``;
* read-only system files, the Python environment and the ``course`` package, and nothing else
  of the machine: the gradebook, the quiz sources, other submissions and the trainer's folders
  are not in the sandbox at all;
* its own PID namespace, ending with its first process: every process the notebook started is
  gone when it ends; ``--die-with-parent`` ends it if the grader stops;
* limits on memory (address space), file size, wall time (the grader kills it) and the size of
  the outputs it returns.

Marks never come from the sandbox: the grader marks the answers of the notebook as submitted
(see :mod:`course.grading.save`); the sandbox returns outputs only, which cannot change an
answer or a mark, and no key is in it.

What it cannot do: limit CPU or the number of processes (no cgroup here; a busy or forking
notebook is stopped by the wall-time limit), limit memory across processes (the limit is per
process), hide world-readable system files or the ``course`` package's code, or stand against
an exploit of the Linux kernel itself (there is no seccomp filter). When the grader runs as
root, the sandbox's user is root outside its namespace (without capabilities, on read-only
files): grade as an ordinary account where possible.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

#: the unprivileged user and group the notebook runs as (``nobody`` / ``nogroup``)
SANDBOX_UID = 65534
SANDBOX_GID = 65534

#: the learner's home and scratch folder, as the kernel sees them
HOME = "/home/learner"
SCRATCH = "/home/learner/quiz"

#: files of /etc a Python kernel reads (no passwords, no keys)
_ETC_FILES = (
    "/etc/ld.so.cache",
    "/etc/ld.so.conf",
    "/etc/ld.so.conf.d",
    "/etc/localtime",
    "/etc/nsswitch.conf",
    "/etc/hosts",
    "/etc/host.conf",
    "/etc/alternatives",
    "/etc/mime.types",
    "/etc/fonts",
    "/etc/matplotlibrc",
    "/etc/os-release",
)
_SYSTEM_DIRS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")

HOW_TO_GET_ONE = (
    "Autograde runs each submission in a sandbox made with bubblewrap, so that a learner's code "
    "cannot reach the gradebook, the quiz sources or other learners' work. To get one: on Linux, "
    "install bubblewrap (Debian or Ubuntu: apt-get install bubblewrap; Fedora: dnf install "
    "bubblewrap) and allow user namespaces (sysctl kernel.unprivileged_userns_clone=1 where "
    "that setting exists). Only for notebooks you trust, --unsafe grades without a sandbox."
)


class SandboxUnavailableError(RuntimeError):
    """No sandbox can be made on this machine; the message says why and how to get one."""


@dataclass(frozen=True)
class Limits:
    """What one sandboxed submission may use."""

    memory_bytes: int = 3 * 1024**3  # address space per process (Python kernels reserve a lot)
    file_bytes: int = 64 * 1024**2  # largest file it may write
    tmp_bytes: int = 128 * 1024**2  # size of its /tmp and its home (each)
    output_chars: int = 2_000_000  # outputs kept while it runs (cut further when saved)


def bwrap_path() -> str | None:
    """The ``bwrap`` program, or ``None`` when bubblewrap is not installed."""
    return shutil.which("bwrap") or (
        "/usr/bin/bwrap" if os.access("/usr/bin/bwrap", os.X_OK) else None
    )


def _package_dir() -> Path:
    import course

    return Path(course.__file__).resolve().parent


def readable_paths() -> list[Path]:
    """Folders the sandbox sees read-only besides the system.

    The Python environment (the venv and the Python it is made from) and the ``course`` package
    (with its public assets).
    """
    package = _package_dir()
    paths = {
        Path(sys.prefix),
        Path(sys.base_prefix).resolve(),
        Path(sys.executable).resolve().parent.parent,
        package,
    }
    assets = package.parent / "assets"
    if assets.is_dir():
        paths.add(assets)
    # nothing under a system folder twice, nothing that hides the course package's parent
    return sorted(p for p in paths if p.exists() and not str(p).startswith(_SYSTEM_DIRS))


def bwrap_command(scratch: Path, command: list[str], limits: Limits = Limits()) -> list[str]:
    """The ``bwrap`` command that runs ``command`` in a sandbox with ``scratch`` as its folder."""
    bwrap = bwrap_path()
    if bwrap is None:
        raise SandboxUnavailableError("bubblewrap (bwrap) is not installed. " + HOW_TO_GET_ONE)
    args = [
        bwrap,
        "--unshare-all",
        "--unshare-user",
        "--uid",
        str(SANDBOX_UID),
        "--gid",
        str(SANDBOX_GID),
        "--hostname",
        "sandbox",
        "--die-with-parent",
        "--new-session",
        "--cap-drop",
        "ALL",
        "--clearenv",
    ]
    env = {
        "HOME": HOME,
        "USER": "learner",
        "LANG": "C.UTF-8",
        "PATH": f"{Path(sys.executable).parent}:/usr/local/bin:/usr/bin:/bin",
        "IPYTHONDIR": f"{HOME}/.ipython",
        "JUPYTER_CONFIG_DIR": f"{HOME}/.jupyter",
        "JUPYTER_DATA_DIR": f"{HOME}/.local/share/jupyter",
        "JUPYTER_RUNTIME_DIR": "/tmp/jupyter-runtime",
        "JUPYTER_PLATFORM_DIRS": "1",
        "MPLBACKEND": "Agg",
        "MPLCONFIGDIR": "/tmp/matplotlib",
        "PYTHONDONTWRITEBYTECODE": "1",
        "NBGRADER_EXECUTION": "autograde",
        "BONECOURSE_GRADER": "1",
        # the very `course` package the grader runs (a checkout's copy, not another install)
        "PYTHONPATH": str(_package_dir().parent),
    }
    for key, value in env.items():
        args += ["--setenv", key, value]
    for path in _SYSTEM_DIRS:
        if os.path.islink(path):
            args += ["--symlink", os.readlink(path), path]
        elif os.path.isdir(path):
            args += ["--ro-bind", path, path]
    for path in _ETC_FILES:
        args += ["--ro-bind-try", path, path]
    args += [
        "--proc",
        "/proc",
        "--dev",
        "/dev",
        "--size",
        str(limits.tmp_bytes),
        "--tmpfs",
        "/tmp",
        "--size",
        str(limits.tmp_bytes),
        "--tmpfs",
        HOME,
    ]
    # after the fresh /tmp, so a course installed under /tmp (a test's copy) stays visible
    for path in readable_paths():
        args += ["--ro-bind", str(path), str(path)]
    args += [
        "--bind",
        str(scratch),
        SCRATCH,
        "--chdir",
        SCRATCH,
        "--remount-ro",
        "/",
        "--",
        *command,
    ]
    return args


def executor_command(
    notebook_name: str, cell_timeout: int, result_fd: int, limits: Limits = Limits()
) -> list[str]:
    """The command, run inside the sandbox, that executes ``notebook_name``.

    The notebook is in the scratch folder; its outputs go to the inherited descriptor
    ``result_fd``.
    """
    return [
        sys.executable,
        # no user site, no working folder on sys.path (so nothing beside the notebook can shadow
        # a module); PYTHONPATH is honoured because the sandbox sets it (``--clearenv``)
        "-s",
        "-P",
        "-m",
        "course.grading.execute",
        f"{SCRATCH}/{notebook_name}",
        str(cell_timeout),
        str(limits.output_chars),
        str(limits.memory_bytes),
        str(limits.file_bytes),
        str(result_fd),
    ]


_PASSED: set[str] = set()  # bwrap programs that passed the self-test in this process


def self_test(timeout: float = 60) -> None:
    """Make one sandbox and check it works, or raise :class:`SandboxUnavailableError`.

    Checked once per process: it runs as the sandbox's user, with the course importable, and
    cannot reach the network.
    """
    if not sys.platform.startswith("linux"):
        raise SandboxUnavailableError(f"this is {sys.platform}, not Linux. " + HOW_TO_GET_ONE)
    if bwrap_path() is None:
        raise SandboxUnavailableError("bubblewrap (bwrap) is not installed. " + HOW_TO_GET_ONE)
    if bwrap_path() in _PASSED:
        return
    probe = (
        "import importlib.util, os, socket, course.grading.runtime\n"
        "assert importlib.util.find_spec('nbclient') and importlib.util.find_spec('ipykernel')\n"
        f"assert os.getuid() == {SANDBOX_UID}\n"
        "try:\n"
        "    socket.create_connection(('1.1.1.1', 53), timeout=1)\n"
        "    print('network')\n"
        "except OSError:\n"
        "    print('sandbox ok')\n"
    )
    with tempfile.TemporaryDirectory(prefix="bonecourse-sandbox-test-") as scratch:
        try:
            proc = subprocess.run(
                bwrap_command(Path(scratch), [sys.executable, "-s", "-P", "-c", probe]),
                capture_output=True,
                text=True,
                timeout=timeout,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise SandboxUnavailableError(
                f"bubblewrap could not run ({exc}). " + HOW_TO_GET_ONE
            ) from None
    if proc.stdout.strip() != "sandbox ok":
        why = (proc.stderr.strip().splitlines() or [proc.stdout.strip() or "no output"])[-1]
        raise SandboxUnavailableError(f"bubblewrap failed its self-test ({why}). " + HOW_TO_GET_ONE)
    _PASSED.add(bwrap_path())


class SandboxRun:
    """One submission's notebook running in its sandbox (started at once)."""

    def __init__(
        self,
        scratch: Path,
        notebook_name: str,
        result_path: Path,
        cell_timeout: int,
        limits: Limits = Limits(),
    ):
        self.result_path = result_path
        self.log_path = result_path.with_suffix(".log")
        # the executor writes its result to this descriptor, which only it holds: the file is
        # outside the sandbox and the kernel does not inherit the descriptor
        result_fd = os.open(result_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            command = bwrap_command(
                scratch, executor_command(notebook_name, cell_timeout, result_fd, limits)
            )
            with open(self.log_path, "wb") as log:
                self.process = subprocess.Popen(
                    command,
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=log,
                    pass_fds=(result_fd,),
                )
        finally:
            os.close(result_fd)

        self._pidfd: int | None = None
        try:
            self._pidfd = os.pidfd_open(self.process.pid)
        except (AttributeError, OSError):  # older Linux or Python: polled instead
            self._pidfd = None

    @property
    def sentinel(self) -> int | None:
        """A descriptor readable once the sandbox has ended (``None``: poll instead)."""
        return self._pidfd

    def alive(self) -> bool:
        """Whether the sandbox's first process is still running."""
        return self.process.poll() is None

    def close(self) -> None:
        """Close the process descriptor held for the sandbox."""
        if self._pidfd is not None:
            os.close(self._pidfd)
            self._pidfd = None

    def kill(self) -> None:
        """Stop the sandbox: its first process dies, and with it every process inside."""
        if self.alive():
            self.process.kill()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            pass

    def log_tail(self, chars: int = 300) -> str:
        """The last ``chars`` characters of the sandbox's log ('' if none)."""
        try:
            return self.log_path.read_text(errors="replace")[-chars:].strip()
        except OSError:
            return ""
