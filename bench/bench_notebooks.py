"""Notebook execution time against the kernel floor, measured in the same run.

For each notebook: the median time nbclient takes to execute it, beside (a) an empty notebook
(the kernel floor: start, run nothing, stop) and (b) a notebook with only the same setup cell
(``import course`` + ``course.start``). Also the time of ``import course`` in a fresh interpreter.
Prints ``BENCH <name> value=<v> baseline=<b> ratio=<r> unit=s`` lines.

Usage: ``python bench/bench_notebooks.py [--repeats N] [NOTEBOOK ...]``
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent


def run_notebook(nb: nbformat.NotebookNode, cwd: Path) -> float:
    start = time.perf_counter()
    client = NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(cwd)}},
        shutdown_kernel="immediate",
    )
    client.execute()
    return time.perf_counter() - start


def median_time(nb_factory, cwd: Path, repeats: int) -> float:
    return statistics.median(run_notebook(nb_factory(), cwd) for _ in range(repeats))


def setup_only(path: Path) -> nbformat.NotebookNode:
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    new = nbformat.v4.new_notebook()
    new.cells = code[:1]
    return new


def import_time(repeats: int) -> tuple[float, float]:
    def once(code: str) -> float:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        return time.perf_counter() - start

    course = statistics.median(once("import course") for _ in range(repeats))
    bare = statistics.median(once("pass") for _ in range(repeats))
    return course, bare


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("notebooks", nargs="*")
    args = parser.parse_args()
    os.environ.setdefault("MPLBACKEND", "Agg")
    tmp = tempfile.mkdtemp(prefix="bonecourse-bench-")
    os.environ["BONECOURSE_PROGRESS"] = os.path.join(tmp, "progress.sqlite")
    paths = [Path(p) for p in args.notebooks] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    cwd = ROOT / "notebooks"

    course_s, bare_s = import_time(max(args.repeats, 5))
    print(
        f"BENCH import_course value={course_s:.3f} baseline={bare_s:.3f} "
        f"ratio={course_s / bare_s:.2f} unit=s"
    )
    floor = median_time(nbformat.v4.new_notebook, cwd, args.repeats)
    print(f"BENCH kernel_floor value={floor:.3f} baseline={floor:.3f} ratio=1.00 unit=s")
    for path in paths:
        imports = median_time(lambda p=path: setup_only(p), cwd, args.repeats)
        full = median_time(lambda p=path: nbformat.read(p, as_version=4), cwd, args.repeats)
        print(
            f"BENCH {path.stem}:setup_only value={imports:.3f} baseline={floor:.3f} "
            f"ratio={imports / floor:.2f} unit=s"
        )
        print(
            f"BENCH {path.stem}:full value={full:.3f} baseline={floor:.3f} "
            f"ratio={full / floor:.2f} unit=s"
        )
        print(
            f"BENCH {path.stem}:full_vs_setup value={full:.3f} baseline={imports:.3f} "
            f"ratio={full / imports:.2f} unit=s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
