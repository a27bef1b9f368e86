"""The course's colours: the only module that writes a colour as a hex literal.

Everything else names a colour by role (``ROLE_COLOURS["severe"]``), by palette name
(``PALETTE["blue"]``) or through the widget stylesheet's custom properties
(:mod:`course.widgets.style`).
"""

from __future__ import annotations

#: Okabe & Ito (2008) palette, distinguishable with the common colour-vision deficiencies.
PALETTE: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}
#: Neutral tones: greys for borders and "not applicable", white and the dark themes' grounds.
GREYS: dict[str, str] = {
    "white": "#FFFFFF",
    "paper": "#EEEEEE",  # a pale fill (bones on the skeleton map)
    "faint": "#DDDDDD",  # grid lines
    "light": "#BBBBBB",  # regions with no data, soft marks
    "pale": "#AAAAAA",  # labels of regions not selected
    "grey": "#999999",
    "mid": "#777777",
    "dark_grey": "#767676",  # 4.5:1 on white
    "line": "#555555",  # outlines
    "ink": "#333333",  # text on a light ground
    "near_black": "#111111",
}
#: Greys of a radiograph (dark film, bone white) and of a bone scan (pale film, uptake dark).
IMAGING: dict[str, str] = {
    "film": "#1A1A1A",
    "xray_bone": "#D9D9D9",
    "lytic": "#2B2B2B",
    "scan_bone": "#EDEDED",
}
#: Tissue tints for drawings of bone.
TISSUE: dict[str, str] = {
    "bone": "#E8DCC0",
    "new_bone": "#F6EFD9",
    "marrow": "#FBF7F2",
}
#: Roles used across the course, so that a colour means the same thing in every module.
ROLE_COLOURS: dict[str, str] = {
    "osteoclast": PALETTE["vermillion"],
    "osteoblast": PALETTE["blue"],
    "bone": PALETTE["black"],
    "tumour": PALETTE["reddish_purple"],
    "treatment": PALETTE["bluish_green"],
    "normal": PALETTE["bluish_green"],
    "mild": PALETTE["yellow"],
    "moderate": PALETTE["orange"],
    "severe": PALETTE["vermillion"],
    "neutral": GREYS["grey"],
}
#: The order of colours for plotted series.
CYCLE: list[str] = [
    PALETTE[k]
    for k in (
        "blue",
        "orange",
        "bluish_green",
        "vermillion",
        "reddish_purple",
        "sky_blue",
        "yellow",
        "black",
    )
]
