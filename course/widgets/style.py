"""The course's one widget stylesheet: ``course.css`` with its colours set from the palette.

``course.css`` holds the rules and names colours only as custom properties (``--bc-accent`` and
so on); :func:`stylesheet` prepends their values, taken from :data:`course.figures.PALETTE`, for
light themes and for dark and high-contrast ones (``body[data-jp-theme-light="false"]``, set by
JupyterLab and Voilà). Text and backgrounds follow JupyterLab's own theme variables, so error
text stays readable in every theme. The first course control drawn on a page injects the sheet
once (``<style id="bc-course-style">``, see :mod:`course.widgets.controls`).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from course.palette import GREYS, PALETTE

CSS_FILE = Path(__file__).with_name("course.css")

#: custom property -> (colour on light themes, colour on dark and high-contrast themes)
VARIABLES: dict[str, tuple[str, str]] = {
    "--bc-accent": (PALETTE["blue"], PALETTE["sky_blue"]),
    "--bc-focus": (PALETTE["blue"], PALETTE["sky_blue"]),
    "--bc-right": (PALETTE["bluish_green"], PALETTE["bluish_green"]),
    "--bc-wrong": (PALETTE["vermillion"], PALETTE["vermillion"]),
    "--bc-info": (GREYS["dark_grey"], GREYS["grey"]),
    # control borders and slider tracks: >= 3:1 against the theme's background
    "--bc-border": (GREYS["dark_grey"], GREYS["grey"]),
}

#: the background each theme is checked against (JupyterLab's --jp-layout-color0 / 1)
THEME_BACKGROUNDS = {
    "light": GREYS["white"],
    "dark": GREYS["near_black"],
    "dark-high-contrast": PALETTE["black"],
}


def variables_css() -> str:
    """The ``:root`` and dark-theme blocks that give the custom properties their colours."""
    light = "".join(f"{k}: {v[0]}; " for k, v in VARIABLES.items())
    dark = "".join(f"{k}: {v[1]}; " for k, v in VARIABLES.items())
    return f':root {{ {light}}}\nbody[data-jp-theme-light="false"] {{ {dark}}}\n'


@cache
def stylesheet() -> str:
    """The whole stylesheet: palette variables, then the rules of ``course.css``."""
    return variables_css() + CSS_FILE.read_text(encoding="utf-8")
