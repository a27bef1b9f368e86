function render({ model, el }) {
  bcStyle();
  const region = document.createElement("div");
  region.className = "bc-live";
  const role = model.get("role");
  region.setAttribute("role", role);
  region.setAttribute("aria-live", role === "alert" ? "assertive" : "polite");
  region.setAttribute("aria-atomic", "true");
  function draw() {
    const html = model.get("value");
    region.innerHTML = html;
    region.classList.toggle("bc-live-empty", !html);
  }
  draw();
  model.on("change:value", draw);
  el.appendChild(region);
  return bcOnFocus(model, () => region);
}
export default { render };
