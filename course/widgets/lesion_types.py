"""Lesion-type explorer: a primary cancer's usual kind of bone lesion, on X-ray and bone scan.

It also says what that lesion does to the bone. The facts are the table in
:mod:`course.biology.lesions`; this file only draws. The picture is an SVG template
(``course/templates/lesion_panel.svg``) with a text description, and each panel says in words
what it shows (holes, dense patches, hot spots), so colour is never the only cue.
"""

from __future__ import annotations

import html

import ipywidgets as W

from course.bibliography import cite
from course.biology.lesions import LesionTable, PrimaryProfile, load_lesion_table
from course.palette import GREYS, IMAGING, PALETTE
from course.widgets.controls import SingleChoice
from course.widgets.kit import callout, render, widget_text, words

TEXT = widget_text(
    "01_bone_biology",
    "lesion_types_widget",
    required=("xray_caption", "description", "scan_can_miss", "card", "source"),
)

# holes (lytic) and dense patches (blastic) along a long bone, in panel coordinates
_HOLES = ((70, 60, 11, 8), (120, 70, 8, 6), (180, 58, 12, 9))
_PATCHES = ((95, 66, 13, 8), (150, 62, 10, 7), (205, 68, 12, 8))


def _bone_path(x0: float, y0: float) -> str:
    """A long bone (like a femur) drawn as a shaft with two rounded ends."""
    return (
        f"M{x0 + 20},{y0 + 30} q-20,-30 8,-32 q18,0 20,22 h160 q2,-22 20,-22 "
        f"q28,2 8,32 q20,30 -8,32 q-18,0 -20,-22 h-160 q-2,22 -20,22 q-28,-2 -8,-32 z"
    )


def _spots(places, fill: str, grow: int = 0, **extra) -> list[dict]:
    return [
        {"x": x, "y": y, "rx": rx + grow, "ry": ry + grow, "fill": fill, **extra}
        for x, y, rx, ry in places
    ]


def _xray_panel(kind: str) -> dict:
    """X-ray: bone is white on a dark film; lytic holes are dark, blastic patches extra white."""
    spots = []
    if kind in ("lytic", "mixed"):
        spots += _spots(_HOLES, IMAGING["lytic"])
    if kind in ("blastic", "mixed"):
        spots += _spots(_PATCHES, GREYS["white"], stroke=GREYS["white"])
    return {
        "x": 0,
        "title": TEXT["xray"],
        "background": IMAGING["film"],
        "ink": GREYS["white"],
        "bone_fill": IMAGING["xray_bone"],
        "bone_edge": GREYS["white"],
        "spots": spots,
        "caption": TEXT["xray_caption"][kind],
    }


def _scan_panel(profile: PrimaryProfile, kind: str) -> dict:
    """Bone scan: tracer uptake shows dark on a light image; lytic-only disease may show little."""
    if profile.bone_scan_can_miss:
        spots = _spots(_HOLES, GREYS["light"], opacity=0.5)
        caption = TEXT["scan_missed"]
    else:
        spots = _spots(_PATCHES if kind in ("blastic", "mixed") else _HOLES, GREYS["near_black"], 3)
        caption = TEXT["scan_hot"]
    return {
        "x": 290,
        "title": TEXT["bone_scan"],
        "background": GREYS["white"],
        "ink": PALETTE["black"],
        "bone_fill": IMAGING["scan_bone"],
        "bone_edge": GREYS["mid"],
        "spots": spots,
        "caption": caption,
    }


def lesion_svg(profile: PrimaryProfile) -> str:
    """Two panels: the bone on X-ray and on a bone scan, for this primary's usual lesion."""
    kind = profile.usual_type.key
    panels = [_xray_panel(kind), _scan_panel(profile, kind)]
    desc = TEXT["description"].format(
        name=profile.name,
        kind=profile.usual_type.name.lower(),
        xray=panels[0]["caption"],
        scan=panels[1]["caption"],
    )
    return render(
        "lesion_panel.svg",
        desc=desc,
        panels=panels,
        outline=GREYS["line"],
        bone_path=_bone_path(20, 40),
    )


class LesionTypesExplorer(W.VBox):
    """Choose a primary cancer; see its usual lesion type, the bone, X-ray and bone scan."""

    def __init__(self, table: LesionTable | None = None, primary: str = "breast"):
        self.table = table or load_lesion_table()
        self.primary = SingleChoice(
            [(p.key, p.name) for p in self.table.primaries.values()],
            value=self.table.profile(primary).key,
            label=TEXT["primary"],
        )
        self.picture = W.HTML("")
        self.picture.add_class("bc-lesion-picture")
        self.card = W.HTML("")
        self.warning = W.HTML("")
        imaging = W.HTML(
            f"<details><summary>{TEXT['how_tests_work']}</summary><p>"
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
            callout(words(TEXT["scan_can_miss"]), "warning", tag="p", role="note")
            if p.bone_scan_can_miss
            else ""
        )
        card = TEXT["card"]
        facts = {
            "pattern": p.pattern,
            "what_happens": kind.what_happens,
            "xray": kind.xray,
            "bone_scan": p.bone_scan,
            "note": p.note,
        }
        items = "".join(
            f"<li><b>{card[key]}</b> {html.escape(value)}</li>" for key, value in facts.items()
        )
        heading = TEXT["card_heading"].format(name=p.name, kind=kind.name.lower())
        source = TEXT["source"].format(source=cite(p.source))
        self.card.value = (
            f"<h4>{html.escape(heading)}</h4><ul>{items}</ul>"
            f'<p style="font-size:85%">{html.escape(source)}</p>'
        )


def lesion_types(primary: str = "breast") -> LesionTypesExplorer:
    """The lesion-type explorer (the notebook's one-line call)."""
    return LesionTypesExplorer(primary=primary)
