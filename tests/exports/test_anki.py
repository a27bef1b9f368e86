"""Anki export: the package opens as a zip holding a collection with one note per item."""

from __future__ import annotations

import sqlite3
import zipfile
from pathlib import Path

import pytest

from course.exports import select_items
from course.exports.anki import card_sides, write_anki


def notes_in(package: Path, tmp_path: Path) -> list[tuple[str, list[str], str]]:
    with zipfile.ZipFile(package) as archive:
        assert "collection.anki2" in archive.namelist()
        archive.extract("collection.anki2", tmp_path)
    conn = sqlite3.connect(tmp_path / "collection.anki2")
    try:
        rows = conn.execute("SELECT guid, flds, tags FROM notes ORDER BY id").fetchall()
        assert conn.execute("SELECT count(*) FROM cards").fetchone()[0] == len(rows)
    finally:
        conn.close()
    return [(guid, flds.split("\x1f"), tags) for guid, flds, tags in rows]


def test_practice_deck_holds_every_practice_item_and_no_assessment_item(bank, tmp_path):
    items = select_items(bank, use="practice")
    path = write_anki(items, tmp_path / "deck.apkg")
    notes = notes_in(path, tmp_path)
    assert sorted(fields[0] for _g, fields, _t in notes) == sorted(i.id for i in items)
    assert "m90-assess" not in {fields[0] for _g, fields, _t in notes}
    by_id = {fields[0]: (fields, tags) for _g, fields, tags in notes}
    fields, tags = by_id["m90-red-flag"]
    assert "Red flag" in fields[1] and "Legs that feel heavy when walking" in fields[1]
    assert "Answer: a" in fields[2] and "Every symptom is equally urgent." in fields[2]
    assert "red-flag" in tags.split() and "module::90_selftest" in tags.split()


def test_note_ids_are_stable_so_a_new_deck_updates_old_cards(bank, tmp_path):
    items = select_items(bank, use="practice")
    first = notes_in(write_anki(items, tmp_path / "a.apkg"), tmp_path / "a")
    second = notes_in(write_anki(items, tmp_path / "b.apkg"), tmp_path / "b")
    assert [g for g, _f, _t in first] == [g for g, _f, _t in second]


def test_card_sides_for_each_type(bank):
    numeric_front, numeric_back = card_sides(bank.item("m90-calcium"))
    assert "Answer: 2.8 mmol/L" in numeric_back and "2.2 mmol/L" in numeric_back
    _front, text_back = card_sides(bank.item("m90-explain"))
    assert "Model answer" in text_back and "Names the spinal cord" in text_back
    case_front, case_back = card_sides(bank.item("m90-case"))
    assert "Mrs Case" in case_front and "Step 2: a" in case_back
    special_front, _ = card_sides(bank.item("m90-assess"))
    assert "&lt;angle&gt;" in special_front and "<angle>" not in special_front


def test_an_empty_selection_is_refused_with_a_message(tmp_path):
    with pytest.raises(ValueError, match="no questions"):
        write_anki([], tmp_path / "empty.apkg")


def test_the_real_banks_practice_items_make_a_deck(tmp_path):
    from course.bank import default_bank

    items = select_items(default_bank(), use="practice")
    notes = notes_in(write_anki(items, tmp_path / "course.apkg"), tmp_path)
    assert len(notes) == len(items) > 0
