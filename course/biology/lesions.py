"""Lesion types: which kind of bone lesion each primary cancer usually makes.

Also what each kind does to the bone, and how it shows on X-ray and bone scan (pure data and
lookup, no Jupyter).

The table lives in ``assets/01_bone_biology/lesion_types.yml``; :func:`load_lesion_table`
reads it through :func:`course.content.read_content`, which checks it against
``course/schemas/lesion_types.schema.json`` and fails with a message that names the file and the
entry. The one rule a schema cannot express (each primary appears once) is checked here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from course.content import read_content, validate
from course.errors import ContentError, CourseError
from course.paths import assets_dir

LESION_TYPE_KEYS = ("lytic", "blastic", "mixed")


class LesionTableError(ContentError):
    """The lesion table file is missing something or has a wrong value.

    A :class:`course.errors.ContentError` (so a ``CourseError`` and a ``ValueError``); the
    message names the file and the entry.
    """

    def __init__(self, problems: str | list[str]):
        super().__init__([problems] if isinstance(problems, str) else problems)


class LesionLookupError(CourseError, ValueError):
    """An unknown primary or lesion type; the message names the choices."""


@dataclass(frozen=True)
class LesionType:
    """A kind of lesion: what it does to bone and how it looks on X-ray."""

    key: str
    name: str
    what_happens: str
    xray: str


@dataclass(frozen=True)
class PrimaryProfile:
    """One primary cancer's usual lesion type and how it shows on imaging."""

    key: str
    name: str
    usual_type: LesionType
    pattern: str
    bone_scan: str
    bone_scan_can_miss: bool
    note: str
    source: str


@dataclass(frozen=True)
class LesionTable:
    """The whole table: lesion types, primaries (in display order) and imaging notes."""

    types: dict[str, LesionType]
    primaries: dict[str, PrimaryProfile]
    xray_threshold: str
    bone_scan_how: str
    imaging_source: str

    def profile(self, primary: str) -> PrimaryProfile:
        """The profile of ``primary`` (its key, e.g. ``"myeloma"``, or its name).

        Raises
        ------
        ValueError
            Naming the primaries the table knows.
        """
        wanted = str(primary).strip().lower()
        for p in self.primaries.values():
            if wanted in (p.key, p.name.lower()):
                return p
        known = ", ".join(self.primaries)
        raise LesionLookupError(f"No lesion profile for {primary!r}; choose one of: {known}.")

    def by_type(self, type_key: str) -> list[PrimaryProfile]:
        """The primaries whose usual lesion type is ``type_key``."""
        if type_key not in self.types:
            raise LesionLookupError(
                f"Unknown lesion type {type_key!r}; choose one of: {', '.join(self.types)}."
            )
        return [p for p in self.primaries.values() if p.usual_type.key == type_key]


def default_path() -> Path:
    """Where the course keeps the lesion table."""
    return assets_dir() / "01_bone_biology" / "lesion_types.yml"


def _build(data: dict, filename: str) -> LesionTable:
    """The table from data already checked against the schema."""
    types = {
        key: LesionType(key, e["name"], e["what_happens"].strip(), e["xray"].strip())
        for key, e in ((k, data["lesion_types"][k]) for k in LESION_TYPE_KEYS)
    }
    primaries: dict[str, PrimaryProfile] = {}
    for entry in data["primaries"]:
        if entry["key"] in primaries:
            raise LesionTableError(f"{filename}: primaries/{entry['key']}: appears twice")
        primaries[entry["key"]] = PrimaryProfile(
            key=entry["key"],
            name=entry["name"],
            usual_type=types[entry["usual_type"]],
            pattern=entry["pattern"].strip(),
            bone_scan=entry["bone_scan"].strip(),
            bone_scan_can_miss=entry["bone_scan_can_miss"],
            note=entry["note"].strip(),
            source=entry["source"],
        )
    imaging = data["imaging"]
    return LesionTable(
        types,
        primaries,
        imaging["xray_threshold"].strip(),
        imaging["bone_scan_how"].strip(),
        imaging["source"],
    )


def parse_lesion_table(text: str, filename: str = "<lesion table>") -> LesionTable:
    """Parse and check the table's YAML text.

    Parameters
    ----------
    text
        The YAML text.
    filename
        The file's name, for messages.

    Returns
    -------
    LesionTable

    Raises
    ------
    LesionTableError
        Naming the file and the entry at fault (every schema problem at once).
    """
    import yaml

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise LesionTableError(f"{filename}: not valid YAML: {exc}") from None
    problems = validate(data, "lesion_types", filename)
    if problems:
        raise LesionTableError(problems)
    return _build(data, filename)


def load_lesion_table(path: str | None = None) -> LesionTable:
    """Read the lesion table (default: the course's copy in ``assets/01_bone_biology``).

    Parameters
    ----------
    path
        Another table file, for tests.

    Returns
    -------
    LesionTable

    Raises
    ------
    LesionTableError
        If the file is missing, not valid YAML or breaks the schema (naming file and entry).
    """
    file = Path(path) if path else default_path()
    try:
        data = read_content(file, "lesion_types")
    except ContentError as exc:
        raise LesionTableError(exc.problems) from None
    return _build(data, file.name)
