"""The graded quizzes' text file: valid, and every text the code asks for is there (and used)."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from course.content import read_content
from course.errors import ContentError
from course.grading.text import TEXT_FILE, text

GRADING = Path(__file__).resolve().parents[2] / "course" / "grading"


def _group_of(node: ast.AST) -> str | None:
    """``"g"`` for the expression ``quiz_text("g")``."""
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "quiz_text"
        and node.args
        and isinstance(node.args[0], ast.Constant)
    ):
        return node.args[0].value
    return None


def _keys(node: ast.AST) -> list[str]:
    """The text keys a subscript or argument names: a string, or both ends of ``a if c else b``."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _keys(node.body) + _keys(node.orelse)
    return []


def _helpers(tree: ast.Module) -> dict[str, str]:
    """Functions ``f(key, **fields)`` that return ``quiz_text("g")[key]...``: name -> group."""
    found = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            for sub in ast.walk(node):
                if isinstance(sub, ast.Subscript) and _group_of(sub.value):
                    if isinstance(sub.slice, ast.Name) and sub.slice.id == "key":
                        found[node.name] = _group_of(sub.value)
    return found


def used_keys() -> set[tuple[str, str]]:
    """``(group, key)`` for every text the grading modules ask for, read from their source."""
    used = set()
    for path in sorted(GRADING.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        helpers = _helpers(tree)
        scopes = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]
        in_file: dict[str, set[str]] = {}  # a name's groups anywhere in the file
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and _group_of(node.value):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        in_file.setdefault(target.id, set()).add(_group_of(node.value))
        for scope in scopes:
            # texts passed in as a parameter take the group the file gives that name, if one
            variables = {name: next(iter(g)) for name, g in in_file.items() if len(g) == 1}
            for node in ast.walk(scope):
                if isinstance(node, ast.Assign) and _group_of(node.value):
                    for target in node.targets:
                        if isinstance(target, ast.Name):
                            variables[target.id] = _group_of(node.value)
            for node in ast.walk(scope):
                if isinstance(node, ast.Subscript):
                    group = _group_of(node.value)
                    if isinstance(node.value, ast.Name):
                        group = variables.get(node.value.id)
                    if group:
                        used |= {(group, k) for k in _keys(node.slice)}
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                    if node.func.id in helpers and node.args:
                        used |= {(helpers[node.func.id], k) for k in _keys(node.args[0])}
        for node in tree.body:  # module-level texts (UNSAFE_WARNING = quiz_text(...)[...])
            if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
                for sub in ast.walk(node.value):
                    if isinstance(sub, ast.Subscript) and _group_of(sub.value):
                        used |= {(_group_of(sub.value), k) for k in _keys(sub.slice)}
    return used


def test_the_file_meets_its_schema():
    assert read_content(TEXT_FILE, "widget_text")


def test_every_text_the_code_asks_for_is_in_the_file():
    used = used_keys()
    assert len(used) > 60  # the reader above finds the code's look-ups
    data = read_content(TEXT_FILE, "widget_text")
    missing = sorted((g, k) for g, k in used if k not in data.get(g, {}))
    assert missing == []


def test_every_text_in_the_file_is_used():
    used = used_keys()
    data = read_content(TEXT_FILE, "widget_text")
    unused = sorted((g, k) for g, texts in data.items() for k in texts if (g, k) not in used)
    assert unused == []


@pytest.mark.parametrize("group", ["runtime", "marking_notes", "import", "verdicts", "report"])
def test_fields_are_plain_names(group):
    """Every ``{field}`` is a name (with an optional format), never a position or an index."""
    for key, value in text(group).items():
        for _, field, _, _ in string.Formatter().parse(value):
            if field is not None:
                assert re.fullmatch(r"[a-z_]+", field), (key, field)


def test_a_broken_file_is_refused_by_name(tmp_path):
    broken = tmp_path / "text.yml"
    broken.write_text("runtime:\n  ready: 3\n", encoding="utf-8")
    with pytest.raises(ContentError, match="text.yml"):
        read_content(broken, "widget_text")
