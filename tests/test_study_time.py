"""Study times: computed from each notebook's content, stated in its header within 10%, and no
notebook over an hour (a longer module comes in parts, and its time is the sum of theirs)."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from course import study_time as st

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("0*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_stated_time_matches_computed_time(path):
    stated = st.stated_minutes(path)
    assert stated is not None, f"{path.name}: no '**Time:** about N minutes' line in the header"
    computed = st.estimate(path).minutes
    assert abs(stated - computed) <= 0.10 * computed, (
        f"{path.name}: header says {stated} minutes, content needs about {computed}"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_notebook_takes_over_an_hour(path):
    """Issue 15: a module over about 60 minutes is split into parts of at most 60 each."""
    computed = st.estimate(path).minutes
    assert computed <= 60, f"{path.name}: about {computed} minutes; split it or trim it"


def test_a_module_in_parts_takes_the_sum_of_its_parts():
    times = [st.estimate(p) for p in NOTEBOOKS]
    modules = st.module_times(times)
    assert sum(len(m.parts) for m in modules) == len(times)
    for module in modules:
        assert all(t.notebook.startswith(module.module) for t in module.parts)
        assert module.minutes == sum(t.minutes for t in module.parts)
        assert module.total("words") == sum(t.words for t in module.parts)


def test_readme_table_gives_each_notebook_its_computed_time_and_the_course_total():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| \d\d \| `(\w+)` \| about (\d+) min \|", readme, flags=re.M))
    assert set(rows) == {p.stem for p in NOTEBOOKS}, "one row per notebook (each part its own)"
    for path in NOTEBOOKS:
        computed = st.estimate(path).minutes
        assert abs(int(rows[path.stem]) - computed) <= 0.10 * computed, (
            f"README: {path.stem} about {rows[path.stem]} min, computed {computed}"
        )
    total = re.search(r"whole course takes about (\d+) minutes", readme)
    assert total, "the README states the course's total time"
    assert int(total.group(1)) == sum(int(m) for m in rows.values())
    said = re.findall(
        r"(\d\d)\s+about\s+(\d+)", readme.split(total.group(0), 1)[1].split("\n\n")[0]
    )
    split = {p.stem[:2] for p in NOTEBOOKS if "_part" in p.stem}
    assert {n for n, _ in said} == split, "the total of each module in parts"
    for number, minutes in said:
        parts = [int(m) for name, m in rows.items() if name.startswith(number)]
        assert int(minutes) == sum(parts), f"module {number}: {minutes} is not {parts} added up"


def _notebook(tmp_path: Path, cells: list, name: str = "01_x") -> Path:
    nb = nbformat.v4.new_notebook(cells=cells)
    path = tmp_path / "notebooks" / f"{name}.ipynb"
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


def _course(tmp_path: Path) -> None:
    bank = tmp_path / "assets" / "bank"
    bank.mkdir(parents=True)
    (bank / "01.yml").write_text(
        "items:\n  - id: m01-a\n  - id: m01-b\n  - id: m01-case\n    steps: [{}, {}, {}]\n",
        encoding="utf-8",
    )
    (tmp_path / "assets" / "01_x").mkdir()
    (tmp_path / "assets" / "01_x" / "case.yml").write_text(
        "start: a\nnodes:\n  a: {choices: [{next: b}, {next: end}]}\n"
        "  b: {choices: [{next: c}]}\n  c: {choices: [{next: end}]}\n  end: {text: done}\n",
        encoding="utf-8",
    )


def test_estimate_adds_up_each_activity(tmp_path):
    _course(tmp_path)
    words = "word " * 240
    md = nbformat.v4.new_markdown_cell
    code = nbformat.v4.new_code_cell
    path = _notebook(
        tmp_path,
        [
            md("# Title\n\n**Time:** about 30 minutes.\n\n" + words),
            code('import course\ncourse.start("01_x")'),
            md(
                "### Think 1.1\n\nA prompt.\n\n<details><summary>Model answer</summary>"
                + " hidden" * 500
                + "</details>"
            ),
            code('course.check_group(["m01-a", "m01-b"], title="Check 1.2")'),
            code('course.self_check("m01-case", label="Case 1.3")'),
            code('course.case("assets/01_x/case.yml")'),
            code("course.remodelling_explorer()"),
            code('course.diagram("01_x/pic")'),
            md("## Sources\n\n" + words * 10),
        ],
    )
    t = st.estimate(path, root=tmp_path)
    assert (t.items, t.cases, t.case_steps, t.explorers, t.thinks, t.diagrams) == (5, 1, 3, 1, 1, 1)
    assert 240 <= t.words <= 260  # Sources and the hidden model answer are not reading time
    expected = (
        t.words / st.READING_WPM
        + 5 * st.MIN_PER_ITEM
        + 3 * st.MIN_PER_CASE_STEP
        + st.MIN_PER_CASE_INTRO
        + st.MIN_PER_EXPLORER
        + st.MIN_PER_THINK
        + st.MIN_PER_DIAGRAM
    )
    assert abs(t.reading_minutes + t.activity_minutes - expected) < 1e-9
    assert t.minutes == 5 * round(expected / 5)
    assert st.stated_minutes(path) == 30


def test_unknown_item_is_a_clear_error(tmp_path):
    _course(tmp_path)
    path = _notebook(tmp_path, [nbformat.v4.new_code_cell('course.self_check("m01-nope")')])
    with pytest.raises(st.StudyTimeError, match="m01-nope"):
        st.estimate(path, root=tmp_path)


def test_unreadable_notebook_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.ipynb"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(st.StudyTimeError, match="cannot read notebook"):
        st.estimate(bad, root=tmp_path)


def test_module_times_group_parts_in_order(tmp_path):
    _course(tmp_path)
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    one = _notebook(tmp_path, [md("word " * 600), code('course.self_check("m01-a")')], "01_x_part1")
    two = _notebook(tmp_path, [md("word " * 1200)], "01_x_part2")
    whole = _notebook(tmp_path, [md("word " * 1800)], "02_y")
    times = [st.estimate(p, root=tmp_path) for p in (one, two, whole)]
    assert [t.minutes for t in times] == [5, 10, 15]
    x, y = st.module_times(times)
    assert (x.module, [t.notebook for t in x.parts]) == ("01_x", ["01_x_part1", "01_x_part2"])
    assert (x.minutes, x.total("words"), x.total("items")) == (15, 1800, 1)
    assert (y.module, y.minutes, len(y.parts)) == ("02_y", 15, 1)


def test_cli_prints_a_row_per_notebook_and_totals(capsys):
    split = [p for p in NOTEBOOKS if p.stem.endswith("_part1")][0]
    parts = sorted(split.parent.glob(split.stem.removesuffix("1") + "*.ipynb"))
    assert st.main([str(NOTEBOOKS[0]), *map(str, parts)]) == 0
    rows = capsys.readouterr().out.splitlines()
    names = [r.split()[0] for r in rows[1:]]
    module = split.stem.removesuffix("_part1")
    assert names == [NOTEBOOKS[0].stem, *(p.stem for p in parts), module, "course"]
    totals = {r.split()[0]: int(r.split()[-2]) for r in rows[1:]}
    assert totals[module] == sum(st.estimate(p).minutes for p in parts)
    assert totals["course"] == totals[module] + st.estimate(NOTEBOOKS[0]).minutes
    assert "(total)" in rows[-1] and "(total)" in rows[-2]
