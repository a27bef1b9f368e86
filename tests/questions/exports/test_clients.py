"""The exports opened by the programs people use: the ``anki`` package imports the decks into a
fresh collection, and ``gift-pegjs`` (the parser behind the VS Code GIFT extension) reads the
GIFT file. See ``clients.py`` for how a missing client is handled."""

from __future__ import annotations

import html
import re

import genanki
import pytest

from course.learner.review_schedule import missed_and_due
from course.questions.bank import trainer_bank
from course.questions.exports import EXPORT_SEED, number_text, ordered, select_items
from course.questions.exports.anki import (
    GUID_SPACE,
    REVIEW_DECK_NAME,
    REVIEW_GUID_SPACE,
    write_anki,
)
from course.questions.exports.gift import essay_feedback, write_gift


def import_into(collection, package) -> int:
    """Import an ``.apkg`` into an open collection; return how many notes it added."""
    from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest

    response = collection.import_anki_package(
        ImportAnkiPackageRequest(
            package_path=str(package), options=ImportAnkiPackageOptions(with_scheduling=True)
        )
    )
    return len(response.log.new)


def notes_of(collection, query: str = "") -> dict[str, object]:
    return {collection.get_note(nid)["Id"]: collection.get_note(nid) for nid in
            collection.find_notes(query)}  # fmt: skip


@pytest.fixture
def collection(anki_collection):
    return anki_collection


def test_anki_imports_the_bank_deck_with_its_notes_fields_and_ids(bank, tmp_path, collection):
    items = select_items(bank, use="practice")
    added = import_into(collection, write_anki(items, tmp_path / "bank.apkg"))
    assert added == len(items)
    notes = notes_of(collection)
    assert set(notes) == {i.id for i in items}
    for item in items:
        note = notes[item.id]
        assert note.guid == genanki.guid_for(GUID_SPACE, item.id)
        assert list(note.keys()) == ["Id", "Front", "Back", "Source", "Order"]
        assert html.unescape(note["Source"]) == item.source
        if item.type in ("single", "multiple"):
            shown = re.findall(r"<li>(.*?)</li>", note["Front"])
            assert [html.unescape(t) for t in shown] == [
                o.text for o in ordered(item.id, item.options, EXPORT_SEED)
            ]
            assert note["Order"].startswith(f"seed {EXPORT_SEED}: ")
    assert collection.card_count() == len(items)
    # a second import of the same deck updates, never duplicates
    assert import_into(collection, write_anki(items, tmp_path / "again.apkg")) == 0
    assert len(collection.find_notes("")) == len(items)


def test_the_review_deck_adds_exactly_the_missed_cards_beside_the_bank_deck(
    bank, store, tmp_path, collection
):
    items = select_items(bank, use="practice")
    import_into(collection, write_anki(items, tmp_path / "bank.apkg"))
    before = collection.card_count()
    missed = missed_and_due(store, bank, "2026-03-04")
    assert 0 < len(missed) < len(items)
    added = import_into(collection, write_anki(missed, tmp_path / "review.apkg", review=True))
    assert added == len(missed)
    assert collection.card_count() == before + len(missed)
    in_review = notes_of(collection, f'"deck:{REVIEW_DECK_NAME}"')
    assert set(in_review) == {i.id for i in missed}
    assert all(n.guid == genanki.guid_for(REVIEW_GUID_SPACE, i) for i, n in in_review.items())
    # the bank deck is untouched: still one note per practice item
    in_bank = notes_of(
        collection, f'"deck:{REVIEW_DECK_NAME.split("::")[0]}" -"deck:{REVIEW_DECK_NAME}"'
    )
    assert set(in_bank) == {i.id for i in items}


def test_the_real_banks_deck_imports_into_anki(tmp_path, collection):
    items = select_items(trainer_bank(), use="practice")
    assert import_into(collection, write_anki(items, tmp_path / "course.apkg")) == len(items)


def gift_questions(parse_gift, items, tmp_path, seed=EXPORT_SEED) -> dict[str, dict]:
    parsed = parse_gift(write_gift(items, tmp_path / "bank.gift.txt", seed=seed))
    questions = [q for q in parsed if q["type"] != "Category"]
    assert len({q["title"] for q in questions}) == len(questions)
    return {q["title"]: q for q in questions}


def test_gift_pegjs_reads_points_feedback_and_tolerances(bank, tmp_path, gift_parser):
    items = select_items(bank)
    qs = gift_questions(gift_parser, items, tmp_path)
    for item in items:
        if item.type == "case":
            for n, step in enumerate(item.steps, start=1):
                q = qs[f"{item.id}#{n}"]
                assert q["type"] == "MC" and q["id"] == f"{item.id}#{n}"
                shown = ordered(f"{item.id}#{n}", step.options, EXPORT_SEED)
                assert [c["text"]["text"] for c in q["choices"]] == [o.text for o in shown]
                assert [c["isCorrect"] for c in q["choices"]] == [
                    o.key == step.answer for o in shown
                ]
                assert f"points-{number_text(item.points / len(item.steps))}" in q["tags"]
            continue
        q = qs[item.id]
        assert q["id"] == item.id
        assert f"points-{number_text(item.points)}" in q["tags"]
        assert f"objective-{item.objective}" in q["tags"]
        assert ("red-flag" in q["tags"]) == item.red_flag
        if item.type in ("single", "multiple"):
            assert q["type"] == "MC"
            assert q["globalFeedback"]["text"] == item.explanation
            shown = ordered(item.id, item.options, EXPORT_SEED)
            assert [c["text"]["text"] for c in q["choices"]] == [o.text for o in shown]
            for option, choice in zip(shown, q["choices"], strict=True):
                assert choice["feedback"]["text"].startswith(option.feedback.strip())
                if item.type == "single":
                    assert choice["isCorrect"] == (option.key == item.answer)
                else:
                    share = 100 / len(item.correct_keys)
                    expected = share if option.key in item.correct_keys else -share
                    assert choice["weight"] == pytest.approx(expected, abs=1e-4)
        elif item.type == "numeric":
            assert q["type"] == "Numerical"
            right, *wrong, other = q["choices"]
            assert right["text"] == {
                "type": "range", "number": item.answer, "range": item.tolerance
            }  # fmt: skip
            assert right["weight"] is None and right["feedback"]["text"] == item.feedback_correct
            assert [(c["text"]["number"], c["weight"]) for c in wrong] == [
                (d.value, 0) for d in item.distractors
            ]
            assert all(c["text"]["range"] == item.tolerance for c in wrong)
            assert other["text"]["text"] == "*"
            assert other["feedback"]["text"] == item.feedback_wrong
            assert item.unit in q["stem"]["text"] and "decimal point" in q["stem"]["text"]
        elif item.type == "text":
            assert q["type"] == "Essay"
            assert q["globalFeedback"]["text"] == essay_feedback(item)
            assert item.model_answer in q["globalFeedback"]["text"]
            assert all(p in q["globalFeedback"]["text"] for p in item.rubric)


def test_gift_pegjs_reads_special_characters_back_exactly(bank, tmp_path, gift_parser):
    import self_assessment_data as data

    q = gift_questions(gift_parser, select_items(bank), tmp_path)["m90-assess"]
    assert q["stem"]["text"] == f"Special characters: {data.SPECIAL}?"
    texts = [c["text"]["text"] for c in q["choices"]]
    assert f"Right: {data.SPECIAL}" in texts


def test_gift_pegjs_reads_the_whole_real_bank(tmp_path, gift_parser):
    bank = trainer_bank()
    qs = gift_questions(gift_parser, list(bank), tmp_path)
    assert len(qs) == sum(len(i.steps) if i.type == "case" else 1 for i in bank)
    numeric = [q for q in qs.values() if q["type"] == "Numerical"]
    assert numeric and all(q["choices"][-1]["text"]["text"] == "*" for q in numeric)
    assert not [q["title"] for q in numeric if re.search(r"\d,\d", q["stem"]["text"])]
