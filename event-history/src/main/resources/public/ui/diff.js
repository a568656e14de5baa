// The rows of a side-by-side diff (path, old, new) from an event's JSON Patch, or, when it has
// none, from comparing the states before and after.

const MAX_ROWS = 500;

/** Rows {path, old, new, hasOld, hasNew} of what changed from before to after. */
export function diffRows(patch, before, after) {
  if (Array.isArray(patch) && patch.length > 0) return fromPatch(patch, before);
  if (before && after) return fromStates(before, after);
  return [];
}

function fromPatch(patch, before) {
  return patch.slice(0, MAX_ROWS).map((op) => {
    const path = pointerToPath(String(op.path || ""));
    const hasOld = "fromValue" in op || (op.op !== "add" && has(before, op.path));
    const old = "fromValue" in op ? op.fromValue : lookup(before, op.path);
    const hasNew = op.op !== "remove";
    return { path, old: hasOld ? old : undefined, new: hasNew ? op.value : undefined, hasOld, hasNew };
  });
}

function fromStates(before, after) {
  const left = flatten(before);
  const right = flatten(after);
  const rows = [];
  for (const path of new Set([...left.keys(), ...right.keys()])) {
    const a = left.get(path);
    const b = right.get(path);
    if (JSON.stringify(a) !== JSON.stringify(b)) {
      rows.push({ path, old: a, new: b, hasOld: left.has(path), hasNew: right.has(path) });
    }
    if (rows.length >= MAX_ROWS) break;
  }
  return rows;
}

/** path -> scalar (or empty container) of every leaf of value. */
function flatten(value, prefix = "", out = new Map(), depth = 0) {
  if (value !== null && typeof value === "object" && Object.keys(value).length > 0 && depth < 64) {
    for (const [key, item] of Object.entries(value)) {
      flatten(item, prefix ? `${prefix}.${key}` : key, out, depth + 1);
    }
  } else {
    out.set(prefix, value);
  }
  return out;
}

function segments(pointer) {
  return pointer
    .split("/")
    .slice(1)
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/** "/spec/template/spec/containers/0/image" as "spec.template.spec.containers.0.image". */
export function pointerToPath(pointer) {
  return segments(pointer).join(".");
}

function has(value, pointer) {
  return lookup(value, pointer, undefined) !== undefined;
}

function lookup(value, pointer) {
  let node = value;
  for (const segment of segments(String(pointer || ""))) {
    if (node === null || typeof node !== "object" || !(segment in node)) return undefined;
    node = node[segment];
  }
  return node;
}
