const BC_CSS = __BC_CSS__;
let bcCounter = 0;
function bcStyle() {
  if (!document.getElementById("bc-course-style")) {
    const s = document.createElement("style");
    s.id = "bc-course-style";
    s.textContent = BC_CSS;
    document.head.appendChild(s);
  }
}
function bcId(prefix) {
  bcCounter += 1;
  // each control's module may be loaded separately: a random part keeps ids unique on the page
  const random = Math.random().toString(36).slice(2, 10);
  return `bc-${prefix}-${random}-${bcCounter}`;
}
function bcOnFocus(model, target) {
  const handler = (msg) => {
    if (msg && msg.type === "focus") { const t = target(); if (t) t.focus(); }
  };
  model.on("msg:custom", handler);
  return () => model.off("msg:custom", handler);
}
function bcLegend(model, legend) {
  const html = model.get("label_html");
  if (html) { legend.innerHTML = html; } else { legend.textContent = model.get("label"); }
}
