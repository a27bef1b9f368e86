"""Helpers shared by the browser tests: drive a notebook in JupyterLab, move by keyboard, read
the accessibility tree and the test's progress store. Imported by ``conftest.py`` and the tests
(the conftest puts this folder on ``sys.path``)."""

from __future__ import annotations

import json
import re
import sqlite3
import urllib.request
from pathlib import Path

FOCUSED = """() => {
  const e = document.activeElement;
  const label = e.closest('label');
  return {tag: e.tagName, type: e.type || '', checked: !!e.checked,
          name: (e.getAttribute('aria-label') || (label ? label.innerText : e.innerText) || '')
                .trim()};
}"""
#: the self-check's Check button (its accessible name starts with the icon's blank)
CHECK_BUTTON = re.compile(r"^\W*Check$")
#: aria-snapshot lines of interactive roles; a control without a quoted name has no name
_CONTROL = re.compile(
    r"^\s*- (radio|checkbox|button|slider|combobox|textbox|spinbutton|listbox|switch)\b(.*)$"
)


def tab_to(page, name: str, limit: int = 30) -> list[str]:
    """Press Tab until the focused control's name is ``name``; return the names passed."""
    passed = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        passed.append(focused["name"])
        if focused["name"] == name:
            return passed
    raise AssertionError(f"Tab never reached {name!r}; went through {passed}")


def unnamed_controls(snapshot: str) -> list[str]:
    """Lines of an aria snapshot for controls that have no accessible name."""
    bad = []
    for line in snapshot.splitlines():
        match = _CONTROL.match(line)
        if match and not match.group(2).lstrip().startswith('"'):
            bad.append(line.strip())
    return bad


def attempts_in(progress: Path, item_prefix: str) -> list[tuple]:
    """(item_id, correct) rows in a progress store for items whose id starts so."""
    if not progress.exists():
        return []
    with sqlite3.connect(progress) as con:
        return con.execute(
            "SELECT item_id, correct FROM attempts WHERE item_id LIKE ? ORDER BY rowid",
            (item_prefix + "%",),
        ).fetchall()


def events_in(progress: Path, kind: str) -> list[tuple]:
    """(module, detail) rows of the progress store's events of this kind, oldest first."""
    if not progress.exists():
        return []
    with sqlite3.connect(progress) as con:
        return con.execute(
            "SELECT module, detail FROM events WHERE kind = ? ORDER BY id", (kind,)
        ).fetchall()


#: a notebook's call of the course: ``course.name(arguments)`` on one line
_COURSE_CALL = re.compile(r"\bcourse\.([a-z_]+)\((.*)\)\s*$")


def course_calls(notebook: Path) -> list[tuple[str, str]]:
    """(name, arguments) of every ``course.<name>(...)`` call in a notebook's code cells, in
    order (the arguments as written, for a literal title or module name)."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    calls = []
    for cell in cells:
        if cell["cell_type"] != "code":
            continue
        source = cell["source"]
        for line in (source if isinstance(source, str) else "".join(source)).splitlines():
            match = _COURSE_CALL.search(line.strip())
            if match:
                calls.append((match.group(1), match.group(2)))
    return calls


# -- JupyterLab notebook helper ---------------------------------------------------------------

_CURRENT = "window.jupyterapp.shell.currentWidget"
_JS_KERNEL_IDLE = f"""() => {{
  const nb = {_CURRENT};
  const s = nb && nb.sessionContext && nb.sessionContext.session;
  return !!(s && s.kernel && s.kernel.status === 'idle');
}}"""
_JS_ALL_RUN = f"""() => {{
  const nb = {_CURRENT};
  const k = nb.sessionContext.session && nb.sessionContext.session.kernel;
  if (!k || k.status !== 'idle') return false;
  const cells = nb.content.model.cells;
  for (let i = 0; i < cells.length; i++) {{
    const c = cells.get(i);
    if (c.type === 'code' && c.sharedModel.getSource().trim() && c.executionCount === null)
      return false;
  }}
  return true;
}}"""
_JS_ERRORS = f"""() => {{
  const cells = {_CURRENT}.content.model.cells;
  const found = [];
  for (let i = 0; i < cells.length; i++) {{
    const c = cells.get(i);
    if (c.type !== 'code') continue;
    for (const out of c.outputs.toJSON()) {{
      if (out.output_type === 'error')
        found.push(`cell ${{i}}: ${{out.ename}}: ${{out.evalue}}`);
      else if (out.name === 'stderr' && /Traceback|Error/.test(out.text))
        found.push(`cell ${{i}} stderr: ${{String(out.text).slice(0, 500)}}`);
    }}
  }}
  return found;
}}"""


class LabNotebook:
    """One notebook open in JupyterLab in a browser tab: run it, find widgets, take screenshots."""

    def __init__(self, server, page):
        self.server = server
        self.page = page

    def open(self, relpath: str) -> LabNotebook:
        # "reset" starts from an empty workspace, so earlier tests' tabs (and kernels) stay closed
        self.page.goto(self.server.page_url(f"/lab/tree/{relpath}?reset"))
        self.page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=90_000)
        self.page.wait_for_function(_JS_KERNEL_IDLE, timeout=90_000)
        return self

    def run_all(self, timeout: float = 240) -> None:
        """Run every cell (Run → Run All Cells) and wait until each code cell has run."""
        self.page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
        self.page.wait_for_function(_JS_ALL_RUN, timeout=timeout * 1000, polling=500)

    def errors(self) -> list[str]:
        """Error outputs in the notebook, and widgets that failed to display."""
        found = list(self.page.evaluate(_JS_ERRORS))
        broken = self.page.locator(".jp-OutputArea-output", has_text="Error displaying widget")
        found += [f"widget: {t[:200]}" for t in broken.all_inner_texts()]
        return found

    def shutdown_kernels(self) -> None:
        """Shut down this server's kernels (through the REST API), keeping the server for the
        next module."""
        req = urllib.request.Request(self.server.page_url("/api/kernels"))
        with urllib.request.urlopen(req, timeout=10) as resp:
            kernels = json.load(resp)
        for kernel in kernels:
            url = self.server.page_url(f"/api/kernels/{kernel['id']}")
            try:
                urllib.request.urlopen(urllib.request.Request(url, method="DELETE"), timeout=20)
            except OSError:
                pass
