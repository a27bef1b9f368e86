"""The course bibliography: data, look-ups, rendering, and every ``source`` pointing into it."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
import yaml

from course import bibliography as bib
from course.errors import ContentError
from course.paths import assets_dir, bank_dir, notebooks_dir, practice_bank_dir


def _source_fields(node, where: str = ""):
    """Every ``source`` value in parsed YAML, with its place; widget caption templates excluded."""
    if isinstance(node, dict):
        for key, value in node.items():
            label = value.get("id") if isinstance(value, dict) else None
            if key == "source" and isinstance(value, str) and "{source}" not in value:
                yield where, value
            else:
                yield from _source_fields(value, f"{where}/{label or key}")
    elif isinstance(node, list):
        for n, value in enumerate(node):
            label = value.get("id") if isinstance(value, dict) else None
            yield from _source_fields(value, f"{where}/{label or n}")


DATA_FILES = (
    sorted(practice_bank_dir().glob("*.yml"))
    + sorted(bank_dir().glob("*.yml"))
    + sorted(assets_dir().glob("[0-9][0-9]_*/*.yml"))
)


def test_the_five_leaflets_are_cited_by_publisher_and_title():
    publishers = {e.get("publisher") for e in bib.entries().values() if e.kind == "leaflet"}
    assert publishers == {
        "Cancer Research UK",
        "Breast Cancer Care",
        "Cancer Council Australia",
        "Drugs.com (Merative)",
        "CancerBACUP",
    }


def test_short_and_full_forms():
    assert bib.short("nice-ng234") == "NICE NG234 (2023)"
    assert bib.short("coleman-2006") == "Coleman RE (2006)"
    assert bib.short("komarova-2003") == "Komarova SV et al. (2003)"
    full = bib.full("nice-ng234")
    assert "Spinal metastases and metastatic spinal cord compression" in full
    assert "https://www.nice.org.uk/guidance/ng234" in full and "2023" in full
    paper = bib.full("komarova-2003")
    assert "*Bone* 2003;33(2):206-215" in paper and "PMID 14499354" in paper


def test_unknown_fields_are_never_printed_as_if_known():
    for key in bib.entries():
        assert "unknown" not in bib.full(key).replace("Unknown", ""), key


def test_render_source_joins_short_forms_and_names_a_bad_key():
    assert bib.render_source("nice-ng234; cks-hypercalcaemia") == (
        "NICE NG234 (2023); NHS CKS Hypercalcaemia"
    )
    with pytest.raises(ContentError, match="no-such-key"):
        bib.render_source("nice-ng234; no-such-key")
    assert bib.check_source("nice-ng234; FACTS 5.8") == ["FACTS 5.8"]
    assert bib.check_source("") == [""]


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_source_field_is_bibliography_keys(path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    problems = [
        f"{path.parent.name}/{path.name}{where}: {source!r} has unknown keys {missing}"
        for where, source in _source_fields(data)
        if (missing := bib.check_source(source))
    ]
    assert not problems, "\n".join(problems)


def test_the_data_files_have_sources_to_check():
    assert sum(len(list(_source_fields(yaml.safe_load(p.read_text())))) for p in DATA_FILES) > 200


@pytest.mark.parametrize("path", sorted(notebooks_dir().glob("*.ipynb")), ids=lambda p: p.stem)
def test_each_notebook_sources_section_is_rendered_from_the_bibliography(path):
    nb = nbformat.read(path, as_version=4)
    text = "\n\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert "## Sources" in text, f"{path.name} has no Sources section"
    section = "## Sources" + text.split("## Sources", 1)[1]
    assert section.strip() == bib.sources_markdown(path.stem).strip(), (
        f"{path.name}: Sources is out of date with assets/bibliography.yml; regenerate it"
    )


def test_a_module_without_a_list_is_reported():
    with pytest.raises(ContentError, match="07_nothing"):
        bib.sources_markdown("07_nothing")


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "bibliography.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_paper_without_its_identifiers_is_refused(tmp_path):
    path = _write(
        tmp_path,
        "entries:\n  x-2020:\n    type: paper\n    title: A paper\n    year: 2020\n"
        "    authors: Smith J\n    journal: J\n"
        "modules:\n  01_x:\n    sources:\n      - {key: x-2020}\n",
    )
    with pytest.raises(ContentError, match="x-2020"):
        bib.load(path)


def test_a_module_citing_a_missing_key_is_refused(tmp_path):
    path = _write(
        tmp_path,
        "entries:\n  x:\n    type: web\n    title: A page\n    year: unknown\n"
        "modules:\n  01_x:\n    sources:\n      - {key: y}\n",
    )
    with pytest.raises(ContentError, match="unknown key 'y'"):
        bib.load(path)


def test_sources_is_displayable_markdown():
    shown = bib.sources("03_diagnosis")
    assert shown.data.startswith("## Sources") and "NG35" in shown.data


#: Entries a learner can meet that still give no way to find them, each with the reason. The list
#: may only shrink: a test fails when an entry here gains a URL, DOI or PMID, or is removed.
UNFINDABLE = {
    "christie-mscc": "The Christie's professional page on MSCC: its address could not be confirmed",
    "course-about": (
        "the course describing its own software (m00-a-progress-where): the learner finds it in "
        "Start here, section 4, not at an address"
    ),
    "edelstyn-1967": "a 1967 Clinical Radiology paper whose DOI and PMID could not be confirmed",
    "gardner-medwin-2003": "a 2003 conference paper (Loughborough CAA) with no confirmed address",
    "jacofsky-review": "a review whose journal, year and identifiers could not be confirmed",
}

_IDENTIFIER_FORMS = {
    "url": r"https?://\S+",
    "doi": r"10\.\d{4,9}/\S+",
    "pmid": r"\d{1,9}",
    "pmcid": r"PMC\d+",
}


def _ways_to_find(item: bib.Entry) -> list[str]:
    """How a learner can look ``item`` up: URL, DOI, PMID, PMCID, or a book's publisher and year."""
    ways = [name for name in _IDENTIFIER_FORMS if item.get(name)]
    if item.kind in ("book", "law") and item.get("publisher") and item.get("year"):
        ways.append("publisher and year")
    return ways


def test_every_entry_has_a_way_to_find_it():
    missing = sorted(
        key
        for key, item in bib.entries().items()
        if not _ways_to_find(item) and key not in UNFINDABLE
    )
    assert not missing, f"give these a URL, DOI or PMID (or list them in UNFINDABLE): {missing}"


def test_the_unfindable_list_only_shrinks():
    entries = bib.entries()
    stale = [key for key in UNFINDABLE if key not in entries or _ways_to_find(entries[key])]
    assert not stale, f"remove from UNFINDABLE, they can now be found or are gone: {stale}"
    assert len(UNFINDABLE) <= 5


def test_ways_to_find_an_entry_are_recognised():
    paper = {"type": "paper", "title": "A paper", "year": 2020, "doi": "unknown", "pmid": "unknown"}
    assert _ways_to_find(bib.Entry("x", paper)) == []
    assert _ways_to_find(bib.Entry("x", {**paper, "pmid": "2684463"})) == ["pmid"]
    book = {"type": "book", "title": "A book", "year": 1986, "publisher": "WHO"}
    assert _ways_to_find(bib.Entry("x", book)) == ["publisher and year"]
    assert _ways_to_find(bib.Entry("x", {**book, "year": "unknown"})) == []
    web = {"type": "web", "title": "A page", "year": "unknown", "publisher": "Someone"}
    assert _ways_to_find(bib.Entry("x", web)) == []


def test_identifiers_are_well_formed():
    import re

    problems = [
        f"{key}: {name} {value!r}"
        for key, item in bib.entries().items()
        for name, form in _IDENTIFIER_FORMS.items()
        if (found := item.get(name))
        for value in (found.split(", ") if name == "pmcid" else [found])
        if not re.fullmatch(form, value)
    ]
    assert not problems, "\n".join(problems)


def test_the_confirmed_identifiers_are_printed():
    assert "PMID 2684463" in bib.full("mirels-1989")
    assert "doi: 10.1056/NEJMoa1213755" in bib.full("alsympca")
    assert "<https://www.drugs.com/cg/bone-metastasis-inpatient-care.html>" in bib.full(
        "drugscom-bone-metastasis"
    )
    assert "World Health Organization. *Cancer pain relief*. 1986." in bib.full("who-ladder-1986")


def test_a_title_ending_in_a_question_mark_gets_no_full_stop():
    text = bib.full("dazzi-2014")
    assert "What is the evidence? *Psychological Medicine*" in text
    assert "?." not in text and "doi: 10.1017/S0033291714001299" in text
