"""The course's cast list: every named patient, and a scanner that keeps names and ages consistent.

``assets/cast.yml`` (validated by ``course/schemas/cast.schema.json``) names each patient once:
title, first name, surname, age, cancer, their story across the modules and where they appear.
Relatives are listed with the patient they belong to. :func:`scan` walks every notebook cell and
every string of the bank and asset data files and returns each mention of a person it finds: a
title with a surname (``Mrs Patel``), a full name, or a cast member's known first name; with the
age and cancer stated beside it, so that a test can compare them with the cast list.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from course.content import read_content
from course.errors import ContentError
from course.paths import assets_dir, bank_dir, course_root, notebooks_dir

TITLES = ("Mr", "Mrs", "Ms", "Miss")
_NAME = r"[A-Z][a-zà-ÿ]+(?:-[A-Z][a-zà-ÿ]+)?"
_TITLED = re.compile(rf"\b({'|'.join(TITLES)})\.? ({_NAME})(?: ({_NAME}))?")
_AGE = re.compile(r"^(?:\*\*)?(?:,| is| \()? ?(?:aged )?(\d{2,3})\b")
_CANCER = re.compile(
    r"\b(breast|prostate|lung|kidney|renal|thyroid|bladder|bowel) cancer\b|\b(myeloma|melanoma)\b",
    re.I,
)
#: A name introduced with an age ("**Maggie Evans, 58**", "Dafydd, 68:"): a candidate to check.
_INTRODUCED = re.compile(rf"(?<![A-Za-z])({_NAME})(?: ({_NAME}))?(?:\*\*)?, (?:aged )?(\d{{2}})\b")


@dataclass(frozen=True)
class Person:
    """One patient (or relative) of the cast list."""

    key: str
    first: str | None
    surname: str | None
    title: str | None
    age: int | None
    cancer: str | None
    story: str
    appears: tuple[str, ...]
    family_of: str | None = None

    @property
    def name(self) -> str:
        """The person's name as the course writes it first (title, first name, surname)."""
        return " ".join(p for p in (self.title, self.first, self.surname) if p)


@dataclass
class Mention:
    """A person named somewhere in the course."""

    place: str
    text: str
    person: Person | None
    age: int | None = None
    cancer: str | None = None
    problems: list[str] = field(default_factory=list)


def cast_path() -> Path:
    """The cast list data file (``assets/cast.yml``)."""
    return assets_dir() / "cast.yml"


def _normal_cancer(word: str | None) -> str | None:
    if not word:
        return None
    word = word.lower()
    return "kidney" if word == "renal" else word


@cache
def _load(path: Path, mtime: float) -> tuple[Person, ...]:
    data = read_content(path, "cast")
    people = tuple(
        Person(
            key=p["key"],
            first=p.get("first"),
            surname=p.get("surname"),
            title=p.get("title"),
            age=p.get("age"),
            cancer=p.get("cancer"),
            story=p["story"],
            appears=tuple(p["appears"]),
            family_of=p.get("family_of"),
        )
        for p in data["people"]
    )
    problems = _clashes(people, path.name)
    if problems:
        raise ContentError(problems)
    return people


def _clashes(people: tuple[Person, ...], filename: str) -> list[str]:
    """Two people sharing a surname (outside one family) or a first name, or a duplicate key."""
    problems: list[str] = []
    keys = [p.key for p in people]
    problems += [
        f"{filename}: key {k!r} is used twice"
        for k in sorted({k for k in keys if keys.count(k) > 1})
    ]
    family = {p.key: p.family_of or p.key for p in people}
    for attr in ("surname", "first"):
        seen: dict[str, str] = {}
        for p in people:
            value = getattr(p, attr)
            if not value:
                continue
            other = seen.setdefault(value, p.key)
            if other != p.key and (attr == "first" or family[other] != family[p.key]):
                problems.append(f"{filename}: {attr} {value!r} names both {other} and {p.key}")
    return problems


def load(path: Path | None = None) -> tuple[Person, ...]:
    """Read and check the cast list.

    Raises
    ------
    ContentError
        When the file breaks its schema, or one name belongs to two different people.
    """
    path = Path(path) if path else cast_path()
    return _load(path, path.stat().st_mtime)


def _lookup(people: tuple[Person, ...]) -> tuple[dict, dict, dict]:
    by_title = {(p.title, p.surname): p for p in people if p.title and p.surname}
    by_full = {(p.first, p.surname): p for p in people if p.first and p.surname}
    by_first = {p.first: p for p in people if p.first}
    return by_title, by_full, by_first


def _beside(text: str, end: int) -> tuple[int | None, str | None]:
    """The age right after a name, and the cancer named in the rest of its sentence."""
    age_match = _AGE.match(text[end:])
    sentence = re.split(r"(?<=[.!?])\s|\n\n", text[end:], maxsplit=1)[0][:160]
    cancer = _CANCER.search(sentence)
    return (
        int(age_match.group(1)) if age_match else None,
        _normal_cancer((cancer.group(1) or cancer.group(2)) if cancer else None),
    )


def find_mentions(text: str, place: str, people: tuple[Person, ...] | None = None) -> list[Mention]:
    """Every person named in ``text``: titled names, introduced names and known first names."""
    people = load() if people is None else people
    by_title, by_full, by_first = _lookup(people)
    found: list[Mention] = []
    taken: list[tuple[int, int]] = []
    for m in _TITLED.finditer(text):
        title, one, two = m.groups()
        if two and (one, two) in by_full:
            person, end = by_full[(one, two)], m.end()
            if person.title != title:
                person = None
        else:
            person, end = by_title.get((title, one)), m.end(2)
        shown = text[m.start() : end]
        age, cancer = _beside(text, end)
        found.append(Mention(place, shown, person, age, cancer))
        taken.append((m.start(), end))
    for m in _INTRODUCED.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        one, two, _ = m.groups()
        person = by_full.get((one, two)) if two else by_first.get(one)
        if person is None and two is None and one not in by_first:
            # "Tom, 75" counts; "Grade, 12" does not: only a capitalised word at a name's place
            if not re.search(r"(^|[\"*:\n]|\btitle: )\s*$", text[: m.start()]):
                continue
        end = m.end(2) if two else m.end(1)
        age, cancer = _beside(text, end)
        found.append(Mention(place, text[m.start() : end], person, age, cancer))
        taken.append((m.start(), end))
    for first, person in by_first.items():
        for m in re.finditer(rf"\b{re.escape(first)}\b", text):
            if any(a <= m.start() < b for a, b in taken):
                continue
            age, cancer = _beside(text, m.end())
            found.append(Mention(place, first, person, age, cancer))
    return found


def check(mention: Mention) -> list[str]:
    """What is wrong with a mention: an unknown name, or an age or cancer that is not the cast's."""
    person = mention.person
    if person is None:
        return [f"{mention.place}: {mention.text!r} is not in the cast list (assets/cast.yml)"]
    problems = []
    if mention.age is not None and person.age is not None and mention.age != person.age:
        problems.append(
            f"{mention.place}: {mention.text!r} is {mention.age} here "
            f"but {person.age} in the cast list"
        )
    if mention.cancer and person.cancer and mention.cancer != person.cancer:
        problems.append(
            f"{mention.place}: {mention.text!r} has {mention.cancer} cancer here but "
            f"{person.cancer} in the cast list"
        )
    return problems


def _strings(node) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


def course_texts() -> Iterator[tuple[str, str]]:
    """Every learner-facing text that can name a patient, as (place, text).

    Notebook cells (``notebooks/03_diagnosis.ipynb#6``), and every string of the question bank and
    of each module's asset data files (``assets/03_diagnosis/case_hip_pain.yml``).
    """
    import nbformat

    root = course_root()
    for path in sorted(notebooks_dir().glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for n, cell in enumerate(nb.cells):
            yield f"{path.relative_to(root)}#{n}", cell.source
    files = sorted(assets_dir().glob("bank/*.yml")) + sorted(bank_dir().glob("*.yml"))
    files += sorted(assets_dir().glob("[0-9][0-9]_*/*.yml")) + sorted(
        assets_dir().glob("common/*.yml")
    )
    for path in files:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for text in _strings(data):
            yield str(path.relative_to(root)), text


def scan(people: tuple[Person, ...] | None = None) -> list[Mention]:
    """Every mention of a person across the course."""
    people = load() if people is None else people
    return [m for place, text in course_texts() for m in find_mentions(text, place, people)]


def file_of(place: str) -> str:
    """The file part of a place (``notebooks/06_the_person.ipynb#4`` -> the notebook path)."""
    return place.split("#", 1)[0]
