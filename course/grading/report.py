"""The item-analysis report of a graded quiz: data from the gradebook, PNG plots, one HTML file.

Scores come from nbgrader's gradebook (manual scores where a trainer gave them); the options
learners chose, clicked or typed, are read from their submissions by the grader
(:func:`learner_responses`; never executed) and counted by option key.
"""

from __future__ import annotations

import ast
import base64
import math
from dataclasses import dataclass
from pathlib import Path

from course.errors import UserInputError
from course.grading.build import variable_name
from course.grading.item_analysis import NO_ANSWER, UNREADABLE, QuizStats, analyse
from course.grading.text import text as quiz_text
from course.palette import GREYS
from course.questions.bank import Bank, Item
from course.questions.marking import AnswerFormatError, check_answer
from course.widgets.kit import render


def quiz_item_ids(course_dir: str | Path, quiz: str) -> list[str]:
    """The bank ids of a quiz's items, in quiz order (from its source notebook)."""
    import nbformat

    path = Path(course_dir) / "source" / quiz / f"{quiz}.ipynb"
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such quiz (bonecourse quiz build makes them)")
    nb = nbformat.read(path, as_version=4)
    return list(nb.metadata.get("bonecourse", {}).get("items", []))


def read_answer(source: str, variable: str) -> object:
    """The literal value last assigned to ``variable`` in an answer cell (never executed)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return UNREADABLE
    value: object = NO_ANSWER
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == variable for t in node.targets
        ):
            try:
                value = ast.literal_eval(node.value)
            except (ValueError, SyntaxError, TypeError):
                value = UNREADABLE
    return value


def normalise(item: Item, value: object) -> object:
    """A response as :func:`course.questions.marking.check_answer` reads it (keys, a number)."""
    if value in (NO_ANSWER, UNREADABLE):
        return value
    try:
        return check_answer(item, value).response
    except AnswerFormatError as exc:
        return NO_ANSWER if str(exc).startswith("No answer") else UNREADABLE
    except Exception:
        return UNREADABLE


@dataclass
class CohortData:
    """Scores and responses of the learners graded for one quiz."""

    quiz: str
    items: list[Item]
    scores: dict[str, dict[str, float | None]]
    responses: dict[str, dict[str, object]]


def _quiz_bank(course_dir: Path, quiz: str, bank: Bank | None) -> Bank:
    """Return ``bank`` if it holds every item of the quiz, else the trainer's bank.

    The trainer's bank is that of ``course_dir``; the practice bank
    (:func:`course.questions.bank.default_bank`) holds no assessment item.
    """
    ids = quiz_item_ids(course_dir, quiz)
    if bank is not None and all(i in bank for i in ids):
        return bank
    from course.questions.bank import trainer_bank

    return trainer_bank(course_dir)


def cohort_data(course_dir: str | Path, quiz: str, bank: Bank | None = None) -> CohortData:
    """Read a graded quiz's scores (gradebook) and responses (autograded notebooks).

    ``bank`` defaults to the trainer's bank of ``course_dir``.
    """
    from nbgrader.api import Gradebook, MissingEntry

    course_dir = Path(course_dir)
    bank = _quiz_bank(course_dir, quiz, bank)
    try:
        items = [bank.item(i) for i in quiz_item_ids(course_dir, quiz)]
    except KeyError as exc:
        raise UserInputError(
            f"{exc.args[0]} The quiz was built from another version of the bank; pass that bank "
            "with --bank."
        ) from None
    scores: dict[str, dict[str, float | None]] = {}
    responses: dict[str, dict[str, object]] = {}
    db = course_dir / "gradebook.db"
    if not db.exists():
        raise FileNotFoundError(f"{db}: no gradebook yet (release and autograde the quiz first)")
    with Gradebook(f"sqlite:///{db}") as gb:
        try:
            submissions = gb.notebook_submissions(quiz, quiz)
        except MissingEntry:
            raise UserInputError(f"{quiz} has not been released in {course_dir}") from None
        for sub in submissions:
            student = sub.student.id
            row = {}
            for grade in sub.grades:
                if grade.manual_score is not None:
                    row[grade.name] = float(grade.manual_score)
                elif grade.auto_score is not None:
                    row[grade.name] = float(grade.auto_score)
                else:
                    row[grade.name] = None
            scores[student] = row
    # a learner autograde could not grade (broken file, kernel died before any answer was read)
    # is left out, never counted as zero
    from course.grading.autograde import load_report

    report = load_report(course_dir, quiz)
    if report is not None:
        for outcome in report.outcomes:
            if not outcome.graded:
                scores.pop(outcome.student, None)
    for student in scores:
        responses[student] = learner_responses(course_dir, quiz, items, student, bank)
    return CohortData(quiz, items, scores, responses)


def _typed_responses(nb, items: list[Item]) -> dict[str, object]:
    """Responses read from the answer lines (quizzes built before answers were saved)."""
    cells = {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in nb.cells}
    answers: dict[str, object] = {}
    for number, item in enumerate(items, start=1):
        cell = cells.get(f"{item.id}-answer")
        if item.type == "text" or cell is None:
            answers[item.id] = NO_ANSWER
            continue
        answers[item.id] = normalise(item, read_answer(cell.source, variable_name(number)))
    return answers


def learner_responses(
    course_dir: str | Path, quiz: str, items: list[Item], student: str, bank: Bank
) -> dict[str, object]:
    """Item id -> what one learner answered, in option keys, for the distractor counts.

    Read from the learner's submitted notebook and the answers file beside it, clicked and
    typed alike (:func:`course.grading.answers.grader_marks`; typed letters turned back into
    keys through the order the learner saw); never executed. Falls back to the autograded
    notebook when the submission is gone.
    """
    import nbformat

    from course.grading.answers import grader_marks

    course_dir = Path(course_dir)
    folder = course_dir / "submitted" / student / quiz
    path = folder / f"{quiz}.ipynb"
    if not path.exists():
        folder = course_dir / "autograded" / student / quiz
        path = folder / f"{quiz}.ipynb"
    if not path.exists():
        return {}
    try:
        nb = nbformat.read(str(path), as_version=4)
    except Exception:  # a broken notebook: every answer unreadable, nobody dropped
        return {item.id: UNREADABLE for item in items}
    source = course_dir / "source" / quiz / f"{quiz}.ipynb"
    new_style = (
        source.exists()
        and nbformat.read(str(source), as_version=4).metadata.get("bonecourse", {}).get("answers")
        == "saved"
    )
    if not new_style:
        return _typed_responses(nb, items)
    marks = grader_marks(course_dir, quiz, nb, folder, bank=bank)
    answers: dict[str, object] = {}
    for item in items:
        mark = marks.get(item.id)
        if item.type == "text" or mark is None or mark.how == "none":
            answers[item.id] = NO_ANSWER
        elif mark.how == "unreadable" or (mark.points is None and item.type != "text"):
            answers[item.id] = UNREADABLE
        else:
            answers[item.id] = normalise(item, mark.answer)
    return answers


def analyse_quiz(course_dir: str | Path, quiz: str, bank: Bank | None = None) -> QuizStats:
    """Item analysis of a graded quiz in ``course_dir``."""
    data = cohort_data(course_dir, quiz, bank)
    if not data.scores:
        raise UserInputError(f"no graded submissions of {quiz} yet (bonecourse quiz autograde)")
    return analyse(quiz, data.items, data.scores, data.responses)


# --------------------------------------------------------------------------- figures


def _fmt(value: float | None, digits: int = 2) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value:.{digits}f}"


def figures(stats: QuizStats) -> dict[str, object]:
    """Named :class:`course.figures.Figure` objects (matplotlib, alt text) for the report."""
    import matplotlib

    matplotlib.use("Agg")

    from course.figures import apply_style

    apply_style()
    words = quiz_text("report")
    out: dict[str, object] = {
        "facility": _facility_figure(stats, words),
        "discrimination": _discrimination_figure(stats, words),
    }
    for s in stats.items:
        if s.options:
            out[f"options_q{s.number}"] = _options_figure(s, words)
    return out


def _facility_figure(stats: QuizStats, words: dict):
    """Bars of each question's facility; hatched below 0.40 (re-teach)."""
    import matplotlib.pyplot as plt

    from course.figures import PALETTE, Figure

    labels = [f"Q{s.number}" for s in stats.items]
    fig, ax = plt.subplots(figsize=(7, 0.45 * len(labels) + 1.2))
    values = [0 if math.isnan(s.facility) else s.facility for s in stats.items]
    colours, hatches = [], []
    for s in stats.items:
        hard = s.facility < 0.4
        colours.append(PALETTE["vermillion"] if hard else PALETTE["blue"])
        hatches.append("//" if hard else "")
    bars = ax.barh(labels, values, color=colours, edgecolor="black")
    for bar, hatch in zip(bars, hatches, strict=True):
        bar.set_hatch(hatch)
    ax.axvline(0.4, color="black", linestyle="--", linewidth=1)
    ax.axvline(0.9, color="black", linestyle=":", linewidth=1)
    ax.set_xlim(0, 1)
    ax.invert_yaxis()
    ax.set_xlabel(words["facility_axis"])
    ax.set_title(words["facility_title"])
    alt = words["facility_alt"].format(
        values="; ".join(
            f"{lab} {_fmt(s.facility)}" for lab, s in zip(labels, stats.items, strict=True)
        )
    )
    return Figure(fig, alt)


def _discrimination_figure(stats: QuizStats, words: dict):
    """Each question's discrimination against its facility; crosses below 0.20."""
    import matplotlib.pyplot as plt

    from course.figures import PALETTE, Figure

    fig, ax = plt.subplots(figsize=(6, 4.5))
    pts = [
        (s.facility, s.point_biserial, f"Q{s.number}")
        for s in stats.items
        if s.point_biserial is not None and not math.isnan(s.facility)
    ]
    for x, y, lab in pts:
        poor = y < 0.2
        ax.scatter(
            x,
            y,
            marker="x" if poor else "o",
            s=60,
            color=PALETTE["vermillion"] if poor else PALETTE["blue"],
        )
        ax.annotate(lab, (x, y), textcoords="offset points", xytext=(5, 4))
    ax.axhline(0.2, color="black", linestyle="--", linewidth=1)
    ax.axhline(0, color="grey", linewidth=0.8)
    ax.set_xlim(0, 1.05)
    ax.set_ylim(-1, 1)
    ax.set_xlabel(words["discrimination_x"])
    ax.set_ylabel(words["discrimination_y"])
    ax.set_title(words["discrimination_title"])
    point = words["discrimination_alt_point"]
    alt = (
        words["discrimination_alt"].format(
            values="; ".join(point.format(label=lab, x=x, y=y) for x, y, lab in pts)
        )
        if pts
        else words["discrimination_alt_none"]
    )
    return Figure(fig, alt)


def _options_figure(s, words: dict):
    """Bars of how many learners chose each answer of one question (right ones plain green)."""
    import matplotlib.pyplot as plt

    from course.figures import PALETTE, Figure

    fig, ax = plt.subplots(figsize=(6, 0.4 * len(s.options) + 1.2))
    names = [o.label for o in s.options]
    counts = [o.count for o in s.options]
    bars = ax.barh(
        names,
        counts,
        edgecolor="black",
        color=[PALETTE["bluish_green"] if o.correct else PALETTE["orange"] for o in s.options],
    )
    for bar, o in zip(bars, s.options, strict=True):
        bar.set_hatch("" if o.correct else "..")
    ax.invert_yaxis()
    ax.set_xlabel(words["options_axis"])
    ax.set_title(words["options_title"].format(number=s.number))
    alt = words["options_alt"].format(
        number=s.number,
        values="; ".join(
            f"{o.label} ({'right' if o.correct else 'wrong'}) {o.count}" for o in s.options
        ),
    )
    return Figure(fig, alt)


def write_report(stats: QuizStats, out_dir: str | Path) -> Path:
    """Write the PNG plots and ``item_analysis_<quiz>.html`` (images inlined) to ``out_dir``.

    The page is the template ``course/templates/item_analysis.html``.
    """
    import matplotlib.pyplot as plt

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    figs = figures(stats)
    images = {}
    for name, figure in figs.items():
        data = figure.png_bytes()
        plt.close(figure.fig)
        (out_dir / f"{stats.quiz}_{name}.png").write_bytes(data)
        images[name] = (base64.b64encode(data).decode("ascii"), figure.alt)

    page = render(
        "item_analysis.html",
        stats=stats,
        images=images,
        reteach=stats.reteach(),
        fmt=_fmt,
        greys=GREYS,
    )
    path = out_dir / f"item_analysis_{stats.quiz}.html"
    path.write_text(page, encoding="utf-8")
    return path
