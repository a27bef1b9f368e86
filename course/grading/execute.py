"""Stage 2 of autograding: run one prepared notebook with nbclient and keep its outputs small.

:func:`execute_notebook` runs a notebook with a per-cell timeout that interrupts the kernel
(``Execute.timeout``; the rest of the notebook still runs), keeping a bounded amount of output.
:func:`sandbox_main` is what runs inside each submission's sandbox
(``python -I -m course.grading.execute ...``, see :mod:`course.grading.sandbox`): it returns
the outputs only, through a descriptor the kernel does not hold. :class:`ForkRun` runs a
notebook without a sandbox, for ``--unsafe``. The notebook that runs has no hidden tests
(:func:`write_run_copy`): the grader marks the answers itself.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from course.grading.settings import grade_id
from course.grading.text import text as quiz_text

#: the largest text kept per output, and per notebook (characters)
MAX_OUTPUT_CHARS = 20_000
MAX_NOTEBOOK_OUTPUT_CHARS = 200_000

#: error names that mean a cell ran out of time
TIMEOUT_ERRORS = ("CellTimeoutError", "KeyboardInterrupt")


def limit_outputs(nb, max_chars: int = MAX_OUTPUT_CHARS, total: int = MAX_NOTEBOOK_OUTPUT_CHARS):
    """Cut every text output to ``max_chars`` and drop outputs past ``total``.

    Return the number of characters removed.
    """
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
            note = quiz_text("execute")["output_cut"].format(size=size)
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


def _client_class():
    from nbclient import NotebookClient

    class CappedClient(NotebookClient):
        """An nbclient that keeps at most ``max_output_chars`` of output in memory.

        A notebook printing without end cannot exhaust the grader; what is dropped is counted.
        """

        max_output_chars = MAX_NOTEBOOK_OUTPUT_CHARS * 10
        dropped_chars = 0
        _kept_chars = 0

        def output(self, outs, msg, display_id, cell_index):
            size = len(json.dumps(msg.get("content", {}), default=str))
            room = self.max_output_chars - self._kept_chars
            if size > room:
                content = msg.get("content", {})
                if msg.get("msg_type") == "stream" and room > 1000:
                    text = str(content.get("text", ""))
                    content["text"] = text[: room - 1000]
                    self.dropped_chars += len(text) - len(content["text"])
                    size = len(json.dumps(content, default=str))
                else:
                    self.dropped_chars += size
                    return None
            self._kept_chars += size
            return super().output(outs, msg, display_id, cell_index)

    return CappedClient


def execute_notebook(
    nb, cwd: str, cell_timeout: int, max_output_chars: int | None = None, on_start=None
) -> dict:
    """Run ``nb`` in place with nbclient (errors kept as outputs); return a status dict.

    The status has ``ok`` (the notebook ran to its end), ``error`` (why not) and ``truncated``
    (characters of output removed).
    """
    import nbformat

    status: dict = {"ok": False, "truncated": 0}
    timeout = quiz_text("execute")["timeout"].format(seconds=cell_timeout)
    client = _client_class()(
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
            "evalue": timeout,
            "traceback": [f"\x1b[0;31mCellTimeoutError\x1b[0m: {timeout}"],
        },
    )
    if max_output_chars:
        client.max_output_chars = max_output_chars

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

    if on_start is not None:
        client.on_notebook_start = lambda **_kwargs: on_start(client)
    client.on_cell_executed = _record_error
    try:
        client.execute(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        status["ok"] = True
    except Exception as exc:  # kernel died, could not start, ...
        status["error"] = f"{type(exc).__name__}: {str(exc)[:300]}"
    status["truncated"] = client.dropped_chars + limit_outputs(nb)
    return status


def run_notebook(work_path: str, result_path: str, cwd: str, cell_timeout: int) -> None:
    """Execute one notebook without a sandbox (``--unsafe``), in a forked worker process.

    Writes the executed notebook's outputs and the status to ``result_path`` (as the sandboxed
    executor does) and the kernel's process id to ``result_path.kernel``, so that the grading
    process can stop it.
    """
    import nbformat

    def note_kernel(client) -> None:
        try:
            Path(result_path + ".kernel").write_text(str(client.km.provisioner.pid))
        except Exception:
            pass

    try:
        os.environ["NBGRADER_EXECUTION"] = "autograde"
        os.environ["BONECOURSE_GRADER"] = "1"  # see runtime.GRADER_ENV
        nb = nbformat.read(work_path, as_version=4)
        status = execute_notebook(nb, cwd, cell_timeout, on_start=note_kernel)
        result = {"status": status, "outputs": cell_outputs(nb)}
    except Exception as exc:
        result = {"status": {"ok": False, "error": f"{type(exc).__name__}: {str(exc)[:300]}"}}
    Path(result_path).write_text(json.dumps(result))


def write_run_copy(settings, work_path: Path, dest: Path) -> None:
    """Write the copy of a prepared notebook that runs.

    Without hidden tests, so no key enters the learner's kernel (the grader marks the answers
    itself).
    """
    import nbformat
    from nbgrader.preprocessors import ClearHiddenTests

    nb = nbformat.read(work_path, as_version=4)
    nb, _ = ClearHiddenTests(config=settings.config).preprocess(nb, {})
    dest.write_text(nbformat.writes(nb), encoding="utf-8")


class ForkRun:
    """One notebook running without a sandbox (``--unsafe``), in a forked worker process."""

    def __init__(self, notebook: Path, result_path: Path, cwd: Path, cell_timeout: int):
        import multiprocessing

        self.result_path = result_path
        ctx = multiprocessing.get_context("fork")
        self.process = ctx.Process(
            target=run_notebook,
            args=(str(notebook), str(result_path), str(cwd), cell_timeout),
            daemon=True,
        )
        self.process.start()

    @property
    def sentinel(self) -> int | None:
        """The process sentinel to wait on."""
        return self.process.sentinel

    def alive(self) -> bool:
        """Whether the run is still going."""
        return self.process.is_alive()

    def kill(self) -> None:
        """Stop the run and the kernel it started."""
        pid_file = Path(str(self.result_path) + ".kernel")
        if pid_file.exists():
            try:
                os.killpg(int(pid_file.read_text()), signal.SIGKILL)
            except (ValueError, ProcessLookupError, PermissionError):
                pass
        if self.process.is_alive():
            self.process.kill()
            self.process.join(5)

    def close(self) -> None:
        """Nothing to release for an unsandboxed run."""
        pass

    def log_tail(self, chars: int = 300) -> str:
        """An unsandboxed run keeps no log."""
        return ""


def cell_outputs(nb) -> list[list | None]:
    """Each cell's outputs (``None`` for cells that are not code), in order."""
    return [list(c.get("outputs", [])) if c.get("cell_type") == "code" else None for c in nb.cells]


def _harden_process(memory_bytes: int, file_bytes: int) -> None:
    """Limits for this process and the kernel it starts.

    No one may read its memory or its descriptors through /proc (it is not dumpable).
    """
    import ctypes
    import resource

    for limit, value in (
        (resource.RLIMIT_AS, memory_bytes),
        (resource.RLIMIT_FSIZE, file_bytes),
        (resource.RLIMIT_CORE, 0),
    ):
        try:
            resource.setrlimit(limit, (value, value))
        except (ValueError, OSError):
            pass
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE, 0
    except (OSError, AttributeError):
        pass


def sandbox_main(argv: list[str] | None = None) -> int:
    """Inside the sandbox.

    Execute the notebook named on the command line and write its outputs (JSON) to the given file
    descriptor; the grader reads them and marks the answers itself.

    Usage: ``python -I -m course.grading.execute NOTEBOOK CELL_TIMEOUT MAX_OUTPUT_CHARS
    MEMORY_BYTES FILE_BYTES RESULT_FD``
    """
    # jsonschema's optional IRI check builds a grammar on import (over a second per sandbox);
    # notebooks have no IRIs to check
    sys.modules.setdefault("rfc3987_syntax", None)
    import nbformat

    notebook, timeout, max_chars, memory, file_bytes, fd = (argv or sys.argv[1:])[:6]
    out = os.fdopen(int(fd), "w", encoding="utf-8")
    _harden_process(int(memory), int(file_bytes))
    try:
        nb = nbformat.read(notebook, as_version=4)
        status = execute_notebook(
            nb, os.path.dirname(notebook), int(timeout), max_output_chars=int(max_chars)
        )
        result = {"status": status, "outputs": cell_outputs(nb)}
    except Exception as exc:
        result = {"status": {"ok": False, "error": f"{type(exc).__name__}: {str(exc)[:300]}"}}
    with out:
        json.dump(result, out)
    return 0


if __name__ == "__main__":
    sys.exit(sandbox_main())
