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

import os
from pathlib import Path

from course.paths import bank_dir, practice_bank_dir
from course.questions.bank_items import (
    ITEM_TYPES,
    USES,
    Bank,
    BankError,
    Distractor,
    Item,
    Module,
    Option,
    Step,
)
from course.questions.bank_reading import (
    _module_from_data,
    _read_yaml,
    item_from_mapping,
    parse_module,
)

__all__ = [
    "ITEM_TYPES",
    "USES",
    "Bank",
    "BankError",
    "Distractor",
    "Item",
    "Module",
    "Option",
    "Step",
    "default_bank",
    "get_item",
    "item_from_mapping",
    "load_bank",
    "parse_module",
    "trainer_bank",
]


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
