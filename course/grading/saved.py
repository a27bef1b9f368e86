"""A quiz answer as it is saved: the record, where it is kept, and how it is read back.

Every change a learner makes to a quiz control is saved at once, twice:

* as a ``display_data`` output of the question's answer cell, MIME type :data:`MIME`, beside a
  plain-text line ("Answer saved: B"); the notebook keeps it when saved, so it travels in a plain
  upload of the ``.ipynb``;
* in ``<quiz>.answers.json`` beside the notebook (written atomically), which nbgrader's
  release -> fetch -> submit -> collect carries with the notebook.

A record says which item, the option order the learner saw (so a typed letter can be turned
back into the option it meant), the value in option keys (never positions), the typed answer as
it stood when the cell last ran, and a sequence number (milliseconds) so the newest copy wins.

Records are learner data: :func:`validate_record` checks every field strictly and says what is
wrong; nothing here runs code. The module is imported in the learner's kernel and by the
grader: standard library only (problems' wording is read from ``text.yml`` when one is found).
Typed answers are read by :mod:`~course.grading.typed`.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Mapping
from pathlib import Path

from course.grading.text import text as quiz_text
from course.grading.typed import (  # noqa: F401 (re-exported)
    labels,
    plain_text,
    read_expression,
    typed_to_keys,
)

#: MIME type of a saved answer in a notebook output
MIME = "application/vnd.bonecourse.quiz-answer+json"
#: record format version
FORMAT = 1
#: types of question whose answer is a control
TYPES = ("single", "multiple", "numeric", "text", "case")
#: longest written answer kept (characters); longer ones are cut and named
MAX_TEXT = 20_000
#: largest answers file read (bytes)
MAX_FILE = 2_000_000


class RecordError(ValueError):
    """A saved record is malformed; the message says which field and why."""


def answers_file(folder: str | os.PathLike, quiz: str) -> Path:
    """Where a quiz's answers file lives: ``<folder>/<quiz>.answers.json``."""
    return Path(folder) / f"{quiz}.answers.json"


def step_id(item_id: str, index: int) -> str:
    """The id a case step's options are shuffled under (as the self-checks do)."""
    return f"{item_id}/step-{index + 1}"


# --------------------------------------------------------------------------- records


def new_record(
    quiz: str,
    item_id: str,
    kind: str,
    order: list,
    value: object = None,
    *,
    seed: str = "",
    typed: object = None,
    seq: int = 0,
) -> dict:
    """A saved-answer record (the form :func:`validate_record` accepts).

    For tools that write answers as a learner would (synthetic cohorts, tests): ``order`` is
    the option keys in the order shown (one list per case step; ``[]`` otherwise), ``value``
    the answer in option keys, a number's text or the written text.
    """
    return {
        "format": FORMAT,
        "quiz": quiz,
        "item": item_id,
        "type": kind,
        "seed": seed,
        "order": order,
        "value": value,
        "typed": typed,
        "seq": seq,
    }


def record_output(record: dict, text: str = "") -> dict:
    """The answer cell output (nbformat ``display_data``) that keeps ``record`` in a notebook."""
    return {
        "output_type": "display_data",
        "metadata": {},
        "data": {MIME: record, "text/plain": text or f"Answer saved to {record['item']}."},
    }


def _str_list(value: object, what: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RecordError(f"{what} must be a list of option keys")
    if len(set(value)) != len(value):
        raise RecordError(f"{what} repeats an option")
    return list(value)


def _checked_order(kind: str, order: object) -> list:
    """The option order of a record of type ``kind``: option keys, one list per case step."""
    if kind in ("single", "multiple"):
        return _str_list(order, "order")
    if kind == "case":
        if not isinstance(order, list):
            raise RecordError("order of a case must be one list per step")
        return [_str_list(o, f"order of step {n}") for n, o in enumerate(order, 1)]
    return []


def _checked_value(kind: str, value: object, order: list) -> object:
    """A record's answer, checked against the options shown (``order``); text for the rest."""
    if kind == "single":
        if not isinstance(value, str) or value not in order:
            raise RecordError("value must be one of the options shown")
    elif kind == "multiple":
        value = _str_list(value, "value")
        if not set(value) <= set(order):
            raise RecordError("value holds an option that was not shown")
    elif kind == "case":
        if not isinstance(value, list) or len(value) != len(order):
            raise RecordError("value of a case must hold one choice per step")
        for n, (v, o) in enumerate(zip(value, order, strict=True), 1):
            if v is not None and (not isinstance(v, str) or v not in o):
                raise RecordError(f"step {n}: the choice was not among the options shown")
    elif not isinstance(value, str) or len(value) > MAX_TEXT:
        raise RecordError(f"value must be text of at most {MAX_TEXT} characters")
    return value


def validate_record(record: object, quiz: str | None = None) -> dict:
    """Check a saved record strictly; return a clean copy or raise :class:`RecordError`.

    Checks form only (types, sizes, keys within the recorded order); whether the order holds
    the item's real options is checked by the grader against the bank.
    """
    if not isinstance(record, Mapping):
        raise RecordError("a saved answer must be a JSON object")
    if record.get("format") != FORMAT:
        raise RecordError(f"unknown format {record.get('format')!r} (expected {FORMAT})")
    item = record.get("item")
    if not isinstance(item, str) or not re.fullmatch(r"m[0-9]{2}-[a-z0-9-]{1,80}", item):
        raise RecordError(f"item {item!r} is not a question id")
    if quiz is not None and record.get("quiz") != quiz:
        raise RecordError(f"saved for quiz {record.get('quiz')!r}, not {quiz!r}")
    kind = record.get("type")
    if kind not in TYPES:
        raise RecordError(f"type {kind!r} is not a question type")
    seq = record.get("seq")
    if not isinstance(seq, int) or isinstance(seq, bool) or seq < 0:
        raise RecordError("seq must be a whole number")
    order = _checked_order(kind, record.get("order", []))
    value = record.get("value")
    if value is not None:
        value = _checked_value(kind, value, order)
    typed = record.get("typed")
    if typed is not None and not isinstance(typed, (str, int, float, list)):
        raise RecordError("typed must be what was typed (text, a number or a list)")
    if isinstance(typed, str) and len(typed) > MAX_TEXT:
        raise RecordError("typed is too long")
    seed = record.get("seed", "")
    if not isinstance(seed, str) or len(seed) > 200:
        raise RecordError("seed must be a short text")
    return {
        "format": FORMAT,
        "quiz": record.get("quiz"),
        "item": item,
        "type": kind,
        "seed": seed,
        "order": order,
        "value": value,
        "typed": typed,
        "seq": seq,
    }


def records_in_notebook(nb: Mapping, quiz: str) -> tuple[dict[str, dict], list[str]]:
    """The newest valid record per item in a notebook's outputs, and the problems found."""
    found: dict[str, dict] = {}
    problems: list[str] = []
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        for output in cell.get("outputs", []) or []:
            data = output.get("data", {}) if isinstance(output, Mapping) else {}
            if MIME not in data:
                continue
            raw = data[MIME]
            if isinstance(raw, str):  # some tools store JSON MIME data as text
                try:
                    raw = json.loads(raw)
                except ValueError:
                    problems.append("a saved answer in the notebook is not JSON")
                    continue
            try:
                record = validate_record(raw, quiz)
            except RecordError as exc:
                problems.append(f"{_item_of(raw)}a saved answer in the notebook was ignored: {exc}")
                continue
            _keep_newest(found, record)
    return found, problems


def _item_of(raw: object) -> str:
    """``"<item id>: "`` when a record names a plausible item, for the problem's message."""
    item = raw.get("item") if isinstance(raw, Mapping) else None
    if isinstance(item, str) and re.fullmatch(r"m[0-9]{2}-[a-z0-9-]{1,80}", item):
        return f"{item}: "
    return ""


def _keep_newest(found: dict[str, dict], record: dict) -> None:
    old = found.get(record["item"])
    if old is None or record["seq"] >= old["seq"]:
        found[record["item"]] = record


def read_answers_file(path: str | os.PathLike, quiz: str) -> tuple[dict[str, dict], list[str]]:
    """The valid records of an answers file, and the problems found (never raises)."""
    path = Path(path)
    if not path.is_file():
        return {}, []
    words = quiz_text("answers_file")
    if path.stat().st_size > MAX_FILE:
        return {}, [words["too_large"].format(file=path.name, limit=MAX_FILE)]
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        return {}, [words["unreadable"].format(file=path.name, error=type(exc).__name__)]
    if not isinstance(data, Mapping) or not isinstance(data.get("answers"), Mapping):
        return {}, [words["empty"].format(file=path.name)]
    found: dict[str, dict] = {}
    problems = []
    for item_id, raw in data["answers"].items():
        try:
            record = validate_record(raw, quiz)
        except RecordError as exc:
            problems.append(
                words["ignored"].format(item=_item_of(raw), file=path.name, problem=exc)
            )
            continue
        if record["item"] != item_id:
            problems.append(words["misfiled"].format(file=path.name))
            continue
        _keep_newest(found, record)
    return found, problems


def _notebook_files(folder: Path, quiz: str) -> list[Path]:
    """Notebook files in ``folder`` that may hold this quiz's saved answers."""
    paths = []
    session = os.environ.get("JPY_SESSION_NAME", "")
    if session.endswith(".ipynb") and Path(session).is_file():
        paths.append(Path(session))
    paths.append(folder / f"{quiz}.ipynb")
    return [p for p in dict.fromkeys(paths) if p.is_file()]


def saved_before(folder: Path, quiz: str) -> dict[str, dict]:
    """The newest saved record of each question: from the answers file and the notebook."""
    sources = [read_answers_file(answers_file(folder, quiz), quiz)[0]]
    for path in _notebook_files(folder, quiz):
        try:
            if path.stat().st_size > 50_000_000:
                continue
            nb = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError, UnicodeDecodeError):
            continue
        sources.append(records_in_notebook(nb, quiz)[0])
    return merge_records(*sources)


def answer_shown(question: dict, order, value) -> str:
    """The saved answer as the learner sees it (letters shown before the options)."""
    kind = question["type"]
    if kind in ("single", "multiple"):
        label = dict(zip(order, labels(len(order)), strict=True))
        keys = [value] if isinstance(value, str) else list(value)
        return ", ".join(sorted(label.get(k, "?") for k in keys))
    if kind == "case":
        parts = []
        for n, (v, o) in enumerate(zip(value, order, strict=True), 1):
            label = dict(zip(o, labels(len(o)), strict=True))
            parts.append(f"step {n} {label.get(v, '-')}")
        return ", ".join(parts)
    if kind == "numeric":
        return f"{value} {question.get('unit', '')}".strip()
    count = len(str(value).split())
    return quiz_text("answer_line")["words" if count != 1 else "word"].format(count=count)


def answer_output(record: dict, question: dict) -> dict:
    """The answer cell's saved-answer output: the record, and a line people can read."""
    words = quiz_text("answer_line")
    if record.get("value") in (None, "", []):
        line = words["not_answered"].format(n=question["n"])
    else:
        shown = answer_shown(question, record["order"], record["value"])
        line = words["saved"].format(n=question["n"], shown=shown)
        if question["type"] == "text":  # the trainer reads it here when marking
            line += "\n\n" + str(record["value"])
    return {MIME: record, "text/plain": line}


def merge_records(*sources: Mapping[str, dict]) -> dict[str, dict]:
    """The newest record of each item over several sources."""
    found: dict[str, dict] = {}
    for source in sources:
        for record in source.values():
            _keep_newest(found, record)
    return found


def write_answers_file(path: str | os.PathLike, quiz: str, records: Mapping[str, dict]) -> None:
    """Write every record to ``path`` atomically (a temporary file, then a rename)."""
    path = Path(path)
    payload = {"format": FORMAT, "quiz": quiz, "answers": dict(sorted(records.items()))}
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(payload, fh, ensure_ascii=False, indent=1)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
