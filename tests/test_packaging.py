"""pyproject.toml and environment.yml list the same dependencies; the command is installed."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import tomllib
import yaml

from course.paths import course_root

ROOT = course_root()


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


def test_python_requirement():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["requires-python"] == ">=3.10"


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
