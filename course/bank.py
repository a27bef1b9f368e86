"""The question bank: load, validate, select and shuffle.

Every question of the course lives once, in ``quizzes/bank/<module>.yml``. This module reads those
files, checks them against a JSON schema (``bank_schema.json``) and against the rules a schema
cannot express (unique ids, answers among the options, objectives that exist), and hands out
:class:`Item` objects to the self-check widgets, the nbgrader quiz builder and the exporters.

A bad bank fails loudly: :class:`BankError` names the file, the item id and what is wrong.
"""

from __future__ import annotations

import json
import os
import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from course.paths import bank_dir

ITEM_TYPES = ("single", "multiple", "numeric", "text", "case")
USES = ("practice", "assessment")

_SCHEMA_PATH = Path(__file__).with_name("bank_schema.json")


class BankError(ValueError):
    """A question-bank file or item is invalid; the message names the file and the item id."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("Invalid question bank:\n  - " + "\n  - ".join(self.problems))


@dataclass(frozen=True)
class Option:
    """One answer option of a choice question (or of one step of a case)."""

    key: str
    text: str
    feedback: str
    misconception: str = ""


@dataclass(frozen=True)
class Step:
    """One step of a case item: a single-choice question asked in order."""

    stem: str
    options: tuple[Option, ...]
    answer: str
    explanation: str = ""

    def option(self, key: str) -> Option:
        for opt in self.options:
            if opt.key == key:
                return opt
        raise KeyError(key)


@dataclass(frozen=True)
class Distractor:
    """A known wrong numeric answer with the feedback it deserves."""

    value: float
    feedback: str
    misconception: str = ""


@dataclass(frozen=True)
class Item:
    """A validated bank item. ``raw`` keeps the YAML mapping for exporters."""

    id: str
    module: str
    objective: str
    objective_text: str
    type: str
    use: str
    stem: str
    explanation: str
    points: float
    source: str
    red_flag: bool = False
    tags: tuple[str, ...] = ()
    options: tuple[Option, ...] = ()
    answer: Any = None
    tolerance: float = 0.0
    unit: str = ""
    feedback_correct: str = ""
    feedback_wrong: str = ""
    distractors: tuple[Distractor, ...] = ()
    model_answer: str = ""
    rubric: tuple[str, ...] = ()
    scenario: str = ""
    steps: tuple[Step, ...] = ()
    file: str = ""
    raw: dict = field(default_factory=dict, compare=False, repr=False)

    def option(self, key: str) -> Option:
        """Return the option with this key (``KeyError`` if there is none)."""
        for opt in self.options:
            if opt.key == key:
                return opt
        raise KeyError(key)

    @property
    def correct_keys(self) -> frozenset[str]:
        """The keys of the correct options of a single or multiple choice item."""
        if self.type == "single":
            return frozenset([self.answer])
        if self.type == "multiple":
            return frozenset(self.answer)
        return frozenset()

    def shuffled_options(self, seed: int | str | None = None) -> list[Option]:
        """Options in a reproducible random order for this ``seed`` (``None``: bank order)."""
        options = list(self.options)
        if seed is None:
            return options
        rng = random.Random(f"{self.id}:{seed}")
        rng.shuffle(options)
        return options


@dataclass(frozen=True)
class Module:
    """One bank file: a module, its objectives and its items."""

    name: str
    title: str
    objectives: dict[str, str]
    items: tuple[Item, ...]
    file: str


class Bank:
    """All bank files of a folder, validated together (ids are unique across the whole bank)."""

    def __init__(self, modules: Iterable[Module]):
        self.modules: dict[str, Module] = {m.name: m for m in modules}
        self._items: dict[str, Item] = {}
        for module in self.modules.values():
            for item in module.items:
                self._items[item.id] = item

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self):
        return iter(self._items.values())

    def __contains__(self, item_id: str) -> bool:
        return item_id in self._items

    def item(self, item_id: str) -> Item:
        """Return the item with this id, or raise ``KeyError`` with close matches."""
        try:
            return self._items[item_id]
        except KeyError:
            import difflib

            close = difflib.get_close_matches(item_id, list(self._items), n=3)
            hint = f" Did you mean {', '.join(close)}?" if close else ""
            raise KeyError(f"No question with id {item_id!r} in the bank.{hint}") from None

    def select(
        self,
        module: str | None = None,
        use: str | None = None,
        types: Iterable[str] | None = None,
        objective: str | None = None,
        red_flag: bool | None = None,
    ) -> list[Item]:
        """Items matching every given filter, in bank order."""
        wanted_types = set(types) if types is not None else None
        out = []
        for item in self._items.values():
            if module is not None and item.module != module:
                continue
            if use is not None and item.use != use:
                continue
            if wanted_types is not None and item.type not in wanted_types:
                continue
            if objective is not None and item.objective != objective:
                continue
            if red_flag is not None and item.red_flag != red_flag:
                continue
            out.append(item)
        return out


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
    """The full validator (jsonschema), used only to list every problem of a bad file: importing
    jsonschema takes seconds on some installs, too slow for every notebook start."""
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


def _semantic_problems(item: dict, objectives: dict, filename: str) -> list[str]:
    """Rules the schema cannot express."""
    where = f"{filename}: item {item['id']}"
    problems = []
    if item["objective"] not in objectives:
        problems.append(
            f"{where}: objective {item['objective']} is not among this module's objectives "
            f"({', '.join(objectives)})"
        )

    def check_options(options: list[dict], answer: Any, label: str) -> None:
        keys = [o["key"] for o in options]
        dupes = sorted({k for k in keys if keys.count(k) > 1})
        if dupes:
            problems.append(f"{where}{label}: duplicate option keys {dupes}")
        answers = answer if isinstance(answer, list) else [answer]
        for key in answers:
            if key not in keys:
                problems.append(f"{where}{label}: answer {key!r} is not among the options {keys}")
        for opt in options:
            if opt["key"] not in answers and not opt.get("misconception"):
                problems.append(
                    f"{where}{label}: wrong option {opt['key']!r} needs a 'misconception' "
                    "(what choosing it reveals)"
                )
        if isinstance(answer, list) and len(answer) == len(keys):
            problems.append(f"{where}{label}: every option is correct; add a wrong one")

    kind = item["type"]
    if kind in ("single", "multiple"):
        check_options(item["options"], item["answer"], "")
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
            check_options(step["options"], step["answer"], f" step {n}")
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


def parse_module(text: str, filename: str = "<bank>") -> Module:
    """Parse and validate one bank file's YAML text; raise :class:`BankError` on any problem."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise BankError([f"{filename}: not valid YAML: {exc}"]) from None
    if not isinstance(data, dict):
        raise BankError([f"{filename}: expected a mapping with module, title, objectives, items"])
    problems = _schema_problems(data, filename)
    if problems:
        raise BankError(problems)
    expected = Path(filename).stem
    if filename != "<bank>" and data["module"] != expected:
        problems.append(f"{filename}: module is {data['module']!r} but the file is {expected!r}")
    ids = [d["id"] for d in data["items"]]
    for dup in sorted({i for i in ids if ids.count(i) > 1}):
        problems.append(f"{filename}: item {dup}: duplicate id")
    prefix = "m" + data["module"][:2] + "-"
    for d in data["items"]:
        if not d["id"].startswith(prefix):
            problems.append(f"{filename}: item {d['id']}: id should start with {prefix!r}")
        problems.extend(_semantic_problems(d, data["objectives"], filename))
    if problems:
        raise BankError(problems)
    items = tuple(
        item_from_mapping(d, data["module"], data["objectives"], filename) for d in data["items"]
    )
    return Module(data["module"], data["title"], dict(data["objectives"]), items, filename)


def load_bank(folder: str | os.PathLike | None = None) -> Bank:
    """Load and validate every ``*.yml`` file of the bank folder (default: the course's bank).

    Raises
    ------
    BankError
        Listing every problem found, each naming the file and the item id.
    """
    folder = Path(folder) if folder is not None else bank_dir()
    if not folder.is_dir():
        raise BankError([f"{folder}: the question bank folder does not exist"])
    modules, problems = [], []
    for path in sorted(folder.glob("*.yml")):
        try:
            modules.append(parse_module(path.read_text(encoding="utf-8"), path.name))
        except BankError as exc:
            problems.extend(exc.problems)
    seen: dict[str, str] = {}
    for module in modules:
        for item in module.items:
            if item.id in seen:
                problems.append(
                    f"{module.file}: item {item.id}: duplicate id (also in {seen[item.id]})"
                )
            seen[item.id] = module.file
    if problems:
        raise BankError(problems)
    return Bank(modules)


_cached: dict[str, tuple[float, Bank]] = {}


def default_bank() -> Bank:
    """The course's bank, cached and reloaded when a bank file changes."""
    folder = bank_dir()
    stamp = max((p.stat().st_mtime for p in folder.glob("*.yml")), default=0.0)
    key = str(folder)
    if key not in _cached or _cached[key][0] != stamp:
        _cached[key] = (stamp, load_bank(folder))
    return _cached[key][1]


def get_item(item_id: str) -> Item:
    """Shortcut: the item with this id from the course's bank."""
    return default_bank().item(item_id)
