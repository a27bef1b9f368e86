"""Workshop mode without a browser: finding the module, the presentation notebook, the command."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from course.cli import main
from course.delivery.voila import (
    PROJECTOR_CSS,
    available_modules,
    other_parts,
    presentation_notebook,
    resolve_module,
    voila_command,
    write_presentation,
)


def _notebook(tmp_path: Path, *names: str) -> Path:
    for name in names:
        nbformat.write(nbformat.v4.new_notebook(), tmp_path / f"{name}.ipynb")
    return tmp_path


def test_resolve_module_by_name_number_and_file(tmp_path: Path) -> None:
    folder = _notebook(tmp_path, "00_start_here", "01_bone_biology", "my_progress")
    assert resolve_module("00_start_here", folder).name == "00_start_here.ipynb"
    assert resolve_module("01", folder).name == "01_bone_biology.ipynb"
    assert resolve_module("my_progress.ipynb", folder).name == "my_progress.ipynb"
    assert resolve_module(str(folder / "01_bone_biology.ipynb")).name == "01_bone_biology.ipynb"


def test_resolve_module_refuses_unknown_and_ambiguous_names(tmp_path: Path) -> None:
    folder = _notebook(tmp_path, "00_start_here", "01_bone_biology")
    with pytest.raises(ValueError, match="no module called '07'.*00_start_here, 01_bone_biology"):
        resolve_module("07", folder)
    with pytest.raises(ValueError, match="matches several modules"):
        resolve_module("0", folder)


def test_a_module_in_parts_resolves_to_part_one_or_the_part_asked_for(tmp_path: Path) -> None:
    folder = _notebook(tmp_path, "02_spread", "05_symptoms_part1", "05_symptoms_part2")
    assert resolve_module("05", folder).name == "05_symptoms_part1.ipynb"
    assert resolve_module("05_symptoms", folder).name == "05_symptoms_part1.ipynb"
    assert resolve_module("05", folder, part=2).name == "05_symptoms_part2.ipynb"
    assert resolve_module("05_symptoms_part2", folder).name == "05_symptoms_part2.ipynb"
    assert resolve_module("05_symptoms_part2", folder, part=1).name == "05_symptoms_part1.ipynb"
    assert other_parts(folder / "05_symptoms_part1.ipynb") == ["05_symptoms_part2"]
    assert other_parts(folder / "02_spread.ipynb") == []
    with pytest.raises(ValueError, match=r"05_symptoms has no part 3 \(part 1, part 2\)"):
        resolve_module("05", folder, part=3)
    with pytest.raises(ValueError, match=r"02_spread has no part 2 \(one notebook\)"):
        resolve_module("02", folder, part=2)


def test_cli_present_opens_part_one_and_names_the_other_parts(tmp_path: Path, capsys) -> None:
    split = [m for m in available_modules() if m.endswith("_part2")]
    if not split:
        pytest.skip("no module of the course comes in parts")
    number = split[0][:2]
    assert main(["present", number, "--output", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert f"bonecourse present {number} --part 2" in out
    assert [p.name for p in tmp_path.glob("*.ipynb")] == [
        split[0].replace("_part2", "_part1.ipynb")
    ]
    assert main(["present", number, "--part", "2", "--output", str(tmp_path)]) == 0
    assert "--part 1" in capsys.readouterr().out
    assert (tmp_path / f"{split[0]}.ipynb").is_file()
    assert main(["present", number, "--part", "9", "--output", str(tmp_path)]) == 1
    assert "has no part 9" in capsys.readouterr().err


SAMPLE = [
    ("markdown", "# Module 9: a title\n\n*One line overview.*\n\n**Time:** 40 minutes."),
    ("code", 'import course\ncourse.start("09_x")'),
    ("markdown", "## 1. First section\n\nLong prose that a projector does not need."),
    ("markdown", "### Explore 1.1: the slider\n\nMove it and watch."),
    ("code", "course.some_widget()"),
    ("markdown", "More prose.\n\n**Check 1.2:** a question"),
    ("code", 'course.self_check("m09-x", label="Check 1.2")'),
    ("markdown", "## 2. A section without widgets\n\nText only."),
    ("markdown", "## Key points\n\n1. A point."),
]


def _sample() -> nbformat.NotebookNode:
    cells = [
        nbformat.v4.new_markdown_cell(src) if kind == "markdown" else nbformat.v4.new_code_cell(src)
        for kind, src in SAMPLE
    ]
    cells[4].outputs = [nbformat.v4.new_output("stream", text="old output")]
    return nbformat.v4.new_notebook(cells=cells)


def test_presentation_keeps_title_headings_labels_and_code_only() -> None:
    out = presentation_notebook(_sample())
    assert out.cells[0].source == PROJECTOR_CSS
    markdown = [c.source for c in out.cells[1:] if c.cell_type == "markdown"]
    assert markdown == [
        "# Module 9: a title\n\n*One line overview.*",
        "## 1. First section\n\n### Explore 1.1: the slider",
        "**Check 1.2:** a question",
    ]
    code = [c for c in out.cells if c.cell_type == "code"]
    assert [c.source for c in code] == [
        'import course\ncourse.start("09_x")',
        "course.some_widget()",
        'course.self_check("m09-x", label="Check 1.2")',
    ]
    assert all(c.outputs == [] and c.execution_count is None for c in code)
    text = "\n".join(markdown)
    assert "Long prose" not in text and "Key points" not in text and "2. A section" not in text


def test_presentation_with_prose_keeps_every_cell() -> None:
    out = presentation_notebook(_sample(), keep_prose=True)
    assert [c.source for c in out.cells[1:]] == [src for _, src in SAMPLE]


def test_start_here_presentation_is_valid(tmp_path: Path) -> None:
    path = write_presentation("00_start_here", tmp_path)
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    sources = [c.source for c in notebook.cells]
    assert any("course.self_check(" in s for s in sources)
    assert any(s.startswith("# Start here") for s in sources)


def test_voila_command_hides_code() -> None:
    cmd = voila_command(Path("/tmp/x.ipynb"), 8899, open_browser=False, dark=False)
    assert "--strip_sources=True" in cmd
    assert "--port=8899" in cmd and "--no-browser" in cmd and "--theme=light" in cmd
    assert "--Voila.ip=127.0.0.1" in cmd


def test_cli_present_writes_a_notebook_and_reports_unknown_modules(tmp_path: Path, capsys) -> None:
    out = tmp_path / "deck.ipynb"
    assert main(["present", "00", "--output", str(out)]) == 0
    assert out.exists()
    assert main(["present", "no_such_module", "--output", str(out)]) == 1
    assert "no module called 'no_such_module'" in capsys.readouterr().err


def test_cli_present_all_writes_every_module(tmp_path: Path) -> None:
    assert main(["present", "all", "--output", str(tmp_path)]) == 0
    written = sorted(p.stem for p in tmp_path.glob("*.ipynb"))
    assert written == available_modules()
    assert "00_start_here" in written
