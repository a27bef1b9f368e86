"""pyproject.toml and environment.yml list the same dependencies, every third-party module the
package imports is declared, the stated Python minimum is the one checked, and the command is
installed."""

from __future__ import annotations

import ast
import importlib.metadata
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

from course.paths import course_root

ROOT = course_root()
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())

#: the oldest Python the project supports, stated in pyproject, environment.yml, ruff and the README
MINIMUM_PYTHON = "3.11"

#: course modules that may also import from an extra, and why
EXTRAS_FOR_MODULE = {
    "course/delivery/hub/*.py": ("hub",),  # the JupyterHub workshop: `pip install -e .[hub]`
    # load measurement for the hub tests and bench (psutil)
    "course/delivery/hub/load.py": ("hub", "test"),
}

#: imports of the package's own name or of names no distribution provides here
IGNORED_IMPORTS = {"course"}


#: conda-forge names that differ from PyPI names
CONDA_TO_PYPI = {"python-fastjsonschema": "fastjsonschema"}


def _name(spec: str) -> str:
    name = re.split(r"[<>=!~ \[]", spec.strip(), maxsplit=1)[0].lower().replace("_", "-")
    return CONDA_TO_PYPI.get(name, name)


def _spec(spec: str) -> str:
    raw_name = re.split(r"[<>=!~ \[]", spec.strip(), maxsplit=1)[0]
    return re.sub(r"\s+", "", spec.strip()[len(raw_name) :])


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        wanted += extra
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    # packages conda-forge lacks come from pip, beside the checkout itself
    conda += [
        d
        for part in env["dependencies"]
        if isinstance(part, dict)
        for d in part.get("pip", [])
        if not d.startswith("-")
    ]
    conda_specs = {_name(d): _spec(d) for d in conda if _name(d) not in ("python", "pip")}
    py_specs = {_name(d): _spec(d) for d in wanted}
    missing = sorted(set(py_specs) - set(conda_specs))
    extra = sorted(set(conda_specs) - set(py_specs))
    assert not missing, f"in pyproject.toml but not environment.yml: {missing}"
    assert not extra, f"in environment.yml but not pyproject.toml: {extra}"
    differ = {n: (py_specs[n], conda_specs[n]) for n in py_specs if py_specs[n] != conda_specs[n]}
    assert not differ, f"version specs differ (pyproject, environment.yml): {differ}"
    pip_part = [d for d in env["dependencies"] if isinstance(d, dict)]
    assert pip_part and "-e ." in pip_part[0]["pip"], "environment.yml installs the checkout"


def test_python_minimum_is_stated_once_everywhere_and_met():
    """3.11: the pinned nbgrader, numpy, scipy and matplotlib need it, and tomllib is used."""
    assert PYPROJECT["project"]["requires-python"] == f">={MINIMUM_PYTHON}"
    assert PYPROJECT["tool"]["ruff"]["target-version"] == "py" + MINIMUM_PYTHON.replace(".", "")
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert f"python>={MINIMUM_PYTHON}" in env["dependencies"]
    readme = (ROOT / "README.md").read_text()
    assert f"Python {MINIMUM_PYTHON} or newer" in readme
    stated = re.findall(r"Python (3\.\d+) or newer", readme)
    assert set(stated) == {MINIMUM_PYTHON}, f"the README states {stated}"
    running = ".".join(map(str, sys.version_info[:3]))
    assert running in SpecifierSet(PYPROJECT["project"]["requires-python"])


def test_installed_dependencies_need_no_newer_python_than_stated():
    """No installed direct dependency needs a newer Python than the stated minimum."""
    minimum = f"{MINIMUM_PYTHON}.99"  # any patch release of the minimum
    project = PYPROJECT["project"]
    too_new = {}
    for spec in project["dependencies"]:
        name = Requirement(spec).name
        try:
            needs = importlib.metadata.metadata(name).get("Requires-Python") or ""
        except importlib.metadata.PackageNotFoundError:
            continue
        if needs and minimum not in SpecifierSet(needs):
            too_new[name] = needs
    assert not too_new, f"installed versions need a newer Python than {MINIMUM_PYTHON}: {too_new}"


def _optional(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    """Whether an import sits in a ``try`` that catches its failure (an optional import)."""
    child, parent = node, parents.get(node)
    while parent is not None:
        if isinstance(parent, ast.Try) and child in parent.body:
            for handler in parent.handlers:
                caught = handler.type
                names = [caught] if not isinstance(caught, ast.Tuple) else caught.elts
                if caught is None or any(
                    isinstance(n, ast.Name)
                    and n.id in ("ImportError", "ModuleNotFoundError", "Exception")
                    for n in names
                ):
                    return True
        child, parent = parent, parents.get(parent)
    return False


def third_party_imports(path: Path) -> dict[str, int]:
    """Top-level names of the third-party modules ``path`` imports (not optionally), by line.

    A module the file imports inside a ``try`` that catches the failure is optional there: its
    other imports in that file follow such a check (``record.pdf_converter`` for weasyprint).
    """
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    found: dict[str, int] = {}
    optional: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            if top in sys.stdlib_module_names or top in IGNORED_IMPORTS:
                continue
            if _optional(node, parents):
                optional.add(top)
            else:
                found[top] = min(found.get(top, node.lineno), node.lineno)
    return {name: line for name, line in found.items() if name not in optional}


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _declared(extras: tuple[str, ...]) -> set[str]:
    project = PYPROJECT["project"]
    specs = list(project["dependencies"])
    for extra in extras:
        specs += project["optional-dependencies"][extra]
    return {_normal(Requirement(s).name) for s in specs}


def test_every_third_party_import_in_the_package_is_declared():
    """Map each imported module to its distribution (importlib.metadata) and find it declared."""
    providers = importlib.metadata.packages_distributions()
    undeclared = []
    for path in sorted((ROOT / "course").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        extras = ()
        for pattern, allowed in EXTRAS_FOR_MODULE.items():
            if Path(rel).match(pattern):
                extras = allowed
        declared = _declared(extras)
        for module, line in third_party_imports(path).items():
            dists = {_normal(d) for d in providers.get(module, [])}
            if not dists:
                undeclared.append(f"{rel}:{line}: {module} (no installed distribution provides it)")
            elif not dists & declared:
                where = "dependencies" + "".join(f" or the {e} extra" for e in extras)
                undeclared.append(
                    f"{rel}:{line}: {module} ({', '.join(sorted(dists))}) not in {where}"
                )
    assert not undeclared, "imported but not declared in pyproject.toml:\n" + "\n".join(undeclared)


def test_the_import_check_sees_imports_and_skips_optional_ones(tmp_path):
    source = tmp_path / "mod.py"
    source.write_text(
        "import os\nimport yaml\nfrom numpy import linalg\nfrom . import sibling\n"
        "def f():\n    import scipy.stats\n"
        "try:\n    import weasyprint\nexcept ImportError:\n    weasyprint = None\n"
        "def g():\n    import weasyprint\n"
    )
    assert third_party_imports(source) == {"yaml": 2, "numpy": 3, "scipy": 6}


@pytest.mark.parametrize("name", ["yaml", "PIL", "websocket"])
def test_import_names_map_to_their_distributions(name):
    expected = {"yaml": "pyyaml", "PIL": "pillow", "websocket": "websocket-client"}[name]
    providers = importlib.metadata.packages_distributions()
    assert expected in {_normal(d) for d in providers[name]}


def test_bonecourse_command_runs():
    exe = shutil.which("bonecourse") or str(ROOT / ".venv" / "bin" / "bonecourse")
    out = subprocess.run([exe, "bank"], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "00_start_here:" in out.stdout and "OK:" in out.stdout


def test_import_course_is_light():
    heavy = "('ipywidgets', 'nbgrader', 'scipy', 'matplotlib')"
    code = f"import sys, course; print(sorted(m for m in {heavy} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr


def test_every_data_file_of_the_package_is_shipped_by_package_data():
    """A non-editable install holds only ``.py`` files and what ``package-data`` names."""
    patterns = PYPROJECT["tool"]["setuptools"]["package-data"]["course"]
    suffixes = {p.removeprefix("**/*") for p in patterns}
    package = ROOT / "course"
    tracked = subprocess.run(
        ["git", "ls-files", "course"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    data = [Path(f) for f in tracked if not f.endswith(".py")]
    assert data, "the package has data files (templates, schemas, stylesheets)"
    missed = [str(f) for f in data if not any(str(f).endswith(s) for s in suffixes)]
    assert missed == [], f"not in [tool.setuptools.package-data]: {missed} ({package})"


def test_no_two_modules_of_the_package_share_a_file_name():
    """A name says what a file is: a widget is named for the widget, not for the rule it draws."""
    names: dict[str, list[str]] = {}
    for path in sorted((ROOT / "course").rglob("*.py")):
        if path.name != "__init__.py" and path.name != "__main__.py":
            names.setdefault(path.name, []).append(str(path.relative_to(ROOT)))
    shared = {name: paths for name, paths in names.items() if len(paths) > 1}
    assert shared == {}, shared
