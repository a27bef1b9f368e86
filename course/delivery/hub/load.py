"""A workshop under load: learners log in, run a module and use its widgets, measured.

Used by the workshop tests and ``bench/bench_workshop.py``. Everything talks to the hub's own URL
(loopback in tests), and every loop here is bounded in count and in time.

- :func:`workshop_load`: one learner alone, then a crowd logging in together, every figure of
  issue 18 measured (spawn, finished module, widget round trip, hub and proxy CPU, memory).
- :func:`learner_run`: one learner's session (log in, spawn, open a module, run it, then use its
  widgets at a human pace), returning what was measured.
"""

from __future__ import annotations

import random
import statistics
import time
from dataclasses import dataclass, field
from typing import Any

from course.delivery.hub.client import HubClient, KernelSession, open_notebook  # noqa: F401


# -- one learner's session -----------------------------------------------------------------------
@dataclass
class LearnerRun:
    """What one learner's session measured."""

    name: str
    spawn_s: float = float("nan")
    module_s: float = float("nan")
    memory_login_mib: float = float("nan")
    round_trips: list[float] = field(default_factory=list)
    redraws: int = 0
    answered: int = 0
    errors: list[str] = field(default_factory=list)


def learner_run(
    client: HubClient,
    name: str,
    module_path: str,
    *,
    start_at: float,
    drive_seconds: float,
    pace: float = 4.0,
    max_actions: int = 200,
    answers: dict[str, tuple[str, str | None]] | None = None,
    seed: int = 0,
    keep_kernel: bool = True,
) -> LearnerRun:
    """Log in at ``start_at`` (a ``time.monotonic()`` moment), spawn, run the module, then use it.

    Parameters
    ----------
    module_path
        The notebook to open, relative to the learner's home (``bone-secondaries/01_...ipynb``).
    drive_seconds, pace, max_actions
        How long the learner moves the module's sliders (one action every ``pace`` seconds on
        average, jittered with ``seed``), bounded by ``max_actions`` as well.
    answers
        Self-checks to answer after the module ran: item id -> (option text, confidence).
    keep_kernel
        Leave the kernel running afterwards (an "active" learner) or shut it down.
    """
    run = LearnerRun(name)
    rng = random.Random(seed)
    time.sleep(max(0.0, start_at - time.monotonic()))
    try:
        run.spawn_s = client.start_server(name)
        token = client.user_token(name)
        t0 = time.monotonic()
        kernel, cells = open_notebook(client, name, token, module_path)
        run.memory_login_mib = user_memory_mib(name)  # server and a fresh kernel, nothing run
    except Exception as exc:  # every failure is a reported error, not a crash of the whole run
        run.errors.append(f"spawn/open: {exc}")
        return run
    try:
        for code in cells:
            kernel.execute(code, timeout=300)
        run.module_s = time.monotonic() - t0
        for _item_id, (option_text, confidence) in (answers or {}).items():
            for box in kernel.self_checks():
                done = kernel.answer_self_check(box, option_text, confidence)
                if done is not None:
                    run.round_trips.append(done[0])
                    run.answered += 1
                    break
        sliders = kernel.sliders()
        deadline = time.monotonic() + drive_seconds
        actions = 0
        while sliders and time.monotonic() < deadline and actions < max_actions:
            cid = rng.choice(sliders)
            st = kernel.widgets[cid]
            lo, hi, step = st.get("min", 0), st.get("max", 1), st.get("step") or 1
            steps = max(1, int(round((hi - lo) / step)))
            value = round(lo + step * rng.randint(0, steps), 10)
            if isinstance(st.get("value"), int) and isinstance(step, int):
                value = int(value)
            seconds, caused = kernel.set_state(cid, value=value)
            run.round_trips.append(seconds)
            run.redraws += caused > 0
            actions += 1
            time.sleep(max(0.0, min(rng.uniform(0.5, 1.5) * pace, deadline - time.monotonic())))
    except Exception as exc:
        run.errors.append(f"kernel: {exc}")
    finally:
        kernel.close()
        if not keep_kernel:
            session = _session_of(client, name, token)
            client.server(name, "DELETE", f"/api/sessions/{session}", token)
    return run


def _session_of(client: HubClient, name: str, token: str) -> str:
    sessions = client.server(name, "GET", "/api/sessions", token).json()
    return sessions[0]["id"] if sessions else "none"


def summary(values: list[float]) -> dict[str, float]:
    """Median, 95th percentile and maximum of ``values`` (NaN when empty)."""
    clean = sorted(v for v in values if v == v)
    if not clean:
        return {"median": float("nan"), "p95": float("nan"), "max": float("nan"), "n": 0}
    p95 = clean[min(len(clean) - 1, max(0, int(round(0.95 * len(clean))) - 1))]
    return {"median": statistics.median(clean), "p95": p95, "max": clean[-1], "n": len(clean)}


# -- a workshop under load -----------------------------------------------------------------------
def _user_process_info(name: str, attrs: list[str]) -> list[dict[str, Any]]:
    """``attrs`` (psutil) of each running process of the system user ``name`` (none if unknown)."""
    import pwd

    import psutil

    try:
        uid = pwd.getpwnam(name).pw_uid
    except KeyError:
        return []
    found = []
    for proc in psutil.process_iter(["uids", *attrs]):
        try:
            if proc.info["uids"] and proc.info["uids"].real == uid:
                found.append(proc.info)
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return found


def user_memory_mib(name: str) -> float:
    """Resident memory of every process of the system user ``name`` (server and kernels), MiB."""
    info = _user_process_info(name, ["memory_info"])
    return sum(i["memory_info"].rss for i in info if i["memory_info"]) / 2**20


def user_cpu_seconds(name: str) -> float:
    """CPU time (user + system) used so far by the running processes of the system user ``name``."""
    total = 0.0
    for i in _user_process_info(name, ["cpu_times"]):
        t = i["cpu_times"]
        if t:
            total += t.user + t.system + t.children_user + t.children_system
    return total


def hub_and_proxy(hub_pid: int) -> dict[str, Any]:
    """The hub's and the proxy's processes (psutil), by the hub's pid."""
    import psutil

    hub = psutil.Process(hub_pid)
    proxy = [
        p
        for p in hub.children(recursive=True)
        if "configurable-http-proxy" in " ".join(p.cmdline())
    ]
    return {"hub": hub, "proxy": proxy[0] if proxy else None}


def _cpu_seconds(proc) -> float:
    if proc is None:
        return float("nan")
    t = proc.cpu_times()
    return t.user + t.system


class MemorySampler:
    """Sample each learner's memory every ``every`` s in a thread (at most ``limit`` samples)."""

    def __init__(self, names: list[str], every: float = 3.0, limit: int = 400):
        import threading

        self.names, self.every, self.limit = names, every, limit
        self.peak: dict[str, float] = dict.fromkeys(names, 0.0)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        for _ in range(self.limit):
            for name in self.names:
                self.peak[name] = max(self.peak[name], user_memory_mib(name))
            if self._stop.wait(self.every):
                return

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(timeout=30)


def workshop_load(
    client: HubClient,
    hub_pid: int,
    lone: str,
    crowd: list[str],
    module_path: str,
    *,
    login_window: float,
    drive_seconds: float,
    pace: float = 4.0,
    answers: dict[str, dict[str, tuple[str, str | None]]] | None = None,
    idle_wait: float = 15.0,
    seed: int = 18,
) -> dict[str, Any]:
    """One learner alone, then ``crowd`` logging in over ``login_window`` s, all measured.

    Each learner spawns, opens ``module_path``, runs it, answers their ``answers`` (if any) and
    moves the module's sliders for ``drive_seconds`` at ``pace``. Returns the figures: spawn time,
    time to a finished module, widget round trip (each for the crowd and the lone learner), hub
    and proxy CPU during the crowd's session, memory per learner active (peak) and idle, errors.
    """
    answers = answers or {}
    procs = hub_and_proxy(hub_pid)
    with MemorySampler([lone]) as lone_mem:
        alone = learner_run(
            client,
            lone,
            module_path,
            start_at=time.monotonic(),
            drive_seconds=drive_seconds,
            pace=pace,
            answers=answers.get(lone),
            seed=seed,
        )
    lone_cpu = user_cpu_seconds(lone)
    time.sleep(idle_wait)
    lone_idle = user_memory_mib(lone)
    cpu0 = {k: _cpu_seconds(p) for k, p in procs.items()}
    t0 = time.monotonic()
    gap = login_window / max(1, len(crowd))
    with MemorySampler(crowd) as crowd_mem:
        runs = _crowd_runs(
            client, crowd, module_path, t0, gap, login_window, drive_seconds, pace, answers, seed
        )
    wall = time.monotonic() - t0
    cpu = {k: _cpu_seconds(p) - cpu0[k] for k, p in procs.items()}
    learner_cpu = [user_cpu_seconds(n) for n in crowd]
    time.sleep(idle_wait)
    idle = [user_memory_mib(n) for n in crowd]
    ready_at = [n * gap + r.spawn_s for n, r in enumerate(runs)]
    return {
        "learners": len(crowd),
        "login_window_s": login_window,
        "spawn_s": summary([r.spawn_s for r in runs]),
        "all_spawned_within_s": max(ready_at) if ready_at else float("nan"),
        "module_s": summary([r.module_s for r in runs]),
        "round_trip_s": summary([t for r in runs for t in r.round_trips]),
        "redraws": sum(r.redraws for r in runs),
        "answered": sum(r.answered for r in runs),
        "memory_login_mib": summary([r.memory_login_mib for r in runs]),
        "memory_active_mib": summary([crowd_mem.peak[n] for n in crowd]),
        "memory_idle_mib": summary(idle),
        "learner_cpu_s": summary(learner_cpu),
        "hub_cpu_s": cpu["hub"],
        "proxy_cpu_s": cpu["proxy"],
        "wall_s": wall,
        "hub_cpu_pct": 100 * cpu["hub"] / wall,
        "proxy_cpu_pct": 100 * cpu["proxy"] / wall,
        "errors": [f"{r.name}: {e}" for r in runs for e in r.errors],
        "alone": _alone_figures(alone, lone_mem.peak[lone], lone_idle, lone_cpu),
    }


def _crowd_runs(
    client: HubClient,
    crowd: list[str],
    module_path: str,
    t0: float,
    gap: float,
    login_window: float,
    drive_seconds: float,
    pace: float,
    answers: dict[str, dict[str, tuple[str, str | None]]],
    seed: int,
) -> list[LearnerRun]:
    """Run the crowd's sessions side by side; learner ``n`` logs in ``n * gap`` s after ``t0``."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=len(crowd)) as pool:
        futures = [
            pool.submit(
                learner_run,
                client,
                name,
                module_path,
                start_at=t0 + n * gap,
                drive_seconds=drive_seconds,
                pace=pace,
                answers=answers.get(name),
                seed=seed + 1 + n,
            )
            for n, name in enumerate(crowd)
        ]
        return [f.result(timeout=login_window + drive_seconds + 1800) for f in futures]


def _alone_figures(
    alone: LearnerRun, memory_active_mib: float, memory_idle_mib: float, cpu_s: float
) -> dict[str, Any]:
    """The figures of the learner who worked alone, before the crowd."""
    return {
        "spawn_s": alone.spawn_s,
        "module_s": alone.module_s,
        "round_trip_s": summary(alone.round_trips),
        "memory_login_mib": alone.memory_login_mib,
        "memory_active_mib": memory_active_mib,
        "memory_idle_mib": memory_idle_mib,
        "cpu_s": cpu_s,
        "answered": alone.answered,
        "errors": alone.errors,
    }
