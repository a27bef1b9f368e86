"""Helpers the notebooks call in their setup and overview cells.

The HTML they show is in ``course/templates/`` (``disclaimer.html``, ``module_overview.html``,
``progress_summary.html``).
"""

from __future__ import annotations

from course import DISCLAIMER
from course.palette import PALETTE
from course.widgets.kit import render


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
    return HTMLBlock(render("disclaimer.html", colour=PALETTE["orange"], text=DISCLAIMER))


def module_overview() -> HTMLBlock:
    """A table of the course's modules and their learning objectives, read from the bank."""
    from course.questions.bank import default_bank

    bank = default_bank()
    modules = [
        {
            "number": name[:2],
            "title": bank.modules[name].title,
            "objectives": list(bank.modules[name].objectives.values()),
            "practice": len(bank.select(module=name, use="practice")),
        }
        for name in sorted(bank.modules)
    ]
    return HTMLBlock(render("module_overview.html", modules=modules))


def progress_summary() -> HTMLBlock:
    """Where the learner's progress file is and how many answers it holds."""
    from course.learner.store import get_store

    store = get_store()
    return HTMLBlock(render("progress_summary.html", path=str(store.path), count=store.count()))
