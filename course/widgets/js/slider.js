function render({ model, el }) {
  bcStyle();
  const box = document.createElement("div");
  box.className = "bc-control bc-slider";
  const label = document.createElement("label");
  const input = document.createElement("input");
  input.type = "range";
  input.id = bcId("slider");
  label.htmlFor = input.id;
  label.id = bcId("label");
  const readout = document.createElement("span");
  readout.className = "bc-readout";
  readout.id = bcId("readout");
  readout.setAttribute("aria-hidden", "true");
  const row = document.createElement("div");
  row.className = "bc-slider-row";
  row.append(input, readout);
  box.append(label, row);
  function text(v) {
    const d = model.get("decimals");
    const unit = model.get("unit");
    const num = Number(v).toFixed(d);
    return unit ? `${num} ${unit}` : num;
  }
  function draw() {
    label.textContent = model.get("label");
    input.min = model.get("min");
    input.max = model.get("max");
    input.step = model.get("step");
    input.value = model.get("value");
    input.disabled = model.get("disabled");
    const t = text(model.get("value"));
    readout.textContent = t;
    input.setAttribute("aria-valuetext", t);
    const span = model.get("max") - model.get("min");
    const pct = span > 0 ? (100 * (model.get("value") - model.get("min"))) / span : 0;
    input.style.setProperty("--bc-fill", `${pct}%`);
  }
  let timer = null;
  function push() {
    model.set("value", Number(input.value));
    model.save_changes();
  }
  input.addEventListener("input", () => {
    readout.textContent = text(input.value);
    input.setAttribute("aria-valuetext", text(input.value));
    if (model.get("continuous_update")) {
      clearTimeout(timer);
      timer = setTimeout(push, 60);
    }
  });
  input.addEventListener("change", () => { clearTimeout(timer); push(); });
  draw();
  model.on("change", draw);
  el.appendChild(box);
  return bcOnFocus(model, () => input);
}
export default { render };
