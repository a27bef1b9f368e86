"""The findings the triage rules know, and the three urgencies.

The vocabulary of :mod:`course.clinical.triage`: :class:`Urgency` (routine, same-day,
emergency), each :class:`Finding` a nurse may notice with whether it is a red flag, why and what
to do, and the labels and generic actions of each urgency. Their texts are data
(``assets/05_symptoms_and_emergencies/triage_findings.yml``, read once at import, checked against
its schema and the cross-references a schema cannot express). The rules that combine findings
into an urgency are in :mod:`course.clinical.triage`, which also exports every name defined here.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path

from course.content import read_content
from course.errors import ContentError, CourseError
from course.paths import assets_dir


class TriageError(CourseError, ValueError):
    """A finding code or calcium band the rules do not know; the message says what is allowed."""


class Urgency(IntEnum):
    """The three responses, ordered so that ``max`` gives the most urgent."""

    ROUTINE = 0
    SAME_DAY = 1
    EMERGENCY = 2

    @property
    def label(self) -> str:
        """The name a learner sees."""
        return URGENCY_LABELS[self]

    @property
    def code(self) -> str:
        """The short code used in data files: ``routine``, ``same_day`` or ``emergency``."""
        return self.name.lower()

    @classmethod
    def parse(cls, value: str | Urgency) -> Urgency:
        """Read an urgency from its code (``"same_day"``), name or label; raise on anything else."""
        if isinstance(value, Urgency):
            return value
        if not isinstance(value, str):
            raise TriageError(
                f"An urgency must be one of {', '.join(URGENCY_CODES)}, not {value!r}."
            )
        text = value.strip().lower().replace("-", "_").replace(" ", "_")
        for urgency in cls:
            label = URGENCY_LABELS[urgency].lower().replace("-", "_").replace(" ", "_")
            if text in (urgency.code, label):
                return urgency
        raise TriageError(f"{value!r} is not an urgency; choose one of {', '.join(URGENCY_CODES)}.")


#: The findings, labels and action texts, in ``assets/05_symptoms_and_emergencies/``.
FINDINGS_FILE = Path("05_symptoms_and_emergencies") / "triage_findings.yml"


def _load_rules() -> dict:
    """Read the findings file (checked against its schema and the cross-references)."""
    path = assets_dir() / FINDINGS_FILE
    data = read_content(path, "triage_findings")
    problems = []
    for entry in data["findings"]:
        where = f"{path.name}: findings/{entry['id']}"
        if entry["category"] not in data["categories"]:
            problems.append(f"{where}: category {entry['category']!r} is not in categories")
        ref = entry.get("action_ref")
        if ref is not None and ref not in data["shared_actions"]:
            problems.append(f"{where}: action_ref {ref!r} is not in shared_actions")
    if problems:
        raise ContentError(problems)
    return data


_RULES = _load_rules()

URGENCY_LABELS: dict[Urgency, str] = {u: _RULES["urgency_labels"][u.name.lower()] for u in Urgency}
URGENCY_CODES: tuple[str, ...] = tuple(u.code for u in Urgency)

#: What the nurse does at each level (the generic part; each finding adds its own action).
URGENCY_ACTIONS: dict[Urgency, str] = {u: _RULES["urgency_actions"][u.code] for u in Urgency}

CATEGORIES: dict[str, str] = dict(_RULES["categories"])


@dataclass(frozen=True)
class Finding:
    """Something a nurse may notice, with whether it is a red flag and why.

    ``urgency`` is the response this finding calls for on its own; ``explanation`` says why (for a
    red flag) or why not (for a finding that is not one); ``action`` is what the nurse does.
    """

    code: str
    label: str
    category: str
    red_flag: bool
    urgency: Urgency
    explanation: str
    action: str
    source: str


def _finding_from_data(entry: dict) -> Finding:
    action = entry.get("action") or _RULES["shared_actions"][entry["action_ref"]]
    return Finding(
        entry["id"],
        entry["label"],
        entry["category"],
        entry["red_flag"],
        Urgency.parse(entry["urgency"]),
        entry["explanation"],
        action,
        entry["source"],
    )


FINDINGS: dict[str, Finding] = {e["id"]: _finding_from_data(e) for e in _RULES["findings"]}


def finding(code: str) -> Finding:
    """The finding with this code; raise :class:`TriageError` naming close matches."""
    if not isinstance(code, str):
        raise TriageError(f"A finding is named by its code (text), not {code!r}.")
    try:
        return FINDINGS[code]
    except KeyError:
        close = difflib.get_close_matches(code, list(FINDINGS), n=3)
        hint = f" Did you mean {', '.join(close)}?" if close else ""
        raise TriageError(f"{code!r} is not a finding the triage rules know.{hint}") from None
