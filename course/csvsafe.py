"""Spreadsheet-safe CSV cells (CSV or "formula" injection).

A spreadsheet opening a CSV runs any cell that starts with ``=``, ``+``, ``-`` or ``@`` as a
formula (and some also after a leading tab or carriage return), so a learner's file named
``=HYPERLINK(...)`` would become a live link or command in a trainer's grade sheet. Following
OWASP's CSV-injection guidance, such a text cell is written with a single quote in front, which
the spreadsheet shows as text; the ``csv`` module already quotes separators and quote marks.

Numbers (and text that is exactly a number, such as ``-0.5``) are left as they are, so scores
stay numbers; columns named in ``keep`` (an id column the LMS matches on) are never changed.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import TypeVar

#: the characters that make a spreadsheet read a cell as a formula (OWASP)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

_T = TypeVar("_T")


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return text.strip() == text and text.lower() not in ("nan", "inf", "-inf", "+inf")


def safe_cell(value: _T) -> _T | str:
    """``value`` as a cell no spreadsheet runs as a formula.

    A string starting with one of :data:`FORMULA_STARTS` gets a ``'`` in front, unless it is
    exactly a number; anything else is returned unchanged.

    Examples
    --------
    >>> print(safe_cell("=HYPERLINK('http://x')"))
    '=HYPERLINK('http://x')
    >>> safe_cell("-0.5"), safe_cell(-2), safe_cell("quiz_01.ipynb")
    ('-0.5', -2, 'quiz_01.ipynb')
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _is_number(value):
        return "'" + value
    return value


def safe_row(row: Mapping[str, _T], keep: Collection[str] = ()) -> dict[str, _T | str]:
    """A ``csv.DictWriter`` row with :func:`safe_cell` applied to every column not in ``keep``."""
    return {name: value if name in keep else safe_cell(value) for name, value in row.items()}
