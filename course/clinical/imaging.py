"""Which test fits which clinical question, and the nurse's safety checks before a test.

Pure rules (no Jupyter) for the module 3 imaging explorer. The rules are data in
``assets/03_diagnosis/imaging.yml``: tests (what each shows, misses, how long it takes, what the
nurse prepares), clinical questions (best test, reasonable alternatives, tests to avoid, why,
urgency, nursing actions) and safety checks (patient flag + test -> action). Loading checks
that every reference resolves, so a bad edit fails loudly, naming the file and the entry.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from course.paths import assets_dir

LEVELS = ("stop", "check")


class ImagingRulesError(ValueError):
    """The imaging rules file is inconsistent (the message names the entry)."""


@dataclass(frozen=True)
class DiagnosticTest:
    """A diagnostic test and what the nurse prepares for it."""

    id: str
    name: str
    what: str
    shows: str
    misses: str
    time: str
    radiation: str
    prepare: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class Question:
    """A clinical question and the tests that fit it."""

    id: str
    question: str
    best: tuple[str, ...]
    also: tuple[str, ...]
    avoid: tuple[str, ...]
    why: str
    urgency: str
    nurse: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class SafetyRule:
    flag: str
    tests: tuple[str, ...]
    level: str
    action: str


@dataclass(frozen=True)
class SafetyAlert:
    """What the nurse must do before a test for one patient flag."""

    flag: str
    flag_label: str
    test: str
    level: str
    action: str

    @property
    def stops_the_test(self) -> bool:
        """True when the test must not go ahead until this is sorted out."""
        return self.level == "stop"


@dataclass(frozen=True)
class Advice:
    """The explorer's answer to one clinical question."""

    question: Question
    best: tuple[DiagnosticTest, ...]
    also: tuple[DiagnosticTest, ...]
    avoid: tuple[DiagnosticTest, ...]

    def verdict(self, test_id: str) -> str:
        """``"best"``, ``"also"``, ``"avoid"`` or ``"not listed"`` for a test and this question."""
        for label, tests in (("best", self.best), ("also", self.also), ("avoid", self.avoid)):
            if any(t.id == test_id for t in tests):
                return label
        return "not listed"


@dataclass(frozen=True)
class ImagingRules:
    tests: dict[str, DiagnosticTest]
    questions: dict[str, Question]
    flags: dict[str, str]
    safety: tuple[SafetyRule, ...]

    def test(self, test_id: str) -> DiagnosticTest:
        """A test by id; a ``ValueError`` naming the choices if there is none."""
        try:
            return self.tests[test_id]
        except KeyError:
            raise ValueError(
                f"Unknown test {test_id!r}; choose one of {', '.join(self.tests)}."
            ) from None

    def question(self, question_id: str) -> Question:
        """A clinical question by id; a ``ValueError`` naming the choices if there is none."""
        try:
            return self.questions[question_id]
        except KeyError:
            raise ValueError(
                f"Unknown clinical question {question_id!r}; choose one of "
                f"{', '.join(self.questions)}."
            ) from None


def _need(entry: dict, keys: Iterable[str], what: str) -> None:
    missing = [k for k in keys if entry.get(k) in (None, "", [])]
    if missing:
        raise ImagingRulesError(f"imaging.yml: {what} lacks {', '.join(missing)}.")


def parse_rules(data: dict) -> ImagingRules:
    """Build and check the rules from the parsed YAML mapping.

    Raises
    ------
    ImagingRulesError
        Naming the entry, for a missing field or a reference to an unknown test or flag.
    """
    if not isinstance(data, dict):
        raise ImagingRulesError("imaging.yml: expected a mapping at the top level.")
    tests = {}
    for tid, entry in (data.get("tests") or {}).items():
        _need(
            entry,
            ("name", "what", "shows", "misses", "time", "radiation", "prepare", "source"),
            f"test {tid!r}",
        )
        tests[tid] = DiagnosticTest(
            id=tid,
            name=entry["name"],
            what=entry["what"],
            shows=entry["shows"],
            misses=entry["misses"],
            time=entry["time"],
            radiation=entry["radiation"],
            prepare=tuple(entry["prepare"]),
            source=entry["source"],
        )
    if not tests:
        raise ImagingRulesError("imaging.yml: no tests.")
    questions = {}
    for entry in data.get("questions") or []:
        qid = entry.get("id", "?")
        _need(
            entry,
            ("id", "question", "best", "why", "urgency", "nurse", "source"),
            f"question {qid!r}",
        )
        if qid in questions:
            raise ImagingRulesError(f"imaging.yml: question {qid!r} appears twice.")
        groups = {k: tuple(entry.get(k) or ()) for k in ("best", "also", "avoid")}
        for key, ids in groups.items():
            unknown = [t for t in ids if t not in tests]
            if unknown:
                raise ImagingRulesError(
                    f"imaging.yml: question {qid!r} {key} names unknown tests {unknown}."
                )
        listed = [t for ids in groups.values() for t in ids]
        if len(listed) != len(set(listed)):
            raise ImagingRulesError(
                f"imaging.yml: question {qid!r} lists a test in more than one group."
            )
        questions[qid] = Question(
            id=qid,
            question=entry["question"],
            why=entry["why"],
            urgency=entry["urgency"],
            nurse=tuple(entry["nurse"]),
            source=entry["source"],
            **groups,
        )
    if not questions:
        raise ImagingRulesError("imaging.yml: no questions.")
    flags = dict(data.get("flags") or {})
    safety = []
    for n, entry in enumerate(data.get("safety") or [], start=1):
        _need(entry, ("flag", "tests", "level", "action"), f"safety rule {n}")
        if entry["flag"] not in flags:
            raise ImagingRulesError(
                f"imaging.yml: safety rule {n} names unknown flag {entry['flag']!r}."
            )
        if entry["level"] not in LEVELS:
            raise ImagingRulesError(
                f"imaging.yml: safety rule {n} has level {entry['level']!r}; use stop or check."
            )
        unknown = [t for t in entry["tests"] if t not in tests]
        if unknown:
            raise ImagingRulesError(f"imaging.yml: safety rule {n} names unknown tests {unknown}.")
        safety.append(
            SafetyRule(entry["flag"], tuple(entry["tests"]), entry["level"], entry["action"])
        )
    return ImagingRules(tests, questions, flags, tuple(safety))


def load_rules(path: str | Path | None = None) -> ImagingRules:
    """Load the imaging rules (default ``assets/03_diagnosis/imaging.yml``)."""
    path = Path(path) if path is not None else assets_dir() / "03_diagnosis" / "imaging.yml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ImagingRulesError(f"{path.name}: cannot read it ({exc}).") from exc
    return parse_rules(data)


@lru_cache(maxsize=1)
def default_rules() -> ImagingRules:
    """The course's imaging rules, loaded once."""
    return load_rules()


def advise(question_id: str, rules: ImagingRules | None = None) -> Advice:
    """Which tests fit a clinical question.

    Raises
    ------
    ValueError
        For an unknown question id, naming the choices.

    Examples
    --------
    >>> [t.id for t in advise("suspected_mscc").best]
    ['mri']
    """
    rules = rules or default_rules()
    question = rules.question(question_id)
    return Advice(
        question=question,
        best=tuple(rules.tests[t] for t in question.best),
        also=tuple(rules.tests[t] for t in question.also),
        avoid=tuple(rules.tests[t] for t in question.avoid),
    )


def safety_alerts(
    test_id: str, patient_flags: Iterable[str], rules: ImagingRules | None = None
) -> list[SafetyAlert]:
    """What the nurse must sort out before a test, for this patient; "stop" alerts first.

    Parameters
    ----------
    test_id
        The planned test.
    patient_flags
        Flag ids that apply to the patient (keys of the rules' ``flags``).

    Raises
    ------
    ValueError
        For an unknown test or flag, naming the choices.
    """
    rules = rules or default_rules()
    rules.test(test_id)
    flags = list(patient_flags)
    unknown = [f for f in flags if f not in rules.flags]
    if unknown:
        raise ValueError(
            f"Unknown patient flag(s) {unknown}; choose from {', '.join(rules.flags)}."
        )
    alerts = [
        SafetyAlert(rule.flag, rules.flags[rule.flag], test_id, rule.level, rule.action)
        for rule in rules.safety
        if rule.flag in flags and test_id in rule.tests
    ]
    return sorted(alerts, key=lambda a: LEVELS.index(a.level))
