// Server-Sent Events over fetch rather than EventSource, so that the bearer token travels in the
// Authorization header (EventSource cannot send headers, and a token in the URL would end up in
// logs and history). Reconnects with Last-Event-ID after a drop, as EventSource does.

import { authHeaders } from "./api.js";

const RETRY_MILLIS = 2000;

/**
 * Opens url and calls onEvent(type, data, id) per event and onState(text) on (re)connection;
 * returns a function that closes the stream.
 */
export function openStream(url, { onEvent, onState, lastEventId = null }) {
  let closed = false;
  let lastId = lastEventId;
  let controller = null;

  async function readOnce() {
    controller = new AbortController();
    const headers = { Accept: "text/event-stream", ...authHeaders() };
    if (lastId) headers["Last-Event-ID"] = lastId;
    const response = await fetch(url, { headers, cache: "no-store", signal: controller.signal });
    if (!response.ok) {
      if (response.status === 401) window.dispatchEvent(new CustomEvent("kew:token"));
      throw new Error(`${response.status} ${response.statusText}`);
    }
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    let pending = { type: "message", id: null, data: [] };
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer = (buffer + value).replace(/\r\n?/g, "\n");
      let end;
      while ((end = buffer.indexOf("\n")) >= 0) {
        pending = line(buffer.slice(0, end), pending);
        buffer = buffer.slice(end + 1);
      }
    }
  }

  /** Takes one line of the stream; a blank line dispatches the event collected so far. */
  function line(text, pending) {
    if (text === "") {
      if (pending.data.length > 0) {
        if (pending.id) lastId = pending.id;
        onEvent(pending.type, pending.data.join("\n"), pending.id);
      }
      return { type: "message", id: null, data: [] };
    }
    if (text.startsWith(":")) {
      if (text.slice(1).trim() === "connected") onState("live");
      return pending;
    }
    const colon = text.indexOf(":");
    const field = colon < 0 ? text : text.slice(0, colon);
    const value = colon < 0 ? "" : text.slice(colon + 1).replace(/^ /, "");
    if (field === "event") pending.type = value;
    else if (field === "data") pending.data.push(value);
    else if (field === "id") pending.id = value;
    return pending;
  }

  (async () => {
    while (!closed) {
      try {
        await readOnce();
        if (!closed) onState("reconnecting");
      } catch (error) {
        if (closed) return;
        onState("reconnecting (" + error.message + ")");
      }
      await new Promise((resolve) => setTimeout(resolve, RETRY_MILLIS));
    }
  })();

  return () => {
    closed = true;
    if (controller) controller.abort();
  };
}
