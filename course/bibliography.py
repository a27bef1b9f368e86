"""The course bibliography: look-ups, citations and each module's Sources section.

Every publication the course relies on lives once, in ``assets/bibliography.yml`` (validated by
``course/schemas/bibliography.schema.json``). A bank item's or data file's ``source`` names
entries by key, separated by ``"; "``::

    >>> from course.bibliography import short, render_source
    >>> short("nice-ng234")
    'NICE NG234 (2023)'
    >>> render_source("nice-ng234; cks-hypercalcaemia")
    'NICE NG234 (2023); NHS Clinical Knowledge Summaries, Hypercalcaemia: diagnosis'

A module notebook's Sources and Further reading come from :func:`sources_markdown`; in a
notebook, ``sources("03_diagnosis")`` returns the same text as displayable Markdown.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from course.content import read_content
from course.errors import ContentError
from course.paths import assets_dir

UNKNOWN = "unknown"
SEPARATOR = "; "

#: Short names for publishers that are cited by their initials.
_ABBREVIATIONS = {
    "National Institute for Health and Care Excellence": "NICE",
    "Medicines and Healthcare products Regulatory Agency": "MHRA",
    "European Medicines Agency": "EMA",
    "World Health Organization": "WHO",
}


def bibliography_path() -> Path:
    """The bibliography data file (``assets/bibliography.yml``)."""
    return assets_dir() / "bibliography.yml"


@dataclass(frozen=True)
class Entry:
    """One publication of the bibliography.

    Parameters
    ----------
    key
        Its key, as used in ``source`` fields.
    fields
        The entry's fields as in the data file (type, title, year, publisher, ...).
    """

    key: str
    fields: dict[str, Any]

    def get(self, name: str) -> str | None:
        """A field's value as text, or ``None`` when missing or ``"unknown"``."""
        value = self.fields.get(name)
        if value is None or value == UNKNOWN:
            return None
        return str(value)

    @property
    def kind(self) -> str:
        """The entry's type: leaflet, guideline, label, paper, book, law or web."""
        return str(self.fields["type"])


@cache
def _load(path: Path, mtime: float) -> tuple[dict[str, Entry], dict[str, Any]]:
    data = read_content(path, "bibliography")
    entries = {key: Entry(key, dict(fields)) for key, fields in data["entries"].items()}
    problems = [
        f"{path.name}: modules/{module}/{part}: unknown key {cite['key']!r}"
        for module, parts in data["modules"].items()
        for part in ("sources", "further_reading")
        for cite in parts.get(part, [])
        if cite["key"] not in entries
    ]
    if problems:
        raise ContentError(problems)
    return entries, data["modules"]


def load(path: Path | None = None) -> tuple[dict[str, Entry], dict[str, Any]]:
    """Read and check the bibliography: its entries by key, and the modules' citation lists.

    Raises
    ------
    ContentError
        When the file breaks its schema or a module cites a key that has no entry.
    """
    path = Path(path) if path else bibliography_path()
    return _load(path, path.stat().st_mtime)


def entries() -> dict[str, Entry]:
    """Every entry of the course bibliography, by key."""
    return load()[0]


def entry(key: str) -> Entry:
    """The entry for ``key``.

    Raises
    ------
    ContentError
        When no entry has that key (the message names the key and the file).
    """
    found = entries().get(key.strip())
    if found is None:
        raise ContentError([f"{bibliography_path().name}: no entry with key {key!r}"])
    return found


def parse_keys(source: str) -> list[str]:
    """The bibliography keys of a ``source`` field (``"nice-ng234; cks-hypercalcaemia"``)."""
    return [part.strip() for part in source.split(";") if part.strip()]


def check_source(source: str) -> list[str]:
    """Every key of ``source`` that has no bibliography entry (empty when all are known)."""
    known = entries()
    keys = parse_keys(source)
    if not keys:
        return [source]
    return [key for key in keys if key not in known]


def _publisher(item: Entry) -> str | None:
    publisher = item.get("publisher")
    return _ABBREVIATIONS.get(publisher, publisher) if publisher else None


def _year(item: Entry) -> str:
    return item.get("year") or "n.d."


def short(key: str) -> str:
    """A citation's short form: ``NICE NG234 (2023)``, ``Coleman RE (2006)``, ``Xgeva SmPC``."""
    item = entry(key)
    if item.get("short"):
        return str(item.get("short"))
    kind = item.kind
    if kind == "guideline" and item.get("number"):
        year = f" ({item.get('year')})" if item.get("year") else ""
        return f"{_publisher(item)} {item.get('number')}{year}"
    if kind == "paper" or (kind == "book" and item.get("authors")):
        authors = item.get("authors")
        first = authors.split(",")[0].strip() if authors else item.fields["title"]
        etal = " et al." if authors and "," in authors else ""
        return f"{first}{etal} ({_year(item)})"
    if kind == "label":
        return str(item.fields["title"])
    if kind == "law":
        return str(item.fields["title"])
    name = _publisher(item)
    return f"{name}, {item.fields['title']}" if name else str(item.fields["title"])


def full(key: str) -> str:
    """A citation's full reference in Markdown, with every known field and no invented one."""
    item = entry(key)
    title = item.fields["title"]
    kind = item.kind
    parts: list[str]
    if kind == "paper":
        authors = item.get("authors")
        journal = item.get("journal")
        citation = item.get("citation") or _year(item)
        parts = [_sentence(authors) if authors else "", _sentence(title)]
        if journal:
            parts.append(f"*{journal}* {citation}.")
        else:
            parts.append(f"{_year(item)}.")
        ids = [
            f"{label} {item.get(name)}"
            for name, label in (("doi", "doi:"), ("pmid", "PMID"), ("pmcid", ""))
            if item.get(name)
        ]
        if ids:
            parts.append("; ".join(i.strip() for i in ids) + ".")
    elif kind == "label":
        holder = item.get("holder")
        parts = [f"*{title}*.", f"{item.get('product')}."]
        if holder:
            parts.append(f"Marketing authorisation holder: {holder}.")
    else:
        publisher = item.get("publisher")
        number = item.get("number")
        label = f"*{title}*" + (f" ({number})" if number else "")
        authors = item.get("authors")
        parts = [f"{publisher or authors}." if (publisher or authors) else "", f"{label}."]
        parts.append(f"{_year(item)}.")
    note = item.get("note")
    if note:
        parts.append(note[0].upper() + note[1:] + ".")
    url = item.get("url")
    if url:
        parts.append(f"<{url}>" if url.startswith("http") else url)
    return " ".join(p for p in parts if p).replace("..", ".")


def _sentence(text: str) -> str:
    """``text`` ending in a full stop, unless it already ends a sentence (a title with "?")."""
    return text if text.endswith((".", "?", "!")) else f"{text}."


def render_source(source: str, *, lenient: bool = False) -> str:
    """A ``source`` field as learners read it: each key's short citation, joined by ``"; "``.

    With ``lenient`` (widgets showing data a trainer may have edited) an unknown key is shown
    as written instead of raising; the course's own data is checked by the tests.

    Raises
    ------
    ContentError
        When a key has no entry (unless ``lenient``).
    """
    parts = []
    for key in parse_keys(source):
        try:
            parts.append(short(key))
        except ContentError:
            if not lenient:
                raise
            parts.append(key)
    return SEPARATOR.join(parts)


def sources_markdown(module: str) -> str:
    """A module's ``## Sources`` and ``## Further reading`` sections as Markdown.

    Parameters
    ----------
    module
        The module name, e.g. ``"03_diagnosis"``.

    Raises
    ------
    ContentError
        When the bibliography has no citation list for the module.
    """
    modules = load()[1]
    if module not in modules:
        raise ContentError([f"{bibliography_path().name}: no Sources list for module {module!r}"])
    lists = modules[module]
    lines = ["## Sources", ""]
    for cite in lists["sources"]:
        about = f" For: {cite['about']}." if cite.get("about") else ""
        lines.append(f"- {full(cite['key'])}{about}")
    lines += [
        "",
        "This course is an educational aid, not medical or legal advice; it follows UK practice "
        "(NICE, NHS), and your local policy applies where it differs.",
    ]
    further = lists.get("further_reading") or []
    if further:
        lines += ["", "## Further reading", ""]
        lines += [f"- {full(cite['key'])}" for cite in further]
    return "\n".join(lines)


def sources(module: str):
    """A module's Sources and Further reading, displayable in a notebook (IPython Markdown)."""
    from IPython.display import Markdown

    return Markdown(sources_markdown(module))


def cite(source: str) -> str:
    """A ``source`` field as a widget shows it (:func:`render_source`, lenient)."""
    return render_source(source, lenient=True)
