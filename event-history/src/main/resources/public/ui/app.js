// The history UI: routes the URL hash to a view, asks for a bearer token when the API wants one,
// and shows what the index holds.

import { getJson, setToken, token } from "./api.js";
import * as change from "./change.js";
import * as live from "./live.js";
import * as object from "./object.js";
import { currentRoute } from "./route.js";
import * as timeline from "./timeline.js";
import * as travel from "./travel.js";

const VIEWS = { live, timeline, change, object, travel };
const root = document.getElementById("view");
const tokenForm = document.getElementById("token-form");
let dispose = () => {};

function show() {
  dispose();
  const route = currentRoute();
  const view = VIEWS[route.view] || live;
  for (const link of document.querySelectorAll("nav a[data-view]")) {
    link.classList.toggle("active", link.dataset.view === route.view);
  }
  try {
    dispose = view.render(root, route) || (() => {});
  } catch (error) {
    root.textContent = "This view failed: " + error.message;
    dispose = () => {};
  }
  refreshStatus();
}

function refreshStatus() {
  const status = document.getElementById("status");
  getJson("status")
    .then((s) => {
      status.textContent = `${s.events} events indexed${s.caughtUp ? "" : " (catching up)"} · topic ${s.topic}`;
    })
    .catch(() => {
      status.textContent = "";
    });
}

window.addEventListener("kew:token", () => {
  tokenForm.hidden = false;
  document.getElementById("token-input").focus();
});
document.getElementById("token-button").addEventListener("click", () => {
  tokenForm.hidden = !tokenForm.hidden;
});
tokenForm.addEventListener("submit", (event) => {
  event.preventDefault();
  const input = document.getElementById("token-input");
  setToken(input.value.trim());
  input.value = "";
  tokenForm.hidden = true;
  show();
});
if (token()) document.getElementById("token-button").textContent = "Token (set)";

window.addEventListener("hashchange", show);
show();
