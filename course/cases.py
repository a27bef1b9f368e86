"""Branching patient cases: load, validate, walk and score.

A case is a small graph written in YAML (``assets/<module>/case_*.yml``): nodes describe the
situation, each non-terminal node offers choices, and each choice carries a quality (best,
acceptable, poor, harmful), feedback and the node it leads to. Terminal nodes carry an outcome
(good, mixed, poor). Poor choices have consequences: they lead to nodes where the patient's
situation has changed, so the learner sees why the choice mattered.

This module is pure (no widgets); :mod:`course.widgets.case` draws a case.
"""

from __future__ import annotations

import os
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from course.paths import course_root

QUALITIES = ("best", "acceptable", "poor", "harmful")
OUTCOMES = ("good", "mixed", "poor")
#: points a choice earns towards the case score
QUALITY_POINTS = {"best": 2, "acceptable": 1, "poor": 0, "harmful": 0}


class CaseError(ValueError):
    """A case file is invalid; the message names the file, the node and what is wrong."""


@dataclass(frozen=True)
class Choice:
    text: str
    quality: str
    feedback: str
    next: str


@dataclass(frozen=True)
class Node:
    id: str
    text: str
    choices: tuple[Choice, ...] = ()
    outcome: str | None = None

    @property
    def terminal(self) -> bool:
        return self.outcome is not None


@dataclass(frozen=True)
class Case:
    id: str
    title: str
    patient: str
    start: str
    nodes: dict[str, Node]
    source: str
    file: str = ""

    def node(self, node_id: str) -> Node:
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


def _fail(where: str, problems: list[str]) -> None:
    if problems:
        raise CaseError(f"Invalid case {where}:\n  - " + "\n  - ".join(problems))


def parse_case(text: str, filename: str = "<case>") -> Case:
    """Parse and validate a case from YAML text."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise CaseError(f"Invalid case {filename}: not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise CaseError(f"Invalid case {filename}: expected a mapping")
    problems = []
    for key in ("id", "title", "patient", "start", "nodes", "source"):
        if not data.get(key):
            problems.append(f"missing '{key}'")
    _fail(filename, problems)
    raw_nodes = data["nodes"]
    if not isinstance(raw_nodes, dict):
        _fail(filename, ["'nodes' must be a mapping of node id to node"])
    nodes: dict[str, Node] = {}
    for node_id, raw in raw_nodes.items():
        where = f"node {node_id}"
        if not isinstance(raw, dict) or not raw.get("text"):
            problems.append(f"{where}: needs 'text'")
            continue
        outcome = raw.get("outcome")
        choices = []
        if outcome is not None:
            if outcome not in OUTCOMES:
                problems.append(f"{where}: outcome {outcome!r} is not one of {OUTCOMES}")
            if raw.get("choices"):
                problems.append(f"{where}: a terminal node (with an outcome) has no choices")
        else:
            raw_choices = raw.get("choices") or []
            if len(raw_choices) < 2:
                problems.append(f"{where}: needs at least 2 choices (or an outcome if it ends)")
            for n, c in enumerate(raw_choices, start=1):
                if not isinstance(c, dict):
                    problems.append(f"{where} choice {n}: must be a mapping")
                    continue
                missing = [k for k in ("text", "quality", "feedback", "next") if not c.get(k)]
                if missing:
                    problems.append(f"{where} choice {n}: missing {', '.join(missing)}")
                    continue
                if c["quality"] not in QUALITIES:
                    problems.append(
                        f"{where} choice {n}: quality {c['quality']!r} is not one of {QUALITIES}"
                    )
                choices.append(
                    Choice(str(c["text"]), c["quality"], str(c["feedback"]), str(c["next"]))
                )
        nodes[str(node_id)] = Node(str(node_id), str(raw["text"]), tuple(choices), outcome)
    _fail(filename, problems)
    start = str(data["start"])
    if start not in nodes:
        problems.append(f"start node {start!r} does not exist")
    for node in nodes.values():
        for c in node.choices:
            if c.next not in nodes:
                problems.append(
                    f"node {node.id}: choice {c.text[:40]!r} leads to unknown node {c.next!r}"
                )
    _fail(filename, problems)
    reachable, queue = {start}, deque([start])
    while queue:
        for c in nodes[queue.popleft()].choices:
            if c.next not in reachable:
                reachable.add(c.next)
                queue.append(c.next)
    unreachable = sorted(set(nodes) - reachable)
    if unreachable:
        problems.append(f"nodes never reached from the start: {', '.join(unreachable)}")
    if not any(nodes[n].outcome == "good" for n in reachable):
        problems.append("no path reaches a good outcome")
    for node in nodes.values():
        if node.choices and not any(c.quality == "best" for c in node.choices):
            problems.append(f"node {node.id}: no choice is marked best")
    _fail(filename, problems)
    return Case(
        str(data["id"]),
        str(data["title"]),
        str(data["patient"]),
        start,
        nodes,
        str(data["source"]),
        filename,
    )


def load_case(path: str | os.PathLike) -> Case:
    """Load a case file; a relative path is taken from the course root (e.g. ``assets/...``)."""
    path = Path(path)
    if not path.is_absolute() and not path.exists():
        path = course_root() / path
    if not path.exists():
        raise CaseError(f"Case file not found: {path}")
    return parse_case(path.read_text(encoding="utf-8"), str(path.name))


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
        return self.case.node(self.current)

    @property
    def finished(self) -> bool:
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
        self.current = self.case.start
        self.path.clear()

    def choices_made(self) -> list[Choice]:
        return [self.case.node(n).choices[i] for n, i in self.path]

    def score(self) -> tuple[int, int]:
        """(points earned, points on the best route)."""
        got = sum(QUALITY_POINTS[c.quality] for c in self.choices_made())
        return got, self.case.best_path_points()
