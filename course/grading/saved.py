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
grader: standard library only.
"""

from __future__ import annotations

import ast
import json
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Mapping
from pathlib import Path

from course.grading.text import text as quiz_text

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


def labels(n: int) -> list[str]:
    """The position labels shown before the options: ``A``, ``B``, ... (then ``AA``...)."""
    out = []
    for i in range(n):
        label = ""
        i += 1
        while i:
            i, r = divmod(i - 1, 26)
            label = chr(ord("A") + r) + label
        out.append(label)
    return out


def step_id(item_id: str, index: int) -> str:
    """The id a case step's options are shuffled under (as the self-checks do)."""
    return f"{item_id}/step-{index + 1}"


# --------------------------------------------------------------------------- typed text

#: Latin look-alikes (Unicode's confusables for the letters used as option labels) that NFKC
#: leaves as they are: Cyrillic and Greek capitals and small letters that look like a-z.
_LOOK_ALIKES = {
    # Cyrillic
    "а": "a", "в": "b", "с": "c", "е": "e", "һ": "h", "і": "i", "ј": "j", "к": "k",
    "м": "m", "н": "h", "о": "o", "р": "p", "ѕ": "s", "т": "t", "у": "y", "х": "x",
    "А": "A", "В": "B", "С": "C", "Е": "E", "Н": "H", "І": "I", "Ј": "J", "К": "K",
    "М": "M", "О": "O", "Р": "P", "Ѕ": "S", "Т": "T", "Х": "X", "У": "Y", "Ԁ": "d",
    "ԁ": "d", "ԛ": "q", "ԝ": "w",
    # Greek
    "α": "a", "β": "b", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p",
    "τ": "t", "υ": "u", "χ": "x", "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H",
    "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y",
    "Χ": "X",
}  # fmt: skip


def plain_text(text: str) -> tuple[str, list[str]]:
    """``text`` in the form it was meant, and what was changed to get there.

    NFKC folds full-width and other compatibility forms (``Ｂ`` to ``B``); Latin look-alikes
    from other scripts (Cyrillic ``а``, Greek ``Β``) become the Latin letter. Each change is
    named, for the trainer's summary.
    """
    notes = []
    folded = unicodedata.normalize("NFKC", text)
    if folded != text:
        notes.append(quiz_text("typed_notes")["compatibility"])
    mapped = "".join(_LOOK_ALIKES.get(ch, ch) for ch in folded)
    if mapped != folded:
        scripts = sorted(
            {unicodedata.name(ch, "?").split()[0].title() for ch in folded if ch in _LOOK_ALIKES}
        )
        notes.append(quiz_text("typed_notes")["look_alikes"].format(scripts=" and ".join(scripts)))
    return mapped, notes


_METHODS = {"lower", "upper", "strip", "casefold", "title", "capitalize", "lstrip", "rstrip"}


def read_expression(node: ast.AST) -> tuple[object, list[str]]:
    """The value of a simple expression a learner might type, without running anything.

    Literals, lists and tuples of them, ``+`` between strings, a string method without
    arguments (``"A".lower()``) and a bare name (``b`` for ``"b"``). Anything else raises
    ``ValueError`` naming what could not be read.
    """
    notes: list[str] = []

    def value(n: ast.AST) -> object:
        if isinstance(n, ast.Constant) and isinstance(n.value, (str, int, float)):
            return n.value
        if isinstance(n, ast.UnaryOp) and isinstance(n.op, ast.USub):
            inner = value(n.operand)
            if isinstance(inner, (int, float)) and not isinstance(inner, bool):
                return -inner
        if isinstance(n, (ast.List, ast.Tuple, ast.Set)):
            return [value(e) for e in n.elts]
        if isinstance(n, ast.BinOp) and isinstance(n.op, ast.Add):
            left, right = value(n.left), value(n.right)
            if isinstance(left, str) and isinstance(right, str):
                notes.append(quiz_text("typed_notes")["joined"])
                return left + right
        if (
            isinstance(n, ast.Call)
            and isinstance(n.func, ast.Attribute)
            and n.func.attr in _METHODS
            and not n.args
            and not n.keywords
        ):
            inner = value(n.func.value)
            if isinstance(inner, str):
                notes.append(quiz_text("typed_notes")["method"].format(method=n.func.attr))
                return getattr(inner, n.func.attr)()
        if isinstance(n, ast.Name) and len(n.id) <= 3:
            notes.append(quiz_text("typed_notes")["bare_name"].format(name=n.id, text=repr(n.id)))
            return n.id
        raise ValueError(ast.unparse(n)[:80])

    return value(node), notes


_SPLIT = re.compile(r"[\s,;/&+]+|\band\b", re.I)


def typed_to_keys(typed: object, order: list[str], *, many: bool) -> tuple[list[str], list[str]]:
    """The option keys a typed answer means, given the order the learner saw.

    ``typed`` holds the position labels shown before the options (``"B"``, ``"a, c"``, or a
    list of them), in any case, with spaces or look-alike letters. Returns ``(keys, notes)``;
    raises ``ValueError`` with a message for the learner when a label is not shown.
    """
    notes: list[str] = []
    if isinstance(typed, str):
        text, notes = plain_text(typed)
        parts = [p for p in _SPLIT.split(text.strip()) if p]
        if len(parts) == 1 and many and len(parts[0]) > 1 and parts[0].isalpha():
            parts = list(parts[0])  # "AC" for A and C
            notes.append(quiz_text("typed_notes")["run_together"])
    elif isinstance(typed, Iterable):
        parts = []
        for t in typed:
            text, more = plain_text(str(t))
            parts.append(text.strip())
            notes += more
    else:
        raise ValueError(f"type the letter shown before your choice, not {typed!r}")
    shown = labels(len(order))
    by_label = {label.lower(): key for label, key in zip(shown, order, strict=True)}
    keys = []
    for part in parts:
        p = part.strip().strip(".):(").lower()
        if p not in by_label:
            raise ValueError(f"{part!r} is not one of the letters shown ({', '.join(shown)})")
        keys.append(by_label[p])
    if not keys:
        raise ValueError("no answer yet")
    if not many and len(set(keys)) > 1:
        raise ValueError("choose only one option")
    return sorted(set(keys)), sorted(set(notes))


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
