"""Static figures and the shared style: a colour-blind-safe palette and alt text on every figure."""

from __future__ import annotations

from dataclasses import dataclass

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
    "neutral": "#999999",
}
CYCLE = [
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


@dataclass
class Figure:
    """A matplotlib figure with its alt text; shows as a PNG with an ``alt`` attribute."""

    fig: object
    alt: str

    def png_bytes(self, dpi: int = 100) -> bytes:
        import io

        buf = io.BytesIO()
        self.fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight")
        return buf.getvalue()

    def _repr_html_(self) -> str:
        import base64
        import html

        data = base64.b64encode(self.png_bytes()).decode("ascii")
        return (
            f'<img src="data:image/png;base64,{data}" alt="{html.escape(self.alt)}" '
            f'title="{html.escape(self.alt)}" style="max-width:100%"/>'
        )


def apply_style() -> None:
    """Use the course's matplotlib style (palette, readable fonts)."""
    import matplotlib
    from cycler import cycler

    matplotlib.rcParams.update(
        {
            "axes.prop_cycle": cycler(color=CYCLE),
            "font.size": 11,
            "axes.titlesize": 12,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "figure.dpi": 100,
        }
    )
