"""Mirels' score: the risk that a metastasis in a long bone will break it.

Mirels H. Metastatic disease in long bones: a proposed scoring system for diagnosing impending
pathologic fractures. *Clin Orthop Relat Res* 1989;(249):256-264.

Four features of the lesion each score 1, 2 or 3, so the total runs from 4 to 12:

========  ============  ==============  ==================
item      1             2               3
========  ============  ==============  ==================
site      upper limb    lower limb      peritrochanteric
pain      mild          moderate        functional
lesion    blastic       mixed           lytic
size      < 1/3 width   1/3 to 2/3      > 2/3 width
========  ============  ==============  ==================

A total of 9 or more suggests prophylactic fixation (fracture risk 33% or more in Mirels'
series), 8 calls for clinical judgement (about 15%), and 7 or less suggests radiotherapy and
observation (about 4% or less). The score is sensitive but not very specific, and sources differ on
whether size is judged against the cortex or the whole width of the bone.

The labels and the bands' texts are data in ``assets/04_treatments/mirels.yml`` (schema
``course/schemas/mirels.schema.json``); the points and cut-offs stay here.
"""

from __future__ import annotations

from dataclasses import dataclass

from course.content import read_content
from course.errors import ContentError, CourseError
from course.paths import assets_dir

#: Mirels (1989): the points of each choice of each item, in Mirels' order.
_POINTS: dict[str, dict[str, int]] = {
    "site": {"upper_limb": 1, "lower_limb": 2, "peritrochanteric": 3},
    "pain": {"mild": 1, "moderate": 2, "functional": 3},
    "lesion": {"blastic": 1, "mixed": 2, "lytic": 3},
    "size": {"under_third": 1, "third_to_two_thirds": 2, "over_two_thirds": 3},
}


def _content() -> dict:
    path = assets_dir() / "04_treatments" / "mirels.yml"
    data = read_content(path, "mirels")
    for item, points in _POINTS.items():
        if set(data["items"][item]["choices"]) != set(points):
            raise ContentError(
                [f"{path.name}: items/{item}/choices: expected exactly {', '.join(points)}"]
            )
    return data


#: The four items, in Mirels' order; each maps a choice key to (points, label).
MIRELS_ITEMS: dict[str, dict[str, tuple[int, str]]] = {
    item: {key: (pts, _content()["items"][item]["choices"][key]) for key, pts in points.items()}
    for item, points in _POINTS.items()
}
#: The label of each item.
ITEM_LABELS: dict[str, str] = {item: _content()["items"][item]["label"] for item in _POINTS}

MIN_SCORE = 4
MAX_SCORE = 12
#: Lowest total for which Mirels recommended prophylactic fixation.
FIXATION_THRESHOLD = 9
#: The one total left to clinical judgement.
JUDGEMENT_SCORE = 8


class MirelsInputError(CourseError, ValueError):
    """A Mirels item or total is not one of the published choices; the message says what is."""


@dataclass(frozen=True)
class MirelsBand:
    """What a Mirels total means.

    Attributes
    ----------
    name
        ``"low"``, ``"borderline"`` or ``"high"``.
    fracture_risk
        The fracture risk Mirels reported for this band, in words.
    recommendation
        The usual recommendation for this band.
    """

    name: str
    fracture_risk: str
    recommendation: str


def _band(name: str) -> MirelsBand:
    entry = _content()["bands"][name]
    return MirelsBand(name, entry["fracture_risk"], " ".join(entry["recommendation"].split()))


LOW = _band("low")
BORDERLINE = _band("borderline")
HIGH = _band("high")


@dataclass(frozen=True)
class MirelsResult:
    """A scored lesion: the points of each item, the total and its band."""

    points: dict[str, int]
    choices: dict[str, str]
    total: int
    band: MirelsBand

    @property
    def recommendation(self) -> str:
        """The usual recommendation for the total's band."""
        return self.band.recommendation

    @property
    def fracture_risk(self) -> str:
        """The fracture risk Mirels reported for the total's band, in words."""
        return self.band.fracture_risk


def mirels_band(total: int) -> MirelsBand:
    """The band for a Mirels total.

    Parameters
    ----------
    total
        A whole number from 4 to 12.

    Returns
    -------
    MirelsBand
        ``HIGH`` for 9 or more, ``BORDERLINE`` for 8, ``LOW`` for 7 or less.

    Raises
    ------
    MirelsInputError
        If ``total`` is not a whole number from 4 to 12.
    """
    if isinstance(total, bool) or not isinstance(total, int):
        if isinstance(total, float) and total.is_integer():
            total = int(total)
        else:
            raise MirelsInputError(
                f"A Mirels total is a whole number from {MIN_SCORE} to {MAX_SCORE}, not {total!r}."
            )
    if not MIN_SCORE <= total <= MAX_SCORE:
        raise MirelsInputError(
            f"A Mirels total runs from {MIN_SCORE} (four items at 1) to {MAX_SCORE} "
            f"(four items at 3); {total} is outside that range."
        )
    if total >= FIXATION_THRESHOLD:
        return HIGH
    if total == JUDGEMENT_SCORE:
        return BORDERLINE
    return LOW


def item_points(item: str, choice: str) -> int:
    """Points (1 to 3) for one choice of one Mirels item.

    Raises
    ------
    MirelsInputError
        If the item or the choice is not one of Mirels' (the message lists the valid ones).
    """
    if item not in MIRELS_ITEMS:
        raise MirelsInputError(
            f"{item!r} is not a Mirels item; the items are {', '.join(MIRELS_ITEMS)}."
        )
    options = MIRELS_ITEMS[item]
    key = (
        choice.strip().lower().replace(" ", "_").replace("-", "_")
        if isinstance(choice, str)
        else None
    )
    if key not in options:
        valid = ", ".join(f"{k} ({p})" for k, (p, _) in options.items())
        raise MirelsInputError(
            f"{choice!r} is not a choice for {ITEM_LABELS[item].lower()}; choose one of: {valid}."
        )
    return options[key][0]


def mirels_score(site: str, pain: str, lesion: str, size: str) -> MirelsResult:
    """Score a long-bone metastasis with Mirels' system.

    Parameters
    ----------
    site
        ``"upper_limb"``, ``"lower_limb"`` or ``"peritrochanteric"``.
    pain
        ``"mild"``, ``"moderate"`` or ``"functional"`` (pain on use or weight-bearing).
    lesion
        ``"blastic"``, ``"mixed"`` or ``"lytic"``.
    size
        ``"under_third"``, ``"third_to_two_thirds"`` or ``"over_two_thirds"`` of the bone's width.

    Returns
    -------
    MirelsResult
        Points per item, the total (4 to 12) and its band with the fracture risk and the usual
        recommendation.

    Raises
    ------
    MirelsInputError
        If any choice is not one of Mirels'.

    Examples
    --------
    A lytic lesion filling more than two thirds of the femur just below the hip, painful on
    walking, scores the maximum:

    >>> mirels_score("peritrochanteric", "functional", "lytic", "over_two_thirds").total
    12
    """
    choices = {"site": site, "pain": pain, "lesion": lesion, "size": size}
    points = {item: item_points(item, choice) for item, choice in choices.items()}
    total = sum(points.values())
    return MirelsResult(points=points, choices=choices, total=total, band=mirels_band(total))
