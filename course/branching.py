"""Branching patient cases: load, validate, walk and score.

A case is a small graph written in YAML (``assets/<module>/case_*.yml``): nodes describe the
situation, each non-terminal node offers choices, and each choice carries a quality (best,
acceptable, poor, harmful), feedback and the node it leads to. Terminal nodes carry an outcome
(good, mixed, poor). Poor choices have consequences: they lead to nodes where the patient's
situation has changed, so the learner sees why the choice mattered.

This module is pure (no widgets); :mod:`course.widgets.branching_case` draws a case.
"""

from __future__ import annotations

import os
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from course.content import read_content, validate
from course.errors import ContentError, CourseError
from course.paths import course_root

QUALITIES = ("best", "acceptable", "poor", "harmful")
OUTCOMES = ("good", "mixed", "poor")
#: points a choice earns towards the case score
QUALITY_POINTS = {"best": 2, "acceptable": 1, "poor": 0, "harmful": 0}


class CaseError(CourseError, ValueError):
    """A case file is invalid; the message names the file, the node and what is wrong."""


@dataclass(frozen=True)
class Choice:
    """One option at a node: its text, quality, feedback and the node it leads to."""

    text: str
    quality: str
    feedback: str
    next: str


@dataclass(frozen=True)
class Node:
    """A step of the case: the situation, and either choices or an outcome (terminal)."""

    id: str
    text: str
    choices: tuple[Choice, ...] = ()
    outcome: str | None = None

    @property
    def terminal(self) -> bool:
        """Whether the case ends here."""
        return self.outcome is not None


@dataclass(frozen=True)
class Case:
    """A whole case: its nodes keyed by id, the start node and the source it follows."""

    id: str
    title: str
    patient: str
    start: str
    nodes: dict[str, Node]
    source: str
    file: str = ""

    def node(self, node_id: str) -> Node:
        """The node with this id."""
        return self.nodes[node_id]

    def best_path_points(self) -> int:
        """Points on the best route from the start to a good outcome (the case's maximum)."""
        memo: dict[str, int] = {}

        def best(node_id: str, seen: frozenset[str]) -> int:
            node = self.nodes[node_id]
            if node.terminal:
                return 0 if node.outcome == "good" else -10_000
            if node_id in memo:
                return memo[node_id]
            options = [
                QUALITY_POINTS[c.quality] + best(c.next, seen | {node_id})
                for c in node.choices
                if c.next not in seen
            ]
            value = max(options) if options else -10_000
            memo[node_id] = value
            return value

        return best(self.start, frozenset())


class CaseFileError(ContentError, CaseError):
    """A case file breaks its schema or the graph rules; a ContentError and a CaseError."""


def _graph_problems(nodes: dict[str, Node], start: str, filename: str) -> list[str]:
    """What a schema cannot check: links, reachability, a good ending, a best choice."""
    problems = [
        f"{filename}: nodes/{n.id}: needs at least 2 choices (or an outcome if it ends)"
        for n in nodes.values()
        if not n.terminal and len(n.choices) < 2
    ]
    problems += [
        f"{filename}: nodes/{n.id}: a terminal node (with an outcome) has no choices"
        for n in nodes.values()
        if n.terminal and n.choices
    ]
    if start not in nodes:
        problems.append(f"{filename}: start: start node {start!r} does not exist")
    for node in nodes.values():
        for c in node.choices:
            if c.next not in nodes:
                problems.append(
                    f"{filename}: nodes/{node.id}: choice {c.text[:40]!r} leads to unknown "
                    f"node {c.next!r}"
                )
    if problems:
        return problems
    reachable, queue = {start}, deque([start])
    while queue:
        for c in nodes[queue.popleft()].choices:
            if c.next not in reachable:
                reachable.add(c.next)
                queue.append(c.next)
    unreachable = sorted(set(nodes) - reachable)
    if unreachable:
        problems.append(f"{filename}: nodes never reached from the start: {', '.join(unreachable)}")
    if not any(nodes[n].outcome == "good" for n in reachable):
        problems.append(f"{filename}: no path reaches a good outcome")
    problems += [
        f"{filename}: nodes/{n.id}: no choice is marked best"
        for n in nodes.values()
        if n.choices and not any(c.quality == "best" for c in n.choices)
    ]
    return problems


def case_from_data(data: dict, filename: str = "<case>") -> Case:
    """Build a case from data already checked against ``course/schemas/case.schema.json``.

    Parameters
    ----------
    data
        The parsed case file.
    filename
        The file name used in messages.

    Returns
    -------
    Case

    Raises
    ------
    CaseFileError
        Naming the file and node for a broken link, an unreachable node, no good ending or a
        node without a best choice.
    """
    nodes = {
        str(node_id): Node(
            str(node_id),
            raw["text"],
            tuple(
                Choice(c["text"], c["quality"], c["feedback"], c["next"])
                for c in raw.get("choices") or ()
            ),
            raw.get("outcome"),
        )
        for node_id, raw in data["nodes"].items()
    }
    start = str(data["start"])
    problems = _graph_problems(nodes, start, filename)
    if problems:
        raise CaseFileError(problems)
    return Case(data["id"], data["title"], data["patient"], start, nodes, data["source"], filename)


def parse_case(text: str, filename: str = "<case>") -> Case:
    """Parse and validate a case from YAML text.

    Parameters
    ----------
    text
        The YAML of a case.
    filename
        The file name used in messages.

    Returns
    -------
    Case

    Raises
    ------
    CaseFileError
        For text that is not YAML, breaks the case schema or the graph rules; every problem is
        named with the file and the node.
    """
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise CaseFileError([f"{filename}: not valid YAML: {exc}"]) from None
    problems = validate(data, "case", filename)
    if problems:
        raise CaseFileError(problems)
    return case_from_data(data, filename)


def load_case(path: str | os.PathLike) -> Case:
    """Load a case file through :func:`course.content.read_content` and check its graph.

    Parameters
    ----------
    path
        The file; a relative path is taken from the course root (e.g. ``assets/...``).

    Returns
    -------
    Case

    Raises
    ------
    CaseFileError
        For a missing or invalid file, naming the file and the node.
    """
    path = Path(path)
    if not path.is_absolute() and not path.exists():
        path = course_root() / path
    if not path.exists():
        raise CaseFileError([f"Case file not found: {path}"])
    try:
        data = read_content(path, "case")
    except ContentError as exc:
        raise CaseFileError(exc.problems) from None
    return case_from_data(data, path.name)


@dataclass
class CaseRun:
    """One learner's walk through a case."""

    case: Case
    current: str = ""
    path: list[tuple[str, int]] = field(default_factory=list)  # (node id, choice index)

    def __post_init__(self):
        if not self.current:
            self.current = self.case.start

    @property
    def node(self) -> Node:
        """The node the learner is at."""
        return self.case.node(self.current)

    @property
    def finished(self) -> bool:
        """Whether the learner has reached an ending."""
        return self.node.terminal

    def choose(self, index: int) -> Choice:
        """Take choice ``index`` (0-based) at the current node and move on."""
        node = self.node
        if node.terminal:
            raise CaseError("The case has ended; start again to try another route.")
        if not 0 <= index < len(node.choices):
            raise CaseError(f"Choose one of the {len(node.choices)} options.")
        choice = node.choices[index]
        self.path.append((node.id, index))
        self.current = choice.next
        return choice

    def restart(self) -> None:
        """Go back to the start and forget the route taken."""
        self.current = self.case.start
        self.path.clear()

    def choices_made(self) -> list[Choice]:
        """The choices taken so far, in order."""
        return [self.case.node(n).choices[i] for n, i in self.path]

    def score(self) -> tuple[int, int]:
        """(points earned, points on the best route)."""
        got = sum(QUALITY_POINTS[c.quality] for c in self.choices_made())
        return got, self.case.best_path_points()
