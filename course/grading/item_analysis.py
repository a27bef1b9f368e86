"""Item analysis of a graded quiz: pure statistics, no Jupyter, no nbgrader.

For every item: **facility** (mean proportion of the item's points earned; for a one-mark item,
the proportion who got it right), **discrimination** as the corrected point-biserial
correlation (item score against the rest of the quiz) and as the upper-lower index (facility
in the top 27 % by total minus facility in the bottom 27 %), and **option counts**: how many
learners chose each option, with the misconception a wrong option signals. For the quiz:
**KR-20** (on items scored right/wrong: full points or not) and Cronbach's alpha (on points).

Variances are population variances (divide by N), as in the KR-20 formula
KR-20 = k/(k-1) * (1 - sum(p*q) / var(total)).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from course.grading.text import text as quiz_text
from course.questions.bank import Item

UPPER_LOWER_SHARE = 0.27
HARD, EASY = 0.40, 0.90
POOR_DISCRIMINATION = 0.20
COMMON_WRONG = 0.25
MIN_LEARNERS = 5  # fewer marked answers than this: no verdict on the item

NO_ANSWER = "(no answer)"
UNREADABLE = "(unreadable)"
OTHER_WRONG = "(another wrong value)"


def mean(values: Sequence[float]) -> float:
    """Arithmetic mean (``nan`` for no values)."""
    return sum(values) / len(values) if values else math.nan


def population_variance(values: Sequence[float]) -> float:
    """Variance dividing by N (``nan`` for no values)."""
    if not values:
        return math.nan
    m = mean(values)
    return sum((v - m) ** 2 for v in values) / len(values)


def pearson(x: Sequence[float], y: Sequence[float]) -> float | None:
    """Pearson correlation, or ``None`` when either variable does not vary."""
    if len(x) != len(y):
        raise ValueError("x and y must have the same length")
    if len(x) < 2:
        return None
    mx, my = mean(x), mean(y)
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y, strict=True))
    sxx = sum((a - mx) ** 2 for a in x)
    syy = sum((b - my) ** 2 for b in y)
    if sxx <= 1e-12 or syy <= 1e-12:
        return None
    return sxy / math.sqrt(sxx * syy)


def facility(fractions: Sequence[float]) -> float:
    """Mean proportion of the item's points earned (proportion correct for one-mark items)."""
    return mean(list(fractions))


def point_biserial(item_fractions: Sequence[float], rest_scores: Sequence[float]) -> float | None:
    """Corrected point-biserial: correlation of the item with the rest of the quiz.

    Pass the *rest* score (total minus this item) so the item does not correlate with itself.
    """
    return pearson(item_fractions, rest_scores)


def upper_lower(
    item_fractions: Sequence[float],
    totals: Sequence[float],
    share: float = UPPER_LOWER_SHARE,
    order: Sequence[str] | None = None,
) -> float | None:
    """Upper-lower discrimination index D = facility(top group) - facility(bottom group).

    Groups are the ``share`` (27 %) of learners with the highest and lowest totals, at least one
    learner each; ties are broken by ``order`` (e.g. learner ids) so the result is reproducible.
    """
    n = len(totals)
    if n < 2:
        return None
    size = max(1, round(share * n))
    keys = list(order) if order is not None else list(range(n))
    ranked = sorted(range(n), key=lambda i: (-totals[i], keys[i]))
    upper = [item_fractions[i] for i in ranked[:size]]
    lower = [item_fractions[i] for i in ranked[-size:]]
    return mean(upper) - mean(lower)


def kr20(correct: Sequence[Sequence[int]]) -> float | None:
    """Kuder-Richardson 20 for a learners x items matrix of 0/1; ``None`` if undefined."""
    if not correct or len(correct[0]) < 2:
        return None
    k = len(correct[0])
    totals = [sum(row) for row in correct]
    var_total = population_variance(totals)
    if var_total <= 1e-12:
        return None
    pq = 0.0
    for j in range(k):
        p = mean([row[j] for row in correct])
        pq += p * (1 - p)
    return k / (k - 1) * (1 - pq / var_total)


def cronbach_alpha(scores: Sequence[Sequence[float]]) -> float | None:
    """Cronbach's alpha for a learners x items matrix of points; ``None`` if undefined."""
    if not scores or len(scores[0]) < 2:
        return None
    k = len(scores[0])
    var_total = population_variance([sum(row) for row in scores])
    if var_total <= 1e-12:
        return None
    item_var = sum(population_variance([row[j] for row in scores]) for j in range(k))
    return k / (k - 1) * (1 - item_var / var_total)


@dataclass
class OptionCount:
    """How many learners gave one answer option (or one kind of answer)."""

    label: str
    text: str
    correct: bool
    count: int
    share: float
    misconception: str = ""


@dataclass
class ItemStats:
    """The statistics of one item."""

    item_id: str
    number: int
    type: str
    objective: str
    max_points: float
    n: int
    facility: float
    point_biserial: float | None
    upper_lower: float | None
    options: list[OptionCount] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)


@dataclass
class QuizStats:
    """The statistics of a quiz over a cohort."""

    quiz: str
    n_learners: int
    max_score: float
    mean_score: float
    sd_score: float
    kr20: float | None
    alpha: float | None
    items: list[ItemStats]
    notes: list[str] = field(default_factory=list)

    def reteach(self) -> list[str]:
        """One line per flagged item: what a trainer should look at first."""
        return [f"Q{s.number} ({s.item_id}): " + "; ".join(s.flags) for s in self.items if s.flags]


def _option_counts(item: Item, responses: Sequence[object]) -> list[OptionCount]:
    """Count responses (already normalised by :func:`course.questions.marking.check_answer`)."""
    n = len(responses) or 1
    out: list[OptionCount] = []
    if item.type in ("single", "multiple"):
        for opt in item.options:
            count = 0
            for r in responses:
                chosen = [r] if isinstance(r, str) else list(r) if isinstance(r, list) else []
                count += opt.key in chosen
            right = opt.key in item.correct_keys
            out.append(
                OptionCount(
                    opt.key, opt.text, right, count, count / n, "" if right else opt.misconception
                )
            )
    elif item.type == "numeric":
        tol = max(item.tolerance, 1e-9)
        bins = {"right": 0, OTHER_WRONG: 0}
        dist = {d.value: 0 for d in item.distractors}
        for r in responses:
            if not isinstance(r, (int, float)):
                continue
            if abs(r - float(item.answer)) <= item.tolerance + 1e-9:
                bins["right"] += 1
                continue
            near = [d for d in item.distractors if abs(d.value - r) <= tol]
            if near:
                dist[near[0].value] += 1
            else:
                bins[OTHER_WRONG] += 1
        out.append(
            OptionCount(
                f"{float(item.answer):g}", "the answer", True, bins["right"], bins["right"] / n
            )
        )
        for d in item.distractors:
            out.append(
                OptionCount(
                    f"{d.value:g}",
                    "a known wrong value",
                    False,
                    dist[d.value],
                    dist[d.value] / n,
                    d.misconception,
                )
            )
        out.append(OptionCount(OTHER_WRONG, "", False, bins[OTHER_WRONG], bins[OTHER_WRONG] / n))
    elif item.type == "case":
        for s, step in enumerate(item.steps, start=1):
            for opt in step.options:
                count = sum(
                    1
                    for r in responses
                    if isinstance(r, list) and len(r) >= s and r[s - 1] == opt.key
                )
                right = opt.key == step.answer
                out.append(
                    OptionCount(
                        f"step {s}: {opt.key}",
                        opt.text,
                        right,
                        count,
                        count / n,
                        "" if right else opt.misconception,
                    )
                )
    blank = sum(1 for r in responses if r == NO_ANSWER)
    odd = sum(1 for r in responses if r == UNREADABLE)
    if item.type != "text":
        out.append(OptionCount(NO_ANSWER, "", False, blank, blank / n))
        if odd:
            out.append(OptionCount(UNREADABLE, "", False, odd, odd / n))
    return out


def _flags(stats: ItemStats) -> list[str]:
    words = quiz_text("item_analysis")
    flags = []
    if stats.n < MIN_LEARNERS:
        return [words["too_few"].format(n=stats.n)] if stats.n else [words["none_marked"]]
    if stats.facility < HARD:
        flags.append(words["hard"].format(facility=stats.facility, objective=stats.objective))
    elif stats.facility > EASY:
        flags.append(words["easy"].format(facility=stats.facility))
    d = stats.point_biserial
    if d is not None and d < 0:
        flags.append(words["negative"].format(d=d))
    elif d is not None and d < POOR_DISCRIMINATION:
        flags.append(words["poor"].format(d=d))
    for opt in stats.options:
        if not opt.correct and opt.share >= COMMON_WRONG and opt.label != NO_ANSWER:
            what = f": {opt.misconception}" if opt.misconception else ""
            flags.append(words["common_wrong"].format(share=opt.share, label=opt.label, what=what))
    return flags


def analyse(
    quiz: str,
    items: Sequence[Item],
    scores: Mapping[str, Mapping[str, float | None]],
    responses: Mapping[str, Mapping[str, object]] | None = None,
) -> QuizStats:
    """Item analysis of a cohort.

    Parameters
    ----------
    quiz
        The quiz name (for the report).
    items
        The quiz's items, in quiz order.
    scores
        learner -> item id -> points earned (``None``: not marked yet, e.g. an unmarked text
        answer). Learners without a score for an item are left out of that item's statistics.
    responses
        learner -> item id -> normalised response (an option key, a list of keys, a number,
        :data:`NO_ANSWER` or :data:`UNREADABLE`), for option counts.
    """
    learners = sorted(scores)
    responses = responses or {}
    notes = []
    max_total = sum(i.points for i in items)
    totals = {s: sum(v for v in scores[s].values() if v is not None) for s in learners}
    item_stats = []
    for number, item in enumerate(items, start=1):
        marked = [s for s in learners if scores[s].get(item.id) is not None]
        fractions = [scores[s][item.id] / item.points for s in marked]
        rest = [totals[s] - scores[s][item.id] for s in marked]
        stats = ItemStats(
            item.id,
            number,
            item.type,
            item.objective,
            item.points,
            len(marked),
            facility(fractions) if marked else math.nan,
            point_biserial(fractions, rest) if marked else None,
            upper_lower(fractions, [totals[s] for s in marked], order=marked) if marked else None,
        )
        answered = [responses[s][item.id] for s in marked if item.id in responses.get(s, {})]
        if item.type != "text" and answered:
            stats.options = _option_counts(item, answered)
        stats.flags = _flags(stats)
        item_stats.append(stats)
        if len(marked) < len(learners):
            notes.append(
                quiz_text("item_analysis")["not_marked_yet"].format(
                    number=number, item=item.id, n=len(learners) - len(marked)
                )
            )
    # reliability over the items every learner has a score for (pending hand-marking drops one)
    scored = [i for i in items if all(scores[s].get(i.id) is not None for s in learners)]
    if len(scored) < len(items):
        notes.append(
            quiz_text("item_analysis")["reliability_items"].format(
                scored=len(scored), items=len(items)
            )
        )
    matrix = [[scores[s][i.id] for i in scored] for s in learners]
    dich = [
        [1 if abs(v - i.points) < 1e-9 else 0 for v, i in zip(row, scored, strict=True)]
        for row in matrix
    ]
    all_totals = list(totals.values())
    return QuizStats(
        quiz=quiz,
        n_learners=len(learners),
        max_score=max_total,
        mean_score=mean(all_totals),
        sd_score=math.sqrt(population_variance(all_totals)) if all_totals else math.nan,
        kr20=kr20(dich) if len(learners) >= 2 else None,
        alpha=cronbach_alpha(matrix) if len(learners) >= 2 else None,
        items=item_stats,
        notes=notes,
    )
