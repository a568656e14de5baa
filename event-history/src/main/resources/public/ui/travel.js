// Time travel: a namespace (or kind, selector...) as it was at a moment, objects deleted since
// marked; with "compare to", the objects added, removed and changed between the two moments.

import { getJson } from "./api.js";
import { block, el, objectLink, objectName, replace, time, typeBadge } from "./dom.js";
import { filterForm, filterValues } from "./filters.js";
import { go } from "./route.js";
import { toYaml } from "./yaml.js";

const FIELDS = [
  { name: "cluster", label: "Cluster", placeholder: "prod" },
  { name: "namespace", label: "Namespace", placeholder: "shop" },
  { name: "kind", label: "Kind", placeholder: "Deployment" },
  { name: "name", label: "Name", placeholder: "web-*" },
  { name: "labelSelector", label: "Labels", placeholder: "app=web" },
  { name: "at", label: "At", placeholder: "now-1h", size: 22 },
  { name: "to", label: "Compare to", placeholder: "now (optional)", size: 22 },
];
const PAGE = 100;

export function render(root, route) {
  const params = route.params;
  const filters = filterValues(params, FIELDS.filter((f) => f.name !== "at" && f.name !== "to"));
  const at = params.get("at") || "now-1h";
  const to = params.get("to");
  const offset = Math.max(0, Number(params.get("offset")) || 0);
  const controller = new AbortController();

  const picker = el("input", { type: "datetime-local", "aria-label": "Pick a moment", step: 1 });
  const form = filterForm(params, (values) => go("travel", values), { fields: FIELDS, extra: [picker], id: "travel-filters" });
  picker.addEventListener("change", () => {
    const date = new Date(picker.value);
    if (!Number.isNaN(date.getTime())) form.elements.namedItem("at").value = date.toISOString();
  });
  const status = el("p", { class: "muted", id: "travel-status" }, "loading");
  const results = el("div", { id: "travel-results" });
  replace(root, el("h1", {}, "Time travel"), form, status, results);

  const fail = (error) => {
    if (error.name !== "AbortError") status.textContent = "failed: " + error.message;
  };
  if (to) compare(filters, at, to, status, results, controller.signal).catch(fail);
  else snapshot(filters, at, offset, status, results, controller.signal).catch(fail);
  return () => controller.abort();
}

async function snapshot(filters, at, offset, status, results, signal) {
  const [page, since] = await Promise.all([
    getJson("snapshot", { ...filters, at, objects: true, offset, limit: PAGE }, signal),
    getJson("snapshot/compare", { ...filters, from: at, to: "now", limit: 1000 }, signal),
  ]);
  const deleted = new Set(since.removed.map((e) => e.uid));
  status.textContent = `${page.total} objects at ${new Date(page.at).toLocaleString()}` +
    (page.total > page.objects.length ? `, ${offset + 1}-${offset + page.objects.length} shown` : "");
  const list = el("div", { class: "snapshot", id: "travel-objects" });
  for (const item of page.objects) {
    const gone = deleted.has(item.event.uid);
    list.append(
      el(
        "details",
        { class: gone ? "object deleted-since" : "object", "data-uid": item.event.uid },
        el(
          "summary",
          {},
          objectName(item.event),
          gone ? el("span", { class: "badge deleted" }, "deleted since") : null,
          " · last change ",
          time(item.event.observedAt),
        ),
        el(
          "p",
          {},
          el("a", { href: "#/change/" + item.event.ref }, "its last change (" + item.event.ref + ")"),
          " · ",
          objectLink(item.event),
        ),
        el("pre", { class: "yaml" }, block(item.object ? toYaml(item.object) : "(not in the topic)")),
      ),
    );
  }
  replace(results, list);
  if (page.nextOffset != null) {
    results.append(el("button", { type: "button", on: { click: () => go("travel", { ...filters, at, offset: page.nextOffset }) } }, "Next objects"));
  }
}

async function compare(filters, at, to, status, results, signal) {
  const diff = await getJson("snapshot/compare", { ...filters, from: at, to, limit: 1000 }, signal);
  status.textContent =
    `From ${new Date(diff.from).toLocaleString()} to ${new Date(diff.to).toLocaleString()}: ` +
    `${diff.added.length} added, ${diff.removed.length} removed, ${diff.changed.length} changed` +
    (diff.truncated ? " (lists cut at 1,000)" : "");
  const section = (title, id, events) =>
    el(
      "section",
      { id },
      el("h2", {}, title, ` (${events.length})`),
      el("ul", {}, events.map((e) => el("li", {}, typeBadge(e.type), " ", objectLink(e), " ", time(e.observedAt)))),
    );
  replace(
    results,
    section("Added", "travel-added", diff.added),
    section("Removed", "travel-removed", diff.removed),
    section("Changed", "travel-changed", diff.changed),
  );
}
