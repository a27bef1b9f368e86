"""A memory limit per learner on one machine: JupyterHub's local spawner with a cgroup.

JupyterHub's ``LocalProcessSpawner`` accepts ``mem_limit`` but does not enforce it (it only
tells the server, through ``MEM_LIMIT``). :class:`LimitedLocalProcessSpawner` enforces it with
the kernel's control groups when the hub may write them (root, cgroup v1 ``memory`` or cgroup
v2): each learner's server goes into ``bonecourse/<user>`` with that limit, and their kernels,
started by the server, inherit it. Where no writable cgroup exists, it logs that the limit is
advisory and behaves as the local spawner. On Kubernetes (KubeSpawner) and with SystemdSpawner
the spawner itself enforces ``mem_limit``.
"""

from __future__ import annotations

import os
from pathlib import Path

from jupyterhub.spawner import LocalProcessSpawner

CGROUP_V1 = Path("/sys/fs/cgroup/memory")
CGROUP_V2 = Path("/sys/fs/cgroup")


def cgroup_root() -> tuple[Path, str, str] | None:
    """(folder for the workshop's groups, limit file name, process file name), or None."""
    if (CGROUP_V1 / "memory.limit_in_bytes").exists() and os.access(CGROUP_V1, os.W_OK):
        return CGROUP_V1 / "bonecourse", "memory.limit_in_bytes", "cgroup.procs"
    controllers = CGROUP_V2 / "cgroup.controllers"
    if (
        controllers.exists()
        and "memory" in controllers.read_text()
        and os.access(CGROUP_V2, os.W_OK)
    ):
        return CGROUP_V2 / "bonecourse", "memory.max", "cgroup.procs"
    return None


def user_cgroup(user: str) -> Path | None:
    """The cgroup folder a learner's server runs in (whether or not it exists yet)."""
    root = cgroup_root()
    return root[0] / user if root else None


def limit_process(user: str, pid: int, limit_bytes: int) -> Path | None:
    """Put ``pid`` (and so its future children) in ``user``'s group limited to ``limit_bytes``."""
    root = cgroup_root()
    if root is None or not limit_bytes:
        return None
    folder, limit_file, procs_file = root
    if folder.parent == CGROUP_V2 and not folder.exists():
        folder.mkdir()
        (CGROUP_V2 / "cgroup.subtree_control").write_text("+memory")
        (folder / "cgroup.subtree_control").write_text("+memory")
    group = folder / user
    group.mkdir(parents=True, exist_ok=True)
    (group / limit_file).write_text(str(int(limit_bytes)))
    (group / procs_file).write_text(str(pid))
    return group


class LimitedLocalProcessSpawner(LocalProcessSpawner):
    """``LocalProcessSpawner`` whose ``mem_limit`` is enforced by a cgroup where possible."""

    async def start(self):
        """Start the server as the local spawner does, then put it under its memory limit."""
        ip_port = await super().start()
        try:
            group = limit_process(self.user.name, self.pid, self.mem_limit or 0)
        except OSError as exc:
            group = None
            self.log.warning("Memory limit for %s not enforced: %s", self.user.name, exc)
        if group is None and self.mem_limit:
            self.log.warning(
                "No writable memory cgroup: %s's limit of %s bytes is advisory only",
                self.user.name,
                self.mem_limit,
            )
        return ip_port

    async def stop(self, now: bool = False):
        """Stop the server; remove its control group once it is empty."""
        await super().stop(now=now)
        group = user_cgroup(self.user.name)
        if group is not None and group.exists():
            try:
                group.rmdir()  # fails while a process is still in it; the next start reuses it
            except OSError:
                pass
