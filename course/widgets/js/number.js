function render({ model, el }) {
  bcStyle();
  const box = document.createElement("div");
  box.className = "bc-control bc-field" + (model.get("_multiline") ? " bc-textarea" : " bc-number");
  const label = document.createElement("label");
  label.id = bcId("label");
  const input = document.createElement(model.get("_multiline") ? "textarea" : "input");
  input.id = bcId("input");
  label.htmlFor = input.id;
  if (model.get("_multiline")) {
    input.rows = model.get("rows");
  } else {
    input.type = "text";
    input.inputMode = "decimal";
    input.autocomplete = "off";
  }
  const row = document.createElement("div");
  row.className = "bc-field-row";
  row.appendChild(input);
  const unit = document.createElement("span");
  unit.className = "bc-unit";
  unit.id = bcId("unit");
  function draw() {
    label.textContent = model.get("label");
    unit.textContent = model.get("unit") || "";
    unit.hidden = !model.get("unit");
    input.setAttribute("aria-labelledby", model.get("unit") ? `${label.id} ${unit.id}` : label.id);
    input.placeholder = model.get("placeholder") || "";
    if (input.value !== model.get("value")) { input.value = model.get("value"); }
    input.disabled = model.get("disabled");
  }
  row.appendChild(unit);
  box.append(label, row);
  const push = () => { model.set("value", input.value); model.save_changes(); };
  input.addEventListener("input", () => { if (model.get("continuous_update")) push(); });
  input.addEventListener("change", push);
  draw();
  model.on("change", draw);
  el.appendChild(box);
  return bcOnFocus(model, () => input);
}
export default { render };
