"""Which test fits which clinical question, and the nurse's safety checks before a test.

Pure rules (no Jupyter) for the module 3 imaging explorer. The rules are data in
``assets/03_diagnosis/imaging.yml``: tests (what each shows, misses, how long it takes, what the
nurse prepares), clinical questions (best test, reasonable alternatives, tests to avoid, why,
urgency, nursing actions) and safety checks (patient flag + test -> action). The file is checked
against ``course/schemas/imaging.schema.json``; this module then checks that every reference
resolves, so a bad edit fails loudly, naming the file and the entry.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from course.content import read_content, validate
from course.errors import ContentError, CourseError
from course.paths import assets_dir

LEVELS = ("stop", "check")


class ImagingRulesError(ContentError):
    """The imaging rules file is inconsistent (the message names the file and the entry).

    A :class:`course.errors.ContentError`, hence a ``CourseError`` and a ``ValueError``.
    """

    def __init__(self, problems: str | list[str]):
        super().__init__([problems] if isinstance(problems, str) else problems)


class ImagingInputError(CourseError, ValueError):
    """An unknown test, clinical question or patient flag; the message names the choices."""


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
    """One safety check: a patient flag, the tests it concerns, its level and the action."""

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
    """All the rules: tests, clinical questions, patient flags and safety checks."""

    tests: dict[str, DiagnosticTest]
    questions: dict[str, Question]
    flags: dict[str, str]
    safety: tuple[SafetyRule, ...]

    def test(self, test_id: str) -> DiagnosticTest:
        """A test by id; a ``ValueError`` naming the choices if there is none."""
        try:
            return self.tests[test_id]
        except KeyError:
            raise ImagingInputError(
                f"Unknown test {test_id!r}; choose one of {', '.join(self.tests)}."
            ) from None

    def question(self, question_id: str) -> Question:
        """A clinical question by id; a ``ValueError`` naming the choices if there is none."""
        try:
            return self.questions[question_id]
        except KeyError:
            raise ImagingInputError(
                f"Unknown clinical question {question_id!r}; choose one of "
                f"{', '.join(self.questions)}."
            ) from None


def _test(tid: str, entry: dict) -> DiagnosticTest:
    return DiagnosticTest(id=tid, **{**entry, "prepare": tuple(entry["prepare"])})


def _question(entry: dict, tests: dict, where: str) -> Question:
    qid = entry["id"]
    groups = {k: tuple(entry.get(k) or ()) for k in ("best", "also", "avoid")}
    for key, ids in groups.items():
        unknown = [t for t in ids if t not in tests]
        if unknown:
            raise ImagingRulesError(
                f"{where}: question {qid!r} {key} names unknown tests {unknown}."
            )
    listed = [t for ids in groups.values() for t in ids]
    if len(listed) != len(set(listed)):
        raise ImagingRulesError(f"{where}: question {qid!r} lists a test in more than one group.")
    fields = {k: v for k, v in entry.items() if k not in groups}
    return Question(**{**fields, "nurse": tuple(entry["nurse"])}, **groups)


def _safety(n: int, entry: dict, rules: tuple[dict, dict], where: str) -> SafetyRule:
    tests, flags = rules
    if entry["flag"] not in flags:
        raise ImagingRulesError(f"{where}: safety rule {n} names unknown flag {entry['flag']!r}.")
    unknown = [t for t in entry["tests"] if t not in tests]
    if unknown:
        raise ImagingRulesError(f"{where}: safety rule {n} names unknown tests {unknown}.")
    return SafetyRule(entry["flag"], tuple(entry["tests"]), entry["level"], entry["action"])


def parse_rules(data: dict, filename: str = "imaging.yml") -> ImagingRules:
    """Build and check the rules from the parsed YAML mapping.

    Parameters
    ----------
    data
        The parsed file; checked against ``course/schemas/imaging.schema.json`` first.
    filename
        The file's name, for messages.

    Returns
    -------
    ImagingRules

    Raises
    ------
    ImagingRulesError
        Naming the file and the entry, for a schema problem, a question id used twice, or a
        reference to an unknown test or flag.
    """
    problems = validate(data, "imaging", filename)
    if problems:
        raise ImagingRulesError(problems)
    tests = {tid: _test(tid, entry) for tid, entry in data["tests"].items()}
    questions: dict[str, Question] = {}
    for entry in data["questions"]:
        if entry["id"] in questions:
            raise ImagingRulesError(f"{filename}: question {entry['id']!r} appears twice.")
        questions[entry["id"]] = _question(entry, tests, filename)
    flags = dict(data["flags"])
    safety = tuple(
        _safety(n, entry, (tests, flags), filename)
        for n, entry in enumerate(data["safety"], start=1)
    )
    return ImagingRules(tests, questions, flags, safety)


def load_rules(path: str | Path | None = None) -> ImagingRules:
    """Load the imaging rules (default ``assets/03_diagnosis/imaging.yml``).

    Parameters
    ----------
    path
        Another rules file, for tests.

    Returns
    -------
    ImagingRules

    Raises
    ------
    ImagingRulesError
        If the file is missing, unreadable, breaks the schema or names an unknown test or flag.
    """
    path = Path(path) if path is not None else assets_dir() / "03_diagnosis" / "imaging.yml"
    try:
        data = read_content(path, "imaging")
    except ImagingRulesError:
        raise
    except ContentError as exc:
        raise ImagingRulesError(exc.problems) from None
    return parse_rules(data, path.name)


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
        raise ImagingInputError(
            f"Unknown patient flag(s) {unknown}; choose from {', '.join(rules.flags)}."
        )
    alerts = [
        SafetyAlert(rule.flag, rules.flags[rule.flag], test_id, rule.level, rule.action)
        for rule in rules.safety
        if rule.flag in flags and test_id in rule.tests
    ]
    return sorted(alerts, key=lambda a: LEVELS.index(a.level))
