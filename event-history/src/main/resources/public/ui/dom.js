// Building DOM from data without ever parsing it as HTML: text goes through textContent,
// attributes through setAttribute, and control characters are shown as escapes.

const MAX_TEXT = 2000;

/** The text shown for a value from the API: control characters escaped, length bounded. */
export function visible(value, max = MAX_TEXT) {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (text.length > max) text = text.slice(0, max) + "\u2026";
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => {
    if (c === "\n") return "\\n";
    if (c === "\t") return "\\t";
    return "\\x" + c.charCodeAt(0).toString(16).padStart(2, "0");
  });
}

/**
 * An element: attrs are set with setAttribute (event handlers only as functions under "on"),
 * children are nodes or values rendered as text.
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "on") {
      for (const [type, handler] of Object.entries(value)) node.addEventListener(type, handler);
    } else {
      node.setAttribute(name, value === true ? "" : visible(value));
    }
  }
  append(node, children);
  return node;
}

/** An SVG element with attributes (numbers and classes only; text through textContent). */
export function svg(tag, attrs = {}, text) {
  const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = visible(text, 200);
  return node;
}

export function append(node, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(visible(child)));
  }
  return node;
}

/** Replaces the children of node. */
export function replace(node, ...children) {
  node.replaceChildren();
  return append(node, children);
}

// One formatter for every time shown: Date.toLocaleString builds a new one per call, which made
// a thousand rows slow.
const TIME_FORMAT = new Intl.DateTimeFormat(undefined, { dateStyle: "short", timeStyle: "medium" });

/** A time from the API in the reader's locale, with its ISO form as a tooltip. */
export function time(iso) {
  if (!iso) return el("span", { class: "muted" }, "unknown");
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return el("span", {}, iso);
  const node = document.createElement("time");
  node.setAttribute("datetime", visible(iso, 64));
  node.setAttribute("title", visible(iso, 64));
  node.textContent = TIME_FORMAT.format(date);
  return node;
}

/** "kind namespace/name" of an event. */
export function objectName(event) {
  return `${event.kind} ${event.namespace ? event.namespace + "/" : ""}${event.name}`;
}

/** A link to an object's page. */
export function objectLink(event) {
  const params = new URLSearchParams({ uid: event.uid || "" });
  return el("a", { href: "#/object?" + params, class: "object" }, objectName(event));
}

export function typeBadge(type) {
  return el("span", { class: "type type-" + visible(type).toLowerCase() }, type);
}

/** Multi-line text kept as is (for pre blocks whose content is already escaped), bounded. */
export function block(text, max = 500_000) {
  const value = String(text);
  return document.createTextNode(value.length > max ? value.slice(0, max) + "\n\u2026 (cut)" : value);
}
