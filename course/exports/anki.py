"""The question bank as an Anki deck (``.apkg``, written with ``genanki``) for learners.

One note per item: the front shows the question (and, for a choice question, its options); the
back shows the answer, why, the feedback on each wrong option with the misconception it reveals,
and the source. A case becomes one note with its steps in order. Notes keep stable ids
(from the item id), so importing a newer deck updates the cards instead of duplicating them, and
Anki's own scheduler then keeps learners' review history.

By default only **practice** items are exported: assessment items are for graded quizzes, and
a deck would hand their answers to learners.
"""

from __future__ import annotations

import hashlib
import html
import os
from collections.abc import Iterable
from pathlib import Path

from course.bank import Item, Option
from course.exports import inline_html, markdown_html

DECK_NAME = "Bone Secondaries"

_CSS = """
.card { font-family: sans-serif; font-size: 18px; text-align: left; color: #000; background: #fff; }
.options li { margin: 0.3em 0; }
.right { border-left: 4px solid #009E73; padding-left: 0.5em; }
.wrong { border-left: 4px solid #D55E00; padding-left: 0.5em; }
.meta { color: #555; font-size: 14px; }
.redflag { font-weight: bold; }
"""


def _stable_id(name: str) -> int:
    """A fixed id for a model or deck (Anki wants 31-bit-ish positive integers)."""
    return (1 << 30) + int.from_bytes(hashlib.sha256(name.encode()).digest()[:4], "big") % (1 << 30)


def _model():
    import genanki

    return genanki.Model(
        _stable_id("bone-secondaries-model-v1"),
        "Bone Secondaries question",
        fields=[{"name": "Id"}, {"name": "Front"}, {"name": "Back"}, {"name": "Source"}],
        templates=[
            {
                "name": "Question",
                "qfmt": "{{Front}}",
                "afmt": '{{FrontSide}}<hr id="answer">{{Back}}'
                '<p class="meta">{{Source}} · {{Id}}</p>',
            }
        ],
        css=_CSS,
    )


def _options_html(options: Iterable[Option]) -> str:
    items = "".join(f"<li><b>{o.key}.</b> {inline_html(o.text)}</li>" for o in options)
    return f'<ol class="options" type="a">{items}</ol>'


def _feedback_html(options: Iterable[Option], right: frozenset[str]) -> str:
    parts = []
    for o in options:
        css, word = ("right", "Right") if o.key in right else ("wrong", "Wrong")
        mis = f" <i>Misconception: {inline_html(o.misconception)}</i>" if o.misconception else ""
        parts.append(
            f'<div class="{css}"><b>{o.key}. {word}:</b> {inline_html(o.feedback)}{mis}</div>'
        )
    return "".join(parts)


def card_sides(item: Item) -> tuple[str, str]:
    """The front and back of an item's card, as HTML."""
    flag = '<p class="redflag">⚠ Red flag</p>' if item.red_flag else ""
    scenario = markdown_html(item.scenario) if item.scenario else ""
    front = flag + scenario + markdown_html(item.stem)
    why = f"<p><b>Why:</b> {inline_html(item.explanation)}</p>"
    if item.type in ("single", "multiple"):
        front += _options_html(item.options)
        keys = ", ".join(sorted(item.correct_keys))
        back = (
            f"<p><b>Answer: {keys}</b></p>" + why + _feedback_html(item.options, item.correct_keys)
        )
    elif item.type == "numeric":
        unit = f" {html.escape(item.unit)}" if item.unit else ""
        back = (
            f"<p><b>Answer: {float(item.answer):g}{unit}</b> (± {item.tolerance:g})</p>"
            + markdown_html(item.feedback_correct)
            + why
        )
        for d in item.distractors:
            mis = (
                f" <i>Misconception: {inline_html(d.misconception)}</i>" if d.misconception else ""
            )
            back += (
                f'<div class="wrong"><b>{d.value:g}{unit}:</b> {inline_html(d.feedback)}{mis}</div>'
            )
    elif item.type == "text":
        points = "".join(f"<li>{inline_html(p)}</li>" for p in item.rubric)
        back = (
            "<p><b>Model answer:</b></p>"
            + markdown_html(item.model_answer)
            + f"<p><b>A full answer covers:</b></p><ul>{points}</ul>"
            + why
        )
    else:  # case
        steps = "".join(
            f"<li>{inline_html(s.stem)}{_options_html(s.options)}</li>" for s in item.steps
        )
        front += f"<ol>{steps}</ol><p>Decide each step in order.</p>"
        answers = "".join(
            f"<li><b>Step {n}: {s.answer}</b>. {inline_html(s.option(s.answer).feedback)}"
            f"{_feedback_html([o for o in s.options if o.key != s.answer], frozenset())}</li>"
            for n, s in enumerate(item.steps, start=1)
        )
        back = f"<ol>{answers}</ol>" + why
    return front, back


def build_deck(items: Iterable[Item], name: str = DECK_NAME):
    """A ``genanki.Deck`` with one note per item (tags: module, objective, red-flag)."""
    import genanki

    model = _model()
    deck = genanki.Deck(_stable_id(f"deck:{name}"), name)
    for item in items:
        front, back = card_sides(item)
        tags = [f"module::{item.module}", f"objective::{item.objective}", item.use]
        tags += [t.replace(" ", "_") for t in item.tags]
        if item.red_flag:
            tags.append("red-flag")
        deck.add_note(
            genanki.Note(
                model=model,
                fields=[item.id, front, back, html.escape(item.source)],
                tags=tags,
                guid=genanki.guid_for("bone-secondaries", item.id),
            )
        )
    return deck


def write_anki(items: Iterable[Item], path: str | os.PathLike, name: str = DECK_NAME) -> Path:
    """Write the items as an Anki package (``.apkg``) to ``path`` and return the path.

    Raises
    ------
    ValueError
        When there are no items to export.
    """
    import genanki

    items = list(items)
    if not items:
        raise ValueError("There are no questions to put in the deck (check --module and --use).")
    path = Path(path)
    genanki.Package(build_deck(items, name)).write_to_file(str(path))
    return path
