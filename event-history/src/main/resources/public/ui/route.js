// The URL hash is the state of every view, so a reload or a shared link shows the same thing:
// #/live?kind=Deployment&namespace=shop, #/timeline?from=...&to=..., #/change/3-48213,
// #/object?uid=..., #/travel?namespace=shop&at=now-1h&to=now.

/** The current route: its view, the path argument after it, and the query parameters. */
export function currentRoute() {
  const hash = location.hash.replace(/^#\/?/, "");
  const [path, query = ""] = splitOnce(hash, "?");
  const [view, arg = ""] = splitOnce(path, "/");
  return { view: view || "live", arg: decodeURIComponent(arg), params: new URLSearchParams(query) };
}

/** Goes to view with params (empty values dropped); a new history entry unless replace. */
export function go(view, params = {}, { replace = false } = {}) {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && String(value).trim() !== "") {
      query.set(name, String(value).trim());
    }
  }
  const text = query.toString();
  const hash = "#/" + view + (text ? "?" + text : "");
  if (hash === location.hash) window.dispatchEvent(new HashChangeEvent("hashchange"));
  else if (replace) history.replaceState(null, "", hash);
  else location.hash = hash;
}

/** The parameters as a plain object. */
export function paramsObject(params) {
  return Object.fromEntries(params.entries());
}

function splitOnce(text, separator) {
  const at = text.indexOf(separator);
  return at < 0 ? [text] : [text.slice(0, at), text.slice(at + 1)];
}
