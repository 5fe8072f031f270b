// The search box: a place or a block by name, through the one place search (geocode.js).
import {el} from "../dom.js";
import {showPlaces} from "../geocode.js";
import {showBlock} from "./popup.js";

/** Go to a hit: a block opens its popup, a place centres the map on it. */
function goTo(ctx, hit) {
  const layer = hit.block_id && ctx.state.layers[hit.block_id];
  if (layer) {
    showBlock(ctx, layer);
  } else {
    ctx.map.setView([hit.lat, hit.lon], 16);
  }
}

/** Add the search control to the map. */
export function addSearch(ctx) {
  const {T, options} = ctx;
  const control = L.control({position: "topright"});
  control.onAdd = () => {
    const box = el("div", {className: "map-search"}), results = el("ul", {className: "results"});
    const input = el("input", {type: "search", placeholder: T.search});
    input.setAttribute("aria-label", T.search);
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.disableScrollPropagation(box);
    input.addEventListener("keydown", (e) => {
      if (e.key !== "Enter") { return; }
      e.preventDefault();
      showPlaces(results, input.value.trim(), (hit) => goTo(ctx, hit),
                 {none: T.no_match, unavailable: T.search_unavailable}, options.api);
    });
    box.append(input, results);
    return box;
  };
  control.addTo(ctx.map);
}
