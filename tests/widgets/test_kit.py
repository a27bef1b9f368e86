"""The presentation kit: verdicts, callouts, accessible tables, one Markdown renderer, templates,
widget text in data files, and the house rules it exists for (no hex colours outside the palette,
no pyplot state, no ``matplotlib.use`` and no ``<style>`` blobs in the widgets)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from course.content import validate
from course.errors import ContentError
from course.palette import PALETTE, ROLE_COLOURS
from course.widgets import kit
from course.widgets.self_check import md

COURSE = Path(__file__).resolve().parents[2] / "course"
ASSETS = COURSE.parent / "assets"
HEX = re.compile(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b")


def test_every_verdict_has_a_palette_colour_a_symbol_and_words():
    allowed = set(PALETTE.values()) | set(ROLE_COLOURS.values())
    for key, v in kit.VERDICTS.items():
        assert v.colour in allowed, key
        assert v.symbol.strip() and v.label.strip(), key


def test_unknown_verdict_names_the_known_ones():
    with pytest.raises(KeyError, match="known: usual, caution"):
        kit.verdict("maybe")


def test_callout_has_one_border_width_and_the_verdict_colour():
    html = kit.callout("<b>Stop</b>", "severe", tag="p", role="alert", css_class="bc-x")
    assert html.startswith('<p class="bc-callout bc-x" role="alert"')
    assert f"border-left:{kit.CALLOUT_BORDER} solid {ROLE_COLOURS['severe']}" in html
    other = kit.callout("x", "usual")
    assert f"border-left:{kit.CALLOUT_BORDER} solid" in other


def test_table_has_caption_scoped_headers_and_the_total_in_a_data_cell():
    html = kit.table_html(
        "Doses <by> day", ["Day", "Dose"], [["Mon", "2 < 3"]], total=["Total", "5"]
    )
    assert "<caption>Doses &lt;by&gt; day</caption>" in html
    assert '<th scope="col">Day</th>' in html and '<th scope="row">Mon</th>' in html
    assert "<td>2 &lt; 3</td>" in html
    foot = html.split("<tfoot>")[1]
    assert '<th scope="row">Total</th><td>5</td>' in foot  # the label heads, the total is data


def test_widgets_and_bank_render_markdown_alike_tables_included():
    from course.questions.exports import markdown_html

    text = "Dose table:\n\n| Drug | Dose |\n|---|---|\n| a | 1 |\n\n<script>x</script>"
    assert md(text) == markdown_html(text) == kit.markdown_html(text)
    assert "<table>" in md(text) and "<script>" not in md(text)


def test_svg_templates_escape_their_text():
    from course.biology.lesions import load_lesion_table
    from course.widgets.lesion_types import lesion_svg

    svg = lesion_svg(load_lesion_table().profile("breast"))
    assert svg.startswith("<svg") and 'role="img"' in svg and "<title>" in svg
    assert "{{" not in svg and "{%" not in svg


def test_widget_text_refuses_a_missing_key_by_name(tmp_path, monkeypatch):
    (tmp_path / "99_test").mkdir()
    (tmp_path / "99_test" / "w.yml").write_text("caption: A caption here\n")
    monkeypatch.setattr("course.paths.assets_dir", lambda: tmp_path)
    assert kit.widget_text("99_test", "w")["caption"] == "A caption here"
    with pytest.raises(ContentError, match="w.yml: top level: missing text 'heading'"):
        kit.widget_text("99_test", "w", required=("caption", "heading"))


def test_widget_text_refuses_a_file_that_breaks_the_schema():
    problems = validate({"Bad Key": "x", "ok": 3}, "widget_text", "w.yml")
    assert problems and all(p.startswith("w.yml: ") for p in problems)


def test_every_widget_text_file_is_valid():
    import yaml

    files = [
        f
        for f in ASSETS.glob("*/*.yml")
        if f.parent.name != "bank" and "widget_text" in _schema_of(f)
    ]
    assert len(files) >= 15
    for f in files:
        assert validate(yaml.safe_load(f.read_text(encoding="utf-8")), "widget_text", f.name) == []


def _schema_of(path: Path) -> str:
    """Which schema reads this data file, found from the widget modules that name it."""
    stem = path.stem
    for module in (COURSE / "widgets").glob("*.py"):
        src = module.read_text(encoding="utf-8")
        if f'"{stem}"' in src and "widget_text(" in src:
            return "widget_text"
    return ""


def _widget_sources():
    return sorted((COURSE / "widgets").glob("*.py"))


def test_no_hex_colour_outside_the_palette_in_widgets_figures_and_templates():
    files = [*_widget_sources(), COURSE / "figures.py", COURSE / "delivery" / "voila.py"]
    files += sorted((COURSE / "widgets").glob("*.css")) + sorted(
        (COURSE / "widgets" / "js").glob("*.js")
    )
    files += [f for f in (COURSE / "templates").glob("*") if f.name != "record.html"]
    found = [f"{f.name}: {m}" for f in files for m in HEX.findall(f.read_text(encoding="utf-8"))]
    assert found == []


def _code_strings(src: str) -> list[str]:
    """The string literals of a module that are not docstrings."""
    tree = ast.parse(src)
    docs = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs
    ]


@pytest.mark.parametrize("path", _widget_sources(), ids=lambda p: p.name)
def test_widget_code_has_no_pyplot_no_backend_switch_and_no_style_blob(path):
    src = path.read_text(encoding="utf-8")
    assert not re.search(r"import matplotlib\.pyplot|from matplotlib import pyplot|\bplt\.", src)
    assert "matplotlib.use(" not in src
    assert not [s for s in _code_strings(src) if "<style" in s]
