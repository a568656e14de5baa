// The live view: the newest events first (from /events), then each new one from the stream on top,
// with the same filters; pause keeps new events in a buffer and shows how many.

import { apiUrl, getJson } from "./api.js";
import { el, replace } from "./dom.js";
import { eventRows, eventTable } from "./events.js";
import { filterForm, filterValues } from "./filters.js";
import { go } from "./route.js";
import { openStream } from "./sse.js";

const DEFAULT_LIMIT = 200;
const MAX_ROWS = 5000;

export function render(root, route) {
  const params = route.params;
  const filters = filterValues(params);
  const limit = Math.min(1000, Math.max(1, Number(params.get("limit")) || DEFAULT_LIMIT));
  let paused = false;
  let buffer = [];
  let close = () => {};

  const state = el("span", { id: "live-state", class: "muted" }, "loading");
  const count = el("span", { id: "live-buffered", class: "muted" });
  const pause = el("button", { type: "button", id: "live-pause" }, "Pause");
  const table = eventTable("live-events");
  const body = table.tBodies[0];

  pause.addEventListener("click", () => {
    paused = !paused;
    pause.textContent = paused ? "Resume" : "Pause";
    if (!paused) flush();
    showBuffered();
  });

  function showBuffered() {
    count.textContent = paused ? `${buffer.length} new while paused` : "";
  }

  function flush() {
    if (buffer.length === 0) return;
    body.prepend(eventRows(buffer.reverse()));
    buffer = [];
    while (body.rows.length > MAX_ROWS) body.lastElementChild.remove();
  }

  function arrived(event) {
    buffer.push(event);
    if (paused) showBuffered();
    else flush();
  }

  replace(
    root,
    el("h1", {}, "Live"),
    filterForm(params, (values) => go("live", { ...values, limit: params.get("limit") }), {
      id: "live-filters",
    }),
    el("p", { class: "toolbar" }, pause, " ", state, " ", count),
    table,
  );

  (async () => {
    const asked = performance.now();
    const page = await getJson("events", { ...filters, limit });
    const answered = performance.now();
    body.replaceChildren(eventRows(page.events));
    table.setAttribute("data-fetch-ms", String(Math.round(answered - asked)));
    table.setAttribute("data-render-ms", String(Math.round(performance.now() - answered)));
    const newest = page.events.length > 0 ? page.events[0].ref : null;
    close = openStream(apiUrl("stream", filters), {
      lastEventId: newest,
      onState: (text) => {
        state.textContent = text;
      },
      onEvent: (type, data) => {
        if (type === "change") arrived(JSON.parse(data));
        else if (type === "error") state.textContent = "stream refused: " + safeError(data);
        else if (type === "reset") state.textContent = "resumed from now: " + safeError(data);
      },
    });
  })().catch((error) => {
    state.textContent = "failed: " + error.message;
    throw error;
  });

  return () => close();
}

function safeError(data) {
  try {
    const parsed = JSON.parse(data);
    return String(parsed.error || parsed.reason || data);
  } catch (ignored) {
    return data;
  }
}
