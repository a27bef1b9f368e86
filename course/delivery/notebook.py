"""Helpers the notebooks call in their setup and overview cells."""

from __future__ import annotations

import html

from course import DISCLAIMER
from course.palette import PALETTE


def start(module: str, part: int | None = None) -> None:
    """Set up a module notebook.

    The course style, and a note in the progress store that the module was opened (used for time
    spent in the learning record). Figures are drawn object-oriented (``course.figures``), so no
    plotting backend needs choosing here.

    Parameters
    ----------
    module
        The module's name, as in the bank (``"04_treatments"``).
    part
        For a module delivered in parts (``04_treatments_part2.ipynb``), which part this is; the
        time spent counts towards the module.
    """
    from course.figures import apply_style

    apply_style()
    try:
        from course.learner.store import get_store

        get_store().log_event("module_opened", module, detail=f"part {part}" if part else "")
    except Exception as exc:  # a broken progress file must not stop the lesson
        import warnings

        warnings.warn(f"Progress is not being saved: {exc}", stacklevel=2)


class HTMLBlock:
    """A piece of HTML that a notebook shows as its last line."""

    def __init__(self, body: str):
        self.body = body

    def _repr_html_(self) -> str:
        return self.body

    def __str__(self) -> str:
        return self.body


def disclaimer() -> HTMLBlock:
    """The course's 'educational aid, not medical advice' notice."""
    return HTMLBlock(
        f'<div role="note" style="border-left:4px solid {PALETTE["orange"]};padding:0.4em 0.8em">'
        f"<b>Please note.</b> {html.escape(DISCLAIMER)}</div>"
    )


def module_overview() -> HTMLBlock:
    """A table of the course's modules and their learning objectives, read from the bank."""
    from course.questions.bank import default_bank

    bank = default_bank()
    rows = []
    for name in sorted(bank.modules):
        mod = bank.modules[name]
        objectives = "".join(f"<li>{html.escape(t)}</li>" for t in mod.objectives.values())
        practice = len(bank.select(module=name, use="practice"))
        rows.append(
            f"<tr><td><b>{html.escape(name[:2])}</b></td><td>{html.escape(mod.title)}</td>"
            f"<td><ul>{objectives}</ul></td><td>{practice}</td></tr>"
        )
    return HTMLBlock(
        "<style>.bc-overview th, .bc-overview td { text-align: left; vertical-align: top; }"
        '</style><table class="bc-overview"><caption>'
        "The modules, their learning objectives and how many practice questions "
        "each has</caption><thead><tr><th>No.</th><th>Module</th><th>Learning objectives</th>"
        "<th>Practice questions</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
    )


def progress_summary() -> HTMLBlock:
    """Where the learner's progress file is and how many answers it holds."""
    from course.learner.store import get_store

    store = get_store()
    n = store.count()
    return HTMLBlock(
        f"<p>Your answers are kept in <code>{html.escape(str(store.path))}</code> "
        f"({n} answer{'s' if n != 1 else ''} so far). Only you can see it; "
        "<code>bonecourse progress export</code> saves a copy and "
        "<code>bonecourse progress reset</code> starts again (keeping a backup).</p>"
    )
