"""Accessibility checks the browser tests run on a page: axe-core, names, live regions, focus.

axe-core comes from npm through the project's own ``tests/browser/js/package.json``
(``npm ci --prefix tests/browser/js``) and is injected into the page by Playwright. JupyterLab
and Voilà scroll inside a panel, so axe would skip contrast and target-size checks on whatever is
out of view: :func:`make_tall` first makes the browser window as tall as the content.
"""

from __future__ import annotations

import json
from pathlib import Path

AXE = Path(__file__).parent / "js" / "node_modules" / "axe-core" / "axe.min.js"
#: the course's own content in JupyterLab and Voilà (rendered Markdown and cell outputs)
CONTENT = [".jp-RenderedMarkdown", ".jp-OutputArea-output"]
#: rules about the page's frame (landmarks, one main heading): the template's, not the content's
PAGE_RULES = ["region", "landmark-one-main", "page-has-heading-one", "bypass"]
#: WCAG 2.0, 2.1 and 2.2 A and AA rules, and axe's best practices
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def axe_version() -> str:
    """The installed axe-core version (``package.json`` of the npm package)."""
    meta = json.loads((AXE.parent / "package.json").read_text(encoding="utf-8"))
    return meta["version"]


def make_tall(page, scroller: str = ".jp-WindowedPanel-outer", limit: int = 16000) -> int:
    """Resize the window so the scrolling panel's whole content is in view; return the height.

    ``scroller`` is JupyterLab's notebook panel; where it is absent (Voilà) the element that
    scrolls the most, or the document, is used.
    """
    height = page.evaluate(
        f"""() => {{
          let s = document.querySelector({json.dumps(scroller)});
          if (!s) {{
            let best = 0;
            for (const e of document.querySelectorAll('body, body *')) {{
              const extra = e.scrollHeight - e.clientHeight;
              const oy = getComputedStyle(e).overflowY;
              if (extra > best && (oy === 'auto' || oy === 'scroll')) {{ best = extra; s = e; }}
            }}
          }}
          return s ? s.scrollHeight + (window.innerHeight - s.clientHeight)
                   : document.documentElement.scrollHeight;
        }}"""
    )
    height = int(min(max(height, 720), limit))
    width = page.viewport_size["width"] if page.viewport_size else 1280
    page.set_viewport_size({"width": width, "height": height})
    page.wait_for_timeout(400)
    return height


_SCROLLER = """() => {
  let s = document.querySelector('.jp-WindowedPanel-outer');
  if (!s) {
    let best = 0;
    for (const e of document.querySelectorAll('body, body *')) {
      const extra = e.scrollHeight - e.clientHeight;
      const oy = getComputedStyle(e).overflowY;
      if (extra > best && (oy === 'auto' || oy === 'scroll')) { best = extra; s = e; }
    }
  }
  return s;
}"""


def audit(page, include: list[str] | None = None, height: int = 8000) -> dict:
    """axe-core over the whole page: the window made ``height`` px tall, then the scrolling
    panel stepped through its content so that every part is once in view (axe skips contrast
    and target size for what is out of view). Violations are merged; see :func:`run_axe`."""
    width = page.viewport_size["width"] if page.viewport_size else 1280
    page.set_viewport_size({"width": width, "height": height})
    # JupyterLab's <body> has overflow: hidden and, its children being absolutely placed, a
    # height of 0: axe would count everything as clipped by it and skip contrast checks
    page.evaluate("() => { document.body.style.minHeight = '100vh'; }")
    page.wait_for_timeout(500)
    merged: dict = {"course": [], "interface": [], "views": 0}
    top = 0
    while True:
        more = page.evaluate(
            f"""(top) => {{ const s = ({_SCROLLER})(); if (!s) {{ window.scrollTo(0, top);
                return document.documentElement.scrollHeight > top + innerHeight; }}
                s.scrollTop = top; return s.scrollHeight > top + s.clientHeight; }}""",
            top,
        )
        page.wait_for_timeout(300)
        found = run_axe(page, include)
        merged["views"] += 1
        for key in ("course", "interface"):
            merged[key] += [v for v in found[key] if v not in merged[key]]
        if not more or merged["views"] >= 12:
            break
        top += height - 400
    page.evaluate("() => { document.body.style.minHeight = ''; }")
    page.set_viewport_size({"width": width, "height": 900})
    return merged


def run_axe(page, include: list[str] | None = None) -> dict:
    """Run axe-core on the page; return ``{"course": [...], "interface": [...]}`` violations.

    A violation node inside ``include`` (default :data:`CONTENT`) is the course's; anything else
    is JupyterLab's or Voilà's own interface (reported, not failed).
    """
    if not AXE.exists():
        raise FileNotFoundError(
            f"{AXE} is missing: run `npm ci --prefix tests/browser/js` (axe-core from npm)"
        )
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    include = include or CONTENT
    result = page.evaluate(
        """async ([tags, include, pageRules]) => {
          const r = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                             resultTypes: ['violations']});
          const out = {course: [], interface: []};
          for (const v of r.violations) {
            for (const n of v.nodes) {
              const el = document.querySelector(n.target[0]);
              const mine = el && include.some((sel) => el.closest(sel))
                && !pageRules.includes(v.id);
              (mine ? out.course : out.interface).push(
                `${v.id} (${v.impact}): ${n.target.join(' ')} :: ${n.failureSummary
                  .replace(/\\s+/g, ' ').slice(0, 300)}`);
            }
          }
          out.incomplete_contrast = r.incomplete ? r.incomplete.length : 0;
          return out;
        }""",
        [TAGS, include, PAGE_RULES],
    )
    return result


def radio_groups_named(page, root: str = ".jp-OutputArea-output") -> list[str]:
    """Radio buttons in ``root`` that are not inside a group with a name (problems found)."""
    return page.evaluate(
        """(root) => {
          const bad = [];
          for (const r of document.querySelectorAll(`${root} input[type=radio]`)) {
            const g = r.closest('[role=radiogroup], fieldset');
            const name = g && (g.getAttribute('aria-labelledby')
              ? document.getElementById(g.getAttribute('aria-labelledby'))?.innerText
              : (g.querySelector('legend')?.innerText || g.getAttribute('aria-label')));
            if (!name || !name.trim()) bad.push(r.closest('label')?.innerText || r.value);
            const same = g ? [...g.querySelectorAll('input[type=radio]')].map(i => i.name) : [];
            if (new Set(same).size > 1) bad.push(`radios of one group with several names`);
          }
          return bad;
        }""",
        root,
    )


def sliders_named(page, root: str = ".jp-OutputArea-output") -> list[str]:
    """Sliders (native or ARIA) in ``root`` without an accessible name, or of ipywidgets."""
    return page.evaluate(
        """(root) => {
          const bad = [];
          for (const s of document.querySelectorAll(`${root} input[type=range]`)) {
            const named = (s.labels && s.labels.length && s.labels[0].innerText.trim())
              || s.getAttribute('aria-label') || s.getAttribute('aria-labelledby');
            if (!named) bad.push(s.outerHTML.slice(0, 120));
          }
          const aria = `${root} .noUi-handle, ${root} [role=slider]`;
          for (const s of document.querySelectorAll(aria)) {
            if (!(s.getAttribute('aria-label') || s.getAttribute('aria-labelledby')))
              bad.push('ipywidgets slider without a name: ' + (s.closest('.widget-slider')
                ?.innerText || '').trim().slice(0, 60));
          }
          return bad;
        }""",
        root,
    )


def _luminance(rgb: tuple[float, float, float]) -> float:
    def lin(c: float) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (lin(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    """WCAG contrast ratio of two sRGB colours."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


_FOCUS_STYLE = """(el) => {
  const cs = getComputedStyle(el);
  let bg = null, e = el.parentElement;
  while (e) {
    const c = getComputedStyle(e).backgroundColor;
    if (c && !c.startsWith('rgba(0, 0, 0, 0)') && c !== 'transparent') { bg = c; break; }
    e = e.parentElement;
  }
  return {style: cs.outlineStyle, width: parseFloat(cs.outlineWidth), colour: cs.outlineColor,
          background: bg || 'rgb(255, 255, 255)', focused: document.activeElement === el};
}"""


def _rgb(css: str) -> tuple[float, float, float]:
    inside = css[css.index("(") + 1 : css.index(")")]
    parts = [float(p) for p in inside.replace("/", ",").split(",")[:3]]
    return parts[0], parts[1], parts[2]


def focus_ring(page, locator) -> dict:
    """Focus ``locator`` from the keyboard's point of view and measure its outline."""
    locator.scroll_into_view_if_needed()
    locator.focus()
    # :focus-visible after a programmatic focus follows the last input: press Shift (no action)
    page.keyboard.press("Shift")
    ring = locator.evaluate(_FOCUS_STYLE)
    ring["contrast"] = contrast(_rgb(ring["colour"]), _rgb(ring["background"]))
    return ring


def focus_problems(page, locators: dict[str, object]) -> list[str]:
    """Controls whose keyboard focus ring is under 2 px or under 3:1 against the background."""
    bad = []
    for name, loc in locators.items():
        if loc.count() == 0:
            continue
        ring = focus_ring(page, loc.first)
        if ring["style"] == "none" or ring["width"] < 2 or ring["contrast"] < 3:
            bad.append(f"{name}: {ring}")
    return bad


def reflow_problems(page, root: str = ".jp-OutputArea-output") -> list[str]:
    """At the current width: controls narrower than their content, labels cut, text scrolled."""
    return page.evaluate(
        """(root) => {
          const bad = [];
          const seen = (e) => e.offsetParent !== null && e.getClientRects().length;
          for (const b of document.querySelectorAll(`${root} button`)) {
            if (!seen(b)) continue;
            if (b.scrollWidth > b.clientWidth + 2)
              bad.push(`button cut: "${b.innerText.trim()}" ${b.clientWidth}px`);
          }
          for (const s of document.querySelectorAll(`${root} input[type=range]`)) {
            if (seen(s) && s.getBoundingClientRect().width < 100)
              bad.push(`slider track ${Math.round(s.getBoundingClientRect().width)}px`);
          }
          for (const t of document.querySelectorAll(
              `${root} input[type=text], ${root} textarea, ${root} select`)) {
            if (seen(t) && t.getBoundingClientRect().width < 60)
              bad.push(`text box ${Math.round(t.getBoundingClientRect().width)}px`);
          }
          for (const l of document.querySelectorAll(`${root} label, ${root} .widget-label`)) {
            if (seen(l) && l.innerText.trim() && l.scrollWidth > l.clientWidth + 2
                && getComputedStyle(l).overflow !== 'visible')
              bad.push(`label cut: "${l.innerText.trim().slice(0, 40)}"`);
          }
          return bad;
        }""",
        root,
    )
