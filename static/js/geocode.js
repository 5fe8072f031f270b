// The one place search (coordinator map and staging picker): the offline gazetteer through GET /api/v1/geocode.
import {request} from "./api.js";
import {el} from "./dom.js";

/** Fill `list` with a button per place found for `query` (at most 8); `pick(hit)` runs on a click. */
export async function showPlaces(list, query, pick, text, api = "/api/v1") {
  list.textContent = "";
  if (!query) { return; }
  let hits;
  try {
    hits = (await request(`${api}/geocode?q=${encodeURIComponent(query)}`)).body || [];
  } catch (unavailable) {
    list.append(el("li", null, text.unavailable));
    return;
  }
  if (!hits.length) { list.append(el("li", null, text.none)); }
  hits.slice(0, 8).forEach((hit) => {
    const go = el("button", {type: "button"}, hit.name + (hit.kind ? ` (${hit.kind})` : ""));
    go.addEventListener("click", () => pick(hit));
    list.append(el("li", null, [go]));
  });
}
