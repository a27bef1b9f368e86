"""A workshop under load on loopback: 30 learners log in within a minute, run a module, use it.

Starts the workshop hub (as root), has one learner work alone (the baseline, in the same run),
then ``--learners`` learners log in spread over ``--login-window`` seconds; each spawns, opens
module 1, runs it through the kernel API, answers its red-flag self-check by its controls and
moves its sliders at a human pace (one move every ``--pace`` s on average) for ``--drive``
seconds. Reports, beside the lone learner's figures: spawn time (median, p95, slowest), time to
a finished module, widget round trip (median, p95, max), hub and proxy CPU, memory per learner
active and idle, errors; and whether the targets hold (all spawned within 60 s; round trip p95
under 500 ms and within 3x the lone learner's; no error).

Prints ``BENCH <name> value=<v> baseline=<b> ratio=<r> unit=<u>`` lines, and the whole report
as JSON with ``--json FILE``. Everything is stopped by pid afterwards and the users removed.
Usage: ``sudo .venv/bin/python bench/bench_workshop.py [--learners 30] [--runtime DIR]``.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import psutil

from course.delivery.hub.load import workshop_load
from course.delivery.hub.setup import LEARNER_FOLDER, HubClient, WorkshopSettings, down, up
from course.questions.bank import default_bank

MODULE = "01_bone_biology"
NOTEBOOK = f"{MODULE}_part2"  # the part that shows the module's red-flag self-checks


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def answers(names: list[str]) -> dict[str, dict[str, tuple[str, str]]]:
    """Each learner answers the module's red-flag self-check (some wrongly and sure)."""
    item = next(
        i
        for i in default_bank().select(module=MODULE, use="practice", red_flag=True)
        if i.type == "single"
    )
    right = next(o.text for o in item.options if o.key == item.answer)
    wrong = next(o.text for o in item.options if o.key != item.answer)
    plan = [(wrong, "sure"), (right, "fairly sure"), (wrong, "guessing")]
    return {n: {item.id: plan[k % 3]} for k, n in enumerate(names)}


def line(name: str, value: float, baseline: float, unit: str) -> None:
    ratio = value / baseline if baseline and baseline == baseline else float("nan")
    print(f"BENCH {name} value={value:.3f} baseline={baseline:.3f} ratio={ratio:.2f} unit={unit}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=30)
    parser.add_argument("--login-window", type=float, default=50.0)
    parser.add_argument("--drive", type=float, default=180.0, help="seconds of slider moves")
    parser.add_argument("--pace", type=float, default=5.0, help="mean seconds between moves")
    parser.add_argument("--runtime", default=None, help="reuse a runtime folder (faster)")
    parser.add_argument("--json", default=None, help="write the whole report here")
    args = parser.parse_args()
    if os.geteuid() != 0:
        print("bench_workshop: needs root (the hub creates system users); skipped")
        return 0
    runtime = Path(args.runtime or tempfile.mkdtemp(prefix="bonecourse-bench-hub-"))
    runtime.mkdir(parents=True, exist_ok=True)
    runtime.chmod(0o755)
    port = free_port()
    settings = WorkshopSettings(
        runtime=runtime,
        state=runtime / f"state-{port}",
        ip="127.0.0.1",
        port=port,
        trainers=("bctrainer",),
    )
    names = [f"bcbench{n:02d}" for n in range(args.learners + 1)]
    hub_pid = up(settings)
    try:
        client = HubClient(settings)
        client.create_users(names)
        r = workshop_load(
            client,
            hub_pid,
            names[0],
            names[1:],
            f"{LEARNER_FOLDER}/{NOTEBOOK}.ipynb",
            login_window=args.login_window,
            drive_seconds=args.drive,
            pace=args.pace,
            answers=answers(names),
        )
    finally:
        down(settings)
        for name in [*names, *settings.trainers]:
            subprocess.run(["pkill", "-KILL", "-u", name], capture_output=True)
            subprocess.run(["userdel", "--remove", name], capture_output=True)
    a, n = r["alone"], r["learners"]
    for stat in ("median", "p95", "max"):
        line(f"spawn_{stat}_of_{n}", r["spawn_s"][stat], a["spawn_s"], "s")
    for stat in ("median", "p95", "max"):
        line(f"module_finished_{stat}_of_{n}", r["module_s"][stat], a["module_s"], "s")
    for stat in ("median", "p95", "max"):
        line(
            f"widget_round_trip_{stat}_of_{n}",
            1000 * r["round_trip_s"][stat],
            1000 * a["round_trip_s"][stat],
            "ms",
        )
    line(f"all_{n}_spawned_within", r["all_spawned_within_s"], a["spawn_s"], "s")
    line(
        "memory_per_learner_active", r["memory_active_mib"]["median"], a["memory_active_mib"], "MiB"
    )
    line("memory_per_learner_idle", r["memory_idle_mib"]["median"], a["memory_idle_mib"], "MiB")
    mem_l = r["memory_login_mib"]["median"]
    line("memory_per_learner_at_login", mem_l, a["memory_login_mib"], "MiB")
    line("cpu_per_learner_session", r["learner_cpu_s"]["median"], a["cpu_s"], "s")
    print(
        f"# hub CPU {r['hub_cpu_s']:.1f} s ({r['hub_cpu_pct']:.1f}% of one core), proxy CPU "
        f"{r['proxy_cpu_s']:.1f} s ({r['proxy_cpu_pct']:.1f}%) over {r['wall_s']:.0f} s"
    )
    total = psutil.virtual_memory().total
    print(f"# machine: {os.cpu_count()} cores, {total / 2**30:.1f} GiB")
    print(
        f"# round trips measured: {r['round_trip_s']['n']}; self-checks answered: {r['answered']}"
    )
    errors = r["errors"] + [f"{names[0]}: {e}" for e in a["errors"]]
    print(f"# errors: {len(errors)}")
    for e in errors[:20]:
        print(f"#   {e}")
    targets = {
        "all spawned within 60 s": r["all_spawned_within_s"] < 60,
        "round trip p95 < 500 ms": r["round_trip_s"]["p95"] < 0.5,
        "round trip p95 within 3x alone": r["round_trip_s"]["p95"] < 3 * a["round_trip_s"]["p95"],
        "no error": not errors,
    }
    for what, ok in targets.items():
        print(f"# target {what}: {'met' if ok else 'NOT met'}")
    if args.json:
        Path(args.json).write_text(json.dumps(r, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
