"""Grade-CSV cells neutralised against CSV injection (OWASP), read back as a spreadsheet would."""

from __future__ import annotations

import csv
import io

import pytest

from course.csvsafe import FORMULA_STARTS, safe_cell, safe_row

ATTACKS = [
    '=HYPERLINK("http://example.invalid","click")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("value", ATTACKS)
def test_a_cell_that_could_start_a_formula_gets_a_quote(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["quiz_01.ipynb", "a=b", "", "Ní Bhriain", "50%"])
def test_ordinary_text_is_unchanged(value):
    assert safe_cell(value) == value


@pytest.mark.parametrize("value", [-0.5, 3, None, "-0.5", "+2", "-12"])
def test_numbers_stay_numbers(value):
    assert safe_cell(value) == value


def test_a_row_keeps_its_id_column_and_survives_a_csv_round_trip():
    row = {"student_id": "-s01", "original": ATTACKS[1], "score": -1.5, "percent": "=1"}
    safe = safe_row(row, keep={"student_id"})
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(row))
    writer.writeheader()
    writer.writerow(safe)
    back = next(csv.DictReader(io.StringIO(buf.getvalue())))
    assert back["student_id"] == "-s01"
    assert back["original"] == "'" + ATTACKS[1] and back["percent"] == "'=1"
    assert back["score"] == "-1.5"
    assert not any(
        v.startswith(FORMULA_STARTS) and k != "student_id" and v != "-1.5" for k, v in back.items()
    )
