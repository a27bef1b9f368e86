"""How long a module takes to study, computed from the notebook's own content.

The estimate adds up what a learner does in a module:

* **Reading.** Words in the Markdown cells, from the title to the key points (the Sources and
  Further reading sections are reference lists, not study text, and the model answers hidden in
  ``<details>`` are counted in the Think prompt's time), at :data:`READING_WPM` words a
  minute. Brysbaert (2019) puts silent reading of English non-fiction at about 238 words a
  minute on average; Carver (1992) found reading to *learn* at about 200 and to *memorise* at
  about 138 words a minute. Study of unfamiliar clinical prose, with pauses to look back, sits
  below both, so the course uses 120.
* **Self-check items** (each question, and each step of a stepped case item): reading a stem and
  four options (about 80-120 words), choosing with a certainty rating and reading the feedback,
  :data:`MIN_PER_ITEM` minutes.
* **Branching cases:** one route from start to an ending, :data:`MIN_PER_CASE_STEP` minutes a
  decision (a richer scenario and longer feedback than a self-check), plus
  :data:`MIN_PER_CASE_INTRO` for the scenario.
* **Explorers** (interactive widgets): :data:`MIN_PER_EXPLORER` minutes each, the time to work
  through the three to six numbered steps a notebook sets for one.
* **Think prompts:** :data:`MIN_PER_THINK` minutes to write a few sentences and compare them
  with the model answer.
* **Diagrams:** :data:`MIN_PER_DIAGRAM` minutes to study a labelled figure.

The per-activity figures are the course's own working assumptions, chosen to be consistent with
the reading rate above (an item with its feedback runs to about 150 words, a minute and a half
at 120 words a minute, including the decision).

References
----------
Brysbaert M. How many words do we read per minute? A review and meta-analysis of reading rate.
*Journal of Memory and Language* 2019;109:104047. doi:10.1016/j.jml.2019.104047

Carver RP. Reading rate: theory, research, and practical implications. *Journal of Reading*
1992;36(2):84-95.

A module delivered in parts (``04_treatments_part1.ipynb``, ``04_treatments_part2.ipynb``) is
estimated part by part, as each is studied in one sitting; the module's time is the sum of its
parts' (:func:`module_times`). The course keeps every notebook at or under
:data:`MAX_NOTEBOOK_MINUTES`.

Run ``python -m course.study_time`` to print the table for every module notebook, with a total
row for each module in parts and one for the course.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat
import yaml

from course.errors import CourseError
from course.paths import assets_dir, module_of

__all__ = [
    "ModuleTime",
    "StudyTime",
    "StudyTimeError",
    "estimate",
    "module_times",
    "stated_minutes",
    "main",
    "READING_WPM",
]

READING_WPM = 120
MIN_PER_ITEM = 1.5
MIN_PER_CASE_STEP = 2.0
MIN_PER_CASE_INTRO = 1.0
MIN_PER_EXPLORER = 4.0
MIN_PER_THINK = 3.0
MIN_PER_DIAGRAM = 1.5
#: the longest a notebook may take (issue 15: modules over about an hour are split into parts)
MAX_NOTEBOOK_MINUTES = 60

#: ``course.<name>(...)`` calls that are not activities (setup, notices, display helpers).
NOT_ACTIVITIES = frozenset(
    {"start", "disclaimer", "module_overview", "progress_summary", "get_item", "load_bank"}
)
_ITEM_ID = re.compile(r"""["'](m\d\d-[a-z0-9-]+)["']""")
_CALL = re.compile(r"\bcourse\.([a-z_]+)\(")
_CASE_PATH = re.compile(r"""course\.case\(\s*["']([^"']+)["']""")
_THINK = re.compile(r"^#+\s*Think \d+\.\d+", re.MULTILINE)
_STOP = re.compile(r"^##\s+(Sources|Further reading)\b", re.MULTILINE)
_STATED = re.compile(r"\*\*Time:\*\*[^\n]*?about (\d+) minutes")
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’.\-]*")
_TAG = re.compile(r"<[^>]+>")
_DETAILS = re.compile(r"<details>.*?</details>", re.DOTALL)


class StudyTimeError(CourseError, ValueError):
    """A notebook or a file it points to cannot be read for the estimate."""


@dataclass(frozen=True)
class StudyTime:
    """The parts of a module's study time and their total, in minutes."""

    notebook: str
    words: int
    items: int
    case_steps: int
    cases: int
    explorers: int
    thinks: int
    diagrams: int

    @property
    def reading_minutes(self) -> float:
        """Minutes to read the study text."""
        return self.words / READING_WPM

    @property
    def activity_minutes(self) -> float:
        """Minutes for the self-checks, cases, explorers, Think prompts and diagrams."""
        return (
            self.items * MIN_PER_ITEM
            + self.case_steps * MIN_PER_CASE_STEP
            + self.cases * MIN_PER_CASE_INTRO
            + self.explorers * MIN_PER_EXPLORER
            + self.thinks * MIN_PER_THINK
            + self.diagrams * MIN_PER_DIAGRAM
        )

    @property
    def minutes(self) -> int:
        """The total, rounded to the nearest 5 minutes (at least 5)."""
        total = self.reading_minutes + self.activity_minutes
        return max(5, int(5 * math.floor(total / 5 + 0.5)))


@dataclass(frozen=True)
class ModuleTime:
    """A module's study time: the sum of its notebooks' (one, or one per part)."""

    module: str
    parts: tuple[StudyTime, ...]

    @property
    def minutes(self) -> int:
        """The module's total: the sum of its parts' rounded minutes, as their headers state."""
        return sum(p.minutes for p in self.parts)

    def total(self, field: str) -> int:
        """The sum over the parts of one count, e.g. ``total("words")``."""
        return sum(getattr(p, field) for p in self.parts)


def module_times(times: list[StudyTime]) -> list[ModuleTime]:
    """Group notebooks' study times by module, in the order given.

    Parameters
    ----------
    times
        Estimates of notebooks, a module's parts next to each other (as sorted file names are).

    Returns
    -------
    list of ModuleTime
        One per module; a module in one notebook has one part.
    """
    grouped: dict[str, list[StudyTime]] = {}
    for t in times:
        grouped.setdefault(module_of(t.notebook), []).append(t)
    return [ModuleTime(module, tuple(parts)) for module, parts in grouped.items()]


def _study_markdown(nb) -> str:
    text = "\n\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    stop = _STOP.search(text)
    text = text[: stop.start()] if stop else text
    return _DETAILS.sub(" ", text)


def count_words(markdown: str) -> int:
    """Count the words of Markdown text, ignoring HTML tags, URLs and table rules."""
    text = _TAG.sub(" ", markdown)
    text = re.sub(r"https?://\S+", " ", text)
    return len(_WORD.findall(text))


def _bank_items(bank_dir: Path) -> dict[str, dict]:
    items: dict[str, dict] = {}
    for path in sorted(bank_dir.glob("*.yml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            raise StudyTimeError(f"{path.name}: not valid YAML ({exc})") from exc
        for item in data.get("items") or []:
            if isinstance(item, dict) and "id" in item:
                items[item["id"]] = item
    return items


def _longest_route(case: dict, where: str) -> int:
    nodes = case.get("nodes")
    start = case.get("start")
    if not isinstance(nodes, dict) or start not in nodes:
        raise StudyTimeError(f"{where}: a case needs 'nodes' and a 'start' among them")

    def depth(node: str, seen: frozenset[str]) -> int:
        choices = (nodes.get(node) or {}).get("choices") or []
        nexts = [
            c.get("next") for c in choices if c.get("next") in nodes and c.get("next") not in seen
        ]
        if not choices:
            return 0
        return 1 + max((depth(n, seen | {n}) for n in nexts), default=0)

    return depth(start, frozenset({start}))


def estimate(notebook: str | Path, *, root: Path | None = None) -> StudyTime:
    """Estimate the study time of one module notebook.

    Parameters
    ----------
    notebook
        Path to the ``.ipynb`` file.
    root
        The course folder holding ``assets/`` (default: the installed course's).

    Returns
    -------
    StudyTime
        The counts behind the estimate and its total in :attr:`StudyTime.minutes`.

    Raises
    ------
    StudyTimeError
        If the notebook, a case file or a self-check item it names cannot be found or read.
    """
    path = Path(notebook)
    try:
        nb = nbformat.read(path, as_version=4)
    except (OSError, ValueError) as exc:
        raise StudyTimeError(f"cannot read notebook {path}: {exc}") from exc
    assets = assets_dir() if root is None else Path(root) / "assets"
    bank = _bank_items(assets / "bank")
    items = case_steps = cases = explorers = diagrams = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        src = cell.source
        for item_id in _ITEM_ID.findall(src):
            if item_id not in bank:
                raise StudyTimeError(f"{path.name}: self-check item {item_id!r} is not in the bank")
            items += max(1, len(bank[item_id].get("steps") or []))
        for rel in _CASE_PATH.findall(src):
            case_file = assets.parent / rel if rel.startswith("assets/") else assets / rel
            try:
                case = yaml.safe_load(case_file.read_text(encoding="utf-8"))
            except (OSError, yaml.YAMLError) as exc:
                raise StudyTimeError(f"{path.name}: cannot read case {rel}: {exc}") from exc
            cases += 1
            case_steps += _longest_route(case, rel)
        for name in _CALL.findall(src):
            if name == "diagram":
                diagrams += 1
            elif name not in NOT_ACTIVITIES | {"self_check", "check_group", "case"}:
                explorers += 1
    study = _study_markdown(nb)
    return StudyTime(
        notebook=path.stem,
        words=count_words(study),
        items=items,
        case_steps=case_steps,
        cases=cases,
        explorers=explorers,
        thinks=len(_THINK.findall(study)),
        diagrams=diagrams,
    )


def stated_minutes(notebook: str | Path) -> int | None:
    """Return the minutes stated in the notebook's ``**Time:** about N minutes`` line, if any."""
    nb = nbformat.read(Path(notebook), as_version=4)
    for cell in nb.cells[:3]:
        if cell.cell_type == "markdown" and (m := _STATED.search(cell.source)):
            return int(m.group(1))
    return None


_COUNTS = ("words", "items", "case_steps", "explorers", "thinks", "diagrams")


def _row(name: str, counts: list[int], minutes: int, stated: int | None) -> str:
    words, items, steps, explorers, thinks, diagrams = counts
    return (
        f"{name:36} {words:6d} {words / READING_WPM:5.0f} {items:5d} {steps:4d} {explorers:4d} "
        f"{thinks:5d} {diagrams:4d} {minutes:6d} {stated if stated is not None else '-':>6}"
    )


def main(argv: list[str] | None = None) -> int:
    """Print the study-time table for notebooks (default: every module notebook).

    One row per notebook; after the last part of a module in parts, a ``<module> (total)`` row
    adding up its parts; and, for more than one module, a ``course (total)`` row.
    """
    parser = argparse.ArgumentParser(
        prog="python -m course.study_time", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("notebooks", nargs="*", help="notebooks (default: notebooks/0*.ipynb)")
    args = parser.parse_args(argv)
    paths = [Path(p) for p in args.notebooks] or sorted(
        (assets_dir().parent / "notebooks").glob("0*.ipynb")
    )
    header = f"{'notebook':36} {'words':>6} {'read':>5} {'items':>5} {'case':>4} "
    header += f"{'expl':>4} {'think':>5} {'diag':>4} {'total':>6} {'stated':>6}"
    try:
        times = [estimate(p) for p in paths]
        stated = {p.stem: stated_minutes(p) for p in paths}
    except CourseError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(header)
    modules = module_times(times)
    for module in modules:
        for t in module.parts:
            print(_row(t.notebook, [getattr(t, c) for c in _COUNTS], t.minutes, stated[t.notebook]))
        if len(module.parts) > 1:
            said = [stated[t.notebook] for t in module.parts]
            print(
                _row(
                    f"{module.module} (total)",
                    [module.total(c) for c in _COUNTS],
                    module.minutes,
                    None if None in said else sum(said),
                )
            )
    if len(modules) > 1:
        said = list(stated.values())
        print(
            _row(
                "course (total)",
                [sum(m.total(c) for m in modules) for c in _COUNTS],
                sum(m.minutes for m in modules),
                None if None in said else sum(said),
            )
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
