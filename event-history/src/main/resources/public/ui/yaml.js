// A small YAML emitter for JSON values (block style, as kubectl prints): strings that could be
// read as something else, or hold special characters, are written as JSON strings, which YAML
// reads the same way.

const PLAIN = /^[A-Za-z0-9_./][A-Za-z0-9_./ :@+-]*$/;
const AMBIGUOUS = /^(true|false|yes|no|on|off|null|~|y|n|[-+]?(\.?[0-9][0-9_.eE+-]*|\.inf|\.nan))$/i;
const MAX_DEPTH = 100;

/** The YAML text of a JSON value. */
export function toYaml(value) {
  const lines = [];
  emit(value, 0, lines, null, 0);
  return lines.join("\n") + "\n";
}

function scalar(value) {
  if (value === null || value === undefined) return "null";
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  const text = String(value);
  if (text !== "" && PLAIN.test(text) && !AMBIGUOUS.test(text) && !/ $|: | #|:$/.test(text)) {
    return text;
  }
  return JSON.stringify(text).replace(/[\u007f-\u009f\u2028\u2029]/g, (c) => {
    return "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0");
  });
}

function isContainer(value) {
  return value !== null && typeof value === "object" && Object.keys(value).length > 0;
}

function emptyContainer(value) {
  return Array.isArray(value) ? "[]" : "{}";
}

function emit(value, indent, lines, prefix, depth) {
  const pad = " ".repeat(indent);
  const head = prefix === null ? pad : prefix;
  if (depth > MAX_DEPTH) {
    lines.push(head + '"(nested too deep)"');
    return;
  }
  if (!isContainer(value)) {
    lines.push(head + (value !== null && typeof value === "object" ? emptyContainer(value) : scalar(value)));
    return;
  }
  let first = true;
  if (Array.isArray(value)) {
    for (const item of value) {
      const itemHead = (first ? head : pad) + "- ";
      first = false;
      if (isContainer(item)) emit(item, indent + 2, lines, itemHead, depth + 1);
      else lines.push(itemHead + (item !== null && typeof item === "object" ? emptyContainer(item) : scalar(item)));
    }
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    const keyHead = (first ? head : pad) + scalar(key) + ":";
    first = false;
    if (isContainer(item)) {
      if (Array.isArray(item)) {
        lines.push(keyHead);
        emit(item, indent, lines, null, depth + 1);
      } else {
        lines.push(keyHead);
        emit(item, indent + 2, lines, null, depth + 1);
      }
    } else {
      lines.push(keyHead + " " + (item !== null && typeof item === "object" ? emptyContainer(item) : scalar(item)));
    }
  }
}
