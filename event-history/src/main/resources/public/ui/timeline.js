// The timeline: one row per object, a mark per change coloured by type, over [from, to], with the
// histogram of changes per minute above; drag across either to zoom, or use the +/- buttons.
// Clicking a mark opens the change.

import { getJson } from "./api.js";
import { el, objectName, replace, svg } from "./dom.js";
import { EVENT_FILTERS, filterForm, filterValues } from "./filters.js";
import { go } from "./route.js";

const TIME_FIELDS = [
  { name: "from", label: "From", placeholder: "now-1h", size: 22 },
  { name: "to", label: "To", placeholder: "now", size: 22 },
];
const LABEL_WIDTH = 280;
const ROW_HEIGHT = 20;
const HISTOGRAM_HEIGHT = 80;
const ROWS_PER_PAGE = 100;
const TICKS = 4;
const TICK_FORMAT = new Intl.DateTimeFormat(undefined, {
  month: "short",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
});

export function render(root, route) {
  const params = route.params;
  const filters = filterValues(params);
  const range = { from: params.get("from") || "now-1h", to: params.get("to") || "now" };
  const rows = Math.min(500, Math.max(1, Number(params.get("rows")) || ROWS_PER_PAGE));
  const rowOffset = Math.max(0, Number(params.get("rowOffset")) || 0);
  const controller = new AbortController();

  const summary = el("p", { id: "timeline-summary", class: "muted" }, "loading");
  const chart = el("div", { class: "timeline", id: "timeline" });
  replace(
    root,
    el("h1", {}, "Timeline"),
    filterForm(params, (values) => go("timeline", values), {
      fields: [...EVENT_FILTERS, ...TIME_FIELDS],
      id: "timeline-filters",
    }),
    el(
      "p",
      { class: "toolbar" },
      el("button", { type: "button", id: "zoom-in", on: { click: () => zoom(0.5) } }, "+"),
      el("button", { type: "button", id: "zoom-out", on: { click: () => zoom(2) } }, "\u2212"),
      el("button", { type: "button", on: { click: () => go("timeline", { ...filters, from: "now-1h", to: "now" }) } }, "Last hour"),
      " drag across the chart to zoom to a range",
      el(
        "span",
        { class: "legend", id: "timeline-legend" },
        ...["ADDED", "MODIFIED", "DELETED"].flatMap((type) => [
          " ",
          el("span", { class: `badge type-${type.toLowerCase()}` }, type),
        ]),
      ),
    ),
    summary,
    chart,
  );

  let answered = null;
  function zoom(factor) {
    if (!answered) return;
    const from = Date.parse(answered.from);
    const to = Date.parse(answered.to);
    const middle = (from + to) / 2;
    const half = Math.max(1000, ((to - from) * factor) / 2);
    goRange(middle - half, middle + half);
  }
  function goRange(from, to) {
    go("timeline", { ...filters, from: new Date(from).toISOString(), to: new Date(to).toISOString() });
  }

  const query = { ...filters, from: range.from, to: range.to };
  Promise.all([
    getJson("timeline", { ...query, rows, rowOffset }, controller.signal),
    getJson("histogram", { ...query, bucket: bucketFor(range) }, controller.signal).catch(() =>
      getJson("histogram", query, controller.signal),
    ),
  ])
    .then(([timeline, histogram]) => {
      answered = timeline;
      const width = Math.max(700, chart.clientWidth || 1000);
      const scale = timeScale(Date.parse(timeline.from), Date.parse(timeline.to), LABEL_WIDTH, width - 10);
      summary.textContent =
        `${timeline.totalRows} objects changed from ${new Date(timeline.from).toLocaleString()}` +
        ` to ${new Date(timeline.to).toLocaleString()}` +
        (timeline.totalRows > timeline.rows.length ? `, rows ${rowOffset + 1}-${rowOffset + timeline.rows.length}` : "");
      replace(
        chart,
        zoomable(histogramChart(histogram, scale, width), scale, goRange),
        zoomable(rowsChart(timeline.rows, scale, width), scale, goRange),
        timeline.nextRowOffset != null
          ? el(
              "button",
              {
                type: "button",
                id: "timeline-more",
                on: { click: () => go("timeline", { ...filters, ...range, rows, rowOffset: timeline.nextRowOffset }) },
              },
              "Next rows",
            )
          : null,
      );
    })
    .catch((error) => {
      if (error.name !== "AbortError") summary.textContent = "failed: " + error.message;
    });

  return () => controller.abort();
}

/** Buckets of a minute, unless the range would need more than the API's 2,000. */
function bucketFor(range) {
  const from = Date.parse(range.from);
  const to = range.to === "now" ? Date.now() : Date.parse(range.to);
  if (Number.isNaN(from) || Number.isNaN(to)) return "1m";
  return (to - from) / 60000 <= 2000 ? "1m" : undefined;
}

function timeScale(from, to, left, right) {
  const span = Math.max(1, to - from);
  const x = (t) => left + ((t - from) / span) * (right - left);
  x.time = (px) => from + ((px - left) / (right - left)) * span;
  x.left = left;
  x.right = right;
  return x;
}

function histogramChart(histogram, x, width) {
  const chart = svg("svg", { width, height: HISTOGRAM_HEIGHT + 16, class: "histogram", id: "histogram" });
  const buckets = histogram.buckets || [];
  const total = (b) => (b.counts.ADDED || 0) + (b.counts.MODIFIED || 0) + (b.counts.DELETED || 0);
  const max = Math.max(1, ...buckets.map(total));
  chart.append(svg("text", { x: 4, y: 14, class: "axis" }, `changes per ${histogram.bucketSeconds}s (max ${max})`));
  for (const bucket of buckets) {
    const start = Date.parse(bucket.start);
    const left = x(start);
    const barWidth = Math.max(1, x(start + histogram.bucketSeconds * 1000) - left - 1);
    let base = HISTOGRAM_HEIGHT;
    for (const type of ["ADDED", "MODIFIED", "DELETED"]) {
      const count = bucket.counts[type] || 0;
      if (count === 0) continue;
      const height = (count / max) * (HISTOGRAM_HEIGHT - 20);
      base -= height;
      const bar = svg("rect", { x: left, y: base, width: barWidth, height, class: "bar " + type.toLowerCase() });
      bar.append(svg("title", {}, `${bucket.start}: ${count} ${type}`));
      chart.append(bar);
    }
  }
  chart.append(svg("line", { x1: x.left, x2: x.right, y1: HISTOGRAM_HEIGHT, y2: HISTOGRAM_HEIGHT, class: "axis-line" }));
  for (let i = 0; i <= TICKS; i++) {
    const at = x.left + ((x.right - x.left) * i) / TICKS;
    const anchor = i === 0 ? "start" : i === TICKS ? "end" : "middle";
    chart.append(svg("text", { x: at, y: HISTOGRAM_HEIGHT + 13, "text-anchor": anchor, class: "axis" }, TICK_FORMAT.format(new Date(x.time(at)))));
  }
  return chart;
}

function rowsChart(rows, x, width) {
  const height = Math.max(ROW_HEIGHT, rows.length * ROW_HEIGHT) + 4;
  const chart = svg("svg", { width, height, class: "rows", id: "timeline-rows" });
  rows.forEach((row, i) => {
    const y = i * ROW_HEIGHT;
    const group = svg("g", { class: "row", "data-uid": row.object.uid || "", "data-changes": row.changes });
    group.append(svg("rect", { x: 0, y, width, height: ROW_HEIGHT, class: i % 2 ? "stripe odd" : "stripe" }));
    const label = svg("a", { href: "#/object?" + new URLSearchParams({ uid: row.object.uid || "" }) });
    label.append(svg("text", { x: 4, y: y + 14, class: "label" }, `${objectName(row.object)} (${row.changes})`));
    group.append(label);
    for (const mark of row.marks) {
      const at = x(Date.parse(mark.time));
      const link = svg("a", { href: "#/change/" + encodeURIComponent(mark.ref), class: "mark-link" });
      const shape = svg("rect", {
        x: at - 3,
        y: y + 3,
        width: 6,
        height: ROW_HEIGHT - 6,
        class: "mark " + String(mark.type).toLowerCase(),
        "data-ref": mark.ref,
      });
      shape.append(svg("title", {}, `${mark.type} ${mark.time}`));
      link.append(shape);
      group.append(link);
    }
    chart.append(group);
  });
  return chart;
}

/** Lets the user drag across chart to choose a range, then calls onRange(fromMillis, toMillis). */
function zoomable(chart, x, onRange) {
  let start = null;
  const band = svg("rect", { x: 0, y: 0, width: 0, height: "100%", class: "selection", visibility: "hidden" });
  chart.append(band);
  const position = (event) => event.clientX - chart.getBoundingClientRect().left;
  chart.addEventListener("mousedown", (event) => {
    if (position(event) < x.left || event.target.closest("a")) return;
    start = position(event);
    event.preventDefault();
  });
  chart.addEventListener("mousemove", (event) => {
    if (start === null) return;
    const now = position(event);
    band.setAttribute("x", String(Math.min(start, now)));
    band.setAttribute("width", String(Math.abs(now - start)));
    band.setAttribute("visibility", "visible");
  });
  chart.addEventListener("mouseup", (event) => {
    if (start === null) return;
    const end = position(event);
    const [a, b] = [Math.min(start, end), Math.max(start, end)];
    start = null;
    band.setAttribute("visibility", "hidden");
    if (b - a >= 5) onRange(x.time(Math.max(a, x.left)), x.time(Math.min(b, x.right)));
  });
  return chart;
}
