"""Skeleton map (module 2): a primary cancer's usual sites, and what each region risks.

Choose a primary cancer to see its usual sites and lesion type; choose a region to read what
involvement there risks and what the nurse watches for.

The data and rules are :mod:`course.biology.spread` (``assets/02_spread/``); this widget only draws
and listens. The drawing is a PNG with alt text that changes with the choices; highlighted
sites are marked by colour, hatching and a filled dot beside their label (never colour alone).
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from course.bibliography import cite
from course.biology.spread import Primary, Region, SpreadData, default_data
from course.figures import GREYS, PALETTE, ROLE_COLOURS, Figure, new_figure
from course.widgets.kit import callout, widget_text, words

TEXT = widget_text("02_spread", "skeleton_map_widget", required=("alt", "key", "usual"))
_HATCH = {"lytic": "....", "sclerotic": "xxxx", "mixed": "++", "not_stated": ""}
_BONE_FILL = GREYS["paper"]
_BONE_EDGE = GREYS["line"]
_SITE_COLOUR = ROLE_COLOURS["tumour"]
_RARE_COLOUR = PALETTE["sky_blue"]
_SELECTED_EDGE = PALETTE["black"]


def skeleton_figure(
    primary: Primary | None, region: Region | None, data: SpreadData | None = None
) -> Figure:
    """Draw the skeleton with a primary's usual sites highlighted and one region outlined.

    Parameters
    ----------
    primary
        Whose usual sites to highlight, or ``None`` for the bare skeleton.
    region
        The region to outline and point to, or ``None``.
    """
    data = data or default_data()
    sites = set(primary.sites) if primary else set()
    rare = set(primary.rare_sites) if primary else set()
    hatch = _HATCH[primary.lesion] if primary else ""
    selected = region.id if region else None

    fig, ax = new_figure((5.6, 6.0))
    _draw_bones(ax, data, sites, rare, hatch, selected)
    _draw_labels(ax, data, sites, rare, selected)
    ax.set_xlim(-45, 170)
    ax.set_ylim(0, 200)
    ax.set_aspect("equal")
    ax.axis("off")
    if primary:
        key = TEXT["key"].format(rare=TEXT["key_rare"] if rare else "")
        ax.set_title(f"{primary.name}: {primary.lesion_label}\n{key}", fontsize=10)
    else:
        ax.set_title(TEXT["bare_title"], fontsize=10)

    return Figure(fig, _alt_text(primary, region, data, rare) + ".")


def _draw_bones(ax, data: SpreadData, sites: set, rare: set, hatch: str, selected) -> None:
    """Each bone, filled (and hatched) if it is a usual or rare site, outlined if selected."""
    from matplotlib.patches import Polygon

    for shape in data.skeleton["shapes"]:
        rid = shape["region"]
        on_site = rid in sites
        is_rare = rid in rare
        is_selected = rid == selected
        edge = _SELECTED_EDGE if is_selected else _BONE_EDGE
        colour = _SITE_COLOUR if on_site else _RARE_COLOUR if is_rare else None
        if shape["kind"] == "polygon":
            ax.add_patch(
                Polygon(
                    shape["points"],
                    closed=True,
                    facecolor=colour or _BONE_FILL,
                    edgecolor=edge,
                    linewidth=2.2 if is_selected else 0.7,
                    hatch=hatch if colour else None,
                    alpha=0.95,
                )
            )
        else:
            xs, ys = zip(*shape["points"], strict=True)
            width = shape["width"] * 1.6
            if is_selected:
                ax.plot(xs, ys, color=_SELECTED_EDGE, lw=width + 2.6, solid_capstyle="round")
            ax.plot(
                xs,
                ys,
                color=colour or GREYS["light"],
                lw=width,
                solid_capstyle="round",
                linestyle=(0, (1.2, 0.6)) if is_rare else "-",
            )


def _draw_labels(ax, data: SpreadData, sites: set, rare: set, selected) -> None:
    """Each region's name beside the skeleton, with a symbol for usual, rare or not usual."""
    for rid, spec in data.skeleton["labels"].items():
        name = spec.get("text", data.regions[rid].name)
        ax_x, ax_y = spec["anchor"]
        right = spec["side"] == "right"
        text_x = 112 if right else -12
        marker = "● " if rid in sites else "◐ " if rid in rare else "○ "
        weight = "bold" if rid == selected else "normal"
        ax.annotate(
            (marker + name) if right else (name + " " + marker.strip()),
            xy=(ax_x, ax_y),
            xytext=(text_x, spec["y"]),
            ha="left" if right else "right",
            va="center",
            fontsize=9.5,
            fontweight=weight,
            color="black",
            arrowprops={
                "arrowstyle": "-",
                "color": GREYS["ink"] if rid == selected else GREYS["pale"],
                "lw": 1.2 if rid == selected else 0.6,
            },
        )


def _alt_text(primary: Primary | None, region: Region | None, data: SpreadData, rare: set) -> str:
    """The drawing in words: the usual and rare sites, the lesion type, the chosen region."""
    alt = TEXT["alt"]
    if primary:
        sites_text = ", ".join(data.regions[r].name.lower() for r in primary.sites)
        alt += TEXT["alt_primary"].format(
            primary=primary.name.lower(), sites=sites_text, lesion=primary.lesion_label
        )
        if rare:
            rare_names = ", ".join(data.regions[r].name.lower() for r in primary.rare_sites)
            alt += TEXT["alt_rare"].format(sites=rare_names)
    if region:
        alt += TEXT["alt_region"].format(region=region.name.lower())
    return alt


def _region_html(region: Region, primary: Primary | None) -> str:
    def items(lines: tuple[str, ...]) -> str:
        return "".join(f"<li>{html.escape(line)}</li>" for line in lines)

    usual = ""
    if primary is not None:
        key = (
            "usual"
            if region.id in primary.sites
            else "rare"
            if region.id in primary.rare_sites
            else "not_usual"
        )
        usual = f"<p><i>{html.escape(TEXT[key].format(primary=primary.name.lower()))}</i></p>"
    escalate = f"<b>{TEXT['escalate']}</b> {html.escape(region.escalate)}"
    return (
        f"<h4>{html.escape(region.name)}</h4>{usual}"
        f"<p><b>{TEXT['how_often']}</b> {html.escape(region.share)}.</p>"
        f"<p><b>{TEXT['risks']}</b></p><ul>{items(region.risks)}</ul>"
        f"<p><b>{TEXT['watch']}</b></p><ul>{items(region.watch)}</ul>"
        + callout(escalate, "severe", tag="p")
        + f"<p><small>{html.escape(TEXT['source'].format(source=cite(region.source)))}</small></p>"
    )


def _primary_html(primary: Primary) -> str:
    """What a primary is, where it goes (and why the map looks alike), its lesions and outlook."""
    text = TEXT["primary"]
    what = words(text["spreads" if primary.spreads_to_bone else "marrow"])
    where = words(text["same_sites"])
    note = text.get("site_notes", {}).get(primary.id)
    if note:
        where += " " + words(note)
    return (
        f"<h4>{html.escape(primary.name)}</h4>"
        f"<p>{text['this_is'].format(what=what)}</p>"
        f"<p><b>{text['sites']}</b> {html.escape(where)}</p>"
        f"<p><b>{text['lesion']}</b> {html.escape(primary.lesion_detail)}</p>"
        f"<p><b>{text['outlook']}</b> {html.escape(primary.survival_text)} "
        f"{text['outlook_note']}</p>"
    )


class SkeletonMap(widgets.HBox):
    """The skeleton map widget.

    Parameters
    ----------
    primary
        The primary cancer to show first (an id such as ``"breast"``).
    region
        The region to show first (an id such as ``"thoracic_spine"``).

    Attributes
    ----------
    figure : Figure
        The current drawing (with its alt text).
    """

    def __init__(
        self,
        primary: str = "breast",
        region: str = "thoracic_spine",
        data: SpreadData | None = None,
    ):
        self.data = data or default_data()
        self.data.primary(primary)
        self.data.region(region)
        self.primary_choice = widgets.Dropdown(
            options=[(p.name, p.id) for p in self.data.primaries.values()],
            value=primary,
            description="Primary cancer:",
            style={"description_width": "initial"},
        )
        self.region_choice = widgets.Dropdown(
            options=[(r.name, r.id) for r in self.data.regions.values()],
            value=region,
            description="Region:",
            style={"description_width": "initial"},
        )
        self.drawing = widgets.HTML("")
        self.drawing.add_class("bc-skeleton-drawing")
        self.primary_info = widgets.HTML("")
        self.primary_info.add_class("bc-skeleton-primary")
        self.region_info = widgets.HTML("")
        self.region_info.add_class("bc-skeleton-region")
        self.figure: Figure | None = None
        self._drawn: dict[tuple[str, str], tuple[Figure, str]] = {}
        self.primary_choice.observe(self._update, names="value")
        self.region_choice.observe(self._update, names="value")
        # left: the primary, its drawing and what it is; right: the region and its nursing care
        left = widgets.VBox(
            [self.primary_choice, self.drawing, self.primary_info],
            layout=widgets.Layout(width="56%", min_width="360px"),
        )
        right = widgets.VBox(
            [self.region_choice, self.region_info],
            layout=widgets.Layout(width="44%", min_width="300px"),
        )
        super().__init__([left, right], layout=widgets.Layout(flex_flow="row wrap"))
        self.add_class("bc-skeleton-map")
        self._update()

    @property
    def primary(self) -> Primary:
        """The chosen primary cancer."""
        return self.data.primary(self.primary_choice.value)

    @property
    def region(self) -> Region:
        """The chosen region."""
        return self.data.region(self.region_choice.value)

    @property
    def highlighted(self) -> tuple[str, ...]:
        """Region ids highlighted for the chosen primary."""
        return self.primary.sites

    def _update(self, _change=None) -> None:
        primary, region = self.primary, self.region
        key = (primary.id, region.id)
        if key not in self._drawn:  # revisiting a choice is instant
            figure = skeleton_figure(primary, region, self.data)
            self._drawn[key] = (figure, figure._repr_html_())
        self.figure, self.drawing.value = self._drawn[key]
        self.primary_info.value = _primary_html(primary)
        self.region_info.value = _region_html(region, primary)


def skeleton_map(primary: str = "breast", region: str = "thoracic_spine") -> SkeletonMap:
    """Show the skeleton map, starting with a primary cancer and a region."""
    return SkeletonMap(primary=primary, region=region)
