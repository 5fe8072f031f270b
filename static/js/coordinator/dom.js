// The coordinator map's helpers on top of the app's one DOM helper and one API client.
import {request} from "../api.js";
import {el} from "../dom.js";

/** A JSON API call with the page's CSRF token; a failed call rejects with the server's message. */
export function apiClient(csrfToken, failedLabel) {
  return async function call(method, url, body) {
    try {
      return (await request(url, {method, body, auth: {csrf: csrfToken}})).body || {};
    } catch (error) {
      const fromServer = error.status && error.code !== "http";
      throw new Error(fromServer ? error.message : `${failedLabel}${error.status ? ` (${error.status})` : ""}`);
    }
  };
}

/** A select of the active pairs, by name. */
export function teamSelect(teams, label) {
  const select = el("select", {className: "team-select"});
  select.setAttribute("aria-label", label);
  Object.values(teams).sort((a, b) => a.name.localeCompare(b.name) || a.id - b.id)
    .forEach((t) => { const o = el("option", null, t.name); o.value = t.id; select.appendChild(o); });
  return select;
}

const COLOURS = {};

/** A vocabulary colour (outreach/vocab.py), from the page head's custom properties; read once each. */
export function vocabColour(key, slug) {
  const name = "--" + key + "-" + slug;
  if (!(name in COLOURS)) {
    COLOURS[name] = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  }
  return COLOURS[name];
}
