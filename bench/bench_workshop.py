"""Workshop sizing: spawn time and memory per learner on the real hub, on loopback.

Starts the workshop hub (as root), spawns one learner alone (the baseline), then N learners at
once, each with a running kernel (a learner working through a module has one), and reports:

- spawn time: median over the N concurrent spawns, against the lone spawn;
- memory per learner: median resident memory (server + kernel) per learner, against the lone one;
- the hub and proxy's own memory.

Prints ``BENCH <name> value=<v> baseline=<b> ratio=<r> unit=<u>`` lines.
Usage: ``sudo .venv/bin/python bench/bench_workshop.py [--learners 10]``.
"""

from __future__ import annotations

import argparse
import os
import pwd
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psutil

from course.workshop import HubClient, WorkshopSettings, down, up


def user_memory_mb(name: str) -> float:
    uid = pwd.getpwnam(name).pw_uid
    total = 0
    for proc in psutil.process_iter(["uids", "memory_info"]):
        try:
            if proc.info["uids"] and proc.info["uids"].real == uid:
                total += proc.info["memory_info"].rss
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return total / 2**20


def tree_memory_mb(pid: int) -> float:
    try:
        root = psutil.Process(pid)
    except psutil.NoSuchProcess:
        return 0.0
    procs = [root, *root.children(recursive=True)]
    total = 0
    for p in procs:
        try:
            if p.uids().real == 0:
                total += p.memory_info().rss
        except psutil.NoSuchProcess:
            continue
    return total / 2**20


def start_kernel(client: HubClient, name: str, token: str) -> None:
    resp = client.server(name, "POST", "/api/kernels", token, json={"name": "python3"})
    resp.raise_for_status()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=10)
    parser.add_argument("--runtime", default=None, help="reuse a runtime folder (faster)")
    args = parser.parse_args()
    if os.geteuid() != 0:
        print("bench_workshop: needs root (the hub creates system users); skipped")
        return 0
    runtime = Path(args.runtime or tempfile.mkdtemp(prefix="bonecourse-bench-hub-"))
    runtime.mkdir(parents=True, exist_ok=True)
    runtime.chmod(0o755)
    port = free_port()
    settings = WorkshopSettings(
        runtime=runtime, state=runtime / "state", ip="127.0.0.1", port=port, trainers=("bctrainer",)
    )
    names = [f"bcbench{n:02d}" for n in range(args.learners + 1)]
    hub_pid = up(settings)
    try:
        client = HubClient(settings)
        client.create_users(names)
        lone = names[0]
        lone_time = client.start_server(lone)
        start_kernel(client, lone, client.user_token(lone))
        time.sleep(5)
        lone_mem = user_memory_mb(lone)
        crowd = names[1:]
        with ThreadPoolExecutor(max_workers=len(crowd)) as pool:
            times = list(pool.map(client.start_server, crowd))
        for name in crowd:
            start_kernel(client, name, client.user_token(name))
        time.sleep(8)
        mems = [user_memory_mb(n) for n in crowd]
        hub_mem = tree_memory_mb(hub_pid)
        med_t, med_m = statistics.median(times), statistics.median(mems)
        print(
            f"BENCH spawn_time_concurrent_{len(crowd)} value={med_t:.2f} "
            f"baseline={lone_time:.2f} ratio={med_t / lone_time:.2f} unit=s"
        )
        print(
            f"BENCH spawn_time_slowest_of_{len(crowd)} value={max(times):.2f} "
            f"baseline={lone_time:.2f} ratio={max(times) / lone_time:.2f} unit=s"
        )
        print(
            f"BENCH memory_per_learner value={med_m:.0f} baseline={lone_mem:.0f} "
            f"ratio={med_m / lone_mem:.2f} unit=MiB"
        )
        print(
            f"BENCH hub_and_proxy_memory value={hub_mem:.0f} baseline={lone_mem:.0f} "
            f"ratio={hub_mem / lone_mem:.2f} unit=MiB"
        )
        total = psutil.virtual_memory()
        print(
            f"# machine: {os.cpu_count()} cores, {total.total / 2**30:.1f} GiB; "
            f"{len(crowd)} learners each with a kernel used {sum(mems) / 1024:.2f} GiB"
        )
    finally:
        down(settings)
        for name in names:
            subprocess.run(["pkill", "-KILL", "-u", name], capture_output=True)
            subprocess.run(["userdel", "--remove", name], capture_output=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
