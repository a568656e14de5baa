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
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer = (buffer + value).replace(/\r\n?/g, "\n");
      let end;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        dispatch(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
      }
    }
  }

  function dispatch(block) {
    let type = "message";
    let id = null;
    const data = [];
    for (const line of block.split("\n")) {
      if (line.startsWith(":")) {
        if (line.slice(1).trim() === "connected") onState("live");
        continue;
      }
      const colon = line.indexOf(":");
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
      if (field === "event") type = value;
      else if (field === "data") data.push(value);
      else if (field === "id") id = value;
    }
    if (data.length === 0) return;
    if (id) lastId = id;
    onEvent(type, data.join("\n"), id);
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
