"""The trainer's live view without a hub: reading learners' files and summing up the room."""

from __future__ import annotations

import sqlite3

from course.delivery.hub.liveview import (
    current_module,
    pseudonym,
    read_attempts,
    render,
    room_summary,
)
from course.learner.store import Attempt, ProgressStore
from course.questions.bank import default_bank

MODULE = "01_bone_biology"


def _single_red_flag():
    items = [
        i
        for i in default_bank().select(use="practice", red_flag=True, types=["single"])
        if any(o.misconception for o in i.options)
    ]
    assert items, "the bank has a single-choice red-flag self-check with misconceptions"
    return items[0]


def _attempt(n: int, item, key: str, confidence: str | None, ts: str) -> Attempt:
    return Attempt(
        n,
        item.id,
        item.module,
        key,
        key == item.answer,
        float(key == item.answer),
        confidence,
        ts,
        3.0,
    )


def test_read_attempts_sees_answers_still_in_the_write_ahead_log(tmp_path):
    path = tmp_path / "progress.sqlite"
    store = ProgressStore(path)
    keep_open = sqlite3.connect(path)  # a learner's kernel holding the file: no checkpoint
    keep_open.execute("PRAGMA wal_autocheckpoint = 0")
    store.record("m01-vicious-cycle", MODULE, "b", False, 0.0, "sure", 4.0)
    before = path.read_bytes()
    got = read_attempts(path)
    keep_open.close()
    assert [(a.item_id, a.answer, a.confidence) for a in got] == [
        ("m01-vicious-cycle", "b", "sure")
    ]
    assert path.read_bytes() == before, "the learner's file is not changed by reading it"
    assert read_attempts(tmp_path / "none.sqlite") == []


def test_room_summary_counts_first_answers_and_confident_errors_on_red_flags():
    item = _single_red_flag()
    wrong = next(o for o in item.options if o.key != item.answer and o.misconception)
    attempts = {
        "ann": [
            _attempt(1, item, wrong.key, "sure", "2026-11-30T10:00:00"),
            _attempt(2, item, item.answer, "sure", "2026-11-30T10:01:00"),  # second try
        ],
        "bob": [_attempt(1, item, item.answer, "guessing", "2026-11-30T10:00:30")],
        "cat": [_attempt(1, item, wrong.key, "guessing", "2026-11-30T10:00:40")],
        "dan": [],
    }
    assert current_module(attempts) == item.module
    summary = room_summary(default_bank(), item.module, attempts, label=lambda n: n.upper())
    assert summary["learners"] == 4
    got = next(i for i in summary["items"] if i["id"] == item.id)
    assert got["answered"] == 3 and got["right_first_time"] == 1 and got["red_flag"]
    spread = {o["key"]: o for o in got["options"]}
    assert spread[wrong.key]["count"] == 2 and not spread[wrong.key]["correct"]
    assert spread[wrong.key]["misconception"] == wrong.misconception
    assert spread[item.answer]["count"] == 1 and spread[item.answer]["correct"]
    assert got["confidently_wrong"] == [
        {"learner": "ANN", "answer": wrong.key, "confidence": "sure"}
    ], "only ann was wrong and sure (cat guessed; ann's later right answer does not hide it)"
    others = [i for i in summary["items"] if i["id"] != item.id]
    assert all(i["answered"] == 0 for i in others)


def test_the_page_is_anonymous_unless_asked():
    item = _single_red_flag()
    wrong = next(o for o in item.options if o.key != item.answer)
    attempts = {"zoe-smith": [_attempt(1, item, wrong.key, "sure", "2026-11-30T10:00:00")]}
    key = b"k" * 16
    label = pseudonym("zoe-smith", key)
    assert label != pseudonym("amy", key) and "zoe" not in label
    page = render(
        room_summary(default_bank(), item.module, attempts, lambda n: pseudonym(n, key)),
        [MODULE],
        names=False,
    )
    assert "zoe" not in page and label in page and "Wrong and sure" in page
    named = render(room_summary(default_bank(), item.module, attempts), [MODULE], names=True)
    assert "zoe-smith" in named
    assert "<script" not in page


def test_the_page_escapes_what_learners_wrote():
    """A learner's answer and user name reach the trainer's page as text, never as markup."""
    item = next(
        i for i in default_bank().select(module=MODULE, red_flag=True) if i.type == "single"
    )
    wrong = next(o for o in item.options if o.key != item.answer)
    hostile = "<script>alert(1)</script>"
    attempts = {f"x{hostile}": [_attempt(1, item, wrong.key, "sure", "2026-11-30T10:00:00")]}
    summary = room_summary(default_bank(), item.module, attempts)
    row = next(i for i in summary["items"] if i["id"] == item.id)
    assert row["confidently_wrong"], "the hostile learner was wrong and sure"
    row["confidently_wrong"][0]["answer"] = hostile
    page = render(summary, [MODULE, hostile], names=True)
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert page.lstrip().startswith("<!doctype html>")
