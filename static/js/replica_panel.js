// The dashboard's replica panel (a copy of the database on a USB stick or another laptop). The server
// renders it, escaped, at /coordinator/dashboard/replica; fetched again every few seconds, so a pulled
// stick or a stopped Litestream shows on an open dashboard without a reload.
const REFRESH_MS = 10000;

/** Replace the panel's content with the server's current one, every REFRESH_MS, when it has changed. */
export function keepFresh(section) {
  let shown = null;
  async function refresh() {
    try {
      const answer = await fetch(section.dataset.url, {credentials: "same-origin"});
      const html = answer.ok ? await answer.text() : null;
      // Only a change is drawn: the panel is a live region, and a screen reader reads out each redraw.
      if (html !== null && html !== shown) {
        section.innerHTML = html;
        shown = html;
      }
    } catch {
      // No connection: the care board above says so; the panel keeps its last state until the next try.
    }
    setTimeout(refresh, REFRESH_MS);
  }
  setTimeout(refresh, REFRESH_MS);
}

const panel = document.getElementById("replica");
if (panel) { keepFresh(panel); }
