// A table of events, built row by row with DOM calls (never innerHTML), fast enough for thousands.

import { el, objectLink, time, typeBadge, visible } from "./dom.js";

/** "manager (operation, subresource)" of each field manager, or "unknown". */
export function changedByText(changedBy) {
  if (!Array.isArray(changedBy) || changedBy.length === 0) return "unknown";
  return changedBy
    .map((m) => {
      const details = [m.operation, m.subresource].filter(Boolean).join(", ");
      return (m.manager || "unknown") + (details ? ` (${details})` : "");
    })
    .join("; ");
}

/** One event as a table row, linking to its change page and its object's page. */
export function eventRow(event) {
  return el(
    "tr",
    { "data-ref": event.ref, class: "event" },
    el("td", {}, time(event.observedAt)),
    el("td", {}, typeBadge(event.type)),
    el("td", {}, event.cluster),
    el("td", {}, objectLink(event)),
    el("td", { class: "summary" }, visible(event.summary, 300)),
    el("td", {}, changedByText(event.changedBy)),
    el("td", {}, el("a", { href: "#/change/" + event.ref, class: "change-link" }, event.ref)),
  );
}

/** An empty events table; rows go in its tbody. */
export function eventTable(id) {
  return el(
    "table",
    { class: "events", id },
    el(
      "thead",
      {},
      el(
        "tr",
        {},
        ["Observed", "Type", "Cluster", "Object", "Change", "Changed by", "Ref"].map((h) =>
          el("th", {}, h),
        ),
      ),
    ),
    el("tbody"),
  );
}

/** Rows for events, in a DocumentFragment to insert at once. */
export function eventRows(events) {
  const fragment = document.createDocumentFragment();
  for (const event of events) fragment.append(eventRow(event));
  return fragment;
}
