"""Figures: the course's matplotlib style, object-oriented figures and alt text on every one.

Library code never touches pyplot's global state and never calls ``matplotlib.use``: a figure is
a :class:`matplotlib.figure.Figure` with its own Agg canvas, drawn under the course's style::

    with course_style():
        fig, ax = new_figure((6, 3))
        ax.plot(...)
    png = figure_png(fig)

The palette itself lives in :mod:`course.palette` (re-exported here).
"""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from course.palette import CYCLE, GREYS, PALETTE, ROLE_COLOURS

__all__ = [
    "CYCLE",
    "GREYS",
    "PALETTE",
    "ROLE_COLOURS",
    "Figure",
    "apply_style",
    "course_rc",
    "course_style",
    "figure_png",
    "new_figure",
]


def course_rc() -> dict[str, Any]:
    """The course's matplotlib settings: the palette's colour cycle and readable fonts."""
    from cycler import cycler

    return {
        "axes.prop_cycle": cycler(color=CYCLE),
        "font.size": 11,
        "axes.titlesize": 12,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "figure.dpi": 100,
    }


@contextmanager
def course_style() -> Iterator[None]:
    """Draw inside this block with the course's style, leaving global settings as they were."""
    import matplotlib

    with matplotlib.rc_context(course_rc()):
        yield


def new_figure(figsize: tuple[float, float], nrows: int = 1, ncols: int = 1, **subplot_kw):
    """A figure with its own Agg canvas and its axes (no pyplot state, no backend switch).

    Parameters
    ----------
    figsize
        Width and height in inches.
    nrows, ncols
        The grid of axes, as in :meth:`matplotlib.figure.Figure.subplots`.
    **subplot_kw
        Passed on to :meth:`~matplotlib.figure.Figure.subplots` (``sharex``, ``gridspec_kw``...).

    Returns
    -------
    tuple
        ``(figure, axes)``; ``axes`` is one Axes or an array of them, as ``subplots`` returns.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure as MplFigure

    fig = MplFigure(figsize=figsize)
    FigureCanvasAgg(fig)
    axes = fig.subplots(nrows, ncols, **subplot_kw)
    return fig, axes


def figure_png(fig, dpi: int = 100) -> bytes:
    """The figure as PNG bytes (tight bounding box)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight")
    return buf.getvalue()


@dataclass
class Figure:
    """A matplotlib figure with its alt text; shows as a PNG with an ``alt`` attribute."""

    fig: object
    alt: str

    def png_bytes(self, dpi: int = 100) -> bytes:
        """The figure as PNG bytes."""
        return figure_png(self.fig, dpi=dpi)

    def _repr_html_(self) -> str:
        data = base64.b64encode(self.png_bytes()).decode("ascii")
        alt = html.escape(self.alt)
        return (
            f'<img src="data:image/png;base64,{data}" alt="{alt}" title="{alt}" '
            'style="max-width:100%"/>'
        )


def apply_style() -> None:
    """Use the course's matplotlib style for the notebook's own figures (sets rcParams)."""
    import matplotlib

    matplotlib.rcParams.update(course_rc())
