// Calls to the history API: JSON answers, errors as messages, the optional bearer token kept in
// sessionStorage (this tab only) and sent as Authorization: Bearer.

const TOKEN_KEY = "kew.history.token";

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export function token() {
  return sessionStorage.getItem(TOKEN_KEY) || "";
}

export function setToken(value) {
  if (value) sessionStorage.setItem(TOKEN_KEY, value);
  else sessionStorage.removeItem(TOKEN_KEY);
}

export function authHeaders() {
  const value = token();
  return value ? { Authorization: "Bearer " + value } : {};
}

/** The URL of an API path with parameters; empty and null values are left out. */
export function apiUrl(path, params = {}) {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    for (const one of [].concat(value)) {
      if (one !== undefined && one !== null && String(one).trim() !== "") query.append(name, one);
    }
  }
  const text = query.toString();
  return "/api/v1/" + path + (text ? "?" + text : "");
}

/** GETs a JSON answer; throws ApiError with the server's message (401 also fires "kew:token"). */
export async function getJson(path, params = {}, signal) {
  const response = await fetch(apiUrl(path, params), {
    headers: { Accept: "application/json", ...authHeaders() },
    cache: "no-store",
    signal,
  });
  if (!response.ok) {
    let message = `${response.status} ${response.statusText}`;
    try {
      message = (await response.json()).error || message;
    } catch (ignored) {
      // not JSON: keep the status line
    }
    if (response.status === 401) window.dispatchEvent(new CustomEvent("kew:token"));
    throw new ApiError(response.status, message);
  }
  return response.json();
}
