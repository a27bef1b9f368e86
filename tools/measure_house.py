"""Print the house-keeping figures of issue 16 for the package ``course/``.

Usage: ``python tools/measure_house.py [--root DIR] [--top N]``.

Figures, each on its own line so two runs can be compared with ``diff``:

* words of learner prose in string literals of ``course/**/*.py``: every string constant that
  is not a docstring and holds four or more words (a word is a letter followed by lower-case
  letters or apostrophes) and a space counts with all its words;
* hex colour literals (``#abc``, ``#aabbcc``) in string constants outside the palette module
  (the module that assigns ``PALETTE`` at its top level);
* files of more than 400 lines, and functions of more than 80 lines (decorators included);
* the package layout: a tree of ``course/`` with each Python file's line count.
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

WORD = re.compile(r"[A-Za-z][a-z']+")
HEX_COLOUR = re.compile(r"(?<![&\w])#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{3})(?![0-9a-zA-Z_])")
MAX_FILE_LINES = 400
MAX_FUNCTION_LINES = 80
DOCSTRING_OWNERS = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)


@dataclass
class FileFigures:
    """What one Python file contributes to the figures."""

    path: Path
    lines: int
    prose_words: int = 0
    hex_colours: list[str] = field(default_factory=list)
    long_functions: list[tuple[str, int]] = field(default_factory=list)
    defines_palette: bool = False


def _docstring_ids(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, DOCSTRING_OWNERS) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                ids.add(id(first.value))
    return ids


def _defines_palette(tree: ast.Module) -> bool:
    for node in tree.body:
        targets = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AnnAssign):
            targets = [node.target]
        if any(isinstance(t, ast.Name) and t.id == "PALETTE" for t in targets):
            return True
    return False


def measure_file(path: Path) -> FileFigures:
    """Measure one Python file.

    Parameters
    ----------
    path
        The file to read.

    Returns
    -------
    FileFigures
        Its line count, prose words, hex colours and long functions.
    """
    text = path.read_text(encoding="utf-8")
    tree = ast.parse(text, filename=str(path))
    figures = FileFigures(path=path, lines=len(text.splitlines()))
    figures.defines_palette = _defines_palette(tree)
    docstrings = _docstring_ids(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            figures.hex_colours += HEX_COLOUR.findall(node.value)
            if id(node) in docstrings:
                continue
            words = WORD.findall(node.value)
            if len(words) >= 4 and " " in node.value:
                figures.prose_words += len(words)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            start = min([node.lineno] + [d.lineno for d in node.decorator_list])
            length = (node.end_lineno or node.lineno) - start + 1
            if length > MAX_FUNCTION_LINES:
                figures.long_functions.append((node.name, length))
    return figures


def layout_tree(package: Path, counts: dict[Path, int]) -> list[str]:
    """Draw the package as an indented tree, Python files with their line counts.

    Parameters
    ----------
    package
        The package folder (``course/``).
    counts
        Line counts of the Python files, by path.

    Returns
    -------
    list of str
        One line per folder or file; data files are summarised per folder.
    """
    lines = [f"{package.name}/"]

    def walk(folder: Path, depth: int) -> None:
        entries = sorted(p for p in folder.iterdir() if p.name != "__pycache__")
        data = [p for p in entries if p.is_file() and p.suffix != ".py"]
        for entry in entries:
            pad = "  " * depth
            if entry.is_dir():
                lines.append(f"{pad}{entry.name}/")
                walk(entry, depth + 1)
            elif entry.suffix == ".py":
                lines.append(f"{pad}{entry.name:<{36 - 2 * depth}} {counts.get(entry, 0):>5}")
        if data:
            kinds = sorted({p.suffix or p.name for p in data})
            lines.append(f"{'  ' * depth}({len(data)} data files: {', '.join(kinds)})")

    walk(package, 1)
    return lines


def main(argv: list[str] | None = None) -> int:
    """Print the figures; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[1])
    parser.add_argument("--top", type=int, default=10, help="files listed per figure")
    args = parser.parse_args(argv)
    package = args.root / "course"
    if not package.is_dir():
        print(f"no package folder at {package}", file=sys.stderr)
        return 2
    files = [measure_file(p) for p in sorted(package.rglob("*.py"))]
    rel = {f.path: f.path.relative_to(args.root) for f in files}
    palette = [f for f in files if f.defines_palette]
    outside = [f for f in files if not f.defines_palette and f.hex_colours]

    print(f"prose words in string literals: {sum(f.prose_words for f in files)}")
    for f in sorted(files, key=lambda f: -f.prose_words)[: args.top]:
        if f.prose_words:
            print(f"  {f.prose_words:>6}  {rel[f.path]}")
    print(
        f"hex colour literals outside the palette module "
        f"({', '.join(str(rel[f.path]) for f in palette) or 'none found'}): "
        f"{sum(len(f.hex_colours) for f in outside)}"
    )
    for f in sorted(outside, key=lambda f: -len(f.hex_colours))[: args.top]:
        print(f"  {len(f.hex_colours):>6}  {rel[f.path]}")
    big = sorted((f for f in files if f.lines > MAX_FILE_LINES), key=lambda f: -f.lines)
    print(f"files over {MAX_FILE_LINES} lines: {len(big)}")
    for f in big:
        print(f"  {f.lines:>6}  {rel[f.path]}")
    long = sorted(
        ((n, name, f) for f in files for name, n in f.long_functions), key=lambda t: -t[0]
    )
    print(f"functions over {MAX_FUNCTION_LINES} lines: {len(long)}")
    for n, name, f in long:
        print(f"  {n:>6}  {rel[f.path]}:{name}")
    print(f"layout ({len(files)} Python files):")
    for line in layout_tree(package, {f.path: f.lines for f in files}):
        print(f"  {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
