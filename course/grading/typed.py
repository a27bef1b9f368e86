"""What a learner typed, read as they meant it: option letters, look-alike letters, expressions.

A typed answer (``answer_1 = "b"``) is read without running anything: :func:`read_expression`
takes the simple expressions a learner might write, :func:`plain_text` folds full-width and
look-alike letters, and :func:`typed_to_keys` turns the letters shown before the options
(:func:`labels`) into option keys. Each reading that changed something is named in a note for
the trainer. Imported in the learner's kernel and by the grader: standard library only (the
notes' wording is read from ``text.yml`` when a note is made).
"""

from __future__ import annotations

import ast
import re
import unicodedata
from collections.abc import Iterable

from course.grading.text import text as quiz_text


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
