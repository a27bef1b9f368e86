"""Workshop mode: ``bonecourse present <module>`` serves a module through Voilà for projecting.

Voilà runs the notebook and shows only its outputs (code hidden), so a trainer can drive the
interactive diagrams and self-checks in front of a group. By default the prose is stripped too:
the page keeps the module's title, the numbered section headings and the activity labels
(``Explore 1.2``, ``Check 3.1``...) above each widget, in a larger type that reads from the back
of a room. ``--prose`` keeps the full text instead.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from course.errors import UserInputError
from course.paths import module_notebooks, module_of, notebooks_dir, part_of

#: a heading line, e.g. "## 3. Using the self-checks"
_HEADING = re.compile(r"^(#{1,6})\s+\S")
#: an activity label, e.g. "**Explore 1.2:** move the slider" or "### Check 3.1: ..."
_ACTIVITY = re.compile(r"^\s*(?:#{1,6}\s*|\*\*|_)?(Explore|Check|Case|Think)\s+\d+(?:\.\d+)?\b")

#: type large enough to read on a projector; the widgets keep their own layout
TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
PROJECTOR_CSS = (
    "<style>\n"
    + (Path(__file__).resolve().parents[1] / "templates" / "projector.css").read_text(
        encoding="utf-8"
    )
    + "</style>"
)


def available_modules(folder: Path | None = None) -> list[str]:
    """The notebooks that can be presented, by name without ``.ipynb``."""
    folder = folder or notebooks_dir()
    return sorted(p.stem for p in folder.glob("*.ipynb") if not p.name.startswith("."))


def resolve_module(name: str, folder: Path | None = None, part: int | None = None) -> Path:
    """Find a module's notebook from ``00_start_here``, ``00``, ``00_start_here.ipynb`` or a path.

    A module delivered in parts (``05_symptoms_and_emergencies_part1.ipynb``, ``..._part2``)
    resolves to its part 1, or to ``part`` when given.

    Raises
    ------
    ValueError
        When no notebook matches, a number matches more than one module, or ``part`` is not one
        of the module's parts; the message lists what exists.
    """
    folder = folder or notebooks_dir()
    given = Path(name)
    if given.suffix == ".ipynb" and given.is_file() and part is None:
        return given.resolve()
    stem = given.name.removesuffix(".ipynb")
    modules = available_modules(folder)
    matches = [m for m in modules if m == stem] or [
        m for m in modules if m.startswith(stem + "_") or m.startswith(stem)
    ]
    if matches and len({module_of(m) for m in matches}) == 1:
        matches = _pick_part(matches, part, folder)
    if len(matches) == 1:
        return folder / f"{matches[0]}.ipynb"
    listing = ", ".join(modules) or "(none found)"
    if not matches:
        raise UserInputError(f"no module called {name!r}. Modules: {listing}")
    raise UserInputError(f"{name!r} matches several modules ({', '.join(matches)}): say which")


def _pick_part(matches: list[str], part: int | None, folder: Path) -> list[str]:
    """Of the notebooks of one module, the one for ``part`` (default: the whole, or part 1)."""
    module = module_of(matches[0])
    names = module_notebooks(module, folder)
    if part is None:
        return matches if len(matches) == 1 else names[:1]
    chosen = [n for n in names if part_of(n) == part]
    if not chosen:
        have = ", ".join(f"part {part_of(n)}" for n in names if part_of(n)) or "one notebook"
        raise UserInputError(f"{module} has no part {part} ({have})")
    return chosen


def other_parts(notebook: Path) -> list[str]:
    """The other parts of the module that ``notebook`` is part of (empty for a whole module)."""
    if part_of(notebook) is None:
        return []
    names = module_notebooks(module_of(notebook), notebook.parent)
    return [n for n in names if n != notebook.stem]


def _is_setup(source: str) -> bool:
    return "course.start(" in source


def _title_lines(source: str) -> list[str]:
    """The H1 title and the one-line overview (the first paragraph after it)."""
    lines = source.strip().splitlines()
    keep: list[str] = []
    for i, line in enumerate(lines):
        if line.startswith("# "):
            keep.append(line)
            rest = [ln for ln in lines[i + 1 :] if ln.strip()]
            if rest and not _HEADING.match(rest[0]):
                keep += ["", rest[0]]
            break
    return keep


def presentation_notebook(notebook, keep_prose: bool = False):
    """A copy of ``notebook`` for projecting: outputs cleared, prose stripped unless asked.

    Parameters
    ----------
    notebook
        An ``nbformat`` notebook (version 4).
    keep_prose
        Keep every Markdown cell as it is. Otherwise keep the title and overview, and above each
        interactive cell its section heading and activity label.

    Returns
    -------
    nbformat.NotebookNode
        A new notebook; the first cell holds the projector style.
    """
    import nbformat

    cells = [nbformat.v4.new_markdown_cell(PROJECTOR_CSS)]
    section: str | None = None  # the last "## ..." heading seen
    section_shown = False
    labels: list[str] = []  # subheadings and activity labels since the last code cell
    title_done = False
    for cell in notebook.cells:
        source = cell.source if isinstance(cell.source, str) else "".join(cell.source)
        if cell.cell_type == "markdown":
            if keep_prose:
                cells.append(nbformat.v4.new_markdown_cell(source))
                continue
            if not title_done and any(ln.startswith("# ") for ln in source.splitlines()):
                title = _title_lines(source)
                if title:
                    cells.append(nbformat.v4.new_markdown_cell("\n".join(title)))
                title_done = True
            for line in source.splitlines():
                heading = _HEADING.match(line)
                if heading and len(heading.group(1)) == 2:
                    section, section_shown, labels = line, False, []
                elif (heading and len(heading.group(1)) > 2) or _ACTIVITY.match(line):
                    labels.append(line if heading else line.strip())
        elif cell.cell_type == "code":
            if not source.strip():
                continue
            if not keep_prose and not _is_setup(source):
                shown: list[str] = []
                if section and not section_shown:
                    shown.append(section)
                    section_shown = True
                shown += labels[-1:]  # the label nearest the widget
                labels = []
                if shown:
                    cells.append(nbformat.v4.new_markdown_cell("\n\n".join(shown)))
            cells.append(nbformat.v4.new_code_cell(source))
    out = nbformat.v4.new_notebook(cells=cells, metadata=dict(notebook.metadata))
    return out


def write_presentation(
    module: str, target: Path, keep_prose: bool = False, part: int | None = None
) -> Path:
    """Write the presentation copy of ``module`` (or its ``part``) to a folder or a ``.ipynb``."""
    import nbformat

    source = resolve_module(module, part=part)
    if target.suffix != ".ipynb":
        target = target / source.name
    target.parent.mkdir(parents=True, exist_ok=True)
    notebook = nbformat.read(source, as_version=4)
    nbformat.write(presentation_notebook(notebook, keep_prose=keep_prose), target)
    return target


def write_all_presentations(folder: Path, keep_prose: bool = False) -> list[Path]:
    """Write the presentation copy of every module into ``folder`` (for ``present all``)."""
    modules = available_modules()
    if not modules:
        raise UserInputError(f"no module notebooks in {notebooks_dir()}")
    return [write_presentation(m, folder, keep_prose=keep_prose) for m in modules]


def voila_command(notebook: Path, port: int, open_browser: bool, dark: bool) -> list[str]:
    """The Voilà command line that serves ``notebook`` with the code hidden.

    For a folder, Voilà lists the notebooks in it.
    """
    return [
        sys.executable,
        "-m",
        "voila",
        str(notebook),
        f"--port={port}",
        "--Voila.ip=127.0.0.1",
        "--strip_sources=True",
        f"--theme={'dark' if dark else 'light'}",
        "--VoilaConfiguration.show_tracebacks=False",
        *([] if open_browser else ["--no-browser"]),
    ]
