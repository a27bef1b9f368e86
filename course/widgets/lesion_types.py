"""Lesion-type explorer: choose a primary cancer and see its usual kind of bone lesion, what
that does to the bone, and how it shows on X-ray and on a bone scan.

The facts are the table in :mod:`course.models.lesions`; this file only draws. The picture is
SVG with a text description, and each panel says in words what it shows (holes, dense
patches, hot spots), so colour is never the only cue.
"""

from __future__ import annotations

import html

import ipywidgets as W

from course.figures import PALETTE
from course.models.lesions import LesionTable, PrimaryProfile, load_lesion_table
from course.widgets.controls import SingleChoice

# holes (lytic) and dense patches (blastic) along a long bone, in panel coordinates
_HOLES = ((70, 60, 11, 8), (120, 70, 8, 6), (180, 58, 12, 9))
_PATCHES = ((95, 66, 13, 8), (150, 62, 10, 7), (205, 68, 12, 8))


def _bone_path(x0: float, y0: float) -> str:
    """A long bone (like a femur) drawn as a shaft with two rounded ends."""
    return (
        f"M{x0 + 20},{y0 + 30} q-20,-30 8,-32 q18,0 20,22 h160 q2,-22 20,-22 "
        f"q28,2 8,32 q20,30 -8,32 q-18,0 -20,-22 h-160 q-2,22 -20,22 q-28,-2 -8,-32 z"
    )


def _panel(
    x0: float, title: str, body: str, background: str, title_colour: str, caption: str
) -> str:
    return (
        f'<g transform="translate({x0},0)">'
        f'<rect x="0" y="0" width="270" height="150" rx="6" fill="{background}" '
        'stroke="#555555"/>'
        f'<text x="10" y="18" font-size="13" font-weight="bold" fill="{title_colour}">'
        f"{html.escape(title)}</text>{body}"
        f'<text x="10" y="140" font-size="11" fill="{title_colour}">{html.escape(caption)}</text>'
        "</g>"
    )


def lesion_svg(profile: PrimaryProfile) -> str:
    """Two panels: the bone on X-ray and on a bone scan, for this primary's usual lesion."""
    kind = profile.usual_type.key
    holes = kind in ("lytic", "mixed")
    patches = kind in ("blastic", "mixed")
    # X-ray: bone is white on a dark film; lytic holes are dark, blastic patches extra white
    xray = [f'<path d="{_bone_path(20, 40)}" fill="#D9D9D9" stroke="#FFFFFF"/>']
    if holes:
        xray += [
            f'<ellipse cx="{x}" cy="{y}" rx="{rx}" ry="{ry}" fill="#2B2B2B"/>'
            for x, y, rx, ry in _HOLES
        ]
    if patches:
        xray += [
            f'<ellipse cx="{x}" cy="{y}" rx="{rx}" ry="{ry}" fill="#FFFFFF" '
            'stroke="#FFFFFF" stroke-width="2"/>'
            for x, y, rx, ry in _PATCHES
        ]
    x_caption = {
        "lytic": "dark holes where bone has gone",
        "blastic": "dense white patches of new bone",
        "mixed": "holes and dense patches",
    }[kind]
    # bone scan: tracer uptake shows dark on a light image; lytic-only disease may show little
    scan = [f'<path d="{_bone_path(20, 40)}" fill="#EDEDED" stroke="#777777"/>']
    if profile.bone_scan_can_miss:
        scan += [
            f'<ellipse cx="{x}" cy="{y}" rx="{rx}" ry="{ry}" fill="#BBBBBB" fill-opacity="0.5"/>'
            for x, y, rx, ry in _HOLES
        ]
        s_caption = "little or no uptake: it can be missed"
    else:
        spots = _PATCHES if patches else _HOLES
        scan += [
            f'<ellipse cx="{x}" cy="{y}" rx="{rx + 3}" ry="{ry + 3}" fill="#111111"/>'
            for x, y, rx, ry in spots
        ]
        s_caption = "hot spots where bone is reacting"
    desc = (
        f"{profile.name}: usually {profile.usual_type.name.lower()} lesions. X-ray: "
        f"{x_caption}. Bone scan: {s_caption}."
    )
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 560 150" width="100%" '
        f'style="max-width:560px" role="img" aria-label="{html.escape(desc)}">'
        f"<title>{html.escape(desc)}</title>"
        + _panel(0, "X-ray", "".join(xray), "#1A1A1A", "#FFFFFF", x_caption)
        + _panel(290, "Bone scan", "".join(scan), "#FFFFFF", PALETTE["black"], s_caption)
        + "</svg>"
    )


class LesionTypesExplorer(W.VBox):
    """Choose a primary cancer; see its usual lesion type, the bone, X-ray and bone scan."""

    def __init__(self, table: LesionTable | None = None, primary: str = "breast"):
        self.table = table or load_lesion_table()
        self.primary = SingleChoice(
            [(p.key, p.name) for p in self.table.primaries.values()],
            value=self.table.profile(primary).key,
            label="Primary cancer",
        )
        self.picture = W.HTML("")
        self.picture.add_class("bc-lesion-picture")
        self.card = W.HTML("")
        self.warning = W.HTML("")
        imaging = W.HTML(
            f"<details><summary>How the two tests work</summary><p>"
            f"{html.escape(self.table.xray_threshold)}</p><p>"
            f"{html.escape(self.table.bone_scan_how)}</p></details>"
        )
        self.primary.observe(lambda ch: self.show(ch["new"]), names="value")
        super().__init__([self.primary, self.warning, self.picture, self.card, imaging])
        self.add_class("bc-lesion-types")
        self.show(self.primary.value)

    @property
    def profile(self) -> PrimaryProfile:
        """The profile on show."""
        return self.table.profile(self.primary.value)

    def show(self, key: str) -> None:
        """Show the profile of primary ``key``."""
        p = self.table.profile(key)
        kind = p.usual_type
        self.picture.value = lesion_svg(p)
        self.warning.value = (
            '<p role="note" style="border-left:4px solid #D55E00;padding:0.3em 0.6em">'
            "<b>⚠ A bone scan can miss this.</b> A normal-looking bone scan does not rule out "
            "bone disease here; other imaging is used.</p>"
            if p.bone_scan_can_miss
            else ""
        )
        self.card.value = (
            f"<h4>{html.escape(p.name)}: usually {html.escape(kind.name.lower())}</h4><ul>"
            f"<li><b>Pattern:</b> {html.escape(p.pattern)}</li>"
            f"<li><b>What it does to the bone:</b> {html.escape(kind.what_happens)}</li>"
            f"<li><b>On X-ray:</b> {html.escape(kind.xray)}</li>"
            f"<li><b>On a bone scan:</b> {html.escape(p.bone_scan)}</li>"
            f"<li><b>For the nurse:</b> {html.escape(p.note)}</li></ul>"
            f'<p style="font-size:85%">Source: {html.escape(p.source)}</p>'
        )


def lesion_types(primary: str = "breast") -> LesionTypesExplorer:
    """The lesion-type explorer (the notebook's one-line call)."""
    return LesionTypesExplorer(primary=primary)
