"""Where bone metastases go and how often: primaries, skeleton regions and frequency tables.

Pure data and logic (no Jupyter) for module 2. The data are YAML/JSON files in
``assets/02_spread/`` (``primaries.yml``, ``regions.yml``, ``frequency.yml``, ``skeleton.json``),
each read through :func:`course.content.read_content` against its schema in ``course/schemas/``
(``spread_regions``, ``spread_primaries``, ``spread_frequency``, ``skeleton``); what a schema
cannot check (references between the files, ranges with low <= high, every region drawn and
labelled) is checked here, so a bad edit fails loudly, naming the file and the entry.

Every frequency carries its population: the same question, "how often does cancer
spread to bone?", has answers from about 5% (everyone with cancer, at diagnosis) to about 70%
(people with advanced breast or prostate cancer).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from course.content import read_content
from course.errors import ContentError, CourseError
from course.paths import assets_dir

KINDS = ("metastasis", "marrow_primary")


def _labels(filename: str, schema: str, key: str) -> dict[str, str]:
    return dict(read_content(assets_dir() / "02_spread" / filename, schema)[key])


#: How each lesion type is named (``primaries.yml``).
LESION_TYPES: dict[str, str] = _labels("primaries.yml", "spread_primaries", "lesion_labels")
#: The orders the frequency chart offers: key -> label (``frequency.yml``).
SORTS: dict[str, str] = _labels("frequency.yml", "spread_frequency", "sort_labels")


class SpreadDataError(ContentError):
    """The module 2 data files are inconsistent (the message names the file and the entry).

    A :class:`course.errors.ContentError`, so a ``CourseError`` and a ``ValueError``.
    """

    def __init__(self, problems: str | list[str]):
        super().__init__([problems] if isinstance(problems, str) else problems)


class SpreadLookupError(CourseError, KeyError):
    """An unknown primary or region id; the message names the choices."""


class SpreadInputError(CourseError, ValueError):
    """An unknown population or sort order; the message names the choices."""


@dataclass(frozen=True)
class Region:
    """A region of the skeleton map."""

    id: str
    name: str
    axial: bool
    share: str
    risks: tuple[str, ...]
    watch: tuple[str, ...]
    escalate: str
    source: str


@dataclass(frozen=True)
class Primary:
    """A primary cancer, where its bone disease usually appears, and its lesion type."""

    id: str
    name: str
    kind: str
    focus: bool
    sites: tuple[str, ...]
    lesion: str
    lesion_detail: str
    rare_sites: tuple[str, ...]
    survival_months: tuple[float, float] | None
    survival_text: str

    @property
    def spreads_to_bone(self) -> bool:
        """False for myeloma, whose bone disease starts in the marrow rather than spreading."""
        return self.kind == "metastasis"

    @property
    def lesion_label(self) -> str:
        """The lesion type in words, e.g. "lytic (bone-destroying)"."""
        return LESION_TYPES[self.lesion]


@dataclass(frozen=True)
class FrequencyRow:
    """One bar of the frequency chart: a range (low to high, %) for one group of people."""

    label: str
    low: float
    high: float
    primary: str | None = None
    kind: str = "metastasis"
    unverified: bool = False
    note: str = ""
    approx: bool = False

    @property
    def midpoint(self) -> float:
        """The middle of the range, used for sorting."""
        return (self.low + self.high) / 2

    @property
    def range_text(self) -> str:
        """The figure as written beside its bar, e.g. "65–75%" or "about 5%"."""
        if self.low == self.high:
            return f"{'about ' if self.approx else ''}{self.low:g}%"
        return f"{self.low:g}–{self.high:g}%"


@dataclass(frozen=True)
class Population:
    """Who a set of frequency figures refers to, and where they come from."""

    id: str
    label: str
    measure: str
    who: str
    source: str
    rows: tuple[FrequencyRow, ...]


@dataclass(frozen=True)
class SpreadData:
    """Everything module 2 draws: primaries, regions, frequencies, skeleton outline."""

    primaries: dict[str, Primary]
    regions: dict[str, Region]
    populations: dict[str, Population]
    skeleton: dict

    def primary(self, primary_id: str) -> Primary:
        """A primary by id; a ``KeyError`` naming the choices if there is none."""
        try:
            return self.primaries[primary_id]
        except KeyError:
            raise SpreadLookupError(
                f"No primary {primary_id!r}; choose one of {', '.join(self.primaries)}."
            ) from None

    def region(self, region_id: str) -> Region:
        """A region by id; a ``KeyError`` naming the choices if there is none."""
        try:
            return self.regions[region_id]
        except KeyError:
            raise SpreadLookupError(
                f"No region {region_id!r}; choose one of {', '.join(self.regions)}."
            ) from None


def _read(path: Path, schema: str) -> dict:
    try:
        return read_content(path, schema)
    except SpreadDataError:
        raise
    except ContentError as exc:
        raise SpreadDataError(exc.problems) from None


def _parse_regions(data: dict, filename: str) -> dict[str, Region]:
    regions: dict[str, Region] = {}
    for entry in data["regions"]:
        rid = entry["id"]
        if rid in regions:
            raise SpreadDataError(f"{filename}: region {rid!r} appears twice.")
        regions[rid] = Region(
            **{**entry, "axial": bool(entry.get("axial"))}
            | {"risks": tuple(entry["risks"]), "watch": tuple(entry["watch"])}
        )
    return regions


def _primary(entry: dict, filename: str, regions: dict[str, Region]) -> Primary:
    pid = entry["id"]
    rare = entry.get("rare_sites") or []
    unknown = [s for s in [*entry["sites"], *rare] if s not in regions]
    if unknown:
        raise SpreadDataError(
            f"{filename}: primary {pid!r} names unknown regions {', '.join(unknown)}."
        )
    survival = entry.get("survival_months")
    if survival is not None:
        if survival[0] > survival[1]:
            raise SpreadDataError(
                f"{filename}: primary {pid!r} survival_months must be [low, high]."
            )
        survival = (float(survival[0]), float(survival[1]))
    return Primary(
        id=pid,
        name=entry["name"],
        kind=entry["kind"],
        focus=bool(entry.get("focus")),
        sites=tuple(entry["sites"]),
        lesion=entry["lesion"],
        lesion_detail=entry["lesion_detail"],
        rare_sites=tuple(rare),
        survival_months=survival,
        survival_text=entry["survival_text"],
    )


def _parse_primaries(data: dict, filename: str, regions: dict[str, Region]) -> dict[str, Primary]:
    primaries: dict[str, Primary] = {}
    for entry in data["primaries"]:
        if entry["id"] in primaries:
            raise SpreadDataError(f"{filename}: primary {entry['id']!r} appears twice.")
        primaries[entry["id"]] = _primary(entry, filename, regions)
    return primaries


def _row(row: dict, where: str, primaries: dict[str, Primary]) -> FrequencyRow:
    low, high = row["low"], row["high"]
    if low > high:
        raise SpreadDataError(
            f"{where} has a row with a bad range ({low!r} to {high!r}); use percentages with "
            "low <= high."
        )
    primary_id = row.get("primary")
    if primary_id is not None:
        if primary_id not in primaries:
            raise SpreadDataError(f"{where} names unknown primary {primary_id!r}.")
        label, kind = primaries[primary_id].name, primaries[primary_id].kind
    else:
        label, kind = row["label"], "all"
    return FrequencyRow(
        label=label,
        low=float(low),
        high=float(high),
        primary=primary_id,
        kind=kind,
        unverified=bool(row.get("unverified")),
        note=row.get("note", ""),
        approx=bool(row.get("approx")),
    )


def _parse_populations(
    data: dict, filename: str, primaries: dict[str, Primary]
) -> dict[str, Population]:
    populations: dict[str, Population] = {}
    for entry in data["populations"]:
        pop_id = entry["id"]
        where = f"{filename}: population {pop_id!r}"
        populations[pop_id] = Population(
            id=pop_id,
            label=entry["label"],
            measure=entry["measure"],
            who=entry["who"],
            source=entry["source"],
            rows=tuple(_row(row, where, primaries) for row in entry["rows"]),
        )
    return populations


def _check_skeleton(skeleton: dict, regions: dict[str, Region]) -> None:
    drawn = {s["region"] for s in skeleton["shapes"]}
    unknown = drawn - set(regions) - {"other"}
    if unknown:
        raise SpreadDataError(f"skeleton.json: shapes name unknown regions {sorted(unknown)}.")
    undrawn = set(regions) - drawn
    if undrawn:
        raise SpreadDataError(f"skeleton.json: regions with no shape: {sorted(undrawn)}.")
    labelled = set(skeleton["labels"])
    if labelled != set(regions):
        raise SpreadDataError(
            f"skeleton.json: labels must cover exactly the regions; differences: "
            f"{sorted(labelled ^ set(regions))}."
        )


def load_spread_data(folder: str | Path | None = None) -> SpreadData:
    """Load and check module 2's data (default ``assets/02_spread``).

    Parameters
    ----------
    folder
        Another data folder, for tests.

    Returns
    -------
    SpreadData

    Raises
    ------
    SpreadDataError
        Naming the file and entry, if anything is missing, breaks a schema or is inconsistent.
    """
    folder = Path(folder) if folder is not None else assets_dir() / "02_spread"
    regions = _parse_regions(_read(folder / "regions.yml", "spread_regions"), "regions.yml")
    primaries = _parse_primaries(
        _read(folder / "primaries.yml", "spread_primaries"), "primaries.yml", regions
    )
    populations = _parse_populations(
        _read(folder / "frequency.yml", "spread_frequency"), "frequency.yml", primaries
    )
    skeleton = _read(folder / "skeleton.json", "skeleton")
    _check_skeleton(skeleton, regions)
    return SpreadData(primaries, regions, populations, skeleton)


@lru_cache(maxsize=1)
def default_data() -> SpreadData:
    """The course's module 2 data, loaded once."""
    return load_spread_data()


def frequency_rows(
    population: str = "advanced",
    sort: str = "high_first",
    *,
    include_marrow_primary: bool = True,
    focus_only: bool = False,
    data: SpreadData | None = None,
) -> list[FrequencyRow]:
    """The rows of the frequency chart for one population, filtered and sorted.

    Parameters
    ----------
    population
        A population id from ``frequency.yml`` (``advanced``, ``postmortem``, ``everyone``).
    sort
        One of :data:`SORTS`: ``high_first`` and ``low_first`` sort by the middle of each range
        (ties broken by name); ``name`` alphabetically; ``survival`` by median survival after bone
        metastasis, shortest first, rows without a survival figure last.
    include_marrow_primary
        Keep myeloma, whose bone disease is not a spread.
    focus_only
        Keep only the five cancers the course names as spreading to bone most.

    Raises
    ------
    ValueError
        For an unknown population or sort, naming the choices.
    """
    data = data or default_data()
    if population not in data.populations:
        raise SpreadInputError(
            f"Unknown population {population!r}; choose one of {', '.join(data.populations)}."
        )
    if sort not in SORTS:
        raise SpreadInputError(f"Unknown sort {sort!r}; choose one of {', '.join(SORTS)}.")
    rows = list(data.populations[population].rows)
    if not include_marrow_primary:
        rows = [r for r in rows if r.kind != "marrow_primary"]
    if focus_only:
        rows = [r for r in rows if r.primary and data.primaries[r.primary].focus]

    def survival_key(row: FrequencyRow) -> tuple[int, float, str]:
        months = data.primaries[row.primary].survival_months if row.primary else None
        if months is None:
            return (1, 0.0, row.label)
        return (0, sum(months) / 2, row.label)

    if sort == "high_first":
        rows.sort(key=lambda r: (-r.midpoint, r.label))
    elif sort == "low_first":
        rows.sort(key=lambda r: (r.midpoint, r.label))
    elif sort == "name":
        rows.sort(key=lambda r: r.label.lower())
    else:
        rows.sort(key=survival_key)
    return rows


def sites_for(primary_id: str, data: SpreadData | None = None) -> list[Region]:
    """The regions where a primary's bone disease usually appears."""
    data = data or default_data()
    return [data.regions[r] for r in data.primary(primary_id).sites]


def primaries_at(region_id: str, data: SpreadData | None = None) -> list[Primary]:
    """The primaries whose usual or rare sites include a region (e.g. only lung below the knee)."""
    data = data or default_data()
    data.region(region_id)
    return [p for p in data.primaries.values() if region_id in (*p.sites, *p.rare_sites)]
