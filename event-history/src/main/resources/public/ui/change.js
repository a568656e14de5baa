// A change's page (#/change/<partition>-<offset>, the link the chat sinks post): who changed the
// object, the side-by-side diff (old left, new right), and the object at that moment as YAML.

import { getJson } from "./api.js";
import { diffRows } from "./diff.js";
import { block, el, objectName, replace, time, typeBadge, visible } from "./dom.js";
import { toYaml } from "./yaml.js";

export function render(root, route) {
  const ref = route.arg;
  replace(root, el("h1", {}, "Change ", ref), el("p", { class: "muted" }, "loading"));
  if (!/^[0-9]+-[0-9]+$/.test(ref)) {
    replace(root, el("h1", {}, "Change"), el("p", { class: "error" }, "Not a change: ", ref));
    return () => {};
  }
  getJson("events/" + ref)
    .then((detail) => show(root, detail))
    .catch((error) =>
      replace(root, el("h1", {}, "Change ", ref), el("p", { class: "error" }, error.message)),
    );
  return () => {};
}

function show(root, detail) {
  const event = detail.event;
  const envelope = detail.envelope || {};
  const object = envelope.object || null;
  const objectParams = new URLSearchParams({ uid: event.uid || "" });
  const travelParams = new URLSearchParams({
    namespace: event.namespace || "",
    kind: event.kind || "",
    at: event.observedAt,
  });
  replace(
    root,
    el("h1", {}, typeBadge(event.type), " ", objectName(event)),
    el(
      "p",
      { class: "facts" },
      time(event.observedAt),
      ` · cluster ${visible(event.cluster)} · resourceVersion ${visible(event.resourceVersion)}`,
      ` · ref ${visible(event.ref)} · `,
      el("a", { href: "#/object?" + objectParams, id: "change-object" }, "object history"),
      " · ",
      el("a", { href: "#/travel?" + travelParams }, "namespace at this moment"),
      detail.previous
        ? [" · ", el("a", { href: "#/change/" + detail.previous.ref, id: "change-previous" }, "previous change")]
        : null,
    ),
    el("h2", {}, "Changed by"),
    changedByTable(envelope.changedBy || event.changedBy),
    el("h2", {}, "Diff"),
    diffTable(event, envelope, detail.before, object),
    el("h2", {}, event.type === "DELETED" ? "Last state" : "Object after the change"),
    el("pre", { class: "yaml", id: "change-yaml" }, block(object ? toYaml(object) : "(not in the topic)")),
  );
}

function changedByTable(changedBy) {
  const managers = Array.isArray(changedBy) ? changedBy : [];
  const rows =
    managers.length > 0
      ? managers.map((m) =>
          el(
            "tr",
            {},
            el("td", {}, m.manager || "unknown"),
            el("td", {}, m.operation || "unknown"),
            el("td", {}, m.subresource || "(main resource)"),
            el("td", {}, m.time ? time(m.time) : "unknown"),
          ),
        )
      : [el("tr", {}, el("td", { colspan: 4 }, "unknown"))];
  return el(
    "table",
    { id: "change-by", class: "grid" },
    el("thead", {}, el("tr", {}, ["Manager", "Operation", "Subresource", "Time"].map((h) => el("th", {}, h)))),
    el("tbody", {}, rows),
  );
}

function diffTable(event, envelope, before, object) {
  const rows = diffRows(envelope.patch, before, object);
  if (rows.length === 0) {
    const why =
      event.type === "ADDED"
        ? "Created: the whole object is new (below)."
        : event.type === "DELETED"
          ? "Deleted: its last state is below."
          : "No change recorded (a resync or an ignored path).";
    return el("p", { id: "change-diff", class: "muted" }, why);
  }
  return el(
    "table",
    { id: "change-diff", class: "grid diff" },
    el("thead", {}, el("tr", {}, el("th", {}, "Path"), el("th", {}, "Old"), el("th", {}, "New"))),
    el(
      "tbody",
      {},
      rows.map((row) =>
        el(
          "tr",
          {},
          el("td", { class: "path" }, row.path),
          el("td", { class: "old" }, row.hasOld ? value(row.old) : el("span", { class: "muted" }, "(absent)")),
          el("td", { class: "new" }, row.hasNew ? value(row.new) : el("span", { class: "muted" }, "(removed)")),
        ),
      ),
    ),
  );
}

function value(v) {
  return el("pre", {}, block(toYaml(v).replace(/\n$/, "")));
}
