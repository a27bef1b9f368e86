"""The question bank in formats other tools read.

Moodle XML and GIFT for trainers who run quizzes in a learning management system, and an Anki deck
for learners.

Each exporter takes a list of :class:`course.questions.bank.Item` (see :func:`select_items`) and
returns
text or writes a file; none of them changes the bank.

Options are written in the order :func:`course.questions.shuffle.option_order` gives for a recorded
seed
(:data:`EXPORT_SEED` unless the trainer passes another), so the right answer is not always first
and the same seed always writes the same file. Numeric stems are made to read the same in any
locale (see :func:`portable_numeric_stem`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import TypeVar

from course.errors import UserInputError
from course.questions.bank import Bank, Item
from course.questions.shuffle import option_order

#: the seed exports shuffle options with unless another is given (recorded in every file)
EXPORT_SEED = "bone-secondaries-export-1"
#: what a numeric question adds so no LMS reads "2,94" as 294
DECIMAL_POINT_NOTE = "Use a decimal point, not a comma"

_K = TypeVar("_K")

USE_CHOICES = ("practice", "assessment", "all")


def select_items(bank: Bank, module: str | None = None, use: str = "all") -> list[Item]:
    """The bank's items for one module (or all) and one use, in bank order.

    ``use`` is ``practice``, ``assessment`` or ``all``.

    Raises
    ------
    UserInputError
        For a module that is not in the bank (naming the ones that are); a ``ValueError``.
    ValueError
        For an unknown ``use``.
    """
    if use not in USE_CHOICES:
        raise ValueError(f"use must be one of {', '.join(USE_CHOICES)}, not {use!r}")
    if module is not None:
        matches = [m for m in bank.modules if m == module or m.startswith(f"{module}_")]
        if len(matches) != 1:
            raise UserInputError(
                f"No single module {module!r} in the bank; the modules are "
                f"{', '.join(sorted(bank.modules))} (a number such as 05 is enough)."
            )
        module = matches[0]
    return bank.select(module=module, use=None if use == "all" else use)


@lru_cache(maxsize=1)
def _renderer():
    import mistune

    return mistune.create_markdown(escape=True, plugins=["strikethrough", "table"])


def markdown_html(text: str) -> str:
    """A bank string (Markdown) as an HTML fragment, without a trailing newline.

    Raw HTML in the bank is escaped, so a ``<`` typed in a question always shows as ``<``.
    """
    return _renderer()(text or "").strip()


def inline_html(text: str) -> str:
    """Like :func:`markdown_html`, without the ``<p>`` around a single paragraph."""
    body = markdown_html(text)
    if body.startswith("<p>") and body.endswith("</p>") and body.count("<p>") == 1:
        return body[3:-4]
    return body


def ordered(item_id: str, options: Sequence[_K], seed: str | int | None) -> list[_K]:
    """``options`` (anything with a ``key``) in the order ``seed`` gives for ``item_id``.

    ``seed=None`` keeps the bank's order.
    """
    by_key = {o.key: o for o in options}  # type: ignore[attr-defined]
    return [by_key[k] for k in option_order(item_id, list(by_key), seed)]


_PARENTHESIS = re.compile(r"\s*\(([^()]*)\)")
_DECIMAL_COMMA = re.compile(r"\d,\d")


def portable_numeric_stem(stem: str) -> str:
    """A numeric item's stem without the course's own typing hints that mention a decimal comma.

    The course's self-checks accept ``2,8``; an English-locale Moodle reads ``2,8`` as 28, so a
    stem that says "2,8 is fine" would mislead there. Inside each bracket, every clause (split
    at ``;`` or a full stop) that holds a decimal comma is dropped, and a bracket left empty
    goes. A decimal comma elsewhere in the stem is kept (see :func:`locale_problems`).
    """

    def fix(match: re.Match) -> str:
        inner = match.group(1)
        if not _DECIMAL_COMMA.search(inner):
            return match.group(0)
        clauses = [c.strip() for c in re.split(r";\s*|\.(?:\s+|$)", inner) if c.strip()]
        kept = [c for c in clauses if not _DECIMAL_COMMA.search(c)]
        if not kept:
            return ""
        lead = match.group(0)[: len(match.group(0)) - len(match.group(0).lstrip())]
        return f"{lead}({'; '.join(kept)}.)"

    return _PARENTHESIS.sub(fix, stem).strip()


def locale_problems(items: Sequence[Item]) -> list[str]:
    """Items whose exported text would still show a decimal comma, as ``"<id>: <text>"``."""
    out = []
    for item in items:
        texts = [portable_numeric_stem(item.stem) if item.type == "numeric" else item.stem]
        texts += [o.text for o in item.options]
        for text in texts:
            found = _DECIMAL_COMMA.search(text)
            if found:
                start = max(found.start() - 20, 0)
                out.append(f"{item.id}: ...{text[start : found.end() + 20]}...")
                break
    return out


def number_text(value: float) -> str:
    """A number as every LMS reads it: a decimal point, no exponent, no trailing zeros."""
    text = f"{float(value):.10f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
