"""The widgets' presentation kit: verdicts, callouts, accessible tables, Markdown and templates.

Every widget draws its coloured boxes, verdict badges and tables through these helpers, so a
colour, a symbol and a border mean the same thing everywhere and the HTML is accessible in one
place:

* :data:`VERDICTS` - one verdict -> colour / symbol / label mapping (words always shown beside
  the colour and symbol, never colour alone);
* :func:`callout` - a box with a coloured left border of one width (:data:`CALLOUT_BORDER`);
* :func:`table_html` - a table with a caption and ``scope`` on every header cell;
* :func:`markdown_html` - the one Markdown renderer (the bank's exports use the same one);
* :func:`render` - a Jinja2 template from ``course/templates/`` (pages and SVG drawings).
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from course.palette import PALETTE, ROLE_COLOURS

#: The one width of a callout's coloured left border.
CALLOUT_BORDER = "5px"
TEMPLATE_DIR = Path(__file__).resolve().parents[1] / "templates"


@dataclass(frozen=True)
class Verdict:
    """How one verdict is shown: its colour, its symbol and its words."""

    colour: str
    symbol: str
    label: str


#: Every verdict a widget shows, by key. Statuses of a plan, bands of a score and verdicts on a
#: choice share one table so that (for example) "severe" and "avoid" look alike everywhere.
VERDICTS: dict[str, Verdict] = {
    # a plan's status (bone drugs)
    "usual": Verdict(ROLE_COLOURS["normal"], "✔", "usual"),
    "caution": Verdict(ROLE_COLOURS["mild"], "△", "caution"),
    "adjust": Verdict(ROLE_COLOURS["moderate"], "✎", "adjust"),
    "delay": Verdict(ROLE_COLOURS["moderate"], "⏸", "delay"),
    "avoid": Verdict(ROLE_COLOURS["severe"], "⛔", "avoid"),
    # a test for a question (imaging)
    "best": Verdict(ROLE_COLOURS["normal"], "✔", "Best fit"),
    "also": Verdict(ROLE_COLOURS["neutral"], "○", "Also reasonable"),
    "not_this": Verdict(ROLE_COLOURS["severe"], "✘", "Not the right test here"),
    # a risk score (Mirels)
    "low_risk": Verdict(ROLE_COLOURS["normal"], "✔", "Low risk"),
    "borderline_risk": Verdict(ROLE_COLOURS["moderate"], "△", "Borderline"),
    "high_risk": Verdict(ROLE_COLOURS["severe"], "⚠", "High risk"),
    # a calcium band
    "low": Verdict(ROLE_COLOURS["neutral"], "▼", "low"),
    "normal": Verdict(ROLE_COLOURS["normal"], "✔", "normal"),
    "borderline": Verdict(ROLE_COLOURS["neutral"], "△", "borderline"),
    "mild": Verdict(ROLE_COLOURS["mild"], "⚠", "mild"),
    "moderate": Verdict(ROLE_COLOURS["moderate"], "⚠⚠", "moderate"),
    "severe": Verdict(ROLE_COLOURS["severe"], "⚠⚠⚠", "severe"),
    # an action in a branching case
    "best_action": Verdict(ROLE_COLOURS["normal"], "✔", "Best action"),
    "acceptable": Verdict(PALETTE["blue"], "➜", "Acceptable, but not the best"),
    "poor": Verdict(PALETTE["orange"], "✘", "Poor choice"),
    "harmful": Verdict(ROLE_COLOURS["severe"], "⚠", "Unsafe choice"),
    # an answer, a warning, a note
    "right": Verdict(ROLE_COLOURS["normal"], "✔", "Right"),
    "wrong": Verdict(ROLE_COLOURS["severe"], "✘", "Not quite"),
    "missed": Verdict(PALETTE["blue"], "➜", "Missed"),
    "warning": Verdict(ROLE_COLOURS["severe"], "⚠", "Warning"),
    "caveat": Verdict(PALETTE["orange"], "⚠", "Read with care"),
    "note": Verdict(PALETTE["blue"], "ℹ", "Note"),
    "met": Verdict(ROLE_COLOURS["normal"], "✔", "met"),
    "not_yet": Verdict(PALETTE["orange"], "◯", "not yet"),
    "fixed": Verdict(ROLE_COLOURS["neutral"], "✔", "fixed since"),
}


def verdict(key: str) -> Verdict:
    """The verdict called ``key``.

    Raises
    ------
    KeyError
        For a key not in :data:`VERDICTS` (the message lists the known ones).
    """
    try:
        return VERDICTS[key]
    except KeyError:
        raise KeyError(f"unknown verdict {key!r}; known: {', '.join(VERDICTS)}") from None


def badge(key: str, label: str | None = None) -> str:
    """A verdict's symbol and words as HTML (``✔ <b>usual</b>``)."""
    v = verdict(key)
    return f"{v.symbol} <b>{html.escape(label if label is not None else v.label)}</b>"


def callout(
    body_html: str,
    key: str = "note",
    *,
    tag: str = "div",
    role: str | None = None,
    css_class: str | None = None,
    colour: str | None = None,
) -> str:
    """A box with a left border in the verdict's colour, of the course's one width.

    Parameters
    ----------
    body_html
        The box's content, already HTML (escape learner or data text before).
    key
        A verdict of :data:`VERDICTS` whose colour the border takes.
    tag
        The element: ``"div"`` (default) or ``"p"`` for a one-paragraph callout.
    role
        An ARIA role (``"note"``, ``"alert"``), if the box needs one.
    css_class
        Extra class names, for tests and the stylesheet.
    colour
        A palette colour to use instead of the verdict's (for answers that are not verdicts,
        such as who decides).
    """
    colour = colour or verdict(key).colour
    attrs = f' class="bc-callout {css_class}"' if css_class else ' class="bc-callout"'
    if role:
        attrs += f' role="{role}"'
    style = f"border-left:{CALLOUT_BORDER} solid {colour};padding:0.2em 0.6em;margin:0.4em 0"
    return f'<{tag}{attrs} style="{style}">{body_html}</{tag}>'


def table_html(
    caption: str,
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    row_headers: bool = True,
    total: Sequence[Any] | None = None,
    css_class: str = "bc-table",
    escape: bool = True,
) -> str:
    """An accessible table: a caption, ``scope`` on every header cell, a plain total row.

    Parameters
    ----------
    caption
        What the table shows (plain text).
    columns
        The column headings (plain text), including the row-heading column if any.
    rows
        One sequence of cells per row; with ``row_headers`` the first cell heads its row.
    row_headers
        Whether each row's first cell is a ``<th scope="row">``.
    total
        An optional last row: its label, then the totals. The label heads the row
        (``<th scope="row">``, spanning the columns without a total); the totals are data cells,
        never header cells.
    css_class
        The table's class.
    escape
        Escape cell text; pass ``False`` when cells are already HTML.
    """

    def cell(value: Any) -> str:
        text = "" if value is None else str(value)
        return html.escape(text) if escape else text

    head = "".join(f'<th scope="col">{html.escape(c)}</th>' for c in columns)
    body = []
    for row in rows:
        cells = list(row)
        first = ""
        if row_headers and cells:
            first = f'<th scope="row">{cell(cells.pop(0))}</th>'
        body.append("<tr>" + first + "".join(f"<td>{cell(c)}</td>" for c in cells) + "</tr>")
    foot = ""
    if total is not None:
        label, *values = total
        span = len(columns) - len(values)
        colspan = f' colspan="{span}"' if span > 1 else ""
        cells = "".join(f"<td>{cell(c)}</td>" for c in values)
        foot = f'<tfoot><tr><th scope="row"{colspan}>{cell(label)}</th>{cells}</tr></tfoot>'
    return (
        f'<table class="{css_class}"><caption>{html.escape(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody>{foot}</table>"
    )


def markdown_html(text: str) -> str:
    """Markdown as HTML: the same renderer as the bank's exports (raw HTML escaped, tables)."""
    from course.questions.exports import markdown_html as render_markdown

    return render_markdown(text)


def markdown_inline(text: str) -> str:
    """Like :func:`markdown_html`, without the ``<p>`` around a single paragraph."""
    from course.questions.exports import inline_html

    return inline_html(text)


@cache
def _environment():
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        autoescape=jinja2.select_autoescape(["html", "svg", "xml"]),
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )


def render(template: str, **context: Any) -> str:
    """Render ``course/templates/<template>`` with ``context`` (HTML and SVG are autoescaped)."""
    return _environment().get_template(template).render(**context)


def widget_text(topic: str, name: str, required: Iterable[str] = ()) -> dict[str, Any]:
    """A widget's learner-facing text, from ``assets/<topic>/<name>.yml``.

    Parameters
    ----------
    topic
        The module's asset folder, e.g. ``"04_treatments"``.
    name
        The file's name without ``.yml``.
    required
        Keys the widget uses; a file without one of them is refused by name.

    Raises
    ------
    ContentError
        When the file is missing, breaks the ``widget_text`` schema, or lacks a required key.
    """
    from course.content import read_content
    from course.errors import ContentError
    from course.paths import assets_dir

    path = assets_dir() / topic / f"{name}.yml"
    data = read_content(path, "widget_text")
    missing = [key for key in required if key not in data]
    if missing:
        raise ContentError([f"{path.name}: top level: missing text {key!r}" for key in missing])
    return data


def words(text: str) -> str:
    """A folded YAML text with its line breaks and runs of spaces made single spaces."""
    return " ".join(text.split())


def prose(text: str) -> str:
    """Data text as HTML text: runs of white space made single, ``<`` and ``&`` escaped.

    Quotes stay as typed (the text goes between tags, never into an attribute).
    """
    return html.escape(words(text), quote=False)
