"""Accessible diagrams: a course SVG shown inline with its alt text and long description.

Each diagram is two files in ``assets/<module>/``: ``<name>.svg`` (drawn for the course with
simple shapes and text labels) and ``<name>.diagram.yml`` holding ``title``, ``alt`` and
``long_description``. :func:`diagram` returns a :class:`Diagram` that a notebook shows as a
``<figure>`` whose SVG carries ``role="img"`` and an ``aria-label``, with the long description in
a ``<details>`` element. Colours are CSS variables with the course palette as fallback, and text
follows the page's text colour, so the figure reads in light, dark and high-contrast themes.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from course.errors import CourseError
from course.figures import ROLE_COLOURS
from course.paths import assets_dir

__all__ = ["Diagram", "DiagramError", "diagram", "list_diagrams", "DIAGRAM_CSS"]

_NAME = re.compile(r"^[0-9]{2}_[a-z_]+/[a-z0-9_]+$")
_FIELDS = ("title", "alt", "long_description")

#: Classes the SVG files may use, each mapped to a course role colour (CSS variable + fallback).
CLASS_ROLES: dict[str, str] = {
    "osteoclast": "osteoclast",
    "osteoblast": "osteoblast",
    "tumour": "tumour",
    "treatment": "treatment",
    "mild": "mild",
    "moderate": "moderate",
    "severe": "severe",
    "neutral": "neutral",
}


#: the diagram's static rules (layout, ink, forced colours)
CSS_FILE = Path(__file__).resolve().parent / "templates" / "diagram.css"


def _css() -> str:
    rules = [
        line
        for line in CSS_FILE.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("/*")
    ]
    for cls, role in CLASS_ROLES.items():
        colour = ROLE_COLOURS[role]
        var = f"var(--bs-{role},{colour})"
        rules.append(f".bs-diagram svg .s-{cls}{{stroke:{var}}}")
        rules.append(f".bs-diagram svg .f-{cls}{{fill:{var}}}")
    return "".join(rules)


#: The stylesheet placed once in each figure (small, and scoped to ``.bs-diagram``).
DIAGRAM_CSS = _css()


class DiagramError(CourseError, ValueError):
    """A diagram name is malformed, or its SVG or metadata file is missing or incomplete."""


@dataclass(frozen=True)
class Diagram:
    """One course diagram: its SVG text and the words that make it accessible."""

    name: str
    title: str
    alt: str
    long_description: str
    svg: str

    @property
    def html(self) -> str:
        """The ``<figure>`` markup: inline SVG with ``role="img"``, caption and long description."""
        esc = html.escape
        svg = _accessible_svg(self.svg, self.alt)
        return (
            f'<figure class="bs-diagram"><style>{DIAGRAM_CSS}</style>{svg}'
            f"<figcaption>{esc(self.title)}</figcaption>"
            f"<details><summary>Long description of the diagram</summary>"
            f"<p>{esc(self.long_description)}</p></details></figure>"
        )

    def _repr_html_(self) -> str:
        return self.html


def _accessible_svg(svg: str, alt: str) -> str:
    """Return ``svg`` with the XML prolog removed and ``role``/``aria-label`` on its root."""
    svg = re.sub(r"^\s*<\?xml[^>]*\?>\s*", "", svg)
    match = re.search(r"<svg\b([^>]*)>", svg)
    if match is None:
        raise DiagramError("the SVG file has no <svg> element")
    attrs = re.sub(r'\s(role|aria-label)="[^"]*"', "", match.group(1))
    root = f'<svg{attrs} role="img" aria-label="{html.escape(alt)}">'
    return svg[: match.start()] + root + svg[match.end() :]


def _paths(name: str, root: Path) -> tuple[Path, Path]:
    if not isinstance(name, str) or not _NAME.match(name):
        raise DiagramError(
            f"diagram name {name!r} should look like '02_spread/skeleton_deposits' "
            "(module folder, a slash, then the file name without .svg)"
        )
    return root / f"{name}.svg", root / f"{name}.diagram.yml"


def diagram(name: str, *, root: Path | None = None) -> Diagram:
    """Load a course diagram by name, e.g. ``diagram("02_spread/skeleton_deposits")``.

    Parameters
    ----------
    name
        ``<module folder>/<file name without .svg>`` inside the assets folder.
    root
        Folder to look in instead of the course's assets (for tests).

    Returns
    -------
    Diagram
        Shows in a notebook as an accessible ``<figure>``.

    Raises
    ------
    DiagramError
        If the name is malformed, a file is missing, or the metadata lacks a field.
    """
    base = assets_dir() if root is None else Path(root)
    svg_path, meta_path = _paths(name, base)
    for path in (svg_path, meta_path):
        if not path.is_file():
            raise DiagramError(f"diagram {name!r}: {path.name} not found in {path.parent}")
    try:
        meta = yaml.safe_load(meta_path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise DiagramError(f"{meta_path.name}: not valid YAML ({exc})") from exc
    if not isinstance(meta, dict):
        raise DiagramError(f"{meta_path.name}: expected a mapping with {', '.join(_FIELDS)}")
    missing = [f for f in _FIELDS if not isinstance(meta.get(f), str) or not meta[f].strip()]
    if missing:
        raise DiagramError(f"{meta_path.name}: missing or empty {', '.join(missing)}")
    svg = svg_path.read_text(encoding="utf-8")
    _accessible_svg(svg, "")  # fails early on a file without <svg>
    return Diagram(
        name=name,
        title=meta["title"].strip(),
        alt=" ".join(meta["alt"].split()),
        long_description=" ".join(meta["long_description"].split()),
        svg=svg,
    )


def list_diagrams(root: Path | None = None) -> list[str]:
    """Return the names of every diagram in the assets folder, sorted."""
    base = assets_dir() if root is None else Path(root)
    return sorted(
        f"{p.parent.name}/{p.name[: -len('.svg')]}"
        for p in base.glob("*/*.svg")
        if (p.parent / (p.name[: -len(".svg")] + ".diagram.yml")).is_file()
    )
