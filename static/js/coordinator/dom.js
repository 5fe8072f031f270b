// Small DOM and API helpers for the coordinator map. User strings only ever become text nodes.

/** An element with optional text (as textContent, never HTML) and class. */
export function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) { node.textContent = String(text); }
  if (className) { node.className = className; }
  return node;
}

/** A JSON API client bound to a CSRF token; a failed call rejects with the server's message. */
export function apiClient(csrfToken, failedLabel) {
  return function call(method, url, body) {
    return fetch(url, {method, credentials: "same-origin",
                       headers: {"Content-Type": "application/json", "X-CSRFToken": csrfToken},
                       body: body === undefined ? undefined : JSON.stringify(body)})
      .then((r) => r.json().catch(() => ({})).then((json) => {
        if (!r.ok) { throw new Error((json.error && json.error.message) || (failedLabel + " (" + r.status + ")")); }
        return json;
      }));
  };
}

/** A select of the active pairs, by name. */
export function teamSelect(teams, label) {
  const select = el("select", null, "team-select");
  select.setAttribute("aria-label", label);
  Object.values(teams).sort((a, b) => a.name.localeCompare(b.name) || a.id - b.id)
    .forEach((t) => { const o = el("option", t.name); o.value = t.id; select.appendChild(o); });
  return select;
}
