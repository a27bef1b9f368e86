"""What a self-check draws besides its controls: bank text, the options and the feedback.

Shared by :class:`course.widgets.self_check.SelfCheck` and the widgets built on it: the
self-check words of ``assets/common/self_check.yml``, a bank string (Markdown) as HTML or as
plain text for an accessible name, an option as the learner saw it, and the feedback shown after
a check, each kind of feedback with a word and a symbol as well as a colour.
:mod:`course.widgets.self_check` exports every name defined here.
"""

from __future__ import annotations

import html
import re

from course.questions.marking import Result, cbm_mark
from course.widgets.kit import markdown_html, widget_text

TEXT = widget_text("common", "self_check", required=("result", "group", "certainty"))

_KIND_LABEL = {
    # a word and a symbol as well as a colour (course.css: .bc-fb-right ...), never colour alone
    "right": "✔ Right",
    "wrong": "✘ Not quite",
    "missed": "➜ You missed",
    "info": "ℹ",
}

#: kept for widgets that still prepend it to their HTML: the stylesheet now comes once per page
#: from the first course control drawn (course.widgets.style), so this adds nothing.
CSS = ""


def md(text: str) -> str:
    """Render a bank string (Markdown) as HTML, as everywhere in the course (tables included)."""
    return markdown_html(text)


def _plain(markdown: str) -> str:
    """A bank string as plain text (for an accessible name)."""
    text = re.sub(r"<[^>]+>", "", md(markdown))
    return " ".join(html.unescape(text).split())


def _option_text(options: dict[str, str], key: str) -> str:
    """The option as the learner saw it (its words, never a letter the learner was not shown)."""
    text = options.get(key, key)
    return text if len(text) <= 90 else text[:87].rstrip() + "…"


def _feedback_html(
    result: Result, confidence: str | None, options: dict[str, str] | None = None
) -> str:
    parts = []
    if result.correct is True:
        parts.append(TEXT["result"]["correct"])
    elif result.correct is False:
        if result.fraction > 0:
            parts.append(TEXT["result"]["partly"].format(percent=f"{result.fraction:.0%}"))
        else:
            parts.append(TEXT["result"]["not_yet"])
    for fb in result.feedback:
        kind = fb.kind if fb.kind in _KIND_LABEL else "info"
        opt = f" “{html.escape(_option_text(options or {}, fb.option))}”" if fb.option else ""
        parts.append(
            f'<div class="bc-fb bc-fb-{kind}"><b>{_KIND_LABEL[kind]}{opt}:</b> {md(fb.text)}</div>'
        )
    if result.explanation:
        parts.append(f"<div><b>{TEXT['why']}</b> {md(result.explanation)}</div>")
    if confidence and result.correct is not None:
        mark = cbm_mark(result.fraction, confidence)
        parts.append(
            TEXT["certainty"].format(mark=f"{mark:+g}", confidence=html.escape(confidence))
        )
    return "\n".join(parts)
