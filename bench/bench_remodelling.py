"""Remodelling explorer: latency of a control change against a bare redraw, in the same run.

A control change is what the learner waits for after releasing a slider: the model is
recomputed (its result cache cleared first, so every change really solves the equations) and
the reused figure is redrawn and encoded as a PNG. The baseline is a bare redraw of the same
figure with the same, precomputed, run. The two are measured interleaved, value by value, so
that load on a shared machine hits both alike.

Prints ``BENCH <name> value=<v> baseline=<b> ratio=<r> unit=ms`` lines (medians): wall-clock
time, and (names ending ``_cpu``) this process's CPU time, which other load on a shared machine
disturbs less. Targets: a control change within 100 ms, and a ratio of at most 1.5.

Usage: ``python bench/bench_remodelling.py [--repeats N]``
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.setdefault("BONECOURSE_PROGRESS", os.devnull)


def _measure(widget, set_value, values, clear_caches, repeats: int) -> dict[str, float]:
    """Median ms of a control change and of a bare redraw of the same run, as wall-clock time
    (what the learner waits) and as CPU time of this process (less disturbed by other load)."""
    wall = {"change": [], "redraw": []}
    cpu = {"change": [], "redraw": []}

    def timed(kind: str, action) -> None:
        w0, c0 = time.perf_counter(), time.process_time()
        action()
        wall[kind].append(time.perf_counter() - w0)
        cpu[kind].append(time.process_time() - c0)

    for _ in range(repeats):
        for value in values:
            clear_caches()
            timed("change", lambda value=value: set_value(value))
            timed("redraw", widget.redraw)
    out = {}
    for label, data in (("wall", wall), ("cpu", cpu)):
        for kind, times in data.items():
            out[f"{label}_{kind}"] = 1000 * statistics.median(times)
    return out


def _line(name: str, value: float, baseline: float) -> str:
    return (
        f"BENCH {name} value={value:.1f} baseline={baseline:.1f} "
        f"ratio={value / baseline:.2f} unit=ms"
    )


def _report(name: str, m: dict[str, float]) -> None:
    print(_line(name, m["wall_change"], m["wall_redraw"]), flush=True)
    print(_line(name + "_cpu", m["cpu_change"], m["cpu_redraw"]), flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)

    from course.widgets import remodelling_explorer as rw

    widget = rw.RemodellingExplorer()
    widget.apply_preset("single")
    # warm up: imports, first full draws of the figure
    for value in (0.5, 0.6, 0.5):
        widget.g11.value = value

    def clear_healthy() -> None:
        rw._healthy_run.cache_clear()

    def set_g11(value: float) -> None:
        widget.g11.value = value

    g11_values = [0.40, 0.45, 0.55, 0.60, 0.65, 0.70, 0.75, 0.80]
    _report(
        "remodelling_g11_change", _measure(widget, set_g11, g11_values, clear_healthy, args.repeats)
    )

    widget.apply_preset("cycles")

    def set_g21(value: float) -> None:
        widget.g21.value = value

    g21_values = [-0.6, -0.55, -0.45, -0.4, -0.5]
    _report(
        "remodelling_g21_change_cycles",
        _measure(widget, set_g21, g21_values, clear_healthy, args.repeats),
    )

    widget.tumour.value = True
    widget.treatment.value = True

    def clear_treated() -> None:
        rw._treated_tumour_run.cache_clear()  # the untreated run stays: it is the precompute

    def set_day(value: int) -> None:
        widget.treatment_day.value = value

    days = [300, 350, 400, 450, 500, 550, 650, 700]
    _report(
        "remodelling_treatment_day_change",
        _measure(widget, set_day, days, clear_treated, args.repeats),
    )
    print(
        f"# background draws (full figure renders): {widget.background_draws}; "
        f"targets: change <= 100 ms, ratio <= 1.5",
        flush=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
