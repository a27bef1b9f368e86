"""The clinical rule sets split into sibling files still answer to their old module names.

Each of ``consent``, ``triage`` and ``calcium`` keeps its rules and exports every public name of
the siblings its data, checks or exercises moved to, so notebooks, widgets and tests import from
the module they always have. Each sibling also imports on its own, first, in a fresh interpreter
(the vignettes use the triage rules that export them).
"""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys

import pytest

from course.paths import course_root

SEAMS = [
    ("course.clinical.consent", "course.clinical.consent_scenario"),
    ("course.clinical.triage", "course.clinical.triage_findings"),
    ("course.clinical.triage", "course.clinical.triage_vignettes"),
    ("course.clinical.calcium", "course.clinical.calcium_input"),
]


def defined_public_names(module_name: str) -> set[str]:
    """The public names a module's own source defines at top level (not those it imports)."""
    module = importlib.import_module(module_name)
    tree = ast.parse(open(module.__file__, encoding="utf-8").read())
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return {n for n in names if not n.startswith("_")}


@pytest.mark.parametrize(("original", "sibling"), SEAMS)
def test_the_original_module_exports_every_public_name_of_its_sibling(original, sibling):
    names = defined_public_names(sibling)
    assert names, f"{sibling} defines nothing public"
    old, new = importlib.import_module(original), importlib.import_module(sibling)
    missing = sorted(n for n in names if getattr(old, n, None) is not getattr(new, n))
    assert missing == [], f"{original} does not export {missing} from {sibling}"
    assert names <= set(old.__all__), sorted(names - set(old.__all__))


@pytest.mark.parametrize("module", sorted({m for pair in SEAMS for m in pair}))
def test_each_file_imports_first_in_a_fresh_interpreter(module):
    out = subprocess.run(
        [sys.executable, "-c", f"import {module}"],
        cwd=course_root(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr[-2000:]


def test_a_vignette_is_still_checked_against_the_rules_after_the_split():
    from course.clinical.triage import TriageError, parse_vignettes

    wrong = {
        "vignettes": [
            {
                "id": "v1",
                "title": "Back pain at night",
                "text": "A story.",
                "findings": ["night_spinal_pain", "limb_weakness"],
                "urgency": "routine",
            }
        ]
    }
    with pytest.raises(TriageError, match="says routine but the rules give emergency"):
        parse_vignettes(wrong, where="test.yml")
