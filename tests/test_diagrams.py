"""Course diagrams: accessible, labelled, in the palette and shown in their modules."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import nbformat
import pytest

from course.diagrams import DIAGRAM_CSS, DiagramError, diagram, list_diagrams
from course.figures import PALETTE
from course.paths import assets_dir, module_notebooks

ROOT = Path(__file__).resolve().parents[1]
SVG = "{http://www.w3.org/2000/svg}"
NAMES = list_diagrams()
ALLOWED = {c.upper() for c in PALETTE.values()} | {"#FFFFFF", "#999999"}
CONTENT_MODULES = [f"0{i}" for i in range(1, 7)]


def test_every_content_module_has_a_diagram():
    modules = {name[:2] for name in NAMES}
    assert set(CONTENT_MODULES) <= modules, sorted(set(CONTENT_MODULES) - modules)


@pytest.mark.parametrize("name", NAMES)
def test_diagram_is_valid_svg_with_text_labels(name):
    tree = ET.parse(assets_dir() / f"{name}.svg")
    root = tree.getroot()
    assert root.tag == f"{SVG}svg" and root.get("viewBox")
    labels = [t for t in root.iter(f"{SVG}text") if "".join(t.itertext()).strip()]
    assert len(labels) >= 5, "a diagram is labelled with text, not colour alone"
    sizes = [float(t.get("font-size") or root.get("font-size") or 0) for t in labels]
    assert min(sizes) >= 14, "labels too small to read"


@pytest.mark.parametrize("name", NAMES)
def test_diagram_colours_come_from_the_palette(name):
    text = (assets_dir() / f"{name}.svg").read_text(encoding="utf-8")
    colours = {c.upper() for c in re.findall(r"#[0-9A-Fa-f]{3,6}\b", text)}
    assert colours <= ALLOWED, sorted(colours - ALLOWED)


@pytest.mark.parametrize("name", NAMES)
def test_diagram_html_is_accessible(name):
    d = diagram(name)
    html = d.html
    assert html.startswith('<figure class="bs-diagram">')
    assert 'role="img"' in html and f'aria-label="{d.alt}"'.replace("'", "&#x27;") in html
    assert "<details>" in html and d.long_description.split()[0] in html
    assert "<?xml" not in html
    assert len(d.long_description) > 2 * len(d.alt) > 100


def test_css_uses_variables_and_forced_colours():
    assert "var(--bs-osteoclast,#D55E00)" in DIAGRAM_CSS
    assert "currentColor" in DIAGRAM_CSS
    assert "forced-colors" in DIAGRAM_CSS


def test_each_diagram_is_shown_once_in_its_module_with_a_sentence_before_it():
    for name in NAMES:
        module = name.split("/")[0]
        notebooks = module_notebooks(module)
        assert notebooks, f"{name}: no notebook for module {module}"
        call = f'course.diagram("{name}")'
        shown = []
        for notebook in notebooks:
            nb = nbformat.read(ROOT / "notebooks" / f"{notebook}.ipynb", as_version=4)
            for i, cell in enumerate(nb.cells):
                if cell.cell_type == "code" and call in cell.source:
                    shown.append((notebook, nb.cells[i - 1] if i else None))
        assert len(shown) == 1, f"{name} is shown {len(shown)} times in {', '.join(notebooks)}"
        before = shown[0][1]
        assert before is not None and before.cell_type == "markdown", f"{name}: no text before"
        assert before.source.rstrip().endswith("."), f"{name}: no sentence before it"


def _write(tmp_path: Path, meta: str | None, svg: str | None = "<svg viewBox='0 0 1 1'></svg>"):
    folder = tmp_path / "01_bone_biology"
    folder.mkdir(parents=True, exist_ok=True)
    if svg is not None:
        (folder / "pic.svg").write_text(svg, encoding="utf-8")
    if meta is not None:
        (folder / "pic.diagram.yml").write_text(meta, encoding="utf-8")


@pytest.mark.parametrize("bad", ["pic", "../etc/passwd", "01_bone_biology/Pic.svg", 3])
def test_bad_names_are_refused(bad):
    with pytest.raises(DiagramError, match="should look like"):
        diagram(bad)


def test_missing_files_and_fields_are_named(tmp_path):
    with pytest.raises(DiagramError, match="pic.svg not found"):
        diagram("01_bone_biology/pic", root=tmp_path)
    _write(tmp_path, "title: T\nalt: A\n")
    with pytest.raises(DiagramError, match="long_description"):
        diagram("01_bone_biology/pic", root=tmp_path)
    _write(tmp_path, "title: T\nalt: A\nlong_description: L\n", svg="<p>not svg</p>")
    with pytest.raises(DiagramError, match="no <svg>"):
        diagram("01_bone_biology/pic", root=tmp_path)


def test_alt_text_is_escaped(tmp_path):
    _write(tmp_path, "title: T\nalt: 'a \"quoted\" <b>'\nlong_description: L\n")
    html = diagram("01_bone_biology/pic", root=tmp_path).html
    assert 'aria-label="a &quot;quoted&quot; &lt;b&gt;"' in html
