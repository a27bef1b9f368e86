"""Vignettes: short patient stories for the triage exercise, read, checked and marked.

Each :class:`Vignette` shows some findings of :mod:`course.clinical.triage_findings` as tick
boxes and states the urgency that :func:`course.clinical.triage.assess` gives for them; reading a
vignettes file (``assets/05_symptoms_and_emergencies/vignettes.yml``) refuses one whose stated
urgency, findings or calcium band disagree with the rules. :func:`mark_vignette` marks which
findings a learner ticked as red flags and the urgency they chose.
:mod:`course.clinical.triage` exports every name defined here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from course.clinical.triage_findings import FINDINGS, TriageError, Urgency, finding
from course.content import read_content, validate
from course.errors import ContentError

if TYPE_CHECKING:
    from course.clinical.triage import Assessment


@dataclass(frozen=True)
class Vignette:
    """A short patient story, the findings shown as tick boxes, and the urgency the rules give."""

    id: str
    title: str
    text: str
    findings: tuple[str, ...]
    urgency: Urgency
    teaching: str = ""
    calcium: float | None = None
    calcium_band: str | None = None

    def assessment(self) -> Assessment:
        """What the rules say about this patient."""
        from course.clinical.triage import assess  # here: triage.py imports this file

        return assess(self.findings, calcium_band=self.calcium_band)


_VIGNETTE_FIELDS = {"id", "title", "text", "findings", "urgency"}


class VignetteContentError(ContentError, TriageError):
    """A vignettes file breaks its schema or the rules; both a ContentError and a TriageError."""


def _vignette(raw: dict) -> Vignette:
    """One vignette from its checked entry; its urgency must be the one the rules give."""
    from course.clinical.triage import band_of, parse_band  # here: triage.py imports this file

    vignette = Vignette(
        id=raw["id"],
        title=raw["title"],
        text=raw["text"].strip(),
        findings=tuple(finding(c).code for c in raw["findings"]),
        urgency=Urgency.parse(raw["urgency"]),
        teaching=raw.get("teaching", "").strip(),
        calcium=float(raw["calcium"]) if raw.get("calcium") is not None else None,
        calcium_band=parse_band(raw.get("calcium_band")),
    )
    if vignette.calcium is not None:
        computed = band_of(vignette.calcium)
        if vignette.calcium_band not in (None, computed):
            raise TriageError(
                f"gives calcium {vignette.calcium:g} mmol/L, which is {computed}, "
                f"but says {vignette.calcium_band}"
            )
        vignette = replace(vignette, calcium_band=computed)
    ruled = vignette.assessment().urgency
    if ruled is not vignette.urgency:
        raise TriageError(f"says {vignette.urgency.code} but the rules give {ruled.code}")
    return vignette


def parse_vignettes(data: dict, where: str = "<vignettes>") -> list[Vignette]:
    """Build and check vignettes from parsed YAML; the stated urgency must match the rules.

    The shape is checked against ``course/schemas/triage_vignettes.schema.json``; the rules that
    a schema cannot express (known findings, unique ids, calcium and band agreeing, the stated
    urgency being the one :func:`assess` gives) are checked here.

    Parameters
    ----------
    data
        The parsed file: a mapping with a ``vignettes`` list.
    where
        The file name used in messages.

    Returns
    -------
    list of Vignette

    Raises
    ------
    VignetteContentError
        A :class:`TriageError` and a :class:`~course.errors.ContentError`, naming the file and
        vignette id for each problem.
    """
    if not isinstance(data, dict) or not isinstance(data.get("vignettes"), list):
        raise VignetteContentError([f"{where}: expected a mapping with a 'vignettes' list."])
    problems = validate(data, "triage_vignettes", where)
    out, seen = [], set()
    for raw in data["vignettes"]:
        if not isinstance(raw, dict) or not _VIGNETTE_FIELDS <= set(raw):
            continue  # the schema has named what is missing
        label = f"{where}: vignette {raw['id']}"
        try:
            if raw["id"] in seen:
                raise TriageError("has a duplicate id")
            seen.add(raw["id"])
            out.append(_vignette(raw))
        except TriageError as exc:
            problems.append(f"{label} {exc}")
    if problems:
        raise VignetteContentError(problems)
    return out


def read_vignettes(path: str | Path) -> list[Vignette]:
    """Read a vignettes file through :func:`course.content.read_content` and check it.

    Parameters
    ----------
    path
        The YAML file (the course's is ``assets/05_symptoms_and_emergencies/vignettes.yml``).

    Returns
    -------
    list of Vignette

    Raises
    ------
    ContentError
        For a missing or invalid file, naming the file and the vignette.
    """
    path = Path(path)
    return parse_vignettes(read_content(path, "triage_vignettes"), where=path.name)


@dataclass(frozen=True)
class VignetteMark:
    """The learner's result on one vignette: flags right, urgency right, and the score out of 2."""

    vignette_id: str
    flags_right: tuple[str, ...]
    flags_missed: tuple[str, ...]
    flags_wrongly_ticked: tuple[str, ...]
    non_flags_left_unticked: tuple[str, ...]
    chosen: Urgency
    correct: Urgency

    @property
    def urgency_right(self) -> bool:
        """Whether the learner chose the urgency the rules give."""
        return self.chosen is self.correct

    @property
    def under_triaged(self) -> bool:
        """Chose a less urgent response than needed: the dangerous error."""
        return self.chosen < self.correct

    @property
    def score(self) -> float:
        """1 for the right urgency plus the fraction of findings classified right (max 2)."""
        right = len(self.flags_right) + len(self.non_flags_left_unticked)
        n_findings = right + len(self.flags_missed) + len(self.flags_wrongly_ticked)
        return (1.0 if self.urgency_right else 0.0) + right / n_findings


MAX_VIGNETTE_SCORE = 2.0


def mark_vignette(vignette: Vignette, ticked: Iterable[str], chosen: str | Urgency) -> VignetteMark:
    """Mark which findings the learner ticked as red flags and the urgency they chose.

    Raises
    ------
    TriageError
        When a ticked code is not one of the vignette's findings, or the urgency is unknown.
    """
    if isinstance(ticked, str):
        ticked = [ticked]
    ticked_set = set(ticked)
    stray = ticked_set - set(vignette.findings)
    if stray:
        raise TriageError(
            f"{', '.join(sorted(stray))} is not among this vignette's findings "
            f"({', '.join(vignette.findings)})."
        )
    chosen_urgency = Urgency.parse(chosen)
    right, missed, wrong, left = [], [], [], []
    for code in vignette.findings:
        red = FINDINGS[code].red_flag
        if code in ticked_set and red:
            right.append(code)
        elif code in ticked_set:
            wrong.append(code)
        elif red:
            missed.append(code)
        else:
            left.append(code)
    return VignetteMark(
        vignette.id,
        tuple(right),
        tuple(missed),
        tuple(wrong),
        tuple(left),
        chosen_urgency,
        vignette.urgency,
    )
