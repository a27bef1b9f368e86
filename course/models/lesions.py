"""Lesion types: which kind of bone lesion each primary cancer usually makes, what it does to
the bone, and how it shows on X-ray and bone scan (pure data and lookup, no Jupyter).

The table lives in ``assets/01_bone_biology/lesion_types.yml``; :func:`load_lesion_table`
reads and checks it, failing with a message that names the file and the entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from course.paths import assets_dir

LESION_TYPE_KEYS = ("lytic", "blastic", "mixed")
_PRIMARY_FIELDS = (
    "key",
    "name",
    "usual_type",
    "pattern",
    "bone_scan",
    "bone_scan_can_miss",
    "note",
    "source",
)


class LesionTableError(ValueError):
    """The lesion table file is missing something or has a wrong value."""


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
        raise ValueError(f"No lesion profile for {primary!r}; choose one of: {known}.")

    def by_type(self, type_key: str) -> list[PrimaryProfile]:
        """The primaries whose usual lesion type is ``type_key``."""
        if type_key not in self.types:
            raise ValueError(
                f"Unknown lesion type {type_key!r}; choose one of: {', '.join(self.types)}."
            )
        return [p for p in self.primaries.values() if p.usual_type.key == type_key]


def default_path() -> Path:
    """Where the course keeps the lesion table."""
    return assets_dir() / "01_bone_biology" / "lesion_types.yml"


def parse_lesion_table(text: str, filename: str = "<lesion table>") -> LesionTable:
    """Parse and check the table's YAML text.

    Raises
    ------
    LesionTableError
        Naming the file and the entry at fault.
    """
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise LesionTableError(f"{filename}: not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise LesionTableError(f"{filename}: expected lesion_types, primaries and imaging")
    for section in ("lesion_types", "primaries", "imaging"):
        if section not in data:
            raise LesionTableError(f"{filename}: the section {section!r} is missing")
    types = {}
    for key in LESION_TYPE_KEYS:
        entry = data["lesion_types"].get(key)
        if not isinstance(entry, dict):
            raise LesionTableError(f"{filename}: lesion type {key!r} is missing")
        missing = [f for f in ("name", "what_happens", "xray") if not entry.get(f)]
        if missing:
            raise LesionTableError(f"{filename}: lesion type {key!r} lacks {', '.join(missing)}")
        types[key] = LesionType(
            key, entry["name"], entry["what_happens"].strip(), entry["xray"].strip()
        )
    primaries: dict[str, PrimaryProfile] = {}
    for n, entry in enumerate(data["primaries"], start=1):
        label = entry.get("key", f"#{n}") if isinstance(entry, dict) else f"#{n}"
        if not isinstance(entry, dict):
            raise LesionTableError(f"{filename}: primary {label} is not a mapping")
        missing = [f for f in _PRIMARY_FIELDS if entry.get(f) in (None, "")]
        if missing:
            raise LesionTableError(f"{filename}: primary {label} lacks {', '.join(missing)}")
        if entry["usual_type"] not in types:
            raise LesionTableError(
                f"{filename}: primary {label}: usual_type {entry['usual_type']!r} is not one of "
                f"{', '.join(types)}"
            )
        if not isinstance(entry["bone_scan_can_miss"], bool):
            raise LesionTableError(
                f"{filename}: primary {label}: bone_scan_can_miss must be true or false"
            )
        if entry["key"] in primaries:
            raise LesionTableError(f"{filename}: primary {label} appears twice")
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
    if not primaries:
        raise LesionTableError(f"{filename}: no primaries listed")
    imaging = data["imaging"]
    for f in ("xray_threshold", "bone_scan_how", "source"):
        if not imaging.get(f):
            raise LesionTableError(f"{filename}: imaging lacks {f}")
    return LesionTable(
        types,
        primaries,
        imaging["xray_threshold"].strip(),
        imaging["bone_scan_how"].strip(),
        imaging["source"],
    )


@lru_cache(maxsize=4)
def load_lesion_table(path: str | None = None) -> LesionTable:
    """Read the lesion table (default: the course's copy in ``assets/01_bone_biology``)."""
    file = Path(path) if path else default_path()
    if not file.is_file():
        raise LesionTableError(f"{file}: the lesion table file does not exist")
    return parse_lesion_table(file.read_text(encoding="utf-8"), str(file))
