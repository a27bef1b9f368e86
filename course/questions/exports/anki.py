"""The question bank as an Anki deck (``.apkg``, written with ``genanki``) for learners.

One note per item: the front shows the question (and, for a choice question, its options,
lettered once, in the order :func:`course.questions.shuffle.option_order` gives for the deck's
seed); the
back shows the answer by the letter the card shows, why, the feedback on each wrong option with
the misconception it reveals, and the source. A case becomes one note with its steps in order.
The seed and the order of the bank's option keys are kept in the note's ``Order`` field, which
no card shows. Notes keep stable ids (from the item id), so importing a newer deck updates the
cards instead of duplicating them, and Anki's own scheduler then keeps learners' review history.

Two decks, with their own deck ids and note ids, so both can live in one collection:

- the **bank deck** (:func:`build_deck`), by default of the **practice** items only: assessment
  items are for graded quizzes, and a deck would hand their answers to learners;
- a learner's **review deck** (:func:`build_review_deck`), a sub-deck of the bank deck holding
  only the items they got wrong last time or that are due for review. Its notes are new notes
  (another id space), so importing it beside the bank deck adds exactly those cards.
"""

from __future__ import annotations

import hashlib
import html
import os
from collections.abc import Iterable
from pathlib import Path

from course.bibliography import render_source
from course.errors import ContentError
from course.palette import GREYS, PALETTE, ROLE_COLOURS
from course.questions.bank import Item, Option
from course.questions.exports import (
    EXPORT_SEED,
    inline_html,
    markdown_html,
    number_text,
    ordered,
    portable_numeric_stem,
)

DECK_NAME = "Bone Secondaries"
REVIEW_DECK_NAME = f"{DECK_NAME}::To review"
#: the namespaces of the two decks' note ids (Anki's ``guid``)
GUID_SPACE = "bone-secondaries"
REVIEW_GUID_SPACE = "bone-secondaries-review"

_CSS = f"""
.card {{ font-family: sans-serif; font-size: 18px; text-align: left; color: {PALETTE["black"]};
  background: {GREYS["white"]}; }}
.options li {{ margin: 0.3em 0; }}
.right {{ border-left: 4px solid {ROLE_COLOURS["normal"]}; padding-left: 0.5em; }}
.wrong {{ border-left: 4px solid {ROLE_COLOURS["severe"]}; padding-left: 0.5em; }}
.meta {{ color: {GREYS["line"]}; font-size: 14px; }}
.redflag {{ font-weight: bold; }}
"""


def _source(item: Item) -> str:
    """The item's sources as publications (a bank outside the course may use its own text)."""
    try:
        return html.escape(render_source(item.source))
    except ContentError:
        return html.escape(item.source)


def _stable_id(name: str) -> int:
    """A fixed id for a model or deck (Anki wants 31-bit-ish positive integers)."""
    return (1 << 30) + int.from_bytes(hashlib.sha256(name.encode()).digest()[:4], "big") % (1 << 30)


def _model():
    import genanki

    return genanki.Model(
        _stable_id("bone-secondaries-model-v2"),
        "Bone Secondaries question",
        fields=[
            {"name": "Id"},
            {"name": "Front"},
            {"name": "Back"},
            {"name": "Source"},
            {"name": "Order"},
        ],
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


LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _options_html(options: list[Option]) -> str:
    """The options as a list lettered a, b, c... by the list itself (the letter shows once)."""
    items = "".join(f"<li>{inline_html(o.text)}</li>" for o in options)
    return f'<ol class="options" type="a">{items}</ol>'


def _feedback_html(options: list[Option], right: frozenset[str], letters: dict[str, str]) -> str:
    parts = []
    for o in options:
        css, word = ("right", "Right") if o.key in right else ("wrong", "Wrong")
        mis = f" <i>Misconception: {inline_html(o.misconception)}</i>" if o.misconception else ""
        parts.append(
            f'<div class="{css}"><b>{letters[o.key]}. {word}:</b> {inline_html(o.feedback)}{mis}'
            "</div>"
        )
    return "".join(parts)


def _letters(options: list[Option]) -> dict[str, str]:
    return {o.key: LETTERS[n] for n, o in enumerate(options)}


def card_order(item: Item, seed: str | int | None = EXPORT_SEED) -> str:
    """What the hidden ``Order`` field records.

    The seed and the bank keys in the order shown (a case: one group per step, separated by ``|``).
    """
    if item.type in ("single", "multiple"):
        groups = [" ".join(o.key for o in ordered(item.id, item.options, seed))]
    elif item.type == "case":
        groups = [
            " ".join(o.key for o in ordered(f"{item.id}#{n}", s.options, seed))
            for n, s in enumerate(item.steps, start=1)
        ]
    else:
        return ""
    return f"seed {seed}: " + " | ".join(groups)


def card_sides(item: Item, seed: str | int | None = EXPORT_SEED) -> tuple[str, str]:
    """The front and back of an item's card, as HTML, options in ``seed``'s order."""
    flag = '<p class="redflag">⚠ Red flag</p>' if item.red_flag else ""
    scenario = markdown_html(item.scenario) if item.scenario else ""
    # a card is marked by the learner, so the self-checks' typing hints have no place on it
    stem = portable_numeric_stem(item.stem) if item.type == "numeric" else item.stem
    front = flag + scenario + markdown_html(stem)
    why = f"<p><b>Why:</b> {inline_html(item.explanation)}</p>"
    if item.type in ("single", "multiple"):
        options = ordered(item.id, item.options, seed)
        letters = _letters(options)
        front += _options_html(options)
        keys = ", ".join(sorted(letters[k] for k in item.correct_keys))
        back = (
            f"<p><b>Answer: {keys}</b></p>"
            + why
            + _feedback_html(options, item.correct_keys, letters)
        )
    elif item.type == "numeric":
        unit = f" {html.escape(item.unit)}" if item.unit else ""
        back = (
            f"<p><b>Answer: {number_text(item.answer)}{unit}</b>"
            f" (± {number_text(item.tolerance)})</p>" + markdown_html(item.feedback_correct) + why
        )
        for d in item.distractors:
            mis = (
                f" <i>Misconception: {inline_html(d.misconception)}</i>" if d.misconception else ""
            )
            back += (
                f'<div class="wrong"><b>{number_text(d.value)}{unit}:</b> '
                f"{inline_html(d.feedback)}{mis}</div>"
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
        steps, answers = [], []
        for n, s in enumerate(item.steps, start=1):
            options = ordered(f"{item.id}#{n}", s.options, seed)
            letters = _letters(options)
            steps.append(f"<li>{inline_html(s.stem)}{_options_html(options)}</li>")
            others = [o for o in options if o.key != s.answer]
            right = inline_html(s.option(s.answer).feedback)
            answers.append(
                f"<li><b>Step {n}: {letters[s.answer]}</b>. {right}"
                f"{_feedback_html(others, frozenset(), letters)}</li>"
            )
        front += f"<ol>{''.join(steps)}</ol><p>Decide each step in order.</p>"
        back = f"<ol>{''.join(answers)}</ol>" + why
    return front, back


def build_deck(
    items: Iterable[Item],
    name: str = DECK_NAME,
    seed: str | int | None = EXPORT_SEED,
    guid_space: str = GUID_SPACE,
    extra_tags: Iterable[str] = (),
):
    """A ``genanki.Deck`` with one note per item (tags: module, objective, use, red-flag).

    Parameters
    ----------
    items
        The bank items to put in the deck.
    name
        The deck's name; its id is derived from it, so the same name is always the same deck.
    seed
        The option-order seed (``None``: the bank's order).
    guid_space
        The namespace of the notes' ids: notes of two decks with different spaces never merge.
    extra_tags
        Tags added to every note.
    """
    import genanki

    model = _model()
    deck = genanki.Deck(_stable_id(f"deck:{name}"), name)
    for item in items:
        front, back = card_sides(item, seed)
        tags = [f"module::{item.module}", f"objective::{item.objective}", item.use]
        tags += [t.replace(" ", "_") for t in item.tags]
        tags += list(extra_tags)
        if item.red_flag:
            tags.append("red-flag")
        deck.add_note(
            genanki.Note(
                model=model,
                fields=[
                    item.id,
                    front,
                    back,
                    _source(item),
                    card_order(item, seed),
                ],
                tags=tags,
                guid=genanki.guid_for(guid_space, item.id),
            )
        )
    return deck


def build_review_deck(items: Iterable[Item], seed: str | int | None = EXPORT_SEED):
    """A learner's review deck: its own deck id and note ids, a sub-deck of the bank deck."""
    return build_deck(
        items, REVIEW_DECK_NAME, seed, guid_space=REVIEW_GUID_SPACE, extra_tags=["to-review"]
    )


def write_anki(
    items: Iterable[Item],
    path: str | os.PathLike,
    name: str = DECK_NAME,
    seed: str | int | None = EXPORT_SEED,
    review: bool = False,
) -> Path:
    """Write the items as an Anki package (``.apkg``) to ``path`` and return the path.

    ``review=True`` writes a review deck (:func:`build_review_deck`) instead of the bank deck.

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
    deck = build_review_deck(items, seed) if review else build_deck(items, name, seed)
    genanki.Package(deck).write_to_file(str(path))
    return path
