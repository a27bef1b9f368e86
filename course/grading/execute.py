"""Stage 2 of autograding: run one prepared notebook with nbclient and keep its outputs small.

:func:`run_notebook` executes a notebook with a per-cell timeout that interrupts the kernel
(``Execute.timeout``; the rest of the notebook still runs) and writes the executed notebook and
a status file. Outputs are cut to a size limit.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from course.grading.settings import grade_id

#: the largest text kept per output, and per notebook (characters)
MAX_OUTPUT_CHARS = 20_000
MAX_NOTEBOOK_OUTPUT_CHARS = 200_000

#: error names that mean a cell ran out of time
TIMEOUT_ERRORS = ("CellTimeoutError", "KeyboardInterrupt")


def limit_outputs(nb, max_chars: int = MAX_OUTPUT_CHARS, total: int = MAX_NOTEBOOK_OUTPUT_CHARS):
    """Cut every text output to ``max_chars`` and drop outputs past ``total``; return the number
    of characters removed."""
    removed = 0
    budget = total
    for cell in nb.cells:
        if cell.get("cell_type") != "code":
            continue
        kept = []
        for output in cell.get("outputs", []):
            size = len(json.dumps(output))
            if size <= min(max_chars, budget):
                budget -= size
                kept.append(output)
                continue
            note = f"\n... output cut by the grader ({size:,} characters) ..."
            if output.get("output_type") == "stream":
                keep = max(0, min(max_chars, budget) - 200)
                removed += len(output["text"]) - keep
                output["text"] = output["text"][:keep] + note
            elif output.get("output_type") == "error":
                output["traceback"] = [t[:2000] for t in output.get("traceback", [])[-20:]]
                output["evalue"] = str(output.get("evalue", ""))[:2000]
            else:
                data = output.get("data", {})
                text = str(data.get("text/plain", ""))
                removed += size
                output["data"] = {"text/plain": text[:200] + note} if text else {"text/plain": note}
                output.pop("metadata", None)
                output["metadata"] = {}
            budget = max(0, budget - len(json.dumps(output)))
            kept.append(output)
        cell["outputs"] = kept
    return removed


def timed_out_cells(nb) -> list[str]:
    """Cells stopped for running too long (grade id, or position for other cells)."""
    cells = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error" and output.get("ename") in TIMEOUT_ERRORS:
                cells.append(grade_id(cell) or f"cell {nb.cells.index(cell) + 1}")
                break
    return cells


def run_notebook(work_path: str, result_path: str, cwd: str, cell_timeout: int) -> None:
    """Execute one notebook, write it (``result_path.ipynb``) and a status (``.json``).

    Runs in a forked worker process; the kernel's process id is written to
    ``result_path.kernel`` so that the grading process can stop it.
    """
    import nbformat
    from nbclient import NotebookClient

    pid_path = result_path + ".kernel"
    status: dict = {"ok": False}
    try:
        os.environ["NBGRADER_EXECUTION"] = "autograde"
        nb = nbformat.read(work_path, as_version=4)
        client = NotebookClient(
            nb,
            timeout=cell_timeout,
            interrupt_on_timeout=True,
            allow_errors=True,
            raise_on_iopub_timeout=True,
            shutdown_kernel="immediate",
            record_timing=False,
            kernel_name="python3",
            resources={"metadata": {"path": cwd}},
            extra_arguments=["--HistoryManager.hist_file=:memory:"],
            error_on_timeout={
                "ename": "CellTimeoutError",
                "evalue": f"the cell ran longer than {cell_timeout} s and was stopped",
                "traceback": [
                    f"\x1b[0;31mCellTimeoutError\x1b[0m: the cell ran longer than "
                    f"{cell_timeout} s and was stopped"
                ],
            },
        )

        def _note_kernel(**_kwargs):
            try:
                Path(pid_path).write_text(str(client.km.provisioner.pid))
            except Exception:
                pass

        def _record_error(cell, execute_reply, **_kwargs):
            # as nbgrader's Execute: a timeout reply has no error output of its own
            content = execute_reply["content"]
            if content.get("status") == "error" and not any(
                o.get("output_type") == "error" and o.get("ename") == content.get("ename")
                for o in cell.outputs
            ):
                cell.outputs.append(
                    nbformat.v4.new_output(
                        "error",
                        ename=content.get("ename", "Error"),
                        evalue=content.get("evalue", ""),
                        traceback=content.get("traceback") or ["(no traceback)"],
                    )
                )

        client.on_notebook_start = _note_kernel
        client.on_cell_executed = _record_error
        client.execute(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        status["truncated"] = limit_outputs(nb)
        status["ok"] = True
        nbformat.write(nb, result_path + ".ipynb")
    except Exception as exc:  # kernel died, could not start, ...
        status["error"] = f"{type(exc).__name__}: {str(exc)[:300]}"
    Path(result_path + ".json").write_text(json.dumps(status))
