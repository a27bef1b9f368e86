"""Reading one question-bank file: YAML, the JSON schema, and the rules a schema cannot say.

:func:`parse_module` turns one file's text into a :class:`~course.questions.bank_items.Module`,
or raises :class:`~course.questions.bank_items.BankError` listing every problem, each naming
the file and the item id (unique ids, answers among the options, objectives that exist).
Folders, merging and caching are in :mod:`course.questions.bank`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from course.questions.bank_items import (
    BankError,
    Distractor,
    Item,
    Module,
    Option,
    Step,
)

_SCHEMA_PATH = Path(__file__).with_name("bank_schema.json")


@lru_cache(maxsize=1)
def _schema() -> dict:
    return json.loads(_SCHEMA_PATH.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _fast_validator():
    """A compiled validator (fastjsonschema): milliseconds per file, so notebooks start quickly."""
    import fastjsonschema

    return fastjsonschema.compile(_schema())


@lru_cache(maxsize=1)
def _validator():
    """The full validator (jsonschema), used only to list every problem of a bad file.

    Importing jsonschema takes seconds on some installs, too slow for every notebook start.
    """
    import jsonschema

    return jsonschema.Draft7Validator(_schema())


def _where(data: Any, path: Iterable[Any]) -> str:
    """Describe a schema error location as 'item <id>' where possible."""
    path = list(path)
    if len(path) >= 2 and path[0] == "items" and isinstance(path[1], int):
        items = data.get("items") if isinstance(data, dict) else None
        item_id = None
        if isinstance(items, list) and path[1] < len(items) and isinstance(items[path[1]], dict):
            item_id = items[path[1]].get("id")
        label = f"item {item_id}" if item_id else f"item #{path[1] + 1} (no id)"
        rest = "/".join(str(p) for p in path[2:])
        return f"{label}{' ' + rest if rest else ''}"
    return "/".join(str(p) for p in path) or "top level"


def _schema_problems(data: Any, filename: str) -> list[str]:
    import fastjsonschema

    try:
        _fast_validator()(data)
        return []
    except fastjsonschema.JsonSchemaException:
        pass
    problems = []
    for error in sorted(_validator().iter_errors(data), key=lambda e: list(e.path)):
        problems.append(f"{filename}: {_where(data, error.path)}: {error.message}")
    return problems


def _option(d: dict) -> Option:
    return Option(d["key"], d["text"], d["feedback"], d.get("misconception", ""))


def _option_problems(options: list[dict], answer: Any, where: str) -> list[str]:
    """Problems of one set of options.

    Duplicate keys, unknown answers, wrong options without a misconception, or no wrong option.
    """
    problems = []
    keys = [o["key"] for o in options]
    dupes = sorted({k for k in keys if keys.count(k) > 1})
    if dupes:
        problems.append(f"{where}: duplicate option keys {dupes}")
    answers = answer if isinstance(answer, list) else [answer]
    for key in answers:
        if key not in keys:
            problems.append(f"{where}: answer {key!r} is not among the options {keys}")
    for opt in options:
        if opt["key"] not in answers and not opt.get("misconception"):
            problems.append(
                f"{where}: wrong option {opt['key']!r} needs a 'misconception' "
                "(what choosing it reveals)"
            )
    if isinstance(answer, list) and len(answer) == len(keys):
        problems.append(f"{where}: every option is correct; add a wrong one")
    return problems


def _semantic_problems(item: dict, objectives: dict, filename: str) -> list[str]:
    """Rules the schema cannot express."""
    where = f"{filename}: item {item['id']}"
    problems = []
    if item["objective"] not in objectives:
        problems.append(
            f"{where}: objective {item['objective']} is not among this module's objectives "
            f"({', '.join(objectives)})"
        )

    kind = item["type"]
    if kind in ("single", "multiple"):
        problems += _option_problems(item["options"], item["answer"], where)
    for forbidden, kinds in (
        ("options", ("single", "multiple")),
        ("steps", ("case",)),
        ("tolerance", ("numeric",)),
        ("model_answer", ("text",)),
    ):
        if forbidden in item and kind not in kinds:
            problems.append(f"{where}: '{forbidden}' does not belong to a {kind} item")
    if kind == "case":
        for n, step in enumerate(item["steps"], start=1):
            problems += _option_problems(step["options"], step["answer"], f"{where} step {n}")
    if kind == "numeric":
        answer, tol = item["answer"], item["tolerance"]
        for d in item.get("distractors", []):
            if abs(d["value"] - answer) <= tol:
                problems.append(
                    f"{where}: distractor {d['value']} lies within the tolerance of the answer"
                )
    return problems


def item_from_mapping(d: dict, module: str, objectives: dict, filename: str) -> Item:
    """Build an :class:`Item` from one item's mapping as it stands in a bank file.

    The mapping is taken as valid (``parse_module`` validates files); graded quizzes use this to
    rebuild an item from the copy kept in their hidden tests, so they mark exactly as the bank.
    """
    return Item(
        id=d["id"],
        module=module,
        objective=d["objective"],
        objective_text=objectives.get(d["objective"], ""),
        type=d["type"],
        use=d["use"],
        stem=d["stem"].strip(),
        explanation=d["explanation"].strip(),
        points=float(d["points"]),
        source=d["source"],
        red_flag=bool(d.get("red_flag", False)),
        tags=tuple(d.get("tags", ())),
        options=tuple(_option(o) for o in d.get("options", ())),
        answer=d.get("answer"),
        tolerance=float(d.get("tolerance", 0.0)),
        unit=d.get("unit", ""),
        feedback_correct=d.get("feedback_correct", ""),
        feedback_wrong=d.get("feedback_wrong", ""),
        distractors=tuple(
            Distractor(float(x["value"]), x["feedback"], x.get("misconception", ""))
            for x in d.get("distractors", ())
        ),
        model_answer=d.get("model_answer", ""),
        rubric=tuple(d.get("rubric", ())),
        scenario=d.get("scenario", ""),
        steps=tuple(
            Step(
                s["stem"],
                tuple(_option(o) for o in s["options"]),
                s["answer"],
                s.get("explanation", ""),
            )
            for s in d.get("steps", ())
        ),
        file=filename,
        raw=d,
    )


def _read_yaml(text: str, filename: str) -> dict:
    """The mapping of one bank file, checked against the schema (``BankError`` otherwise)."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise BankError([f"{filename}: not valid YAML: {exc}"]) from None
    if not isinstance(data, dict):
        raise BankError([f"{filename}: expected a mapping with module, title, objectives, items"])
    problems = _schema_problems(data, filename)
    if problems:
        raise BankError(problems)
    return data


def parse_module(
    text: str,
    filename: str = "<bank>",
    *,
    inherited: Module | None = None,
    default_use: str | None = None,
) -> Module:
    """Parse and validate one bank file's YAML text; raise :class:`BankError` on any problem.

    Parameters
    ----------
    text, filename
        The file's text and name (the name must be ``<module>.yml``).
    inherited
        The module's practice file, whose title and objectives an assessment-only file (module
        and items only) takes.
    default_use
        The ``use`` of items that do not state one (``"practice"`` for files under
        ``assets/bank``); an assessment-only file's items default to ``"assessment"``.
    """
    return _module_from_data(_read_yaml(text, filename), filename, inherited, default_use)


def _module_from_data(
    data: dict, filename: str, inherited: Module | None, default_use: str | None
) -> Module:
    problems: list[str] = []
    expected = Path(filename).stem
    if filename != "<bank>" and data["module"] != expected:
        problems.append(f"{filename}: module is {data['module']!r} but the file is {expected!r}")
    objectives = dict(inherited.objectives) if inherited is not None else {}
    for key, text in data.get("objectives", {}).items():
        if key in objectives and objectives[key] != text:
            problems.append(
                f"{filename}: objective {key} differs from the one in {inherited.file}; "
                "keep objectives in the module's practice file only"
            )
        objectives[key] = text
    title = data.get("title") or (inherited.title if inherited is not None else "")
    assessment_only = "objectives" not in data and "title" not in data
    if not objectives or not title:
        problems.append(
            f"{filename}: no title or objectives; an assessment-only file takes them from the "
            f"module's practice file (assets/bank/{data['module']}.yml), which was not found"
        )
        raise BankError(problems)
    if default_use is None and assessment_only:
        default_use = "assessment"
    ids = [d["id"] for d in data["items"]]
    for dup in sorted({i for i in ids if ids.count(i) > 1}):
        problems.append(f"{filename}: item {dup}: duplicate id")
    prefix = "m" + data["module"][:2] + "-"
    mappings = []
    for d in data["items"]:
        if not d["id"].startswith(prefix):
            problems.append(f"{filename}: item {d['id']}: id should start with {prefix!r}")
        if "use" not in d:
            if default_use is None:
                problems.append(
                    f"{filename}: item {d['id']}: say whether it is for practice or assessment "
                    "(use: practice, or use: assessment)"
                )
                continue
            d = {**d, "use": default_use}
        problems.extend(_semantic_problems(d, objectives, filename))
        mappings.append(d)
    if problems:
        raise BankError(problems)
    items = tuple(item_from_mapping(d, data["module"], objectives, filename) for d in mappings)
    return Module(data["module"], title, objectives, items, filename)
