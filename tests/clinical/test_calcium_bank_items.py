"""The module 3 numeric calcium items agree with the calculator, and their distractors differ."""

import re

import pytest

from course.clinical.calcium import adjusted_calcium
from course.questions.bank import load_bank

PAIR = re.compile(r"[Mm]easured calcium (\d\.\d\d) mmol/L,? (?:with )?albumin (\d+) g/L")


def _calcium_items():
    items = [i for i in load_bank() if i.module in ("02_spread", "03_diagnosis")]
    return [i for i in items if i.type == "numeric" and PAIR.search(i.stem)]


def test_there_are_practice_and_assessment_calcium_items():
    uses = {i.use for i in _calcium_items()}
    assert uses == {"practice", "assessment"}


@pytest.mark.parametrize("item", _calcium_items(), ids=lambda i: i.id)
def test_answer_matches_the_calculator(item):
    measured, albumin = PAIR.search(item.stem).groups()
    assert adjusted_calcium(float(measured), float(albumin)) == pytest.approx(item.answer)
    for distractor in item.distractors:
        assert abs(distractor.value - item.answer) > item.tolerance, distractor
