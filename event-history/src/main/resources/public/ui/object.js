// An object's page: its changes newest first (by uid, or every incarnation of kind/namespace/name),
// each linking to its change page, paged with the API's cursor; and its state now as YAML.

import { getJson } from "./api.js";
import { block, el, objectName, replace } from "./dom.js";
import { eventRows, eventTable } from "./events.js";
import { toYaml } from "./yaml.js";

const PAGE = 100;
const OBJECT_FIELDS = ["uid", "kind", "namespace", "name", "cluster", "from", "to"];

export function render(root, route) {
  const params = {};
  for (const name of OBJECT_FIELDS) if (route.params.get(name)) params[name] = route.params.get(name);
  const controller = new AbortController();
  const title = el("h1", {}, "Object");
  const status = el("p", { class: "muted", id: "object-status" }, "loading");
  const table = eventTable("object-events");
  const more = el("button", { type: "button", id: "object-more", hidden: true }, "Older changes");
  const state = el("pre", { class: "yaml", id: "object-yaml" });
  replace(root, title, status, table, more, el("h2", {}, "Latest state"), state);

  let cursor = null;
  async function page() {
    const answer = await getJson("history", { ...params, cursor, limit: PAGE }, controller.signal);
    if (cursor === null && answer.events.length > 0) replace(title, objectName(answer.events[0]));
    table.tBodies[0].append(eventRows(answer.events));
    cursor = answer.nextCursor;
    more.hidden = !cursor;
    status.textContent = `${table.tBodies[0].rows.length} changes shown` + (cursor ? " (more older)" : "");
  }
  more.addEventListener("click", () => page().catch(fail));
  function fail(error) {
    if (error.name !== "AbortError") status.textContent = "failed: " + error.message;
  }
  page().catch(fail);
  getJson("state", { uid: params.uid, kind: params.kind, namespace: params.namespace, name: params.name, cluster: params.cluster }, controller.signal)
    .then((answer) => {
      const note = answer.exists ? "" : "# deleted; its last state:\n";
      replace(state, block(note + toYaml(answer.object)));
    })
    .catch((error) => replace(state, block("(" + error.message + ")")));
  return () => controller.abort();
}
