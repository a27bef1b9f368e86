function render({ model, el }) {
  bcStyle();
  const multiple = model.get("_multiple");
  const fieldset = document.createElement("fieldset");
  fieldset.className = "bc-control bc-group " + (multiple ? "bc-multiple" : "bc-single");
  const legend = document.createElement("legend");
  legend.id = bcId("legend");
  fieldset.appendChild(legend);
  if (!multiple) { fieldset.setAttribute("role", "radiogroup"); }
  fieldset.setAttribute("aria-labelledby", legend.id);
  const list = document.createElement("div");
  list.className = "bc-options";
  fieldset.appendChild(list);
  const name = bcId("group");
  let inputs = [];
  function chosen() {
    return inputs.filter((i) => i.checked).map((i) => i.value);
  }
  function draw() {
    bcLegend(model, legend);
    list.replaceChildren();
    inputs = [];
    for (const [key, text] of model.get("options")) {
      const label = document.createElement("label");
      label.className = "bc-option";
      const input = document.createElement("input");
      input.type = multiple ? "checkbox" : "radio";
      input.name = name;
      input.value = key;
      const span = document.createElement("span");
      span.textContent = text;
      label.append(input, span);
      list.appendChild(label);
      input.addEventListener("change", () => {
        const keys = chosen();
        model.set("value", multiple ? keys : (keys.length ? keys[0] : null));
        model.save_changes();
      });
      inputs.push(input);
    }
    sync();
  }
  function sync() {
    const v = model.get("value");
    const want = multiple ? (v || []) : (v === null || v === undefined ? [] : [v]);
    for (const i of inputs) {
      i.checked = want.includes(i.value);
      i.disabled = model.get("disabled");
    }
    fieldset.classList.toggle("bc-disabled", model.get("disabled"));
  }
  draw();
  model.on("change:options", draw);
  model.on("change:label", () => bcLegend(model, legend));
  model.on("change:label_html", () => bcLegend(model, legend));
  model.on("change:value", sync);
  model.on("change:disabled", sync);
  el.appendChild(fieldset);
  return bcOnFocus(model, () => inputs.find((i) => i.checked) || inputs[0]);
}
export default { render };
