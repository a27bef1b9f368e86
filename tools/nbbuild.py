"""Write a course notebook from a compact text form (a contributor's tool; notebooks stay clean).

Usage: ``python tools/nbbuild.py SOURCE.md OUT.ipynb``. In SOURCE, a line ``%%code`` starts a code
cell and ``%%md`` a Markdown cell; everything up to the next marker belongs to that cell.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat


def build(text: str) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.metadata["language_info"] = {"name": "python"}
    kind, lines = "md", []

    def flush():
        body = "\n".join(lines).strip("\n")
        if body:
            cell = (nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell)(
                body
            )
            nb.cells.append(cell)

    for line in text.splitlines():
        if line.strip() in ("%%code", "%%md"):
            flush()
            kind, lines = line.strip()[2:], []
        else:
            lines.append(line)
    flush()
    nbformat.validator.normalize(nb)
    return nb


if __name__ == "__main__":
    src, out = map(Path, sys.argv[1:3])
    nb = build(src.read_text(encoding="utf-8"))
    nbformat.write(nb, out)
    print(f"wrote {out} ({len(nb.cells)} cells)")
