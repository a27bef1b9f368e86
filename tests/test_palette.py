"""The course's colours come from a colour-blind-safe palette (Okabe-Ito) and stay distinguishable.

Two kinds of check:

* ``course.figures``: the palette is Okabe and Ito's eight colours; every role colour and the
  matplotlib colour cycle come from it; colours that must be told apart (osteoclast/osteoblast,
  the severity bands) stay distinguishable under simulated protanopia, deuteranopia and
  tritanopia (Machado et al. 2009 matrices, CIELAB distance).
* The code that draws (``course/**/*.py``, ``*.css``, ``*.html``): every hex colour written in it
  is a palette colour or a neutral (grey, or a pale background tint), and every colour *name*
  given to matplotlib or CSS is a neutral one.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import numpy as np
import pytest

from course.figures import CYCLE, PALETTE, ROLE_COLOURS, apply_style

COURSE = Path(__file__).resolve().parents[1] / "course"

#: Okabe & Ito (2008), "Color Universal Design"
OKABE_ITO = {"#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"}

#: Colours found in the code that are outside the palette, each with its reason. The owners were
#: told; a new entry needs a reason, not a shrug. The test fails for anything not listed here.
KNOWN_EXCEPTIONS: dict[tuple[str, str], str] = {}

#: neutral colour names that matplotlib and CSS accept
NEUTRAL_NAMES = {
    "black",
    "white",
    "none",
    "transparent",
    "inherit",
    "currentcolor",
    "grey",
    "gray",
    "lightgrey",
    "lightgray",
    "darkgrey",
    "darkgray",
    "dimgrey",
    "dimgray",
    "silver",
    "whitesmoke",
    "gainsboro",
}

_HEX = re.compile(r"(?<![&\w#])#([0-9a-fA-F]{8}|[0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b")
_MPL_NAMED = re.compile(
    r"\b(?:color|colour|colors|facecolor|edgecolor|fc|ec|mfc|mec|markerfacecolor|"
    r"markeredgecolor|hatch_color|labelcolor)\s*=\s*[\"']([A-Za-z][\w: ]*)[\"']"
)
_CSS_NAMED = re.compile(
    r"(?<![\w-])(?:color|background|background-color|border-color|fill|stroke)\s*:\s*"
    r"([A-Za-z]+)\s*[;\"'}]"
)

# -- colour arithmetic --------------------------------------------------------------------

#: Machado, Oliveira & Fernandes (2009), severity 1.0, applied to linear RGB
CVD_MATRICES = {
    "protanopia": [
        [0.152286, 1.052583, -0.204868],
        [0.114503, 0.786281, 0.099216],
        [-0.003882, -0.048116, 1.051998],
    ],
    "deuteranopia": [
        [0.367322, 0.860646, -0.227968],
        [0.280085, 0.672501, 0.047413],
        [-0.011820, 0.042940, 0.968881],
    ],
    "tritanopia": [
        [1.255528, -0.076749, -0.178779],
        [-0.078411, 0.930809, 0.147602],
        [0.004733, 0.691367, 0.303900],
    ],
}
#: CIELAB distance (Delta E 1976) below which two colours are too alike to carry meaning
MIN_DELTA_E = 15.0


def normalise(hex_colour: str) -> str:
    """``#abc``, ``#aabbcc`` or ``#aabbccdd`` to upper-case ``#AABBCC``."""
    digits = hex_colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return "#" + digits[:6].upper()


def rgb(hex_colour: str) -> tuple[int, int, int]:
    digits = normalise(hex_colour)[1:]
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def is_neutral(hex_colour: str) -> bool:
    """A grey (channels within 16 of each other), or a pale, barely tinted background."""
    channels = rgb(hex_colour)
    spread = max(channels) - min(channels)
    return spread <= 16 or (min(channels) >= 0xC0 and spread <= 0x30)


def _linear(hex_colour: str) -> np.ndarray:
    c = np.array(rgb(hex_colour)) / 255.0
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def _lab(linear_rgb: np.ndarray) -> np.ndarray:
    to_xyz = np.array(
        [[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]
    )
    t = to_xyz @ np.clip(linear_rgb, 0, 1) / np.array([0.95047, 1.0, 1.08883])
    delta = 6 / 29
    f = np.where(t > delta**3, np.cbrt(t), t / (3 * delta**2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def delta_e(a: str, b: str, vision: str | None = None) -> float:
    """CIELAB distance between two colours as seen with ``vision`` (``None``: typical)."""
    la, lb = _linear(a), _linear(b)
    if vision:
        m = np.array(CVD_MATRICES[vision])
        la, lb = m @ la, m @ lb
    return float(np.linalg.norm(_lab(la) - _lab(lb)))


# -- course.figures -------------------------------------------------------------------------


def test_palette_is_okabe_ito() -> None:
    assert {normalise(c) for c in PALETTE.values()} == OKABE_ITO
    assert len(PALETTE) == 8


def test_role_colours_come_from_the_palette_or_are_neutral() -> None:
    palette = {normalise(c) for c in PALETTE.values()}
    outside = {
        role: c
        for role, c in ROLE_COLOURS.items()
        if normalise(c) not in palette and not is_neutral(c)
    }
    assert outside == {}


def test_colour_cycle_is_the_palette() -> None:
    assert sorted(normalise(c) for c in CYCLE) == sorted(OKABE_ITO)


def test_apply_style_sets_the_palette_cycle() -> None:
    import matplotlib

    saved = matplotlib.rcParams.copy()
    try:
        apply_style()
        cycle = matplotlib.rcParams["axes.prop_cycle"].by_key()["color"]
        assert [normalise(c) for c in cycle] == [normalise(c) for c in CYCLE]
    finally:
        matplotlib.rcParams.update(saved)


#: role pairs a learner must tell apart in the diagrams
DISTINCT_ROLES = [
    ("osteoclast", "osteoblast"),
    ("tumour", "bone"),
    ("tumour", "treatment"),
    *itertools.combinations(("normal", "mild", "moderate", "severe"), 2),
]


@pytest.mark.parametrize("vision", [None, *CVD_MATRICES])
@pytest.mark.parametrize(("first", "second"), DISTINCT_ROLES)
def test_roles_stay_distinguishable(first: str, second: str, vision: str | None) -> None:
    distance = delta_e(ROLE_COLOURS[first], ROLE_COLOURS[second], vision)
    assert distance >= MIN_DELTA_E, (
        f"{first} and {second} are too alike ({distance:.1f}) with {vision or 'typical'} vision"
    )


def test_simulation_catches_a_red_green_pair() -> None:
    """The check can fail: matplotlib's default red and green, far apart for most viewers,
    merge with deuteranopia; vermillion and an olive green merge with protanopia too."""
    assert delta_e("#D62728", "#2CA02C") > 100
    assert delta_e("#D62728", "#2CA02C", "deuteranopia") < MIN_DELTA_E
    assert delta_e("#D55E00", "#7F8F00", "protanopia") < MIN_DELTA_E


# -- the code that draws --------------------------------------------------------------------


def colour_files() -> list[Path]:
    return sorted(
        p
        for pattern in ("*.py", "*.css", "*.html")
        for p in COURSE.rglob(pattern)
        if "__pycache__" not in p.parts
    )


def hex_colours_outside_palette(text: str) -> set[str]:
    palette = {normalise(c) for c in PALETTE.values()} | {
        normalise(c) for c in ROLE_COLOURS.values()
    }
    found = {normalise(m.group(0)) for m in _HEX.finditer(text)}
    return {c for c in found if c not in palette and not is_neutral(c)}


def named_colours(text: str) -> set[str]:
    """Colour names given to matplotlib keyword arguments or CSS colour properties."""
    names = {m.group(1).strip().lower() for m in _MPL_NAMED.finditer(text)}
    names |= {m.group(1).strip().lower() for m in _CSS_NAMED.finditer(text)}
    return {n for n in names if n not in NEUTRAL_NAMES}


def test_scanner_finds_colours_outside_the_palette() -> None:
    sample = (
        'ax.plot(x, color="red")\nstyle = "color: green; border: 1px solid #999"\n'
        'html = "&#39; #123456 #E69F00 #ccc #FBF7F2"\n'
        'ax.bar(x, color="tab:blue", edgecolor="black")'
    )
    assert hex_colours_outside_palette(sample) == {"#123456"}
    assert named_colours(sample) == {"red", "green", "tab:blue"}


def test_course_code_uses_only_palette_colours() -> None:
    files = colour_files()
    assert any(p.name == "self_check.py" for p in files)
    problems = []
    for path in files:
        rel = path.relative_to(COURSE).as_posix()
        text = path.read_text(encoding="utf-8")
        for colour in sorted(hex_colours_outside_palette(text)):
            if (rel, colour) not in KNOWN_EXCEPTIONS:
                problems.append(f"{rel}: {colour} is not in course.figures.PALETTE")
        for name in sorted(named_colours(text)):
            problems.append(f"{rel}: colour name {name!r}: use course.figures.PALETTE")
    assert problems == [], "\n".join(problems)
