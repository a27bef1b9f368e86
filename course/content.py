"""Read a course data file (YAML or JSON) and validate it against its JSON Schema.

Learner-facing content (scenarios, findings, doses, timelines, captions) lives in data files
beside each module's assets; the code that computes with it stays in Python. Every such file is
read through :func:`read_content`, which checks it against a JSON Schema in
``course/schemas/<name>.schema.json`` and reports each problem with the file, the entry and what
is wrong, as the question bank does::

    data = read_content(assets_dir() / "06_the_person" / "consent.yml", "consent")

Results are cached by path and modification time, so a notebook that builds a widget twice reads
the file once, and an edited file is read again.
"""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path
from typing import Any

from course.errors import ContentError

SCHEMA_DIR = Path(__file__).with_name("schemas")


def schema_path(name: str) -> Path:
    """The JSON Schema file for ``name`` (``course/schemas/<name>.schema.json``)."""
    return SCHEMA_DIR / f"{name}.schema.json"


@cache
def _schema(name: str) -> dict:
    path = schema_path(name)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ContentError([f"{path.name}: no such schema (course/schemas/)"]) from None


@cache
def _fast_validator(name: str):
    import fastjsonschema

    return fastjsonschema.compile(_schema(name))


def _where(data: Any, path: list) -> str:
    """A schema error's place, named by the entry's ``id``, ``name`` or ``key`` where it has one."""
    parts: list[str] = []
    node = data
    for step in path:
        label = str(step)
        if isinstance(node, list) and isinstance(step, int) and step < len(node):
            entry = node[step]
            ident = None
            if isinstance(entry, dict):
                ident = entry.get("id") or entry.get("name") or entry.get("key")
            label = f"{ident}" if ident else f"entry #{step + 1}"
            node = entry
        elif isinstance(node, dict):
            node = node.get(step)
        parts.append(label)
    return "/".join(parts) or "top level"


def validate(data: Any, schema: str, filename: str) -> list[str]:
    """Every problem of ``data`` against the named schema, as ``file: entry: problem`` lines."""
    import fastjsonschema

    try:
        _fast_validator(schema)(data)
        return []
    except fastjsonschema.JsonSchemaException:
        pass
    import jsonschema  # slow to import: only when there is something to report

    validator = jsonschema.Draft7Validator(_schema(schema))
    errors = sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.path])
    return [f"{filename}: {_where(data, list(e.path))}: {e.message}" for e in errors]


def _parse(path: Path) -> Any:
    import yaml

    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ContentError([f"{path}: the file does not exist"]) from None
    except OSError as exc:
        raise ContentError([f"{path}: cannot be read ({exc.strerror or exc})"]) from None
    try:
        if path.suffix == ".json":
            return json.loads(text)
        return yaml.safe_load(text)
    except (yaml.YAMLError, json.JSONDecodeError) as exc:
        raise ContentError([f"{path.name}: not valid {path.suffix[1:].upper()}: {exc}"]) from None


_cache: dict[tuple[str, str], tuple[float, Any]] = {}


def read_content(path: str | os.PathLike, schema: str) -> Any:
    """Load a YAML or JSON data file and validate it against ``course/schemas/<schema>``.

    Parameters
    ----------
    path
        The data file.
    schema
        The schema's name (``"consent"`` for ``course/schemas/consent.schema.json``).

    Returns
    -------
    object
        The parsed data (shared between callers: do not modify it).

    Raises
    ------
    ContentError
        When the file is missing, unreadable, not valid YAML/JSON, or breaks the schema; the
        message lists every problem with the file name and the entry.
    """
    path = Path(path)
    key = (str(path.resolve()), schema)
    try:
        stamp = path.stat().st_mtime
    except FileNotFoundError:
        raise ContentError([f"{path}: the file does not exist"]) from None
    cached = _cache.get(key)
    if cached and cached[0] == stamp:
        return cached[1]
    data = _parse(path)
    problems = validate(data, schema, path.name)
    if problems:
        raise ContentError(problems)
    _cache[key] = (stamp, data)
    return data
