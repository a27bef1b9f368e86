"""The question bank: load, validate, select and shuffle.

Every question of the course lives once. Practice items (what learners may read) are in
``assets/bank/<module>.yml`` with the module's title and objectives; assessment items (keys and
model answers, for trainers only) are in ``quizzes/bank/<module>.yml``, which holds the module and
its items. Files that mix both uses (today's layout) are read too. :func:`default_bank` gives the
practice items only; :func:`trainer_bank` gives both. This module reads those files, checks
them against a JSON schema (``bank_schema.json``) and against the rules a schema cannot express
(unique ids, answers among the options, objectives that exist), and hands out :class:`Item`
objects to the self-check widgets, the nbgrader quiz builder and the exporters.

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

from course.paths import bank_dir, practice_bank_dir

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
        """The option with key ``key``; ``KeyError`` if the item has none."""
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

    def only(self, use: str) -> Bank:
        """A bank of the same modules holding only the items for ``use``."""
        return Bank(
            Module(m.name, m.title, m.objectives, tuple(i for i in m.items if i.use == use), m.file)
            for m in self.modules.values()
        )

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


def _practice_folder(folder: Path) -> bool:
    """Whether items of ``folder`` default to practice (the practice bank, ``assets/bank``)."""
    return folder.parent.name == "assets"


def load_bank(*folders: str | os.PathLike | None) -> Bank:
    """Load and validate every ``*.yml`` file of one or more bank folders.

    With no folder: the trainer's whole bank (see :func:`trainer_bank`). Whole-module files
    (module, title, objectives, items) are read first; assessment-only files (module and items)
    then take their module's title and objectives (from the course's practice file when its
    folder was not given, so ``load_bank("quizzes/bank")`` gives the assessment items). Files of
    the same module are merged into one :class:`Module`; ids are unique across every folder.

    Raises
    ------
    BankError
        Listing every problem found, each naming the file and the item id.
    """
    paths = [Path(f) for f in folders if f is not None]
    if not paths:
        paths = _trainer_folders(None)
    problems: list[str] = []
    parsed: list[tuple[Path, dict, str | None]] = []
    for folder in paths:
        if not folder.is_dir():
            problems.append(f"{folder}: the question bank folder does not exist")
            continue
        default_use = "practice" if _practice_folder(folder) else None
        for path in sorted(folder.glob("*.yml")):
            try:
                data = _read_yaml(path.read_text(encoding="utf-8"), path.name)
            except BankError as exc:
                problems.extend(exc.problems)
                continue
            parsed.append((path, data, default_use))
    whole: dict[str, Module] = {}
    modules: list[Module] = []
    # whole-module files first, so assessment-only files find their objectives
    for path, data, default_use in sorted(parsed, key=lambda p: "objectives" not in p[1]):
        inherited = whole.get(data["module"])
        if inherited is None and "objectives" not in data:
            inherited = _practice_module(data["module"], paths)
        try:
            module = _module_from_data(data, path.name, inherited, default_use)
        except BankError as exc:
            problems.extend(exc.problems)
            continue
        whole.setdefault(module.name, module)
        modules.append(module)
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
    return Bank(_merge(modules))


def _practice_module(name: str, loaded: list[Path]) -> Module | None:
    """The course's practice file of module ``name``, or ``None`` if there is none.

    It gives an assessment-only file loaded without it its title and objectives.
    """
    folder = practice_bank_dir()
    path = folder / f"{name}.yml"
    if folder in loaded or not path.is_file():
        return None
    try:
        return parse_module(path.read_text(encoding="utf-8"), path.name, default_use="practice")
    except BankError:
        return None  # reported when the practice bank itself is loaded


def _merge(modules: list[Module]) -> list[Module]:
    """One :class:`Module` per name: a practice file and an assessment file become one."""
    merged: dict[str, Module] = {}
    for module in sorted(modules, key=lambda m: m.name):
        if module.name not in merged:
            merged[module.name] = module
            continue
        first = merged[module.name]
        merged[module.name] = Module(
            first.name,
            first.title,
            {**first.objectives, **module.objectives},
            first.items + module.items,
            first.file,
        )
    return list(merged.values())


def _has_bank_files(folder: Path) -> bool:
    return folder.is_dir() and any(folder.glob("*.yml"))


def _trainer_folders(course_dir: str | os.PathLike | None) -> list[Path]:
    folders = []
    if _has_bank_files(practice_bank_dir()):
        folders.append(practice_bank_dir())
    assessment = Path(course_dir) / "bank" if course_dir is not None else bank_dir()
    folders.append(assessment)  # a missing folder is reported by load_bank
    return folders


def _stamp(folders: list[Path]) -> tuple:
    return tuple(
        (str(f), max((p.stat().st_mtime for p in f.glob("*.yml")), default=0.0)) for f in folders
    )


_cached: dict[tuple, Bank] = {}


def _cached_bank(kind: str, folders: list[Path], make) -> Bank:
    key = (kind, _stamp(folders))
    if key not in _cached:
        for old in [k for k in _cached if k[0] == kind]:
            del _cached[old]
        _cached[key] = make()
    return _cached[key]


def default_bank() -> Bank:
    """The practice bank: what notebooks, self-checks and learners' kernels use.

    Read from ``assets/bank`` (practice files); while the bank is not yet split, from the
    mixed files of ``quizzes/bank`` with every assessment item left out. Cached, and reloaded
    when a bank file changes. Trainers' tools use :func:`trainer_bank`.
    """
    folder = practice_bank_dir() if _has_bank_files(practice_bank_dir()) else bank_dir()
    return _cached_bank("practice", [folder], lambda: load_bank(folder).only(use="practice"))


def trainer_bank(course_dir: str | os.PathLike | None = None) -> Bank:
    """The trainer's whole bank: practice items and the assessment items (keys, model answers).

    Parameters
    ----------
    course_dir
        The nbgrader course directory whose ``bank/`` holds the assessment items (default:
        the course's ``quizzes/``). Practice items come from ``assets/bank`` when it exists.

    Raises
    ------
    BankError
        When a file is invalid, or the assessment folder cannot be found.
    """
    folders = _trainer_folders(course_dir)
    return _cached_bank("trainer", folders, lambda: load_bank(*folders))


def get_item(item_id: str) -> Item:
    """Shortcut: the practice item with this id (:func:`default_bank`)."""
    return default_bank().item(item_id)
