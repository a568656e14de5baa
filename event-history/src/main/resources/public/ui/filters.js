// The filter form shared by the live view and the timeline: the same filters as /api/v1/events,
// read from and written to the URL.

import { el } from "./dom.js";

export const EVENT_FILTERS = [
  { name: "cluster", label: "Cluster", placeholder: "prod" },
  { name: "kind", label: "Kind", placeholder: "Deployment,StatefulSet" },
  { name: "namespace", label: "Namespace", placeholder: "shop" },
  { name: "name", label: "Name", placeholder: "web-*" },
  { name: "type", label: "Type", placeholder: "MODIFIED,DELETED" },
  { name: "labelSelector", label: "Labels", placeholder: "app=web,tier!=cache" },
  { name: "path", label: "Changed path", placeholder: "spec.replicas" },
];

/** The filter values present in params. */
export function filterValues(params, fields = EVENT_FILTERS) {
  const values = {};
  for (const field of fields) {
    const value = params.get(field.name);
    if (value) values[field.name] = value;
  }
  return values;
}

/**
 * A form of fields (plus extra elements) filled from params; onApply gets the values entered,
 * on submit.
 */
export function filterForm(params, onApply, { fields = EVENT_FILTERS, extra = [], id } = {}) {
  const inputs = fields.map((field) =>
    el("input", {
      name: field.name,
      value: params.get(field.name) || "",
      placeholder: field.placeholder,
      "aria-label": field.label,
      size: field.size || 14,
      maxlength: 1024,
    }),
  );
  const form = el(
    "form",
    { class: "filters", id },
    fields.map((field, i) => el("label", {}, field.label, inputs[i])),
    extra,
    el("button", { type: "submit" }, "Apply"),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const values = {};
    for (const input of form.querySelectorAll("input[name]")) {
      if (input.value.trim()) values[input.name] = input.value.trim();
    }
    onApply(values);
  });
  return form;
}
