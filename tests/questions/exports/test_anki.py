"""Anki export: the package opens as a zip holding a collection with one note per item; options
are lettered once and shuffled with a recorded seed; the review deck has ids of its own."""

from __future__ import annotations

import html
import re
import sqlite3
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from course.questions.exports import EXPORT_SEED, select_items
from course.questions.exports.anki import (
    DECK_NAME,
    REVIEW_DECK_NAME,
    build_deck,
    build_review_deck,
    card_order,
    card_sides,
    write_anki,
)
from course.questions.shuffle import option_order


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


def shown_options(front: str) -> list[str]:
    """The option texts of the (last) lettered list on a card front, in the order shown."""
    lists = re.findall(r'<ol class="options" type="a">(.*?)</ol>', front)
    assert lists, "no option list on the card"
    return [html.unescape(t) for t in re.findall(r"<li>(.*?)</li>", lists[-1])]


def test_practice_deck_holds_every_practice_item_and_no_assessment_item(bank, tmp_path):
    items = select_items(bank, use="practice")
    path = write_anki(items, tmp_path / "deck.apkg")
    notes = notes_in(path, tmp_path)
    assert sorted(fields[0] for _g, fields, _t in notes) == sorted(i.id for i in items)
    assert not {i.id for i in select_items(bank, use="assessment")} & {f[0] for _g, f, _t in notes}
    red = next(i for i in items if i.red_flag and i.type == "single")
    by_id = {fields[0]: (fields, tags) for _g, fields, tags in notes}
    fields, tags = by_id[red.id]
    assert "Red flag" in fields[1]
    assert "red-flag" in tags.split() and f"module::{red.module}" in tags.split()
    assert fields[4] == card_order(red, EXPORT_SEED)


def test_each_option_is_lettered_once_and_the_answer_names_the_letter_shown(bank):
    for item in bank.select(types=["single", "multiple"]):
        for seed in ("learner-1", "learner-2", EXPORT_SEED):
            front, back = card_sides(item, seed)
            order = option_order(item.id, [o.key for o in item.options], seed)
            texts = {o.key: o.text for o in item.options}
            assert shown_options(front) == [texts[k] for k in order]
            # no letter typed in front of an option: the list letters it
            assert not re.search(r"<li>\s*(<b>)?[a-z][.)]", front)
            letters = sorted("abcdefgh"[order.index(k)] for k in item.correct_keys)
            assert f"<b>Answer: {', '.join(letters)}</b>" in back
            for n, key in enumerate(order):
                verdict = "Right" if key in item.correct_keys else "Wrong"
                assert f"<b>{'abcdefgh'[n]}. {verdict}:</b>" in back


def test_options_are_shuffled_and_the_seed_is_recorded(bank):
    item = next(i for i in bank.select(types=["single"]) if len(i.options) >= 3)
    positions = set()
    for n in range(30):
        front, _back = card_sides(item, f"seed-{n}")
        positions.add(shown_options(front).index(item.option(item.answer).text))
        assert card_sides(item, f"seed-{n}") == (front, _back)  # the same seed, the same card
        keys = option_order(item.id, [o.key for o in item.options], f"seed-{n}")
        assert card_order(item, f"seed-{n}") == f"seed seed-{n}: {' '.join(keys)}"
    assert len(positions) == len(item.options)
    bank_front, _ = card_sides(item, None)
    assert shown_options(bank_front) == [o.text for o in item.options]


def test_case_steps_are_shuffled_per_step(bank):
    case = bank.select(types=["case"])[0]
    front, back = card_sides(case, "learner-9")
    order = card_order(case, "learner-9").split(": ", 1)[1].split(" | ")
    assert len(order) == len(case.steps)
    for n, (step, keys) in enumerate(zip(case.steps, order, strict=True), start=1):
        shown = option_order(f"{case.id}#{n}", [o.key for o in step.options], "learner-9")
        assert keys.split() == shown
        assert f"<b>Step {n}: {'abcdefgh'[shown.index(step.answer)]}</b>" in back
    assert case.scenario in front


def test_note_ids_are_stable_so_a_new_deck_updates_old_cards(bank, tmp_path):
    items = select_items(bank, use="practice")
    first = notes_in(write_anki(items, tmp_path / "a.apkg"), tmp_path / "a")
    second = notes_in(write_anki(items, tmp_path / "b.apkg"), tmp_path / "b")
    assert [g for g, _f, _t in first] == [g for g, _f, _t in second]


def test_the_review_deck_has_its_own_deck_id_and_note_ids(bank):
    items = select_items(bank, use="practice")
    main, review = build_deck(items), build_review_deck(items)
    assert main.name == DECK_NAME and review.name == REVIEW_DECK_NAME
    assert main.deck_id != review.deck_id
    assert not {n.guid for n in main.notes} & {n.guid for n in review.notes}
    assert {n.guid for n in build_review_deck(items).notes} == {n.guid for n in review.notes}
    assert all("to-review" in n.tags for n in review.notes)


def test_card_sides_for_numeric_and_text(bank):
    numeric = bank.select(types=["numeric"])[0]
    hinted = replace(numeric, stem="How much, in mmol/L? (You may type 2.8, 2,8 or 2.8 mmol/L.)")
    front, _back = card_sides(hinted)
    assert "How much, in mmol/L?" in front and "You may type" not in front
    _front, back = card_sides(numeric)
    assert f"Answer: {numeric.answer:g}" in back
    for d in numeric.distractors:
        assert f"{d.value:g}" in back
    written = bank.select(types=["text"])[0]
    _front, back = card_sides(written)
    assert "Model answer" in back and all(p in back for p in written.rubric)


def test_raw_html_in_the_bank_shows_as_text(bank):
    special = bank.item("m90-assess")
    front, _ = card_sides(special)
    assert "&lt;angle&gt;" in front and "<angle>" not in front


def test_an_empty_selection_is_refused_with_a_message(tmp_path):
    with pytest.raises(ValueError, match="no questions"):
        write_anki([], tmp_path / "empty.apkg")


def test_the_real_banks_practice_items_make_a_deck(tmp_path):
    from course.questions.bank import trainer_bank

    items = select_items(trainer_bank(), use="practice")
    notes = notes_in(write_anki(items, tmp_path / "course.apkg"), tmp_path)
    assert len(notes) == len(items) > 0
